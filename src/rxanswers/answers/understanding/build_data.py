"""Regenerate the derived data files of this package (run from the repo root).

    python -m rxanswers.answers.understanding.build_data common-words [DATA_DIR]
    python -m rxanswers.answers.understanding.build_data pathogens [DATA_DIR] [UNII_NAMES]

``common-words`` writes ``data/common_words.txt``: words used in at least ``MIN_DF`` definitions of
the NCI Dictionary of Cancer Terms (public domain, bundled in ``data/glossary``), minus every one-word drug
name in the bundled dictionary (generic/ingredient names and NCI drug terms), so drug names never
become "common". It is a plain-language English + medical vocabulary used to (a) block brand names
that are ordinary words and (b) reject fuzzy matches whose nearest neighbour is an ordinary word.

``pathogens`` writes ``data/pathogens.txt``: the germs (genus and species) that label indications say
medicines treat ("infections caused by Escherichia coli"), read from the compiled label indications
(``labels/medrecpro_indications``) and kept only where the FDA substance list (UNII names, ``../shared/data/vocabulary``)
names that genus and species as an organism with its taxonomic authority ("ESCHERICHIA COLI (MIGULA, 1895) ...").
Homeopathic products list such organisms as ingredients; the name dictionary reads them as germs, not medicines.

The intent classifier has no trained weights (see ``intent.py`` for why), so there is no model step.
"""

from __future__ import annotations

import json
import lzma
import re
import sys
from collections import Counter
from pathlib import Path

from .names import DATA_DIR, entries_from_files
from .text import normalise

MIN_DF = 3
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")


def common_words(data_dir: Path) -> list[str]:
    defs = json.load(lzma.open(data_dir / "glossary" / "nci_dictionary_of_cancer_terms.json.xz", "rt"))
    drug_words: set[str] = set()
    for e in entries_from_files(data_dir):
        if e.kind in ("generic", "synonym") or e.source == "nci":
            # whole one-word drug names ("aspirin") and long words of short generic names ("penicillin"
            # of "penicillin g"); "beta" (of "beta carotene") stays an ordinary word
            for n in (normalise(e.name), e.drug_key):
                if " " not in n:
                    drug_words.add(n)
                elif e.kind == "generic" and n.count(" ") <= 2:
                    drug_words.update(w for w in n.split() if len(w) >= 6)
    df: Counter[str] = Counter()
    for item in defs:
        text = item.get("plain_alternative", "")
        # drop "Also called ..." sentences: they list drug names
        text = re.sub(r"Also called [^.]+\.", " ", text)
        df.update({w.lower() for w in _WORD.findall(text) if w[:1].islower()})
    words = sorted(w for w, c in df.items() if c >= MIN_DF and w not in drug_words and w.isalpha())
    return words


_BINOMIAL = re.compile(r"\b([A-Z][a-z]{3,}) ([a-z]{4,})\b")
# what follows a genus and species in a UNII systematic name when it is an organism's name with its authority:
# "(MIGULA, 1895) CASTELLANI AND CHALMERS, 1919", "ROSENBACH, 1884", "(ROBIN) BERKHOUT"
_AUTHORITY = re.compile(
    r"^\([A-Z][A-Z .'&-]*[A-Z.](?:,? \d{4})?\) [A-Z]|^[A-Z][A-Z'-]+(?: (?:AND|ET AL\.?|&) [A-Z'-]+)*\.?,? (?:1[6-9]|20)\d\d\b"
)


def pathogens(data_dir: Path, unii_names: Path) -> list[str]:
    indications = lzma.open(
        data_dir / "labels" / "medrecpro_indications" / "labelProductIndication.md.xz", "rt", encoding="utf-8"
    ).read()
    binomials = {f"{m.group(1)} {m.group(2)}".upper() for m in _BINOMIAL.finditer(indications)}
    found: set[str] = set()
    with lzma.open(unii_names, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split("\t")
            if len(parts) < 2 or parts[1] != "sys":
                continue
            words = parts[0].split(" ", 2)
            if len(words) == 3 and f"{words[0]} {words[1]}" in binomials and _AUTHORITY.search(words[2]):
                found.add(f"{words[0].capitalize()} {words[1].lower()}")
    return sorted(found)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    cmd = argv[0]
    if cmd == "common-words":
        data_dir = Path(argv[1]) if len(argv) > 1 else Path("data")
        words = common_words(data_dir)
        header = (
            "# Derived by build_data.py common-words from the NCI Dictionary of Cancer Terms (public domain):\n"
            f"# lowercase words in >= {MIN_DF} definitions, minus words of drug names. {len(words)} words.\n"
        )
        (DATA_DIR / "common_words.txt").write_text(header + "\n".join(words) + "\n", encoding="utf-8")
        print(f"wrote {len(words)} words")
        return 0
    if cmd == "pathogens":
        data_dir = Path(argv[1]) if len(argv) > 1 else Path("data")
        unii = Path(argv[2]) if len(argv) > 2 else Path("../shared/data/vocabulary/UNII_Names.txt.xz")
        germs = pathogens(data_dir, unii)
        header = (
            "# Derived by build_data.py pathogens: germs named in FDA label indications\n"
            "# (labels/medrecpro_indications) that the FDA UNII names list as organisms. "
            f"{len(germs)} germs.\n"
        )
        (DATA_DIR / "pathogens.txt").write_text(header + "\n".join(germs) + "\n", encoding="utf-8")
        print(f"wrote {len(germs)} germs")
        return 0
    print(f"unknown command {cmd}")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
