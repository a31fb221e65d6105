"""The interaction checker over the bundled data: every pair read both ways, classes resolved, severity only where a
source states it, and an uncovered pair never called safe."""

from __future__ import annotations

import json

import pytest

from rxanswers.answers import checker
from rxanswers.answers.checker import CheckerInputError, check_interactions, split_names
from rxanswers.answers.resources import ResourceError

pytestmark = pytest.mark.django_db


def _pair(check, a, b):
    return next(p for p in check.pairs if {p.first.name, p.second.name} == {a, b})


def test_a_contraindicated_pair_is_said_so_by_its_labels_and_the_lists_each_cited():
    check = check_interactions(["simvastatin", "clarithromycin"])
    pair = _pair(check, "simvastatin", "clarithromycin")
    assert pair.level == "contraindicated" and pair.summary.startswith("Contraindicated")
    labels = [s for s in pair.statements if s.citation.source == "fda_label"]
    assert {s.source for s in labels} == {"the simvastatin label", "the clarithromycin label"}
    assert all(s.citation.section and s.citation.set_id and s.citation.url for s in labels)
    assert any(s.citation.section == "contraindications" for s in labels)
    listed = [s for s in pair.statements if s.citation.source != "fda_label"]
    assert listed and all(s.level == "critical" and s.citation.record for s in listed)
    # most serious first
    order = [checker.LEVELS.index(s.level) for s in pair.statements]
    assert order == sorted(order)


def test_a_label_naming_the_class_counts_and_says_why():
    pair = _pair(check_interactions(["ibuprofen", "lisinopril"]), "ibuprofen", "lisinopril")
    from_lisinopril = [s for s in pair.statements if s.source == "the lisinopril label"]
    assert from_lisinopril, "the lisinopril label's NSAID statements name ibuprofen's class"
    assert all("NSAID" in s.via and "ibuprofen" in s.via for s in from_lisinopril if s.via)
    assert pair.level == "significant"  # the ONC list says so; the labels use no severity word


def test_allergy_sentences_are_not_combination_statements():
    check = check_interactions(["ibuprofen", "naproxen", "aspirin"])
    for pair in check.pairs:
        for s in pair.statements:
            assert not any(w in s.text.lower() for w in ("allergic", "hypersensitiv", "aspirin-sensitive"))


def test_a_class_the_label_qualifies_by_strength_never_sets_the_level():
    pair = _pair(check_interactions(["Eliquis", "fluconazole"]), "apixaban", "fluconazole")
    strong = [s for s in pair.statements if "strong" in s.via]
    assert strong and all(s.level == "mentioned" and "not how strong" in s.via for s in strong)


def test_foods_and_drinks_are_read_for_in_patient_facing_text_not_pharmacology():
    pair = _pair(check_interactions(["simvastatin", "grapefruit juice"]), "simvastatin", "grapefruit juice")
    assert pair.level == "avoid" and any("grapefruit" in s.text.lower() for s in pair.statements)
    warfarin = check_interactions(["warfarin", "alcohol"])
    for p in warfarin.pairs:
        assert all(s.citation.section not in checker.NOT_FOR_SUBSTANCES for s in p.statements)


def test_an_uncovered_pair_is_never_called_safe():
    check = check_interactions(["lisinopril", "acetaminophen"])
    pair = check.pairs[0]
    if pair.level == "not_covered":
        assert pair.summary.startswith("No loaded label or list covers this pair")
        assert checker.NOT_COVERED_NOTICE in check.notices
    text = json.dumps(check.to_dict()).lower()
    assert "no interaction" not in text and "safe to take" not in text


def test_typos_brands_and_unknown_names():
    check = check_interactions(["warfrin", "Advil", "zzqxv"])
    kinds = {i.asked: (i.kind, i.name) for i in check.items}
    assert kinds["warfrin"] == ("medicine", "warfarin")
    assert kinds["Advil"] == ("medicine", "ibuprofen")
    assert kinds["zzqxv"][0] == "unknown"
    assert [(p.first.name, p.second.name) for p in check.pairs] == [("warfarin", "ibuprofen")]


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["ibuprofen"], "at least 2"),
        ([f"drug{i}" for i in range(11)], "at most 10"),
        (["ibuprofen", "x" * 81], "at most 80 characters"),
    ],
)
def test_bad_lists_get_a_clear_error(names, message):
    with pytest.raises(CheckerInputError, match=message):
        check_interactions(names)


def test_split_names():
    assert split_names(" ibuprofen, lisinopril;alcohol\nSt. John's wort ,, ") == [
        "ibuprofen",
        "lisinopril",
        "alcohol",
        "St. John's wort",
    ]


def test_the_resource_file_is_validated(monkeypatch):
    checker.config.cache_clear()
    try:
        assert checker.config().sections
        monkeypatch.setattr(checker, "load", lambda name: {"_about": "x", "label_levels": {"avoid": []}})
        checker.config.cache_clear()
        with pytest.raises(ResourceError):
            checker.config()
    finally:
        monkeypatch.undo()
        checker.config.cache_clear()


def test_the_page_lists_pairs_with_numbered_sources_and_escapes_input(client):
    response = client.get("/interactions/", {"drugs": "simvastatin, clarithromycin, <script>x</script>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "simvastatin + clarithromycin" in html and 'id="cite-1"' in html
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    assert client.get("/interactions/", {"drugs": "ibuprofen"}).status_code == 400
    assert client.get("/interactions/").status_code == 200


def test_the_api_get_and_post_agree(client):
    got = client.get("/api/v1/interactions", {"drugs": "advil,coumadin"})
    posted = client.post(
        "/api/v1/interactions", json.dumps({"drugs": ["advil", "coumadin"]}), content_type="application/json"
    )
    assert got.status_code == posted.status_code == 200
    assert got.json() == posted.json()
    pair = got.json()["pairs"][0]
    assert pair["level"] in checker.LEVELS and all(s["citation"]["source"] for s in pair["statements"])
    assert client.get("/api/v1/interactions", {"drugs": "advil"}).status_code == 400
    too_few = client.post(
        "/api/v1/interactions", json.dumps({"drugs": ["advil"]}), content_type="application/json"
    )
    assert too_few.status_code == 422
