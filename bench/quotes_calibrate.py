"""Learn how far each kind of speaker attribution can be trusted, on the development sets, and
write the table the quote stage reads (briefing/data/quote_confidence.json).

For every annotated key quote that the rules find as key with a candidate speaker, the candidate's
bucket (how it was found | the evidence | the form of the name, see briefing/nlp/quotes/confidence.py)
is counted as right (the exact name), another form of the right person, or wrong. A kind's, a
form's and all candidates' confidence is their share exactly right, (right + 1) / (n + 2); a
bucket's is its own share smoothed towards what its kind and its form give apart
((right + SMOOTHING × kind × form ÷ all) / (n + SMOOTHING)).

The threshold (rule `margin`, the default) is the lowest confidence at which the pooled Dutch sets
show speakers exactly right at least TARGET + MARGIN × (1 − TARGET) of the time with wrong people
at most MAX_WRONG × (1 − MARGIN) per 100 (0.976 and 0.9): the margin is room for text messier
than the development sets, and silence is preferred to a wrong name. It never hides a speaker of
the seeds: where no threshold that keeps them meets the targets, the highest that keeps them.
NTREX (Dutch translated from English) teaches the table but does not judge the threshold
(NOT_JUDGING): its wrong speakers sit in buckets right 97 % of the time on Dutch news, no
threshold sees them, and judging by it forced the fallback above. Why margin 0.7: set 4's
development half, scored the moment it came, showed 3.4 wrong per 100 at the threshold margin 0.5
had chosen (0.711); learnt without it, margin 0.6 left it 2.6 and margin 0.7 1.3, every Dutch set
left out meeting the targets (see --cross). After the rules of that round the rule is met at
0.731 (pool: 0.986 exactly right, 0.8 wrong per 100).

`--cross` leaves each set out in turn: the table and the threshold are learnt on the others and
scored on it as `briefing eval-quotes` scores (recall, shown with a speaker, exactly right of
those shown, wrong per 100 shown). That is the estimate for unseen news: the rules were still
written with every set, so it flatters the rules, but not the calibration.

    python bench/quotes_calibrate.py                    # print the table and the sweep, write the data
    python bench/quotes_calibrate.py --dry-run --cross  # print only, with the leave-one-set-out estimates

Run from the repository root with ../shared beside it. The sets: the seeds, the 30 written
articles, the NTREX dev set, the project's held-out set, bench/quotes-dev2, bench/quotes-heldout2
and bench/quotes-dev3 where present.
"""

from __future__ import annotations

import argparse
import dataclasses
import glob
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.cli.eval_quotes import pairs, speaker_verdict  # noqa: E402
from briefing.nlp.quotes import confidence  # noqa: E402
from briefing.pipeline import read_analysed  # noqa: E402

SHARED = ROOT.parent / "shared"
TARGET = 0.92
MAX_WRONG = 3.0
SMOOTHING = 4.0
RULE = "margin"
MARGIN = 0.7


# The project's own sets, each `bench/quotes-NAME/` with its gold.json and articles/ (in this order).
BENCH_SETS = ("heldout", "dev2", "heldout2", "dev3", "heldout3", "dev4")


def dev_sets() -> dict[str, tuple[Path, list[str]]]:
    sets = {
        "seeds": (SHARED / "quotes-gold" / "seeds.json", sorted(glob.glob(str(SHARED / "seeds" / "*.txt")))),
        "written": (SHARED / "quotes-gold" / "written" / "gold.json", sorted(glob.glob(str(SHARED / "quotes-gold" / "written" / "articles" / "*.txt")))),
        "ntrex": (ROOT / "bench" / "quotes-ntrex" / "gold.json", sorted(glob.glob(str(SHARED / "corpora" / "ntrex128-nld-eng" / "docs" / "*.nld.txt")))),
    }
    for name in BENCH_SETS:
        folder = ROOT / "bench" / f"quotes-{name}"
        sets[name] = (folder / "gold.json", sorted(glob.glob(str(folder / "articles" / "*.txt"))))
    return {name: (gold, files) for name, (gold, files) in sets.items() if gold.is_file() and files}


@dataclasses.dataclass
class Case:
    set: str
    how: str
    bucket: str
    verdict: str  # right, other form, wrong; `no candidate` (found, no speaker), `missed` (not found as key)
    label: str
    evidence: str = ""
    name: str = ""

    @property
    def candidate(self) -> bool:
        return self.verdict in ("right", "other form", "wrong")

    @property
    def form(self) -> str:
        return confidence.form_of(self.how, self.name)


