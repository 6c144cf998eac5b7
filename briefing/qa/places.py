"""Dutch names of places and the English ways of writing them (CLDR through Babel, and a list
of cities and abbreviations), and the capitalised Dutch words English writes otherwise."""

from __future__ import annotations

import re
from collections.abc import Callable

from briefing.qa.dates import _DAYS, _MONTHS
from briefing.qa.words import WordCache

# Capitalised Dutch words that English writes otherwise: countries and peoples, institutions,
# titles; they are not names to copy.
_NL_CAPITALISED_WORDS = set(
    """
    Nederland Nederlandse Nederlanders Duitsland Duitse Frankrijk Franse Belgie België Belgische Engeland
    Engelse Brits Britse Verenigd Koninkrijk Verenigde Staten Amerika Amerikaanse Amerikanen Rusland Russische
    Oekraïne Oekraïense Chinese Japanse Europa Europese Spanje Spaanse Italië Italiaanse Turkije
    Turkse Griekenland Griekse Zweden Zweedse Noorwegen Noorse Denemarken Deense Polen Poolse Oostenrijk
    Zwitserland Zwitserse Afrika Afrikaanse Azië Aziatische Australië Australische Canadese
    Mexicaanse Brazilië Braziliaanse Indië Indiase Egypte Egyptische Israëlische Iraanse
    Irak Iraakse Syrië Syrische Koreaanse Noord-Korea Zuid-Korea Noord-Koreaanse Zuid-Koreaanse
    Ierland Ierse Schotland Schotse Hongarije Hongaarse Tsjechië Roemenië Bulgarije Portugese
    Finse IJsland Indonesië Indonesische Filipijnen
    Romeinse Romeinen Londen Parijs Brussel Moskou Peking Athene Wenen Lissabon Kopenhagen Genève
    Middellandse Zee Noordzee Stille Oceaan Atlantische Indische Antarctica Noordpool Zuidpool Aarde Maan Zon
    Noord Zuid Oost Midden Centraal Groot Klein Nieuw Oud Sint
    Kerst Kerstavond Dhr Mevr Mw Mevrouw Meneer Drs Ir Ing Ds Eerwaarde Mgr
    Premier Minister Minister-president Kamer Tweede Eerste Kabinet Koning Koningin Prins Prinses Paus God Bijbel Kerstmis Pasen Islam Christelijke
    Duitsers Fransen Belgen Britten Russen Noren Zweden Denen Finnen Polen Turken Marokkanen Chinezen Japanners
    Katholieke Protestantse Joodse Joden Moslims Arabische Afrikanen Europeanen Aziaten Latijn Grieks
    Olympische Spelen WK EK Verenigde Naties Europese Unie Internet Wikipedia Christus Marokko Frans
    Twee Drie Vier Vijf Zes Zeven Acht Negen Tien
    Koningsdag Prinsjesdag Bevrijdingsdag Dodenherdenking Miljoenennota Troonrede Voorjaarsnota Sinterklaas
    Oudjaar Oudejaarsavond Nieuwjaar Nieuwjaarsdag Pinksteren Hemelvaart Hemelvaartsdag Goede Vrijdag
    Eerste Kerstdag Tweede Kerstdag Ramadan Suikerfeest Offerfeest Carnaval Elfstedentocht
    """.split()
) | {m.capitalize() for m in _MONTHS} | {d.capitalize() for d in _DAYS}


def _english_forms(words: WordCache) -> dict[str, tuple[frozenset[str], ...]]:
    """Dutch word → the English ways of writing its place, each a set of words that must all be
    there (Haag: {hague}; Verenigde: {united, states}, {american}, {us}…)."""
    if words.forms is None:
        words.forms = _cldr_forms()
        words.changed = True
    if words.form_sets is None:
        words.form_sets = {word: tuple(frozenset(p.split()) for p in phrases) for word, phrases in words.forms.items()}
    return words.form_sets


