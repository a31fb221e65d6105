"""Question pages (public) and the review workflow pages (editors and medical reviewers).

Thin adapters: reads come from ``review.selectors``, writes go through ``review.services`` (which check roles
again and write the audit log). Every form posts with a CSRF token; every write needs login and a role.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import condition, require_POST, require_safe

from rxanswers.review import forms, roles, selectors, services
from rxanswers.review.jsonld import question_jsonld
from rxanswers.review.models import Question, ReviewTask

MAX_QUESTION_LENGTH = services.MAX_QUESTION_CHARS


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "review/forbidden.html", {"message": message}, status=403)


def role_required(check, what: str):
    """Login first (redirect to the login page), then the role (403 page)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                return _forbidden(request, f"This page is for {what}.")
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied as exc:
                return _forbidden(request, str(exc) or f"This action is for {what}.")

        return never_cache(wrapper)

    return decorator


workflow_access = role_required(roles.can_view_workflow, "editors and medical reviewers")
editor_access = role_required(roles.is_editor, "editors and medical reviewers")


# --- public question page -------------------------------------------------------------------------------


def _public_question(slug: str) -> Question | None:
    question = selectors.question_get(slug)
    return question if question is not None and question.is_public else None


def _etag(request: HttpRequest, slug: str) -> str | None:
    question = _public_question(slug)
    return selectors.question_etag(question) if question else None


def _last_modified(request: HttpRequest, slug: str):
    question = _public_question(slug)
    return selectors.question_last_modified(question) if question else None


@require_safe
@cache_control(public=True, max_age=0, must_revalidate=True)  # revalidate each time: cheap 304s via ETag
@condition(etag_func=_etag, last_modified_func=_last_modified)
def question_page(request: HttpRequest, slug: str) -> HttpResponse:
    question = selectors.question_get(slug)
    page = selectors.question_public(question) if question else None
    if page is None:
        context = {"question": question, "slug": slug}
        return render(request, "review/question_unpublished.html", context, status=404)
    url = request.build_absolute_uri(question.get_absolute_url())
    site_url = request.build_absolute_uri("/").rstrip("/")
    jsonld = selectors.jsonld_dumps(question_jsonld(page, url=url, site_url=site_url))
    return render(
        request, "review/question.html", {"page": page, "q": question, "canonical": url, "jsonld": jsonld}
    )


# --- review queue ---------------------------------------------------------------------------------------


@require_safe
@workflow_access
def queue(request: HttpRequest) -> HttpResponse:
    context = {
        "items": selectors.review_queue(),
        "drafts": selectors.questions_by_status(Question.Status.DRAFT)[:100],
        "rejected": selectors.questions_by_status(Question.Status.REJECTED)[:100],
        "published": selectors.public_questions().order_by("text")[:200],
        "is_reviewer": roles.is_reviewer(request.user),
        "is_editor": roles.is_editor(request.user),
    }
    return render(request, "review/queue.html", context)


# --- new question from an /ask answer -------------------------------------------------------------------


@editor_access
def new_question(request: HttpRequest) -> HttpResponse:
    from rxanswers.answers.pipeline import answer_question

    if request.method == "POST":
        text = " ".join(request.POST.get("question", "").split())
        try:
            question = services.question_create_from_answer(question_text=text, user=request.user)
        except ValidationError as exc:
            return render(
                request,
                "review/new.html",
                {"question": text, "problem": " ".join(exc.messages), "max_length": MAX_QUESTION_LENGTH},
                status=400,
            )
        messages.success(request, "Draft created as revision 1 from the generated answer.")
        return redirect("review:workflow", slug=question.slug)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    text = " ".join(request.GET.get("q", "").split())[: MAX_QUESTION_LENGTH + 1]
    context: dict = {"question": text, "max_length": MAX_QUESTION_LENGTH}
    if text and len(text) <= MAX_QUESTION_LENGTH:
        result = answer_question(text)
        context["result"] = result
        context["sentences"], context["footnotes"] = selectors.numbered(
            [s.to_dict() for s in result.answer.sentences] if result.answer else []
        )
        context["existing"] = Question.objects.filter(text__iexact=text).first()
    elif text:
        context["problem"] = f"Questions can be at most {MAX_QUESTION_LENGTH} characters long."
    return render(request, "review/new.html", context)


