"""The patient drug page: leaflet sections in the order patients look, every composed sentence cited to its label
version, section and date, "the label does not say" where it does not, the data tables summarised and
expandable, real brand names only, composed sections kept per label version. Bundled real data."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings

from rxanswers.answers import leaflet_store
from rxanswers.answers.leaflet import TOPICS, drug_leaflet, label_sections
from rxanswers.drugs.models import DrugName
from rxanswers.drugs.selectors import drug_get, drug_monograph

from .helpers import make_second_version

pytestmark = pytest.mark.django_db

ORDER = [
    "Why it is used",
    "How to take it",
    "If you miss a dose",
    "Before you take it: who should not take it",
    "Common side effects",
    "Serious side effects: call your doctor",
    "Interactions to know",
    "Storage and disposal",
    "If someone takes too much",
    "Generics and cost",
]


def page(client, slug: str) -> str:
    response = client.get(f"/drugs/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def leaflet_of(slug: str):
    resolved = drug_get(slug)
    monograph = drug_monograph(resolved)
    return monograph, drug_leaflet(resolved.drug, monograph.label.version_pk if monograph.label else None)


def test_sections_come_in_the_order_patients_look_for_things(client):
    html = page(client, "furosemide")
    headings = re.findall(r'<h2 id="leaflet-[^"]+">([^<]+)</h2>', html)
    assert [h.replace("&#x27;", "'") for h in headings] == ORDER
    assert [t.heading for t in TOPICS] + ["Generics and cost"] == ORDER
    facts, sources = html.index('<h2 id="facts">'), html.index('<h2 id="sources-heading">')
    assert html.index(">Generics and cost</h2>") < facts < sources  # the leaflet first, then the data
    toc = html.split('<nav class="toc"')[1].split("</nav>")[0]
    assert re.findall(r'<a href="#(leaflet-[^"]+)">', toc) == re.findall(r'<h2 id="(leaflet-[^"]+)">', html)


@pytest.mark.parametrize("slug", ["metformin", "furosemide", "acetaminophen", "imatinib"])
def test_every_composed_sentence_is_cited(slug):
    monograph, leaflet = leaflet_of(slug)
    sentences = [s for section in leaflet.sections for s in section.sentences]
    assert sentences
    for sentence in sentences:
        assert sentence.citations, sentence.text
        for c in sentence.citations:
            if c.source == "fda_label":  # label version, section, date: the answer pages' citation
                assert c.set_id and c.version_id and c.url.startswith(f"/labels/{c.set_id}/v/{c.version_id}/")
                assert c.section == "" or c.url.endswith("#section-" + c.section.replace("_", "-"))
            else:
                assert c.source_name and c.record and c.snapshot_date
    if monograph.label is not None:
        label_cited = {c.version_id for s in sentences for c in s.citations if c.source == "fda_label"}
        assert monograph.label.version_pk in label_cited


def test_every_sentence_on_the_page_links_to_its_source(client):
    html = page(client, "metformin")
    items = re.findall(r'<li class="sentence[^"]*">(.*?)</li>', html, re.S)
    assert len(items) >= 10
    numbers = set()
    for item in items:
        refs = re.findall(r'<a href="#src-(\d+)" aria-label="source \d+">', item)
        assert refs, item
        numbers.update(refs)
    sources = html.split('<h2 id="sources-heading">')[1]
    for n in numbers:
        assert f'<li id="src-{n}">' in sources
    monograph = drug_monograph(drug_get("metformin"))
    label = monograph.label  # each label footnote: the section (linked at its version), the version and date
    assert f'<a href="{label.url}#section-indications-and-usage">Indications' in sources
    assert (
        f"FDA label version {label.version_display}, effective {label.effective_date.isoformat()}" in sources
    )


def test_what_the_label_does_not_cover_is_said_plainly_and_cited():
    _, leaflet = leaflet_of("metformin")  # the bundled metformin label has no dosage or storage section
    sections = {s.key: s for s in leaflet.sections}
    for key in ("how-to-take", "storage"):
        (said,) = sections[key].sentences
        assert said.role == "absence" and said.text.startswith("The label does not say:")
        assert all(
            c.source == "fda_label" and c.section == "" for c in said.citations
        )  # the label it checked
    assert sections["uses"].covered and "glycemic control" in sections["uses"].sentences[0].text


def test_a_drug_without_label_text_says_so_in_every_label_section(client):
    _, leaflet = leaflet_of("imatinib")
    assert leaflet.version_id is None
    for section in leaflet.sections[:-1]:
        assert not section.sentences or section.key == "uses"
        if not section.sentences:
            assert section.absent.startswith("No FDA label text for imatinib is loaded here")
    cost = leaflet.sections[-1]
    assert cost.key == "generics-cost" and "marketed generic (ANDA)" in cost.sentences[0].text
    html = page(client, "gleevec")
    assert "No FDA label text for imatinib is loaded here, so this page cannot say how to take it." in html
    assert "rxanswers download" not in html and "rxanswers ingest" not in html


def test_data_tables_are_summarised_in_a_line_and_expandable(client):
    html = page(client, "metformin")
    facts = html.split('<h2 id="facts">')[1].split('<h2 id="sources-heading">')[0]
    assert facts.count("<table>") >= 3
    # every table sits inside a collapsed <details>, after a one-line summary
    for chunk in facts.split("<table>")[1:]:
        before = facts[: facts.index(chunk)]
        assert before.rfind("<details") > before.rfind("</details>")
    for line in ("FDA applications in all", "Orange Book patent", "listed products from"):
        assert line in facts
    assert "<details open" not in facts
    assert len(html) < 80_000  # was 90 KB with every label section and table row on show


def test_brand_lists_skip_kits_and_descriptive_store_names():
    furosemide = [b.name for b in drug_monograph(drug_get("furosemide")).brand_names]
    assert not [b for b in furosemide if "Collection System" in b]
    acetaminophen = [b.name for b in drug_monograph(drug_get("acetaminophen")).brand_names]
    for junk in (
        "8 hour pain relief",
        "Topcare Pain Relief",
        "Equate arthritis pain",
        "Acetaminophen-APAP 8 Hour",
    ):
        assert junk not in acetaminophen
    for brand in ("Mapap", "Feverall", "Ofirmev"):
        assert brand in acetaminophen
    assert "Advil" in [b.name for b in drug_monograph(drug_get("ibuprofen")).brand_names]
    # the names stay in the name table (search and questions still find them); only the page's list skips them
    assert DrugName.objects.filter(normalized="8 hour pain relief", drug__slug="acetaminophen").exists()


def test_the_brand_rule_reads_the_english_words_question_understanding_loads():
    from rxanswers.answers.understanding.name_data import _english_words
    from rxanswers.drugs.brands import english_words, everyday_words

    words = english_words()  # the same list, loaded once by one loader (registered by the answers app)
    assert words is _english_words()[0] and {"pain", "relief", "cherry"} <= words
    assert words <= everyday_words() and "tylenol" not in everyday_words()


def test_jsonld_names_the_brands_the_page_shows(client):
    html = page(client, "acetaminophen")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    shown = html.split("<dt>Brand names</dt>")[1].split("<details")[0]
    assert data["proprietaryName"] and all(name in shown for name in data["proprietaryName"])
    assert data["@type"] == "Drug" and data["isAvailableGenerically"] is True


def test_no_server_paths_or_operator_hints_for_patients(client, django_user_model):
    for slug in ("metformin", "imatinib", "acetaminophen"):
        html = page(client, slug)
        assert str(settings.BASE_DIR) not in html and str(settings.VAR_DIR) not in html
        assert "rxanswers download" not in html and "rxanswers ingest" not in html
    label_page = drug_monograph(drug_get("metformin")).label.url.split("#")[0]
    for path in (label_page, "/sources/"):  # ingested files are named, their server folder is not
        html = client.get(path).content.decode()
        assert str(settings.DATA_DIR) not in html and ".jsonl.gz" in html
    client.force_login(
        django_user_model.objects.create_user("staff-leaflet-test", password="x-for-tests-only")
    )
    assert "rxanswers download openfda_label" in page(client, "imatinib")
    assert str(settings.DATA_DIR) in client.get(label_page).content.decode()  # staff see where it came from


def test_composed_sections_are_kept_per_label_version(monkeypatch, tmp_path):
    monkeypatch.setattr(leaflet_store, "store_path", lambda: tmp_path / "leaflets.sqlite3")  # an empty store
    leaflet_store.clear_memory()
    monograph, first = leaflet_of("metformin")
    calls = []

    def composing(drug, version_id):
        calls.append(version_id)
        return label_sections(drug, version_id)

    monkeypatch.setattr("rxanswers.answers.leaflet.label_sections", composing)
    _, again = leaflet_of("metformin")
    assert calls == [] and [s.to_dict() for s in again.sections] == [s.to_dict() for s in first.sections]
    leaflet_store.clear_memory()
    _, from_disk = leaflet_of("metformin")  # another process: read from the store on disk
    assert calls == [] and from_disk.sections[0].sentences[0].text == first.sections[0].sentences[0].text
    pair = make_second_version("metformin")  # a new label version: composed again, and it cites the new one
    monograph, newer = leaflet_of("metformin")
    assert monograph.label.version_pk == pair.new.pk and calls == [pair.new.pk]
    assert newer.sections[0].sentences[0].citations[0].version_id == pair.new.pk
