"""Lay glossary: TSV integrity, rewrite rules, label sentence clean-up and splitting (no DB, fast)."""

from __future__ import annotations

import csv
import importlib.util
import json
import lzma
import re
from functools import cache
from pathlib import Path

import pytest

from rxanswers.answers.lay import (
    KINDS,
    SOURCES,
    TSV_PATH,
    load_lay_terms,
    simplify_label_sentence,
    split_sentences,
)

REPO = Path(__file__).resolve().parents[2]


@cache
def _builder():
    spec = importlib.util.spec_from_file_location(
        "build_lay_glossary", REPO / "bench" / "build_lay_glossary.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@cache
def _corpus() -> str:
    return _builder().corpus_text()


def _rows() -> list[dict]:
    with open(TSV_PATH, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def pipeline(text: str) -> list[str]:
    g = load_lay_terms()
    return [g.rewrite(simplify_label_sentence(s)).text for s in split_sentences(text)]


# --- the TSV ---------------------------------------------------------------------------------------------


def test_tsv_shape_and_integrity():
    rows = _rows()
    assert len(rows) >= 500
    assert list(rows[0]) == [
        "term",
        "plain",
        "kind",
        "frequency",
        "source",
        "status",
        "reviewed_by",
        "reviewed_on",
    ]
    terms = [r["term"] for r in rows]
    assert terms == sorted(terms), "sorted by term"
    assert len(set(terms)) == len(terms), "no duplicate terms"
    for r in rows:
        assert r["term"] == r["term"].strip().lower() and r["term"], r
        assert r["plain"] and r["plain"] == r["plain"].strip(), r
        assert "(" not in r["plain"] and ")" not in r["plain"], f"plain must not nest parentheses: {r}"
        assert r["kind"] in KINDS, r
        assert r["source"] in SOURCES, r
        # every row went through the editors' review (answers/lay/reviews/); none is pharmacist-approved yet
        assert r["status"] in ("editor-reviewed", "reviewed"), r
        assert r["reviewed_by"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["reviewed_on"]), r
        assert int(r["frequency"]) >= 0
    # at least 500 terms really used in the bundled labels
    assert sum(int(r["frequency"]) > 0 for r in rows) >= 500


def test_frequencies_are_real():
    text = _corpus()
    count = _builder().count_term
    rows = [r for r in _rows() if int(r["frequency"]) > 0]
    for r in rows:
        assert r["term"] in text, r["term"]  # every counted term really occurs in the bundled label text
    for r in rows[::8]:  # exact whole-word counts on a deterministic sample (the full recount is the
        assert count(r["term"], text) == int(r["frequency"]), r["term"]  # build script's --check)


def test_sources_are_honest():
    """`cdc` rows have a CDC thesaurus entry for the term, `nci` rows an NCI dictionary entry."""
    glossary = REPO / "data" / "glossary"
    with lzma.open(glossary / "cdc_plain_language_thesaurus.json.xz", "rt", encoding="utf-8") as fh:
        cdc = {e["term"].strip().lower() for e in json.load(fh)}
    with lzma.open(glossary / "nci_dictionary_of_cancer_terms.json.xz", "rt", encoding="utf-8") as fh:
        nci = {e["term"].strip().lower() for e in json.load(fh)}

    def has(vocab: set[str], term: str) -> bool:
        return term in vocab or term.rstrip("s") in vocab or term + "s" in vocab

    for r in _rows():
        if r["source"] == "cdc":
            assert has(cdc, r["term"]), r
        elif r["source"] == "nci":
            assert has(nci, r["term"]), r


def test_key_wordings():
    g = load_lay_terms()
    assert g.plain("thrombocytopenia").plain == "low levels of platelets"
    assert g.plain("neutropenia").plain == "low levels of a type of white blood cell"
    assert g.plain("hepatotoxicity").plain == "liver damage"
    assert g.plain("pyrexia").plain == "fever"
    assert g.plain("fatigue").plain == "tiredness"
    assert g.plain("Hypertension").plain == "high blood pressure"
    assert g.plain("infections").term == "infection"  # plural lookup
    assert g.plain("nausea").is_plain
    assert g.plain("not a medical term") is None
    assert {t.term for t in g.lay_terms_for("hair loss")} >= {"alopecia", "hair loss"}


# --- rewrite ---------------------------------------------------------------------------------------------


def test_rewrite_real_sentence_from_doxycycline_label():
    # pharma_rag doxycycline, Adverse Reactions
    s = "Blood: Hemolytic anemia, thrombocytopenia, neutropenia, and eosinophilia have been reported."
    r = load_lay_terms().rewrite(s)
    assert r.text.startswith(
        "Blood: low red blood cell count because red blood cells break down (Hemolytic anemia)"
    )
    assert "low levels of platelets (thrombocytopenia)" in r.text
    assert "low levels of a type of white blood cell (neutropenia)" in r.text
    assert "(eosinophilia)" not in r.text  # at most three glosses per sentence
    assert [t for t, _, _ in r.replaced] == ["hemolytic anemia", "thrombocytopenia", "neutropenia"]


def test_plain_terms_and_lists_are_untouched():
    # onsides PROMACTA, Warnings and Precautions
    s = "Symptoms of PVT included abdominal pain, nausea, vomiting, and diarrhea."
    r = load_lay_terms().rewrite(s)
    assert r.text == "Symptoms of PVT included belly pain (abdominal pain), nausea, vomiting, and diarrhea."
    assert "nausea (" not in r.text


def test_sentence_start_case_plural_and_first_occurrence():
    g = load_lay_terms()
    r = g.rewrite("Thrombocytopenia occurred in 5% of patients; thrombocytopenia resolved.")
    assert (
        r.text
        == "Low levels of platelets (thrombocytopenia) occurred in 5% of patients; thrombocytopenia resolved."
    )
    r = g.rewrite("Hypersensitivity reactions have been reported.")
    assert r.text == "Allergic reactions (hypersensitivity reactions) have been reported."
    r = g.rewrite("WARNING: HEPATOTOXICITY")
    assert r.text == "WARNING: LIVER DAMAGE (HEPATOTOXICITY)"


def test_never_inside_parentheses_and_abbreviation_merged():
    g = load_lay_terms()
    assert (
        g.rewrite("Rates were similar (including pyrexia).").text == "Rates were similar (including pyrexia)."
    )
    r = g.rewrite("Cases of progressive multifocal leukoencephalopathy (PML) have occurred.")
    assert (
        r.text
        == "Cases of rare but serious brain infection (progressive multifocal leukoencephalopathy, PML) have occurred."
    )


def test_acronyms_need_capitals_and_drug_names_numbers_protected():
    g = load_lay_terms()
    assert g.rewrite("Wear a loose dress.").text == "Wear a loose dress."
    assert "(DRESS)" in g.rewrite("DRESS has been reported.").text
    assert g.rewrite("Take 10 mg daily.").text == "Take 10 mg daily."
    # protect: words never touched (e.g. a product name that happens to contain a term)
    assert g.rewrite("Anemia was seen.", protect=["anemia"]).text == "Anemia was seen."
    # part of a larger word or hyphenated name is not a match
    assert g.rewrite("Anti-anemia agents were given.").text == "Anti-anemia agents were given."


@pytest.mark.parametrize(
    "sentence",
    [
        "Blood: Hemolytic anemia, thrombocytopenia, neutropenia, and eosinophilia have been reported.",
        "Cases of progressive multifocal leukoencephalopathy (PML) have occurred.",
        "The most common adverse reactions (>=20%) were neutropenia, peripheral sensory neuropathy, fatigue, "
        "nausea, anemia, upper respiratory tract infection, diarrhea, pyrexia, rash, thrombocytopenia, cough "
        "and vomiting.",
        "Hypersensitivity reactions, including anaphylaxis and angioedema, have been reported.",
        "WARNING: HEPATOTOXICITY",
    ],
)
def test_rewrite_is_idempotent_and_never_nests(sentence):
    g = load_lay_terms()
    once = g.rewrite(sentence)
    twice = g.rewrite(once.text)
    assert twice.text == once.text and twice.replaced == []
    assert len(once.replaced) <= 3
    depth = 0
    for ch in once.text:
        depth += ch == "("
        depth -= ch == ")"
        assert depth <= 1, once.text


def test_rewrite_idempotent_on_bundled_labels():
    g = load_lay_terms()
    text = "\n\n".join(t for src, _, kind, t in _builder().iter_label_sections() if src == "pharma_rag")[
        :150_000
    ]
    for s in split_sentences(text)[:400]:
        s = simplify_label_sentence(s)
        once = g.rewrite(s).text
        assert g.rewrite(once).text == once, s
        assert "((" not in once


# --- simplify + split ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # pharma_rag lisinopril, Warnings and Precautions
        (
            "When pregnancy is detected, discontinue lisinopril as soon as possible [see Use in specific Populations (8.1) ].",
            "When pregnancy is detected, discontinue lisinopril as soon as possible.",
        ),
        # onsides Duavee, Boxed Warning
        (
            " *  Estrogen therapy should not be used for the prevention of cardiovascular disease or dementia "
            "[see Warnings and Precautions (5.2, 5.4)]",
            "Estrogen therapy should not be used for the prevention of cardiovascular disease or dementia",
        ),
        ("Hepatotoxicity has occurred (5.1, 5.2).", "Hepatotoxicity has occurred."),
        ("Monitor renal function (see CLINICAL PHARMACOLOGY).", "Monitor renal function."),
        ("Avoid use [ see Use in Specific Populations ( 8.1 ) ].", "Avoid use."),
        ("\uf0b71.1 Hypertension", "Hypertension"),
        (
            "EXCERPT:   The most common adverse reactions (>=20%) were:",
            "The most common adverse reactions (>=20%) were:",
        ),
        ("Patients should  be   monitored (Table 2).", "Patients should be monitored."),
        ("Rash (10%) | Pruritus (5%)", "Rash (10%) Pruritus (5%)"),
    ],
)
def test_simplify_label_sentence(raw, clean):
    assert simplify_label_sentence(raw) == clean


