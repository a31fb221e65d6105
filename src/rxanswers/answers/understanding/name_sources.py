"""The name dictionary built from the bundled FDA files (NDC products, Drugs@FDA products) and the NCI
dictionary: a flat list of :class:`NameEntry`. Pure Python, no database."""

from __future__ import annotations

import csv
import io
import json
import lzma
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from .name_data import Kind, NameEntry, pathogen_genera
from .text import SALT_WORDS, normalise, strip_salts

# ---------------------------------------------------------------------- dictionary from bundled files
# An NCI definition that mentions any of these describes something one can take or be given, or a
# brand: such a term is never used as medical vocabulary that blocks a product name.
_NCI_SUBSTANCE = re.compile(
    r"\b(drugs?|medicines?|medications?|brand|substances?|vaccines?|antibod\w*|compounds?|chemicals?|products?|"
    r"used to treat|supplements?|therap\w*|regimens?|combinations?|minerals?|vitamins?|nutrients?|agents?|"
    r"sugars?|solutions?|bacteria|fluids?|gases|gas|mixtures?|formula|oxygen|hormones?|proteins?|enzymes?|"
    r"inhibitors?|extracts?|plants?|herbs?|foods?|oils?)\b",
    re.I,
)
_NCI_DRUG_START = re.compile(
    r"^(?:A|An|The)\s+(?:[\w,-]+\s+){0,4}?(?:drugs?|medicines?|vaccines?|nutrients?|vitamins?|minerals?|hormones?|"
    r"monoclonal antibody|substance|chemical|antibiotic|antiviral|supplements?|herbs?|plant|dried leaves)\b(?!-)",
    re.I,
)
# first sentences that describe body chemistry, conditions or tests rather than something one takes
_NCI_NOT_DRUG = re.compile(
    r"^(?:A|An|The)\s+(?:condition|disease|disorder|procedure|test|gene|protein|enzyme|cell|type of cancer|"
    r"branch of medicine|field of medicine|(?:medical )?specialty|specialist|doctor|physician|organism|"
    r"measure|method|group of (?:cells|diseases|symptoms))\b|"
    r"^(?:A|An|Any)\s+(?:of a )?(?:type|class|kind|group|family) of (?:drugs?|medicines?|substances?)\b|"
    r"^A (?:drug|substance) or other\b|\b(?:made|produced|found|released) (?:by|in) (?:the )?"
    r"(?:body|cells|tumor|immune|blood|liver)|\bin the body\b|\bprotein\b|\bwhen the body\b|\bbreaks? down\b",
    re.I,
)
_ALSO_CALLED = re.compile(r"Also called ([^.]+)\.")


def _split_ingredients(text: str) -> list[str]:
    parts = re.split(r";|,\s*and\s+|\s+and\s+|,", text)
    return [p.strip() for p in parts if p.strip()]


def drug_key_for(ingredients: Iterable[str]) -> str:
    """Normalised generic: lowercase, salt-stripped, ingredients sorted and joined with " / "."""
    keys = sorted({strip_salts(i) for i in ingredients if normalise(i)})
    return " / ".join(keys)


def _acid_synonyms(key: str) -> list[str]:
    """Chemical naming equivalence: "valproate" <-> "valproic acid", "clavulanate" <-> "clavulanic acid"."""
    if " " not in key and key.endswith("ate") and len(key) > 6:
        return [key[:-3] + "ic acid"]
    if key.endswith("ic acid") and key.count(" ") == 1:
        return [key[: -len("ic acid")] + "ate"]
    return []


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".xz":
        return lzma.open(path, "rt", encoding="utf-8", errors="replace")
    return path.open(encoding="utf-8", errors="replace")


def _find(base: Path, name: str) -> Path | None:
    for cand in (base / name, base / (name + ".xz")):
        if cand.exists():
            return cand
    return None


