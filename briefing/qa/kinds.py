"""How English treats a capitalised Dutch word: a name it shows, a Dutch word of a name it
copies or translates, or a Dutch word; and a word opening a sentence (capitalised anyway)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cached_property

from briefing.qa.places import _NL_CAPITALISED_WORDS, _english_forms
from briefing.qa.words import WordCache, _frequency, _lexicon

# A capitalised Dutch adjective English translates (Britse, Russische, Marokkaanse, Noordelijke).
_DUTCH_ADJECTIVE = re.compile(r"(?:[^aeious]se|sche|isch|ese|ijke|ĳke)$")
# A word neither language knows, built like a Dutch one: a compound (VN-kamp), a long one
# (Onafhankelijkheidsverklaring), or one with a Dutch ending (Fransen, Koninkrijken).
_DUTCH_WORD = re.compile(
    r"-|^.{13,}$|(?:se|sche|isch|en|ers|ijk|ĳk|lijke|heid|ing|schap|raad|oorlog|rijk|ijke|aanse|ische|ese|kerk|plein|weg|huis|dag)$"
)


def _kind(word: str, words: WordCache) -> str:
    return words.remember(words.kinds, word, lambda w: _classify(w, words))


class _Evidence:
    """What is known of a capitalised Dutch word, each looked up when a rule first asks."""

    def __init__(self, word: str, words: WordCache) -> None:
        self.word, self.words = word, words

    @cached_property
    def dutch(self) -> float:
        return _frequency(self.word, "nl")

    @cached_property
    def english(self) -> float:
        return _frequency(self.word, "en")

    @cached_property
    def lexicon(self) -> str:
        return _lexicon(self.word, self.words)


def _dutch_by_the_lexicon(e: _Evidence) -> bool:
    """Voorzitter, Apotheek, Duits: a Dutch word capitalised (a lemma of simplemma or deduce's
    common words) that deduce's lists know as no name."""
    return ("common" in e.lexicon or "proper" in e.lexicon) and not ({"first", "surname", "place"} & set(e.lexicon.split()))


# How English treats a capitalised Dutch word: the first rule that holds gives its kind (see
# `_classify`). Each: (what shape of word, its kind, the test).
_KIND_RULES: tuple[tuple[str, str, Callable[[_Evidence], bool]], ...] = (
    ("a place English names its own way", "name", lambda e: e.word in _english_forms(e.words)),  # Kroatië
    ("a capitalised Dutch word English translates", "dutch", lambda e: e.word in _NL_CAPITALISED_WORDS),  # Tweede
    # A Dutch word in capitals for emphasis or a headline: NIET, TELLEN.
    ("a Dutch word in capitals", "dutch",
     lambda e: e.word.isupper() and e.dutch - e.english >= 0.9 and (e.dutch >= 4.5 or (len(e.word) >= 5 and e.dutch >= 3))),
    ("an acronym English text has", "name", lambda e: e.word.isupper() and e.dutch - e.english < 0.9),  # NASA, USGS
    ("a Dutch acronym", "word", lambda e: e.word.isupper()),  # KNMI, VVD, het BBP
    ("built like a Dutch adjective or compound", "dutch",  # Britse, Noordelijke, Werelderfgoedlijst
     lambda e: bool(_DUTCH_ADJECTIVE.search(e.word) or (e.dutch == e.english == 0 and _DUTCH_WORD.search(e.word)))),
    ("as common in English text as in Dutch", "name", lambda e: e.dutch - e.english < 0.9),  # Montana, Trump
    ("a Dutch word by the lexicon", "dutch", _dutch_by_the_lexicon),
    ("too common in Dutch to be a name", "dutch", lambda e: e.dutch >= 6),  # Maar, Deze
    ("a common Dutch word unknown to English text", "dutch-only", lambda e: e.english == 0 and e.dutch >= 3.5),  # Artsen
    ("mostly Dutch", "word", lambda e: True),  # Rutte, Zwolle, Henk; Kamer, Grenzen
)


def _classify(word: str, words: WordCache) -> str:
    """How English treats a capitalised Dutch word, from how common it is in each language
    (wordfreq, whose word lists ignore case):

    * `name`: as common in English as in Dutch, unknown to both, or a place with an English name
      (CLDR): English shows it (Montana, Hospital, Trump, NASA, Sundarbans; Kroatië);
    * `word`: mostly Dutch: a Dutch name English copies, or a Dutch word of a name English
      translates (Rutte, Zwolle, Henk; Kamer, Grenzen); its place in the sentence decides;
    * `dutch-only`: a common `word` unknown to English text (Artsen, Koude, Gorinchem);
    * `dutch`: a word English translates: built like a Dutch adjective or compound, or one of the
      capitalised words of Dutch names for things (Britse, Noordelijke, Werelderfgoedlijst;
      Koninkrijk, Kamer, Tweede), or a common Dutch word by the lexicon (simplemma) and no name
      by deduce's lists (Voorzitter, Duits, Apotheek).

    `_KIND_RULES` lists the shapes in the order they are tried."""
    evidence = _Evidence(word, words)
    return next(kind for _, kind, holds in _KIND_RULES if holds(evidence))


