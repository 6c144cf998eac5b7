"""Stories: articles that report the same event, grouped by the similarity of their Dutch text.

TF-IDF over content words (and names), cosine similarity, single linkage above a threshold,
only between articles whose dates lie within a window of each other. The threshold (0.20) and
the window (7 days) are measured: see docs/stories.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from briefing.ingest.articles import ArticleDate

THRESHOLD = 0.20
WINDOW_DAYS = 7
#: A briefing holds few articles; with IDF from them alone, the words every report of one event
#: shares (the event itself) would weigh nothing. So IDF counts this many background documents
#: in which the word is absent.
BACKGROUND_DOCS = 100

_STOP = frozenset(
    """
    de het een en van in op te dat die is zijn was met voor aan er niet om ook als bij door naar
    heeft hebben worden wordt werd zou zal kan over uit dan of maar nog al tot meer deze dit hun
    haar hij zij ze we wij ik je u had waren waar wat wel geen want omdat toen na tegen onder
    sinds tijdens volgens twee landen land zich wordt werden zeer veel andere hen hem
    """.split()
)


def content_words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'-]*", text) if len(w) > 2 and w.lower() not in _STOP]


def tfidf(texts: Sequence[str]) -> list[dict[str, float]]:
    docs = [Counter(content_words(t)) for t in texts]
    df = Counter(w for d in docs for w in d)
    n = len(docs)
    vectors = []
    for d in docs:
        v = {w: (1 + math.log(c)) * math.log((1 + n + BACKGROUND_DOCS) / (1 + df[w])) for w, c in d.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def within_window(a: ArticleDate | None, b: ArticleDate | None, days: int = WINDOW_DAYS) -> bool:
    """Do the two dates (at their own precision) come within `days` of each other?"""
    if a is None or b is None:
        return False
    gap = max((a.first_day - b.last_day).days, (b.first_day - a.last_day).days, 0)
    return gap <= days


def find_stories(
    texts: Sequence[str],
    dates: Sequence[ArticleDate | None],
    threshold: float = THRESHOLD,
    window_days: int = WINDOW_DAYS,
) -> list[list[int]]:
    """Groups of article indices (every article in exactly one), in order of first appearance."""
    vectors = tfidf(texts)
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if within_window(dates[i], dates[j], window_days) and cosine(vectors[i], vectors[j]) >= threshold:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])