def entries_from_files(data_dir: str | Path) -> list[NameEntry]:
    """Build the name dictionary from the bundled FDA NDC products, Drugs@FDA Products and the NCI
    Dictionary of Cancer Terms (drug entries and their "Also called" names). Deduplicated."""
    base = Path(data_dir)
    seen: set[tuple[str, str, str, str]] = set()
    out: list[NameEntry] = []
    homeopathic_keys: set[str] = set()  # ingredients of homeopathic products
    medicinal_keys: set[str] = set()  # ingredients of any other product

    def add(name: str, key: str, generic: str, kind: Kind, source: str) -> None:
        name = " ".join(name.split())
        if not name or not key:
            return
        sig = (name.lower(), key, kind, source)
        if sig in seen:
            return
        seen.add(sig)
        out.append(NameEntry(name, key, generic, kind, source))

    def add_product(
        brand: str, generic_name: str, ingredients: list[str], source: str, epcs: list[str]
    ) -> None:
        ingredients = [i for i in ingredients if normalise(i)]
        if not ingredients:
            return
        key = drug_key_for(ingredients)
        generic_disp = " ".join(generic_name.split()) or " and ".join(ingredients)
        ing_words = {w for i in ingredients for w in normalise(i).split() if w not in SALT_WORDS}
        disp_words = set(normalise(generic_disp).split())
        if ing_words <= disp_words:
            add(generic_disp, key, generic_disp, "generic", source)
        else:  # labeler put a brand or an abbreviation in the generic field ("LYRICA", "AMOXICILLIN CLAV/POT")
            add(generic_disp, key, generic_disp, "synonym" if ing_words & disp_words else "brand", source)
            generic_disp = " and ".join(i.lower() for i in ingredients)
        stripped = strip_salts(generic_disp)
        if stripped != normalise(generic_disp):
            add(stripped, key, generic_disp, "generic", source)
        comps = key.split(" / ")
        if len(comps) > 1:
            add(" and ".join(comps), key, generic_disp, "generic", source)
        for ing in ingredients:
            ik = strip_salts(ing)
            add(ing.title() if ing.isupper() else ing, ik, ing.lower(), "generic", source)
            add(ik, ik, ing.lower(), "generic", source)
            for syn in _acid_synonyms(ik):
                add(syn, ik, ing.lower(), "synonym", source + ":rule")
        b = normalise(brand)
        if b and b not in (normalise(generic_disp), stripped, key, *(normalise(i) for i in ingredients)):
            add(brand, key, generic_disp, "brand", source)
        for epc in epcs:
            add(epc, key, generic_disp, "class", source + ":epc")

    ndc = _find(base / "ndc_directory", "product.txt")
    if ndc:
        with _open_text(ndc) as fh:
            reader = csv.reader(fh, delimiter="\t")
            header = next(reader)
            col = {name: i for i, name in enumerate(header)}
            c_type, c_prop, c_non = col["PRODUCTTYPENAME"], col["PROPRIETARYNAME"], col["NONPROPRIETARYNAME"]
            c_sub, c_cls = col["SUBSTANCENAME"], col["PHARM_CLASSES"]
            c_cat = col["MARKETINGCATEGORYNAME"]
            c_suffix = col.get("PROPRIETARYNAMESUFFIX")
            done: set[tuple[str, ...]] = set()
            for row in reader:
                if len(row) <= c_cls or "ALLERGENIC" in row[c_type]:
                    continue
                suffix = row[c_suffix].strip() if c_suffix is not None and len(row) > c_suffix else ""
                sig = (row[c_prop], suffix, row[c_non], row[c_sub], row[c_cls], row[c_cat])
                if sig in done:
                    continue
                done.add(sig)
                subs = row[c_sub].split(";")
                nonprop = row[c_non]
                if not any(s.strip() for s in subs):
                    subs = _split_ingredients(nonprop)
                epcs = [p.strip()[:-6].strip() for p in row[c_cls].split(",") if p.strip().endswith("[EPC]")]
                # homeopathic "brand" and non-proprietary names are mostly symptom words ("Strep Throat",
                # "Sinus", "Poison ivy"): not names; only their substances are
                homeopathic = "HOMEOPATHIC" in row[c_cat]
                (homeopathic_keys if homeopathic else medicinal_keys).update(
                    strip_salts(s) for s in subs if normalise(s)
                )
                brand = "" if homeopathic else row[c_prop]
                add_product(brand, "" if homeopathic else nonprop, [s.strip() for s in subs], "ndc", epcs)
                if brand and suffix and len(suffix) <= 40:  # the product line's full name: "Triaminic Night
                    # Time Cold and Cough" is a different product from "Triaminic Cough and Congestion"
                    full = f"{brand} {suffix}"
                    ingredients = [i.strip() for i in subs if normalise(i)]
                    if ingredients:
                        add(
                            full,
                            drug_key_for(ingredients),
                            nonprop or " and ".join(ingredients),
                            "brand",
                            "ndc",
                        )

    fda = _find(base / "drugsatfda", "Products.txt")
    if fda:
        with _open_text(fda) as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                ai = row.get("ActiveIngredient") or ""
                ings = [s.strip() for s in ai.split(";") if s.strip()]
                medicinal_keys.update(strip_salts(i) for i in ings)
                add_product(
                    row.get("DrugName") or "", " and ".join(i.lower() for i in ings), ings, "drugsatfda", []
                )

    cdc = _find(base / "glossary", "cdc_plain_language_thesaurus.json")
    if cdc:
        with _open_text(cdc) as fh:
            for item in json.load(fh):
                if item.get("term", "").strip():
                    out.append(NameEntry(item["term"].strip(), "", "", "term", "cdc"))

    nci = _find(base / "glossary", "nci_dictionary_of_cancer_terms.json")
    if nci:
        with _open_text(nci) as fh:
            terms = json.load(fh)
        known = {e.drug_key for e in out if e.kind == "generic"}
        brand_keys: dict[str, str] = {}
        for e in out:
            if e.kind == "brand":
                brand_keys.setdefault(normalise(e.name), e.drug_key)
        for item in terms:
            term = item.get("term", "").strip()
            definition = item.get("plain_alternative", "")
            first = definition.split(". ")[0]
            is_drug = bool(_NCI_DRUG_START.match(first)) and not _NCI_NOT_DRUG.search(first)
            named = normalise(term) in brand_keys or strip_salts(term) in known  # "Botox" stays a name
            if term and (not _NCI_SUBSTANCE.search(definition) or not (is_drug or named)):
                # a condition/anatomy/procedure word, or body chemistry NCI does not describe as something one
                # takes ("creatinine", "bilirubin"): medical vocabulary, never fuzzy-matched to a drug name
                out.append(NameEntry(term, "", "", "term", "nci"))
            if not term or not _NCI_DRUG_START.match(first) or _NCI_NOT_DRUG.search(first):
                continue
            names = [term]
            m = _ALSO_CALLED.search(definition)
            if m:
                also = re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(1))
                names += [a.strip() for a in also if a.strip() and len(a.strip()) <= 60]
            key = ""
            for nm in names:  # prefer a name FDA already knows as a generic, then as a brand
                k = strip_salts(nm)
                if k in known:
                    key = k
                    break
            if not key:
                key = next((brand_keys[normalise(nm)] for nm in names if normalise(nm) in brand_keys), "")
            if not key:
                key = strip_salts(term)
            for nm in names:
                nn = normalise(nm)
                if not nn:
                    continue
                if nn in brand_keys:
                    kind: Kind = "brand"
                elif strip_salts(nm) == key:
                    kind = "generic"
                elif nm[:1].isupper() and not nm.isupper() and " " not in nm and nm[1:].islower():
                    kind = "brand"
                else:
                    kind = "synonym"
                add(nm, key, key, kind, "nci")
    return _canonicalise_keys(_germs_as_terms(out, homeopathic_keys - medicinal_keys))


