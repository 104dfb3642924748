"""Train the screens' linear models on the corpus's training split (a development tool).

    .venv/bin/pip install scikit-learn     # development only; never needed at run time
    .venv/bin/python -m bench.screens_train

For each task ("crisis", "personal"): examples are the training split's lines
(derived "buried" long posts are left out: the run-time scorer reads them window
by window) plus every sentence window of the training split's ordinary posts as
negatives. Logistic regression (liblinear, balanced classes) on the hashed
features of ``moderation.detect.model``. Thresholds are chosen on out-of-fold
scores (5 folds by group, scored exactly as at run time, best window) of the
training split only -- the validation split is never looked at here:

* ``threshold`` (confident): the lowest score (in steps of 0.001 since round 5) at which at most 0.5% of ordinary
  posts and 4% of look-alikes (crisis: 2%, since a confident crisis hit shows crisis
  lines on its own) score above it;
* ``queue_threshold`` (possible): at most 1% of ordinary posts and 8% of look-alikes.

Writes moderation/detect/weights/<task>.bin.
"""

from __future__ import annotations

import sys
import zlib

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from bench.screens_corpus import Item, load
from moderation.detect import model as M

# Chosen on out-of-fold recall at the thresholds (training split only). Crisis, round 3 corpus:
# C 1 / 4 / 16 with balanced classes 0.40 / - / -, without 0.41 / 0.46 / 0.52 (confident).
C = {"crisis": 16.0, "personal": 4.0}
CLASS_WEIGHT = {"crisis": None, "personal": "balanced"}
# (ordinary posts, look-alikes) scoring at or above the threshold, out of fold. A confident crisis
# hit shows crisis lines on its own (round 4), so its limit on look-alikes is half the round-3 one
# (chosen before the round-4 retraining, from the out-of-fold figures in docs/screens.md).
LIMITS = {
    "crisis": {"confident": (0.005, 0.02), "possible": (0.01, 0.08)},
    "personal": {"confident": (0.005, 0.04), "possible": (0.01, 0.08)},
}


def matrix(texts: list[str]) -> csr_matrix:
    rows, cols, vals = [], [], []
    for r, t in enumerate(texts):
        for k, v in M.features(t).items():
            rows.append(r)
            cols.append(k)
            vals.append(v)
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), M.DIM), dtype=np.float64)


def examples(items: list[Item]) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    for it in items:
        if it.source == "buried":
            continue
        texts.append(it.text)
        labels.append(it.label)
        if it.kind == "ordinary":
            for s, e in M.sentences(it.text):
                texts.append(it.text[s:e])
                labels.append(0)
    return texts, labels


def fit(items: list[Item], task: str) -> M.Weights:
    texts, labels = examples(items)
    clf = LogisticRegression(
        C=C[task], class_weight=CLASS_WEIGHT[task], solver="liblinear", max_iter=2000
    )
    clf.fit(matrix(texts), np.array(labels))
    w = clf.coef_[0]
    scale = float(np.abs(w).max()) / 127 or 1.0
    from array import array

    q = array("b", np.clip(np.round(w / scale), -127, 127).astype(np.int8).tobytes())
    return (
        M.Weights(task, q, scale, float(clf.intercept_[0]), 0.5, 0.5),
        w,
        float(clf.intercept_[0]),
    )


def pick(
    scores_neg_ord: list[float], scores_neg_look: list[float], limits: tuple[float, float]
) -> float:
    for t in np.arange(0.05, 0.995, 0.001):
        fo = sum(s >= t for s in scores_neg_ord) / max(1, len(scores_neg_ord))
        fl = sum(s >= t for s in scores_neg_look) / max(1, len(scores_neg_look))
        if fo <= limits[0] and fl <= limits[1]:
            return float(round(t, 3))
    return 0.995


def train(task: str) -> None:
    items = [i for i in load() if i.task == task and i.split == "train"]
    folds = 5
    oof: dict[int, float] = {}
    for f in range(folds):
        fold_of = lambda it: zlib.crc32(("fold" + it.group).encode()) % folds  # noqa: E731
        fit_items = [it for it in items if fold_of(it) != f]
        test_idx = [n for n, it in enumerate(items) if fold_of(it) == f]
        weights, _, _ = fit(fit_items, task)
        for n in test_idx:
            oof[n] = M.best_window(weights, items[n].text).score
    pos = [oof[n] for n, it in enumerate(items) if it.label == 1]
    ordinary = [oof[n] for n, it in enumerate(items) if it.kind == "ordinary"]
    look = [oof[n] for n, it in enumerate(items) if it.label == 0 and it.kind != "ordinary"]
    thresholds = {name: pick(ordinary, look, lim) for name, lim in LIMITS[task].items()}
    for name, t in thresholds.items():
        print(
            f"{task} {name}: threshold {t}  out-of-fold recall {np.mean([s >= t for s in pos]):.3f} "
            f"ordinary FA {np.mean([s >= t for s in ordinary]):.3f} look-alike FA {np.mean([s >= t for s in look]):.3f}"
        )
    _, w, bias = fit(items, task)
    M.WEIGHTS_DIR.mkdir(exist_ok=True)
    M.dump_weights(
        M.WEIGHTS_DIR / f"{task}.bin",
        w.tolist(),
        bias,
        thresholds["confident"],
        thresholds["possible"],
    )
    print(
        f"wrote {M.WEIGHTS_DIR / (task + '.bin')} ({(M.WEIGHTS_DIR / (task + '.bin')).stat().st_size} bytes)"
    )


if __name__ == "__main__":
    for task in sys.argv[1:] or ["crisis", "personal"]:
        train(task)
