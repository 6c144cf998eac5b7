"""What a name is: maintained Dutch name lists instead of hand lists, for the speakers of quotes
and the QA names check alike.

* `deduce` (the Dutch de-identification package) ships plain-text lists of Dutch first names,
  surnames, name particles, places (residences, municipalities, provinces, regions) and its
  whitelist of Dutch stop words and common words. Only those text files are read, straight from
  the installed package's data folder (deduce itself, with its tokenizer and models, is never
  imported), and only when a question needs them.
* `gender_guesser` (Jörg Michael's name dictionary) gives the gender of a first name, the way it
  is used in the Netherlands first, else over all countries.
* CLDR (Babel) gives the Dutch names of countries and territories; wordfreq tells a common Dutch
  word (`Loopt`, `Bredase`, `Statisticus`) from a name it does not know.

Everything works offline. The gender table takes most of a second to build from
gender_guesser's dictionary, so it is kept in the user's cache (keyed by the package versions);
the deduce lists are read in milliseconds.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing.cachefiles import read_json, write_json

_DEDUCE_LOOKUP = ("data", "lookup", "src")
_SOURCE = "1"  # raise when what the cached tables hold changes


def _deduce_folder() -> Path | None:
    """deduce's list folder, found without importing deduce (its import pulls in its models)."""
    try:
        spec = importlib.util.find_spec("deduce")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))).joinpath(*_DEDUCE_LOOKUP)
    return folder if folder.is_dir() else None


def _read_list(*parts: str) -> frozenset[str]:
    """One deduce list (`items.txt` less its `exceptions.txt`); empty where deduce is missing."""
    folder = _deduce_folder()
    if folder is None:
        return frozenset()
    base = folder.joinpath(*parts)
    items = _lines(base / "items.txt")
    return frozenset(items - _lines(base / "exceptions.txt"))


@lru_cache(maxsize=1)
def lower_case_lists() -> dict[str, frozenset[str]]:
    """deduce's lists as the QA names check asks them, lower case: `first` names, `surname`s,
    `place`s and `common` Dutch words (its whitelist); empty where deduce is missing."""
    return {
        "first": frozenset(n.lower() for n in _read_list("names", "lst_first_name")),
        "surname": frozenset(n.lower() for n in _read_list("names", "lst_surname")),
        "place": frozenset(p.lower() for p in _dutch_places()),
        "common": frozenset(w.lower() for w in _whitelist()),
    }


def _lines(path: Path) -> set[str]:
    try:
        return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    except OSError:
        return set()


@lru_cache(maxsize=1)
def _whitelist() -> frozenset[str]:
    """Dutch stop words and common words (lower case): a first name among them (`Men`, `Mei`,
    `Bij`) is a word at the start of a sentence, not a name."""
    return _read_list("whitelist", "lst_stop_word") | _read_list("whitelist", "lst_common_word")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return frozenset(n for n in _read_list("names", "lst_first_name") if n.lower() not in _whitelist())


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return _read_list("names", "lst_surname") | _read_list("names", "lst_interfix_surname")


@lru_cache(maxsize=1)
def particles() -> frozenset[str]:
    """`van`, `van der`, `ter`, `in 't`: the particles of Dutch surnames, lower case."""
    return frozenset(p.lower() for p in _read_list("names", "lst_interfix"))


@lru_cache(maxsize=1)
def _dutch_places() -> frozenset[str]:
    found: set[str] = set()
    for kind in ("lst_residence", "lst_municipality", "lst_province", "lst_region"):
        found |= _read_list("locations", "lst_placename", kind)
    return frozenset(found)


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    found = set(_dutch_places())
    territories = _cached("quote-territories.json", "babel", _territories)
    return frozenset(found | {str(t) for t in territories} if isinstance(territories, list) else found)


def _territories() -> list[str]:
    """The Dutch and English names of countries and territories (CLDR)."""
    try:
        from babel import Locale
    except ImportError:
        return []
    names: set[str] = set()
    for locale in ("nl", "en"):
        names |= {name for code, name in Locale.parse(locale).territories.items() if not code.isdigit()}
    return sorted(names)


def is_place(text: str) -> bool:
    """A Dutch place, province or region (deduce), a country or territory (CLDR)."""
    return text in _places()


def is_first_name(word: str) -> bool:
    return word in first_names() or (word in _genders() and word.lower() not in _whitelist())


