#!/usr/bin/env python3
"""Re-fits the matcher's confidence rule on the tuning half of labelled.jsonl, from a dump of its features.

    EVAL_DUMP=/tmp/dump.jsonl cargo test -p bangban-core --release --test eval -- --ignored dump
    python3 data/eval/grid.py /tmp/dump.jsonl [MAX_TUNING_WRONG_PERCENT, default 1.5]

It replays `Matcher::confident` (core/src/matcher/mod.rs) on the dumped features of the best two entries,
first with the current constants (the tuning half's figures must equal the eval test's: a check that the replay
is faithful; since session 10 the third way judges the entry's own score, `own1`, and the check half reads one
answer more than the eval, from a rule the replay does not model), then searches a grid of the seven constants for the most right answers on the tuning half with
wrong answers at most MAX_TUNING_WRONG_PERCENT of its questions, and prints that rule's figures on the
check half, holdout and holdout2 (never used to choose). Answers of the asking-clause second look (long
questions) are kept as the dump records them. Figures: right% / wrong% (right over answerable lines,
wrong over all lines), as in the eval.
"""
import itertools
import json
import sys

CURRENT = dict(AT=0.85, AC=0.7, AL=0.06, CT=0.7, CR=0.6, PT=0.8, PC=0.9)
GRID = dict(
    AT=[0.7, 0.75, 0.8, 0.85, 0.9],
    AC=[0.5, 0.6, 0.7, 0.8],
    AL=[0.0, 0.03, 0.06, 0.1, 0.15],
    CT=[0.5, 0.55, 0.6, 0.65, 0.7, 0.8],
    CR=[0.5, 0.6, 0.7, 0.8],
    PT=[0.7, 0.75, 0.8, 0.85, 0.9],
    PC=[0.85, 0.9, 0.95],
)


def features(row):
    top = row["top"]
    first, second = (top + [None, None])[:2]
    return dict(
        first=first and first["id"],
        s1=first["s"] if first else 0.0,
        qc1=first["qc"] if first else 0.0,
        # The entry's own score, without the page's item boost (`blend` in the matcher): the third way judges it.
        own1=(first["qc"] ** 4 * first["ec"]) ** 0.2 if first else 0.0,
        pc1=first["pc"] if first else 0.0,
        s2=second["s"] if second else 0.0,
        pc2=second["pc"] if second else 0.0,
        lead=row["lead"],
    )


def confident(f, p):
    """`Matcher::confident` with constants `p`."""
    if f["first"] is None:
        return False
    if f["s1"] >= p["CT"] and f["s2"] <= f["s1"] * p["CR"]:
        return True
    if f["s1"] >= p["PT"] and f["pc1"] >= p["PC"] and f["pc2"] < p["PC"]:
        return True
    return f["own1"] >= p["AT"] and f["qc1"] >= p["AC"] and f["lead"] >= p["AL"]


def evaluate(rows, p):
    right = wrong = answerable = 0
    for row in rows:
        f = features(row)
        if confident(f, p):
            answer = f["first"]
        elif row["answer"] and not confident(f, CURRENT):
            answer = row["answer"]  # the asking-clause second look
        else:
            answer = None
        answerable += row["expect"] is not None
        if answer is not None:
            right += answer == row["expect"]
            wrong += answer != row["expect"]
    return 100 * right / answerable, 100 * wrong / len(rows)


def main():
    rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
    max_wrong = float(sys.argv[2]) if len(sys.argv) > 2 else 1.5
    sets = {
        "tuning": [r for r in rows if r["set"] == "lab" and r["half"] == 0],
        "check": [r for r in rows if r["set"] == "lab" and r["half"] == 1],
        "holdout": [r for r in rows if r["set"] == "hold"],
        "holdout2": [r for r in rows if r["set"] == "hold2"],
    }

    def show(label, p):
        figures = (f"{name} {right:.1f}% / {wrong:.1f}%" for name, (right, wrong) in ((n, evaluate(s, p)) for n, s in sets.items()))
        print(f"{label}: " + ", ".join(figures))

    show("current", CURRENT)
    best = None
    for values in itertools.product(*GRID.values()):
        p = dict(zip(GRID, values))
        right, wrong = evaluate(sets["tuning"], p)
        if wrong <= max_wrong and (best is None or right > best[0]):
            best = (right, p)
    print("best on the tuning half:", best[1])
    show("best", best[1])


if __name__ == "__main__":
    main()
