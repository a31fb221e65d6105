"""Server-rendered pages against the bundled real dataset."""

from __future__ import annotations

import re

import pytest
from django.utils.html import escape

from rxanswers.drugs.selectors import drug_get, drug_index, drug_monograph, label_version_diff
from rxanswers.labels.models import LabelVersion

from .helpers import ADDED_SENTENCE, CHANGED_KEY, make_second_version

pytestmark = pytest.mark.django_db


def body(response) -> str:
    return response.content.decode()


def test_home_has_landmarks_skip_link_search_form_and_disclaimer(client):
    response = client.get("/")
    html = body(response)
    assert response.status_code == 200
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert '<label for="site-search-q">' in html and 'id="site-search-q"' in html
    assert "not a substitute for professional medical advice" in html.lower()
    assert "Drugs@FDA data files" in html  # source table with snapshot dates
    assert "2022-08-05" in html
    assert "max-age=" in response["Cache-Control"]


def test_drug_page_quotes_the_label_with_version_date_and_source(client):
    monograph = drug_monograph(drug_get("metformin"))
    assert monograph.label is not None
    response = client.get("/drugs/metformin/")
    html = body(response)
    assert response.status_code == 200
    flat = " ".join(html.split())
    # its use, quoted from the label
    assert "adjunct to diet and exercise to improve glycemic control" in flat
    assert monograph.label.set_id in html
    assert f"version {monograph.label.version_display}" in html
    if monograph.label.effective_date:
        assert monograph.label.effective_date.isoformat() in html
    assert escape(monograph.label.source.name) in html
    assert monograph.label.dailymed_url in html
    assert f'href="{monograph.label.url}">Full label, every section</a>' in html
    assert f"{monograph.label.url}#section-indications-and-usage" in html  # a section one click away
    assert '<nav class="toc"' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1


def test_brand_slug_resolves_to_its_drug_with_the_brand_noted(client):
    response = client.get("/drugs/lipitor/")
    html = body(response)
    assert response.status_code == 200
    assert "<h1>Atorvastatin</h1>" in html
    assert "“Lipitor” is a brand name of atorvastatin" in html
    assert 'rel="canonical" href="/drugs/atorvastatin/"' in html
    assert "HMG-CoA Reductase Inhibitor" in html  # EPC from the NDC directory


def test_drug_without_label_text_says_so_and_shows_generics(client, django_user_model):
    response = client.get("/drugs/gleevec/")
    html = body(response)
    assert response.status_code == 200
    assert "No FDA label text for imatinib is loaded in this database." in html
    assert "rxanswers download" not in html  # patients never see operator instructions
    client.force_login(django_user_model.objects.create_user("staff-page-test", password="x-for-tests-only"))
    staff = body(client.get("/drugs/gleevec/"))
    assert "rxanswers download openfda_label" in staff and "rxanswers ingest FILE" in staff
    assert "generic (ANDA) application" in html and "listed as marketed in Drugs@FDA" in html
    assert "ANDA" in html and "NOVARTIS" in html
    assert 'id="section-' not in html  # no invented label sections
    assert "this page cannot say how to take it" in html


def test_unknown_drug_is_404_with_close_name_suggestions(client):
    response = client.get("/drugs/metformen/")
    assert response.status_code == 404
    assert 'href="/drugs/metformin/"' in body(response)


def test_unknown_path_is_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in body(response)


def test_drug_index_by_letter_and_pagination(client):
    first = drug_index("M")
    page = next(
        n for n in first.paginator.page_range if any(d.slug == "metformin" for d in first.paginator.page(n))
    )
    response = client.get("/drugs/", {"letter": "m", "page": page})
    html = body(response)
    assert response.status_code == 200
    assert 'href="/drugs/metformin/"' in html
    assert 'aria-current="page">M<' in html
    assert all(d.name.lower().startswith("m") for d in first.object_list)
    assert client.get("/drugs/?letter=0-9").status_code == 200
    assert client.get("/drugs/?letter=M&page=9999").status_code == 200  # clamps to the last page


def test_search_typo_lands_on_the_drug(client):
    response = client.get("/search", {"q": "metformen"})
    html = body(response)
    assert response.status_code == 200
    assert "Showing results for" in html
    assert re.search(r'Showing results for <a href="/drugs/metformin/"><strong>metformin</strong>', html)


