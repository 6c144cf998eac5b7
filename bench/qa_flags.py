"""QA flags: how often each fires on faithful English (false alarms) and how much deliberate
damage each catches.

    python bench/qa_flags.py                    # JSON on stdout
    python bench/qa_flags.py --show N           # also N examples of what fires, per set and flag
    python bench/qa_flags.py --sets heldout     # the held-out sentences (run once, at the end)

Sets (../shared is read at run time, never copied):

* `flores-opus`: what the real opus-mt-nl-en wrote for the 1,012 FLORES devtest sentences;
* `flores-ref`, `ntrex-ref`: the human English of FLORES and NTREX-128 (1,997 news sentences),
  faithful translations: a flag there is a false alarm or a free translation;
* `dev`, `heldout`: conversational and headline-style Dutch with faithful English written for
  the project (bench/qa_sentences/).

The damage generator (seeded, deterministic) changes one thing per line of the real outputs, only
where the line has something to change: a number (digits or words, clock times too), a negation
flipped (not, n't, never, no one, nothing, without, un-/in-/im- words, hardly: each in its own
way), a name (one shared inside the sentence; stricter, any capitalised word the English shares
with the Dutch, also the sentence opener; and acronyms), a month or weekday changed, the English
cut to half, a clause dropped, a loop added, or the Dutch left in place of the English. A damaged
line counts as caught only when it gets a flag the undamaged line did not have.
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

from simplemma import is_known  # noqa: E402

from briefing.qa import checks as qa  # noqa: E402
from briefing.qa.lengths import MIN_LENGTH_CHARS  # noqa: E402
from briefing.qa.negation import _NL_NEGATION  # noqa: E402
from briefing.qa.numbers import _NL_NUMBER_WORDS, _NL_TIME, _values  # noqa: E402
from briefing.qa.words import WordCache  # noqa: E402
from briefing.translate.glossary import Glossary  # noqa: E402

OTHER_NAMES = ["Jansen", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Kowalski", "Hargreaves", "Oliveira", "Smith", "Peters"]
OTHER_ACRONYMS = ["OECD", "UNHCR", "IAEA", "FIFA", "NATO", "FBI", "BBC", "KLM", "IMF", "WHO"]
MONTHS = "January February March April May June July August September October November December".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
EN_NUMBER_WORDS = "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand".split()
# Negation in the English and what damage makes of it: the polarity flipped, each in its own way.
FLIPS = [
    (r"\bcannot\b", "can"), (r"\bcan't\b", "can"), (r"\bwon't\b", "will"), (r"\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must)n't\b", r"\1"),
    (r"\bnot\s", ""), (r"\bnever\b", "always"), (r"\bno one\b", "everyone"), (r"\bnobody\b", "everybody"),
    (r"\bnothing\b", "everything"), (r"\bnowhere\b", "everywhere"), (r"\bnone\b", "all"), (r"\bwithout\b", "with"),
    (r"\bno longer\b", "still"), (r"\bhardly\s", ""), (r"\bbarely\s", ""), (r"\bno\s", "some "),
    (r"\b(?:un|in|im|il|ir)(?=(?:able|likely|known|clear|certain|usual|fair|even|happy|possible|correct|complete|legal|regular|sufficient|adequate|visible|accurate|official|necessary|safe|stable)\b)", ""),
]
NEGATION_EN = re.compile("|".join(f"(?:{p})" for p, _ in FLIPS), re.IGNORECASE)


def damage(kind: str, nl: str, en: str, rng: random.Random) -> str | None:
    """The English with one thing of `kind` damaged, or None where the line has none."""
    if kind == "number":
        nums = [m for m in re.finditer(r"\d+|\b(?:" + "|".join(EN_NUMBER_WORDS) + r")\b", en, re.IGNORECASE)]
        if not nums or (not _values(nl, _NL_NUMBER_WORDS) and not _NL_TIME.search(nl)):
            return None
        m = rng.choice(nums)
        if m.group().isdigit():
            new = str(int(m.group()) + rng.choice([1, 2, 3, 7, 10]))
        else:
            new = rng.choice([w for w in EN_NUMBER_WORDS if w != m.group().lower()])
        return en[: m.start()] + new + en[m.end() :]
    if kind == "negation":
        if not _NL_NEGATION.search(nl):
            return None
        found = list(NEGATION_EN.finditer(en))
        if len(found) != 1:
            return None  # two negations: one left still says no
        m = found[0]
        for pattern, new in FLIPS:
            if re.fullmatch(pattern, m.group(), re.IGNORECASE):
                return en[: m.start()] + re.sub(pattern, new, m.group(), flags=re.IGNORECASE) + en[m.end() :]
        return None
    if kind == "name":
        shared = [w for w in re.findall(r"(?<=\w )([A-Z][a-z]{3,})", en) if re.search(rf"\b{w}\b", nl) and w not in MONTHS + DAYS]
        if not shared:
            return None
        name = rng.choice(shared)
        return re.sub(rf"\b{name}\b", rng.choice([n for n in OTHER_NAMES if n != name]), en)
    if kind == "name, any place":
        # A stricter draw: any capitalised word the English shares with the Dutch, also one
        # opening the sentence, replaced by a surname from elsewhere.
        shared = sorted({w for w in re.findall(r"\b[A-Z][a-z]{2,}\b", en)
                         if re.search(rf"\b{w}\b", nl) and w not in MONTHS + DAYS and w.lower() not in en.split()})
        if not shared:
            return None
        name = rng.choice(shared)
        return re.sub(rf"\b{name}\b", rng.choice([n for n in OTHER_NAMES if n != name]), en)
    if kind == "name, opening":
        # The sentence opener, where the Dutch opens with it too and it is no English word
        # (simplemma's English lexicon: not Later, Check, President).
        m = re.match(r"[\"'‘“(]?([A-Z][a-z]{2,})\b", en)
        if not m or not re.match(rf"[\"'‘“„,(]*{m.group(1)}\b", nl) or m.group(1) in MONTHS + DAYS or is_known(m.group(1).lower(), lang="en"):
            return None
        return en[: m.start(1)] + rng.choice([n for n in OTHER_NAMES if n != m.group(1)]) + en[m.end(1) :]
    if kind == "acronym":
        shared = sorted({w for w in re.findall(r"\b[A-Z]{2,6}\b", en) if re.search(rf"\b{w}\b", nl)})
        if not shared:
            return None
        name = rng.choice(shared)
        return re.sub(rf"\b{name}\b", rng.choice([n for n in OTHER_ACRONYMS if n != name and n not in nl]), en)
    if kind == "date":
        found = [w for w in MONTHS + DAYS if w in en]
        if not found:
            return None
        w = found[0]
        pool = MONTHS if w in MONTHS else DAYS
        return en.replace(w, rng.choice([x for x in pool if x != w]))
    if kind == "truncation":
        if len(nl) < MIN_LENGTH_CHARS:
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


KINDS = ["number", "negation", "name", "name, any place", "name, opening", "acronym", "date", "truncation",
         "dropped clause", "repetition", "untranslated"]


def _pairs(name: str) -> tuple[list[str], list[str]]:
    if name in ("dev", "heldout"):
        rows = [line.split("\t") for line in (ROOT / "bench" / "qa_sentences" / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
        return [r[0] for r in rows], [r[1] for r in rows]
    files = {
        "flores-opus": ("flores200-devtest/nld_Latn.devtest", "opus-mt-nl-en-outputs/flores200-devtest.opus-mt-nl-en.eng"),
        "flores-ref": ("flores200-devtest/nld_Latn.devtest", "flores200-devtest/eng_Latn.devtest"),
        "ntrex-ref": ("ntrex128-nld-eng/newstest2019-ref.nld.txt", "ntrex128-nld-eng/newstest2019-src.eng.txt"),
    }
    nl, en = files[name]
    return ((SHARED / nl).read_text(encoding="utf-8").splitlines(), (SHARED / en).read_text(encoding="utf-8").splitlines())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sets", default="flores-opus,flores-ref,ntrex-ref,dev")
    parser.add_argument("--damage-on", default="flores-opus,ntrex-ref", help="sets to damage ('' for none)")
    args = parser.parse_args()
    glossary = Glossary.load().terms
    words = WordCache(None, "bench")  # learnt afresh, written nowhere
    result: dict[str, object] = {}
    examples: dict[str, dict[str, list[dict[str, str]]]] = {}
    for name in args.sets.split(","):
        nl, en = _pairs(name)
        fired: Counter[str] = Counter()
        flagged_lines = 0
        for n, e in zip(nl, en):
            found = qa.check(n, e, glossary, words)
            flagged_lines += bool(found)
            for flag, detail in found.items():
                fired[flag] += 1
                examples.setdefault(name, {}).setdefault(flag, []).append({"detail": detail, "nl": n, "en": e})
        result[name] = {"lines": len(nl), "flagged_lines": flagged_lines, "share": round(flagged_lines / len(nl), 4),
                        "by_flag": dict(fired.most_common())}
    for damaged in filter(None, args.damage_on.split(",")):
        nl, en = _pairs(damaged)
        rng = random.Random(args.seed)
        caught: dict[str, dict[str, float]] = {}
        for kind in KINDS:
            total = hit = 0
            for n, e in zip(nl, en):
                bad = damage(kind, n, e, rng)
                if bad is None or bad == e:
                    continue
                total += 1
                # Caught: a flag the undamaged line did not have, or a flag that found more.
                before, after = qa.check(n, e, glossary, words), qa.check(n, bad, glossary, words)
                hit += any(before.get(flag) != detail for flag, detail in after.items())
            caught[kind] = {"lines": total, "caught": hit, "share": round(hit / total, 3) if total else 0.0}
        result[f"damage ({damaged})"] = caught
    if args.show:
        result["examples"] = {s: {k: v[: args.show] for k, v in flags.items()} for s, flags in examples.items()}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