def is_surname(word: str) -> bool:
    return word in surnames()


def frequency(word: str, language: str = "nl") -> float:
    """How common the word is in text of the language (wordfreq's Zipf scale, case ignored).
    Answers are kept in the user's cache: wordfreq's lists take a second and a hundred
    megabytes to load, and a rebuild asks about the same words again."""
    key = f"{language}:{word.lower()}"
    cache = _frequencies()
    if key not in cache.table:
        try:
            from wordfreq import zipf_frequency
        except ImportError:
            return 0.0
        cache.table[key] = float(zipf_frequency(word.lower(), language))
        cache.changed = True
    return cache.table[key]


class _Frequencies:
    def __init__(self, path: Path, version: str) -> None:
        self.path, self.version = path, version
        self.table: dict[str, float] = {}
        self.changed = False

    def save(self) -> None:
        # A cache: where it cannot be written, the next run looks the words up again.
        if self.changed and write_json(self.path, {"version": self.version, "table": self.table}):
            self.changed = False


@lru_cache(maxsize=1)
def _frequencies() -> _Frequencies:
    from importlib.metadata import PackageNotFoundError, version

    from briefing.settings import cache_folder

    try:
        key = f"wordfreq {version('wordfreq')}"
    except PackageNotFoundError:
        key = "no wordfreq"
    cache = _Frequencies(cache_folder() / "quote-words.json", key)
    data = read_json(cache.path)
    try:
        if isinstance(data, dict) and data.get("version") == key and isinstance(data.get("table"), dict):
            cache.table = {str(k): float(v) for k, v in data["table"].items()}
    except (ValueError, TypeError):
        cache.table = {}
    return cache


def save_learnt() -> None:
    """Keep what `frequency` looked up in the user's cache. Called by whoever owns the run (the
    pipeline after analysing a set of documents, the desk and the archive's workers as they
    stop), never behind the caller's back at exit."""
    if _frequencies.cache_info().currsize:
        _frequencies().save()


def dutch_frequency(word: str) -> float:
    return frequency(word, "nl")


def is_dutch_word(word: str, threshold: float = 2.0) -> bool:
    """A capitalised word that is a Dutch word rather than a name: common in Dutch text, rare in
    English text (where the names in the news are common too: Trump, Merkel) and on none of the
    name lists (`Loopt`, `Bredase`, `Beleid`, `Statisticus`, `Steenrijk`)."""
    if not word or is_first_name(word) or is_surname(word):
        return False
    return dutch_frequency(word) >= threshold and frequency(word, "en") < 3.0


def gender(first: str) -> str | None:
    """'m' or 'f' for a first name used mostly by men or by women (in the Netherlands first);
    None for one used by both or unknown."""
    return _genders().get(first)


@lru_cache(maxsize=1)
def _genders() -> dict[str, str]:
    table = _cached("quote-genders.json", "gender_guesser", _build_genders)
    return {str(k): str(v) for k, v in table.items()} if isinstance(table, dict) else {}


def _cached(file: str, package: str, build: Callable[[], Any]) -> Any:
    """What `build` makes from a package's data, kept in the user's cache under `file` and keyed
    by the package's version (and this module's own, so a change of rule builds it again)."""
    from importlib.metadata import PackageNotFoundError, version

    from briefing.settings import cache_folder

    try:
        key = f"{package} {version(package)}; namebook {_SOURCE}"
    except PackageNotFoundError:
        return build()
    path = cache_folder() / file
    data = read_json(path)
    if isinstance(data, dict) and data.get("version") == key and "data" in data:
        return data["data"]
    made = build()
    write_json(path, {"version": key, "data": made})  # a cache: where it fails, the next run builds it again
    return made


def _build_genders() -> dict[str, str]:
    try:
        from gender_guesser.detector import Detector
    except ImportError:
        return {}
    detector = Detector(case_sensitive=True)
    table: dict[str, str] = {}
    for name in detector.names:
        if not re.fullmatch(r"[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ'-]+", name):
            continue
        said = detector.get_gender(name, "the_netherlands")
        if said in ("unknown", "andy"):
            said = detector.get_gender(name)
        if said in ("male", "mostly_male"):
            table[name] = "m"
        elif said in ("female", "mostly_female"):
            table[name] = "f"
    return table
