"""Label text -> clean, quotable sentences: headings, section numbers, boilerplate, table debris and
dangling list intros removed, flattened OTC "Drug Facts" directions split per age group, a table flattened into
prose turned into short "X: effect" items; a sentence that still has a defect (``hygiene.defects``) after that
is dropped, never quoted (cached: label text never changes in place)."""

from __future__ import annotations

import functools
import re

from rxanswers.answers.hygiene import cut_inside_brackets, title_like
from rxanswers.answers.resources import INTENT_SECTIONS

MAX_SENTENCE_WORDS = 80
TRUNCATED_WORDS = 60
# Defects that make a sentence unquotable (a cut-off list is kept, marked with "…", and ranked down).
UNQUOTABLE = frozenset(
    {
        "section number",
        "cross-reference",
        "heading",
        "dangling list intro",
        "ends with a colon",
        "fragment start",
        "garbled rewrite",
        "cut inside brackets",
        "question heading",
        "flattened table",
        "operator instructions",
        "internal key",
    }
)


BOXED_TITLE = re.compile(r"^\s*(?:boxed warning:?\s*)?warning:?\s*", re.I)


def _lay():
    from rxanswers.answers import lay

    return lay


_BOILERPLATE = re.compile(
    r"to report suspected adverse|www\.fda\.gov/medwatch|1-800-fda-1088|\btable \d|\bfigure \d|"
    r"are (?:also )?(?:discussed|described) (?:in (?:greater )?detail )?(?:elsewhere|in other sections)|"
    r"clinical (?:trials|studies) are conducted under widely varying|^see full prescribing|revised: \d|"
    r"decisions to include these reactions in labeling|preferred terms (?:also )?include|"
    r"\b(?:table|figure)s? below\b|\bthe following table\b|\bare (?:shown|listed|summarized) in table\b",
    re.I,
)


# A list intro glued to the next sentence ("... elsewhere in the labeling: A B C For X, the most common ...").
_GLUED_INTRO = re.compile(
    r"(?:elsewhere|other sections) (?:in|of) the label(?:ing)?:.*?\s(?=(?:For|In|The|Most) [^:]*most common)"
)


# A heading glued to the sentence that follows it: "DOSAGE AND ADMINISTRATION Individualize ...",
# "Mechanism of Action Angiotensin II is ...", "2.1 Adult Dosage The recommended ...".
_CAPS_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\s+)?(?:(?:[A-Z][A-Z&/,()\-]+|&)\s+){1,8}(?=[A-Z][a-z])")


# OTC "Drug Facts" headings run into their text: "Uses temporarily relieves ...", "Directions take 2 ..."
# ("Purpose Pain reliever/fever reducer": a plural or a noun heading before a capital, never the imperative "Use")
_OTC_HEADING = re.compile(
    r"^(?:(?:Uses|Use(?!\s+(?:only|with|as|caution|this|a|the|in|on)\b)|Directions|Purpose|Purposes)\s+(?=[a-z])|"
    r"(?:Uses|Purposes?)\s+(?=[A-Z][a-z]))"  # "Use only with the enclosed cup" is a direction, not a heading
)


# A list intro whose list was cut off: "Most common adverse reactions in adults (incidence >= 2%) are."
_DANGLING_END = re.compile(
    r"\b(?:are|include|includes|including|were|was|is|of|the|and|or|with|to|as|for)\s*[.:]?$"
)


_SECTION_TITLES = sorted(
    {k.replace("_", " ") for keys in INTENT_SECTIONS.values() for k in keys}
    | {
        "mechanism of action",
        "overdosage",
        "indications and usage",
        "adverse reactions",
        "clinical considerations",
        "postmarketing experience",
        "administration information",
        "pediatric patients",
        "dosage & administration",
        "limitations of use",
        "usage",
    },
    key=len,
    reverse=True,
)


