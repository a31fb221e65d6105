"""The answer engine's tables, cues and word lists: data files beside this module, validated when loaded.

Every file is JSON with an ``_about`` line. Loading fails loudly (``ResourceError``) on an unknown question type,
a section key no reader can produce (checked against openFDA's own section catalog), a regular expression that
does not compile, or a wrong shape; a test loads them all, so a bad edit fails CI, not a patient's question.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

HERE = Path(__file__).resolve().parent


class ResourceError(ValueError):
    """A data file of the answer engine is malformed."""


def load(name: str) -> dict[str, Any]:
    path = HERE / name
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise ResourceError(f"{path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("_about"), str):
        raise ResourceError(f"{path}: must be a JSON object with an '_about' line")
    return data


def _fail(file: str, message: str):
    raise ResourceError(f"{HERE / file}: {message}")


def _str_list(file: str, where: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        _fail(file, f"{where} must be a list of non-empty strings")
    return value


@functools.cache
def known_section_keys() -> frozenset[str]:
    """Section keys some reader can produce: openFDA's fields (``*_table`` too) and the LOINC catalog."""
    from rxanswers.sources.section_keys import section_catalog

    catalog = section_catalog()
    return frozenset(catalog.by_key) | catalog.openfda_fields


def _section_keys(file: str, where: str, value: Any) -> list[str]:
    keys = _str_list(file, where, value)
    unknown = [k for k in keys if k not in known_section_keys()]
    if unknown:
        _fail(file, f"{where}: no reader produces the section key(s) {unknown}")
    return keys


def _topics() -> frozenset[str]:
    from rxanswers.answers.understanding.intent import INTENTS

    return frozenset(INTENTS) | {"abuse"}


def _check_topics(file: str, where: str, keys) -> None:
    unknown = sorted(set(keys) - _topics())
    if unknown:
        _fail(file, f"{where}: unknown question type(s) {unknown}")


@functools.cache
def sections() -> dict[str, Any]:
    file = "sections.json"
    data = load(file)
    topic_sections = data.get("topic_sections")
    if not isinstance(topic_sections, dict):
        _fail(file, "topic_sections must be an object")
    _check_topics(file, "topic_sections", topic_sections)
    for topic, keys in topic_sections.items():
        _section_keys(file, f"topic_sections.{topic}", keys)
    cues = data.get("topic_cues")
    if not isinstance(cues, dict):
        _fail(file, "topic_cues must be an object")
    _check_topics(file, "topic_cues", cues)
    for topic, words in cues.items():
        _str_list(file, f"topic_cues.{topic}", words)
    for field in ("cue_required", "product_fact_topics", "component_topics"):
        _check_topics(file, field, _str_list(file, field, data.get(field)))
    for field in ("time_sections", "reverse_sections"):
        _section_keys(file, field, data.get(field))
    _str_list(file, "time_cues", data.get("time_cues"))
    where_said = data.get("where_said")
    if not isinstance(where_said, dict):
        _fail(file, "where_said must be an object")
    for topic, spec in where_said.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("says"), str):
            _fail(file, f"where_said.{topic} needs 'sections' and a 'says' string")
        _section_keys(file, f"where_said.{topic}.sections", spec.get("sections"))
    _section_keys(file, "full_label_sections", data.get("full_label_sections"))
    titles = data.get("plain_titles")
    if not isinstance(titles, dict) or not all(isinstance(v, str) and v for v in titles.values()):
        _fail(file, "plain_titles must map section keys to names")
    _section_keys(file, "plain_titles", list(titles))
    return data


@functools.cache
def cues() -> dict[str, re.Pattern[str]]:
    file = "cues.json"
    out = {}
    for name, spec in load(file).items():
        if name == "_about":
            continue
        if not isinstance(spec, dict) or not isinstance(spec.get("pattern"), str):
            _fail(file, f"{name}: needs a 'pattern' string")
        try:
            out[name] = re.compile(spec["pattern"], re.I if spec.get("ignore_case") else 0)
        except re.error as exc:
            _fail(file, f"{name}: pattern does not compile ({exc})")
    return out


