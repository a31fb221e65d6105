"""Writes of the answers app: the indexes answers are built from, made ahead of time so that no question pays
for them — the sentence encoder's model file, the name index, and every current label's clean sentences and
sentence vectors (``rxanswers setup`` runs it after loading data; ``rxanswers index`` runs it alone)."""

from __future__ import annotations

import time
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
