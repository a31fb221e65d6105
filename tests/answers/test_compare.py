"""Side-by-side comparisons over the bundled data: one canonical URL, every cell cited or said unknown, and "X vs
Y" answers opening with a summary built from the table."""

from __future__ import annotations

import pytest

from rxanswers.answers.compare import NOT_LOADED, ROWS, CompareInputError, compare, summary
from rxanswers.answers.pipeline import answer_question

pytestmark = pytest.mark.django_db


def test_brand_names_in_any_order_give_one_canonical_table_with_every_cell_cited_or_unknown():
    table = compare(["Tasigna", "gleevec", "sprycel"])
    assert table.path == "/compare/dasatinib-vs-imatinib-vs-nilotinib/"
    assert [r.key for r in table.rows] == [key for key, _, _ in ROWS]
    for row in table.rows:
        assert len(row.cells) == 3
        for cell in row.cells:
            assert cell.known or cell.text in (NOT_LOADED, "No label text loaded.")
            assert all(c.source for c in cell.citations)
    assert all(c.known for c in table.row("class").cells)  # FDA classes are bundled for all three


def test_label_cells_quote_the_section_that_answers_the_row():
    table = compare(["lisinopril", "losartan"])
    for key, section in [("uses", "indications_and_usage"), ("boxed_warning", "boxed_warning")]:
        for cell in table.row(key).cells:
            assert cell.citations and cell.citations[0].section == section
    assert all("pregnan" in c.text.lower() for c in table.row("boxed_warning").cells)
    assert all(c.citations[0].source == "fda_label" for c in table.row("label").cells)


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["imatinib"], "at least 2"),
        (["imatinib", "Gleevec"], "at least 2 different"),
        (["imatinib", "dasatinib", "nilotinib", "lisinopril", "losartan"], "at most 4"),
        (["imatinib", "zzqxv"], "Not recognised: zzqxv"),
    ],
)
def test_bad_lists_get_a_clear_error(names, message):
    with pytest.raises(CompareInputError, match=message):
        compare(names)


def test_the_summary_says_what_they_share_and_what_each_is_for():
    sentences = summary(compare(["gleevec", "sprycel", "tasigna"]))
    assert sentences[0].text.startswith("Dasatinib, imatinib and nilotinib are all kinase inhibitors")
    assert len(sentences[0].citations) == 3
    assert all(s.citations for s in sentences)


def test_a_versus_question_opens_with_the_summary_and_points_to_the_page():
    result = answer_question("Gleevec vs Sprycel vs Tasigna")
    assert result.intent == "comparison"
    assert result.answer.sentences[0].text.startswith("Dasatinib, imatinib and nilotinib are all")
    assert any("/compare/dasatinib-vs-imatinib-vs-nilotinib/" in n for n in result.answer.notices)
    texts = [s.text for s in result.answer.sentences]
    assert len(texts) == len(set(texts))


def test_pages_redirect_to_one_canonical_url(client):
    response = client.get("/compare/tasigna-vs-gleevec-vs-sprycel/")
    assert (
        response.status_code == 301 and response["Location"] == "/compare/dasatinib-vs-imatinib-vs-nilotinib/"
    )
    response = client.get("/compare/", {"drugs": "Tasigna, gleevec, sprycel"})
    assert (
        response.status_code == 302 and response["Location"] == "/compare/dasatinib-vs-imatinib-vs-nilotinib/"
    )
    page = client.get("/compare/dasatinib-vs-imatinib-vs-nilotinib/")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="row-generics"' in html and 'id="src-1"' in html
    assert 'rel="canonical"' in html
    assert client.get("/compare/imatinib-vs-zzqxv/").status_code == 404
    assert client.get("/compare/", {"drugs": "imatinib"}).status_code == 400
    escaped = client.get("/compare/", {"drugs": "<script>x</script>, imatinib"}).content.decode()
    assert "<script>x</script>" not in escaped


def test_the_api(client):
    response = client.get("/api/v1/compare", {"drugs": "lisinopril,losartan"})
    body = response.json()
    assert response.status_code == 200 and body["url"] == "http://testserver/compare/lisinopril-vs-losartan/"
    assert [d["slug"] for d in body["drugs"]] == ["lisinopril", "losartan"]
    assert all(cell["citations"] or not cell["known"] for row in body["rows"] for cell in row["cells"])
    bad = client.get("/api/v1/compare", {"drugs": "lisinopril,zzqxv"})
    assert bad.status_code == 400 and "zzqxv" in bad.json()["suggestions"]


@pytest.mark.parametrize("name", ["imatinib", "lisinopril", "metformin"])
def test_generic_counts_agree_on_the_page_the_answer_and_the_api(client, name):
    import re

    from rxanswers.drugs import selectors as drugs

    page_count = drugs.drug_monograph(drugs.drug_get(name)).generics.marketed_anda_count
    answer = answer_question(f"is there a generic for {name}").answer.sentences[0].text
    said = re.search(r"lists (\d+) marketed generic", answer)
    assert said and int(said.group(1)) == page_count
    api = client.get(f"/api/v1/drugs/{name}").json()
    assert str(page_count) in str(api.get("generics", api))
    assert "therapeutically equivalent" in " ".join(
        s.text for s in answer_question(f"is there a generic for {name}").answer.sentences
    )


def test_which_is_better_is_told_the_labels_do_not_rank_them_unless_one_names_the_other():
    first = answer_question("is naproxen stronger than ibuprofen").answer.sentences[0]
    assert first.text.startswith("The labels do not say which is stronger:") and first.role == "absence"
    assert len(first.citations) == 2
    # the clopidogrel label reports trials against aspirin: no such claim
    plavix = answer_question("is Plavix better than aspirin").answer.sentences[0]
    assert not plavix.text.startswith("The labels do not say")