def case_of(set_name: str, article: str, g: dict[str, Any], hit: Any) -> Case:
    """One annotated key quote and the key quote found for it (None: missed)."""
    words = (g.get("quote") or g.get("quote_starts") or "")[:50]
    if hit is None:
        return Case(set_name, "", "", "missed", f"{article}: {words!r}")
    if not hit.candidate:
        return Case(set_name, "", "", "no candidate", f"{article}: {words!r}, annotated {g.get('speaker')!r}")
    named = dataclasses.replace(hit, speaker=hit.candidate, role=hit.candidate_role)
    verdict = speaker_verdict(named, g.get("speaker"))
    label = f"{article}: {hit.text[:50]!r}: {hit.candidate!r}, annotated {g.get('speaker')!r}"
    how, evidence, name = hit.attribution or "", hit.evidence or "", hit.candidate or ""
    return Case(set_name, how, confidence.bucket(how, evidence, name), verdict, label, evidence, name)


def cases() -> list[Case]:
    """Every annotated key quote: found as key with a candidate (its bucket and its verdict), found
    without one, or missed; matched the way `briefing eval-quotes` matches them."""
    out: list[Case] = []
    for set_name, (gold_path, files) in dev_sets().items():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        items, _ = read_analysed([f for f in files if Path(f).name in gold])
        for item in items:
            gold_keys = [g for g in gold.get(item.article.name, []) if g.get("key")]
            out += [case_of(set_name, item.article.name, g, hit) for g, hit in pairs(gold_keys, [q for q in item.quotes if q.key])]
    return out


def share(group: list[Case]) -> float:
    """The share exactly right, with one right and one wrong added (no group is certain)."""
    return (sum(c.verdict == "right" for c in group) + 1) / (len(group) + 2)


def learn(found: list[Case], smoothing: float = SMOOTHING) -> dict[str, Any]:
    """The table: a confidence per kind, per form of name and per bucket, from the cases with a
    candidate; a bucket is smoothed towards what its kind and its form give apart."""
    named = [c for c in found if c.candidate]
    kinds: dict[str, list[Case]] = defaultdict(list)
    forms: dict[str, list[Case]] = defaultdict(list)
    buckets: dict[str, list[Case]] = defaultdict(list)
    for case in named:
        kinds[case.how].append(case)
        forms[case.form].append(case)
        buckets[case.bucket].append(case)

    def counts(group: list[Case]) -> dict[str, Any]:
        return {
            "n": len(group),
            "right": sum(c.verdict == "right" for c in group),
            "other_form": sum(c.verdict == "other form" for c in group),
            "wrong": sum(c.verdict == "wrong" for c in group),
            "confidence": round(share(group), 3),
        }

    overall = round(share(named), 3)
    kind_rows = {how: counts(group) for how, group in sorted(kinds.items())}
    form_rows = {form: counts(group) for form, group in sorted(forms.items())}
    bucket_rows = {}
    for name, group in sorted(buckets.items()):
        row = counts(group)
        base = confidence.prior(kind_rows[group[0].how]["confidence"], form_rows[group[0].form]["confidence"], overall)
        row["confidence"] = round((row["right"] + smoothing * base) / (row["n"] + smoothing), 3)
        bucket_rows[name] = row
    return {
        "about": "Written by bench/quotes_calibrate.py from the development sets; see briefing/nlp/quotes/confidence.py.",
        "sets": sorted({c.set for c in found}),
        "default": round(overall * 0.8, 3),
        "overall": overall,
        "kinds": kind_rows,
        "forms": form_rows,
        "buckets": bucket_rows,
    }


def confidence_of(data: dict[str, Any], case: Case) -> float:
    """What the quote stage reads for this case from the table in hand (confidence.looked_up)."""
    return confidence.looked_up(data, case.bucket, case.how, case.form)


Counts = tuple[int, int, int]  # shown with a speaker, exactly right, wrong


def shown_counts(data: dict[str, Any], group: list[Case], level: float) -> Counts:
    shown = [c for c in group if c.candidate and confidence_of(data, c) >= level]
    return len(shown), sum(c.verdict == "right" for c in shown), sum(c.verdict == "wrong" for c in shown)


# Sets that teach the table but do not judge the threshold: NTREX is Dutch translated from English
# (not the text the tool reads); its wrong speakers sit in buckets that are right 97 % of the time on
# Dutch news, so no threshold sees them, and counting it forced "show every seed speaker" before.
# `--ntrex` compares: `table` (this), `threshold` (it judges too), `out` (left out altogether).
NOT_JUDGING = frozenset({"ntrex"})


