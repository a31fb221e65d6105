"""Writes of the answers app: the indexes answers are built from, made ahead of time so that no question pays
for them — the sentence encoder's model file, the name index, and every current label's clean sentences and
sentence vectors — and the drug pages' leaflets (``rxanswers setup`` runs both after loading data; ``rxanswers
index`` runs them alone). Both write files under ``var/cache``, not database rows."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class IndexSummary:
    labels: int
    sentences: int
    encoded: int
    seconds: float

    def line(self) -> str:
        return (
            f"answer indexes: {self.labels} current labels, {self.sentences} sentences "
            f"({self.encoded} newly encoded) in {self.seconds:.0f} s"
        )


def build_answer_indexes(*, workers: int = 2, progress: bool = False) -> IndexSummary:
    """Build the encoder, the name index, every current label's sentences and vectors and the condition index
    (idempotent: what is already built is reused)."""
    from rxanswers.answers import encoders, selectors
    from rxanswers.answers.evidence import index, vectors
    from rxanswers.labels.models import LabelVersion

    start = time.monotonic()
    encoders.question_encoder()
    selectors.name_index()
    views = []
    for version in LabelVersion.objects.filter(is_current=True).select_related("label", "source").iterator():
        view = selectors.LabelView(version=version)
        for section in version.sections.all():
            if section.key in view.sections:
                view.sections[section.key].text += "\n\n" + section.text
            else:
                view.sections[section.key] = section
        views.append(view)
    texts = [text for view in views for _, _, text in index._passages(view)]
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(vectors.missing(texts)), unit="sentence", desc="encoding label sentences")
    encoded = vectors.fill(texts, workers=workers, progress=bar.update if bar else None)
    if bar is not None:
        bar.close()
    from rxanswers.answers.condition_index import condition_index

    condition_index()  # the conditions the loaded indications name (stored for the next processes)
    return IndexSummary(len(views), len(texts), encoded, time.monotonic() - start)


@dataclass
class LeafletSummary:
    drugs: int
    composed: int
    kept: int
    seconds: float

    def line(self) -> str:
        return (
            f"leaflets: {self.drugs} drugs with label text, {self.composed} composed, {self.kept} already kept, "
            f"in {self.seconds:.0f} s"
        )


def leaflets_compose(*, drugs: Iterable | None = None, progress: bool = False) -> LeafletSummary:
    """Compose the drug pages' leaflet sections ahead of time (``answers.leaflet.compose_ahead``), so no visitor
    waits for one: every drug with a current label, or ``drugs``. Idempotent: sections already kept for the same
    label versions are skipped; a label version ingested later is a new key, composed by the next run or on the
    first view of its page."""
    from rxanswers.answers.leaflet import compose_ahead
    from rxanswers.core.progress import progress_bar
    from rxanswers.drugs.models import Drug

    start = time.monotonic()
    if drugs is None:
        drugs = Drug.objects.filter(labels__versions__is_current=True).distinct().order_by("name")
    drugs = list(drugs)
    composed = kept = 0
    with progress_bar(
        desc="composing drug leaflets", total=len(drugs), unit="drug", quiet=not progress
    ) as bar:
        for drug in drugs:
            done = compose_ahead(drug)
            composed += done is True
            kept += done is False
            bar.update()
    return LeafletSummary(composed + kept, composed, kept, time.monotonic() - start)
