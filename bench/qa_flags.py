"""QA flags on what the real opus-mt-nl-en wrote (FLORES devtest, ../shared): how often each flag
fires on the real outputs, and how much of deliberate damage to them each catches.

    python bench/qa_flags.py            # JSON on stdout
    python bench/qa_flags.py --show N   # also N examples of what fires, per flag

The damage generator (seeded, deterministic) changes one thing per line, only where the line has
something to change: a number, a negation removed, a name (one that the Dutch and the English
share, inside the sentence; or, stricter, any capitalised word or acronym they share) replaced, a month or weekday changed, the English cut to half, a clause dropped, a loop
added, or the Dutch left in place of the English.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "corpora"

from briefing import qa  # noqa: E402
from briefing.glossary import Glossary  # noqa: E402

OTHER_NAMES = ["Jansen", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Kowalski", "Hargreaves", "Oliveira"]
MONTHS = "January February March April May June July August September October November December".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def damage(kind: str, nl: str, en: str, rng: random.Random) -> str | None:
    """The English with one thing of `kind` damaged, or None where the line has none."""
    if kind == "number":
        nums = [m for m in re.finditer(r"\d+", en)]
        if not nums or not qa._values(nl, qa._NL_NUMBER_WORDS):
            return None
        m = rng.choice(nums)
        new = str(int(m.group()) + rng.choice([1, 2, 3, 7, 10]))
        return en[: m.start()] + new + en[m.end() :]
    if kind == "negation":
        if not qa._NL_NEGATION.search(nl):
            return None
        found = list(re.finditer(r"\b(?:not|never|no)\b ?|n't\b", en))
        if len(found) != 1:
            return None
        m = found[0]
        return en[: m.start()] + en[m.end() :]
    if kind == "name":
        shared = [w for w in re.findall(r"(?<=\w )([A-Z][a-z]{3,})", en) if re.search(rf"\b{w}\b", nl) and w not in MONTHS + DAYS]
        if not shared:
            return None
        name = rng.choice(shared)
        return re.sub(rf"\b{name}\b", rng.choice([n for n in OTHER_NAMES if n != name]), en)
    if kind == "name, any place":
        # A stricter draw: any capitalised word or acronym the English shares with the Dutch, also
        # one opening the sentence, replaced by a surname from elsewhere.
        shared = sorted({w for w in re.findall(r"\b[A-Z][A-Za-z]{2,}\b", en)
                         if re.search(rf"\b{w}\b", nl) and w not in MONTHS + DAYS and w.lower() not in en.split()})
        if not shared:
            return None
        name = rng.choice(shared)
        return re.sub(rf"\b{name}\b", rng.choice([n for n in OTHER_NAMES if n != name]), en)
    if kind == "date":
        found = [w for w in MONTHS + DAYS if w in en]
        if not found:
            return None
        w = found[0]
        pool = MONTHS if w in MONTHS else DAYS
        return en.replace(w, rng.choice([x for x in pool if x != w]))
    if kind == "truncation":
        if len(nl) < qa.MIN_LENGTH_CHARS:
            return None
        return en[: len(en) // 2].rsplit(" ", 1)[0]
    if kind == "dropped clause":
        parts = re.split(r"(?<=,) ", en)
        if len(parts) < 3:
            return None
        longest = max(range(1, len(parts)), key=lambda i: len(parts[i]))
        return " ".join(p for i, p in enumerate(parts) if i != longest)
    if kind == "repetition":
        words = en.split()
        if len(words) < 6:
            return None
        i = rng.randrange(1, len(words) - 3)
        loop = " ".join(words[i : i + 2])
        return " ".join(words[: i + 2]) + " " + " ".join([loop] * 3) + " " + " ".join(words[i + 2 :])
    if kind == "untranslated":
        return nl
    raise ValueError(kind)


KINDS = ["number", "negation", "name", "name, any place", "date", "truncation", "dropped clause", "repetition", "untranslated"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    nl = (SHARED / "flores200-devtest" / "nld_Latn.devtest").read_text(encoding="utf-8").splitlines()
    en = (SHARED / "opus-mt-nl-en-outputs" / "flores200-devtest.opus-mt-nl-en.eng").read_text(encoding="utf-8").splitlines()
    glossary = Glossary.load().terms
    fired: Counter[str] = Counter()
    flagged_lines = 0
    examples: dict[str, list[dict[str, str]]] = {}
    for n, e in zip(nl, en):
        found = qa.check(n, e, glossary)
        flagged_lines += bool(found)
        for flag, detail in found.items():
            fired[flag] += 1
            examples.setdefault(flag, []).append({"detail": detail, "nl": n, "en": e})
    rng = random.Random(args.seed)
    caught: dict[str, dict[str, float]] = {}
    for kind in KINDS:
        total = hit = 0
        for n, e in zip(nl, en):
            bad = damage(kind, n, e, rng)
            if bad is None or bad == e:
                continue
            total += 1
            hit += bool(qa.check(n, bad, glossary))
        caught[kind] = {"lines": total, "caught": hit, "share": round(hit / total, 3) if total else 0.0}
    result = {
        "real_outputs": {"lines": len(nl), "flagged_lines": flagged_lines, "share": round(flagged_lines / len(nl), 4),
                         "by_flag": dict(fired.most_common())},
        "damage": caught,
    }
    if args.show:
        result["examples"] = {k: v[: args.show] for k, v in examples.items()}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
