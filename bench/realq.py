"""Labelled real consumer questions: our labels (``bench/labels/``) joined with the texts in ``../shared/bench``.

    from realq import load_questions
    rows = load_questions()               # every labelled question, with .held_out from labels/split.py
    train = [r for r in rows if not r.held_out]

No Django. The texts are read from the shared corpora (never copied into the repo); a missing corpus yields no
rows for it.
"""

from __future__ import annotations

import json
import os
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "bench" / "labels"
sys.path.insert(0, str(LABELS))

from split import is_held_out  # noqa: E402

GOLD_MAP = {  # MedicationQA fine types -> the 19 question types
    "usage/time": "usage",
    "usage/duration": "usage",
    "time/duration": "usage",
    "time": "usage",
    "action/time": "action",
    "stopping/tapering": "stopping",
    "stopping/side effects": "stopping",
    "combination": "interaction",
    "pronounce name": "information",
    "not_drug_question": "information",
    "side effects": "side_effects",
    "storage and disposal": "storage_disposal",
    "brand names": "brand_names",
}


@dataclass
class RealQuestion:
    id: str
    text: str
    source: str  # kqa | curai | meqsum | medicationqa_dev
    type: str
    type_alt: str | None
    form: str
    drugs: list[str]
    drug_status: str
    spans: list[list[int]]
    held_out: bool
    types: set[str] = field(default_factory=set)  # every acceptable type

    @property
    def question_text(self) -> str:
        """The question sentence(s) the labeller marked."""
        return " ".join(self.text[a:b] for a, b in self.spans)


def bench_dir() -> Path:
    return Path(os.environ.get("RXANSWERS_BENCH_DIR") or (REPO / ".." / "shared" / "bench")).resolve()


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def meqsum_texts(bench: Path) -> dict[str, str]:
    """``meqsum-NNNN`` -> the consumer message (row NNNN of the spreadsheet), read with the standard library."""
    path = bench / "meqsum" / "MeQSum_ACL2019_BenAbacha_Demner-Fushman.xlsx"
    if not path.exists():
        return {}
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as z:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
            for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)
        ]
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    texts = {}
    for n, row in enumerate(sheet.iter(f"{{{ns['m']}}}row")):
        if n == 0:
            continue
        cells = []
        for c in row.findall("m:c", ns):
            v = c.find("m:v", ns)
            cells.append("" if v is None else shared[int(v.text)] if c.get("t") == "s" else v.text)
        if len(cells) > 1:
            texts[f"meqsum-{n:04d}"] = cells[1]
    return texts


def liveqa_texts(bench: Path) -> dict[str, str]:
    """``liveqa-<file>-<questionid>`` -> SUBJECT and MESSAGE of a TREC 2017 LiveQA medical training question
    (joined by a newline when the subject is not empty), read with the standard library."""
    texts = {}
    for number in (1, 2):
        path = bench / "liveqa2017" / f"TREC-2017-LiveQA-Medical-Train-{number}.xml"
        if not path.exists():
            continue
        for q in ElementTree.parse(path).getroot().iter("NLM-QUESTION"):
            subject = (q.findtext("SUBJECT") or "").strip()
            message = (q.findtext("MESSAGE") or "").strip()
            texts[f"liveqa-{number}-{q.get('questionid') or 'Q' + q.get('qid', '').removesuffix('.0')}"] = (
                f"{subject}\n{message}" if subject else message
            )
    return texts


def load_questions(bench: Path | None = None) -> list[RealQuestion]:
    bench = bench or bench_dir()
    texts: dict[str, str] = {}
    for name in ("kqa_medication.jsonl", "curai_mqp_medication.jsonl"):
        texts.update({r["id"]: r["question"] for r in _jsonl(bench / "real_questions" / name)})
    texts.update({r["id"]: r["question"] for r in _jsonl(bench / "medicationqa_dev.jsonl")})
    texts.update(meqsum_texts(bench))
    texts.update(liveqa_texts(bench))
    out = []
    for source, name in (
        ("kqa", "kqa.jsonl"),
        ("curai", "curai.jsonl"),
        ("meqsum", "meqsum.jsonl"),
        ("medicationqa_dev", "medicationqa_dev.jsonl"),
        ("liveqa", "liveqa.jsonl"),
    ):
        for label in _jsonl(LABELS / name):
            text = texts.get(label["id"])
            if text is None:
                continue
            kind = label["type"]
            if (
                source == "medicationqa_dev"
            ):  # the authors' type is the truth; the annotator's is a second one
                gold = label["gold_type"].lower()
                kind = GOLD_MAP.get(gold, gold)
            types = {kind} | ({label["type_alt"]} if label.get("type_alt") else set())
            out.append(
                RealQuestion(
                    id=label["id"],
                    text=text,
                    source=source,
                    type=kind,
                    type_alt=label.get("type_alt"),
                    form=label["form"],
                    drugs=label["drugs"],
                    drug_status=label["drug_status"],
                    spans=label["spans"],
                    held_out=is_held_out(label["id"]),
                    types=types,
                )
            )
    return out