def test_split_sentences_abbreviations_decimals_bullets_headings():
    text = (
        "WARNING: LACTIC ACIDOSIS Postmarketing cases of metformin-associated lactic acidosis have resulted "
        "in death. Risk factors include renal impairment, e.g., eGFR below 30 mL/min/1.73 m2. The dose is "
        "2.5 mg once daily. Incidence was ≥ 10%. Report to the U.S. Food and Drug Administration. "
        "• Hepatotoxicity: monitor liver tests. • Pancreatitis can be fatal i.e. in rare cases."
    )
    assert split_sentences(text) == [
        "WARNING: LACTIC ACIDOSIS",
        "Postmarketing cases of metformin-associated lactic acidosis have resulted in death.",
        "Risk factors include renal impairment, e.g., eGFR below 30 mL/min/1.73 m2.",
        "The dose is 2.5 mg once daily.",
        "Incidence was ≥ 10%.",
        "Report to the U.S. Food and Drug Administration.",
        "Hepatotoxicity: monitor liver tests.",
        "Pancreatitis can be fatal i.e. in rare cases.",
    ]


def test_split_onsides_star_bullets():
    # onsides ADCETRIS, Adverse Reactions (line-start "*" bullets)
    text = (
        " *  Pulmonary Toxicity [see  Warnings and Precautions (5.10)  ]  \n"
        " *  Serious Dermatologic Reactions [see  Warnings and Precautions (5.11)    ]   \n"
    )
    out = [simplify_label_sentence(s) for s in split_sentences(text)]
    assert out == ["Pulmonary Toxicity", "Serious Dermatologic Reactions"]