def test_search_shows_section_hits_with_citation_links(client):
    response = client.get("/search", {"q": "lactic acidosis"})
    html = body(response)
    assert response.status_code == 200
    assert "<mark>" in html
    assert re.search(r'href="/labels/[^"/]+/v/\d+/#section-[a-z-]+"', html)


def test_search_escapes_a_hostile_query(client):
    hostile = '<script>alert("x")</script>'
    response = client.get("/search", {"q": hostile})
    html = body(response)
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


@pytest.mark.parametrize(("query", "message"), [("", "Enter a drug name"), ("x" * 201, "the limit is 200")])
def test_search_rejects_empty_and_too_long_queries(client, query, message):
    response = client.get("/search", {"q": query})
    assert response.status_code == 400
    assert message in body(response)


def test_label_version_page_has_section_anchors(client):
    version = LabelVersion.objects.filter(label__drugs__slug="atorvastatin", is_current=True).first()
    response = client.get(f"/labels/{version.label.set_id}/v/{version.pk}/")
    html = body(response)
    assert response.status_code == 200
    for section in version.sections.all():
        assert f'id="{section.anchor}' in html
    assert version.label.set_id in html
    assert client.get(f"/labels/{version.label.set_id}/v/999999999/").status_code == 404
    redirect = client.get(f"/labels/{version.label.set_id}/")
    assert redirect.status_code == 302 and redirect["Location"].endswith(
        f"/v/{version.label.current_version_id}/"
    )


def test_label_history_lists_versions_and_shows_a_readable_diff(client):
    pair = make_second_version("metformin")
    response = client.get("/drugs/metformin/label-history/")
    html = body(response)
    assert response.status_code == 200
    assert f'value="{pair.old.pk}"' in html and f'value="{pair.new.pk}"' in html
    response = client.get("/drugs/metformin/label-history/", {"from": pair.old.pk, "to": pair.new.pk})
    html = body(response)
    assert response.status_code == 200
    assert "1 section changed, 0 added, 0 removed" in html
    assert f"<ins>{ADDED_SENTENCE}</ins>" in " ".join(html.replace("<ins>\n\n", "<ins>").split())
    # the newer version is now current: the drug page quotes it
    assert str(pair.new.pk) in body(client.get("/drugs/metformin/"))
    bad = client.get("/drugs/metformin/label-history/", {"from": pair.old.pk, "to": 999999999})
    assert bad.status_code == 404


def test_label_version_diff_reports_added_removed_and_changed_sections():
    pair = make_second_version("metformin")
    diff = label_version_diff(pair.old, pair.new)
    assert [d.key for d in diff.changed] == [CHANGED_KEY]
    assert not diff.added and not diff.removed
    assert any(seg.op == "insert" and ADDED_SENTENCE in seg.text for seg in diff.changed[0].inline)
    assert any(line.startswith("+") and ADDED_SENTENCE in line for line in diff.changed[0].unified)
    reverse = label_version_diff(pair.new, pair.old)
    assert any(seg.op == "delete" for seg in reverse.changed[0].inline)


def test_sources_page_lists_every_source_with_runs(client):
    response = client.get("/sources/")
    html = body(response)
    assert response.status_code == 200
    for name in (
        "Drugs@FDA data files",
        "National Drug Code Directory",
        "third-party extraction",
        "official",
    ):
        assert name in html
    assert "Bad records" in html


def test_brand_lists_show_real_brand_names_only():
    """Names the data lists as "brands" that are not: the generic itself or a misspelling of it, a store brand
    named after it, another drug's generic name (from a combination product). They stay searchable."""
    metformin = [b.name for b in drug_monograph(drug_get("metformin").drug).brand_names]
    assert "Glucophage" in metformin
    for junk in ("Dapagliflozin", "Metformin Hydrochoride", "Metformin HCl ER", "Metformin"):
        assert junk not in metformin
    furosemide = [b.name for b in drug_monograph(drug_get("furosemide").drug).brand_names]
    assert furosemide == ["Lasix"]  # not "Fuosemide", not the "... Medicated Collection System" kits
    ibuprofen = [b.name for b in drug_monograph(drug_get("ibuprofen").drug).brand_names]
    assert "Advil" in ibuprofen and not [b for b in ibuprofen if "ibuprofen" in b.lower()]
    assert drug_get("dapagliflozin").drug.slug == "dapagliflozin"
