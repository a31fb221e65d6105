"""Drug-name normalisation shared by the drug store (drug keys) and question understanding (pure Python)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN_RE = re.compile(r"[a-z0-9]+")
_SPACE_RE = re.compile(r"\s+")

# Salt, ester and hydrate words that FDA names append to the active moiety ("metformin hydrochloride",
# "atorvastatin calcium", "cefuroxime axetil"). Stripped only when they *follow* another word, so
# "calcium" or "sodium bicarbonate" on their own stay intact.
SALT_WORDS = frozenset(
    """
    hydrochloride hcl dihydrochloride monohydrochloride hydrobromide bromide hydroiodide
    sodium disodium trisodium potassium dipotassium calcium magnesium zinc lithium aluminum
    sulfate sulphate bisulfate hemisulfate tartrate bitartrate tromethamine meglumine
    succinate besylate besilate maleate mesylate dimesylate fumarate hemifumarate citrate dicitrate
    acetate diacetate phosphate diphosphate dihydrogen nitrate lactate gluconate malate oxalate
    benzoate salicylate stearate palmitate pamoate embonate napsylate tosylate edisylate
    estolate ethylsuccinate propionate dipropionate valerate furoate pivalate butyrate
    cypionate enanthate decanoate undecanoate axetil medoxomil proxetil cilexetil pivoxil
    hyclate monohydrate dihydrate trihydrate sesquihydrate hemihydrate hydrate anhydrous
    chloride carbonate bicarbonate hemitartrate camsylate mofetil
    etexilate erbumine xinafoate dipivoxil olamine saccharate mesilate lysine arginine marboxil
    """.split()
)

# Words that describe a dosage form/route rather than the drug ("keflex capsules", "clonidine patch").
FORM_WORDS = frozenset(
    """
    tablet tablets tab tabs capsule capsules cap caps pill pills injection injections injectable shot shots
    solution suspension syrup elixir liquid cream creams ointment gel lotion patch patches spray nasal
    inhaler inhalation nebulizer drops drop ophthalmic otic topical oral extended release er xr sr cr la
    dr ec odt chewable powder vial pen kit film foam suppository suppositories lozenge gum rinse mouthwash
    intravenous iv im infusion drip subcutaneous transdermal vaginal rectal delayed sustained controlled hfa
    """.split()
)


def fold(text: str) -> str:
    """Lowercase and strip accents; keep the string length stable where possible."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


@lru_cache(maxsize=262144)
def normalise(text: str) -> str:
    """Canonical form of a name: lowercase ascii words separated by single spaces."""
    text = fold(text).replace("&", " and ").replace("w/", " with ")
    return " ".join(_TOKEN_RE.findall(text))


def tokenise(text: str) -> list[tuple[str, int, int]]:
    """Lowercased alphanumeric tokens with their character spans in ``text``."""
    folded = fold(text)
    if len(folded) != len(text):  # rare: combining characters expanded; fall back to plain lower()
        folded = text.lower()
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(folded)]


@lru_cache(maxsize=262144)
def strip_salts(name: str) -> str:
    """Remove salt/hydrate words that follow another word: "metoprolol tartrate" -> "metoprolol".

    Works per ingredient on names like "hydrocodone bitartrate and acetaminophen"
    ("hydrocodone and acetaminophen").
    """
    words = normalise(name).split()
    while len(words) > 1 and words[0] in _CONNECTORS:  # "and phenylephrine": a mis-split combination name
        words = words[1:]
    out: list[str] = []
    for w in words:
        if (
            w in SALT_WORDS
            and out
            and len(out[-1]) >= 3  # "l arginine" is the amino acid, not a salt of "l"
            and out[-1] not in ("and", "with")
            and out[-1] not in SALT_WORDS
        ):
            # "sodium chloride", "potassium chloride": the cation is the drug, keep both words
            if out[-1] in _CATIONS and len(out) == 1:
                out.append(w)
            continue
        if w in SALT_WORDS and out and out[-1] in SALT_WORDS and len(out) > 1:
            continue
        out.append(w)
    return " ".join(out) or normalise(name)


_CONNECTORS = frozenset("and with plus or".split())
_CATIONS = frozenset("sodium potassium calcium magnesium zinc lithium aluminum ferrous ferric silver".split())


def squash(text: str) -> str:
    return _SPACE_RE.sub("", text)
