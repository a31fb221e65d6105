"""Learn the sentence-ranking weights from the answer key's tuned part (never its unseen third).

    .venv/bin/python bench/train_ranker.py [--dry-run]

For each tuned answer-key question whose label addresses it: the product's own understanding and evidence
(``rxanswers.answers.evidence.gather``), the feature matrix of every sentence of the medicine's labels, and as
positives the sentences that hold a key fact's quoted label text. A logistic regression (question-grouped 5-fold
CV reported as recall@2 and MRR of the first relevant sentence) writes ``resources/ranker.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "bench" / "labels"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rxanswers.settings")

import django  # noqa: E402

django.setup()

from sklearn.model_selection import GroupKFold  # noqa: E402
from split import answer_key_unseen  # noqa: E402

from eval_answers import load_key  # noqa: E402
from rxanswers.answers import selectors  # noqa: E402
from rxanswers.answers.evidence import gather  # noqa: E402
from rxanswers.answers.evidence.ranking import FEATURES, features  # noqa: E402
from rxanswers.answers.resources import HERE  # noqa: E402
from rxanswers.answers.understanding import understand  # noqa: E402

# The key's writers quoted the professional sections; patient-facing text says the same in plainer words and
# is preferred, never penalised. Cut-off and animal-data sentences are never preferred.
SIGNS = {"patient_facing": (0.0, None), "cut_off": (None, 0.0), "animal_or_lab": (None, 0.0)}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def relevant(passage_text: str, quotes: list[str]) -> bool:
    """The passage holds a quote: most of the quote's words are in it (clean-up may drop a cross-reference), or
    the passage is a part of a quote that spans sentences."""
    p = _norm(passage_text)
    p_words = set(p.split())
    for q in quotes:
        q = _norm(q)
        q_words = set(q.split())
        if len(q_words) < 4:
            continue
        if q[:60] in p or (len(p) >= 30 and p[:60] in q):
            return True
        if len(q_words & p_words) >= 0.85 * len(q_words) and len(p_words) <= 3 * len(q_words):
            return True
    return False


def fit_listwise(x: np.ndarray, y: np.ndarray, groups: np.ndarray, l2: float = 0.01) -> np.ndarray:
    """Conditional-logit (listwise) weights: maximise, per question, the softmax probability of its relevant
    sentences among all its sentences."""
    from scipy.optimize import minimize

    keep = np.isin(groups, np.unique(groups[y == 1]))
    x, y, groups = x[keep], y[keep], groups[keep]
    _, inverse = np.unique(groups, return_inverse=True)
    n_groups = inverse.max() + 1

    def loss(w):
        s = x @ w
        s = s - np.max(s)
        e = np.exp(s)
        all_sum = np.bincount(inverse, e, n_groups)
        rel_sum = np.bincount(inverse, e * y, n_groups)
        value = -np.sum(np.log(rel_sum + 1e-300) - np.log(all_sum)) + l2 * w @ w
        p_all = e / all_sum[inverse]
        p_rel = np.where(y == 1, e / (rel_sum[inverse] + 1e-300), 0.0)
        grad = -(p_rel - p_all) @ x + 2 * l2 * w
        return value, grad

    bounds = [(None, None)] * x.shape[1]
    for name, bound in SIGNS.items():  # prior knowledge the key cannot overrule (see SIGNS)
        bounds[FEATURES.index(name)] = bound
    return minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", bounds=bounds).x


def collect():
    index = selectors.name_index()
    rows, labels, groups, meta = [], [], [], []
    for g, item in enumerate(load_key()):
        if answer_key_unseen(item["id"]) or not item.get("label_addresses") or not item.get("key_facts"):
            continue
        question = " ".join(item["question"].split())
        evidence = gather(question, understand(question, index))
        if evidence.primary is None:
            continue
        quotes = [f["quote"] for f in item["key_facts"]]
        indexes = [
            (idx, ctx is not evidence.primary or n > 0)
            for ctx in [evidence.primary] + evidence.others
            for n, idx in enumerate(evidence.indexes(ctx))
        ]
        found = False
        for idx, other in indexes:
            x = features(idx, evidence.query, other_label=other)
            y = [relevant(p.text, quotes) for p in idx.passages]
            found = found or any(y)
            rows.append(x)
            labels += y
            groups += [g] * len(y)
        meta.append((item["id"], found))
    return np.vstack(rows), np.array(labels, dtype=int), np.array(groups), meta


def ranking_scores(scores, y, groups) -> tuple[float, float]:
    hits, rr = [], []
    for g in np.unique(groups):
        m = groups == g
        if not y[m].any():
            continue
        order = np.argsort(-scores[m])
        first = int(np.where(y[m][order])[0][0])
        hits.append(first < 2)
        rr.append(1.0 / (1 + first))
    return float(np.mean(hits)), float(np.mean(rr))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dry-run", action="store_true", help="report, do not write resources/ranker.json")
    args = parser.parse_args()
    x, y, groups, meta = collect()
    print(
        f"{len(meta)} questions, {sum(f for _, f in meta)} with a sentence holding a key fact; {len(y)} sentences"
    )
    current = np.array(json.loads((HERE / "ranker.json").read_text())["weights"])
    print("current weights: R@2 {:.3f} MRR {:.3f}".format(*ranking_scores(x @ current, y, groups)))
    oof = np.zeros(len(y))
    for tr, te in GroupKFold(5).split(x, y, groups):
        oof[te] = x[te] @ fit_listwise(x[tr], y[tr], groups[tr])
    print("listwise, 5-fold by question: R@2 {:.3f} MRR {:.3f}".format(*ranking_scores(oof, y, groups)))
    w = fit_listwise(x, y, groups)
    # the listwise model sets no level; the bias puts a typical answering sentence near probability 0.5
    w[0] = -float(np.median(x[y == 1] @ w))
    weights = [round(float(v), 4) for v in w]
    print(dict(zip(FEATURES, weights, strict=True)))
    if not args.dry_run:
        (HERE / "ranker.json").write_text(
            json.dumps(
                {
                    "_about": "Sentence-ranking weights (logistic model over evidence.ranking.FEATURES), learned by "
                    "bench/train_ranker.py from the answer key's tuned part: positives are the label sentences "
                    "holding a key fact's quote.",
                    "features": list(FEATURES),
                    "weights": weights,
                },
                indent=1,
            )
            + "\n"
        )
        print("wrote resources/ranker.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def missing_report() -> None:  # debugging aid: which tuned questions have no passage holding their quotes
    index = selectors.name_index()
    for item in load_key():
        if answer_key_unseen(item["id"]) or not item.get("label_addresses") or not item.get("key_facts"):
            continue
        question = " ".join(item["question"].split())
        evidence = gather(question, understand(question, index))
        if evidence.primary is None:
            print(item["id"], "NO PRIMARY", question)
            continue
        quotes = [f["quote"] for f in item["key_facts"]]
        if not any(
            relevant(p.text, quotes) for idx in evidence.indexes(evidence.primary) for p in idx.passages
        ):
            print(
                item["id"], evidence.primary.name, [f["section"] for f in item["key_facts"]], quotes[0][:100]
            )