@functools.cache
def notices() -> dict[str, Any]:
    file = "notices.json"
    data = load(file)
    if not all(isinstance(data.get(k), str) for k in ("safety", "nadac", "another_medicine", "germ")):
        _fail(file, "'safety', 'nadac', 'another_medicine' and 'germ' must be strings")
    by_topic = data.get("by_topic")
    if not isinstance(by_topic, dict) or not all(isinstance(v, str) for v in by_topic.values()):
        _fail(file, "by_topic must map question types to strings")
    _check_topics(file, "by_topic", by_topic)
    not_loaded = data.get("not_loaded_topics")
    if not isinstance(not_loaded, dict) or not all(isinstance(v, str) and v for v in not_loaded.values()):
        _fail(file, "not_loaded_topics must map question types to non-empty strings")
    _check_topics(file, "not_loaded_topics", not_loaded)
    return data


@functools.cache
def words() -> dict[str, Any]:
    file = "words.json"
    data = load(file)
    label_words = data.get("label_words")
    if not isinstance(label_words, dict):
        _fail(file, "label_words must be an object")
    for word, targets in label_words.items():
        _str_list(file, f"label_words.{word}", targets)
    _str_list(file, "common_substances", data.get("common_substances"))
    _str_list(file, "generic_stems", data.get("generic_stems"))
    _str_list(file, "not_symptoms", data.get("not_symptoms"))
    _str_list(file, "not_substances", data.get("not_substances"))
    parts = data.get("body_part_words")
    if not isinstance(parts, dict):
        _fail(file, "body_part_words must be an object")
    for part, forms in parts.items():
        _str_list(file, f"body_part_words.{part}", forms)
    for key in ("word_not_after", "word_not_before"):
        beside = data.get(key)
        if not isinstance(beside, dict):
            _fail(file, f"{key} must be an object")
        for word, words in beside.items():
            if word != "_about":
                _str_list(file, f"{key}.{word}", words)
    synonyms = data.get("substance_synonyms")
    if not isinstance(synonyms, dict):
        _fail(file, "substance_synonyms must be an object")
    for name, forms in synonyms.items():
        _str_list(file, f"substance_synonyms.{name}", forms)
    phrases = data.get("substance_phrases")
    if not isinstance(phrases, dict):
        _fail(file, "substance_phrases must be an object")
    for name, said in phrases.items():
        if name != "_about":
            if name not in synonyms:
                _fail(file, f"substance_phrases.{name}: not a key of substance_synonyms")
            _str_list(file, f"substance_phrases.{name}", said)
    return data


@functools.cache
def routes() -> dict[str, dict]:
    """Route families: ``{"nasal": {"routes": ("NASAL",), "words": ("nasal", "nose", ...), "plain": "for the
    nose"}}``."""
    file = "routes.json"
    out = {}
    for family, spec in load(file).items():
        if family == "_about":
            continue
        if not isinstance(spec, dict):
            _fail(file, f"{family}: must be an object with 'routes' and 'words'")
        out[family] = {
            "routes": tuple(_str_list(file, f"{family}.routes", spec.get("routes"))),
            "words": tuple(w.lower() for w in _str_list(file, f"{family}.words", spec.get("words"))),
            "plain": spec.get("plain")
            if isinstance(spec.get("plain"), str)
            else _fail(file, f"{family}.plain"),
        }
    return out


@dataclass(frozen=True)
class DosageForm:
    """A dosage form people ask about: the words they use, and the NDC / Drugs@FDA form and route names that
    make a product one (both must match unless ``any``)."""

    name: str
    words: tuple[str, ...]
    forms: tuple[str, ...]
    routes: tuple[str, ...]
    plain: str
    any: bool

    def matches(self, form: str, route: str) -> bool:
        # by whole comma or slash parts: "CAPSULE, LIQUID FILLED" is a capsule, not a liquid
        form = form.upper()
        parts = {form} | {p.strip() for p in form.split(",")} | {p.strip() for p in re.split(r"[,/]", form)}
        form_ok = any(f in parts for f in self.forms) if self.forms else None
        route_ok = (
            any(r == part.strip() for part in route.upper().split(",") for r in self.routes)
            if self.routes
            else None
        )
        checks = [c for c in (form_ok, route_ok) if c is not None]
        return any(checks) if self.any else bool(checks) and all(checks)


