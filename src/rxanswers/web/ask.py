"""The /ask page: a generated answer, clearly marked as not yet medically reviewed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from rxanswers.answers.pipeline import answer_question
from rxanswers.review.roles import is_editor
from rxanswers.review.selectors import review_status_for_question
from rxanswers.review.services import question_asked

MAX_QUESTION_LENGTH = 500


def numbered(result) -> tuple[list[dict], list[dict]]:
    """Sentences with footnote numbers, and the footnotes (one per distinct citation)."""
    numbers: dict[tuple, int] = {}
    notes: list[dict] = []
    sentences = []
    for sentence in result.answer.sentences if result.answer else []:
        refs = []
        for citation in sentence.citations:
            if citation.key not in numbers:
                numbers[citation.key] = len(numbers) + 1
                notes.append({"n": numbers[citation.key], "c": citation})
            refs.append(numbers[citation.key])
        sentences.append({"text": sentence.text, "refs": refs, "role": sentence.role})
    return sentences, notes


def related_tools(result) -> dict:
    """Links to the comparison page for "X vs Y" and to the interaction checker for "X with Y"."""
    from urllib.parse import urlencode

    from rxanswers.answers.compare import canonical_path

    slugs = [d.slug for d in result.drugs if d.slug and d.kind == "drug"]
    out: dict = {}
    if result.intent == "comparison" and len(slugs) >= 2:
        out["compare_url"] = canonical_path(slugs[:4])
    if result.intent == "interaction" and len(result.drugs) >= 2:
        out["checker_url"] = "/interactions/?" + urlencode(
            {"drugs": ", ".join(d.name for d in result.drugs[:10])}
        )
    return out


def reviewed_lead(review: dict) -> dict | None:
    """The first sentences of the matching reviewed answer, shown before the generated one."""
    if review.get("status") != "published":
        return None
    from rxanswers.review.selectors import question_get

    question = question_get(review["url"].rstrip("/").rsplit("/", 1)[-1])
    revision = question.published_revision if question else None
    if revision is None:
        return None
    return {
        "question": question,
        "sentences": [s["text"] for s in revision.sentences[:3]],
        "more": len(revision.sentences) > 3,
    }


@require_safe
def ask(request: HttpRequest) -> HttpResponse:
    question = " ".join(request.GET.get("q", "").split())
    context: dict = {"question": question, "max_length": MAX_QUESTION_LENGTH}
    status = 200
    if "q" in request.GET:
        if not question:
            context["problem"] = "Type a question about a medicine."
            status = 400
        elif len(question) > MAX_QUESTION_LENGTH:
            context["problem"] = f"Questions can be at most {MAX_QUESTION_LENGTH} characters long."
            status = 400
        else:
            result = answer_question(question)
            result.review = review_status_for_question(question, [d.slug for d in result.drugs])
            context["result"] = result
            context["may_create_question"] = is_editor(request.user)
            context["sentences"], context["footnotes"] = numbered(result)
            context.update(related_tools(result))
            context["reviewed"] = reviewed_lead(result.review)
            if context["reviewed"] is not None:  # counted for the home page's most asked reviewed answers
                question_asked(question=context["reviewed"]["question"])
    return render(request, "answers/ask.html", context, status=status)
