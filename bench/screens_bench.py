"""Validation figures and cost of the crisis and personal-data screens.

    .venv/bin/python -m bench.screens_bench            # figures + cost
    .venv/bin/python -m bench.screens_bench --split train   # the same on the training split
    .venv/bin/python -m bench.screens_bench --split fresh   # the fresh set (moderation/corpus/fresh_*.tsv)
    .venv/bin/python -m bench.screens_bench --hostile       # cost on hostile input, 4 KB vs 40 KB
    .venv/bin/python -m bench.screens_bench --blind DIR     # the blind sets in DIR (blind_*.tsv: set 1,
                                                            # blind2_*.tsv: set 2; or crisis.tsv,
                                                            # crisis_lookalike.tsv, personal.tsv,
                                                            # personal_lookalike.tsv): counts per kind only

Prints, on the corpus's validation split (bench/screens_corpus.py; never trained
on, see bench/screens_train.py), for each layer -- patterns, model (confident),
model (possible) and the combinations the app uses -- recall per kind of line
that must be caught, false alarms per kind of look-alike, and false alarms on
ordinary posts (the demo community's posts). Then the cost: CPU milliseconds
(p50, p99) to screen a 2,000-character post on one core with everything the app
runs at submission (both pattern screens and both models, as ``screen_text`` runs them), and the resident
memory the screens add to a process.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections import defaultdict


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def layers(task: str):
    from moderation.detect import (
        find_crisis,
        find_personal_data,
        model_hit_shows,
        score_crisis,
        score_personal,
    )

    find = find_crisis if task == "crisis" else find_personal_data
    score = score_crisis if task == "crisis" else score_personal
    # What the app lets a model hit do alone: hold (personal, confident) or show crisis lines
    # (crisis, confident and in scope: moderation.detect.model_hit_shows).
    shows = model_hit_shows if task == "crisis" else (lambda hit, text: hit.confident)

    def run(text: str) -> dict[str, bool]:
        p = bool(find(text))
        hit = score(text)
        return {
            "patterns": p,
            "model (confident)": hit.confident,
            "model (possible)": hit.possible,
            "patterns or confident model [shown/held]": p or shows(hit, text),
            "any layer [queued]": p or hit.possible,
        }

    return run


# The blind sets kept in moderation/corpus/, by file prefix: set 1 (issue 10, session 2) and set 2
# (session 3, written by an independent writer while round 4 was tuned; committed before its run),
# set 3 (session 5, written by an independent writer while round 5 was tuned; committed before
# its first run).
BLIND_SETS = {"blind": "blind_", "blind2": "blind2_", "blind3": "blind3_"}


def blind_items(directory: str, prefix: str = "blind_") -> list:
    """The lines of a blind set (``<prefix>crisis.tsv``, ``<prefix>crisis_lookalike.tsv``,
    ``<prefix>personal.tsv``, ``<prefix>personal_lookalike.tsv`` in ``directory``, or the same
    names without a prefix; ``kind<TAB>text``), as corpus items. Only counts are ever printed from
    them, never a line."""
    from pathlib import Path

    from bench.screens_corpus import Item, read_tsv

    items = []
    for task, name in (("crisis", "crisis"), ("personal", "personal")):
        for label, suffix in ((1, ""), (0, "_lookalike")):
            path = Path(directory).resolve() / f"{prefix}{name}{suffix}.tsv"
            if not path.exists() and prefix == "blind_":
                path = Path(directory).resolve() / f"{name}{suffix}.tsv"
            if not path.exists():
                continue
            for kind, text in read_tsv(path):
                items.append(
                    Item(
                        task,
                        label,
                        kind if label else "lookalike:" + kind,
                        f"blind:{task}:{text}",
                        "blind",
                        text,
                    )
                )
    return items


def figures(split: str, items: list | None = None) -> list[str]:
    from bench.screens_corpus import load

    out: list[str] = []
    if items is None:
        items = [i for i in load() if i.split == split]
    for task in ("crisis", "personal"):
        run = layers(task)
        table: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
        for it in (i for i in items if i.task == task):
            for layer, flagged in run(it.text).items():
                if it.label == 1:
                    table[layer][("catch", it.kind)].append(flagged)
                    table[layer][("catch", "ALL")].append(flagged)
                    if it.source == "buried":
                        # every line again, buried in paragraph three of a long post
                        table[layer][("catch", "~buried in a long post")].append(flagged)
                elif it.kind == "ordinary":
                    table[layer][("ordinary", "ordinary")].append(flagged)
                else:
                    table[layer][("lookalike", it.kind.removeprefix("lookalike:"))].append(flagged)
                    table[layer][("lookalike", "ALL")].append(flagged)
        out.append(f"\n== {task} ({split} split) ==")
        names = list(table)
        keys = sorted(
            {k for layer in table.values() for k in layer},
            key=lambda k: (k[0], k[1] != "ALL", k[1]),
        )
        out.append(f"{'':34}" + "".join(f"{n[:18]:>20}" for n in names))
        for key in keys:
            label = {"catch": "caught", "lookalike": "false alarm", "ordinary": "false alarm"}[
                key[0]
            ]
            row = f"{label + ' ' + key[1]:34}"
            for n in names:
                v = table[n][key]
                row += f"{f'{sum(v)}/{len(v)} {100 * sum(v) / len(v):.0f}%':>20}"
            out.append(row)
    return out


def cost(runs: int = 300) -> list[str]:
    from bench.screens_corpus import ordinary_posts
    from moderation.detect import (
        find_crisis,
        find_personal_data,
        score_both,
        score_crisis,
        score_personal,
    )

    before = rss_mb()
    score_crisis("warm up")
    score_personal("warm up")
    rnd = random.Random(7)
    pool = ordinary_posts()
    posts = []
    for _ in range(runs):
        text = ""
        while len(text) < 2000:
            text += rnd.choice(pool) + "\n\n"
        posts.append(text[:2000])
    timings: dict[str, list[float]] = defaultdict(list)
    for text in posts:
        for name, fn in (
            ("crisis patterns", find_crisis),
            ("personal patterns", find_personal_data),
            ("both models (shared features)", score_both),
        ):
            t0 = time.process_time()
            fn(text)
            timings[name].append((time.process_time() - t0) * 1000)
    total = [sum(ts) for ts in zip(*timings.values(), strict=True)]
    timings["all layers (one submission)"] = total
    out = ["\n== cost: 2,000-character post, one core, CPU ms =="]
    for name, ts in timings.items():
        q = statistics.quantiles(ts, n=100)
        out.append(f"{name:30} p50 {statistics.median(ts):6.1f}   p99 {q[98]:6.1f}")
    out.append(f"memory added by the screens and both models: {rss_mb() - before:.1f} MB")
    return out


def hostile() -> list[str]:
    """Cost of each hostile case of tests/moderation/test_detect_linear.py at 4 KB and 40 KB."""
    from tests.moderation.test_detect_linear import HOSTILE_UNITS, SCREENS

    out = ["\n== hostile input: CPU ms at 4 KB -> 40 KB (linear: about 10x) =="]
    for unit in HOSTILE_UNITS:
        for name, fn in SCREENS.items():
            ts = []
            for size in (4_000, 40_000):
                text = unit * (size // len(unit)) + "at x"
                t0 = time.process_time()
                fn(text)
                ts.append((time.process_time() - t0) * 1000)
            out.append(
                f"{unit!r:14} {name:9} {ts[0]:8.1f} -> {ts[1]:8.1f}  x{ts[1] / max(ts[0], 0.05):.0f}"
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="validation", choices=("validation", "train", "fresh"))
    parser.add_argument("--no-cost", action="store_true")
    parser.add_argument("--hostile", action="store_true", help="only the hostile-input cost")
    parser.add_argument(
        "--blind", metavar="DIR", help="score a blind set (counts per kind only, never a line)"
    )
    args = parser.parse_args()
    if args.hostile:
        print("\n".join(hostile()))
        return
    if args.blind:
        for name, prefix in BLIND_SETS.items():
            items = blind_items(args.blind, prefix)
            if items:
                print("\n".join(figures(name, items)))
        return
    base = rss_mb()
    import moderation.detect  # noqa: F401

    imported = rss_mb() - base
    print("\n".join(figures(args.split)))
    if not args.no_cost:
        print("\n".join(cost()))
        print(f"(importing moderation.detect itself: {imported:.1f} MB)")


if __name__ == "__main__":
    main()