# Dutch names of cities and regions, and Dutch abbreviations, that English writes its own way.
_OTHER_PLACES: tuple[tuple[str, str], ...] = (
    ("Den Haag", "The Hague"), ("Keulen", "Cologne"), ("Aken", "Aachen"), ("Rijsel", "Lille"),
    ("Luik", "Liège|Liege"), ("Kaapstad", "Cape Town"), ("Vlissingen", "Flushing|Vlissingen"),
    ("Mekka", "Mecca"), ("Gizeh", "Giza"), ("Oostzee", "Baltic"), ("Beieren", "Bavaria|Bavarian"),
    ("Saksen", "Saxony"), ("Vlaanderen", "Flanders|Flemish"), ("Wallonië", "Wallonia|Walloon"),
    ("Henegouwen", "Hainaut"), ("Bretagne", "Brittany"), ("Normandië", "Normandy"), ("Elzas", "Alsace"),
    ("Toscane", "Tuscany"), ("Siberië", "Siberia"), ("Lotharingen", "Lorraine"),
    ("Celebes", "Sulawesi"), ("Atjeh", "Aceh"), ("Wales", "Wales|Welsh"), ("Richter", "Richter|magnitude"), ("Wenen", "Vienna"), ("Praag", "Prague"), ("Warschau", "Warsaw"),
    # Dutch abbreviations English writes its own way.
    ("NAVO", "NATO"), ("VN", "UN|United Nations"), ("VS", "US|USA|United States"), ("OESO", "OECD"),
    ("BBP", "GDP"), ("EHBO", "first aid"), ("EG", "EC"), ("EK", "European Championship|Euro"),
    ("WK", "World Cup|World Championship"), ("WO", "WW|WWI|WWII|WW1|WW2|World War"), ("GB", "UK|Britain|British"),
    ("EU", "EU|European Union|Europe|European|Brussels"),
)
# A country is often rendered by its adjective: de Grand Prix van Nederland, the Dutch Grand Prix.
_ADJECTIVES = {
    "NL": "Dutch|Holland", "BE": "Belgian", "DE": "German", "FR": "French", "GB": "British|English|UK",
    "ES": "Spanish", "IT": "Italian", "RU": "Russian", "UA": "Ukrainian", "CN": "Chinese",
    "US": "American|US|USA", "TR": "Turkish", "PL": "Polish", "MA": "Moroccan", "SR": "Surinamese",
    "JP": "Japanese", "IL": "Israeli", "IR": "Iranian", "PT": "Portuguese", "GR": "Greek",
}


def _territories() -> list[tuple[str, str]]:
    """Countries and regions from CLDR (Kroatië → Croatia); single words only: `Unie` of Europese
    Unie is not European in Sovjet-Unie."""
    from babel import Locale

    dutch, english = Locale("nl").territories, Locale("en").territories
    return [(dutch[code], english[code]) for code in dutch if code in english and " " not in dutch[code]]


def _languages() -> list[tuple[str, str]]:
    """Languages from CLDR (Duits → German, Frans → French): capitalised in both, translated."""
    from babel import Locale

    nl_languages: dict[str, str] = dict(Locale("nl").languages)
    en_languages: dict[str, str] = dict(Locale("en").languages)
    return [(str(nl_languages[code]).capitalize(), str(en_languages[code])) for code in nl_languages
            if code in en_languages and "_" not in code and " " not in str(nl_languages[code])]


def _countries_by_adjective() -> list[tuple[str, str]]:
    from babel import Locale

    dutch, english = Locale("nl").territories, Locale("en").territories
    return [(dutch[code], f"{english[code]}|{adjective}") for code, adjective in _ADJECTIVES.items() if code in dutch]


# Where the Dutch names of places and their English names (`|` between alternatives) come from,
# in order.
_PLACE_SOURCES: tuple[tuple[str, Callable[[], list[tuple[str, str]]]], ...] = (
    ("countries and regions (CLDR)", _territories),
    ("languages (CLDR)", _languages),
    ("cities, regions and abbreviations English writes its own way", lambda: list(_OTHER_PLACES)),
    ("countries by their adjective", _countries_by_adjective),
)


def _cldr_forms() -> dict[str, list[str]]:
    """Dutch names of places and their English names: countries and regions from CLDR (through
    Babel: Kroatië → Croatia, Verenigde Staten → United States), their adjectives, and Dutch
    names of cities and abbreviations English writes otherwise (`_PLACE_SOURCES`); each Dutch
    word of a name → the English ways of writing it."""
    forms: dict[str, list[str]] = {}
    for _, source in _PLACE_SOURCES:
        for nl, en in source():
            for alternative in en.split("|"):
                _add_forms(forms, nl, alternative)
    return forms


def _add_forms(forms: dict[str, list[str]], nl: str, alternative: str) -> None:
    english_words = {w.lower() for w in re.findall(r"[\wÀ-ÖØ-öø-ÿ]+", alternative)}
    # The words that name the place, not those any English sentence has (The Hague: hague;
    # but Cape Town and United States need both).
    naming = english_words - _GENERIC_PLACE_WORDS or english_words
    for word in re.findall(r"[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]+", nl):
        # Not the words Dutch names of places share (Zuid-, Noord-, Verenigde): Zuid is
        # no form of Africa in Zuid-Frankrijk.
        if word not in _NL_CAPITALISED_WORDS:
            # A place English writes alike (Finland, Singapore) is a name, in its own form.
            forms.setdefault(word, []).append(" ".join(sorted(naming)) if word.lower() not in english_words else word.lower())


_GENERIC_PLACE_WORDS = set(
    "the of and a an new old north south east west northern southern eastern western central city town "
    "island islands isles cape republic united kingdom states state democratic people's federal saint st "
    "great little upper lower sea bay gulf river lake mount mountains region territory territories "
    "outlying minor".split()
)
