"""Drug leaflets composed ahead of time (``rxanswers setup`` / ``index``): every drug with label text, idempotent,
and still right after a later label version is ingested (the store is keyed by label versions). Bundled data."""

from __future__ import annotations

import pytest

from rxanswers.answers import leaflet, leaflet_store
from rxanswers.answers.services import leaflets_compose
from rxanswers.drugs.models import Drug
from rxanswers.labels.models import LabelVersion
from tests.web.helpers import make_second_version

pytestmark = pytest.mark.django_db

SLUGS = ["metformin", "furosemide", "acetaminophen", "imatinib"]  # imatinib: no label text bundled


@pytest.fixture
def store(monkeypatch, tmp_path):
    """An empty leaflet store of this test's own, and a record of every drug whose label sections get composed."""
    monkeypatch.setattr(leaflet_store, "store_path", lambda: tmp_path / "leaflets.sqlite3")
    leaflet_store.clear_memory()
    composed: list[str] = []
    compose = leaflet.label_sections

    def recording(drug, version_id):
        if version_id is not None:  # without label text the sections are cheap and never kept
            composed.append(drug.slug)
        return compose(drug, version_id)

    monkeypatch.setattr(leaflet, "label_sections", recording)
    yield composed
    leaflet_store.clear_memory()


def some_drugs():
    return list(Drug.objects.filter(slug__in=SLUGS).order_by("slug"))


def test_composed_once_for_each_drug_with_label_text_then_skipped(store, client):
    first = leaflets_compose(drugs=some_drugs())  # imatinib has no label text to compose from
    assert (first.drugs, first.composed, first.kept) == (3, 3, 0)
    assert sorted(store) == ["acetaminophen", "furosemide", "metformin"]
    again = leaflets_compose(drugs=some_drugs())
    assert (again.drugs, again.composed, again.kept) == (3, 0, 3) and len(store) == 3
    leaflet_store.clear_memory()  # a server process starting after setup: the pages read the kept sections
    for slug in SLUGS:
        assert client.get(f"/drugs/{slug}/").status_code == 200
    assert client.get("/api/v1/drugs/metformin/leaflet").status_code == 200
    assert len(store) == 3


def test_a_label_version_ingested_later_is_composed_again_and_cited(store, client):
    leaflets_compose(drugs=some_drugs())
    pair = make_second_version("metformin")
    linked = sorted(Drug.objects.filter(labels=pair.new.label).values_list("slug", flat=True))
    assert "metformin" in linked
    store.clear()
    later = leaflets_compose(drugs=some_drugs())
    assert store == [s for s in linked if s in SLUGS] and later.composed == len(store)
    data = client.get("/api/v1/drugs/metformin/leaflet").json()
    assert data["label"]["version_id"] == pair.new.pk
    cited = {c["version_id"] for s in data["sections"] for x in s["sentences"] for c in x["citations"]}
    assert pair.new.pk in cited and pair.old.pk not in cited
    assert not LabelVersion.objects.get(pk=pair.old.pk).is_current
    assert len(store) == later.composed  # the page read what the run composed