def _opening_kind(word: str, words: WordCache) -> str:
    """Whether a word opening a sentence (capitalised anyway) is a `name`, a Dutch `word`, or
    `either`, by evidence that holds beyond one text:

    * the Dutch lexicon (simplemma: verb forms, plurals, nouns, interjections; Versnel, Klop,
      Vogels, Barman, Aha, Inmiddels) and deduce's common words make it a word;
    * deduce's Dutch first names, surnames and places (Rutte, Jansen, Zwolle) make it a name;
    * both (Vogels, Klop, Bakker: surnames as well): `either`, the English decides;
    * neither: its spread over languages (wordfreq): a name is about as common in German,
      French, Spanish, Italian or English text as in Dutch (Philips, Siminoff); a Dutch word is
      ten times or more as common in Dutch, or, known to Dutch text only, common there."""
    if not word:
        return "word"
    return words.remember(words.opening, word, lambda w: _classify_opening(w, words))


def _classify_opening(word: str, words: WordCache) -> str:
    lexicon = set(_lexicon(word, words).split())
    named = bool({"first", "surname", "place"} & lexicon) or word in _english_forms(words)
    if "common" in lexicon:
        # A Dutch word (Versnel, Later, Men); a place as well (Zwolle) or one spread over
        # languages like a name (Vogels, Macron, Blogs): the English decides.
        return "either" if "place" in lexicon or _spread_name(word) else "word"
    if named:
        return "name"
    if "proper" in lexicon:
        return "word"  # Duits, Engels: a language or people, translated
    # No lexicon knows it: a name by its spread over languages (Siminoff, Mendoza) unless common
    # in Dutch text (Amper, Singapore): then the English decides; a word common in Dutch text and
    # in no other language's is a Dutch word (Ondertussen, Hieruit, Voorts).
    dutch = _frequency(word, "nl")
    if dutch >= 3.0 and max(_frequency(word, lang) for lang in ("en", "de", "fr", "es", "it")) < 1.0:
        return "word"
    if _dutch_compound(word):
        return "word"  # Woningnood, Stikstofcrisis: two Dutch words
    return "name" if _spread_name(word) and dutch < 3.5 else "either"


def _dutch_compound(word: str) -> bool:
    """Whether a word is two common Dutch words written as one (woning+nood, stikstof+crisis),
    with the linking s or e(n) between them (verkeer+s+ongeluk)."""
    low = unicodedata.normalize("NFKC", word).lower()
    if len(low) > 40:
        return False  # no word; a long line of letters is not looked up piece by piece
    for i in range(4, len(low) - 3):
        head, tail = low[:i], low[i:]
        if _frequency(tail, "nl") < 3.5 or _frequency(tail, "nl") - _frequency(tail, "en") < 1.0:
            continue
        for linked in (head, head[:-1] if head.endswith("s") else "", head[:-2] if head.endswith("en") else ""):
            if len(linked) >= 3 and _frequency(linked, "nl") >= 3.5 and _frequency(linked, "nl") - _frequency(linked, "en") >= 1.0:
                return True
    return False


def _spread_name(word: str) -> bool:
    dutch, english = _frequency(word, "nl"), _frequency(word, "en")
    elsewhere = max(english, *(_frequency(word, lang) for lang in ("de", "fr", "es", "it")))
    if re.search(r"(?:eer|eert|ng|nk|ig)$", word) or english >= 5.0:
        return False  # built like a Dutch verb (Trivialiseer, Meng, Beschadig), or an English word (Let, Later)
    if dutch == elsewhere == 0 or elsewhere < 1.5:
        # A name no list knows, or known to Dutch text only and rare there, unless built like a
        # Dutch adjective, plural or compound (Normale, Reisbureaus, Vliegtuigongelukken).
        return dutch < 3.0 and not re.search(r"(?:[^aeiou]e|s)$", word) and not _DUTCH_WORD.search(word)
    # Known elsewhere as well: a name where about as common there, not built like a Dutch plural
    # or adjective (Leeuwen, Ramen, Normale: words other languages' text has too).
    return dutch - elsewhere < 2.2 and dutch < 5.0 and not re.search(r"(?:en|[^aeiou]e|ts)$", word)