def test_full_pipeline_on_amlodipine_indication():
    # pharma_rag amlodipine, Indications and Usage (U+F0B7 bullet, "1.1" subsection number)
    text = (
        "\uf0b71.1 Hypertension Amlodipine besylate tablets are indicated for the treatment of hypertension."
    )
    out = pipeline(text)
    assert out == [
        "High blood pressure (Hypertension) Amlodipine besylate tablets are indicated for the treatment of "
        "hypertension."
    ] or out[0].startswith("High blood pressure (hypertension)")


def test_bare_and_mixed_section_references_are_stripped():
    from rxanswers.answers.lay import simplify_label_sentence

    assert (
        simplify_label_sentence("Inhibitors of CYP2C9, 1A2, or 3A4. (7)")
        == "Inhibitors of CYP2C9, 1A2, or 3A4."
    )
    assert (
        simplify_label_sentence("Use with caution (2, 12.1) in the elderly.")
        == "Use with caution in the elderly."
    )
    assert simplify_label_sentence("Take 2 tablets (2) daily") == "Take 2 tablets (2) daily"


def test_body_part_used_as_a_modifier_is_not_glossed():
    from rxanswers.answers.lay import load_lay_terms

    text = load_lay_terms().rewrite("a history of bone marrow depression").text
    assert text == "a history of bone marrow depression"


def test_every_row_is_in_the_latest_review_with_its_reviewed_wording():
    """The shipped wording is exactly what the last review file decided, row by row (nothing edited after it)."""
    reviews = sorted((TSV_PATH.parent / "reviews").glob("*.tsv"))
    assert reviews, "a review record ships with the glossary"
    with open(reviews[-1], encoding="utf-8", newline="") as fh:
        decided = {r["term"]: r for r in csv.DictReader(fh, delimiter="\t")}
    rows = {r["term"]: r for r in _rows()}
    kept = {t for t, r in decided.items() if r["verdict"] != "drop"}
    assert set(rows) == kept
    for term, row in rows.items():
        assert row["plain"] == decided[term]["plain"], term
        assert decided[term]["verdict"] == "ok" or decided[term]["reason"], term
