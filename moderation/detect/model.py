"""A small local model for the screens: logistic regression on hashed n-grams.

Features (``features``): the text is casefolded, accents stripped, curly quotes
straightened and runs of whitespace collapsed; then word unigrams and bigrams
and character 3-, 4- and 5-grams (of the text padded with spaces) are hashed
with CRC-32 into ``DIM`` buckets, counted and L2-normalised. The weights are
trained offline on moderation/corpus by ``bench/screens_train.py`` (scikit-learn
is a development tool only) and shipped as int8 with one scale factor,
zlib-compressed, in ``moderation/detect/weights/<name>.bin`` (~100-300 KB).

At run time this module needs only the standard library: no network, no numpy.
A model is read from disk once per process, lazily, under a lock (thread-safe);
scoring is pure. ``score_*`` splits the text into sentences and scores every
sentence and every pair of neighbouring sentences, so a crisis sentence buried
in paragraph three counts as much as one on its own; the best window wins.
Cost is linear in the length of the text (about 4-10 ms for 2,000 characters
on one core; see bench/screens_bench.py).
"""

from __future__ import annotations

import math
import re
import struct
import threading
import unicodedata
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path

DIM = 1 << 18
WEIGHTS_DIR = Path(__file__).with_name("weights")
# Longest text scored (characters); the rest of a very long post is scored in
# further chunks of this size, so work stays linear and bounded per window.
MAX_WINDOW_CHARS = 1200
_MAGIC = b"CRLM1"
# A window needs this many words to be scored: the model is unreliable on two-word
# sentences ("He left."); a short sentence still counts inside its pairs.
MIN_WORDS = 4

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
# Sentence ends: . ! ? … followed by white space, or a line break (with the white
# space after it). Each match must start at the punctuation or the line break, so
# the search is linear (a "\s*\n" alternative would rescan every run of spaces).
_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])\s+|\n\s*")


def normalise_for_model(text: str) -> str:
    """Casefolded, accents stripped, quotes straightened, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _SPACE.sub(" ", text).strip()


def features(text: str) -> dict[int, float]:
    """Hashed, L2-normalised n-gram counts of ``text``: {bucket: value}."""
    return _normalised(_counts(text))


def _normalised(counts: dict[int, float]) -> dict[int, float]:
    total = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    return {k: v / total for k, v in counts.items()}


def _counts(text: str) -> dict[int, float]:
    norm = normalise_for_model(text)
    counts: dict[int, float] = {}
    crc = zlib.crc32
    mask = DIM - 1

    def add(key: str) -> None:
        h = crc(key.encode()) & mask
        counts[h] = counts.get(h, 0.0) + 1.0

    words = _WORD.findall(norm)
    for i, w in enumerate(words):
        add("w " + w)
        if i:
            add("b " + words[i - 1] + " " + w)
    padded = " " + norm + " "
    n = len(padded)
    for size in (3, 4, 5):
        for i in range(n - size + 1):
            add(padded[i : i + size])
    return counts


@dataclass(frozen=True)
class Weights:
    """Weights of one model: ``weights[bucket] * scale`` and ``bias``; ``threshold``
    and ``queue_threshold`` are the probabilities chosen on the training folds
    (see docs/screens.md)."""

    name: str
    weights: array[int]  # int8, times `scale`
    scale: float
    bias: float
    threshold: float
    queue_threshold: float

    def raw(self, feats: dict[int, float]) -> float:
        w = self.weights
        return self.bias + self.scale * sum(w[k] * v for k, v in feats.items())

    def probability(self, text: str) -> float:
        return _sigmoid(self.raw(features(text)))


def _sigmoid(x: float) -> float:
    if x < -40:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


def dump_weights(
    path: Path, weights: list[float], bias: float, threshold: float, queue_threshold: float
) -> None:
    """Write weights as int8 with one scale, zlib-compressed (used by the trainer)."""
    scale = max((abs(w) for w in weights), default=1.0) / 127 or 1.0
    q = array("b", (max(-127, min(127, round(w / scale))) for w in weights))
    head = _MAGIC + struct.pack("<Ifff f", len(q), scale, bias, threshold, queue_threshold)
    path.write_bytes(head + zlib.compress(q.tobytes(), 9))


def load_weights(path: Path) -> Weights:
    """Read a weights file written by ``dump_weights``. Raises ValueError if it is not one."""
    data = path.read_bytes()
    if not data.startswith(_MAGIC):
        raise ValueError(f"{path} is not a screens model file")
    size = struct.calcsize("<Ifff f")
    n, scale, bias, threshold, queue_threshold = struct.unpack(
        "<Ifff f", data[len(_MAGIC) : len(_MAGIC) + size]
    )
    q = array("b")
    q.frombytes(zlib.decompress(data[len(_MAGIC) + size :]))
    if len(q) != n or n != DIM:
        raise ValueError(f"{path}: expected {DIM} weights, found {len(q)}")
    return Weights(path.stem, q, scale, bias, threshold, queue_threshold)


_loaded: dict[str, Weights] = {}
_lock = threading.Lock()


def get_model(name: str) -> Weights:
    """The named model ("crisis" or "personal"), read from disk on first use (once per process)."""
    model = _loaded.get(name)
    if model is None:
        with _lock:
            model = _loaded.get(name)
            if model is None:
                model = load_weights(WEIGHTS_DIR / f"{name}.bin")
                _loaded[name] = model
    return model


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of ``text``; one longer than
    MAX_WINDOW_CHARS is cut into chunks of that size."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    sentences: list[tuple[int, int]] = []
    for s, e in spans:
        while e - s > MAX_WINDOW_CHARS:
            sentences.append((s, s + MAX_WINDOW_CHARS))
            s += MAX_WINDOW_CHARS
        if text[s:e].strip():
            sentences.append((s, e))
    return sentences


@dataclass(frozen=True)
class ModelHit:
    """The best-scoring window of a text: ``score`` is a probability (0..1),
    ``sentence`` the window's text (moderators only), ``threshold`` and
    ``queue_threshold`` the model's cut-offs."""

    model: str
    score: float
    sentence: str
    threshold: float
    queue_threshold: float

    @property
    def confident(self) -> bool:
        return self.score >= self.threshold

    @property
    def possible(self) -> bool:
        return self.score >= self.queue_threshold


