"""The figures behind the stories threshold (docs/stories.md).

    python bench/stories_threshold.py

Similarity of every pair of seeds, with and without the background documents in the IDF, and the
distribution over all pairs of NTREX-128 documents (../shared/corpora), which are each a
different story but for a few reports of the same event.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.ingest.articles import read_article  # noqa: E402
from briefing.nlp import stories  # noqa: E402


def pairs(texts: list[str]) -> list[float]:
    v = stories.tfidf(texts)
    return [stories.cosine(v[i], v[j]) for i, j in itertools.combinations(range(len(texts)), 2)]


seed_files = sorted((ROOT / "seeds").glob("*.txt"))
seeds = [" ".join(b.text for b in read_article(f).blocks) for f in seed_files]
names = [f.name[:3] for f in seed_files]
labels = [f"{a}-{b}" for a, b in itertools.combinations(names, 2)]
print("seeds:", {label: round(s, 3) for label, s in zip(labels, pairs(seeds))})
background = stories.BACKGROUND_DOCS
stories.BACKGROUND_DOCS = 0
print("seeds, plain IDF:", {label: round(s, 3) for label, s in zip(labels, pairs(seeds))})
stories.BACKGROUND_DOCS = background
docs = sorted((ROOT.parent / "shared" / "corpora" / "ntrex128-nld-eng" / "docs").glob("*.nld.txt"))
if docs:
    sims = sorted(pairs([d.read_text(encoding="utf-8") for d in docs]), reverse=True)
    print(f"NTREX: {len(sims)} pairs, p99 {sims[len(sims) // 100]:.3f}, "
          f">= {stories.THRESHOLD}: {sum(s >= stories.THRESHOLD for s in sims)}, max {sims[0]:.3f}")
