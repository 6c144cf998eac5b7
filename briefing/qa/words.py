"""Words: what the checks learn of them (the WordCache, kept in the user's cache), the lexicons
and word frequencies they ask, and a sentence's words."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from briefing.cachefiles import MAX_CACHE_BYTES, read_json, write_json

T = TypeVar("T")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _lexicon(word: str, words: WordCache) -> str:
    """What the lexicons say of a capitalised word, space-separated: `common` (a Dutch word with
    a lower-case lemma: simplemma, deduce's common words), `proper` (a lemma in capitals: Duits,
    Jan), `first`, `surname`, `place` (deduce's Dutch lists)."""
    return words.remember(words.lexicon, word, _look_up)


def _look_up(word: str) -> str:
    from simplemma import is_known, lemmatize

    low = unicodedata.normalize("NFKC", word).lower()
    tags = []
    if is_known(low, lang="nl"):
        lemma = str(lemmatize(low, lang="nl"))
        tags.append("proper" if lemma[:1].isupper() else "common")
    lists = _deduce_lists()
    tags += [tag for tag, known in lists.items() if low in known and not (tag == "common" and "common" in tags)]
    return " ".join(dict.fromkeys(tags))


def _deduce_lists() -> dict[str, frozenset[str]]:
    """deduce's Dutch lexicons (first names, surnames, places; common words): the namebook's."""
    from briefing.nlp.namebook import lower_case_lists

    return lower_case_lists()


def _frequency(word: str, lang: str) -> float:
    """How common a word is in a language's text (wordfreq's Zipf scale, 0 where unknown; its
    word lists ignore case and load on first use)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(unicodedata.normalize("NFKC", word).lower(), lang))  # the ligature ĳ is ij


# The word cache is a few hundred kilobytes; anything far larger is not ours.
WORDS_CACHE_MAX_BYTES = MAX_CACHE_BYTES


@dataclass
class WordCache:
    """What the names check learnt of words (`_kind`, `_opening_kind`, the lexicon look-ups) and
    the English place names (CLDR), kept in the user's cache so that a rebuild needs neither
    wordfreq's lists nor Babel's data (they take most of a second to load). Keyed by the versions
    that decide it. Passed to `flags`; written only by `save()`, by whoever owns the run (build),
    never behind the caller's back."""

    path: Path | None
    version: str
    kinds: dict[str, str] = field(default_factory=dict)
    opening: dict[str, str] = field(default_factory=dict)
    lexicon: dict[str, str] = field(default_factory=dict)
    forms: dict[str, list[str]] | None = None
    form_sets: dict[str, tuple[frozenset[str], ...]] | None = None  # `forms`, ready to compare
    changed: bool = False

    @classmethod
    def open(cls, path: Path | None = None) -> WordCache:
        """The cache at `path` (default: qa-words.json in the user's cache folder); one that is
        missing, damaged, not a regular file, too large or of other versions starts empty."""
        if path is None:
            from briefing.cachefiles import cache_folder

            path = cache_folder() / "qa-words.json"
        cache = cls(path, _cache_version())
        data = read_json(path, WORDS_CACHE_MAX_BYTES)
        if isinstance(data, dict) and data.get("version") == cache.version:
            try:
                kinds, opening, lexicon = (dict(data.get(k) or {}) for k in ("kinds", "opening", "lexicon"))
                forms = data.get("forms")
                cache.forms = {str(w): [str(p) for p in f] for w, f in forms.items()} if isinstance(forms, dict) else None
                if all(isinstance(v, str) for v in (*kinds.values(), *lexicon.values(), *opening.values())):
                    cache.kinds, cache.opening, cache.lexicon = kinds, opening, lexicon
                else:
                    cache.forms = None
            except (ValueError, AttributeError, TypeError):
                cache.forms = None  # damaged: start afresh
        return cache

    def remember(self, table: dict[str, T], word: str, learn: Callable[[str], T]) -> T:
        """`table`'s answer for `word`, learnt (and kept, to be saved) the first time."""
        if word not in table:
            table[word] = learn(word)
            self.changed = True
        return table[word]

    def save(self) -> None:
        """Write what was learnt, if anything: through a temporary file of its own (created
        exclusively, so a planted file or link is never written through) renamed into place."""
        if not self.changed or self.path is None:
            return
        data = {"version": self.version, "kinds": self.kinds, "opening": self.opening,
                "lexicon": self.lexicon, "forms": self.forms}
        # A cache: where it cannot be written, the next run looks the words up again.
        if write_json(self.path, data):
            self.changed = False


def _cache_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    # Keyed by the qa package's own source (the lists and rules that decide a word, now in
    # several modules) and the versions of the data: any change looks the words up again.
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    source = digest.hexdigest()[:16]
    versions = []
    for package in ("wordfreq", "babel", "simplemma", "deduce"):
        try:
            versions.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package} -")
    return f"qa {source}; " + "; ".join(versions)


@lru_cache(maxsize=1)
def default_words() -> WordCache:
    """The word cache of this process when a caller passes none: read from the user's cache
    once, never written (a build passes its own and saves it)."""
    return WordCache.open()