# A mixed-case sub-heading glued to the next sentence: "Coumarin-type anticoagulants Several short-term
# studies ...". Only when the glued word is a usual sentence opener and the fragment has no verb.
_SENTENCE_OPENERS = frozenset(
    """The A An In Several This These There Patients Because Although However When If Use Do It Its
    Concomitant Coadministration Co-administration Studies Clinical Data Based Administer Take Avoid
    Monitor Consider Since For Most Some No Other Both Each Treatment Therapy Initial Usual Pregnant
    Pediatric Geriatric Elderly Caution Serious Cases Reports Postmarketing Following After Before During
    Dose Dosage Safety Animal Limited Published Advise Instruct Inform Discontinue Reduce Increase To""".split()
)


_FRAGMENT_VERBS = frozenset(
    "is are was were be been may can should must has have had will would could".split()
)


def _strip_mixed_heading(sentence: str) -> str:
    words = sentence.split()
    for i in range(1, min(13, len(words) - 4)):
        word, prev = words[i], words[i - 1]
        if word in _SENTENCE_OPENERS and (prev[-1:].isalnum() or prev.endswith(")")):
            fragment = words[:i]
            if i >= 7 and not title_like(fragment):  # a long heading only when it reads as a title
                continue
            if not fragment[0][:1].isupper() or any(w.lower() in _FRAGMENT_VERBS for w in fragment):
                return sentence
            if any(w.endswith((".", ":", ";", ",")) for w in fragment):
                return sentence
            return " ".join(words[i:])
    return sentence


def _strip_heading(sentence: str) -> str:
    uncapped = _CAPS_HEADING.sub("", sentence)
    drug_facts = (
        _OTC_HEADING.match(uncapped) is not None
    )  # a Drug Facts line is short: "Pain reliever/fever reducer"
    stripped = _strip_mixed_heading(_strip_title(_OTC_HEADING.sub("", uncapped)))
    again = _strip_mixed_heading(stripped)  # a heading cut at a capitalised opener inside it ("... during the
    if again != stripped and title_like(
        stripped[: len(stripped) - len(again)].split()
    ):  # Clinical Development")
        stripped = again
    if stripped != sentence and stripped[:1].islower():
        stripped = stripped[0].upper() + stripped[1:]
    stripped = _strip_title(stripped)
    return stripped if len(stripped.split()) >= (2 if drug_facts else 4) else sentence


def _strip_title(text: str) -> str:
    """A section title glued to its text ("Limitations of Use To reduce ...") taken off."""
    lower = text.lower()
    for title in _SECTION_TITLES:
        if lower.startswith(title + " ") and len(text) > len(title) + 1 and text[len(title) + 1].isupper():
            return text[len(title) + 1 :]
    return text


_FRAGMENT_START = re.compile(
    r"^(?:mg|mcg|ml|mL|g|kg|units?|and|or|but|of|to|with|for|which|than)\b|^[A-Za-z•·]{1,6}/(?:mL|L|kg)\b"
)  # "H/mL, and the mean terminal half-life was 46.2 hours": the tail of a unit cut at its dot


def quotable_sentences(text: str) -> list[str]:
    """Label text split into clean, quotable sentences (cached: label text never changes in place)."""
    return list(_sentences_cached(text))


# OTC "Drug Facts" directions are a table flattened into one run-on line ("adults and children 12 years and
# over take 2 tablets every 4 to 6 hours do not take more than 10 tablets in 24 hours children 6 to under 12
# years take 1 tablet ..."). Each age group and each "do not ..." limit starts a new sentence.
_FLAT_BREAK = re.compile(
    r"(?<=[a-z0-9)%])\s+(?=(?:adults(?: and children)?(?: \d+ (?:years|yrs)(?: of age)?(?: and (?:over|older))?)?"
    r"|children(?: (?:under|\d+ (?:to|-) (?:under )?\d+|\d+ (?:years|yrs)(?: of age)? and (?:over|older)))"
    r"|infants?(?: under)? \d+|persons? \d+ years|do not (?:take|use|give|exceed)|not for use in)\b)",
    re.I,
)


