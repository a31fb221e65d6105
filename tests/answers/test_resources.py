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


def test_intent_cue_file_loads_and_a_bad_edit_is_reported(tmp_path):
    import json

    from rxanswers.answers.understanding.intent import CUES_FILE, CueFileError, load_cues

    cues = load_cues()
    assert cues["appearance"].joined and all(isinstance(w, float) for _, w in cues["appearance"].compiled)
    data = json.loads(CUES_FILE.read_text())
    for change, message in (
        (lambda d: d["cues"].setdefault("colour", []), "unknown question type 'colour'"),
        (lambda d: d["cues"]["appearance"].append({"pattern": "(", "weight": 1}), "does not compile"),
        (lambda d: d["cues"]["appearance"].append({"pattern": "x", "weight": "high"}), "numeric 'weight'"),
    ):
        broken = json.loads(json.dumps(data))
        change(broken)
        path = tmp_path / "cues.json"
        path.write_text(json.dumps(broken))
        with pytest.raises(CueFileError, match=message):
            load_cues(path)
