"""What a name is: maintained Dutch name lists instead of hand lists.

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
import json
import os
import re
from functools import lru_cache
from pathlib import Path

_DEDUCE_LOOKUP = ("data", "lookup", "src")


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
def _places() -> frozenset[str]:
    found: set[str] = set()
    for kind in ("lst_residence", "lst_municipality", "lst_province", "lst_region"):
        found |= _read_list("locations", "lst_placename", kind)
    try:
        from babel import Locale

        for locale in ("nl", "en"):
            found |= {name for code, name in Locale.parse(locale).territories.items() if not code.isdigit()}
    except (ImportError, ValueError):
        pass
    return frozenset(found)


def is_place(text: str) -> bool:
    """A Dutch place, province or region (deduce), a country or territory (CLDR)."""
    return text in _places()


def is_first_name(word: str) -> bool:
    return word in first_names() or (word in _genders() and word.lower() not in _whitelist())


def is_surname(word: str) -> bool:
    return word in surnames()


@lru_cache(maxsize=8192)
def frequency(word: str, language: str = "nl") -> float:
    """How common the word is in text of the language (wordfreq's Zipf scale, case ignored)."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return 0.0
    return float(zipf_frequency(word.lower(), language))


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
    from importlib.metadata import PackageNotFoundError, version

    from briefing.settings import cache_folder

    try:
        key = f"gender_guesser {version('gender_guesser')}"
    except PackageNotFoundError:
        return {}
    path = cache_folder() / "quote-genders.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("version") == key and isinstance(data.get("genders"), dict):
            return {str(k): str(v) for k, v in data["genders"].items()}
    except (OSError, ValueError):
        pass
    table = _build_genders()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"version": key, "genders": table}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a cache: without it the next run builds the table again
    return table


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