def _split_flat_directions(text: str) -> str:
    """Sentence breaks for flattened Drug Facts text: a bulleted item ends a sentence ("• use only with enclosed
    dosing cup •"); age groups and limits break only when the text has almost no full stops of its own."""
    # a Drug Facts dosing chart with bullets (an age group in it, no list introduced by a colon): each item and
    # each age group is a sentence, its first letter capitalised
    bullets = "•" in text and _FLAT_BREAK.search(text) is not None and not _LIST_AFTER_COLON.search(text)
    if bullets:
        text = re.sub(r"\s*•\s*", ". ", text).lstrip(". ")
        text = _LOWER_AFTER_STOP.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    words = text.count(" ") + 1
    if words < 25 or (not bullets and text.count(". ") * 35 > words):
        return text
    out: list[str] = []
    start = 0
    in_group = False  # the current sentence is one age group's directions
    for match in _FLAT_BREAK.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()].split()
        if before and (before[-1].lower() in _NO_BREAK_AFTER or before[-1] in ("Directions", "Uses", "Use")):
            continue
        piece = text[start : match.start()].strip()
        start = match.end()
        if not piece:
            continue
        out.append(piece[:1].upper() + piece[1:] if not out or out[-1].endswith(". ") else piece)
        limit = text[start : start + 7].lower() == "do not "
        # a limit ("do not take more than 5 tablets in 24 hours") belongs to the age group before it
        out.append("; " if limit and in_group else ". ")
        in_group = in_group if limit else not text[start:].lower().startswith(("do not", "not for"))
    rest = text[start:].strip()
    if rest:
        out.append(rest[:1].upper() + rest[1:] if not out or out[-1].endswith(". ") else rest)
    return "".join(out)


_LIST_AFTER_COLON = re.compile(r":\s*•")
_LOWER_AFTER_STOP = re.compile(r"((?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\betc)\.\s+)([a-z])")
_NO_BREAK_AFTER = frozenset(
    "and or for in to of the than with by as from young older healthy elderly adult".split()
)


_LIST_NUMBER_AFTER_COLON = re.compile(r":\s*\(?\d{1,2}[.)]$")


# A cross-reference standing between two items of a flattened Highlights list: "Diuretics: Excessive drop in
# blood pressure (7.1) NSAIDS: Increased risk ..." -> two sentences.
_REF_BETWEEN_ITEMS = re.compile(
    r"(?<=[A-Za-z0-9%)\]])\s*\(\s*\d{1,2}(?:\.\d{1,2})*(?:\s*,\s*\d{1,2}(?:\.\d{1,2})*)*\s*\)\s+(?=[A-Z]|\d{1,2}\.\d)"
)
# "Name: effect" pairs run together: a new item starts at a short capitalised name followed by a colon.
_ITEM_START = re.compile(r"(?<=[a-z0-9%)\]])\s+(?=[A-Z][\w/,()+-]*(?: [\w/,()+-]+){0,5}: [A-Za-z])")
_TRAILING_REF = re.compile(r"\s*\(\s*\d{1,2}(?:\s*,\s*\d{1,2})*\s*\)\s*\.?$")  # "... in adults (1)"
_REPEATED_OPENING = re.compile(r"^(\w+) (?=\1\b)", re.I)  # "Patients Patients should ...": a heading word


def _items(sentence: str) -> list[str]:
    """A table flattened into one sentence, as its "Name: effect" rows (only rows that read cleanly)."""
    from rxanswers.answers.hygiene import defects

    rows = [r.strip().rstrip(",;") for r in _ITEM_START.split(sentence)]
    if len(rows) < 2:
        return []
    out = []
    for row in rows:
        name, colon, effect = row.partition(": ")
        if not colon or len(effect.split()) < 3 or len(name.split()) > 6:
            continue
        row = row if row.endswith(".") else row + "."
        if not set(defects(row)) & UNQUOTABLE:
            out.append(row)
    return out