def best_window(model: Weights, text: str) -> ModelHit:
    """Score every window of ``text`` with ``model``; the highest wins."""
    return best_windows((model,), text)[0]


def best_windows(models: tuple[Weights, ...], text: str) -> list[ModelHit]:
    """Score every sentence of ``text`` and every pair of neighbouring sentences
    (their n-gram counts added) with each model; the highest window wins, per
    model. The features are computed once for all the models."""
    spans = sentences(text)
    counts = [_counts(text[s:e]) for s, e in spans]
    best = [0.0] * len(models)
    best_span = [(0, 0)] * len(models)
    for i, span in enumerate(spans):
        candidates = [(span, counts[i])]
        if i:
            pair = dict(counts[i - 1])
            for k, v in counts[i].items():
                pair[k] = pair.get(k, 0.0) + v
            candidates.append(((spans[i - 1][0], span[1]), pair))
        for window, c in candidates:
            if len(text[window[0] : window[1]].split()) < MIN_WORDS:
                continue
            feats = _normalised(c)
            for n, model in enumerate(models):
                p = _sigmoid(model.raw(feats))
                if p > best[n]:
                    best[n], best_span[n] = p, window
    return [
        ModelHit(
            m.name,
            best[n],
            text[best_span[n][0] : best_span[n][1]].strip(),
            m.threshold,
            m.queue_threshold,
        )
        for n, m in enumerate(models)
    ]


def score_both(text: str) -> tuple[ModelHit, ModelHit]:
    """(crisis, personal) model hits of ``text``, features computed once."""
    crisis, personal = best_windows((get_model("crisis"), get_model("personal")), text)
    return crisis, personal


def score_crisis(text: str) -> ModelHit:
    """The crisis model's best window of ``text`` (see ``best_window``)."""
    return best_window(get_model("crisis"), text)


def score_personal(text: str) -> ModelHit:
    """The personal-data model's best window of ``text`` (see ``best_window``)."""
    return best_window(get_model("personal"), text)
