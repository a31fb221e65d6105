"""Re-review: a new version of a cited label flags exactly the answers citing it; answers come due by age."""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from rxanswers.labels.models import Label, LabelVersion
from rxanswers.pipeline import ingest_path
from rxanswers.review import services
from rxanswers.review.models import AuditRecord, ReferenceIndex, ReviewTask

pytestmark = pytest.mark.django_db

ADDED = "Lactic acidosis was reported in a new postmarketing study added for the re-review test."


def _cited_sets(question) -> set[str]:
    return set(ReferenceIndex.objects.filter(question=question).values_list("set_id", flat=True))


def write_new_version(tmp_path, label: Label, *, section: str, days: int = 30) -> tuple[str, object]:
    """An openFDA bulk file holding the next version of a real bundled label, with ``section`` changed."""
    current = label.current_version
    effective = (current.effective_date or timezone.now().date()) + timedelta(days=days)
    record: dict = {
        "set_id": label.set_id,
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"rereview-{label.set_id}-{days}")),
        "version": str((current.version or 0) + 1),
        "effective_time": effective.strftime("%Y%m%d"),
        "openfda": {
            "brand_name": current.brand_names,
            "generic_name": current.generic_names,
            "substance_name": current.substance_names,
            "manufacturer_name": [current.manufacturer] if current.manufacturer else [],
            "product_type": [current.product_type] if current.product_type else [],
        },
    }
    for s in current.sections.order_by("order", "id"):
        record.setdefault(s.key, []).append(s.text)
    record[section] = [*record[section], ADDED]
    path = tmp_path / f"drug-label-{label.pk}-{days}.json"
    path.write_text(json.dumps({"meta": {"results": {"total": 1}}, "results": [record]}))
    return str(path), effective


@pytest.fixture
def published(publish):
    side_effects = publish("What are the side effects of metformin?")
    uses = publish("What is metformin used for?")
    other = publish("How should I take lisinopril?")
    return side_effects, uses, other


def test_label_update_flags_exactly_the_answers_citing_it(
    client, reviewer, published, tmp_path, django_capture_on_commit_callbacks
):
    side_effects, uses, other = published
    [set_id] = {c["set_id"] for s in side_effects.published_revision.sentences for c in s["citations"]}
    label = Label.objects.get(set_id=set_id)
    assert set_id not in _cited_sets(other) and _cited_sets(other)
    expected = {q.pk for q in published if set_id in _cited_sets(q)}
    old_version_id = label.current_version_id

    path, effective = write_new_version(tmp_path, label, section="adverse_reactions")
    with django_capture_on_commit_callbacks(execute=True):
        [summary] = ingest_path(path, reader="openfda_json")
    assert summary.created == 1
    label.refresh_from_db()
    new_version_id = label.current_version_id
    assert new_version_id != old_version_id

    tasks = ReviewTask.objects.filter(reason="label_change", done_at__isnull=True)
    assert {t.question_id for t in tasks} == expected
    for q in published:
        q.refresh_from_db()
        assert q.status == ("needs_rereview" if q.pk in expected else "published"), q.text
    assert other.status == "published" and not other.tasks.filter(reason="label_change").exists()
    task = tasks.get(question=side_effects)
    assert task.details["old_version_id"] == old_version_id
    assert task.details["new_version_id"] == new_version_id
    assert task.details["set_id"] == set_id and "adverse_reactions" in task.details["cited_sections"]
    assert AuditRecord.objects.filter(question=side_effects, action="flag_label_change", actor=None).exists()

    # The public page keeps the reviewed text and says the label changed.
    html = client.get(f"/questions/{side_effects.slug}/").content.decode()
    notice = f"The FDA label for metformin was updated on {effective:%B} {effective.day}, {effective.year}; this answer is being re-reviewed."
    assert notice in re.sub(r"<[^>]+>", "", html)
    assert escape(side_effects.published_revision.sentences[0]["text"]) in html
    assert "being re-reviewed" not in client.get(f"/questions/{other.slug}/").content.decode()

    # The queue says why; the task page shows the diff of the cited section between the two versions.
    client.force_login(reviewer)
    queue = client.get("/review/").content.decode()
    assert (
        "Label changed" in queue and side_effects.text in queue and other.text not in queue.split("Drafts")[0]
    )
    page = client.get(f"/review/questions/{side_effects.slug}/").content.decode()
    assert "Label change: metformin" in page
    assert any(ADDED in inserted for inserted in re.findall(r"<ins>(.*?)</ins>", page, re.S))
    assert "Re-approve and publish" in page

    # Ingesting the same file again flags nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        ingest_path(path, reader="openfda_json", force=True)
    assert ReviewTask.objects.filter(reason="label_change").count() == len(expected)

    # Re-approval clears the notice and closes the task; the audit log says so.
    assert (
        client.post(f"/review/questions/{side_effects.slug}/publish/", {"note": "diff checked"}).status_code
        == 302
    )
    side_effects.refresh_from_db()
    assert side_effects.status == "published"
    assert not side_effects.tasks.filter(done_at__isnull=True).exists()
    assert "being re-reviewed" not in client.get(f"/questions/{side_effects.slug}/").content.decode()
    record = AuditRecord.objects.filter(question=side_effects).latest("pk")
    assert (record.action, record.actor, record.reason) == ("reapprove", reviewer, "diff checked")

    # A second update of the label flags it again (a new task, new version ids).
    path2, _ = write_new_version(tmp_path, label, section="adverse_reactions", days=60)
    with django_capture_on_commit_callbacks(execute=True):
        ingest_path(path2, reader="openfda_json")
    side_effects.refresh_from_db()
    assert side_effects.status == "needs_rereview"
    assert side_effects.tasks.filter(done_at__isnull=True, details__old_version_id=new_version_id).exists()