# A sub-section number and its title-case heading run into the text: "... risk. 7.1 Diuretics Initiation of
# lisinopril ...", "12.1 Mechanism of Action Metformin is ...".
_NUMBERED_HEADING = re.compile(r"(?:(?<=\s)|^)\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\s+(?=[A-Z])")
_HEADING_JOINERS = frozenset("and or of the in to for with on by a an & vs".split())


def _heading_length(words: list[str]) -> int:
    """How many of ``words`` are the heading: the sentence starts at the last capitalised word before the
    first ordinary lowercase word (0 when that cannot be told)."""
    depth = 0
    last_capital = None
    for i, word in enumerate(words[:20]):
        opened = depth > 0 or word.startswith("(")
        depth += word.count("(") - word.count(")")
        bare = word.strip("(),;:")
        if opened or not bare:
            continue
        if bare[0].isupper():
            last_capital = i
        elif not bare[0].isdigit() and bare.lower() not in _HEADING_JOINERS:
            return last_capital or 0
    return 0


def _numbered_headings(text: str):
    """``(start, heading, end)`` of each numbered sub-heading run into the text ("2.5 Acute Gout The ..." ->
    the heading "Acute Gout" and where the text after it starts)."""
    pos = 0
    for m in _NUMBERED_HEADING.finditer(text):
        if m.start() < pos:
            continue
        words = text[m.end() :].split(" ")
        n = _heading_length(words)
        if n == 0:
            continue
        heading = " ".join(words[:n])
        pos = m.end() + len(heading) + 1
        yield m.start(), heading, pos


def _unhead(text: str) -> str:
    """Replace each numbered sub-heading by a sentence boundary."""
    out, pos = [], 0
    for start, _, end in _numbered_headings(text):
        out.append(text[pos:start].rstrip())
        out.append(". " if out[-1] and not out[-1].endswith((".", ":", "!", "?")) else " ")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def numbered_parts(text: str) -> list[tuple[str, str]]:
    """``(heading, text)`` of each numbered sub-section of a section's text: "... 2.5 Acute Gout The recommended
    starting dose ..." gives ``("Acute Gout", "The recommended starting dose ...")``; the text before the first
    sub-heading has the heading ``""``."""
    out, heading, pos = [], "", 0
    for start, following, end in _numbered_headings(text):
        out.append((heading, text[pos:start].strip()))
        heading, pos = following, end
    out.append((heading, text[pos:].strip()))
    return [(h, t) for h, t in out if h or t]


# "Of Tramadol Hydrochloride Extended-Release Tablets The initial dose ...": the tail of a heading glued on
_GLUED_HEADING_TAIL = re.compile(r"^Of(?: [A-Z][\w-]*){1,8} (?=(?:The|This|These|Each|In|For|Do|Take)\b)")


# a bracketed cross-reference: "[see Clinical Studies (14)]", "(see Warnings and Precautions (5.1))"
_CROSS_REFERENCE = re.compile(r"\s*\[\s*see\b[^\]]*\]|\s*\(\s*see\b[^()]*(?:\([^()]*\)[^()]*)*\)", re.I)


_DOUBLED_STOP = re.compile(r"(?<!\.)\.\.$")  # "... bacteria.." once a reference between the stops is gone


def _mend(sentence: str) -> str:
    """Mend what can be mended: a repeated heading word at the start, a heading's tail glued on, a bracketed
    cross-reference (the sentence reads the same without it); a text stored cut inside a bracket ("... aureus
    (S.") ends where the bracket opened, marked as cut."""
    if (cut := cut_inside_brackets(sentence)) > 0:
        sentence = sentence[:cut].rstrip(" ,;:") + " …"
    sentence = _CROSS_REFERENCE.sub("", sentence)
    sentence = re.sub(r"\s+([.,;:])", r"\1", sentence)
    return _GLUED_HEADING_TAIL.sub("", _REPEATED_OPENING.sub("", sentence, count=1), count=1)


