"""Build the candidate list for the lay glossary and refresh the shipped TSV's frequencies.

Re-runnable, no Django, no network. Reads only the bundled public-domain data under ``data/``:

* label text: the adverse-reaction, warning/precaution, boxed-warning and indication sections of every bundled
  label (``data/labels/*``, see ``data/labels/SOURCES.md``);
* the MedDRA-coded ADR annotations of the NLM SPL-ADR-200 corpus (``onsides_demner_fushman_200``): every
  annotated span is a human-confirmed adverse-reaction term, the strongest signal for which n-grams are medical
  terms;
* the CDC Plain Language Thesaurus and the NCI Dictionary of Cancer Terms (``data/glossary``), as vocabularies
  of medical terms and as the source of suggested plain wording.

Usage::

    python bench/build_lay_glossary.py                 # write bench/out/lay_candidates.tsv, print the top
    python bench/build_lay_glossary.py --refresh       # also recount `frequency` in the shipped lay_terms.tsv
    python bench/build_lay_glossary.py --check         # exit 1 if the shipped TSV's frequencies are stale

The shipped ``src/rxanswers/answers/lay/lay_terms.tsv`` holds the editors' wording; this script never rewrites
``plain``/``kind``/``source``/``status`` — it only proposes candidates and recounts ``frequency``.

Frequency definition (shared with the tests): the number of case-insensitive, whole-word occurrences of the term
in the target sections of all bundled labels (hyphens and spaces in the term match literally).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import lzma
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "data" / "labels"
GLOSSARY = REPO / "data" / "glossary"
SHIPPED = REPO / "src" / "rxanswers" / "answers" / "lay" / "lay_terms.tsv"
OUT_DIR = REPO / "bench" / "out"

# Section kinds counted. Keys are normalised section names from the various sources.
SECTION_KIND = {
    "adverse reactions": "adverse_reactions",
    "adverse_reactions": "adverse_reactions",
    "warnings and precautions": "warnings",
    "warnings_and_precautions": "warnings",
    "warnings_and_cautions": "warnings",
    "warnings": "warnings",
    "precautions": "warnings",
    "boxed warning": "boxed_warning",
    "boxed_warning": "boxed_warning",
    "indications and usage": "indications",
    "indications_and_usage": "indications",
}
SPL_LOINC = {
    "34084-4": "adverse_reactions",
    "43685-7": "warnings",
    "34071-1": "warnings",
    "42232-9": "warnings",  # PRECAUTIONS SECTION
    "34066-1": "boxed_warning",
    "34067-9": "indications",
}


def _jsonl(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _as_text(value) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value or "")


def iter_label_sections(labels_dir: Path = LABELS) -> Iterator[tuple[str, str, str, str]]:
    """Yield ``(source, label_id, section_kind, text)`` for every target section of every bundled label."""
    p = labels_dir / "pharma_rag" / "labels.jsonl.gz"
    if p.exists():
        for rec in _jsonl(p):
            for sec in rec.get("sections") or []:
                kind = SECTION_KIND.get(str(sec.get("section", "")).strip().lower())
                if kind:
                    yield "pharma_rag", rec.get("drug", ""), kind, _as_text(sec.get("text"))
    p = labels_dir / "graphrag_labels" / "labels.jsonl.gz"
    if p.exists():
        for rec in _jsonl(p):
            for key, text in (rec.get("sections") or {}).items():
                kind = SECTION_KIND.get(key.lower())
                if kind:
                    yield "graphrag", rec.get("name", ""), kind, _as_text(text)
    p = labels_dir / "onsides_demner_fushman_200" / "demner_fushman_200_labels.jsonl.gz"
    if p.exists():
        for rec in _jsonl(p):
            for key, text in (rec.get("sections") or {}).items():
                kind = SECTION_KIND.get(key.lower())
                if kind and text:
                    yield "onsides", rec.get("label_id", ""), kind, _as_text(text)
    for p in sorted((labels_dir / "phase3_openfda_sections").glob("*.jsonl.gz")):
        for rec in _jsonl(p):
            for key, text in (rec.get("sections") or {}).items():
                kind = SECTION_KIND.get(key.lower())
                if kind and text:
                    yield "phase3", rec.get("drug_name", ""), kind, _as_text(text)
    for p in sorted((labels_dir / "openfda_records").glob("*.json.gz")):
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            rec = json.load(fh)
        for key, value in rec.items():
            kind = SECTION_KIND.get(key.lower())
            if kind:
                yield "openfda", p.name.split(".")[0], kind, _as_text(value)
    spl = sorted((labels_dir / "fda_openfda_test_spl").glob("*.xml.gz"))
    if spl:
        from lxml import etree

        ns = {"v3": "urn:hl7-org:v3"}
        for p in spl:
            with gzip.open(p, "rb") as fh:
                root = etree.parse(fh).getroot()
            for section in root.iterfind(".//v3:section", ns):
                code = section.find("v3:code", ns)
                kind = SPL_LOINC.get(code.get("code", "") if code is not None else "")
                if kind:
                    text = " ".join(" ".join(section.itertext()).split())
                    yield "spl", p.name.split(".")[0], kind, text


def corpus_text(labels_dir: Path = LABELS) -> str:
    """All target sections, lowercased, joined by blank lines (the text `frequency` is counted in)."""
    return "\n\n".join(t.lower() for _, _, _, t in iter_label_sections(labels_dir))


def term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(term.lower()) + r"(?![\w-])")


def count_term(term: str, text_lower: str) -> int:
    """Whole-word, case-insensitive occurrences of ``term`` in ``text_lower`` (already lowercased)."""
    needle = term.lower()
    n, start, size = 0, 0, len(needle)
    while (i := text_lower.find(needle, start)) != -1:
        before = text_lower[i - 1] if i else " "
        after = text_lower[i + size] if i + size < len(text_lower) else " "
        if not (before.isalnum() or before in "_-") and not (after.isalnum() or after in "_-"):
            n += 1
        start = i + 1
    return n


# --- candidate generation -------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
_STOP = frozenset(
    """
    a an the and or of in on at to for with without by from as is are was were be been being this that these
    those it its into than then there their other such may can not no patients patient treatment treated
    including include includes reported reports occurred occur occurs use used using drug drugs dose doses
    should if who which have has had more most less also any all during after before between each both
    increased decreased increase decrease risk see table section clinical trials trial study studies
    """.split()
)
_MED_SUFFIX = re.compile(
    r"(itis|emia|aemia|penia|algia|osis|pathy|plegia|rrhea|rrhage|cardia|uria|ectomy|oma|ism|esthesia|"
    r"phagia|pnea|noea|tension|trophy|ptosis|spasm|plasia|ischemia|edema|oedema|dynia|megaly)$"
)


def load_onsides_annotations(labels_dir: Path = LABELS) -> tuple[Counter, dict[str, Counter]]:
    """Return (span -> number of human annotations, span -> Counter of MedDRA preferred terms)."""
    spans: Counter = Counter()
    pts: dict[str, Counter] = {}
    p = labels_dir / "onsides_demner_fushman_200" / "demner_fushman_200_labels.jsonl.gz"
    for rec in _jsonl(p):
        for anns in (rec.get("adverse_event_annotations") or {}).values():
            for ann in anns:
                if len(ann) < 8 or ann[7] != "human":
                    continue
                span = " ".join(str(ann[0]).lower().split())
                spans[span] += 1
                pts.setdefault(span, Counter())[str(ann[1])] += 1
    return spans, pts


def load_glossaries() -> tuple[dict[str, str], dict[str, str]]:
    with lzma.open(GLOSSARY / "cdc_plain_language_thesaurus.json.xz", "rt", encoding="utf-8") as fh:
        cdc = {e["term"].strip().lower(): e["plain_alternative"] for e in json.load(fh)}
    with lzma.open(GLOSSARY / "nci_dictionary_of_cancer_terms.json.xz", "rt", encoding="utf-8") as fh:
        nci = {e["term"].strip().lower(): e["plain_alternative"] for e in json.load(fh)}
    return cdc, nci


def ngram_counts(texts: list[str], max_n: int = 4) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        # n-grams never cross punctuation: count within comma/period/paren-delimited chunks.
        for chunk in re.split(r"[.,;:()\[\]\n•\uf0b7/%=<>≥≤]+", text.lower()):
            words = _WORD_RE.findall(chunk)
            for n in range(1, max_n + 1):
                for i in range(len(words) - n + 1):
                    gram = words[i : i + n]
                    if gram[0] in _STOP or gram[-1] in _STOP:
                        continue
                    counts[" ".join(gram)] += 1
    return counts


def build_candidates() -> list[dict]:
    sections = list(iter_label_sections())
    texts = [t for _, _, _, t in sections]
    text_lower = "\n\n".join(t.lower() for t in texts)
    spans, pts = load_onsides_annotations()
    cdc, nci = load_glossaries()
    grams = ngram_counts(texts)
    rows: dict[str, dict] = {}

    def add(term: str, signal: str) -> None:
        row = rows.setdefault(term, {"term": term, "signals": set()})
        row["signals"].add(signal)

    for span, n in spans.items():
        if n >= 2 and len(span) > 2:
            add(span, "meddra")
    for gram, n in grams.items():
        if n < 5:
            continue
        if gram in spans:
            add(gram, "meddra")
        elif gram in cdc:
            add(gram, "cdc")
        elif gram in nci and " " in gram:
            add(gram, "nci")
        elif " " not in gram and _MED_SUFFIX.search(gram) and len(gram) > 5:
            add(gram, "suffix")
    out = []
    for term, row in rows.items():
        freq = count_term(term, text_lower)
        if freq == 0:
            continue
        pt = pts.get(term)
        out.append(
            {
                "term": term,
                "frequency": freq,
                "annotations": spans.get(term, 0),
                "meddra_pt": pt.most_common(1)[0][0] if pt else "",
                "signals": ",".join(sorted(row["signals"])),
                # rank: corpus frequency, boosted by human MedDRA annotation (a confirmed ADR span)
                "score": freq + 5 * spans.get(term, 0),
                "cdc": cdc.get(term, ""),
                "nci": " ".join(nci.get(term, "").split())[:160],
            }
        )
    out.sort(key=lambda r: (-r["score"], r["term"]))
    return out


_SRC_STOP = frozenset(
    "a an the of in on at to for with and or by from that is are be it its your you as not can may which "
    "than too very more less".split()
)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if w not in _SRC_STOP}


def suggest_source(term: str, plain: str, cdc: dict[str, str], nci: dict[str, str]) -> str:
    """Attribution rule used for the shipped TSV.

    ``cdc`` when the CDC thesaurus has the term (or its singular/plural) and every content word of the
    wording (5-letter stems) occurs in the CDC alternative; else ``nci`` under the same test against the NCI
    definition; else ``editor`` (also for terms that are already plain: the editors chose to keep them).
    """
    if plain.casefold() == term.casefold():
        return "editor"
    words = _stems(plain)
    for vocab, name in ((cdc, "cdc"), (nci, "nci")):
        for key in (term, term[:-1] if term.endswith("s") else term + "s"):
            if key in vocab and words and words <= _stems(vocab[key]):
                return name
    return "editor"


def read_shipped(path: Path = SHIPPED) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def write_shipped(rows: list[dict], path: Path = SHIPPED) -> None:
    cols = ["term", "plain", "kind", "frequency", "source", "status"]
    cols += [c for c in ("reviewed_by", "reviewed_on") if any(r.get(c) for r in rows)]  # review record kept
    rows = sorted(rows, key=lambda r: r["term"])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, delimiter="\t", lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--refresh", action="store_true", help="recount frequency in the shipped TSV")
    ap.add_argument("--check", action="store_true", help="fail if the shipped TSV's frequencies are stale")
    ap.add_argument("--top", type=int, default=40, help="print this many top candidates")
    args = ap.parse_args(argv)

    cands = build_candidates()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    shipped = {r["term"] for r in read_shipped()} if SHIPPED.exists() else set()
    cols = ["term", "frequency", "annotations", "meddra_pt", "signals", "in_glossary", "cdc", "nci"]
    with open(OUT_DIR / "lay_candidates.tsv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, delimiter="\t", lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for c in cands:
            w.writerow({**c, "in_glossary": "yes" if c["term"] in shipped else ""})
    print(f"{len(cands)} candidates -> {OUT_DIR / 'lay_candidates.tsv'}")
    for c in cands[: args.top]:
        flag = "*" if c["term"] in shipped else " "
        print(f"{flag} {c['frequency']:6d} {c['annotations']:4d}  {c['term']}")

    if (args.refresh or args.check) and SHIPPED.exists():
        text_lower = corpus_text()
        rows = read_shipped()
        stale = 0
        for r in rows:
            freq = str(count_term(r["term"], text_lower))
            if r["frequency"] != freq:
                stale += 1
                r["frequency"] = freq
        cdc, nci = load_glossaries()
        for r in rows:
            suggested = suggest_source(r["term"], r["plain"], cdc, nci)
            if suggested != r["source"]:
                print(f"source: {r['term']!r} is {r['source']}, rule says {suggested}", file=sys.stderr)
        if args.refresh:
            write_shipped(rows)
            print(f"refreshed {SHIPPED} ({len(rows)} rows, {stale} frequencies changed)")
        elif stale:
            print(f"{stale} stale frequencies in {SHIPPED}; run with --refresh", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