@functools.cache
def dosage_forms() -> tuple[DosageForm, ...]:
    file = "dosage_forms.json"
    out = []
    for name, spec in load(file).items():
        if name == "_about":
            continue
        if not isinstance(spec, dict) or not isinstance(spec.get("plain"), str):
            _fail(file, f"{name}: must be an object with 'words', 'forms', 'routes', 'plain' and 'any'")
        forms = spec.get("forms", [])
        routes = spec.get("routes", [])
        if not (forms or routes) or not all(isinstance(v, list) for v in (forms, routes)):
            _fail(file, f"{name}: needs a list of 'forms' or of 'routes'")
        out.append(
            DosageForm(
                name=name,
                words=tuple(w.lower() for w in _str_list(file, f"{name}.words", spec.get("words"))),
                forms=tuple(_str_list(file, f"{name}.forms", forms)) if forms else (),
                routes=tuple(_str_list(file, f"{name}.routes", routes)) if routes else (),
                plain=spec["plain"],
                any=bool(spec.get("any", False)),
            )
        )
    return tuple(out)


def load_all() -> None:
    """Load and validate every resource (a test and ``warm_up`` call this)."""
    sections()
    cues()
    notices()
    words()
    routes()
    dosage_forms()


# The tables as module constants, for readable call sites.
INTENT_SECTIONS: dict[str, list[str]] = sections()["topic_sections"]
INTENT_CUES: dict[str, list[str]] = sections()["topic_cues"]
CUE_REQUIRED = frozenset(sections()["cue_required"])
TIME_SECTIONS: list[str] = sections()["time_sections"]
TIME_CUES: tuple[str, ...] = tuple(sections()["time_cues"])
REVERSE_SECTION_KEYS: tuple[str, ...] = tuple(sections()["reverse_sections"])
PRODUCT_FACT_INTENTS = frozenset(sections()["product_fact_topics"])
COMPONENT_INTENTS = frozenset(sections()["component_topics"])
WHERE_SAID: dict[str, dict] = sections()["where_said"]
FULL_LABEL_SECTIONS: tuple[str, ...] = tuple(sections()["full_label_sections"])
PLAIN_SECTION_TITLES: dict[str, str] = sections()["plain_titles"]
SAFETY_NOTICE: str = notices()["safety"]
NOTICE_BY_INTENT: dict[str, str] = notices()["by_topic"]
NADAC_NOTICE: str = notices()["nadac"]
ANOTHER_MEDICINE_NOTICE: str = notices()["another_medicine"]
GERM_NOTICE: str = notices()["germ"]
LIST_PRICE_NOTICE: str = notices()["list_price"]
NO_PRICE_NOTICE: str = notices()["no_price"]
NOT_LOADED_TOPICS: dict[str, str] = notices()["not_loaded_topics"]
LABEL_WORDS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in words()["label_words"].items()}
COMMON_SUBSTANCES = frozenset(words()["common_substances"])
GENERIC_STEMS = frozenset(words()["generic_stems"])
SUBSTANCE_SYNONYMS: dict[str, list[str]] = words()["substance_synonyms"]
NOT_SUBSTANCES: frozenset[str] = frozenset(words()["not_substances"])
SUBSTANCE_PHRASES: dict[str, list[str]] = {
    name: said for name, said in words()["substance_phrases"].items() if name != "_about"
}
BODY_PART_WORDS: dict[str, list[str]] = words()["body_part_words"]
NOT_SYMPTOMS = frozenset(words()["not_symptoms"])
WORD_NOT_AFTER: dict[str, tuple[str, ...]] = {
    k: tuple(v) for k, v in words()["word_not_after"].items() if k != "_about"
}
WORD_NOT_BEFORE: dict[str, tuple[str, ...]] = {
    k: tuple(v) for k, v in words()["word_not_before"].items() if k != "_about"
}
CUES = cues()
ROUTE_FAMILIES = routes()