# a Drug Facts warning heading and its bullets ("When using this product • drowsiness may occur • avoid alcoholic
# drinks • ..."), up to the next sentence: split at the bullets, the short items were dropped as fragments
_OTC_BULLETS = re.compile(
    r"\b(When using this product|Ask a doctor before use if you(?: have)?|Ask a doctor or pharmacist before use if "
    r"you are(?: taking)?|Stop use and ask a doctor if|Do not use)\s*•\s*([^.•]+(?:•[^.•]+)*)"
)


# a storage direction run into the packaging list before it ("... NDC 43063-752-28 Bottles of 28 Store clarithromycin
# tablets at controlled room temperature", "... bottles of 500 tablets. Recommended storage Store at 20°C"): its own
# sentence (it had been lost in the run-on list)
_STORE_RUN_IN = re.compile(
    r"(?:(?<=[a-z0-9)\]])|(?<=\.))\s+(?:Recommended [Ss]torage:?\s+)?"
    r"(?=Store (?:at|in|below|between|refrigerated|unopened|[a-z]+ (?:\w+, )?(?:tablets|capsules|vials|at|in)\b))"
)


def _one_list_sentence(m: re.Match) -> str:
    """ "When using this product: drowsiness may occur; avoid alcoholic drinks; ..." """
    items = [i.strip().rstrip(";,") for i in m.group(2).split("•") if i.strip()]
    return f"{m.group(1)}: {'; '.join(items)}"


@functools.lru_cache(maxsize=4096)
def _sentences_cached(text: str) -> tuple[str, ...]:
    from rxanswers.answers.hygiene import DRUG_FACTS_RUN_IN, defects

    out = []
    intro = ""  # "X is indicated for the treatment of:" — the lead-in of a list whose items follow
    text = DRUG_FACTS_RUN_IN.sub(". ", _REF_BETWEEN_ITEMS.sub(". ", text))
    text = _OTC_BULLETS.sub(_one_list_sentence, text)
    text = _STORE_RUN_IN.sub(". ", text)
    for sentence in _candidate_sentences(_unhead(text)):
        head, colon, _ = sentence.partition(": ")
        if colon and len(head.split()) <= 20 and not sentence[:1].islower():
            intro = head + ":"
        elif sentence[:1].islower() and intro and not sentence.startswith(("and ", "or ", "but ")):
            sentence = f"{intro} {sentence}"  # a list item: quotable on its own with its lead-in
        elif not sentence[:1].islower():
            intro = ""
        sentence = _DOUBLED_STOP.sub(".", _TRAILING_REF.sub(".", sentence))
        found = set(defects(sentence))
        if found & UNQUOTABLE:
            mended = _mend(sentence)
            if mended != sentence and not set(defects(mended)) & UNQUOTABLE:
                out.append(mended)
            elif "flattened table" in found:
                out.extend(_items(sentence))
            continue
        out.append(sentence)
    return tuple(out)


# a table footnote's mark glued to its sentence ("1 This indication is approved under accelerated approval"),
# not a count ("2 Single-Use Prefilled Pens", "7 Tablets x 10 mg")
_FOOTNOTE_MARK = re.compile(
    r"^\d\s+(?!(?:Single|Tablets?|Capsules?|Caplets?|Pens?|Syringes?|Vials?|Bottles?|Packs?|Doses?|Cartons?|"
    r"Prefilled|Pre-filled|Blisters?|Ampules?|Patches|Sachets?|Inhalers?)\b)(?=[A-Z][a-z]+\s+[a-z])"
)


