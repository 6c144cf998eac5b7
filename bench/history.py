"""The history at scale: search latency with a million sentences, its size per 1,000 articles, and
what recording adds to a build.

    python bench/history.py [--briefings 1000] [--articles 50] [--sentences 20] [--queries 200]

Fills a fresh history with synthetic weekly briefings (one a week, `--articles` each) (Dutch-like sentences drawn from the seeds'
and FLORES' Dutch words where ../shared is there, the seeds' alone otherwise; English the same
words reversed, so both columns are searched), then times `History.search` for one- and two-word
queries (words drawn from the same vocabulary, Dutch and English, some with diacritics dropped)
and reports p50/p95. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import statistics
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

from briefing.output.history import History, briefing_key

ROOT = Path(__file__).resolve().parent.parent


def vocabulary() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    flores = ROOT.parent / "shared" / "corpora"
    texts += [p.read_text(encoding="utf-8") for p in sorted(flores.glob("**/*nld*"))[:4] if p.is_file()]
    words = sorted({w for t in texts for w in re.findall(r"[^\W\d_]{3,}", t)})
    return words


def synthetic_briefing(n: int, articles: int, sentences: int, words: list[str], rng: random.Random) -> dict[str, Any]:
    # One briefing a week, as the tool is used: a thousand briefings span nineteen years.
    day = (dt.date(2006, 1, 2) + dt.timedelta(weeks=n)).isoformat()

    def sentence() -> tuple[str, str]:
        chosen = rng.sample(words, 12)
        return " ".join(chosen) + ".", " ".join(reversed(chosen)) + "."

    arts = []
    for a in range(articles):
        rows = [sentence() for _ in range(sentences)]
        arts.append({
            "id": f"a{n}-{a}", "name": f"{n}/{a}.txt", "url": f"https://example.org/{n}/{a}", "source": rng.choice(["NOS", "NRC", "AD", "Trouw"]),
            "date": day, "title": {"nl": rows[0][0], "en": rows[0][1]}, "story": f"s-{n}-{a}",
            "paragraphs": [{"sentences": [{"id": f"a{n}-{a}-s{i}", "nl": nl, "en": en} for i, (nl, en) in enumerate(rows)]}],
            "quotes": [{"nl": rows[1][0], "en": rows[1][1], "speaker": f"Spreker {rng.randrange(500)}", "role": None, "key": True,
                        "sentences": [f"a{n}-{a}-s1"]}],
        })
    stories = [{"id": f"s{a}", "article_ids": [art["id"]]} for a, art in enumerate(arts)]
    return {"groups": [{"articles": arts}], "stories": stories, "made_with": {"built": day}, "topic": [], "summary": {}}


def fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--briefings", type=int, default=1000)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--sentences", type=int, default=20)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(1)
    words = vocabulary()
    path = Path(tempfile.mkdtemp(prefix="bench-history-")) / "history.sqlite3"
    record_times = []
    with History(path) as history:
        for n in range(args.briefings):
            b = synthetic_briefing(n, args.articles, args.sentences, words, rng)
            start = time.perf_counter()
            history.record(b, briefing_key((str(n), str(n)), []), (None, None))  # type: ignore[arg-type]
            record_times.append(time.perf_counter() - start)
        counts = history.counts()
        # What a build's reading of the history costs with all that recorded: a new week's briefing.
        follow_times = []
        for n in range(5):
            b = synthetic_briefing(args.briefings + n, args.articles, args.sentences, words, rng)
            texts = {a["id"]: " ".join(s["nl"] for p in a["paragraphs"] for s in p["sentences"]) for a in b["groups"][0]["articles"]}
            start = time.perf_counter()
            history.follow(b, "new", texts)  # type: ignore[arg-type]
            follow_times.append(time.perf_counter() - start)
        queries = [" ".join(fold(w) if rng.random() < 0.5 else w for w in rng.sample(words, rng.choice((1, 2)))) for _ in range(args.queries)]
        latencies, hits = [], []
        for q in queries:
            start = time.perf_counter()
            hits.append(len(history.search(q, limit=50)))
            latencies.append(time.perf_counter() - start)
    size = sum(p.stat().st_size for p in path.parent.iterdir())
    articles = args.briefings * args.articles
    latencies.sort()
    print(json.dumps({
        "sentences": counts["sentences"], "articles": counts["articles"], "vocabulary": len(words),
        "search_p50_ms": round(1000 * statistics.median(latencies), 2),
        "search_p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 2),
        "mean_hits": round(statistics.mean(hits), 1),
        "bytes_per_1000_articles": round(size / articles * 1000),
        "record_ms_per_briefing_median": round(1000 * statistics.median(record_times), 1),
        "record_ms_per_article": round(1000 * statistics.median(record_times) / args.articles, 2),
        "follow_ms_per_briefing_median": round(1000 * statistics.median(follow_times), 1),
    }, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