def test_unpublished_answers_are_not_flagged(editor, reviewer, tmp_path, django_capture_on_commit_callbacks):
    draft = services.question_create_from_answer(
        question_text="What are the side effects of metformin?", user=editor
    )
    set_id = draft.revisions.get().sentences[0]["citations"][0]["set_id"]
    path, _ = write_new_version(tmp_path, Label.objects.get(set_id=set_id), section="adverse_reactions")
    with django_capture_on_commit_callbacks(execute=True):
        ingest_path(path, reader="openfda_json")
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.tasks.exists()


def test_backstop_flags_answers_when_the_signal_was_missed(published, tmp_path):
    side_effects, _, other = published
    set_id = next(iter(_cited_sets(side_effects)))
    path, _ = write_new_version(tmp_path, Label.objects.get(set_id=set_id), section="adverse_reactions")
    ingest_path(path, reader="openfda_json")  # on_commit callbacks never run inside the test transaction
    side_effects.refresh_from_db()
    assert side_effects.status == "published"
    tasks = services.questions_flag_outdated_citations()
    assert side_effects.pk in {t.question_id for t in tasks} and other.pk not in {
        t.question_id for t in tasks
    }
    assert services.questions_flag_outdated_citations() == []  # idempotent


def test_stale_answers_come_due_by_age(publish, settings, client, reviewer):
    old = publish("What are the side effects of metformin?")
    recent = publish("How should I take lisinopril?")
    type(old).objects.filter(pk=old.pk).update(reviewed_at=timezone.now() - timedelta(days=400))
    tasks = services.questions_flag_stale()
    assert [t.question_id for t in tasks] == [old.pk]
    assert tasks[0].reason == "age" and tasks[0].details["max_age_days"] == 365
    old.refresh_from_db()
    assert old.status == "needs_rereview" and old.is_public
    assert services.questions_flag_stale() == []  # one open task per question
    assert (
        "being re-reviewed" not in client.get(f"/questions/{old.slug}/").content.decode()
    )  # not a label change

    settings.RXANSWERS_REVIEW_MAX_AGE_DAYS = 0
    assert [
        t.question_id for t in services.questions_flag_stale(now=timezone.now() + timedelta(seconds=1))
    ] == [recent.pk]
    client.force_login(reviewer)
    queue = client.get("/review/").content.decode()
    assert queue.index(old.text) < queue.index(recent.text)  # oldest first
    assert "Due for review by age" in queue
    assert LabelVersion.objects.exists()


def test_review_due_command(publish):
    from io import StringIO

    from django.core.management import call_command

    old = publish("What are the side effects of metformin?")
    type(old).objects.filter(pk=old.pk).update(reviewed_at=timezone.now() - timedelta(days=800))
    out = StringIO()
    call_command("review_due", stdout=out)
    assert out.getvalue().strip() == "flagged 1 by age, 0 for label changes"
    old.refresh_from_db()
    assert old.status == "needs_rereview" and old.tasks.filter(reason="age", done_at__isnull=True).exists()
