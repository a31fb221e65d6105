"""The editorial workflow end to end through the web forms: revisions, audit records, reference index."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from rxanswers.labels.models import LabelVersion
from rxanswers.review import services
from rxanswers.review.models import AnswerRevision, AuditRecord, Question, ReferenceIndex, ReviewTask

pytestmark = pytest.mark.django_db

QUESTION = "What are the side effects of metformin?"
STATEMENT = "Tell your pharmacist about every medicine you take."


def _form(question: Question, rows: list[dict], note: str = "") -> dict:
    """POST data of the edit form: one row per sentence, citations as indexes into the citation pool."""
    from rxanswers.review.selectors import citation_pool

    pool = citation_pool(question)
    keys = [
        (c["source"], c.get("set_id"), c.get("version_id"), c.get("section"), c.get("record")) for c in pool
    ]
    data = {"count": str(len(rows)), "note": note}
    for i, row in enumerate(rows):
        data[f"s{i}-text"] = row["text"]
        data[f"s{i}-role"] = row.get("role", "answer")
        data[f"s{i}-cite"] = [
            str(
                keys.index(
                    (c["source"], c.get("set_id"), c.get("version_id"), c.get("section"), c.get("record"))
                )
            )
            for c in row.get("citations", [])
        ]
        if row.get("link"):
            data[f"s{i}-link"] = row["link"]
        if row.get("statement"):
            data[f"s{i}-statement"] = "1"
    return data


def _actions(question: Question) -> list[str]:
    return list(AuditRecord.objects.filter(question=question).order_by("pk").values_list("action", flat=True))


def test_full_workflow_with_revisions_audit_and_reference_index(client, editor, reviewer):
    # An editor previews the generated answer and creates the question from it.
    client.force_login(editor)
    preview = client.get("/review/new/", {"q": QUESTION})
    assert preview.status_code == 200 and "not yet medically reviewed" in preview.content.decode()
    response = client.post("/review/new/", {"question": QUESTION})
    question = Question.objects.get(text=QUESTION)
    assert response.status_code == 302 and response.url == f"/review/questions/{question.slug}/"
    assert question.slug == "what-are-the-side-effects-of-metformin"
    assert question.status == "draft" and question.intent == "side_effects"
    assert [d.name for d in question.drugs.all()] == ["metformin"]
    rev1 = question.revisions.get(number=1)
    assert rev1.sentences and all(s["citations"] for s in rev1.sentences)
    assert rev1.sentences[0]["citations"][0]["source"] == "fda_label"

    # Not public yet.
    public = client.get(f"/questions/{question.slug}/")
    assert public.status_code == 404 and "not been medically reviewed" in public.content.decode()

    # A hand-written sentence without a source is refused; nothing is stored.
    rows = [dict(s) for s in rev1.sentences] + [{"text": "Metformin cures diabetes."}]
    response = client.post(f"/review/questions/{question.slug}/revise/", _form(question, rows))
    assert response.status_code == 400 and "has no source" in response.content.decode()
    assert question.revisions.count() == 1

    # The editor drops the last sentence and adds a reviewer statement: revision 2.
    rows = [dict(s) for s in rev1.sentences[:-1]] + [{"text": STATEMENT, "statement": True}]
    response = client.post(f"/review/questions/{question.slug}/revise/", _form(question, rows, "shorter"))
    assert response.status_code == 302
    rev2 = question.revisions.get(number=2)
    assert rev2.author == editor and rev2.note == "shorter"
    assert rev2.sentences[-1] == {"text": STATEMENT, "citations": [], "role": "reviewer_statement"}

    # Submit: in review, with a "new draft" task in the queue.
    assert client.post(f"/review/questions/{question.slug}/submit/").status_code == 302
    question.refresh_from_db()
    assert question.status == "in_review"
    task = ReviewTask.objects.get(question=question, done_at__isnull=True)
    assert task.reason == "new_draft"
    client.force_login(reviewer)
    queue = client.get("/review/").content.decode()
    assert QUESTION in queue and "New draft" in queue

    # The reviewer cites a second label section for the statement by pasting a section link: revision 3.
    version = LabelVersion.objects.get(pk=rev2.sentences[0]["citations"][0]["version_id"])
    link = f"http://testserver/labels/{version.label.set_id}/v/{version.pk}/#section-warnings-and-cautions"
    if not version.sections.filter(key="warnings_and_cautions").exists():
        key = version.sections.exclude(key="adverse_reactions").values_list("key", flat=True).first()
        link = f"/labels/{version.label.set_id}/v/{version.pk}/#section-{key.replace('_', '-')}"
    rows = [dict(s) for s in rev2.sentences]
    rows[-1] = {"text": STATEMENT, "link": link}
    response = client.post(f"/review/questions/{question.slug}/revise/", _form(question, rows, "cite it"))
    assert response.status_code == 302
    rev3 = question.revisions.get(number=3)
    assert rev3.sentences[-1]["role"] == "answer"
    cited = rev3.sentences[-1]["citations"][0]
    assert cited["version_id"] == version.pk and cited["url"].startswith(f"/labels/{version.label.set_id}/v/")

    # Back to the reviewer statement (revision 4), then approve and publish.
    rows[-1] = {"text": STATEMENT, "statement": True}
    client.post(f"/review/questions/{question.slug}/revise/", _form(question, rows, "my own words"))
    assert client.post(f"/review/questions/{question.slug}/publish/", {"note": "checked"}).status_code == 302
    question.refresh_from_db()
    rev4 = question.revisions.get(number=4)
    assert question.status == "published" and question.published_revision == rev4
    assert question.reviewed_by == reviewer and question.reviewed_at and question.last_updated
    assert not ReviewTask.objects.filter(question=question, done_at__isnull=True).exists()

    # The reference index holds exactly the label citations of the published revision.
    expected = {
        (i, c["set_id"], c["version_id"], c["section"])
        for i, s in enumerate(rev4.sentences)
        for c in s["citations"]
        if c["source"] == "fda_label"
    }
    rows_ = set(
        ReferenceIndex.objects.filter(question=question).values_list(
            "sentence_index", "set_id", "label_version_id", "section_key"
        )
    )
    assert rows_ == expected and expected
    assert set(ReferenceIndex.objects.filter(question=question).values_list("revision", flat=True)) == {
        rev4.pk
    }

    # The public page: reviewer stamp, official answer, footnotes to the exact label version, statement marked.
    html = client.get(f"/questions/{question.slug}/").content.decode()
    assert f'<h1 id="question-title">{QUESTION}</h1>' in html
    assert re.search(
        r'Medically reviewed by <a href="/reviewers/#reviewer-\d+">Ada Tester, PharmD</a>\. '
        r"Last updated on <time[^>]*>\w+ \d+, \d{4}</time>\.",
        html,
    )
    assert (
        "Official answer" in html and f'href="/labels/{version.label.set_id}/v/{version.pk}/#section-' in html
    )
    assert STATEMENT in html and "reviewer's statement</span>" in html
    assert 'href="/drugs/metformin/"' in html
    for heading in (
        "Related questions",
        "Related medical questions",
        "Drug information",
        "Related support groups",
    ):
        assert f">{heading}</h2>" in html

    # Restore revision 1: a new revision 5 with revision 1's text; readers still see revision 4.
    response = client.post(f"/review/questions/{question.slug}/restore/", {"number": "1"})
    assert response.status_code == 302
    rev5 = question.revisions.get(number=5)
    assert rev5.sentences == rev1.sentences and rev5.restored_from == rev1
    question.refresh_from_db()
    assert question.status == "in_review" and question.published_revision == rev4
    assert STATEMENT in client.get(f"/questions/{question.slug}/").content.decode()

    # Workflow page: history with diffs, restore buttons, audit log.
    page = client.get(f"/review/questions/{question.slug}/").content.decode()
    assert "Revision history" in page and "Restore revision 1" in page and "<del>" in page and "<ins>" in page
    assert "Audit log" in page and "Ada Tester, PharmD" in page

    # Rejecting the pending change keeps the published answer; unpublishing takes it down.
    client.post(f"/review/questions/{question.slug}/reject/", {"reason": "keep the reviewed text"})
    question.refresh_from_db()
    assert question.status == "published" and question.published_revision == rev4
    response = client.post(f"/review/questions/{question.slug}/unpublish/", {"reason": ""})
    assert response.status_code == 400  # a reason is required
    client.post(f"/review/questions/{question.slug}/unpublish/", {"reason": "withdrawn for the test"})
    question.refresh_from_db()
    assert question.status == "draft" and question.published_revision is None
    assert not ReferenceIndex.objects.filter(question=question).exists()
    assert client.get(f"/questions/{question.slug}/").status_code == 404

    assert _actions(question) == [
        "create",
        "revise",
        "submit",
        "revise",
        "revise",
        "publish",
        "restore",
        "reject",
        "unpublish",
    ]
    records = AuditRecord.objects.filter(question=question).order_by("pk")
    assert [r.actor for r in records[:3]] == [editor] * 3 and {r.actor for r in records[3:]} == {reviewer}
    assert records.get(action="unpublish").reason == "withdrawn for the test"
    assert records.get(action="publish").revision == rev4


def test_revisions_and_audit_records_are_immutable(editor):
    question = services.question_create_from_answer(question_text=QUESTION, user=editor)
    revision = question.revisions.get()
    revision.note = "changed"
    with pytest.raises(ValidationError):
        revision.save()
    with pytest.raises(ValidationError):
        revision.delete()
    record = AuditRecord.objects.filter(question=question).get()
    with pytest.raises(ValidationError):
        record.save()
    assert AnswerRevision.objects.get(pk=revision.pk).note != "changed"


def test_citations_are_rebuilt_from_the_database(editor):
    question = services.question_create_from_answer(question_text=QUESTION, user=editor)
    citation = dict(question.revisions.get().sentences[0]["citations"][0])
    forged = dict(citation, url="https://evil.example/", effective_date="1999-01-01")
    revision = services.answer_revise(
        question=question, user=editor, sentences=[{"text": "A sentence.", "citations": [forged]}]
    )
    assert revision.sentences[0]["citations"][0] == citation
    with pytest.raises(ValidationError, match="no section"):
        services.answer_revise(
            question=question,
            user=editor,
            sentences=[
                {"text": "B.", "citations": [dict(citation, section="no_such_section", section_id=None)]}
            ],
        )
    with pytest.raises(ValidationError, match="does not exist"):
        services.answer_revise(
            question=question,
            user=editor,
            sentences=[{"text": "C.", "citations": [dict(citation, version_id=10**9)]}],
        )
    with pytest.raises(ValidationError, match="unknown source"):
        services.answer_revise(
            question=question, user=editor, sentences=[{"text": "D.", "citations": [{"source": "my_blog"}]}]
        )


def test_slugs_are_readable_stable_and_unique(editor):
    text = "How does Besponsa work to treat acute lymphoblastic leukemia?"
    first = services.question_create_from_answer(question_text=text, user=editor)
    second = services.question_create_from_answer(question_text=text, user=editor)
    assert first.slug == "how-does-besponsa-work-to-treat-acute-lymphoblastic-leukemia"
    assert second.slug == first.slug + "-2"
    long = services.question_create_from_answer(question_text="what is metformin " * 20, user=editor)
    assert len(long.slug) <= 100 and not long.slug.endswith("-")


def test_empty_answer_cannot_be_submitted_or_published(editor, reviewer):
    question = services.question_create_from_answer(question_text="what does zzqxv do", user=editor)
    assert question.revisions.get().sentences == []
    with pytest.raises(ValidationError, match="empty"):
        services.question_submit(question=question, user=editor)
    with pytest.raises(ValidationError, match="empty"):
        services.answer_publish(question=question, user=reviewer)


def test_an_answer_saying_part_of_the_label_is_not_loaded_can_be_drafted(editor):
    """A "coverage" sentence ("Only part of the gabapentin label is loaded here ...") is a composer role the
    review store accepts, cited to the label version it checked."""
    question = services.question_create_from_answer(
        question_text="how long is gabapentin good at room temperature", user=editor
    )
    first = question.revisions.get().sentences[0]
    assert first["role"] == "coverage" and first["citations"]