def sweep(data: dict[str, Any], found: list[Case], not_judging: frozenset[str] = NOT_JUDGING) -> list[tuple[float, dict[str, Counts]]]:
    """For each candidate threshold: per set and pooled over the judging sets, (shown with a
    speaker, exactly right, wrong)."""
    levels = sorted({confidence_of(data, c) for c in found if c.candidate} | {0.0})
    names = sorted({c.set for c in found})
    out = []
    for level in levels:
        per_set = {name: shown_counts(data, [c for c in found if c.set == name], level) for name in names}
        per_set["all"] = shown_counts(data, [c for c in found if c.set not in not_judging], level)
        out.append((level, per_set))
    return out


def meets(counts: Counts, margin: float = 0.0) -> bool:
    """The targets met; with a margin, by that much more (a share of the room left to perfect:
    0.5 asks 0.96 exactly right and 1.5 wrong per 100 for targets of 0.92 and 3)."""
    shown, right, wrong = counts
    target = TARGET + margin * (1 - TARGET)
    return not shown or (right / shown >= target and 100 * wrong / shown <= MAX_WRONG * (1 - margin))


# Sets too small to judge a threshold on alone (the seeds: 12 quotes; they are kept whole apart).
MIN_SET = 40


def choose(rows: list[tuple[float, dict[str, Counts]]], rule: str = RULE, margin: float = MARGIN) -> float:
    """The threshold, never one that hides a speaker of the seeds (the project's acceptance
    check, 12 of 12). `pooled`: the lowest that meets the targets on the sets taken together.
    `each`: the lowest that meets them on every set of MIN_SET or more quotes on its own, so that
    a messy set is not outvoted by clean ones (the unseen news is likely to be messy); where no
    threshold does, the one that leaves the fewest wrong per 100 on the worst set (ties: lowest).
    Where even that cannot be met, the highest that keeps the seeds."""
    seeds_all = rows[0][1].get("seeds", (0, 0, 0))[0]
    keeping = [(level, per_set) for level, per_set in rows if per_set.get("seeds", (0, 0, 0))[0] == seeds_all]
    if rule in ("pooled", "margin"):
        wanted = margin if rule == "margin" else 0.0
        return next((level for level, per_set in keeping if per_set["all"][0] and meets(per_set["all"], wanted)), keeping[-1][0])
    judged = [name for name, counts in rows[0][1].items() if name != "all" and name not in NOT_JUDGING and counts[0] >= MIN_SET]
    for level, per_set in keeping:
        if all(meets(per_set[name]) for name in judged):
            return level

    def worst(per_set: dict[str, Counts]) -> float:
        return max(100 * w / n if n else 0.0 for name, (n, _, w) in per_set.items() if name in judged)

    return min(keeping, key=lambda row: (worst(row[1]), row[0]))[0]


def estimate(found: list[Case], left: str, rule: str, smoothing: float, margin: float, not_judging: frozenset[str] = NOT_JUDGING) -> dict[str, float]:
    """Learn the table and the threshold without one set, measure on that set as eval-quotes does."""
    rest = [c for c in found if c.set != left]
    data = learn(rest, smoothing)
    level = choose(sweep(data, rest, not_judging), rule, margin)
    mine = [c for c in found if c.set == left]
    shown, right, wrong = shown_counts(data, mine, level)
    annotated = len(mine)
    matched = sum(c.verdict != "missed" for c in mine)
    return {
        "threshold": level,
        "annotated": annotated,
        "recall": matched / annotated if annotated else 1.0,
        "named": shown / annotated if annotated else 1.0,
        "shown": shown,
        "right": right / shown if shown else 1.0,
        "wrong": 100 * wrong / shown if shown else 0.0,
        "wrong_n": wrong,
        "right_n": right,
        "hidden": sum(c.candidate for c in mine) - shown,
    }


