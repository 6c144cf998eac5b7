"""The `name` check: a name in the Dutch that English keeps (`names_in`: Rutte, Zwolle, Montana,
not de Tweede Kamer) is not in the English, in its own form, a close one, its English form
(Kroatië: Croatia) or the glossary's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import cached_property

from briefing.qa.dates import _DAYS, _MONTHS
from briefing.qa.kinds import _kind, _opening_kind
from briefing.qa.places import _english_forms
from briefing.qa.words import WordCache, _frequency, _lexicon, default_words


@dataclass(frozen=True)
class _English:
    """The English of a sentence pair, read for the names of the Dutch."""

    dutch: str
    text: str  # Sainsbury’s as Sainsbury's, U.S. as US
    words: set[str]  # its words, their parts and letters, in lower case
    capitals: set[str]  # its capitalised words that are no word of the Dutch, in lower case
    initialled: set[str]  # the Dutch names' words the English writes as initials
    glossary: Mapping[str, str]
    cache: WordCache

    @cached_property
    def stray_name(self) -> bool:
        """Whether the English has a name the Dutch has not: asked once per sentence pair, not
        once per uncertain name."""
        return _stray_english_name(self.dutch, self.text, self.cache)

    @classmethod
    def read(cls, dutch: str, english: str, glossary: Mapping[str, str], cache: WordCache) -> _English:
        # Sainsbury’s: Sainsbury's; U.S., U.N.: US, UN.
        english = re.sub(r"\b((?:[A-Z]\.){2,})", lambda m: m.group(1).replace(".", ""), english.replace("’", "'"))
        # Whole words (O'Flynn), their parts (Ring's: ring) and their letters (2.4Ghz: ghz).
        english_words = {w.lower() for w in (*re.findall(r"[\wÀ-ÖØ-öø-ÿ']+", english), *re.findall(r"[\wÀ-ÖØ-öø-ÿ]+", english),
                                             *re.findall(r"[^\W\d_]+", english))}
        # A close form (Poetin: Putin) must be no other name of the Dutch: Schoof is no form of Scholz.
        dutch_capitals = {w.lower() for w in re.findall(r"\b[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]+", dutch)}
        english_capitals = {w.lower() for w in re.findall(r"\b[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]+", english)} - dutch_capitals
        return cls(dutch, english, english_words, english_capitals, _initialled(dutch, english), glossary, cache)


def _initialled(dutch: str, english: str) -> set[str]:
    """New York City: NYC; Saturday Night Live: SNL: the words of the Dutch names whose initials
    the English writes (and the Dutch does not)."""
    acronyms = set(re.findall(r"\b[A-Z]{2,5}\b", english)) - set(re.findall(r"\b[A-Z]{2,5}\b", dutch))
    return {word for run in re.finditer(r"[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]+(?:\s+[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]+)+", dutch)
            if "".join(w[0] for w in run.group().split()).upper() in acronyms for word in run.group().split()}


def _in_its_own_form(name: str, english: _English) -> bool:
    """The name as the Dutch writes it, its glossary English, or a close form (Poetin: Putin)."""
    low = re.sub(r"['’]s$", "", name.lower())  # Sainsbury’s: Sainsbury's
    # Daveys taken: Davey's duties (the Dutch genitive).
    genitive = {low[:-1]} if low.endswith("s") and len(low) > 4 else set()
    forms = {low, *genitive, *english.glossary.get(name, "").lower().split()}
    return bool(forms & english.words) or any(_close(low, w) for w in english.capitals)


# The ways the English may show a name of the Dutch, tried in order; a name shown in none is lost.
# Each rule takes the name, whether it is certain (not an opener that may be a Dutch word), and
# the English.
_NAME_SHOWN: tuple[tuple[str, Callable[[str, bool, _English], bool]], ...] = (
    ("written as the initials of a name", lambda name, certain, en: name in en.initialled),  # NYC
    ("in its own form, the glossary's or a close one", lambda name, certain, en: _in_its_own_form(name, en)),
    ("in its English form",  # Kroatië: Croatia, Den Haag: The Hague
     lambda name, certain, en: any(phrase <= en.words for phrase in _english_forms(en.cache).get(name, ()))),
    # An opener that may be a name or a Dutch word (Vogels, Klop) counts only where the English
    # has a name of its own in its place.
    ("an opener that may be a word, no other name in the English",
     lambda name, certain, en: not certain and not en.stray_name),
    ("the name part of a Dutch compound",  # Eriekanaal: Erie Canal
     lambda name, certain, en: _named_compound(name, en.words, en.cache)),
)


def missing_names(dutch: str, english: str, glossary: Mapping[str, str], words: WordCache | None = None) -> list[str]:
    """Names of the Dutch that the English does not have in their own form, a close one, their
    English form (Kroatië: Croatia) or the glossary's. A sentence opener that may be a name or a
    Dutch word (Vogels, Klop: surnames and words) counts only where the English has a name of its
    own that the Dutch lacks (the opener replaced by another name)."""
    words = words or default_words()
    names = _names(dutch, words)
    if not names:
        return []  # most sentences: the English need not be read
    read = _English.read(dutch, english, glossary, words)
    return [name for name, certain in names if not any(shown(name, certain, read) for _, shown in _NAME_SHOWN)]


def _named_compound(name: str, english_words: set[str], words: WordCache) -> bool:
    """A Dutch compound of a name and a Dutch noun whose name part the English has
    (Eriekanaal: Erie Canal, Loiredal: Loire Valley)."""
    for i in range(3, min(len(name), 40) - 2):
        head, tail = name[:i].lower(), name[i:]
        if head in english_words and "common" in _lexicon(tail.capitalize(), words).split():
            return True
    return False


def _stray_english_name(dutch: str, english: str, words: WordCache) -> bool:
    """Whether the English has a name the Dutch has not: a capitalised word in no form in the
    Dutch that is no common English word (Okafor in place of Vogels)."""
    dutch_low = {w.lower() for w in re.findall(r"[\wÀ-ÖØ-öø-ÿ]+", dutch)}
    capitals = [w for w in dutch_low if len(w) > 2]
    for m in re.finditer(r"(?<![\wÀ-ÖØ-öø-ÿ])[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]{2,}", english):
        word = m.group()
        low = word.lower()
        if low in dutch_low or low in _EN_CALENDAR or any(_close(d, low) for d in capitals):
            continue
        if words.remember(words.lexicon, "en:" + word, _english_kind) != "common":
            return True
    return False


_EN_CALENDAR = {*_MONTHS.values(), *_DAYS.values()}


def _english_kind(key: str) -> str:
    """`common` for a common English word or one the English lexicon knows (Preheat,
    Housebuilding), else `rare` (Okafor, Kowalski)."""
    from simplemma import is_known

    word = key[3:]
    if _frequency(word, "en") >= 3.5 or is_known(word.lower(), lang="en"):
        return "common"
    # An English compound of two common words (Housebuilding, Floodproof).
    low = word.lower()
    for i in range(4, min(len(low), 40) - 3):
        if _frequency(low[:i], "en") >= 3.5 and _frequency(low[i:], "en") >= 3.5:
            return "common"
    return "rare"


def names_in(dutch: str, words: WordCache | None = None) -> list[str]:
    """The names of a Dutch sentence that an English translation must show: people, places,
    organisations (Rutte, Henk Postma, Amsterdam, Kroatië, Montana, het Howard University
    Hospital, NASA), not the capitalised Dutch words English translates (de Tweede Kamer, het
    Openbaar Ministerie, de Koude Oorlog, Artsen zonder Grenzen, minister van Financiën).

    Dutch writes common words in lower case, so a capitalised word mid-sentence is part of a name.
    Whether English keeps it is read from the word (`_kind`) and its place: after an article, or
    beside a Dutch word English translates, only the names English copies count (het Howard
    University Hospital, Noordelijke Marianen); a Dutch word otherwise (Rutte, Zwolle, Henk Postma).
    A word opening a sentence is capitalised anyway: it counts where it is a name by its spread
    over languages and the lexicons (`_opening_kind`: Philips, Schiphol, Siminoff…; not Meng…,
    Inmiddels…, Versnel…). In a headline in capitals, capitals say nothing: its words in capitals
    are left out. An opener that may be a name or a word (Vogels, Klop) is not among them."""
    return [name for name, certain in _names(dutch, words or default_words()) if certain]


# A portfolio after minister van, ministerie van (Economie, Handel en Industrie); only the
# keyword ignores case.
_PORTFOLIO_BEFORE = re.compile(
    r"\b(?i:minister|ministerie|staatssecretaris|departement|commissaris|commissie)s? (?:van|voor) "
    r"(?:[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ-]*,? (?:en )?)*$"
)
_ARTICLE_BEFORE = r"\b(?:de|het|een|der|des|den)\s+(?:[a-zà-ÿ]+(?:ige|lijke|ische|ende|ere|[^aeious]se)\s+|(?:oude|nieuwe|grote|kleine|hele|mooie)\s+)?$"
_PARTICLES = {"Het", "Een", "Den", "Der", "Des", "Van", "Ter", "Ten", "Von"}
# Titles Dutch news puts before a name.
_TITLE = re.compile(
    r"Premier|Minister|Minister-president|Staatssecretaris|Kamerlid|Kamervoorzitter|Fractievoorzitter|"
    r"Partijleider|Lijsttrekker|Burgemeester|Wethouder|Gedeputeerde|Commissaris|Gouverneur|Senator|"
    r"President|Vicepresident|Koning|Koningin|Prins|Prinses|Paus|Bisschop|Kardinaal|Dominee|Pastoor|"
    r"Generaal|Commandant|Kapitein|Luitenant|Directeur|Voorzitter|Woordvoerder|Hoogleraar|Professor|"
    r"Prof|Dokter|Dr|Rechter|Officier|Advocaat|Trainer|Coach|Bondscoach|Aanvoerder|Agent|Inspecteur|"
    r"Topman|Topvrouw|Bestuurder|Oud-premier|Oud-minister|Eurocommissaris|Secretaris-generaal|"
    r"Dhr|Mevr|Mw|Mevrouw|Meneer|Drs|Ir|Ing|Ds|Eerwaarde|Mgr|Acteur|Actrice|Zanger|Zangeres|Schrijver|Schrijfster"
)


@dataclass(frozen=True)
class _Run:
    """A run of capitalised words in the Dutch and what its place says of them."""

    match: re.Match[str]
    words: tuple[str, ...]  # its capitalised words (not the particles between them)
    opening: bool  # it opens the sentence: its first word is capitalised anyway
    after_article: bool  # after an article: only the names English copies count (de Koude Oorlog)


_TOKEN = r"(?:['’]s-)?[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ'’-]*"
# A run of capitals, joined by the particles of names (Artsen zonder Grenzen, Tempel van de Zon,
# Jan van der Berg), never by `en` or a comma (Rutte en Klaver are two names).
_NAME_PARTICLES = r"van|von|de|der|den|het|zonder|voor|op|aan|tot|la|le|du|da|di|al|el|bin"
_CAPITAL_RUN = re.compile(rf"(?<![\wÀ-ÖØ-öø-ÿ'’-]){_TOKEN}(?: (?:(?:{_NAME_PARTICLES}) )*{_TOKEN})*")
# A headline in capitals: there, capitals say nothing.
_SHOUTING = re.compile(r"\b[A-ZÀ-ÖØ-Þ]{2,}(?:[\s:,-]+[A-ZÀ-ÖØ-Þ]{2,}){2,}\b")
_ARTICLES = ("De", "Het", "Een")

# Runs of capitals that are no names, by what comes before them.
_NO_NAME_AFTER: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("inside an abbreviation", re.compile(r"\.\Z")),  # v.Chr., Zr.Ms.
    ("a portfolio after minister van", _PORTFOLIO_BEFORE),  # minister van Economie, Handel en Industrie
)


def _drop_opening_word(run: _Run, words: WordCache) -> _Run:
    """De Grote Piramide…, Wethouder Sanne Koopmans…, Bewoners van Lutjebroek…: a run of capitals
    opening the sentence whose first word is a Dutch word, an article or a title: that word is
    capitalised for opening the sentence, not part of the name (Kier Starmer, Del Potro are)."""
    if not (run.opening and len(run.words) > 1):
        return run
    first = (_parts(run.words[0]) or [run.words[0]])[-1]
    if (_opening_kind(first, words) == "word" or _kind(first, words) == "dutch" or _TITLE.fullmatch(first)
            or first in _ARTICLES):
        return replace(run, words=run.words[1:], opening=False, after_article=run.words[0] in _ARTICLES)
    return run


def _drop_titles(run: _Run, words: WordCache) -> _Run:
    """Premier Dick Schoof, het CDA-Kamerlid Henri Bontenbal: a title before a name is no name
    (and the article is the title's)."""
    while (len(run.words) > 1 and _TITLE.fullmatch((_parts(run.words[0]) or [""])[-1])
           and run.match.group().find(f"{run.words[0]} {run.words[1]}") >= 0):
        run = replace(run, words=run.words[1:], opening=False, after_article=False)
    return run


# Capitalised words at the head of a run that are not part of the name, in the order applied.
_NOT_OF_THE_NAME: tuple[tuple[str, Callable[[_Run, WordCache], _Run]], ...] = (
    ("a word capitalised for opening the sentence", _drop_opening_word),
    ("a title before a name", _drop_titles),
)


@dataclass(frozen=True)
class _Part:
    """A capitalised part of a word in a run (Zuid-Afrika: Zuid, Afrika) and what decides it."""

    name: str
    kind: str  # `_kind`: name, word, dutch-only, dutch
    alone: bool  # the whole word, not a part of a compound
    compound_head: bool  # the head of a Dutch compound (EHBO-instructies)
    names_only: bool  # in a run where only the names English shows count
    shouting: bool  # in a headline in capitals


# Parts that are never a name of their own, and parts that are one (when none of the first holds).
_NEVER_A_NAME: tuple[tuple[str, Callable[[_Part], bool]], ...] = (
    # Two letters only as an acronym English keeps (TB, QC, PA; not OM, EK).
    ("two letters, no acronym English keeps",
     lambda p: len(p.name) < 3 and not (len(p.name) == 2 and p.name.isupper() and p.kind == "name")),
    ("a particle of names", lambda p: p.name in _PARTICLES),  # Het, Van, Ter
    ("a word in capitals in a headline in capitals", lambda p: p.shouting and p.name.isupper()),
)
_A_NAME: tuple[tuple[str, Callable[[_Part], bool]], ...] = (
    ("a name English shows", lambda p: p.kind == "name"),  # Montana, Hospital, NASA, Kroatië
    # Rutte, Zwolle, Henk Postma: not after an article nor beside a Dutch word, not a compound's.
    ("a Dutch name English copies",
     lambda p: p.kind in ("word", "dutch-only") and not p.names_only and not p.compound_head and p.alone),
)


def _is_name(part: _Part) -> bool:
    return not any(rule(part) for _, rule in _NEVER_A_NAME) and any(rule(part) for _, rule in _A_NAME)


def _names(dutch: str, words: WordCache) -> list[tuple[str, bool]]:
    """`names_in`, each name with whether it is certain (False: an opener that a lexicon knows
    as a name and as a Dutch word)."""
    shouting = _SHOUTING.search(dutch) is not None
    return [found for run in _capital_runs(dutch) for found in _run_names(_trimmed(run, words), dutch, words, shouting)]


def _capital_runs(dutch: str) -> Iterator[_Run]:
    """The runs of capitalised words of the Dutch that may be names, with their place."""
    for match in _CAPITAL_RUN.finditer(dutch):
        # What comes before, as far back as any of the tests looks (a long line stays linear).
        before = dutch[max(0, match.start() - 200) : match.start()]
        if any(re.search(pattern, before) for _, pattern in _NO_NAME_AFTER):
            continue
        opening = _opens_sentence(before)
        # de Kamer, het prachtige Heiligdom; not de provincie Gelderland, de heer Ter Horst.
        after_article = re.search(_ARTICLE_BEFORE, before, re.IGNORECASE) is not None
        run_words = tuple(w for w in match.group().split(" ") if w and (w[0].isupper() or w[0] in "'’"))
        if run_words:
            yield _Run(match, run_words, opening, after_article)


def _trimmed(run: _Run, words: WordCache) -> _Run:
    for _, drop in _NOT_OF_THE_NAME:
        run = drop(run, words)
    return run


def _run_names(run: _Run, dutch: str, words: WordCache, shouting: bool) -> Iterator[tuple[str, bool]]:
    """The names of one run of capitals, each with whether it is certain."""
    parted = [_parts(w) for w in run.words]
    # A Dutch word as the head of a compound is a word, not a name (EHBO-instructies).
    heads = set(re.findall(r"([A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]*)-[a-z]", run.match.group() + dutch[run.match.end() : run.match.end() + 2]))
    kinds = [[_kind(p, words) for p in parts] for parts in parted]
    names_only = run.after_article or _dutch_name_for_a_thing(parted, kinds)
    for i, (parts, part_kinds) in enumerate(zip(parted, kinds)):
        certain = True
        if i == 0 and run.opening and not _headline_speaker(run, part_kinds, dutch):
            opener = _opening_kind(parts[0], words) if parts else "word"
            if opener == "word":
                continue
            certain = opener == "name"
        for name, kind in zip(parts, part_kinds):
            if _is_name(_Part(name, kind, len(parts) == 1, name in heads, names_only, shouting)):
                yield name, certain


def _dutch_name_for_a_thing(parted: list[list[str]], kinds: list[list[str]]) -> bool:
    """A Dutch word English translates, or a Dutch-only word among several capitals, makes the
    run a Dutch name for a thing (Artsen zonder Grenzen); alone, a Dutch-only word is a name
    (Gorinchem, Omtzigt). Particles (De, Van) and compounds (CDA-Kamerlid, a title) do not
    decide it."""
    deciding = [k for parts, ks in zip(parted, kinds) if len(parts) == 1 and parts[0] not in _PARTICLES for k in ks]
    return "dutch" in deciding or (len(deciding) > 1 and "dutch-only" in deciding)


def _headline_speaker(run: _Run, part_kinds: list[str], dutch: str) -> bool:
    """Jetten: ‘Dit is het moment…’: a headline's speaker opens with a name."""
    return (len(run.words) == 1 and part_kinds in (["name"], ["word"])
            and re.match(r":\s*(?:,,|[„“‘'\"«])", dutch[run.match.end() :]) is not None)


def _parts(word: str) -> list[str]:
    """The capitalised parts of a word (Zuid-Afrika, Vichy-Frankrijk, Sahel-streek,
    's-Hertogenbosch), but not a combining form that English translates with the compound (Afro-,
    Anglo-, Sino-, Indo-)."""
    parts = re.findall(r"[A-ZÀ-ÖØ-Þ][\wÀ-ÖØ-öø-ÿ]*(?:['’][a-z]+)?-?", word)
    return [p.rstrip("-") for p in parts if not re.fullmatch(r"[A-Z][a-z]{2,4}o-", p)]


def _opens_sentence(before: str) -> bool:
    """Whether a word after `before` opens a sentence, a quotation or a title (capitalised anyway):
    after . ? ! : or a dash between spaces, or after an opening quotation mark (,,Maar… ‘Wat de
    rivier meenam’); a closing mark is looked through (…gebeuren.” Dit…)."""
    tail = before.rstrip()
    if not tail or re.search(r"(?:,,|[„“‘«(\[]|(?:^|\s)[\"'])$", tail):
        return True
    tail = tail.rstrip("\"'’”»)]")
    return not tail or tail[-1] in ".!?…:" or re.search(r"\s[-–—]$", tail) is not None


def _close(a: str, b: str) -> bool:
    """Dutch and English forms of one name: Poetin/Putin, Haïti/Haiti, Kroatië/Croatia, Mekka/Mecca
    (spelled alike, the same first letter); another name in its place is not close (Montana is
    not Monday)."""
    a, b = _spelling(a), _spelling(b)
    if len(b) < 3 or a[0] != b[0]:
        return False
    return a[:4] == b[:4] or SequenceMatcher(None, a, b).ratio() >= 0.7


def _spelling(word: str) -> str:
    """A name's letters with the spelling differences of Dutch and English evened out."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))
    for dutch, english in (("ij", "y"), ("oe", "u"), ("ph", "f"), ("c", "k"), ("z", "s"), ("ee", "e"), ("aa", "a"), ("oo", "o")):
        plain = plain.replace(dutch, english)
    return re.sub(r"ie$", "ia", plain)