# --- workflow page --------------------------------------------------------------------------------------


def _workflow_context(request: HttpRequest, question: Question, rows=None) -> dict:
    latest = question.revisions.order_by("-number").first()
    pool = selectors.citation_pool(question)
    user = request.user
    sentences, footnotes = selectors.numbered(latest.sentences if latest else [])
    may_edit = services.user_may_edit(user, question)
    return {
        "q": question,
        "latest": latest,
        "sentences": sentences,
        "footnotes": footnotes,
        "pool": pool,
        "rows": rows
        if rows is not None
        else forms.rows_from_sentences(latest.sentences if latest else [], pool),
        "history": selectors.revision_history(question),
        "audit": selectors.audit_log(question),
        "tasks": question.tasks.filter(done_at__isnull=True).order_by("created_at"),
        "task_why": {t.pk: selectors.task_why(t) for t in question.tasks.all()},
        "label_changes": selectors.label_change_views(question),
        "is_reviewer": roles.is_reviewer(user),
        "is_editor": roles.is_editor(user),
        "may_edit": may_edit,
        "may_submit": roles.is_editor(user)
        and question.status in (Question.Status.DRAFT, Question.Status.REJECTED),
        "may_publish": roles.is_reviewer(user)
        and question.status
        in (Question.Status.DRAFT, Question.Status.IN_REVIEW, Question.Status.NEEDS_REREVIEW),
        "may_unpublish": roles.is_reviewer(user) and question.is_public,
        "statuses": Question.Status,
        "reasons": ReviewTask.Reason,
    }


@require_safe
@workflow_access
def workflow(request: HttpRequest, slug: str) -> HttpResponse:
    question = get_object_or_404(Question, slug=slug)
    return render(request, "review/workflow.html", _workflow_context(request, question))


ACTIONS = {"submit", "revise", "publish", "reject", "unpublish", "restore", "regenerate"}


@require_POST
@editor_access
def action(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    if name not in ACTIONS:
        raise Http404("no such action")
    question = get_object_or_404(Question, slug=slug)
    user, post = request.user, request.POST
    note = post.get("note", "").strip()
    rows = None
    try:
        if name == "submit":
            services.question_submit(question=question, user=user, note=note)
            done = "Submitted for medical review."
        elif name == "revise":
            rows = forms.rows_from_post(post)
            sentences = forms.sentences_from_rows(rows, selectors.citation_pool(question))
            revision = services.answer_revise(question=question, user=user, sentences=sentences, note=note)
            done = f"Saved as revision {revision.number}."
        elif name == "publish":
            question = services.answer_publish(question=question, user=user, note=note)
            done = "Approved and published."
        elif name == "reject":
            services.answer_reject(question=question, user=user, reason=post.get("reason", ""))
            done = "Rejected."
        elif name == "unpublish":
            services.answer_unpublish(question=question, user=user, reason=post.get("reason", ""))
            done = "Unpublished: the question page no longer shows this answer."
        elif name == "restore":
            number = int(post.get("number", "0") or 0)
            revision = services.revision_restore(question=question, user=user, number=number, note=note)
            done = f"Revision {number} restored as revision {revision.number}."
        else:
            revision = services.answer_regenerate(question=question, user=user, note=note)
            done = f"Regenerated from the current labeling as revision {revision.number}."
    except (ValidationError, ValueError) as exc:
        problem = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        question.refresh_from_db()
        context = _workflow_context(request, question, rows=rows if name == "revise" else None)
        context["problem"] = problem
        return render(request, "review/workflow.html", context, status=400)
    messages.success(request, done)
    target = post.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(reverse("review:workflow", kwargs={"slug": question.slug}))
