"""Reads of the editorial layer: public question pages, related questions, the review queue, revision diffs,
label-change diffs for re-review tasks, the audit log. Nothing here writes.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Max, Q, QuerySet
from django.urls import reverse

from rxanswers.core.text import jsonld_dumps  # noqa: F401  (re-exported for views and templates)
from rxanswers.drugs.models import Drug, DrugClass
from rxanswers.labels.models import LabelVersion, Section
from rxanswers.review.models import REVIEWER_STATEMENT, AnswerRevision, AuditRecord, Question, ReviewTask

INDICATION_KEYS = ("indications_and_usage", "purpose", "uses")
MAX_INDICATION_CHARS = 6000
# Words of condition names that say little on their own ("acute", "disease"): not counted as shared.
GENERIC_CONDITION_WORDS = frozenset(
    "acute chronic disease diseases disorder disorders syndrome type cell cells severe moderate mild "
    "mellitus primary secondary advanced metastatic i ii 1 2 of the and or with b-cell t-cell".split()
)
STOP_WORDS = frozenset(
    """a an the and or of to in on for with without by at from as is are was were be been being am do does did
    done can could should would will may might must shall i me my we our you your it its this that these those
    what which who whom whose when where why how much many there their them they he she his her if than then
    so not no yes about into over after before while take taking taken use used using get getting give given
    work works working have has had any some other also""".split()
)
WEIGHT_DRUG = 10.0
WEIGHT_CLASS = 4.0
WEIGHT_CONDITION = 3.0
WEIGHT_TEXT = 4.0
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


# --- conditions (for related questions and "Related support groups") -----------------------------------


@functools.lru_cache(maxsize=1)
def _condition_pattern() -> re.Pattern[str] | None:
    from rxanswers.answers.lay import load_lay_terms

    terms = sorted(
        {t.term.lower() for t in load_lay_terms().terms if t.kind == "condition" and len(t.term) > 3},
        key=lambda t: (-len(t), t),
    )
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) + r"(?:s|es)?" for t in terms)
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _condition_forms() -> dict[str, str]:
    from rxanswers.answers.lay import load_lay_terms

    forms: dict[str, str] = {}
    for t in load_lay_terms().terms:
        if t.kind == "condition":
            term = t.term.lower()
            for form in (term, term + "s", term + "es"):
                forms.setdefault(form, term)
    return forms


def condition_terms(text: str) -> list[str]:
    """Condition names (from the shipped lay glossary) mentioned in ``text``, in order of first mention."""
    pattern = _condition_pattern()
    if pattern is None or not text:
        return []
    forms = _condition_forms()
    found: dict[str, None] = {}
    for match in pattern.finditer(text):
        term = forms.get(match.group(1).lower())
        if term:
            found.setdefault(term, None)
    return list(found)


def _drug_indication_text(drug: Drug) -> str:
    """What the drug is for: its current labels' indications, else the NCI dictionary's definition."""
    texts = list(
        Section.objects.filter(version__is_current=True, version__label__drugs=drug, key__in=INDICATION_KEYS)
        .order_by("version_id", "order")
        .values_list("text", flat=True)[:6]
    )
    text = "\n".join(t[:MAX_INDICATION_CHARS] for t in texts)
    if not text:
        from rxanswers.answers.glossary import nci_entry

        brands = list(drug.names.filter(kind="brand").values_list("name", flat=True)[:5])
        entry = nci_entry(drug.name, *brands)
        text = entry.definition if entry else ""
    return text


def question_conditions(text: str, drugs: list[Drug]) -> list[str]:
    """Conditions a question is about: named in the question, or what its drugs are indicated for."""
    terms = condition_terms(text)
    for drug in drugs:
        for term in condition_terms(_drug_indication_text(drug)):
            if term not in terms:
                terms.append(term)
    return terms[:20]


def condition_words(terms: list[str]) -> set[str]:
    return {w for t in terms for w in _WORD.findall(t.lower()) if w not in GENERIC_CONDITION_WORDS}


def _content_words(text: str) -> set[str]:
    words = set()
    for w in _WORD.findall(text.lower()):
        if w in STOP_WORDS or len(w) < 3:
            continue
        words.add(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return words


# --- related questions ----------------------------------------------------------------------------------


@dataclass
class RelatedQuestion:
    question: Question
    score: float
    shared_drugs: list[str] = field(default_factory=list)
    shared_classes: list[str] = field(default_factory=list)
    shared_conditions: list[str] = field(default_factory=list)
    similarity: float = 0.0

    @property
    def why(self) -> str:
        parts = []
        if self.shared_drugs:
            parts.append("same medicine: " + ", ".join(self.shared_drugs))
        if self.shared_classes:
            parts.append("same drug class: " + ", ".join(self.shared_classes))
        if self.shared_conditions:
            parts.append("same condition: " + ", ".join(self.shared_conditions))
        if not parts and self.similarity:
            parts.append("similar wording")
        return "; ".join(parts)


def public_questions() -> QuerySet[Question]:
    return Question.objects.filter(published_revision__isnull=False)


def most_asked_questions(limit: int = 5) -> list[Question]:
    """Published questions /ask has shown most often as the reviewed answer to what people typed."""
    return list(public_questions().filter(times_asked__gt=0).order_by("-times_asked", "text")[:limit])


def related_questions(
    question: Question, *, limit: int = 12, public_only: bool = True
) -> list[RelatedQuestion]:
    """Other questions ranked by shared drug, shared pharmacologic class (EPC), shared condition words (from
    the question and its drugs' indications) and text similarity. Questions sharing nothing are left out."""
    candidates = (public_questions() if public_only else Question.objects.all()).exclude(pk=question.pk)
    candidates = list(candidates.prefetch_related("drugs"))
    if not candidates:
        return []
    own_drugs = {d.pk: d.name for d in question.drugs.all()}
    drug_ids = set(own_drugs) | {d.pk for c in candidates for d in c.drugs.all()}
    classes: dict[int, dict[int, str]] = defaultdict(dict)
    for drug_id, class_id, name in DrugClass.objects.filter(
        drug_id__in=drug_ids, pharm_class__kind="epc"
    ).values_list("drug_id", "pharm_class_id", "pharm_class__name"):
        classes[drug_id][class_id] = name
    own_classes = {cid: name for d in own_drugs for cid, name in classes[d].items()}
    own_condition_words = condition_words(question.conditions or [])
    own_words = _content_words(question.text)
    ranked = []
    for other in candidates:
        other_drugs = {d.pk: d.name for d in other.drugs.all()}
        shared_drugs = sorted(own_drugs[d] for d in set(own_drugs) & set(other_drugs))
        other_classes = {cid: n for d in other_drugs for cid, n in classes[d].items()}
        shared_classes = sorted(own_classes[c] for c in set(own_classes) & set(other_classes))
        shared_conditions = sorted(own_condition_words & condition_words(other.conditions or []))
        other_words = _content_words(other.text)
        union = own_words | other_words
        similarity = len(own_words & other_words) / len(union) if union else 0.0
        score = (
            WEIGHT_DRUG * len(shared_drugs)
            + WEIGHT_CLASS * min(len(shared_classes), 2)
            + WEIGHT_CONDITION * min(len(shared_conditions), 3)
            + WEIGHT_TEXT * similarity
        )
        if score > 0 and (shared_drugs or shared_classes or shared_conditions or similarity >= 0.2):
            ranked.append(
                RelatedQuestion(other, score, shared_drugs, shared_classes, shared_conditions, similarity)
            )
    ranked.sort(key=lambda r: (-r.score, r.question.text.lower(), r.question.pk))
    return ranked[:limit]


# --- public page ----------------------------------------------------------------------------------------


@dataclass
class RereviewNotice:
    drug: str
    updated_on: date | None
    set_id: str


@dataclass
class PublicQuestion:
    question: Question
    revision: AnswerRevision
    reviewer_name: str
    reviewer_credential: str
    sentences: list[dict]
    footnotes: list[dict]
    rereview: list[RereviewNotice]
    drugs: list[Drug]
    related: list[RelatedQuestion]
    related_medical: list[RelatedQuestion]

    @property
    def conditions(self) -> list[str]:
        return list(self.question.conditions or [])


def numbered(sentences: list[dict]) -> tuple[list[dict], list[dict]]:
    """Sentences with footnote numbers, and the footnotes (one per distinct citation)."""
    numbers: dict[tuple, int] = {}
    notes: list[dict] = []
    out = []
    for sentence in sentences:
        refs = []
        for c in sentence.get("citations", []):
            key = (c.get("source"), c.get("set_id"), c.get("version_id"), c.get("section"), c.get("record"))
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                notes.append({"n": numbers[key], "c": c})
            refs.append(numbers[key])
        out.append({"text": sentence["text"], "refs": refs, "role": sentence.get("role", "answer")})
    return out, notes


def question_get(slug: str) -> Question | None:
    return (
        Question.objects.select_related("published_revision", "reviewed_by__reviewer")
        .filter(slug=slug)
        .first()
    )


def rereview_notices(question: Question) -> list[RereviewNotice]:
    """One notice per open label-change task: "The FDA label for X was updated on DATE"."""
    notices = []
    for task in question.tasks.filter(reason=ReviewTask.Reason.LABEL_CHANGE, done_at__isnull=True):
        d = task.details
        effective = d.get("new_effective_date")
        updated = date.fromisoformat(effective) if effective else task.created_at.date()
        name = ", ".join(d.get("drug_names") or []) or d.get("label_title") or d.get("set_id", "")
        notices.append(RereviewNotice(drug=name, updated_on=updated, set_id=d.get("set_id", "")))
    return notices


def question_public(question: Question) -> PublicQuestion | None:
    """What readers see: the published (reviewed) revision only; ``None`` when nothing is published."""
    revision = question.published_revision
    if revision is None or question.reviewed_by is None:
        return None
    profile = getattr(question.reviewed_by, "reviewer", None)
    sentences, footnotes = numbered(revision.sentences)
    related = related_questions(question)
    return PublicQuestion(
        question=question,
        revision=revision,
        reviewer_name=profile.display_name if profile else question.reviewed_by.get_full_name(),
        reviewer_credential=profile.credential if profile else "",
        sentences=sentences,
        footnotes=footnotes,
        rereview=rereview_notices(question),
        drugs=list(question.drugs.order_by("name")),
        related=[r for r in related if r.shared_drugs][:6],
        related_medical=[r for r in related if not r.shared_drugs][:6],
    )


def question_last_modified(question: Question) -> datetime:
    """When anything on the page may have changed: the question, or any public question (related lists)."""
    latest = public_questions().aggregate(m=Max("updated_at"))["m"]
    return max(filter(None, [question.updated_at, latest]))


def question_etag(question: Question) -> str:
    stamp = public_questions().aggregate(m=Max("updated_at"))["m"]
    key = f"{question.pk}:{question.published_revision_id}:{question.status}:{question.updated_at}:{stamp}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


# --- review queue and workflow page ---------------------------------------------------------------------


@dataclass
class QueueItem:
    task: ReviewTask
    question: Question
    why: str


def task_why(task: ReviewTask) -> str:
    d = task.details or {}
    if task.reason == ReviewTask.Reason.LABEL_CHANGE:
        who = ", ".join(d.get("drug_names") or []) or d.get("label_title") or d.get("set_id", "")
        return (
            f"The FDA label for {who} changed: new version {d.get('new_version') or d.get('new_version_id')}"
            f" effective {d.get('new_effective_date') or 'date not stated'}."
        )
    if task.reason == ReviewTask.Reason.AGE:
        return (
            f"Last reviewed {str(d.get('reviewed_at', ''))[:10]}: more than {d.get('max_age_days')} days ago."
        )
    return f"New draft (revision {d.get('revision', '?')}) waiting for medical review."


def review_queue() -> list[QueueItem]:
    """Open review tasks, oldest first, with why each is due."""
    tasks = (
        ReviewTask.objects.filter(done_at__isnull=True)
        .select_related("question")
        .order_by("created_at", "pk")
    )
    return [QueueItem(task=t, question=t.question, why=task_why(t)) for t in tasks]


def questions_by_status(status: str | None = None) -> QuerySet[Question]:
    qs = Question.objects.order_by("-updated_at", "pk")
    return qs.filter(status=status) if status else qs


def revisions(question: Question) -> list[AnswerRevision]:
    return list(question.revisions.select_related("author__reviewer").order_by("-number"))


def audit_log(question: Question) -> QuerySet[AuditRecord]:
    return question.audit_records.select_related("revision").order_by("-created_at", "-pk")


def _cite_label(c: dict) -> str:
    if c.get("source") == "fda_label":
        section = c.get("section") or "whole label"
        return f"{section} @ {c.get('set_id', '')[:8]}… v{c.get('version')} ({c.get('effective_date') or 'undated'})"
    return f"{c.get('source_name') or c.get('source')}: {c.get('record', '')}"


def sentence_line(sentence: dict) -> str:
    marker = " (reviewer's statement)" if sentence.get("role") == REVIEWER_STATEMENT else ""
    cites = "; ".join(_cite_label(c) for c in sentence.get("citations", []))
    return f"{sentence['text']}{marker}" + (f" [{cites}]" if cites else "")


@dataclass
class DiffLine:
    op: str  # equal | insert | delete
    text: str


def revision_diff(old: AnswerRevision | None, new: AnswerRevision) -> list[DiffLine]:
    """Sentence-by-sentence diff (text and citations) between two revisions."""
    a = [sentence_line(s) for s in (old.sentences if old else [])]
    b = [sentence_line(s) for s in new.sentences]
    lines: list[DiffLine] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            lines += [DiffLine("equal", t) for t in a[i1:i2]]
        else:
            lines += [DiffLine("delete", t) for t in a[i1:i2]]
            lines += [DiffLine("insert", t) for t in b[j1:j2]]
    return lines


@dataclass
class RevisionView:
    revision: AnswerRevision
    author: str
    diff: list[DiffLine]
    is_published: bool
    is_latest: bool

    @property
    def changed(self) -> bool:
        return any(line.op != "equal" for line in self.diff)


def revision_history(question: Question) -> list[RevisionView]:
    from rxanswers.review.roles import display_name

    revs = list(question.revisions.select_related("author").order_by("number"))
    views = []
    for i, rev in enumerate(revs):
        views.append(
            RevisionView(
                revision=rev,
                author=display_name(rev.author) if rev.author else "system",
                diff=revision_diff(revs[i - 1] if i else None, rev),
                is_published=rev.pk == question.published_revision_id,
                is_latest=i == len(revs) - 1,
            )
        )
    return list(reversed(views))


def citation_pool(question: Question) -> list[dict]:
    """Every distinct citation used by any revision of the question (for the edit form's checkboxes)."""
    seen: dict[tuple, dict] = {}
    for rev in question.revisions.order_by("-number"):
        for sentence in rev.sentences:
            for c in sentence.get("citations", []):
                key = (
                    c.get("source"),
                    c.get("set_id"),
                    c.get("version_id"),
                    c.get("section"),
                    c.get("record"),
                )
                seen.setdefault(key, c)
    return [dict(c, label=_cite_label(c)) for c in seen.values()]


@dataclass
class LabelChangeView:
    task: ReviewTask
    label_name: str
    old: object  # drugs.selectors.VersionInfo
    new: object
    cited_sections: list[str]
    cited_changed: list  # drugs.selectors.SectionDiff of the cited sections
    cited_unchanged: list[str]
    other_changed: list[str]
    history_url: str


def label_change_views(question: Question) -> list[LabelChangeView]:
    """For each open label-change task: the diff of the cited sections between the cited and the new version."""
    from rxanswers.drugs.selectors import label_version_diff

    views = []
    tasks = question.tasks.filter(reason=ReviewTask.Reason.LABEL_CHANGE, done_at__isnull=True)
    for task in tasks.order_by("created_at", "pk"):
        d = task.details
        cited_ids = [v for v in d.get("cited_version_ids") or [] if v != d.get("new_version_id")]
        old_id = max(cited_ids) if cited_ids else d.get("old_version_id")
        versions = LabelVersion.objects.select_related("label").in_bulk([old_id, d.get("new_version_id")])
        old, new = versions.get(old_id), versions.get(d.get("new_version_id"))
        if old is None or new is None:
            continue
        diff = label_version_diff(old, new)
        cited = [s for s in d.get("cited_sections") or []]
        whole = "" in cited
        cited_keys = {s for s in cited if s}
        cited_changed = [s for s in diff.sections if whole or s.key in cited_keys]
        changed_keys = {s.key for s in diff.sections}
        drug = Drug.objects.filter(labels=old.label).order_by("name").first()
        history_url = ""
        if drug is not None:
            history_url = (
                reverse("web:drug_label_history", args=[drug.slug])
                + f"?from={old.pk}&to={new.pk}#diff-heading"
            )
        views.append(
            LabelChangeView(
                task=task,
                label_name=", ".join(d.get("drug_names") or []) or old.label.title or old.label.set_id,
                old=diff.old,
                new=diff.new,
                cited_sections=[s or "whole label" for s in cited],
                cited_changed=cited_changed,
                cited_unchanged=sorted(k for k in cited_keys if k not in changed_keys),
                other_changed=[s.title for s in diff.sections if s not in cited_changed],
                history_url=history_url,
            )
        )
    return views


def sitemap_questions() -> QuerySet[Question]:
    return public_questions().order_by("pk")


def questions_for_drug(drug: Drug) -> QuerySet[Question]:
    return public_questions().filter(Q(drugs=drug)).distinct().order_by("text")


_PUBLISHED_TEXTS: dict[str, tuple[tuple, dict[str, int]]] = {}


def questions_stamp() -> tuple:
    """Changes whenever any question is added or changed: the key of the in-process caches of published
    questions (here and in ``review.matching``)."""
    from django.db.models import Count, Max

    return tuple(Question.objects.aggregate(n=Count("id"), at=Max("updated_at")).values())


def _published_texts(stamp: tuple) -> dict[str, int]:
    """Normalised text -> id of every published question, re-read when ``stamp`` changes (one aggregate
    query per call instead of a case-insensitive scan per question)."""
    held = _PUBLISHED_TEXTS.get("texts")
    if held is None or held[0] != stamp:
        texts = {" ".join(t.split()).lower(): pk for pk, t in public_questions().values_list("pk", "text")}
        held = _PUBLISHED_TEXTS["texts"] = (stamp, texts)
    return held[1]


def review_status_for_question(text: str, drugs: Iterable[str] = ()) -> dict:
    """The ``review`` object of the answers contract for a question text: ``{"status": "published", ...}`` when
    a published question has this text (case and spacing ignored) or, given the medicines the question names
    (slugs), means the same (``review.matching``; ``"match": "similar"`` and the reviewed question's text), else
    ``{"status": "unreviewed"}``. For /ask, the CLI and the API to link generated answers to their reviewed
    version."""
    from rxanswers.review.matching import similar_published_question

    normal = " ".join((text or "").split()).lower()
    stamp = questions_stamp()
    question_id = _published_texts(stamp).get(normal)
    match = "exact"
    if question_id is None:
        question_id, match = similar_published_question(text or "", drugs, stamp=stamp), "similar"
    question = (
        public_questions()
        .filter(pk=question_id)
        .select_related("reviewed_by__reviewer", "published_revision")
        .first()
        if question_id is not None
        else None
    )
    if question is None:
        return {"status": "unreviewed"}
    profile = getattr(question.reviewed_by, "reviewer", None)
    return {
        "status": "published",
        "url": question.get_absolute_url(),
        "reviewed_by": profile.display_name if profile else "",
        "credential": profile.credential if profile else "",
        "last_updated": question.last_updated.date().isoformat() if question.last_updated else None,
        "revision": question.published_revision.number,
        "needs_rereview": question.status == Question.Status.NEEDS_REREVIEW,
        "match": match,
        "question": question.text,
    }


def public_reviewers() -> list:
    """Medical reviewers as readers see them (name, credential, bio), each with ``answers``: how many published
    answers they approved; most first."""
    from django.db.models import Count

    from rxanswers.review.models import ReviewerProfile

    counts = dict(
        public_questions().values("reviewed_by").annotate(n=Count("id")).values_list("reviewed_by", "n")
    )
    profiles = list(ReviewerProfile.objects.all())
    for profile in profiles:
        profile.answers = counts.get(profile.user_id, 0)
    return sorted(profiles, key=lambda p: (-p.answers, p.display_name))
