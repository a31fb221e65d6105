"""Question-type (intent) classification for consumer medication questions (pure Python).

Approach: weighted cue patterns over the *drug-masked* question. Recognised drug names become the
token ``DRUG`` and class words ``DRUGCLASS`` (so "what is DRUG used for" generalises across names and
drug names cannot trigger cues), then every intent sums the weights of the cue patterns that match.
A few structural rules use the recognition result (two drugs + "together" -> interaction). The top
score is the intent; a second intent is reported when the question plainly asks two things.

Why not a trained model: the only consumer questions with drug-question types outside the dev set are
~30 LiveQA sub-questions (MedQuAD drug questions are 12 fixed templates per drug, MeQSum has no type
labels). A linear model over that data would learn the templates rather than consumer phrasing, so
none was trained; the cues are written by hand from general consumer phrasing and checked on LiveQA's
drug questions, hand-written phrasings in the tests, and the MedicationQA dev set
(see docs/understanding.md).

MedicationQA gold ``type`` -> intent (``GOLD_TYPE_MAP``): the fine types are folded as follows
(unlisted types fall back on keyword rules in :func:`map_gold_type`):

===============================================  ===================
MedicationQA type                                intent
===============================================  ===================
Information, Pronounce name, Manufacturer,        information
Availability, Book, not_drug_question
Usage, Usage/time, Usage/duration, Time/duration  usage
Action, Action/time                              action
Dose                                             dose
Indication                                       indication
Side effects, Effect on lab tests                side_effects
Interaction, Combination                         interaction
Contraindication                                 contraindication
Appearance                                       appearance
Ingredient                                       ingredient
Storage and disposal, Expiration                 storage_disposal
Stopping/tapering, Stopping/side effects         stopping
Overdose                                         overdose
Comparison                                       comparison
Alternatives                                     alternatives
Brand names                                      brand_names
Generic                                          generic
Cost, Price                                      cost
Pregnancy, Breastfeeding                         pregnancy
===============================================  ===================
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, get_args

from .names import Recognition
from .text import fold

Intent = Literal[
    "action",
    "indication",
    "usage",
    "dose",
    "side_effects",
    "interaction",
    "contraindication",
    "appearance",
    "ingredient",
    "storage_disposal",
    "stopping",
    "overdose",
    "comparison",
    "alternatives",
    "brand_names",
    "generic",
    "cost",
    "pregnancy",
    "information",
]

INTENTS: tuple[str, ...] = get_args(Intent)

GOLD_TYPE_MAP: dict[str, str] = {
    "information": "information",
    "pronounce name": "information",
    "manufacturer": "information",
    "availability": "information",
    "book": "information",
    "not_drug_question": "information",
    "usage": "usage",
    "usage/time": "usage",
    "usage/duration": "usage",
    "time/duration": "usage",
    "time": "usage",
    "action": "action",
    "action/time": "action",
    "dose": "dose",
    "indication": "indication",
    "side effects": "side_effects",
    "effect on lab tests": "side_effects",
    "interaction": "interaction",
    "combination": "interaction",
    "contraindication": "contraindication",
    "appearance": "appearance",
    "ingredient": "ingredient",
    "storage and disposal": "storage_disposal",
    "expiration": "storage_disposal",
    "stopping/tapering": "stopping",
    "stopping/side effects": "stopping",
    "stopping": "stopping",
    "tapering": "stopping",
    "overdose": "overdose",
    "comparison": "comparison",
    "alternatives": "alternatives",
    "brand names": "brand_names",
    "generic": "generic",
    "cost": "cost",
    "price": "cost",
    "pregnancy": "pregnancy",
    "breastfeeding": "pregnancy",
    # LiveQA 2017 drug-question types
    "dosage": "dose",
    "emergency or overdose": "overdose",
    "storage_disposal": "storage_disposal",
    "side_effects": "side_effects",
    "brand_names": "brand_names",
}


def map_gold_type(gold: str) -> str:
    """Map a MedicationQA / LiveQA gold type string to one of :data:`INTENTS`."""
    g = " ".join(gold.strip().lower().replace("_", " ").split())
    if g in GOLD_TYPE_MAP:
        return GOLD_TYPE_MAP[g]
    if g.replace(" ", "_") in GOLD_TYPE_MAP:
        return GOLD_TYPE_MAP[g.replace(" ", "_")]
    head = g.split("/")[0].strip()
    if head in GOLD_TYPE_MAP:
        return GOLD_TYPE_MAP[head]
    for key, val in (("side", "side_effects"), ("stop", "stopping"), ("usage", "usage"), ("dose", "dose")):
        if key in g:
            return val
    return "information"


@dataclass(slots=True)
class IntentResult:
    intent: str
    secondary_intent: str | None
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------- cues
# Patterns run on the masked, lowercased question with punctuation turned into spaces and single
# spaces; ``D`` stands for a drug or class mention.
D = r"(?:xdrug|xdrugclass)"  # mask tokens: never collide with the word "drug" in a question
# Kinds of medicine people ask a drug's membership of ("is prednisone a steroid or an antibiotic").
KIND_WORDS = r"(?:chemo|chemotherapy|immunotherapy|steroid|antibiotic|antiviral|antifungal|blood thinner|muscle relaxer|sleeping pill|sleep aid|pain ?killer|antihistamine|nsaid|benzo|antidepressant|stimulant|vaccine|live vaccine|hormone|biologic|narcotic|opioid|opiate|diuretic|water pill|ssri|antipsychotic|controlled substance)"

_CUES: dict[str, list[tuple[str, float]]] = {
    "appearance": [
        (r"\blooks? like\b", 4.0),
        (r"\b(colou?r|shape|imprint|markings?|stamped|engraved|scored)\b", 2.0),
        (r"\bwhat (colou?r|shape|size) (is|are)\b", 1.5),
        (r"\b(pictures?|photos?|images?) of\b", 2.5),
        (r"\bshow me\b", 2.5),
        (r"\b(identify|identification|identifier)\b", 2.0),
        (
            r"\b(round|oval|oblong|white|blue|yellow|pink|orange|green|red|purple|peach) (pill|tablet|capsule)s?\b",
            3.0,
        ),
        (r"\bwhat (does|do) (a |an |the )?(" + D + r" )?(pill|tablet|capsule)s? look\b", 1.0),
        # a refill that looks different: "why does my sertraline look different", "a different looking pill"
        (r"\b(looks?|looking) different\b|\bdifferent (looking|colou?red|colou?r|shaped?|size)\b", 5.0),
        (
            r"\b(white|yellow|blue|pink|orange|green|red|purple|peach|brown|gr[ae]y|tan) or (white|yellow|blue|pink|orange|green|red|purple|peach|brown|gr[ae]y|tan)\b",
            3.0,
        ),
        (r"\bcolou?red (pill|tablet|capsule)s?\b", 3.0),
        (r"\b(on one side|on the other side|on the back|one side)\b", 3.0),
        (r"\b(round|oval|oblong|square|capsule|tablet) or (round|oval|oblong|square|capsule|tablet)\b", 3.0),
    ],
    "storage_disposal": [
        (r"\b(store|stored|storing|storage)\b", 3.0),
        (r"\b(refr?id?g?erat\w*|fridge|freez\w*|room temperature|hot car|heat)\b", 2.0),
        (r"\b(expir\w*|shelf life|on the shelf|out of date|outdated)\b", 3.0),
        (r"\b(go|goes|gone|went) bad\b", 3.0),
        (r"\bstay(s)? good\b", 3.0),
        (r"\bstill (good|safe|effective|potent)\b", 2.0),
        (r"\b(dispose|disposal|discard|throw (it |them )?away|get rid of|flush)\b", 3.0),
        (r"\bhow long (does|do|will|can|is) (" + D + r" |it |they |an? )?(\w+ )?(last|keep|good)\b", 1.5),
        (r"\bleft out\b", 1.5),
        (
            r"\bhow long (is|are|will|does|do|can) (?!(i|you|we|he|she)\b)(\w+ ){0,3}(good|keep|stable)( for| after)?\b",
            3.5,
        ),
    ],
    "overdose": [
        (r"\bover ?dos\w*\b", 3.5),
        (r"\btoo (much|many)\b", 2.5),
        (r"\b(is|be|considered|counts as) too (much|many)\b", 3.0),
        (r"\bdouble (dose|does|dosed|dosage)\b", 3.0),
        (r"\b(took|take|taken|taking) (two|2|three|3|twice|an extra|extra|double)\b", 1.5),
        (r"\b(accidentally|accidently|accidentaly|accidental|by mistake|mistakenly)\b", 2.5),
        (
            r"\b(child|kid|baby|toddler|son|daughter|dog|cat) (ate|eats|swallowed|swallows|took|takes|got into|gets into)\b",
            3.5,
        ),
        (r"\b(ate|swallowed) (a|an|one|two|some|my|the|his|her)\b", 2.0),
        (r"\b(lethal|fatal|deadly|toxic) (dose|amount|level)\b", 3.0),
        (r"\bhow many .*\b(kill|die|dead|fatal|lethal|damage|overdose|od)\b", 3.0),
        (r"\b(poisoning|toxicity)\b", 2.0),
        (r"\bwhat happen\w* if (you|i|one|someone|a person|he|she) (takes?|took|ate|eats?)\b", 1.0),
        (r"\b(2|two|3|three|double|extra) (\w+ ){0,2}instead of (1|one|a single|my)\b", 5.0),
        (r"\b(already|accidentally|accidently) (took|taken|had|gave)\b", 3.0),
        (
            r"\b(took|taken|take|gave|had) (it |my |his |her |the )?("
            + D
            + r" |\w+ )?(twice|two times|again)\b(?! (a |per |each )?(day|daily|week|weekly|month))",
            3.0,
        ),
        (r"\btook another\b", 2.5),
    ],
    "stopping": [
        (r"\b(stop|stopped|stopping|quit|quitting) (taking|using|the|my|it|this|" + D + r")\b", 3.0),
        (r"\b(stop|stopping|stoping|stoped|quit|quitting|discontinu\w*)\b", 1.5),
        (r"\b(come|coming|comming|get|getting|go|going) off\b", 3.5),
        (r"\bwean\w*\b", 4.0),
        (r"\btaper\w*\b", 3.5),
        (r"\bwithdraw\w*\b", 3.0),
        (r"\bcold turkey\b", 3.5),
        (r"\bdiscontinuation\b", 2.5),
        (r"\bwithdraw\w* (symptoms? )?(last|lasts|take|start|starts|begin|end|go away)\b", 3.0),
        (r"\brebound\b", 2.0),
    ],
    "interaction": [
        (r"\binteract\w*\b", 3.5),
        (r"\btogether\b", 2.5),
        (r"\b(mix|mixed|mixing|combine|combined|combining|combination)\b", 2.0),
        (r"\b(alcohol|drink(ing)? (beer|wine|liquor)|beer|wine|liquor|grapefruit|caffeine|coffee)\b", 1.5),
        (r"\bwhat (foods?|drinks?) (should|to|can|must)\b", 2.5),
        (r"\bfoods? (to avoid|should i avoid|that interact)\b", 3.0),
        (r"\b(while|when|if) (taking|on|using) " + D + r"\b", 1.0),
        (
            r"\b(can|do|should|could) (i|you|one|we) (take|use|have|drink|eat|mix) .*\b(with|and|while) "
            + D
            + r"\b",
            2.0,
        ),
        (r"\b" + D + r" (with|and|plus|\+) " + D + r"\b", 1.5),
        # "can i take <drug> with <something that is not a meal>" (a supplement, a food, another product)
        (
            r"\b(can|should|could|do) (i|you|one|we) (take|use|have) "
            + D
            + r" (with|plus|while|after|on top of) "
            r"(?!(food|a meal|meals?|water|milk|breakfast|lunch|dinner|an empty|empty|or without)\b)\w",
            2.5,
        ),
        (r"\b(safe|ok|okay|alright) to (take|use|mix|combine) .*" + D + r" .*" + D, 1.5),
        (
            r"\bwhat (pain ?killers?|pain relievers?|medications?|meds|drugs?|medicines?|antibiotics?|cold medicines?|otc) can (i|you) (take|use|have)\b",
            3.0,
        ),
        (r"\b(when|while) (i am |im |i m )?(on|taking) " + D + r"\b", 1.0),
        (r"\bwhen i drink\b", 1.5),
        (
            r"\b(drink|drinking|have|eat|eating|smoke|smoking) (\w+ ){0,2}(on|while on|with|after taking) "
            + D
            + r"\b",
            2.5,
        ),
        (
            r"\b"
            + D
            + r" (affect|affects|effect|interfere with|interferes with|react with|reacts with|cancel out) "
            + D
            + r"\b",
            3.5,
        ),
        (r"\b(a couple of|a couple|a few|couple of|some|few) drinks\b", 3.0),
        (r"\bdrinks?\b", 1.0),
        (
            r"\b(take|use|mix|combine) (\w+ ){1,3}(with|and) (my |your |his |her |the )?(\w+ )?"
            r"(medicines?|medications?|meds|pills|prescriptions?)\b",
            3.0,
        ),
        (
            r"\b(ok|okay|safe|alright|fine) to (take|use|have|mix|combine|drink|eat) (\w+ ){1,3}(with|and|while on|on top of) "
            + D
            + r"\b",
            3.0,
        ),
        (r"\b(leafy|vegetables?|greens|spinach|kale|broccoli|vitamin k|cheese|juice|bananas?)\b", 2.0),
        (r"\b(add|adding) (\w+ ){0,2}(on top of|to my|to it|along with)\b", 2.5),
        (r"\b(and|with) (\w+ ){0,3}(at the same time|together)\b", 2.0),
        (r"\bwith (those|these|them|my other (meds|medications|medicines|pills))\b", 2.0),
        (r"\b(matter|problem|issue|bad|dangerous) with " + D + r"\b", 2.5),
        (r"\bmake (\w+ ){1,3}(not work|less effective|ineffective|stop working)\b", 3.5),
        (r"\b(with|and) (milk|dairy|antacids?|calcium|yogurt|tums)\b", 2.5),
        (r"\b(tea|coffee|juice|supplements?|herbs?|herbal)\b", 1.5),
    ],
    "side_effects": [
        (r"\bside ?(effects?|affects?|efects?|effecs?)\b", 4.0),
        (r"\badverse\b", 3.0),
        (r"\breactions?\b", 2.0),
        (
            r"\b(can|could|does|do|did|will|would|may|might) "
            + D
            + r" (cause|give|make|lead|induce|increase|raise|lower|affect|effect)\b",
            3.0,
        ),
        (r"\b(caused|causes|causing|induced?) by\b", 3.0),
        (r"\bcause\w*\b", 1.5),
        (
            r"\bwhat (drugs?|xdrugclass|medications?|medicines?|meds|pills?) (\w+ )?(cause|causes|induce|contribute|lead|trigger|worsen)",
            3.5,
        ),
        (
            r"\b(make|makes|made|making) (you|me|him|her|people|someone) (\w+ )?(tired|sleepy|drowsy|dizzy|sick|gain|lose|fat|hungry|nauseous|depressed|anxious|high|sweat|pee|itch)",
            3.0,
        ),
        (
            r"\b(rash|hair loss|weight gain|weight loss|insomnia|nausea|constipation|diarrhea|dizziness|drowsiness|headache|hypotension|bleeding|bruising|swelling|itching|fatigue|impotence|erectile|memory loss)\b",
            1.5,
        ),
        (r"\b(dependence|dependency)\b", 1.5),
        (r"\b(how|what) (does|do|can|will) " + D + r" (\w+ )?(affect|effect)\b", 2.5),
        (r"\beffects? (of " + D + r" )?on (the|my|your)\b", 2.5),
        (r"\b(damage|harm|hurt|dangerous|risks?)\b", 1.0),
        (r"\b(risks?|dangers?) (of|with|from|in) (taking |using )?", 2.5),
        (r"\b(long term|long-term|lasting|permanent|lingering) (side )?effects?\b", 3.5),
        (r"\b(symptoms?|problems?) (from|after|with|when)\b", 1.5),
        (r"\blong term\b", 2.0),
        (
            r"\b(could|can|is|was|might|would) (this|that|it|these|they) (be )?(from|because of|caused by|due to|related to|a reaction to)\b",
            3.5,
        ),
        (
            r"\b(elevated|high|higher|low|lower|raised|abnormal|increased) (\w+ ){0,2}(enzymes?|levels?|counts?|potassium|sodium|a1c|tsh|psa|creatinine|platelets?)\b",
            2.5,
        ),
        (r"\b(sore|swollen|red|itchy|painful|bruised) (\w+ ){0,2}(after|from)\b", 3.0),
        (r"\b(is (this|that|it) )?normal$", 1.5),
        (
            r"\b(can|could|does|do|will|may|might) "
            + D
            + r" (\w+ ){0,2}(slow|speed up|damage|hurt|weaken|worsen|thin out|change)\b",
            3.0,
        ),
        (r"\b(rash|hives|reaction|bruis\w*|swelling|spots?|bumps?) (look|looks) like\b", 5.0),
        (
            r"\b(could|can|is|might|would) (it|this|that) be (the |from |because of |caused by )?"
            r"((my |his |her |this |the )?(new )?(medicine|medication|meds|pills?|shot|vaccine|drug)|"
            + D
            + r")\b",
            3.5,
        ),
        (
            r"\b(mess(es)? (up|with)|interfere with|throw off|skew|affect) (\w+ ){0,3}(tests?|results|labs?|readings?|blood ?work|levels)\b",
            3.0,
        ),
        (r"\beffects? of (\w+ ){1,3}on (the|my|your|his|her)\b", 2.5),
        (
            r"\b(can|could|does|would|will) (the |my |his |her )?("
            + D
            + r"|it|this medicine|medicine) (do|cause) (that|this|it)\b",
            3.5,
        ),
        (r"\b(taste|tastes|tasting) (like|funny|bad|weird|metallic)\b|\bmetallic taste\b", 2.5),
        (r"\b(lose|loss|gain|falling out) from\b", 2.5),
        (r"\b(from|after) (taking |using |starting )?" + D + r"$", 1.5),
        (
            r"\b(eye|eyes|skin|urine|pee|stool|stools|poop|teeth|tongue|nails?|hair|iris)\b.*\b(colou?r|darker|lighter|turn|turned)\b",
            5.5,
        ),
        (r"\bdo to (your |my |the |his |her )?\w+ long term\b", 4.0),
    ],
    "contraindication": [
        (r"\bcontra ?indicat\w*\b", 4.0),
        (r"\bwho (should|can|must) not (take|use|get|have)\b", 4.0),
        (r"\bwho (shouldn t|shouldnt|can t|cant|cannot|mustn t|should never) (take|use|get|have)\b", 4.0),
        (r"\bshould not (be )?(take|taken|use|used|given)\b", 2.0),
        (
            r"\b(if|when) (i|you|he|she|someone|a person) (have|has|had) (a |an )?(\w+ ){0,2}(disease|problems?|failure|condition|allergy|allergic|history|surgery|cold|flu|fever|infection|covid|diabetes|asthma|glaucoma|hypertension|high blood pressure|kidney|liver|heart)\b",
            2.5,
        ),
        (r"\b(safe|ok|okay) (for|with) (someone|people|patients|a person|me) (with|who)\b", 2.5),
        (r"\ballergic to\b", 2.0),
        (
            r"\b(can|should|do|may) (diabetics|asthmatics|epileptics|pregnant women|the elderly|seniors|kidney patients|heart patients|"
            r"(people|someone|a person|patients|anyone) (with|who have|who has) (\w+ ){1,3}?) ?(take|use|have|be given)\b",
            3.5,
        ),
        (
            r"\b(take|use|have|taking|using) "
            + D
            + r" (with|if (i|you|he|she) (have|has)) (a |an )?(\w+ ){0,2}"
            r"(ulcers?|disease|failure|condition|diabetes|asthma|glaucoma|hypertension|high blood pressure|afib|epilepsy|seizures|problems)\b",
            3.5,
        ),
        (
            r"\b(safe|ok|okay|alright) (to take |to use )?(with|if (you|i|he|she) (have|has)|for (people|someone|a person|patients) with) (a |an )?(\w+ ){0,2}(disease|problems?|failure|condition|diabetes|asthma|glaucoma|hypertension|high blood pressure|blood pressure|kidneys?|liver|heart|ulcers?|allerg\w*|afib|epilepsy|seizures?)\b",
            3.0,
        ),
        (r"\bbefore (surgery|dental|a procedure|an operation|colonoscopy)\b", 2.5),
        (r"\b(dental work|teeth|tooth) .*(wait|before|after)\b", 2.0),
        (r"\bhow long .*\b(wait|before)\b .*\b(surgery|dental|teeth|procedure|injection)\b", 2.0),
        (r"\b(avoid|stay away from) (it|them|" + D + r"|taking|using)\b", 2.0),
        (
            r"\b(people|patients|someone|anyone|those) with (a )?(history of )?\w+ (avoid|not take|not use)\b",
            2.5,
        ),
        (
            r"\bi (have|ve got|was diagnosed with|m diagnosed with) (a |an )?(\w+ ){0,3}(glaucoma|diabetes|asthma|epilepsy|seizures|"
            r"disease|condition|failure|problems?|ulcers?|hypertension|high blood pressure|afib|copd|allergy)\b",
            2.5,
        ),
        (r"\bcan (i|he|she|you) still (take|use|have)\b", 2.0),
        (
            r"\b(is it|it s|would it be|is that) (safe|ok|okay) for (me|him|her|someone) (to take|to use|with)\b",
            1.5,
        ),
    ],
    "pregnancy": [
        (r"\bpreg(n|a)\w*\b", 4.0),
        (r"\b(trying for a baby|get pregnant|have a baby|start a family|trying to get pregnant)\b", 4.0),
        (r"\b(breast ?feed\w*|breast ?milk|nursing (mother|baby|my|moms?|women)|lactat\w*)\b", 4.0),
        (r"\b(i am|im|i m|while|when|if|she is|while i am) nursing\b", 4.0),
        (r"\b(trying to conceive|conceive|fertility|birth defects?|unborn)\b", 3.0),
    ],
    "dose": [
        (r"\bdos(e|es|age|ages|ing|eage|sage|eages|ige|ege|ag)\b", 2.5),
        (r"\bhow (much|many) " + D + r" (should|can|do|to|is|per)\b", 3.0),
        (
            r"\bhow (much|many) (should|can|do|does|to|is|are) (i|you|one|he|she|a person|my|we|adults?|children|kids)\b",
            2.5,
        ),
        (
            r"\bhow (much|many)( mg| milligrams?| mcg| pills| tablets| capsules| units)?( of)? " + D + r"\b",
            2.0,
        ),
        (r"\bhow much to take\b", 3.0),
        (
            r"\bhow many (drops|puffs|sprays|squirts|tablets|pills|capsules|units|ml|teaspoons|tablespoons|patches)\b",
            3.0,
        ),
        (r"\b\d+(\.\d+)? ?(mg|mgs|milligrams?|mcg|micrograms?|ml|units?|iu|grams?|g)\b", 1.0),
        (r"\b(mg|mgs|milligrams?|mcg|strengths?|strong)\b", 1.0),
        (
            r"\b(max|maximum|highest|lowest|low|high|safe|recommended|normal|usual|starting|daily|strongest|weakest) (dose|dosage|amount|daily|strength|limit)\b",
            3.0,
        ),
        (r"\b(max|maximum) (of )?(" + D + r" )?(per|a|in a) day\b", 2.0),
        (r"\bhow high\b", 1.5),
        (r"\b(sizes?|strengths?) .*\bavailable\b", 2.0),
        (r"\bhow (is |are )?(it |" + D + r" )?prescribed\b", 3.0),
        (r"\bhow (many|much) (times )?(a|per|each) day\b", 1.5),
        (r"\bhow often .*\b(due|needed|required|booster)\b", 1.5),
        (r"\bhow (much|many)$", 2.5),
        (r"\bwhat (dose|dosage|amount|strength)s? (of|is|should|for|do)\b", 2.0),
        (r"\b(one|1|half|a half) (pill|tablet|capsule)s? or (two|2|more|a whole|whole)\b", 3.0),
        (r"\bhow (much|many) (\w+ ){1,3}(per|a|each) (day|week)\b", 2.5),
        (r"\b(streng\w*|sizes?|doses?) (does|do|is|are) (\w+ ){0,3}(come|available|made|sold)\b", 3.0),
        (r"\bhow (much|many) (\w+ )?(for|per|a day|daily|iu|mg|mcg|units)\b", 3.0),
        (r"\bhow (much|many) (\w+ ){0,3}(should|shoud|shud|can|do) (i|you|he|she|we) (take|give|use)\b", 3.0),
        (r"\bfor (a |my |an |our )?\d+ (month|year|week|yr)s? old\b", 2.0),
        (r"\b\d+(\.\d+)? or \d+(\.\d+)?( mg)? for\b", 2.0),
        (r"\b\d+(\.\d+)? or \d+(\.\d+)? ?(mg|mcg|units|ml)\b", 2.5),
        (r"\b(upper|daily|safe|max|maximum) limit\b", 3.0),
    ],
    "usage": [
        (
            r"\bhow (to|do (i|you|we)|should (i|you|one|we|it|they|"
            + D
            + r")|can (i|you)) (\w+ )?(use|take|apply|inject|administer|give|put|insert|inhale|mix|dilute|prepare|swallow|wear|place|rub|spray|instill)\b",
            3.0,
        ),
        (r"\b(how|when) (do|should|can|must) (i|you|one|we) (\w+ )?(use|take|apply|inject|give)\b", 2.0),
        (
            r"\b(with or without|with|without|on an empty|before|after|between) (a )?(food|meals?|eating|breakfast|dinner|lunch|stomach)\b",
            2.5,
        ),
        (r"\bempty stomach\b", 3.0),
        (r"\b(best|right|what|which) time (of day )?(to|should|for)\b", 3.0),
        (r"\bwhen (is|should|do|can) .*\b(take|taken|use|used|best)\b", 1.5),
        (r"\b(morning|night|bedtime|evening) or (morning|night|bedtime|evening)\b", 3.0),
        (r"\bat (night|bedtime)\b", 1.5),
        (
            r"\b(take|taking|use|using) (\w+ ){0,2}(in the (morning|evening|afternoon)|at night|at bedtime|before bed)\b",
            3.0,
        ),
        (
            r"\bhow long (should|do|can|must|will|does) (i|you|one|we|he|she|patients?) (\w+ ){0,2}(take|use|be on|stay on|continue|leave|keep)\b",
            3.0,
        ),
        (r"\bhow long (on|to take|to use|to stay on)\b", 3.0),
        (r"\bhow (often|frequently)\b", 2.5),
        (r"\b(every|once|twice) (a |per )?(day|week|month|year|other day|hours?)\b", 1.0),
        (
            r"\b(cut|crush|crushed|split|splitting|chew|chewed|break|open) (the |a |my )?("
            + D
            + r" )?(pills?|tablets?|capsules?|it|them|in half)?\b",
            1.0,
        ),
        (r"\b(can|should) (i|you) (cut|crush|split|chew|break|open|dissolve)\b", 3.0),
        (r"\b(be|is it ok to be|get) (crushed|cut|split|chewed|opened|broken|dissolved)\b", 3.0),
        (
            r"\b(infusion|inject\w*|administ\w*|instill\w*|apply|applying|application|inhaler|nebuli[sz]er|patch|rinse|eye drops?|pen)\b",
            1.0,
        ),
        (
            r"\b(miss|missed|forgot|forget|skip|skipped) (a |my |the |his |her |one |two )?(\w+ ){0,3}(dose|doses|pills?|day|tablets?|shot|injection|patch)\b",
            3.0,
        ),
        (r"\b(forgot|forget|missed|skipped) (to take |to give )?(my |his |her |the )?" + D + r"\b", 3.0),
        (r"\b(took|take|taken|gave|give) (\w+ ){0,4}(hours? |minutes? )?(late|early)\b", 3.0),
        (r"\b(now or wait|wait until|wait till|take it now|give it now)\b", 2.0),
        (r"\b(miss|missed|forgot|forget|forgets|skip|skipped) (to take|taking|to use|using)\b", 3.0),
        (r"\b(doesn t|does not|didn t|won t|will not) (stick|stay)\b", 3.0),
        (r"\b(wrong|other) (eye|ear|arm|leg|side)\b", 2.5),
        (r"\brate\b", 1.0),
        (
            r"\b(wait|apart|space|spacing) (\w+ )?(between|in between) (\w+ )?(doses|pills|tablets|shots)\b",
            3.5,
        ),
        (r"\bhow (long|many hours) (should|do|must|can) (i|you|we) wait\b", 3.0),
        (
            r"\bhow (long|soon|many hours|many minutes) (after|before) (taking|you take|i take|eating|a meal|meals|food)\b",
            3.5,
        ),
        (r"\bhow long (do|should) (you|i) (leave|keep)\b", 2.0),
        (
            r"\b(where|which part of the body) (to|do|should|can) (i |you )?(inject|apply|put|place|rub|stick)\b",
            3.0,
        ),
        (r"\bin (my|your|the) (nebuli[sz]er|inhaler)\b", 1.5),
        (
            r"\bhow many (hours|days|weeks|minutes|times) (apart|in a row|between|do you leave|should i leave|can i leave|to leave|can i use|can you use|should i use)\b",
            3.5,
        ),
        (r"\bhow (do i |do you |to |should i |can i )?(clean|prime|load|refill|assemble|reuse)\b", 3.0),
        (r"\bair bubbles?\b", 2.5),
        (r"\b(before|at) (bed|bedtime|sleep)\b", 2.0),
        (
            r"\b(sitting (up )?or (standing|lying)|standing or sitting|stay upright|remain upright|(lie|lying|lay) down after|sit up after)\b",
            2.5,
        ),
        (r"\bbefore or after\b", 3.0),
        (
            r"\b(finish|complete) (the |my |all |his |her |whole |entire |all the )?(\w+ )?(course|bottle|prescription|pack|pills|antibiotics?|it)\b",
            3.0,
        ),
        (r"\b(same|exact|exactly the same) time (every|each) day\b", 3.0),
        (
            r"\b(put|take|taking|putting) (it |them |the patch |the \w+ )?(on|off) (first|when|at|in|before|after|during)\b",
            2.5,
        ),
        (r"\bkeep (using|taking|applying|on)\b", 2.0),
        (r"\b(swallow|dissolve|disolve|suck on|let it melt)\b", 2.0),
        (r"\bunder (the |my |your |his |her )?tongue\b|\binside (the |my |your )?cheek\b", 2.5),
        (r"\b(tilt|rinse|rince|spacer|puff it|breaths?)\b", 1.5),
        (r"\bhow long (to|do you|should you|should i|do i|can i|can you) (leave|keep)\b", 3.0),
        (r"\bhow (thick|thin|much) (do|should|can) (you|i|we) (put|apply|rub|spread)\b", 3.0),
        (r"\b(contacts|contact lenses)\b", 2.0),
        (r"\b(spread out|split up|at the same time each)\b", 2.5),
        (
            r"\bhow (many|much) (years|months|weeks|long) (do|does|should|will|can) (\w+ ){0,2}(stay|be|remain|continue|keep)\b",
            3.0,
        ),
        (
            r"\b(finish|complete) (\w+ ){0,2}(course|bottle|prescription|pack|pills|antibiotics?|it|xdrug|xdrugclass)\b",
            3.0,
        ),
        (r"\b(stay|stays|leave|left|keep|wear) (it |them )?on\b", 4.0),
        (
            r"\bmix (it|them) (in|into|with) (\w+ ){0,2}(food|juice|milk|applesauce|pudding|formula|drink|water)\b",
            3.5,
        ),
        (r"\btips\b", 1.5),
        (r"\bhow long (before|after) (bed|bedtime|sleep|going to bed|sex|a flight|driving)\b", 3.5),
        (
            r"\b(all|both) (of )?(my |the |his |her )?(\w+ )?at once\b|\bat once in the (morning|evening)\b",
            2.5,
        ),
        (
            r"\b(given|taken|take|used) (at night|at bedtime|in the morning|in the evening|on an empty stomach)\b",
            3.0,
        ),
        (r"\bshake\b", 2.5),
        (r"\bset (it |this |them )?up\b", 2.5),
        (r"\bcover (it|them|the area|the patch)\b", 2.0),
        (r"\bbetween (puffs|doses|sprays|drops|applications|injections|shots)\b", 3.5),
        (
            r"\bhow long (do|should|must|can) (i|you|we) (stay|remain|sit|stand|keep) (sitting|upright|up|standing|still)?\b",
            3.5,
        ),
        (r"\b(wet|damp) or dry\b", 3.0),
        (r"\b(powder|packet|granules|sachet)s?\b", 2.0),
        (r"\bwhat (can|should|do) (i|you) mix (\w+ ){0,3}(with|in|into)\b", 3.0),
        (
            r"\bhow many times (a|per|each) day (do|should|can|must) (i|you|we) (put|apply|use|take|spray|rub)\b",
            3.5,
        ),
    ],
    "action": [
        (
            r"\bhow (does|do|will|would|can) (an? |the |my |your )?("
            + D
            + r"|it|they|this|these) (\w+ ){0,2}work\b",
            4.0,
        ),
        (r"\bhow " + D + r" (works?|reduces?|lowers?|helps?|acts?|treats?|kills?|blocks?)\b", 3.0),
        (r"\b(mechanism|mode of action|action of|pharmacolog\w*|works? in the body|half ?life)\b", 3.5),
        (r"\bwhat (does|do|can|will) (" + D + r"|it|they) (\w+ )?do\b", 3.0),
        (
            r"\bhow long (does|do|will|would|can|did|until|till|before|for) (?!(i|you|we|one|he|she|bed|bedtime|sleep)\b)(\w+ ){0,4}(take|start|begin|kick|work|last|stay|remain|block)s?\b",
            3.5,
        ),
        (
            r"\bhow (soon|quickly|fast|long) (does|do|will|can|until|before) ("
            + D
            + r"|it|they) (\w+ ){0,3}(work|affect|effect|help|kick|lower|reduce|start|take effect)\b",
            3.5,
        ),
        (r"\bhow (soon|quickly|fast)\b", 1.5),
        (
            r"\b(kicks? in|takes? effect|start working|wears? off|stays? in (your|my|the|his|her) (system|sys?tem|sistem|body|blood|urine))\b",
            3.5,
        ),
        (r"\bin (your|my|the) (system|body)\b", 1.0),
        (r"\bhow (long|quickly) .*\bto work\b", 3.0),
        (
            r"\bwhy (are|is|do|does) "
            + D
            + r" ((drugs?|medications?|medicines?) )?(useful|effective|helpful|work|works)\b",
            4.5,  # "why is X useful for Y" asks how it works
        ),
        (r"\bwhat (can|does|do|will|would) (\w+ )?do (for|to)\b", 3.0),
        (
            r"\b(does|do|will|can) "
            + D
            + r" (thin|lower|raise|relax|numb|reduce|decrease|increase|block|relieve)s? (your|the|my|\w+ation)\b",
            2.5,
        ),
        (
            r"\bhow (does|do|can|will) "
            + D
            + r" (\w+ )?(help|reduce|lower|treat|prevent|relieve|stop|fight)s?\b",
            3.5,
        ),
        (r"\bwhat (do|does|will|can) .*\b(do|does) (for|to) (the|my|your|our)\b", 2.0),
        (r"\b(do|does) (to|for) (the|my|your) (body|bones|heart|brain|liver|kidneys?|skin)\b", 2.0),
        (
            r"\b(out of|leave|leaves|clear|clears|gone from) (your|my|the|his|her) (system|sytem|sistem|body)\b",
            3.5,
        ),
        (r"\b(hair|urine|drug|saliva) tests?\b|\bpick up\b", 2.5),
        (r"\bhow (does|do) (\w+ ){1,3}work\b", 3.0),
        (
            r"\bhow (does|do|can|will) (" + D + r"|it) (reverse|prevent|make|stop|block|protect|control)\b",
            4.5,
        ),
        (
            r"\b(still )?in (your|my|his|her|the) (system|sistem|sytem|body) (the next|after|tomorrow|in the morning)\b",
            3.5,
        ),
        (r"\b(detect\w*|show up|test positive)\b(\w+ ){0,4}\b(test|screen|urine|blood)\b", 3.5),
        (r"\bhow long .*\b(protected|immune|immunity|protection)\b", 3.5),
        (
            r"\bhow (does|do|did|can|will|would) (an? |the )?(" + D + r"|it|this|they) (actually |really )?"
            r"(?!(affect|effect|affects|effects|compare|differ|look|taste|interact|come|cost|feel|i|you|we)\b)\w+",
            2.5,
        ),
        (
            r"\bhow long (until|till|before|for) (\w+ ){0,4}(is |be |are )?(effective|working|protected|immune)\b",
            3.5,
        ),
        (r"\bhow long (for|until|till|before) (\w+ ){0,3}(to )?(clear|heal|work|help|start)\b", 3.5),
        (r"\bkeeps? working\b", 3.5),
    ],
    "indication": [
        (
            r"\b(used|use|uses|good|prescribed|given|indicated|taken|approved) (for|to treat|in treating|to help|to prevent)\b",
            3.0,
        ),
        (
            r"\bwhat (is|are|s) (the |a |an )?("
            + D
            + r"|it|this|they|that) (\w+ )?(used |taken |prescribed |given )?for\b",
            3.5,
        ),
        (r"\bwhat (is|are|s) (the )?(use|uses|purpose|indications?) (of|for)\b", 3.5),
        (
            r"\bwhy (did|does|would|do|is|was|are|am) (my |the |a )?(doctor|dr|physician|dentist|nurse|he|she|they|you|someone|people|i|it|"
            + D
            + r") ?(\w+ )?(give|gave|given|prescribe|prescribed|put|take|taking|need|used|use|important)\b",
            3.5,
        ),
        (
            r"\b(treat|treats|treating|treatment for|cure|cures|help with|helps with|helpful for|good for|effective for|work for|works for|prevent|prevents)\b",
            2.0,
        ),
        (r"\b" + D + r" (for|treat|treats) (a |an |my |the )?\w+", 2.5),
        (
            r"\b(is|are|can|does|do|will) (there )?(a |an |any )?"
            + D
            + r" (for|treat|help|good|ok|prevent|work for|effective)\b",
            2.0,
        ),
        (r"\bwhat (conditions?|diseases?|illness\w*|infections?|symptoms?) (does|do|is|are|can)\b", 3.0),
        (r"\bwhat is .* (used|prescribed) to treat\b", 3.0),
        (r"\b(prescribed|gave|given|put me on)\b.*\bwhy\b", 3.0),
        (r"\bimportant (to|for) the body\b", 2.0),
        (r"\b(useful|helpful|beneficial|effective) (in|for|against)\b", 2.0),
        (r"\bbenefits? (of|from|in) (taking |using )?", 2.0),
        (r"^" + D + r" (\w+ )?(uses?|indications?)$|\b(uses|indications) (of|for) " + D + r"$", 3.5),
        (r"\bhow long\b.*\bgood (for|after)\b", -3.0),  # shelf life, not a use
        (r"\bin (malaria|pneumonia|infection|cancer|pregnancy|children)\b", 0.5),
        (
            r"\b(can|could|should|do|may) (i|you|we|one|he|she) (use|take|put|apply|give) (\w+ ){0,2}("
            + D
            + r"|it) (\w+ )?(for|to treat|to help( with)?|to get rid of)\b",
            3.0,
        ),
        (
            r"\b(can|could|should|do|may) (i|you|we|one) (use|put|apply) (\w+ ){0,2}("
            + D
            + r"|it) (\w+ )?on (a |an |my |the |his |her )?(burns?|cuts?|wounds?|scrapes?|bites?|stings?|sores?|pimples?|acne|warts?|eczema|exzema|psoriasis|rash|poison ivy|ringworm|scabies|lice|cold sores?|fever blisters?|hemorrhoids)\b",
            3.0,
        ),
        (r"\b(protect|protects|guard|guards) (you |them |kids )?against\b", 3.0),
        (r"\b(clear up|clears up|get rid of|gets rid of|heal|heals)\b", 2.5),
        (r"\bwhat (is|are|s) (the |a |an )?(\w+ ){1,3}for$", 2.5),
        (r"^(?!.*\bhow long\b).*\b(ok|okay|good|alright|fine) (for|to use for|to take for|to treat)\b", 2.5),
        (
            r"\bwhy (would|is|was|does|do|did|should) (he|she|i|they|you|my \w+) (be |still be )?(on|taking|need|using|given)\b",
            3.5,
        ),
        (
            r"\b(can|does|will|would|could) (it|"
            + D
            + r") (really |actually |also )?(help|treat|work for|cure|prevent)\b",
            2.5,
        ),
        (r"\bsupposed to (do|help|treat|be for)\b", 3.0),
        (
            r"\bwhy (do|does|would|are|is) (\w+ ){0,2}(patients|people|women|men|kids|children|doctors|diabetics) (take|use|get|need|prescribe|given)\b",
            3.5,
        ),
        (r"^why (take|use|give|prescribe)\b", 3.5),
    ],
    "ingredient": [
        (r"\bingred\w*\b", 4.0),
        (r"\b(contain|contains|containing)\b", 2.5),
        (r"\bwhat (is|s) in\b", 3.0),
        (r"\bhow much " + D + r" (is )?(in|does)\b", 3.5),
        (
            r"\bhow (much|many) (\w+ )?(of )?" + D + r" (is |are )?in (a |an |the |one |each )?" + D + r"\b",
            4.5,
        ),
        (r"\bmade (of|from|with)\b", 2.5),
        (
            r"\b(is|are) (there )?(any )?(gluten|lactose|sugar|alcohol|dye|latex|gelatin|pork|sulfa|aspirin|caffeine|codeine|steroids?|penicillin|acetaminophen|nsaid) in\b",
            3.0,
        ),
        (
            r"\bwhat (opioid|narcotic|steroid|antibiotic|drug|medicine|substance|chemical|"
            + D
            + r")s? (is|are) in\b",
            4.0,
        ),
        (
            r"\b(is|are) " + D + r" (an? )?(opioid|narcotic|opiate)\b",
            2.5,
        ),
        (r"\b(is|are) (there )?" + D + r" in " + D + r"\b", 3.0),
        (r"\bactive (ingredient|component|substance)\b", 3.0),
        (
            r"\b(gluten|lactose|dye|sugar|alcohol|latex|dairy|soy|peanut|pork|gelatin|sulfa|paraben|preservative)s? free\b",
            3.5,
        ),
        (r"\b(does|do|is) " + D + r" (have|has|contain|got) (any )?" + D + r"( in (it|them))?\b", 3.0),
        (r"\b(have|has) (any )?(\w+ )?in (it|them)\b", 1.5),
        (r"\b(inactive|filler|excipient)s?\b", 3.0),
        (
            r"\b(is|are) there (any )?(?!a |an )(\w+ ){1,2}in ("
            + D
            + r"|it|them|the "
            + D
            + r"|my "
            + D
            + r")\b",
            3.5,
        ),
        (r"\b(is|are) in (it|them|each|one|there)\b", 2.5),
        (r"\b(have|has|contain|contains) (any )?(\w+ )?(in it|in them)\b", 3.0),
    ],
    "comparison": [
        (r"\bdif+e?r[ae]n(ce|t|ces)\b", 3.5),
        (r"\bsame (as|thing)\b", 3.5),
        (r"\b(compare|compared|comparison|versus|vs)\b", 3.5),
        (r"\b(better|stronger|weaker|safer|worse|more effective|less effective) (than|for|or)\b", 3.0),
        (r"\bwhich (is|one is) (better|stronger|safer|best)\b", 3.0),
        (r"\bsimilar (to|drug)\b", 2.5),
        (r"\b(is|are) " + D + r" (like|similar to|the same as|as good as|as strong as) " + D + r"\b", 3.5),
        (r"\b" + D + r" or " + D + r"\b", 1.0),
        (r"\b(generic|brand)\b.*\bas (good|effective|strong|safe) as\b", 5.0),
        (r"\bas (good|effective|strong) as (the )?(brand|generic|original)\b", 2.0),
        (r"\bor (\w+ ){1,3}(better|best|stronger|safer|more effective)\b", 3.0),
    ],
    "alternatives": [
        (r"\b(alternatives?|substitutes?|substitute for)\b", 4.0),
        (r"\b(replace|replacement for|in place of)\b", 2.5),
        (r"\binstead of\b", 3.5),
        (r"\b(what|something) else\b", 2.0),
        (r"\bother than\b", 2.0),
        (r"\b(doesn t|does not|didn t|did not|is not|isn t|stopped) (work|working|help|helping)\b", 3.0),
        (r"\bnatural (remedy|alternative|substitute|replacement)\b", 3.0),
        (r"\bswitch\w* (from|to)\b", 2.0),
        (
            r"\bwhat other (\w+ )?(medicines?|medications?|meds|drugs?|options?|pills?|treatments?|things?)\b",
            3.5,
        ),
        (r"\b(is|are) (like|similar to) (it|" + D + r")\b", 2.0),
        (r"\bwhat else (can|could|should) (i|you|we|he|she) (take|use|try|give)\b", 3.0),
        (r"\bsomething (stronger|else|better)\b", 3.0),
        (r"\b(isn t|isnt|is not|not|aren t|arent) (working|helping|stopping|doing anything)\b", 3.0),
    ],
    "brand_names": [
        (r"\b(brand|trade|proprietary) names?\b", 5.0),
        (r"\bwhat brands?\b", 4.0),
        (r"\bbrands? of\b", 3.5),
        (r"\bsold (as|under)\b", 3.5),
        (r"\bother names?\b", 3.5),
        (r"\b(called|known as)\b", 1.0),
    ],
    "generic": [
        (r"\bgenerics?\b", 4.0),
        (r"\bgeneric (name|version|form|equivalent)\b", 1.5),
    ],
    "cost": [
        (
            r"\b(cost|costs|price|prices|pricing|cheap|cheaper|cheapest|afford\w*|expensive|coupon\w*|copon\w*|copay\w*|discount)\b",
            4.0,
        ),
        (r"\b(insurance|medicare|medicaid|covered by)\b", 2.5),
        (r"\bhow much (is|does|do|would) (a |the )?(" + D + r" )?(cost|run|sell)\b", 3.0),
        (r"\bhow much (is|are) (a |the )?" + D + r"$", 2.0),
    ],
    "information": [
        (r"^(what|who) (is|are|s) (a |an |the )?" + D + r"$", 3.0),
        (
            r"^(what|who) (is|are|s) (a |an |the )?"
            + D
            + r" \d+(\.\d+)? ?(mg|mcg|ml|g|units?)?( (tablets?|capsules?|pills?|er|xr|sr))?$",
            3.0,
        ),
        (r"\bwhat (is|are) (a |an |the )?" + D + r"\b", 1.0),
        (r"\bwhat (type|kind|class|sort|group|category|schedule) (of )?(drug|medicine|medication)?", 3.0),
        (r"\b(type|kind|class|group|category) of (drug|medicine|medication)\b", 2.5),
        (r"\bschedule (\w+ )?(drug|ii|iv|2|4)?\b", 2.5),
        (
            r"\b(over the counter|otc|prescription (only|needed|required)|need a prescription|without (a )?prescription|controlled substance)\b",
            3.0,
        ),
        (r"\b(where|how) (can|do|to) (i |you )?(get|buy|find|order|purchase)\b", 2.5),
        (r"\bwhere (is|are|was|does) .*\b(from|made|originat\w*|come)\b", 2.5),
        (r"\b(pronounce|pronunciation|spell|spelling)\b", 3.5),
        (r"\b(tell me about|information (on|about)|info (on|about)|learn (more )?about)\b", 3.0),
        (
            r"\b(is|are) "
            + D
            + r" (a |an )?(chemo|chemotherapy|immunotherapy|narcotic|controlled|steroid|vaccine|antibiotic|biologic|stimulant|depressant|hormone)\b",
            2.0,
        ),
        (r"\bhow supplied\b", 3.0),
        (r"\b(types|kinds|forms) of\b", 1.5),
        (r"\bwhat (does|do) " + D + r" (stand for|mean)\b", 3.0),
        (r"\b(approved|fda|recall\w*|banned|legal|available in)\b", 1.5),
        (r"\bhow to group\b", 2.0),
        (r"\bwhat (exactly )?(is|are) (it|this|that|they)( exactly| actually)?$", 2.5),
        (r"\b(is|are) (" + D + r"|it|this|that|they) (a |an )?" + KIND_WORDS + r"\b", 1.0),
        (r"\b(addictive|addicting|habit forming|addiction|additive)\b", 3.0),
        (
            r"^(is|are) ("
            + D
            + r"|it) (really |actually |generally )?safe( for (kids|children|adults|seniors|the elderly|teens)| to take| to use)?$",
            2.5,
        ),
        (
            r"\b(is|are) ("
            + D
            + r"|it|this|that|they) (a |an )?(chemo|chemotherapy|immunotherapy|steroid|antibiotic|blood thinner|"
            r"muscle relaxer|sleeping pill|sleep aid|pain ?killer|antihistamine|nsaid|benzo|antidepressant|stimulant|vaccine|hormone|biologic)\b",
            3.0,
        ),
        (
            r"\b(a |an )?" + KIND_WORDS + r"( drug| medicine| medication)? or (a |an )?" + KIND_WORDS + r"\b",
            4.0,
        ),
        (r"\bwhat (is|are) (that|this|it|these) (medication|medicine|drug|pill|stuff)\b", 3.0),
        (
            r"\b(discontinued|still (made|available|sold|on the market)|shortage|back ?order\w*|recalled|off the market)\b",
            4.0,
        ),
        (r"\bwhat (is|s) it and\b", 2.5),
        (r"\b(is|are) (" + D + r"|it|they|these|them) (really |actually |generally )?safe\b", 2.0),
        (r"\b(first|second|third|1st|2nd|3rd) generation\b", 3.0),
    ],
}

_COMPILED: dict[str, list[tuple[re.Pattern[str], float]]] = {
    intent: [(re.compile(p), w) for p, w in cues] for intent, cues in _CUES.items()
}

# Misspelt function words seen in consumer questions ("how mutch", "untill"); only words that are never
# anything else.
_TYPO_MAP = {
    "mutch": "much",
    "muc": "much",
    "untill": "until",
    "til": "until",
    "shoud": "should",
    "shud": "should",
    "shld": "should",
    "wat": "what",
    "wht": "what",
    "hw": "how",
    "becuase": "because",
    "becasue": "because",
    "tak": "take",
    "takin": "taking",
}
_TYPOS = re.compile(r"\b(" + "|".join(_TYPO_MAP) + r")\b")
_CLEAN = re.compile(r"[^a-z0-9.+]+")
_GLUED = re.compile(r"\b(how|what|when|why)(much|many|long|often|soon|to|is|does|do|can)\b")
_REPEAT = re.compile(r"\b(xdrug|xdrugclass)(?: (?:xdrug|xdrugclass)\b)+")
# Pairs of intents that are naturally asked together: (primary, secondary) kept when both score.
_MIN_SECONDARY = 2.0


def mask(question: str, recognition: Recognition | None) -> str:
    """Lowercase question with recognised drug names replaced by ``drug`` and class words by
    ``drugclass``; punctuation becomes spaces."""
    text = question
    if recognition is not None:
        spans = [(d.start, d.end, " xdrug ") for d in recognition.drugs]
        spans += [(c.start, c.end, " xdrugclass ") for c in recognition.classes]
        for start, end, repl in sorted(spans, reverse=True):
            text = text[:start] + repl + text[end:]
    text = fold(text).replace("'", " ").replace("\u2019", " ")
    text = _CLEAN.sub(" ", text)
    text = re.sub(r"(?<![0-9])\.|\.(?![0-9])", " ", text)
    text = _GLUED.sub(r"\1 \2", text)  # "howmuch" -> "how much"
    text = re.sub(r"\bwhats\b", "what s", text)
    text = _TYPOS.sub(lambda m: _TYPO_MAP[m.group(0)], text)
    text = _REPEAT.sub(r"\1", text)  # adjacent mentions ("nano silver" -> one drug)
    return " ".join(text.split())


SYMPTOM_WEIGHT = 1.5


@lru_cache(maxsize=1)
def _symptom_phrases() -> tuple[frozenset[str], int]:
    """Adverse-reaction terms of the lay glossary (``lay/lay_terms.tsv``: the medical term and its plain
    wording) plus everyday symptom words: a drug named next to a symptom ("lisinopril cough") is most
    often a side-effect question. A weak cue: explicit cues of other intents outweigh it. A set of
    phrases looked up by word n-grams (building one regular expression of them took 0.14 s per process)."""
    from rxanswers.answers.lay import load_lay_terms

    words = set(_EVERYDAY_SYMPTOMS)
    for row in load_lay_terms():
        if row.kind == "adverse_reaction":
            for term in (row.term, row.plain):
                term = " ".join(_CLEAN.sub(" ", fold(term)).split())
                if len(term) >= 4:
                    words.add(term)
    return frozenset(words), max(len(w.split()) for w in words)


def _names_a_symptom(masked: str) -> bool:
    phrases, longest = _symptom_phrases()
    tokens = masked.split()
    return any(
        " ".join(tokens[i : i + n]) in phrases
        for i in range(len(tokens))
        for n in range(1, min(longest, len(tokens) - i) + 1)
    )


_EVERYDAY_SYMPTOMS = tuple(
    p.strip()
    for p in """cough, coughing, stomach upset, upset stomach, urination, peeing, frequent urination, itching,
    itchy, sweating, sweats, shaking, tremors, nightmares, dry mouth, heartburn, acne, palpitations, cramps,
    hair thinning, thinning hair, dizzyness, mood changes,
    leg cramps, muscle pain, joint pain, back pain, blurry vision, ringing in ears, mood swings, bloating,
    vomiting, throwing up, chills, numbness, tingling, hives, sore throat, bruising, bruises, dizzy, sleepy,
    tired, drowsy, fatigue, nausea, nauseous, constipation, diarrhea, headache, headaches, rash, swelling,
    weight gain, weight loss, hair loss, insomnia, memory loss, nosebleeds, nose bleeds""".split(",")
)


def score(masked: str, recognition: Recognition | None = None) -> dict[str, float]:
    scores = {intent: 0.0 for intent in INTENTS}
    for intent, cues in _COMPILED.items():
        total = 0.0
        for pattern, weight in cues:
            if pattern.search(masked):
                total += weight
        scores[intent] = total
    if _names_a_symptom(masked):
        scores["side_effects"] += SYMPTOM_WEIGHT
    n_drugs = 0
    if recognition is not None:
        n_drugs = len(recognition.drugs) + len(recognition.classes)
    # structural rules
    if n_drugs >= 2:
        if (
            re.search(r"\b(together|with|and|while|when|mix|same time|plus)\b", masked)
            and scores["comparison"] < 3
        ):
            # two things named together suggest an interaction question, unless another intent is explicit
            others = max(v for k, v in scores.items() if k != "interaction")
            scores["interaction"] += 2.0 if others < 3 else 0.5
        if re.search(r"\b(together|same time|combined|at once)\b", masked):
            scores["interaction"] += 2.0
        if re.search(r"\bor\b", masked):
            scores["comparison"] += 0.5
    if recognition is not None and re.search(r"\b(is|are) xdrug (an? )?xdrugclass\b", masked):
        # "is oxybutynin an opioid": does it contain one (the dev annotators' reading); "is eliquis a blood
        # thinner": which kind of medicine it is
        opioid = any(
            c.matched.lower().startswith(("opioid", "opiate", "narcotic")) for c in recognition.classes
        )
        scores["ingredient" if opioid else "information"] += 3.0
    if re.search(
        r"\bxdrug (for|to treat|to help with|to help|to prevent|to stop) ", masked
    ) and not re.search(r"\bside ?(effects?|affects?)\b", masked):
        scores["side_effects"] -= SYMPTOM_WEIGHT  # "topiramate for weight loss": the symptom is the target
    if re.search(r"\bxdrugclass or (an? )?xdrugclass\b", masked):
        scores["information"] += 4.0  # "prednisone: is that a steroid or an antibiotic"
    if n_drugs >= 2 and scores["ingredient"] >= 3 and "how much" in masked:
        scores["ingredient"] += 1.0
    return scores


def classify(question: str, recognition: Recognition | None = None) -> IntentResult:
    """Classify a consumer medication question into one of :data:`INTENTS`."""
    masked = mask(question, recognition)
    scores = score(masked, recognition)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], INTENTS.index(kv[0])))
    top, top_score = ranked[0]
    if top_score <= 0:
        return IntentResult("information", None, 0.3, scores)
    second, second_score = ranked[1]
    secondary = second if second_score >= _MIN_SECONDARY and second_score >= 0.6 * top_score else None
    margin = top_score - second_score
    confidence = round(min(0.99, 0.5 + 0.08 * top_score + 0.08 * margin), 3)
    return IntentResult(top, secondary, confidence, scores)
