"""The answer engine's data files load and validate; a bad edit is reported with the file and the reason."""

from __future__ import annotations

import pytest

from rxanswers.answers import resources


def test_every_resource_loads_and_validates():
    from rxanswers.answers.composers.conditions import conditions
    from rxanswers.answers.evidence.polarity import _patterns

    resources.load_all()
    assert _patterns()["depends"] and conditions()
    assert "adverse_reactions" in resources.INTENT_SECTIONS["side_effects"]
    assert resources.CUES["maker_question"].search("who makes lipitor")


def test_every_section_key_is_one_a_reader_produces():
    known = resources.known_section_keys()
    tables = resources.sections()
    for topic, keys in tables["topic_sections"].items():
        assert set(keys) <= known, topic
    assert set(tables["reverse_sections"]) <= known


@pytest.mark.parametrize(
    "check, value, message",
    [
        (
            resources._section_keys,
            ["adverse_reactions", "uses"],
            "no reader produces the section key(s) ['uses']",
        ),
        (resources._str_list, ["ok", ""], "must be a list of non-empty strings"),
    ],
)
def test_bad_values_are_reported_with_file_and_reason(check, value, message):
    with pytest.raises(
        resources.ResourceError,
        match=r"sections\.json: where.*"
        + message.replace("[", r"\[").replace("]", r"\]").replace("(", r"\(").replace(")", r"\)"),
    ):
        check("sections.json", "where", value)