def _candidate_sentences(text: str) -> list[str]:
    lay = _lay()
    out = []
    pending = ""
    for raw in lay.split_sentences(_split_flat_directions(text)):
        raw = _LIST_NUMBER_AFTER_COLON.sub(
            ":", raw.rstrip()
        )  # "... the following conditions: 1." is an intro
        if pending:  # "X is indicated for:" + "Prevention of asthma ..." -> one sentence
            raw, pending = f"{pending} {raw}", ""
        if raw.rstrip().endswith(":") and len(raw.split()) < 25:
            pending = raw.rstrip()
            continue
        raw = _GLUED_INTRO.split(raw)[-1] if "most common" in raw else raw
        clean = _FOOTNOTE_MARK.sub("", _strip_heading(lay.simplify_label_sentence(raw).strip()), count=1)
        if _BOILERPLATE.search(clean):
            continue
        words = clean.split()
        drug_facts_line = _OTC_HEADING.match(_CAPS_HEADING.sub("", raw.strip())) is not None
        if len(words) < (2 if drug_facts_line else 4):  # "Purpose Pain reliever/fever reducer" is whole
            continue
        if (
            len(words) > MAX_SENTENCE_WORDS
        ):  # a run-on list (flattened bullets): quote its start, marked as cut
            clean = " ".join(words[:TRUNCATED_WORDS]).rstrip(",;:") + " …"
        if clean.isupper() or not re.search(r"[a-z]", clean):
            continue  # headings, table debris
        if not drug_facts_line and len(words) <= 14 and title_like(clean.rstrip(".").split()):
            continue  # a title-case heading alone ("Other Adverse Reactions with Abrupt or Rapid Discontinuation")
        if _FRAGMENT_START.match(clean):
            continue  # the tail of a sentence cut at a number or a list break ("mg once daily taken ...")
        if _DANGLING_END.search(clean):
            continue
        if not clean.endswith((".", "!", "?", ")", "…")):
            clean += "."
        out.append(clean)
    return out


_TITLE_WORD = re.compile(r"[A-Z][A-Za-z'’-]*$")
_HEAD_FUNCTION_WORDS = frozenset(  # "In Patients Receiving Lisinopril the dose ...": not a heading
    "in for with when if after before during of to at by on as although while because since unlike like than "
    "and or but the a an all some most patients receiving treated taking".split()
)
_SUBJECT_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|should|may|can|could|must|will|does|do|did|contains?|causes?|"
    r"reduces?|increases?|decreases?|inhibits?|works?|acts?|binds?|blocks?|lowers?|relieves?)\b"
)


# the row labels of an interaction table read as a sentence ("Intervention: Avoid intake of large quantities of
# grapefruit juice"): a full sentence follows them ("Examples:" is followed by a list, left as it is)
_TABLE_ROW_LABEL = re.compile(r"^(?:Clinical Impact|Intervention|Prevention or Management):\s+(?=[A-Z])")


def without_table_row_label(sentence: str) -> str:
    """The sentence after an interaction table's row label ("Clinical Impact: ", "Intervention: ")."""
    return _TABLE_ROW_LABEL.sub("", sentence, count=1)


def without_heading_before(sentence: str, names) -> str:
    """A title-case heading glued before the medicine's name ("Hypertension Acebutolol HCl capsules are
    indicated ...", "Use Warfarin sodium tablets have no direct effect ..."): the sentence from the name on.
    Only one to four title-case words are cut, and only when the name follows them directly."""
    lowered = sentence.lower()
    for name in sorted({n for n in names if n and len(n) >= 4}, key=len, reverse=True):
        at = lowered.find(name.lower())
        if at == 0:
            return sentence
        if at < 0 or not re.match(r"\W", sentence[at + len(name) : at + len(name) + 1] or " "):
            continue
        head, rest = sentence[:at].split(), sentence[at:]
        # the rest must be a sentence with the name as its subject ("Take Lisinopril once a day" is an order)
        if (
            1 <= len(head) <= 4
            and all(_TITLE_WORD.match(w) and w.lower() not in _HEAD_FUNCTION_WORDS for w in head)
            and sentence[at - 1] == " "
            and _SUBJECT_VERB.search(" ".join(rest.split()[:5]))
        ):
            return rest[:1].upper() + rest[1:]
        return sentence
    return sentence