def _germs_as_terms(entries: list[NameEntry], homeopathic_only: set[str]) -> list[NameEntry]:
    """Homeopathic products list germs as ingredients ("ESCHERICHIA COLI", "HELICOBACTER PYLORI"): such a
    name, of a genus that label indications say medicines treat and in no other product, is a germ a question
    is about ("is cipro good for e coli"), not a medicine. It becomes medical vocabulary."""
    genera = pathogen_genera()
    out: list[NameEntry] = []
    for e in entries:
        key = e.drug_key
        if key in homeopathic_only and " / " not in key and key.split(" ", 1)[0] in genera:
            out.append(NameEntry(e.name, "", "", "term", "organism"))
        else:
            out.append(e)
    return out


def _canonicalise_keys(entries: list[NameEntry]) -> list[NameEntry]:
    """Merge keys that name the same moiety as acid and as anion ("clavulanic acid" / "clavulanate"):
    the form with more names wins. Applied inside combination keys too."""
    counts: Counter[str] = Counter(e.drug_key for e in entries if " / " not in e.drug_key)
    remap: dict[str, str] = {}
    for key in counts:
        for alt in _acid_synonyms(key):
            if alt in counts and key not in remap and alt not in remap:
                winner, loser = (key, alt) if counts[key] >= counts[alt] else (alt, key)
                remap[loser] = winner
    if not remap:
        return entries

    def fix(key: str) -> str:
        if " / " not in key:
            return remap.get(key, key)
        return " / ".join(sorted({remap.get(p, p) for p in key.split(" / ")}))

    out: list[NameEntry] = []
    seen: set[tuple[str, str, str, str]] = set()
    for e in entries:
        k = fix(e.drug_key)
        sig = (e.name.lower(), k, e.kind, e.source)
        if sig in seen:
            continue
        seen.add(sig)
        out.append(e if k == e.drug_key else NameEntry(e.name, k, e.generic, e.kind, e.source))
    return out