def cross(found: list[Case], rule: str, smoothing: float, margin: float, not_judging: frozenset[str] = NOT_JUDGING) -> None:
    """Leave one set out: learn the table and the threshold on the other sets, measure on the one
    left out. The honest figure for text the calibration has not seen (the rules were still
    written with it, so it flatters the rules, not the calibration)."""
    print(f"leave one set out (rule {rule}, margin {margin:g}, smoothing {smoothing:g}):")
    print("| left out | threshold learnt without it | recall | shown with a speaker / annotated | exactly right of shown | wrong per 100 shown | hidden |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    pooled = [0, 0, 0]
    for left in sorted({c.set for c in found}):
        e = estimate(found, left, rule, smoothing, margin, not_judging)
        pooled[0] += int(e["shown"])
        pooled[1] += int(e["right_n"])
        pooled[2] += int(e["wrong_n"])
        flag = "" if e["recall"] >= 0.8 and e["right"] >= TARGET and e["wrong"] <= MAX_WRONG else " ✗"
        print(
            f"| {left}{flag} | {e['threshold']:.3f} | {e['recall']:.3f} | {e['shown']}/{e['annotated']} = {e['named']:.3f} | "
            f"{e['right']:.3f} | {e['wrong']:.1f} | {e['hidden']} |"
        )
    n, r, w = pooled
    print(f"| all, each left out | | | {n} | {r / n if n else 1:.3f} | {100 * w / n if n else 0:.1f} | |")
    print()


def print_buckets(data: dict[str, Any]) -> None:
    print("| kind | evidence and name | n | right | other form | wrong | confidence | shown |")
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for name, row in data["buckets"].items():
        how, _, rest = name.partition(" | ")
        used = row["confidence"] if row["n"] >= confidence.MIN_BUCKET else data["kinds"][how]["confidence"]
        print(f"| {how} | {rest} | {row['n']} | {row['right']} | {row['other_form']} | {row['wrong']} | {used:.3f} | {'yes' if used >= data['threshold'] else 'no'} |")
    print()


def print_kinds(data: dict[str, Any], found: list[Case], by: str = "kind") -> None:
    """Precision at the threshold per attribution kind (`how`) or per form of the name (`form`)."""
    print(f"per {by} at the threshold {data['threshold']:.3f}:")
    print(f"| {by} | found | shown with a speaker | exactly right | precision | wrong | hidden |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for how in data["kinds" if by == "kind" else "forms"]:
        group = [c for c in found if c.candidate and (c.how if by == "kind" else c.form) == how]
        shown = [c for c in group if confidence_of(data, c) >= data["threshold"]]
        right = sum(c.verdict == "right" for c in shown)
        precision = f"{right / len(shown):.3f}" if shown else "—"
        print(f"| {how} | {len(group)} | {len(shown)} | {right} | {precision} | {sum(c.verdict == 'wrong' for c in shown)} | {len(group) - len(shown)} |")
    print()


def print_sweep(data: dict[str, Any], rows: list[tuple[float, dict[str, Counts]]]) -> None:
    print("threshold sweep (per set: shown with a speaker, exactly right, wrong):")
    for level, per_set in rows:
        cells = "  ".join(f"{s} {n}/{r}/{w} ({(r / n if n else 1):.3f}, {(100 * w / n if n else 0):.1f})" for s, (n, r, w) in per_set.items())
        mark = " <- chosen" if level == data["threshold"] else ""
        print(f"  >= {level:.3f}: {cells}{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the table")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the wrong candidates")
    parser.add_argument("--cross", action="store_true", help="also learn without each set and measure on it")
    parser.add_argument("--rule", choices=("each", "pooled", "margin"), default=RULE, help="how the threshold is chosen (see choose)")
    parser.add_argument("--margin", type=float, default=MARGIN, help="for the rule `margin`: how much of the room to perfect the pooled sets must leave")
    parser.add_argument("--smoothing", type=float, default=SMOOTHING, help="weight of the kind's share in a bucket's confidence")
    parser.add_argument(
        "--ntrex", choices=("table", "threshold", "out"), default="table",
        help="NTREX teaches the table only (default), also judges the threshold, or is left out",
    )
    args = parser.parse_args()
    found = cases()
    not_judging = NOT_JUDGING if args.ntrex != "threshold" else frozenset()
    if args.ntrex == "out":
        found = [c for c in found if c.set != "ntrex"]
    if args.cross:
        cross(found, args.rule, args.smoothing, args.margin, not_judging)
    data = learn(found, args.smoothing)
    rows = sweep(data, found, not_judging)
    data.update(threshold=choose(rows, args.rule, args.margin), rule=args.rule, smoothing=args.smoothing, margin=args.margin)
    data["threshold_judged_without"] = sorted(not_judging & {c.set for c in found})
    data["target"] = {"speaker_right": TARGET, "wrong_per_100": MAX_WRONG}
    print_buckets(data)
    print_kinds(data, found)
    print_kinds(data, found, "form")
    print_sweep(data, rows)
    for case in found if args.verbose else []:
        if case.candidate and case.verdict != "right":
            print(f"  {case.verdict:10} {confidence_of(data, case):.3f} {case.bucket}: {case.label}")
    if not args.dry_run:
        confidence.TABLE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"written: {confidence.TABLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
