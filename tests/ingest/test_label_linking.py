"""A label whose generic name is free text ("Ibutilide Injection", "olmesartan hydrochlorothiazide") is linked to
the drug it names, not to a new drug page of its own (bundled third-party label extracts)."""

from __future__ import annotations

import pytest

from rxanswers.drugs.drug_services import resolved_ingredients
from rxanswers.drugs.models import Drug

pytestmark = pytest.mark.django_db


def test_form_strength_and_misspelt_salt_words_are_dropped_only_for_an_existing_drug():
    assert resolved_ingredients(["ibutilide injection"]) == ["ibutilide"]
    assert resolved_ingredients(["capsaicin patch 8"]) == ["capsaicin"]
    assert resolved_ingredients(["bepotastine opthalmic solution"]) == ["bepotastine"]  # "opthalmic" misspelt
    assert resolved_ingredients(["amiloride hydrocloride"]) == ["amiloride"]  # misspelt salt word
    assert resolved_ingredients(["calcium acetate oral solution"]) == ["calcium acetate"]  # a salt kept
    assert resolved_ingredients(["olmesartan hydrochlorothiazide"]) == ["hydrochlorothiazide", "olmesartan"]
    assert resolved_ingredients(["metformin"]) is None  # already a drug: nothing to resolve
    assert resolved_ingredients(["zzzunknownmab injection"]) is None  # never invents a drug


def test_bundled_label_extracts_are_on_the_drug_they_name():
    for key in ("ibutilide", "fingolimod", "indacaterol", "amiloride"):
        assert Drug.objects.get(key=key).labels.exists(), key
    for orphan in ("ibutilide injection", "fingolimod oral capsules", "amiloride hydrocloride"):
        assert not Drug.objects.filter(key=orphan).exists(), orphan


def test_the_answer_quotes_the_linked_label():
    from rxanswers.answers.pipeline import answer_question

    result = answer_question("how should i store corvert")
    assert result.drugs[0].has_label
    assert any(c.source != "ndc" and c.section for s in result.answer.sentences for c in s.citations)
