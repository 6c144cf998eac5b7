"""Who said it: attribution of quotations to speakers, sentence by sentence.

A small model of the discourse goes along with the article: the people introduced so far (full
name as first given, role, gender, age), the organisations and outlets named, the person the
text is about (the topic), and the last speaker. Each quotation is attributed from its own
sentence first (`X zegt: "…"`, `"…", zegt X`, `volgens X`, a pronoun, a role such as
`de minister`); a quotation that opens its sentence and names nobody takes its speaker from the
sentence before (`…, zegt X.`, `Volgens X …`, a person named without a speech verb), from the
interviewee after a question, or from the speaker who goes on. Where the evidence is weak the
quotation keeps no speaker: silence is better than a wrong name.

The reading is done by tables of named rules (briefing/nlp/quotes/rules.py), each rule one shape
of Dutch, tried in order until one decides: NOUN_PHRASE_RULES (a subject noun phrase to a
speaker), CLAUSE_SETTLED, SUBJECT_BEFORE_VERB and SUBJECT_AFTER_VERB (the subject of a reporting
verb), IN_SENTENCE_RULES (a quotation's own sentence), VET_RULES (a speaker that is no name),
PRONOUN_RULES and NAME_FORMS (whom a pronoun or a short name means), ROLE_WORD_RULES (a role's
words before a name), and for `learn`: NAMES_NO_PERSON, NAME_REWRITES, SUBJECT_RULES and
SUBJECT_WITHOUT_NAME. tests/test_attribution_rules.py gives each rule its examples.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, NamedTuple

from briefing.nlp import namebook
from briefing.nlp.quotes import lexicon as lx
from briefing.nlp.quotes.rules import PASS, Rule, Undecided, first_verdict

# How a speaker was found; the JSON carries it beside the speaker.
SAME_SENTENCE = "same sentence"
PREVIOUS_SENTENCE = "previous sentence"
CONTINUES = "speaker continues"
INTERVIEW = "interview"
PRONOUN = "pronoun"
ROLE = "role"
ORGANISATION = "organisation"


# `…, klinkt het`, `…, zo valt te horen`, `…, zeggen omstanders`: speech of people not named.
_UNNAMED = re.compile(r"^\W*(?:zo\s+)?(?:klinkt|klonk)\s+het\b|^\W*(?:zo\s+)?(?:valt|viel)\s+te\s+horen", re.IGNORECASE)


class Speaker(NamedTuple):
    name: str
    role: str | None
    how: str
    evidence: str = ""  # what backs it beyond `how` (calibration keys on both): `gender unknown`, …


NOBODY = Speaker("", None, "unnamed")  # the sentence says the speaker is nobody in particular


@dataclass
class Person:
    name: str  # as the article first gives it in full
    role: str | None = None
    gender: str | None = None
    age: str | None = None
    organisation: bool = False
    mentions: int = 0
    seen: int = 0  # the sentence (Discourse.sentence) of the latest mention
    salient: int = -99  # the latest sentence in which they were the subject or the speaker
    intro: str = ""  # the words before their first mention (lower case): roles said in passing
    kin: tuple[str, Person] | None = None  # `haar dochter Eline`: (dochter, the person `haar` meant)
    dead: bool = False  # `Haar man Gerrit, in 2019 overleden,`: spoken of, not speaking now


# --- which person a name, a pronoun, a role refers to ----------------------------------------------

def _longer_names(name: str, people: list[Person]) -> list[Person]:
    return [p for p in people if len(p.name.split()) > len(name.split())]


def _tail_of_longer_name(name: str, people: list[Person]) -> list[Person]:
    """`Van Dijk`, `Groot Koerkamp`: a short form is the tail of a full name already met."""
    if len(name.split()) <= 1:
        return []
    tail = " " + name.lower().rstrip(".")
    return [p for p in _longer_names(name, people) if p.name.lower().rstrip(".").endswith(tail)]


def _first_of_double_surname(name: str, people: list[Person]) -> list[Person]:
    """`Van der Linden` for Ingrid van der Linden-de Vries: the first of a double surname."""
    if len(name.split()) <= 1:
        return []
    tail = " " + name.lower().rstrip(".")
    return [p for p in _longer_names(name, people) if p.name.lower().rsplit("-", 1)[0].endswith(tail)]


def _surname_or_first_name(name: str, people: list[Person]) -> list[Person]:
    """`Borgman`, `Iris`: one word, a person's surname or first name."""
    if len(name.split()) > 1:
        return []
    word = name.lower()
    return [
        p for p in people
        if len(p.name.split()) > 1 and not p.organisation
        and word in (p.name.split()[-1].lower(), p.name.split()[0].lower(), lx.surname_key(p.name))
    ]


def _first_of_double_surname_alone(name: str, people: list[Person]) -> list[Person]:
    """Hoekstra for Rixt Hoekstra-van Dam; only where nobody has the name itself (`Overwater` is
    Daan Overwater, not his sister Wilma Overwater-Stam)."""
    if len(name.split()) > 1:
        return []
    word = name.lower()
    return [
        p for p in people
        if len(p.name.split()) > 1 and not p.organisation and word == lx.surname_key(p.name).split("-")[0]
    ]


def _surname_spelt_otherwise(name: str, people: list[Person]) -> list[Person]:
    """`Moualem` for `Walid Al-Muallem`: a surname spelt another way (transliterated)."""
    if len(name.split()) != 1 or len(name) < 5:
        return []
    key = name.lower()
    return [
        p for p in people
        if len(p.name.split()) > 1 and not p.organisation
        and _same_spelling(key, re.sub(r"^(?:al|el|as|ad)-", "", p.name.split()[-1].lower()))
    ]


_INITIAL_SURNAME = re.compile(r"(?:[Vv]an\s+(?:de\s+|der\s+|den\s+)?|[Dd]e\s+)?[A-Z]\.?")


def _initial_of_surname(name: str, people: list[Person]) -> list[Person]:
    """`V.` for `Ronald V.`, `Van G.` for `Cor van G.`: a court report's suspect by the initial
    of the surname, as the article first gave it."""
    if not _INITIAL_SURNAME.fullmatch(name):
        return []
    tail = name.rstrip(".").lower() + "."
    return [p for p in people if len(p.name.split()) > 1 and f" {p.name.lower()}".endswith(f" {tail}")]


# The short forms a name met before may take, tried in order: the first that answers wins.
NAME_FORMS: tuple[tuple[str, Callable[[str, list[Person]], list[Person]]], ...] = (
    ("initial of a surname", _initial_of_surname),
    ("tail of a longer name", _tail_of_longer_name),
    ("first of a double surname", _first_of_double_surname),
    ("surname or first name", _surname_or_first_name),
    ("first of a double surname, alone", _first_of_double_surname_alone),
    ("surname spelt otherwise", _surname_spelt_otherwise),
)


@dataclass
class _PronounReading:
    """Who a pronoun may mean: the people in play (latest subject or speaker first), those of the
    pronoun's gender, those of unknown gender that may be a person."""

    want: str  # `m` or `f`
    people: list[Person]
    right: list[Person]
    unknown: list[Person]
    disc: Discourse


Referent = tuple[Person | None, str]  # the person a pronoun refers to (None: nobody), and the evidence


_SPOKESPERSON_GENDER = {"woordvoerster": "f", "zegsvrouw": "f", "woordvoerder": "m", "zegsman": "m"}


def _spokesperson_just_quoted(r: _PronounReading) -> Referent | Literal[Undecided.PASS]:
    """`"…", aldus een woordvoerster van het OM. Ze voegt eraan toe: "…"`: the spokeswoman of the
    sentence before (the body she speaks for), where no one of her gender was in play since."""
    disc = r.disc
    spokes = disc.spokesperson
    if (
        spokes is None or disc.spokesperson_at < disc.sentence - 1
        or _SPOKESPERSON_GENDER.get(disc.spokesperson_noun) != r.want
        or any(p.salient >= disc.spokesperson_at for p in r.right)
    ):
        return PASS
    return Person(spokes.name, spokes.role, organisation=True), "spokesperson"


def _only_one_named_just_before(r: _PronounReading) -> Referent | Literal[Undecided.PASS]:
    """`Voor Goossens was de derde plaats een opsteker. "…", lachte hij.`: the sentence before had
    no person as subject or speaker but named one person, of the pronoun's gender: that one, not
    an older speaker of that gender (the text has turned to the one it names)."""
    disc = r.disc
    people = [p for p in disc.recent if not p.organisation and not namebook.is_place(p.name)]
    if any(p.salient >= disc.sentence - 1 for p in people):
        return PASS
    named = [p for p in people if p.seen == disc.sentence - 1]
    if len(named) != 1 or named[0].gender != r.want or (r.right and r.right[0] is named[0]):
        return PASS
    return named[0], "named just before"


def _nearest_of_its_gender(r: _PronounReading) -> Referent | Literal[Undecided.PASS]:
    """The latest subject or speaker of the pronoun's gender; two equally recent: nobody."""
    right, unknown = r.right, r.unknown
    if not right or (unknown and unknown[0].salient > right[0].salient):
        return PASS
    if len(right) > 1 and right[1].salient == right[0].salient:
        return None, ""  # two of the right gender in one sentence: say nothing
    if len(right) > 1 and right[0].kin and right[0].kin[1] is right[1] and len(right[0].name.split()) == 1:
        # `Marja de Wit verloor haar dochter Sanne. Sanne werd … ,,…'', zegt ze`: the relative
        # named by a first name only, or the person interviewed? Say nothing.
        return None, ""
    return right[0], "gender" if len(right) == 1 else "gender, nearest of two"


def _nearest_of_unknown_gender(r: _PronounReading) -> Referent | Literal[Undecided.PASS]:
    """The latest subject of unknown gender, where nobody of the right gender was as recent."""
    right, unknown = r.right, r.unknown
    if not unknown or (right and unknown[0].salient <= right[0].salient):
        return PASS
    if len(unknown) > 1 and unknown[1].salient == unknown[0].salient:
        return None, ""
    first = unknown[0].name.split()[0]
    # A first name given to both (Kim Jong-un) is a person; an unknown first word may not be.
    return unknown[0], "gender unknown, first name" if lx.is_first_name(first) else "gender unknown"


def _only_one_just_named(r: _PronounReading) -> Referent | Literal[Undecided.PASS]:
    """Nobody was subject or speaker of late: the one person of that gender just named (`… een
    naamplaatje waarop Iris stond. Ze bood excuses aan`)."""
    if r.people:
        return PASS
    disc = r.disc
    just_named = [p for p in disc.recent if not p.organisation and p.seen >= disc.sentence - 1]
    named = [p for p in just_named if p.gender == r.want and not namebook.is_place(p.name)]
    others = [p for p in just_named if p.gender is None]
    return (named[0], "mentioned") if len(named) == 1 and not others else PASS


PRONOUN_RULES: tuple[Rule[_PronounReading, Referent], ...] = (
    Rule("spokesperson just quoted", _spokesperson_just_quoted),
    Rule("only one named just before", _only_one_named_just_before),
    Rule("nearest of its gender", _nearest_of_its_gender),
    Rule("nearest of unknown gender", _nearest_of_unknown_gender),
    Rule("only one just named", _only_one_just_named),
)


def _roles_meant(noun: str) -> set[str]:
    """`bewindsvrouw` → minister or staatssecretaris, `topman` → directeur, …: the roles a noun
    for a person stands for."""
    if noun.startswith("bewinds"):
        return {"minister", "staatssecretaris"}
    if noun in ("woordvoerster", "woordvoerder"):
        return {"woordvoerder", "woordvoerster"}
    if noun in ("topman", "topvrouw"):
        return {"directeur", "topman", "topvrouw", "ceo", "voorzitter", "bestuursvoorzitter"}
    return _ROLE_SYNONYMS.get(noun, {noun})


# The nouns Dutch news uses in turn for one role (`Bondscoach X …, aldus de trainer`).
_ROLE_SYNONYM_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"trainer", "coach", "hoofdtrainer", "hoofdcoach"}),
    frozenset({"premier", "minister-president"}),
    frozenset({"burgemeester", "burgervader", "burgemoeder"}),
)
_ROLE_SYNONYMS: dict[str, set[str]] = {noun: set(group) for group in _ROLE_SYNONYM_GROUPS for noun in group}


def _says_role(text: str, wanted: set[str]) -> bool:
    return any(re.search(rf"{re.escape(w)}\b", text) for w in wanted)


@dataclass
class Discourse:
    """What attribution knows of the article so far."""

    people: list[Person] = field(default_factory=list)
    media: list[str] = field(default_factory=list)  # outlets named so far, last one last
    recent: list[Person] = field(default_factory=list)  # people by latest mention, latest last
    topic: Person | None = None  # the person the latest sentence is about
    last_speaker: Speaker | None = None
    others_since_speaker: bool = False  # someone else was named after the last speaker spoke
    capitalised_inside: set[str] = field(default_factory=set)  # words capitalised mid-sentence
    sentence: int = 0  # sentences read so far
    spokesperson: Speaker | None = None  # the latest unnamed spokesperson (`een zegsvrouw van X`)
    bodies: dict[str, str] = field(default_factory=dict)  # `ministerie` → `het ministerie van Buitenlandse Zaken`
    spokesperson_at: int = -99
    last_sentence: str = ""  # the sentence read before (outside its quotations)
    sentence_before: str = ""  # and the one before that
    spokesperson_noun: str = ""  # `woordvoerster`: the noun gives the pronoun that may follow
    unnamed_role: tuple[str, int] = ("", -99)  # `de officier van justitie` said before the person was named
    body_subject: str | None = None  # the latest body that opened a sentence as its subject
    body_subject_at: int = -99

    # --- people -------------------------------------------------------------------------------

    def find(self, name: str) -> Person | None:
        """The person a name refers to: the full name, a surname (`Van Dijk`, `Groot Koerkamp`,
        `Borgman`) or a first name used alone (`Iris`); see NAME_FORMS."""
        for person in self.people:
            if person.name == name:
                return person
        matches = next((found for _, form in NAME_FORMS if (found := form(name, self.people))), [])
        if not matches:
            return None
        # The latest mentioned, where a surname is shared (Gerrit and Klaas Borgman).
        for person in reversed(self.recent):
            if person in matches:
                return person
        return matches[0]

    def shared(self, name: str) -> bool:
        """A short form (`Van Zetten`, `Borgman`) that two people met so far answer to."""
        if any(p.name == name for p in self.people) or len(name.split()) > 2:
            return False
        tail = name.lower()
        return sum(
            1 for p in self.people
            if not p.organisation and len(p.name.split()) > len(name.split())
            and (p.name.lower().endswith(" " + tail) or tail == lx.surname_key(p.name))
        ) > 1

    def introduce(self, name: str, role: str | None = None, age: str | None = None) -> Person:
        words, glued = unglue(name, self.capitalised_inside)
        if glued and words[0][0].isupper():
            name = " ".join(words)  # `Amsterdamse Verberne` is Verberne
        person = self._person_named(name)
        if role and not person.role:
            person.role = role
        if age and not person.age:
            person.age = age
        person.gender = person.gender or lx.gender_of(person.name, person.role)
        person.mentions += 1
        person.seen = self.sentence
        self._mentioned(person)
        return person

    def _short_form_met_before(self, name: str) -> Person | None:
        """`De Wit` or `Zwiers` (a headline's speaker) met before `Marjolein de Wit`; `zijn zoon
        Wouter (39)`, later `Wouter van Zetten`: one person."""
        tail = name.lower()
        return next(
            (p for p in reversed(self.people)
             if not p.organisation and len(p.name.split()) < len(name.split())
             and (tail.endswith(" " + p.name.lower()) or p.name.lower() == lx.surname_key(name)
                  or (len(p.name.split()) == 1 and p.kin is not None and p.name.lower() == tail.split()[0]))),
            None,
        )

    def _person_named(self, name: str) -> Person:
        """The person met before under this name or a short form of it (the full name now takes
        over), else a new one."""
        person = self.find(name)
        if person is None and len(name.split()) > 1:
            person = self._short_form_met_before(name)
            if person is not None:
                person.name = name
        if person is None:
            first = name.split()[0].lower()
            person = Person(name, organisation=first in lx.ORGANISATION_NOUNS and not lx.is_first_name(name.split()[0]))
            self.people.append(person)
        elif len(name.split()) > 1 and len(person.name.split()) == 1:
            person.name = name  # a short form came first; the full name now takes over
        return person

    def _mentioned(self, person: Person) -> None:
        """The person is now the latest mentioned; someone other than the last speaker was named."""
        looks_like_person = len(person.name.split()) > 1 or person.gender is not None
        if self.last_speaker is not None and person.name != self.last_speaker.name and looks_like_person and not person.organisation:
            self.others_since_speaker = True
        if person in self.recent:
            self.recent.remove(person)
        self.recent.append(person)

    def spoke(self, speaker: Speaker) -> None:
        self.last_speaker = speaker
        self.others_since_speaker = False
        person = self.find(speaker.name)
        if person is not None:
            person.seen = person.salient = self.sentence

    def by_pronoun(self, pronoun: str) -> Person | None:
        """`hij` → the man, `ze`/`haar` → the woman in play: the people named in the last few
        sentences (or spoken of since by pronoun). One of the right gender: that one. Two: the last
        speaker if one of them, else nobody (`zegt ze` after a mother and her daughter). None of
        a known gender (a city, an unknown first name): nobody. Silence beats a wrong name."""
        return self.resolve_pronoun(pronoun)[0]

    def resolve_pronoun(self, pronoun: str) -> tuple[Person | None, str]:
        """The person a pronoun refers to, and the evidence: the latest subject or speaker of the
        pronoun's gender, within the last few sentences (`gender`); where the latest subject is
        of unknown gender and nobody of the right gender was as recent, that subject (`gender
        unknown`); two of the right gender equally recent: nobody. See PRONOUN_RULES."""
        referent = self.pronoun_rule(pronoun)[1]
        return referent if referent is not None else (None, "")

    def pronoun_rule(self, pronoun: str) -> tuple[str, Referent | None]:
        """The rule of PRONOUN_RULES that resolves a pronoun, and the person with the evidence."""
        return first_verdict(PRONOUN_RULES, self._pronoun_reading(pronoun))

    def _pronoun_reading(self, pronoun: str) -> _PronounReading:
        want = "m" if pronoun.lower() in lx.MALE_PRONOUNS | {"hem", "zijn"} else "f"
        people = [
            p for p in self.recent
            if not p.organisation and p.salient >= self.sentence - 4 and not namebook.is_place(p.name)
        ]
        people.sort(key=lambda p: p.salient, reverse=True)
        right = [p for p in people if p.gender == want]
        # Of unknown gender: a person whose first name is used by both (`Kim Jong-un`) or who is
        # given by initials; not a capitalised phrase of unknown kind (`Algemene Vergadering`).
        unknown = [
            p for p in people
            if p.gender is None and not lx.is_word_not_name(p.name.split()[0])
            and not p.name.isupper() and p.name not in self.media  # `hij` is never NRC or ANP
            and (len(p.name.split()) > 1 or p.name in self.capitalised_inside)
        ]
        return _PronounReading(want, people, right, unknown, self)

    def by_role(self, noun: str) -> Person | None:
        """`de minister`, `de woordvoerster`, `de bewindsvrouw`, `de 78-jarige`, `de Poolse`: the
        person with that role or age, else the one whose relative that is, else the one
        introduced with that role before the name."""
        noun = noun.lower()
        wanted = _roles_meant(noun)
        return self._with_role_or_age(noun, wanted) or self._relative_of(noun) or self._introduced_as(wanted)

    def _with_role_or_age(self, noun: str, wanted: set[str]) -> Person | None:
        age = re.fullmatch(r"(\d{1,3})-jarige", noun)
        for person in reversed(self.recent):
            if age and person.age == age.group(1):
                return person
            if person.role and _says_role(person.role.lower(), wanted):
                return person
        return None

    def _relative_of(self, noun: str) -> Person | None:
        """`Sinds januari staat haar dochter Eline naast haar. … Haar moeder zegt`: the mother
        is the one whose daughter Eline is."""
        for person in reversed(self.recent):
            if person.kin and person.kin[0] in _KIN_INVERSE.get(noun, ()):
                return person.kin[1]
        return None

    def _introduced_as(self, wanted: set[str]) -> Person | None:
        """`Europarlementariër voor de Partij voor de Dieren Merel Hoogvliet`: the role was said
        before the name, with words between."""
        for person in reversed(self.recent):
            if not person.organisation and not namebook.is_place(person.name) and _says_role(person.intro, wanted):
                return person
        return None

    def described(self, word: str) -> tuple[Person | None, str]:
        """`de Belg`, `de Noorse`, `de Amsterdammer`: a nationality or place noun standing for a
        person met before. The one whose role or introduction says it (`De Belgische trainer Jens
        Vermaelen`): that one; else the person the text is about, where they were in play of late."""
        stem = word.lower()
        for person in reversed(self.recent):
            if person.organisation or len(person.name.split()) < 2 or not lx.is_first_name(person.name.split()[0]):
                continue
            # Its role, and the words right before its first mention (`de Zweedse verdediger`).
            said = [*(person.role or "").lower().split(), *person.intro.split()[-3:]]
            if any(_shared_start(stem, w) >= max(4, len(stem) - 2) for w in said):
                return person, "description"
        topic = self.topic
        if topic is not None and not topic.organisation and topic.salient >= self.sentence - 3 and not namebook.is_place(topic.name):
            return topic, "description, topic"
        return None, ""

    def sibling_of(self, person: Person | None, noun: str) -> Person | None:
        """`Haar zus protesteert`: of the people sharing the surname of the one the text is
        about, the only other one (two sisters met as Hanneke and Marloes Brouwer)."""
        if person is None or person.organisation or noun.lower() not in _SIBLINGS or len(person.name.split()) < 2:
            return None
        key = lx.surname_key(person.name)
        others = [
            p for p in self.people
            if p is not person and not p.organisation and len(p.name.split()) > 1 and lx.surname_key(p.name) == key
        ]
        return others[0] if len(others) == 1 else None

    def organisation(self, noun: str) -> Person | None:
        """`het ziekenhuis` → Ziekenhuis De Lingehof, where the article named it."""
        for person in reversed(self.recent):
            if person.organisation and noun.lower() in person.name.lower().split():
                return person
        return None


# --- noun phrases --------------------------------------------------------------------------------

_ROLE_MODIFIERS = frozenset(
    lx.words(
        "voormalig voormalige oud nieuwe huidige interim waarnemend waarnemende demissionair demissionaire "
        "kersverse plaatsvervangend plaatsvervangende toenmalig toenmalige scheidend scheidende"
    )
)


def _is_role_word(word: str) -> bool:
    """A word of a role before a name: `slager`, `oud-directeur`, `CDA'er`, `Amerikaanse`,
    `Pentagon-perschef`. Any lower-case noun or adjective will do in that place; function
    words and verbs will not."""
    bare = word.strip(",;:()")
    low = bare.lower()
    if not bare or low in lx.ARTICLES or low in lx.PREPOSITIONS or low in lx.ADVERBS or low in _NP_STOP:
        return False
    if re.search(r"['’]er$", bare) or low in _ROLE_MODIFIERS or low.startswith("oud-"):
        return True
    if lx.ROLE_NOUN.search(low.split("-")[-1]) and len(low) > 2:
        return bare[0].islower() or not lx.is_name_token(bare)
    if bare[0].islower():
        return low not in lx.SPEECH_VERBS and bool(re.fullmatch(r"[a-zà-ÿ][\wà-ÿ-]*", bare))
    return _is_demonym(bare) or lx.is_word_not_name(bare)


# --- role words before a name: ROLE_WORD_RULES ---------------------------------------------------

# A role's words, read backwards from a name: each rule sees the words and the position, and
# answers with the words it keeps and how many it reads, or None.
_RoleStep = tuple[list[str], int]


def _is_title(word: str) -> bool:
    return word.strip(",;:()").lower().rstrip(".") in lx.TITLES


def _title_word(words: list[str], i: int, kept: list[str], strict: bool) -> _RoleStep | None:
    """`mr.`, `dr.`: a title is read past, not kept."""
    return ([], 1) if words[i].strip(",;:()").lower().rstrip(".") in lx.TITLES else None


def _role_of_a_place(words: list[str], i: int, kept: list[str], strict: bool) -> _RoleStep | None:
    """`burgemeester van Amsterdam`, `Europarlementariër voor GroenLinks`: role, van/voor, a name."""
    word = words[i].strip(",;:()")
    if (
        word[:1].isupper() and i >= 2 and words[i - 1].lower() in ("van", "voor")
        and _is_role_word(words[i - 2]) and (not strict or _is_lexicon_role(words[i - 2]))
    ):
        return [words[i - 2], words[i - 1], word], 3
    return None


def _a_role_word(words: list[str], i: int, kept: list[str], strict: bool) -> _RoleStep | None:
    """`slager`, `oud-directeur`, `GroenLinks-raadslid` (strict: from the role lexicon)."""
    word = words[i].strip(",;:()")
    return ([word], 1) if _is_role_word(word) and (not strict or _is_lexicon_role(word)) else None


def _van_inside_role(words: list[str], i: int, kept: list[str], strict: bool) -> _RoleStep | None:
    """`officier van justitie`, `minister van Onderwijs`: van/voor between role words."""
    word = words[i].strip(",;:()")
    if word.lower().rstrip(".") in ("van", "voor") and kept and i > 0 and _is_role_word(words[i - 1]):
        return [word], 1
    return None


def _capitalised_complement(words: list[str], i: int, kept: list[str], strict: bool) -> _RoleStep | None:
    """`minister van Onderwijs`: the capitalised complement after van/voor."""
    word = words[i].strip(",;:()")
    low = word.lower().rstrip(".")
    if kept and low not in lx.ARTICLES and word[:1].isupper() and i > 0 and words[i - 1].lower() in ("van", "voor"):
        return [word], 1
    return None


ROLE_WORD_RULES: tuple[tuple[str, Callable[[list[str], int, list[str], bool], _RoleStep | None]], ...] = (
    ("title", _title_word),
    ("role of a place", _role_of_a_place),
    ("role word", _a_role_word),
    ("van inside a role", _van_inside_role),
    ("capitalised complement", _capitalised_complement),
)


def role_before(words: list[str], strict: bool = False) -> str | None:
    """The role words right before a name: `officier van justitie mr.`, `GroenLinks-raadslid`,
    `slager`. Strict (for names met in running text, where any noun may stand before a name):
    only words from the role lexicon, nationalities and party members count."""
    kept: list[str] = []
    i = len(words) - 1
    while i >= 0 and len(kept) < 5:
        step = next((found for _, rule in ROLE_WORD_RULES if (found := rule(words, i, kept, strict)) is not None), None)
        if step is None:
            break
        kept[:0] = step[0]
        i -= step[1]
    while kept and kept[0].lower() in ("van", "voor"):
        kept.pop(0)
    return " ".join(kept) or None


def _is_lexicon_role(word: str) -> bool:
    low = word.lower()
    return bool(
        lx.ROLE_NOUN.search(low.split("-")[-1])
        or low in _ROLE_MODIFIERS
        or low.startswith("oud-")
        or re.search(r"['’]er$", word)
        or _is_demonym(word)
        or low in ("justitie",)
    )


def _is_demonym(word: str) -> bool:
    """Amerikaanse, Russisch, Noord-Koreaans: a nationality before a role."""
    return bool(lx.DEMONYM.fullmatch(word) or re.fullmatch(r"(?:[\w]+-)?[A-Za-z][a-z]+(?:aans|ees|isch|se)", word))


_AFFILIATION = re.compile(r"^\s+(van\s+(?:de\s+|het\s+)?[\w'’-]+(?:\s+[A-Z][\w'’-]+)*)")
_APPOSITION = re.compile(r"^\s*,\s+((?:de|het|een)\s+[^,.;:]{3,80}?)\s*(?:,|$)")
_AGE = re.compile(r"^\s*\((\d{1,3})\)")
# `Peter van Dalen (ChristenUnie-SGP)`, `Paul Mollière (Universiteit Leiden)`: an affiliation.
_PARENTHESIS = re.compile(r"^\s*\(([^()\d][^()]{1,60})\)")


def _role_after(text: str) -> tuple[str | None, str | None]:
    """An affiliation (`van de brandweer`), an apposition (`, de woordvoerster van …,`), an age."""
    age = _AGE.match(text)
    if age:
        return None, age.group(1)
    bracketed = _PARENTHESIS.match(text)
    if bracketed:
        return bracketed.group(1).strip(), None
    m = _AFFILIATION.match(text)
    if m and not lx.VERB.match(m.group(1).split()[-1]):
        return m.group(1), None
    m = _APPOSITION.match(text)
    if m and lx.ROLE_NOUN.search(m.group(1).split()[1].lower().split("-")[-1] if len(m.group(1).split()) > 1 else ""):
        words = m.group(1).split()[1:]
        return " ".join(words), None
    return None, None


def _join_roles(*roles: str | None) -> str | None:
    role = " ".join(r for r in roles if r)
    first = role.split()[0] if role else ""
    plain = "-" not in first or first.split("-")[0].lower() in ("oud", "ex", "vice", "adjunct", "co")
    acronym = first.isupper() and len(first) > 1  # `CEO`, `CTO` keep their capitals
    if role[:1].isupper() and plain and not acronym and not _is_demonym(first) and _is_lexicon_role(first.lower()) and not re.search(r"['’]er$", first):
        role = role[0].lower() + role[1:]  # `Voorzitter Jan Bos` opened a sentence: the role is `voorzitter`
    return role or None


# --- a subject noun phrase to a speaker: NOUN_PHRASE_RULES ---------------------------------------

# A speaker rule's answer: the speaker, None (the shape is the rule's and names no one: silence), or PASS.
Verdict = Speaker | Literal[Undecided.PASS] | None


_SPOKESPERSON_NOUNS = "woordvoerder|woordvoerster|zegsman|zegsvrouw|persvoorlichter|voorlichter"


@dataclass
class _Phrase:
    """A subject noun phrase, trimmed: its words, those words in lower case, the discourse."""

    chunk: str
    words: list[str]
    low: list[str]
    disc: Discourse


def _pronoun_alone(np: _Phrase) -> Verdict:
    """`zegt ze`, `hij`: the person the pronoun refers to."""
    if len(np.words) != 1 or np.low[0] not in lx.PRONOUNS:
        return PASS
    person, evidence = np.disc.resolve_pronoun(np.low[0])
    return Speaker(person.name, person.role, PRONOUN, evidence) if person else None


def _demonstrative_alone(np: _Phrase) -> Verdict:
    """`Die antwoordde dat …`: the one its sentence was learnt to be about (the one spoken to
    before, see SUBJECT_WITHOUT_NAME `demonstrative subject`), else nobody certain."""
    if len(np.words) != 1 or np.low[0] not in ("die", "deze"):
        return PASS
    disc = np.disc
    now = [p for p in disc.recent if p.salient == disc.sentence and not p.organisation]
    return Speaker(now[0].name, now[0].role, PRONOUN, "demonstrative") if len(now) == 1 else None


def _their_spokesperson(np: _Phrase) -> Verdict:
    """`zegt haar woordvoerder`, `zijn advocaat`: the minister speaks through her spokesperson."""
    owner = re.fullmatch(rf"(zijn|haar)\s+({_SPOKESPERSON_NOUNS}|advocaat|advocate)", np.chunk, re.IGNORECASE)
    if not owner:
        return PASS
    person = np.disc.by_pronoun(owner.group(1).lower())
    return Speaker(person.name, owner.group(2).lower(), PRONOUN) if person else None


def _body_of_spokesperson(phrase: list[str]) -> list[str]:
    """`de politie` of `een woordvoerder van de politie, …`: the capitalised words and particles
    that name the body (`van branchevereniging Stadswarmte Nederland`: the name, not its kind)."""
    if len(phrase) > 1 and phrase[0][:1].islower() and phrase[0].lower() not in ("de", "het") and phrase[1][:1].isupper():
        phrase = phrase[1:]
    org_words: list[str] = []
    for w in phrase:
        if not (w.lower() in ("de", "het", "van", "voor", "der") or w[:1].isupper()):
            break
        org_words.append(w.strip(",."))
        if w.endswith((",", ".")):
            break
    while org_words and org_words[-1].lower() in ("de", "het", "van", "voor", "der"):
        org_words.pop()
    return org_words


def _body_spelled_out(org: str, disc: Discourse) -> str:
    """The body as the article named it: `het ministerie` → the ministry named before, `het OM`
    after `Het Openbaar Ministerie` → the name the letters stand for, `de politie` → the body met."""
    named = disc.organisation(org.split()[-1]) if org.split()[0].lower() in ("de", "het") else None
    if len(org.split()) == 2 and org.split()[1].lower() in disc.bodies:
        named, org = None, disc.bodies[org.split()[1].lower()]
    acronym = org.split()[-1]
    if acronym.isupper() and len(acronym) >= 2:
        spelled = next(
            (p.name for p in disc.people
             if len(p.name.split()) == len(acronym) and "".join(w[0] for w in p.name.split()) == acronym),
            None,
        )
        if spelled:
            named, org = None, " ".join([*org.split()[:-1], spelled])
    return re.sub(r"\s*\([A-Z]{2,6}\)$", "", named.name if named else org)  # `Vereniging Akkerbouw Nederland (VAN)`


def _spokesperson_of_body(np: _Phrase) -> Verdict:
    """`een woordvoerder van de politie`, `de woordvoerster van het ministerie van Defensie`: the body."""
    spokes = re.match(rf"(?:een|de|het)\s+({_SPOKESPERSON_NOUNS})\s+van\s+(.+)", np.chunk, re.IGNORECASE)
    if not spokes:
        return PASS
    org = " ".join(_body_of_spokesperson(spokes.group(2).split())) or spokes.group(2).strip(" ,.")
    np.disc.spokesperson = Speaker(_body_spelled_out(org, np.disc), "woordvoerder", ORGANISATION, "spokesperson")
    np.disc.spokesperson_at = np.disc.sentence
    np.disc.spokesperson_noun = spokes.group(1).lower()
    return np.disc.spokesperson


def _body_spokesperson_compound(np: _Phrase) -> Verdict:
    """`een politiewoordvoerder`, `de gemeente-woordvoerster`: the body speaks."""
    compound = re.fullmatch(r"(?:[Ee]en|[Dd]e)\s+([a-z]{3,}?)-?(?:woordvoerder|woordvoerster|zegsman|zegsvrouw)", np.chunk)
    if not compound or compound.group(1).lower() not in lx.ORGANISATION_NOUNS:
        return PASS
    noun = compound.group(1).lower()
    body = np.disc.bodies.get(noun, f"de {noun}")  # `de politie Limburg` where the article named it so
    np.disc.spokesperson = Speaker(body, "woordvoerder", ORGANISATION, "spokesperson")
    np.disc.spokesperson_at = np.disc.sentence
    return np.disc.spokesperson


def _spokesperson_of_subject_before(np: _Phrase) -> Verdict:
    """`Fruitplatform Rivierenland … schat dat …. ,,…'', zegt een woordvoerder.`: the body the
    text is about speaks."""
    topic = np.disc.topic
    if (
        re.fullmatch(r"een\s+(?:woordvoerder|woordvoerster|zegsman|zegsvrouw)", np.chunk, re.IGNORECASE)
        and topic is not None and topic.salient >= np.disc.sentence - 1
        and not lx.is_first_name(topic.name.split()[0]) and not namebook.is_place(topic.name)
    ):
        return Speaker(topic.name, "woordvoerder", ORGANISATION, "spokesperson, subject before")
    return PASS


def _spokesperson_of_body_subject(np: _Phrase) -> Verdict:
    """`Rijkswaterstaat heeft de dijk gesloten. ,,…'', licht een woordvoerder toe.`, `…, aldus een
    woordvoerster in Genève.`: an unnamed spokesperson of the body that opened the sentence before
    (or this one) as its subject; the body speaks."""
    disc = np.disc
    if (
        re.fullmatch(rf"een\s+(?:{_SPOKESPERSON_NOUNS})(?:\s+(?:in|uit|tegenover)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)?", np.chunk, re.IGNORECASE)
        and disc.body_subject is not None and disc.body_subject_at >= disc.sentence - 1
    ):
        disc.spokesperson = Speaker(disc.body_subject, "woordvoerder", ORGANISATION, "spokesperson, body before")
        disc.spokesperson_at = disc.sentence
        disc.spokesperson_noun = np.low[1]
        return disc.spokesperson
    return PASS


def _spokesperson_met_before(np: _Phrase) -> Verdict:
    """`aldus de zegsvrouw`: the spokesperson met a few sentences before (no person has the role)."""
    disc = np.disc
    if (
        re.fullmatch(rf"de\s+(?:{_SPOKESPERSON_NOUNS})", np.chunk, re.IGNORECASE)
        and disc.spokesperson is not None and disc.spokesperson_at >= disc.sentence - 6
        and disc.by_role(np.words[1]) is None
    ):
        return Speaker(disc.spokesperson.name, disc.spokesperson.role, ROLE, "spokesperson")
    return PASS


def _initial_of_person_met(np: _Phrase) -> Verdict:
    """`V.`, `Van G.`, `K.`: a suspect the article named with the initial of the surname."""
    if not _INITIAL_SURNAME.fullmatch(np.chunk.strip(" ,")):
        return PASS
    found = _initial_of_surname(np.chunk.strip(" ,"), np.disc.people)
    return Speaker(found[0].name, found[0].role, SAME_SENTENCE) if len(found) == 1 else None


def _body_by_its_kind(np: _Phrase) -> Verdict:
    """`de gemeente Zutphen`, `het ministerie van Defensie`, `de politie`: a body speaking."""
    words = np.words
    if np.low[0] not in ("de", "het") or len(words) < 2 or words[1].lower() not in lx.ORGANISATION_NOUNS:
        return PASS
    named = np.disc.organisation(words[1]) if len(words) == 2 else None
    if named:
        return Speaker(named.name, None, ORGANISATION, "named before")
    fuller = np.disc.bodies.get(words[1].lower()) if len(words) == 2 else None
    if fuller and len(fuller.split()) > 2 and fuller.lower().startswith(f"{np.low[0]} {np.low[1]}"):
        return Speaker(fuller, None, ORGANISATION, "named before")  # `de politie` after `de politie Limburg`
    body = " ".join(words[:6]).rstrip(",.")
    return Speaker(body[0].lower() + body[1:], None, ORGANISATION, "body") if len(words) <= 6 else None


def _one_of_them_apposed(np: _Phrase) -> Verdict:
    """`Een van hen, senator Ray Donnelly uit Alaska, zei`: the one named in the apposition."""
    partitive = re.fullmatch(
        r"(?:[Ee]en|[Ee]én)\s+van\s+(?:hen|hun|beiden|de\s+[a-zà-ÿ]+|die\s+[a-zà-ÿ]+)\s*,\s+([^,]{3,100}?),?", np.chunk
    )
    if not partitive:
        return PASS
    inner = noun_phrase(partitive.group(1), np.disc)
    return inner if inner is not None and inner.how == SAME_SENTENCE else None


def _role_then_apposed_name(np: _Phrase) -> Verdict:
    """`De burgemeester van Amsterdam, Femke Halsema,`: a role, then the name in apposition."""
    apposed = re.match(r"(?:(?:de|het)\s+)?([^,]{3,80}),\s+([^,]+?),?$", np.chunk, re.IGNORECASE)
    if not apposed or not lx.names(apposed.group(2)):
        return PASS
    name = lx.names(apposed.group(2))[0]
    role_words = _strip_front(apposed.group(1).split())
    role = role_before(role_words)
    if name.start == 0 and role and len(role.split()) == len(role_words) and role_words[0][:1].islower():
        return _person_speaker(name.text, _join_roles(role), None, np.disc, SAME_SENTENCE)
    return PASS


def _nationality_for_person(np: _Phrase) -> Verdict:
    """`zei de Belg`: lower-case `de` and one capitalised word is no surname (that would be `De
    Jong`), but a nationality or a place standing for a person met before."""
    demonym_noun = re.fullmatch(r"de\s+([A-ZÀ-Þ][a-zà-ÿ]+)", np.chunk)
    # `de Brabander`, `de Limburger`: the people of a place, also where the word is a surname too
    # (a surname alone takes a capital `De`).
    if not demonym_noun or not (is_description(demonym_noun.group(1), np.disc) or namebook.people_of_place(demonym_noun.group(1))):
        return PASS
    person, evidence = np.disc.described(demonym_noun.group(1))
    return Speaker(person.name, person.role, ROLE, evidence) if person else None


def _outlet_by_its_kind(np: _Phrase) -> Verdict:
    """`het Chinese persbureau Xinhua meldde`: an outlet, never a person (no pronoun's referent)."""
    outlet = re.search(rf"\b(?i:{lx.MEDIA_WORDS})\s+([A-ZÀ-Þ][\w'’-]*(?:\s+[A-ZÀ-Þ][\w'’-]*)*)$", np.chunk)
    return Speaker(outlet.group(1), None, ORGANISATION, "outlet") if outlet else PASS


def _is_acronym(word: str) -> bool:
    return word.isupper() and len(word) > 1


def _name_past_acronym(chunk: str, found: list[lx.Name]) -> lx.Name:
    """`CTO dr. ir. Wouter-Jan Smits`: the acronym is the role, the titles are read past."""
    if len(found) > 1 and found[0].text.isupper() and all(_is_title(w) for w in chunk[found[0].end : found[1].start].split()):
        return found[1]
    return found[0]


def _role_words_before(prefix: list[str]) -> str | None:
    """The role of the words before a name; an acronym first (`CTO`, `CEO`) is a role too."""
    if not (prefix and _is_acronym(prefix[0])):
        return role_before(prefix)
    return _join_roles(prefix[0], role_before([w for w in prefix if not _is_acronym(w)]))


def _only_role_before(prefix: list[str], role: str | None) -> bool:
    """Nothing but the role (titles aside) before the name."""
    return len([w for w in _strip_front(prefix) if not _is_title(w)]) == len([w for w in (role or "").split() if not _is_title(w)])


def _name_after_its_role(np: _Phrase) -> Verdict:
    """`minister Hugo de Jonge`, `Jan Bos van de brandweer`, `Dijkgraaf Lieke Hoogendoorn`,
    `directeur dr. ir. Sanne de Wit`, `CEO Jan Bos`: a name with nothing but its role before it
    (not `Bij de ingang van het Wilhelminapark`)."""
    found = lx.names(np.chunk)
    if not found:
        return PASS
    name = _name_past_acronym(np.chunk, found)
    prefix = np.chunk[: name.start].split()
    if len(prefix) == 1 and prefix[0][:1].isupper() and prefix[0] not in np.disc.capitalised_inside and lx.is_name_token(prefix[0]):
        prefix = [prefix[0].lower()]  # `Dijkgraaf Lieke Hoogendoorn` opened the sentence
    role = _role_words_before(prefix)
    if not _only_role_before(prefix, role):
        return PASS
    after_role, age = _role_after(np.chunk[name.end :])
    if role and name.text.split()[0] in lx.CAPITAL_PARTICLES:
        np.disc.introduce(name.text)  # `minister De Jonge`: a role vouches for the name
    return _person_speaker(name.text, _join_roles(role, after_role), age, np.disc, SAME_SENTENCE)


def _possessive_role(np: _Phrase) -> Verdict:
    """`zegt haar moeder`, `zijn zus`: the person introduced with that role (or the sibling)."""
    if np.low[0] not in ("haar", "zijn") or len(np.words) != 2 or not lx.ROLE_NOUN.search(np.low[1]):
        return PASS
    person = np.disc.by_role(np.low[1]) or np.disc.sibling_of(np.disc.topic, np.low[1])
    return Speaker(person.name, person.role, ROLE, "possessive") if person else None


def _definite_head(np: _Phrase) -> list[str] | None:
    """`de minister`, `de Bredase hoogleraar` → [de, hoogleraar], `de nieuwe voorzitter`: the
    article and the head noun; None where the phrase is no `de`/`het` phrase."""
    words = np.words
    if np.low[0] not in ("de", "het") or len(words) < 2:
        return None
    if len(words) == 3 and lx.ROLE_NOUN.search(np.low[2]) and (
        _is_demonym(words[1]) or lx.is_word_not_name(words[1]) or re.fullmatch(r"[a-zà-ÿ]+e", words[1])
    ):
        return [words[0], words[2]]
    return words


def _the_outlet(np: _Phrase) -> Verdict:
    """`aldus de krant`: the outlet named last."""
    words = _definite_head(np)
    if words is None or len(words) != 2 or not re.fullmatch(rf"(?:{lx.MEDIA_WORDS})", words[1].lower()):
        return PASS
    return Speaker(np.disc.media[-1], None, ROLE) if np.disc.media else None


def _the_role(np: _Phrase) -> Verdict:
    """`de minister`, `de bakker`, `de 78-jarige`: the person introduced so."""
    words = _definite_head(np)
    person = np.disc.by_role(words[1]) if words is not None and len(words) <= 3 else None
    return Speaker(person.name, person.role, ROLE) if person else PASS


def _the_description_of_topic(np: _Phrase) -> Verdict:
    """`de Poolse`, `de 24-jarige`: a description of the person the text is about (whose
    nationality is not known, or whose age is not another); a role no one named has: silence."""
    words = _definite_head(np)
    if words is None:
        return PASS
    head = words[1]
    aged = re.fullmatch(r"(\d{1,3})-jarige", head)
    topic = np.disc.topic
    demonym = lx.DEMONYM.fullmatch(head) or (head[:1].isupper() and head.endswith("se") and lx.is_word_not_name(head))
    if (demonym or aged) and topic and not topic.organisation and not (aged and topic.age and topic.age != aged.group(1)):
        return Speaker(topic.name, topic.role, ROLE)
    if lx.ROLE_NOUN.search(head.lower()) or aged or lx.DEMONYM.fullmatch(head):
        return None
    return PASS


def _the_body(np: _Phrase) -> Verdict:
    """`aldus de organisatie` after `Milieuorganisatie Greenpeace Rusland`, `de NAVO`: the body
    named before, else the words as they stand."""
    words = _definite_head(np)
    if words is None or not (words[1].lower() in lx.ORGANISATION_NOUNS or words[1].isupper()):
        return PASS
    head, disc = words[1], np.disc
    named = disc.organisation(head) if len(words) == 2 else None
    if named is None and len(words) == 2 and head.lower() in disc.bodies:
        return Speaker(disc.bodies[head.lower()], None, ORGANISATION, "named before")
    if named is None and len(words) == 2:
        named = next((p for p in reversed(disc.recent) if p.intro.split()[-1:] and p.intro.split()[-1].endswith(head.lower())), None)
    if named:
        return Speaker(named.name, None, ORGANISATION, "named before")
    return Speaker(" ".join(words[:6]).rstrip(",."), None, ORGANISATION, "generic") if len(words) <= 6 else None


NOUN_PHRASE_RULES: tuple[Rule[_Phrase, Speaker], ...] = (
    Rule("pronoun alone", _pronoun_alone),
    Rule("demonstrative alone", _demonstrative_alone),
    Rule("their spokesperson", _their_spokesperson),
    Rule("spokesperson of a body", _spokesperson_of_body),
    Rule("body-spokesperson compound", _body_spokesperson_compound),
    Rule("spokesperson of the body that opened the sentence before", _spokesperson_of_body_subject),
    Rule("spokesperson of the subject before", _spokesperson_of_subject_before),
    Rule("spokesperson met before", _spokesperson_met_before),
    Rule("initial of a person met", _initial_of_person_met),
    Rule("body by its kind", _body_by_its_kind),
    Rule("one of them, apposed name", _one_of_them_apposed),
    Rule("role, then apposed name", _role_then_apposed_name),
    Rule("nationality for a person", _nationality_for_person),
    Rule("outlet by its kind", _outlet_by_its_kind),
    Rule("name after its role", _name_after_its_role),
    Rule("possessive role", _possessive_role),
    Rule("the outlet", _the_outlet),
    Rule("the role", _the_role),
    Rule("description of the topic", _the_description_of_topic),
    Rule("the body", _the_body),
)


def _trimmed_phrase(chunk: str, disc: Discourse) -> _Phrase | None:
    """The phrase less quotation marks, leading conjunctions and adverbs, trailing adverbs."""
    words = chunk.strip(" ,\"'“”‘’„").split()
    while words and (words[0].lower() in lx.ADVERBS or words[0].lower() in {"en", "maar", "want", "dus"}):
        words = words[1:]
    while words and words[-1].lower().strip(",.") in lx.ADVERBS:
        words = words[:-1]
    if not words:
        return None
    return _Phrase(" ".join(words), words, [w.lower().strip(",.") for w in words], disc)


def noun_phrase_rule(chunk: str, disc: Discourse) -> tuple[str, Speaker | None]:
    """The rule of NOUN_PHRASE_RULES that decides a subject noun phrase, and its speaker."""
    phrase = _trimmed_phrase(chunk, disc)
    if phrase is None:
        return "", None
    return first_verdict(NOUN_PHRASE_RULES, phrase)


def noun_phrase(chunk: str, disc: Discourse) -> Speaker | None:
    """A subject noun phrase to a speaker, or None where it names no one that can be trusted."""
    return noun_phrase_rule(chunk, disc)[1]


def _shared_start(a: str, b: str) -> int:
    """How many letters two words share at their start (`belg`, `belgische`: 4)."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def n_before_subject(found: list[lx.Name], n: int) -> bool:
    """Another name before the n-th that is a person's (a first name and more): not a role's words."""
    return any(len(f.text.split()) > 1 and lx.is_first_name(f.text.split()[0]) for f in found[:n])


def is_description(word: str, disc: Discourse) -> bool:
    """`Belg`, `Noorse`, `Amsterdammer`, `Fransman`: a Dutch word (a nationality, a place's
    people) rather than a surname, and no name of someone met."""
    known = disc.find(word)
    if known is not None and len(known.name.split()) > 1 and known.name.split()[-1] == word:
        return False  # `Fransman` for Piet Fransman
    if namebook.is_first_name(word):
        return False
    # `de Pool` after `De Poolse minister … Piotr Zawadzki`: also a surname, but the text described
    # someone so just before.
    return lx.is_word_not_name(word) or bool(lx.DEMONYM.fullmatch(word)) or disc.described(word)[1] == "description"


def _same_spelling(a: str, b: str) -> bool:
    """Two spellings of one surname: the same first letter, nearly the same letters."""
    from difflib import SequenceMatcher

    return a[:1] == b[:1] and len(b) >= 5 and SequenceMatcher(None, a, b).ratio() >= 0.8


# `liet via woordvoerder X weten`, `liet via zijn advocaat X weten`.
_VIA = re.compile(r"\s*via\s+((?:(?:zijn|haar|de|het|een)\s+)?[a-zà-ÿ][\wà-ÿ-]*(?:\s+[a-zà-ÿ][\wà-ÿ-]*)?)\s+([A-ZÀ-Þ].{2,80})")
# Between two subjects: `Ingrid Bakker (CDA) en raadslid Fenna Mulder`.
_COORDINATED = re.compile(r"\s*(?:\([^)]*\)\s*)?en(?:\s+[a-zà-ÿ][\wà-ÿ'’-]*){0,2}\s*")
# After these a name is the subject of a clause inside the sentence, not the sentence's.
_SUBORDINATORS = frozenset({"of", "dat", "als", "omdat", "toen", "nadat", "terwijl", "zodat", "waarin", "die", "wat", "hoe", "waarom", "waar"})
_KIN_INVERSE = {
    "moeder": ("dochter", "zoon"), "vader": ("dochter", "zoon"),
    "dochter": ("moeder", "vader"), "zoon": ("moeder", "vader"),
    "broer": ("broer", "zus", "zuster"), "zus": ("broer", "zus", "zuster"), "zuster": ("broer", "zus", "zuster"),
}
_SHARED_SURNAME = re.compile(r"\s*(?:\(\d{1,3}\)\s*)?(?:en|&)\s+")
_SIBLINGS = frozenset({"zus", "zuster", "broer", "tweelingzus", "tweelingbroer"})
_TITLE_GENDER = {"meneer": "m", "heer": "m", "dhr": "m", "mevrouw": "f", "mevr": "f", "mw": "f"}
_NOBODY_WORDS = frozenset({"men", "iemand", "niemand", "wie", "elk", "ieder", "iedereen"})


# --- vetting a speaker: VET_RULES ----------------------------------------------------------------


@dataclass
class _Vetting:
    """A speaker being vetted: the name less the words glued before it that are no name."""

    who: Speaker
    disc: Discourse

    @property
    def name(self) -> str:
        return self.who.name.strip()

    @cached_property
    def unglued(self) -> tuple[list[str], list[str]]:
        return unglue(self.name, self.disc.capitalised_inside)

    def not_a_name(self, word: str) -> bool:
        return _not_a_name(word, self.disc.capitalised_inside)


_CLAUSE_BREAKERS = (_SUBORDINATORS - {"of"}) | {"en", "maar", "want"}  # `of`: `Bank of America`
_MOST_LOWER_CASE_WORDS = 8  # `de voorzitter van de raad van bestuur van het ziekenhuis` (9) is a clause


_FINITE_AUXILIARIES = frozenset(
    {"heeft", "hebben", "had", "hadden", "is", "was", "waren", "wil", "wilde", "kan", "kon", "zal", "zou", "zouden", "moet", "moest", "wordt", "werd"}
)


def _breaks_the_phrase(words: list[str], i: int) -> bool:
    """A verb of speech, an auxiliary, a conjunction (not `en` inside a body's name: `van Klimaat
    en Groene Groei`), or an article that no preposition leads (`het OM het lab …`)."""
    word = words[i]
    if word in lx.SPEECH_VERBS or word in _FINITE_AUXILIARIES:
        return True
    if word in ("de", "het", "een") and i > 1 and (i + 1 >= len(words) or words[i + 1][:1].islower()):  # not `Friso de Zeeuw`
        return words[i - 1] not in lx.PREPOSITIONS | lx.PARTICLES | lx.CAPITAL_PARTICLES  # `Jonas Van de Velde`
    if word not in _CLAUSE_BREAKERS:
        return False
    return word != "en" or i + 1 >= len(words) or not words[i + 1][0].isupper()


def _runs_over_a_clause(v: _Vetting) -> Verdict:
    """`de grenspolitie zei tegen persbureau Reuters dat een van de gewonden` → `de grenspolitie`:
    a noun phrase stops at a lower-case verb of speech or a conjunction (`zei`, `dat`, `en`); one
    with no such word that runs over many lower-case words is a clause, no speaker."""
    words = v.name.split()
    if not words:
        return PASS
    cut = next((i for i in range(1, len(words)) if _breaks_the_phrase(words, i)), None)
    if cut is not None:
        return vet(v.who._replace(name=" ".join(words[:cut])), v.disc) if cut > 1 or words[0][0].isupper() else None
    lower_case = sum(1 for w in words if w[0].islower())
    return None if lower_case > _MOST_LOWER_CASE_WORDS else PASS


def _body_or_lower_case(v: _Vetting) -> Verdict:
    """`de gemeente Zutphen`, `het ministerie van Defensie`: a body speaking, as it stands."""
    return v.who if not v.name or not v.name[0].isupper() or v.who.how == ORGANISATION else PASS


def _person_met_before(v: _Vetting) -> Verdict:
    """`Omtzigt` for Pieter Omtzigt, met before (and no words glued before that name)."""
    known = v.disc.find(v.name)
    if known is not None and len(known.name.split()) > 1 and not known.organisation and not glued_before(known.name, v.disc):
        return v.who
    return PASS


def _person_given_an_age(v: _Vetting) -> Verdict:
    """`Wil (81) zit naast haar`: a first name that is also a Dutch word is a person once the text
    gave it an age."""
    known = v.disc.find(v.name)
    return v.who if known is not None and known.age and not known.organisation else PASS


def _outlet_after_preposition(v: _Vetting) -> Verdict:
    """`Tegenover de Volkskrant` → `de Volkskrant`: an outlet after a preposition."""
    words = v.unglued[0]
    return None if words[0].lower() in lx.PARTICLES and words[0][0].islower() else PASS


def _one_word_no_name(v: _Vetting) -> Verdict:
    """`Loopt`, `Men`, `Damascus`: one word, a Dutch word or a place."""
    words = v.unglued[0]
    return None if len(words) == 1 and (v.not_a_name(words[0]) or namebook.is_place(words[0])) else PASS


def _only_places_and_words(v: _Vetting) -> Verdict:
    """`Caïro Egypte`: places and Dutch words only."""
    return None if all(namebook.is_place(w) or v.not_a_name(w) for w in v.unglued[0]) else PASS


def _words_glued_before(v: _Vetting) -> Verdict:
    """`Amsterdamse Verberne` → Verberne, role `Amsterdamse`; `Gebiedsontwikkeling Friso de
    Zeeuw` → Friso de Zeeuw: the glued words go to the role."""
    words, glued = v.unglued
    if not glued:
        return v.who
    who = v.who
    role = " ".join([w.lower() if lx.is_word_not_name(w) and not _is_demonym(w) else w for w in glued] + ([who.role] if who.role else []))
    return Speaker(" ".join(words), role or None, who.how, who.evidence)


VET_RULES: tuple[Rule[_Vetting, Speaker], ...] = (
    Rule("runs over a clause", _runs_over_a_clause),
    Rule("body or lower case", _body_or_lower_case),
    Rule("person met before", _person_met_before),
    Rule("person given an age", _person_given_an_age),
    Rule("outlet after a preposition", _outlet_after_preposition),
    Rule("one word, no name", _one_word_no_name),
    Rule("only places and words", _only_places_and_words),
    Rule("words glued before a name", _words_glued_before),
)


def vet_rule(who: Speaker, disc: Discourse) -> tuple[str, Speaker | None]:
    """The rule of VET_RULES that decides a speaker, and the speaker it keeps (None: dropped)."""
    return first_verdict(VET_RULES, _Vetting(who, disc))


def vet(who: Speaker, disc: Discourse) -> Speaker | None:
    """A speaker is a person's name or an organisation: never a place (`Damascus`, `Egypte`), a
    Dutch word that opened the sentence (`Loopt`, `Men`, `Tegenover de Volkskrant`), an adjective
    (`Bredase`), a role noun (`Europarlementariër`). Words glued before a name go to the role
    (`Amsterdamse Verberne` → Verberne, `Gebiedsontwikkeling Friso de Zeeuw` → Friso de Zeeuw)."""
    return vet_rule(who, disc)[1]


def _not_a_name(word: str, capitalised_inside: set[str]) -> bool:
    if word in lx.CAPITAL_PARTICLES or word.lower() in lx.ORGANISATION_NOUNS:
        return False  # `De J.`, `Stichting Schone Akker`
    if word.lower() in _NOBODY_WORDS or word in lx.NOT_NAME:
        return True
    if lx.is_first_name(word) or re.fullmatch(r"(?:[A-Z]\.)+|[A-Z]{2,}", word):
        return False
    place_adjective = re.fullmatch(r"\w+se", word) is not None and lx.is_word_not_name(word)
    role = bool(lx.ROLE_NOUN.search(word.lower().split("-")[-1])) and len(word) > 5 and not namebook.is_surname(word)
    return place_adjective or role or (lx.is_word_not_name(word) and word not in capitalised_inside)


def glued_before(name: str, disc: Discourse) -> bool:
    return bool(unglue(name, disc.capitalised_inside)[1])


def unglue(name: str, capitalised_inside: set[str]) -> tuple[list[str], list[str]]:
    """A name's words less the words glued before it that are no name (`Amsterdamse Verberne`,
    `Loopt Debets`), and those glued words."""
    words = name.split()
    glued: list[str] = []
    while len(words) > 1 and _not_a_name(words[0], capitalised_inside):
        glued.append(words.pop(0))
    return words, glued


def _strip_front(words: list[str]) -> list[str]:
    while words and (words[0].lower() in lx.ARTICLES or words[0].lower() in lx.ADVERBS):
        words = words[1:]
    return words


def _person_speaker(name: str, role: str | None, age: str | None, disc: Discourse, how: str) -> Speaker | None:
    if not trusted_name(name, disc):
        return None
    shared = disc.shared(name)
    person = disc.introduce(name, role, age)
    return Speaker(person.name, role or person.role, how, "shared surname" if shared else "")


def trusted_name(name: str, disc: Discourse) -> bool:
    """A one-word name must be known: a person already met, a first name, a word the article
    capitalises mid-sentence too. A capitalised sentence opener (an imperative, a plural, a
    number) is not."""
    if name.split()[0] in lx.CAPITAL_PARTICLES:
        return disc.find(name) is not None  # `Van Dijk` for a person met; not `De Democraten`
    if len(name.split()) > 1:
        return True
    return (
        disc.find(name) is not None
        or name in lx.MALE_NAMES | lx.FEMALE_NAMES
        or name in disc.capitalised_inside
        or name.isupper()
    )


# --- a reporting verb and its subject ------------------------------------------------------------

# Words that end a noun phrase standing after a verb (`zei Matsegora tegen …`).
_NP_STOP = (lx.PREPOSITIONS - {"van"}) | lx.ADVERBS | {
    "dat", "die", "zich", "volgens", "deze", "vorige", "maandag", "dinsdag", "woensdag", "donderdag",
    "vrijdag", "zaterdag", "zondag", "nadat", "omdat", "eind", "begin", "medio", "vanmorgen",
    "vanmiddag", "vanavond", "vanochtend", "vannacht", "onlangs", "desgevraagd", "daarover", "erover",
    "is", "zijn", "was", "waren", "wordt", "worden", "werd", "werden", "heeft", "hebben", "had",
    "hadden", "zal", "zullen", "zou", "zouden", "kan", "kunnen", "kon", "konden", "moet", "moeten",
    "wil", "willen", "gaat", "gaan", "ging", "gingen", "krijgt", "krijgen", "staat", "blijft",
    "toe", "uit", "aan", "op", "weten", "zeker", "vast", "mee", "in",
}
# Where a new clause starts: what comes after it has its own subject.
_CLAUSE_START = re.compile(
    r"(?:^|[;:]\s+|,\s+|\s(?:dat|waarin|waarbij|waarop|nadat|omdat|terwijl|toen|die|wat|wanneer|als|want)\s|\s(?:en|maar)\s(?![A-ZÀ-ÖØ-Þ]))"
)


def _pronoun_or_kin_after_verb(tokens: list[str]) -> str | None:
    """`zegt ze lachend` → ze; `zegt zijn woordvoerder`, `zegt haar moeder` → that."""
    if tokens and tokens[0].lower().strip(",.;:!?") in lx.PRONOUNS:
        return tokens[0].strip(",.;:!?")
    if len(tokens) >= 2 and tokens[0].lower() in ("zijn", "haar") and lx.ROLE_NOUN.search(tokens[1].lower().strip(",.;:!?")):
        return f"{tokens[0]} {tokens[1].strip(',.;:!?')}"
    return None


def _affiliation_in_parenthesis(after: str, token: str) -> str:
    """`Peter van Dalen (ChristenUnie-SGP)`: the parenthesis that opens at token, where short."""
    close = after.find(")", after.find(token))
    inside = after[after.find(token) : close + 1] if close > 0 else ""
    return inside if len(inside) <= 62 else ""


def _ends_before(bare: str, taken: list[str]) -> bool:
    """A word that is no part of the noun phrase: a preposition, an adverb, a verb, a time (but
    `van` inside a name, and `ook`, `nu` … before it, are), a year."""
    low = bare.lower()
    if bare.isupper() and len(bare) > 1:
        return False  # `het OM`, `de NS`: an acronym, not the preposition `om`
    if bare[:1].isupper() and len(bare) > 2 and bare not in lx.NOT_NAME and bare not in lx.CAPITAL_PARTICLES:
        return False  # `zegt Wil`: a name mid-sentence, not the verb `wil`
    if low in _NP_STOP and not (taken and low == "van") and not (not taken and low in ("ook", "nu", "dan", "nog", "zelf")):
        return True
    return re.fullmatch(r"\d{4}", bare) is not None


def _ends_with(token: str, next_token: str, taken: list[str]) -> bool:
    """Punctuation after a word (not a title's or an initial's full stop) ends the phrase, or ten
    words; but `, de woordvoerster van …,`: an apposition after a name stays with it."""
    title_or_initial = token.strip(",.;:!?\"“”„()").lower() in lx.TITLES or re.fullmatch(r"(?:[A-Z]\.)+", token) is not None
    if not ((token != token.rstrip(",.;:!?)") and not title_or_initial) or len(taken) >= 10):
        return False
    if token.endswith(",") and next_token.lower() in ("de", "het"):
        return False
    # `twitterde de minister van Justitie, Femke van Lier, …`: the name apposed to a role goes with it.
    role_first = len(taken) > 1 and taken[0].lower() in ("de", "het") and _is_role_word(taken[1])
    if token.endswith(",") and role_first and lx.is_first_name(next_token.strip(",")):
        taken[-1] += ","  # keep the comma: `role, name` is read by `role, then apposed name`
        return False
    return True


def inverted_np(after: str) -> str | None:
    """The noun phrase right after a verb: `ook wethouder Jan Bos van de brandweer.` → that."""
    tokens = after.split()
    opening = _pronoun_or_kin_after_verb(tokens)
    if opening:
        return opening
    taken: list[str] = []
    for n, token in enumerate(tokens):
        if token.startswith("(") and taken:
            inside = _affiliation_in_parenthesis(after, token)
            if inside:
                taken.append(inside)
            break
        bare = token.strip(",.;:!?\"“”„()")
        if not bare or _ends_before(bare, taken):
            break
        taken.append(bare if not taken or bare.lower() != "ook" else "")
        if _ends_with(token, tokens[n + 1] if n + 1 < len(tokens) else "", taken):
            break
    return " ".join(t for t in taken if t) or None


@dataclass
class _Clause:
    """A clause around its reporting verb: the words before the verb and the text after it."""

    before: str
    after: str
    verb: re.Match[str]
    disc: Discourse

    @property
    def words(self) -> list[str]:
        return self.before.split()

    @cached_property
    def phrase(self) -> str | None:
        """The noun phrase right after the verb."""
        return inverted_np(self.after)

    @property
    def verb_word(self) -> str:
        return self.verb.group().lower()

    def opens_with_adverb(self) -> bool:
        """`Daarom zegt`, `Toch schrijft`, `'s avonds zei`: one word before the verb that is no subject."""
        words = self.words
        one_adverb = (
            len(words) == 1 and (words[0] in lx.NOT_NAME or lx.PRONOMINAL_ADVERB.fullmatch(words[0]) is not None)
            and words[0].lower() not in lx.PRONOUNS
        )
        return one_adverb or re.fullmatch(r"\s*['’]s\s+\w+\s*", self.before) is not None

    def opens_with_phrase(self) -> bool:
        """`In zijn uitleg schrijft`, `Daarover zegt`: a fronted phrase (not `Van der Meer erkent`)."""
        words = self.words
        return (
            len(words) >= 2 and words[0].lower() in lx.PREPOSITIONS | {"daarover", "daarna", "ook", "toen", "nu", "dan", "zo"}
            and not (words[0] in lx.CAPITAL_PARTICLES and any(self.disc.find(" ".join(words[:n])) for n in (len(words), 2)))
        )


# Before the subject is looked for: shapes that settle it at once.

def _named_via_spokesperson(c: _Clause) -> Verdict:
    """`Het Kremlin liet via woordvoerder Dmitri Sjapovalov weten`: the named spokesperson."""
    through = _VIA.match(c.after)
    found_names = lx.names(through.group(2)) if through else []
    if through and found_names and found_names[0].start == 0:
        return _person_speaker(found_names[0].text, through.group(1).strip(), None, c.disc, SAME_SENTENCE)
    return PASS


def _pronoun_right_after_verb(c: _Clause) -> Verdict:
    """`Tegelijk benadrukt ze:`, `Daarom zegt hij`: verb second, the pronoun its subject."""
    next_word = c.after.split()[0].strip(",.;:!?").lower() if c.after.split() else ""
    return noun_phrase(next_word, c.disc) if c.words and next_word in lx.PRONOUNS else PASS


def _demonstrative_before_verb(c: _Clause) -> Verdict:
    """`Die antwoordde dat …`: the demonstrative is the subject (the one spoken to before)."""
    return noun_phrase(c.words[0], c.disc) if len(c.words) == 1 and c.words[0] in ("Die", "Deze") else PASS


CLAUSE_SETTLED: tuple[Rule[_Clause, Speaker], ...] = (
    Rule("named spokesperson via", _named_via_spokesperson),
    Rule("pronoun right after the verb", _pronoun_right_after_verb),
    Rule("demonstrative before the verb", _demonstrative_before_verb),
)


# The subject before the verb (`X zei`, `Minister X heeft … gezegd`).

_AUXILIARIES_AT_END = re.compile(r"(?:\s+(?:zou|zouden|heeft|hebben|had|hadden|is|was|zal|zullen|wil|wilde|kan|kon|moet|moest))+\s*$")


def _noun_phrase_before_verb(c: _Clause) -> Verdict:
    """`Minister Jan Bos zei`, `De woordvoerder van de politie meldt`: the words before the verb."""
    found = noun_phrase(c.before, c.disc) if len(c.words) <= 12 else None
    if not found and len(c.words) <= 12:
        # `Van G. zou hebben geantwoord`, `De minister heeft gezegd`: the subject before its auxiliaries.
        bare = _AUXILIARIES_AT_END.sub("", c.before)
        found = noun_phrase(bare, c.disc) if bare != c.before and bare.strip() else None
    return found if found else PASS


_APPOSED_BEFORE_VERB = re.compile(r"\s*((?:De|Het)\s+[a-zA-Zà-ÿ-]+)\s*,\s*(?:die|dat|zelf|sinds|al|ook|een|de|het)\b[^,]{2,100},\s*$")


def _subject_with_apposition(c: _Clause) -> Verdict:
    """`De topman, die het bedrijf sinds 2019 leidt, wijst erop`, `De Kamerlid, zelf melkveehouder,
    zei`: a role subject, an apposition or relative clause between commas, then the verb."""
    apposed = _APPOSED_BEFORE_VERB.match(c.before)
    found = noun_phrase(apposed.group(1), c.disc) if apposed else None
    return found if found else PASS


def _pronoun_before_verb(c: _Clause) -> Verdict:
    """`…, dat hij zei`: a pronoun right before the verb."""
    return noun_phrase(c.words[-1], c.disc) if c.words[-1].lower() in lx.PRONOUNS else PASS


def _pronoun_after_fronted_word(c: _Clause) -> Verdict:
    """`Daarover wilde hij niets zeggen`: verb second, then the subject."""
    words = c.words
    pronoun = next((w for w in words[1:3] if w.lower() in lx.PRONOUNS), None)
    if pronoun and not lx.names(" ".join(words[: words.index(pronoun)])):
        return noun_phrase(pronoun, c.disc)
    return PASS


def _adverb_then_inverted_subject(c: _Clause) -> Verdict:
    """`Tegelijk benadrukt minister Bos:`: one word before the verb was an adverb after all."""
    if len(c.words) != 1:
        return PASS
    inverted = noun_phrase(c.phrase, c.disc) if c.phrase else None
    return inverted if inverted else PASS


def _role_with_body_then_name(c: _Clause) -> Verdict:
    """`Europarlementariër voor de Partij voor de Dieren Merel Hoogvliet vindt`, `Prominent
    VVD'er Dilan Arslan zei`: a role with its body, then the name."""
    found = _role_then_name(c.before, c.disc)
    return found if found else PASS


def _long_subject(c: _Clause) -> Verdict:
    """`Russisch president Vladimir Poetin heeft in een brief aan … gezegd`: a name early in a
    long stretch before the verb."""
    names = lx.names(c.before)
    if names and len(c.before[: names[0].start].split()) <= 3:
        return noun_phrase(c.before[: names[0].end], c.disc)
    return PASS


_AUXILIARY_SUBJECT = re.compile(
    r"\b(?:zou|zouden|heeft|had|is|was|wilde|kon|moest)\s+(?P<np>[^,]{1,60}?)(?:\s+tegen\s+[^,]{1,60}?)?\s+(?:hebben|zijn|willen)?\s*$"
)


def _subject_after_auxiliary(c: _Clause) -> Verdict:
    """`In één gesprek zou K. tegen Van G. hebben gezegd:`, `Later heeft de minister gezegd`: a
    fronted phrase, the auxiliary, then the subject before the participle."""
    if not c.opens_with_phrase() and not c.opens_with_adverb():
        return PASS
    m = _AUXILIARY_SUBJECT.search(c.before)
    found = noun_phrase(m.group("np"), c.disc) if m else None
    return found if found else PASS


_OPENING_INITIAL = re.compile(r"\s*((?:Van\s+(?:de\s+|der\s+|den\s+)?|De\s+)?[A-Z]\.)(?=\s)")


def _initial_opening_the_clause(c: _Clause) -> Verdict:
    """`… blijkt dat M. tegen een aannemer zei:`: a suspect the article named `Edsel M.`, by the
    initial of the surname, is the subject of the clause it opens (words a witness or prosecutor
    relays are his, not theirs)."""
    opening = _OPENING_INITIAL.match(c.before)
    found = _initial_of_surname(opening.group(1), c.disc.people) if opening else []
    if len(found) != 1:
        return PASS
    return Speaker(found[0].name, found[0].role, SAME_SENTENCE)


_ROLE_THEN_APPOSED_NAME = re.compile(
    r"^\s*(?:[Zz]ijn|[Hh]aar|[Hh]un|[Dd]e|[Hh]et)\s+(?P<role>[a-zà-ÿ][\wà-ÿ-]+)\s*,\s*(?:(?:mr|dr|prof|drs|ir|ds)\.?\s+)?(?P<name>[^,]{3,60}?)\s*,\s*$"
)


def _possessive_role_then_name_in_commas(c: _Clause) -> Verdict:
    """`Zijn advocaat, mr. Shurman Doran, sprak van`: the role, then the name set off by commas
    (with a title), is the subject; not the suspect the sentence before was about."""
    m = _ROLE_THEN_APPOSED_NAME.match(c.before)
    if not m or not lx.ROLE_NOUN.search(m.group("role")):
        return PASS
    names = lx.names(m.group("name"))
    if len(names) != 1 or names[0].text != m.group("name").strip():
        return PASS
    found = _person_speaker(names[0].text, m.group("role"), None, c.disc, SAME_SENTENCE)
    return found if found else PASS


SUBJECT_BEFORE_VERB: tuple[Rule[_Clause, Speaker], ...] = (
    Rule("role, then the name set off by commas", _possessive_role_then_name_in_commas),
    Rule("initial opening the clause", _initial_opening_the_clause),
    Rule("role subject with an apposition", _subject_with_apposition),
    Rule("noun phrase before the verb", _noun_phrase_before_verb),
    Rule("pronoun before the verb", _pronoun_before_verb),
    Rule("pronoun after a fronted word", _pronoun_after_fronted_word),
    Rule("adverb, then inverted subject", _adverb_then_inverted_subject),
    Rule("role with its body, then the name", _role_with_body_then_name),
    Rule("long subject", _long_subject),
)


# The subject after the verb: `Ook zei X …`, `…, zei X`, `In zijn uitleg schrijft X:`, `Over de fusie zegt ze:`.

def _outlet_quoting_pronoun(c: _Clause) -> Verdict:
    """`citeerde persbureau AFP hem`: the one the outlet quoted."""
    object_pronoun = re.match(r"\s*(?:het\s+)?(?:\w+\s+){0,2}?[A-Z]{2,}\s+(hem|haar)\b", c.after)
    if not c.verb_word.startswith("citeer") or not object_pronoun:
        return PASS
    person, evidence = c.disc.resolve_pronoun(object_pronoun.group(1))
    return Speaker(person.name, person.role, PRONOUN, evidence) if person else None


_OUTLET_THEN_OBJECT = re.compile(
    rf"\s*(?:(?:de|het)\s+)?(?:[a-z]+\s+){{0,2}}?(?:[A-Z][\w-]+|{lx.MEDIA_WORDS})\s+((?:het|de)\s+([a-z][\w-]+))\b"
)


def _outlet_quoting_a_body(c: _Clause) -> Verdict:
    """`citeerde staatspersbureau TASS het ministerie`: the body the outlet quoted, as the article
    named it before (`Het Russische ministerie van Defensie`); `citeerde de zender de coach`: the
    person with that role."""
    quoted = _OUTLET_THEN_OBJECT.match(c.after)
    if not c.verb_word.startswith("citeer") or not quoted:
        return PASS
    noun = quoted.group(2)
    if noun not in lx.ORGANISATION_NOUNS:
        person = c.disc.by_role(noun) if _is_role_word(noun) else None
        return Speaker(person.name, person.role, ROLE, "quoted by an outlet") if person else PASS
    subject = c.disc.body_subject  # the body that opened a sentence just before, in its fullest form
    near = subject is not None and c.disc.body_subject_at >= c.disc.sentence - 2 and noun in subject.lower().split()
    body = subject if near and subject else _body_spelled_out(quoted.group(1), c.disc)
    return Speaker(body[0].lower() + body[1:], None, ORGANISATION, "quoted by an outlet")


def _last_name_quoted(phrase: str, found_names: list[lx.Name], disc: Discourse) -> Speaker | None:
    """`citeerde TASS gouverneur Kozjemjako`, `citeerde Anadolu de Turkse minister van Defensie
    Lucía Ortega`: the last name, with the role between it and the outlet's name."""
    last = found_names[-1]
    between = phrase[found_names[-2].end : last.start].split()
    if between and between[0].lower() in ("de", "het"):
        between = between[1:]
    name_words, glued = unglue(last.text, disc.capitalised_inside)
    while len(name_words) > 2 and namebook.is_dutch_word(name_words[0]) and not lx.is_first_name(name_words[0]):
        glued.append(name_words.pop(0))  # `Defensie` (a body's name, so not unglued above)
    between += glued  # `… minister van Defensie Lucía Ortega`: the portfolio is the role's
    role = role_before(between)
    if len(between) == len(role.split() if role else []):
        return _person_speaker(" ".join(name_words), _join_roles(role), None, disc, SAME_SENTENCE)
    return None


def _role_and_name_after_outlet(phrase: str, name: lx.Name, disc: Discourse) -> Speaker | None:
    """`citeerde Anadolu de Turkse minister van Binnenlandse Zaken Mehmet Kaya`: the outlet (one
    capitalised word, maybe after its kind), then the role, then the name quoted."""
    words = phrase[: name.start].split()
    while words and re.fullmatch(rf"(?:{lx.MEDIA_WORDS})|[a-zà-ÿ]+e", words[0].lower()) and not words[0][:1].isupper():
        words = words[1:]
    if len(words) >= 2 and words[0][:1].isupper() and words[1].lower() in ("de", "het"):
        rest = words[2:]
        role = role_before(rest)
        if rest and len(rest) == len(role.split() if role else []):
            return _person_speaker(name.text, _join_roles(role), None, disc, SAME_SENTENCE)
    return None


def _person_quoted_by_outlet(c: _Clause) -> Verdict:
    """`…, citeerde persbureau TASS gouverneur Kozjemjako`: the outlet is the conduit, the person
    it quotes is the speaker."""
    if not c.phrase or not c.verb_word.startswith("citeer"):
        return PASS
    found_names = lx.names(c.phrase)
    if len(found_names) >= 2:
        return _last_name_quoted(c.phrase, found_names, c.disc)
    if len(found_names) == 1 and len(found_names[0].text.split()) > 1:
        return _role_and_name_after_outlet(c.phrase, found_names[0], c.disc)
    return None


def _inverted_noun_phrase(c: _Clause) -> Verdict:
    """`…, zei minister Bos`, `zegt ze`; a plural verb takes no one-word plural (`zeggen IJburgers`:
    residents, not a person)."""
    found = noun_phrase(c.phrase, c.disc) if c.phrase else None
    plural = c.verb_word.endswith("en") and c.verb_word not in ("verklaren",)
    if found and plural and len(found.name.split()) == 1 and found.name.endswith(("ers", "en")) and not found.name.isupper():
        return NOBODY
    if found:
        return found
    # `…, schrijven de muzikanten`, `zeggen omwonenden`: people not named speak, not the last speaker.
    return NOBODY if plural else PASS


def _inverted_role_with_body_then_name(c: _Clause) -> Verdict:
    """`zegt Europarlementariër voor de Partij voor de Dieren Anja Hazenkamp`."""
    return _role_then_name(c.after, c.disc)


SUBJECT_AFTER_VERB: tuple[Rule[_Clause, Speaker], ...] = (
    Rule("subject after a fronted phrase and its auxiliary", _subject_after_auxiliary),
    Rule("outlet quoting a pronoun", _outlet_quoting_pronoun),
    Rule("body or role quoted by an outlet", _outlet_quoting_a_body),
    Rule("person quoted by an outlet", _person_quoted_by_outlet),
    Rule("inverted noun phrase", _inverted_noun_phrase),
    Rule("inverted role with its body, then the name", _inverted_role_with_body_then_name),
)


def subject_rule(clause: str, verb: re.Match[str], disc: Discourse) -> tuple[str, Speaker | None]:
    """The rule that finds the subject of a reporting verb, and the subject."""
    c = _Clause(clause[: verb.start()], clause[verb.end() :], verb, disc)
    settled = first_verdict(CLAUSE_SETTLED, c)
    if settled[0]:
        return settled
    words = c.words
    if len(words) == 1 and lx.is_name_token(words[0]) and c.verb_word in lx.SPEECH_VERBS and not disc.find(words[0]):
        # `Rutte zei:`: a capitalised word as the whole subject of a speech verb is a name.
        disc.capitalised_inside.add(words[0])
    if words and not c.opens_with_adverb() and not c.opens_with_phrase():
        return first_verdict(SUBJECT_BEFORE_VERB, c)
    return first_verdict(SUBJECT_AFTER_VERB, c)


def subject_of(clause: str, verb: re.Match[str], disc: Discourse) -> Speaker | None:
    """The subject of a reporting verb in a Dutch clause: before the finite verb, or after it."""
    return subject_rule(clause, verb, disc)[1]


def _role_then_name(after: str, disc: Discourse) -> Speaker | None:
    """`zegt Europarlementariër voor de Partij voor de Dieren Anja Hazenkamp`: a role with its
    body, then the name (a first name opens it)."""
    clause = re.split(r"[.;:!?]|,\s", after, maxsplit=1)[0][:160]
    for name in lx.names(clause):
        first = name.text.split()[0]
        if not lx.is_first_name(first) or len(name.text.split()) < 2:
            continue
        between = clause[: name.start].split()
        if not between or len(between) > 9 or not any(_is_lexicon_role(w.lower()) or _is_lexicon_role(w) for w in between):
            return None
        if all(w.lower() in ("van", "voor", "de", "het", "der", "en") or w[:1].isupper() or _is_role_word(w) for w in between):
            role = " ".join(between)
            return _person_speaker(name.text, role[0].lower() + role[1:] if _is_lexicon_role(between[0].lower()) and not _is_demonym(between[0]) else role, None, disc, SAME_SENTENCE)
        return None
    return None


def clauses_with_verb(text: str) -> list[tuple[str, re.Match[str]]]:
    """Each reporting verb in text with the clause it stands in (clause start to the text's end);
    where a comma starts that clause, also the clause read across it, for a subject with an
    apposition (`Maaike Doornbos, verkeersexpert bij Pechhulp, zegt`)."""
    out = []
    for verb in lx.VERB.finditer(text):
        starts = [(m.end(), m.group().startswith(",")) for m in _CLAUSE_START.finditer(text[: verb.start()])]
        candidates = [starts[-1][0]] if starts else [0]
        if starts and starts[-1][1]:
            plain = [at for at, comma in starts if not comma]
            candidates.append(plain[-1] if plain else 0)
        for start in candidates:
            clause = text[start:]
            match = lx.VERB.match(clause, verb.start() - start)
            if match:
                out.append((clause, match))
    return out


# --- a quotation's own sentence: IN_SENTENCE_RULES -----------------------------------------------


@dataclass
class _AroundQuote:
    """A quotation's own sentence: the text before it and after it."""

    before: str
    after: str
    disc: Discourse


_OPENING_SUBORDINATORS = "Toen|Als|Nadat|Terwijl|Wanneer|Zodra|Omdat|Voordat|Hoewel|Nu"


def _speaker_before_colon(q: _AroundQuote) -> Verdict:
    """`X:`, `X tegen Y:`, `Daarna richtte ze zich tot haar collega:` (no reporting verb; those
    are read by the next rule)."""
    colon = re.search(r"([^.:;!?\"“”„]{2,200}):\s*$", q.before)
    if not colon or clauses_with_verb(colon.group(1)):
        return PASS
    chunk = re.split(r"\s[|•]\s|\s[-–—]\s", colon.group(1))[-1]  # `Interview | Dijkgraaf X:`: past the rubric
    # `Toen Hazelaar haar interrumpeerde, was ze kort:`: the main clause after the subordinate one.
    subordinate = re.match(rf"\s*(?:{_OPENING_SUBORDINATORS})\b[^,]*,\s*(\S.*)$", chunk)
    if subordinate:
        chunk = subordinate.group(1)
    pronoun = next((w for w in chunk.split()[1:3] if w.lower() in lx.PRONOUNS), None)
    if pronoun and chunk.split()[0].lower() not in lx.PREPOSITIONS:
        return noun_phrase(pronoun, q.disc)  # the subject, after its verb
    # `Grote treinstoring rond Utrecht, NS:`: the label after a headline's last comma, else the whole.
    label = chunk.rsplit(", ", 1)[-1]
    found = noun_phrase(label, q.disc) if label != chunk and lx.names(label) else None
    found = found or noun_phrase(re.split(r"\s(?:tegen|in|op|bij|over)\s", chunk)[0], q.disc)
    if found and _statement_before_colon(chunk, found.name):
        return None
    return found if found else PASS


def _statement_before_colon(chunk: str, name: str) -> bool:
    """`Leopold II-tunnel gaat maandenlang dicht: "…"`: the name found is the start of a place, a
    street or a tunnel's name (the capitalised run it stands in), no speaker label."""
    run = re.match(r"(?:[A-ZÀ-Þ][\wÀ-ÿ'’.-]*(?:\s+|$))+", chunk.strip())
    words = run.group().strip() if run else ""
    return bool(words) and name in words and namebook.is_place(words)


def _reporting_verb_before(q: _AroundQuote) -> Verdict:
    """`X zegt:`, `X zei dat "…`, `Ook zei X tegen Y dat "…`, `In zijn uitleg schrijft X:`."""
    for clause, verb in reversed(clauses_with_verb(q.before)):
        found = subject_of(clause, verb, q.disc)
        if found:
            return found
    return PASS


_KLINKT_HET = re.compile(r"^\W*(?:zo\s+)?(?:klinkt|klonk)\s+het(?:\s+(?:nog|ook))?\b(?P<rest>[^.!?]*)")


def _flemish_klinkt_het(q: _AroundQuote) -> Verdict:
    """Flemish copy: `"…", klinkt het bij Brussel Mobiliteit.` (that body) and `X reageert
    bezorgd. "…", klinkt het.` (the person the sentence before was about, still in play). With a
    place or a crowd (`klinkt het op straat`) it is unnamed people: the next rule."""
    m = _KLINKT_HET.match(q.after)
    if not m:
        return PASS
    rest = m.group("rest").strip(" ,")
    if rest.lower().startswith("bij "):
        return noun_phrase(rest[4:], q.disc) or PASS
    topic = q.disc.topic
    if rest or topic is None or topic.salient < q.disc.sentence - 1 or q.before.strip():
        return PASS
    return Speaker(topic.name, topic.role, PREVIOUS_SENTENCE, "klinkt het")


_WRITTEN_SAYS = re.compile(r"^\W*(?:zo\s+)?staat\s+(?:er|het)\b")
_DOCUMENT_OF = re.compile(
    r"\b(?:rapport|advies|brief|motie|verslag|notitie|onderzoek|boek|verklaring|persbericht|nota|plan|jaarverslag)\b"
    r"[^.;:]*?\bvan\s+(?P<owner>(?:de\s+|het\s+)?[A-Z][\w'’-]*(?:\s+(?:(?:voor|van|en)\s+(?:de\s+|het\s+)?)?[A-Z][\w'’-]*)*)"
)


def _written_document_says(q: _AroundQuote) -> Verdict:
    """`"…", staat er in de samenvatting.` after `Het rapport … van de Onderwijsraad …`: the words
    of a document, its author's where the sentence before names it; else nobody (never the last
    speaker going on)."""
    if not _WRITTEN_SAYS.match(q.after):
        return PASS
    owner = _DOCUMENT_OF.search(q.disc.sentence_before) or _DOCUMENT_OF.search(q.before)
    if owner is None:
        return NOBODY
    return Speaker(owner.group("owner")[0].lower() + owner.group("owner")[1:], None, PREVIOUS_SENTENCE, "document")


def _unnamed_people_after(q: _AroundQuote) -> Verdict:
    """`"…", klinkt het op straat`: people, unnamed."""
    return NOBODY if _UNNAMED.match(q.after) else PASS


def _reporting_verb_after(q: _AroundQuote) -> Verdict:
    """`"…", zei X.`, `…, schreef Kim.`, `…, aldus KCNA.`, `…, zegt ook X.`; `Hanneke heeft het
    in een brief ,,een strop'' genoemd`: a participle after, the subject before the auxiliary."""
    # A full stop the sentence splitter read past (`dr.`, `mr.`, `A.M.`) is inside the clause.
    trailing = re.match(rf"\s*[,!?.…]*\s*(?:zo\s+|dat\s+)?((?:{lx.VERB.pattern})\s*(?:[^.;!?]|\.(?=\s*\w)){{0,120}})", q.after, re.IGNORECASE)
    said = lx.VERB.match(trailing.group(1)) if trailing else None
    if not trailing or not said:
        return PASS
    found = subject_of(trailing.group(1), said, q.disc)
    if found:
        return found
    perfect = re.match(r"\s*(.{2,80}?)\s+(?:heeft|hebben|had|hadden)\b", q.before)
    if said.group().lower().startswith("ge") and perfect:
        found = noun_phrase(perfect.group(1), q.disc)
    return found if found else PASS


def _volgens_on_one_side(q: _AroundQuote) -> Verdict:
    """`volgens X`, on one side of the quotation (never across it)."""
    found = volgens(q.before, q.disc) or volgens(q.after, q.disc)
    return found if found else PASS


IN_SENTENCE_RULES: tuple[Rule[_AroundQuote, Speaker], ...] = (
    Rule("speaker before a colon", _speaker_before_colon),
    Rule("reporting verb before", _reporting_verb_before),
    Rule("Flemish klinkt het", _flemish_klinkt_het),
    Rule("written document says", _written_document_says),
    Rule("unnamed people after", _unnamed_people_after),
    Rule("reporting verb after", _reporting_verb_after),
    Rule("volgens", _volgens_on_one_side),
)


def in_sentence_rule(before: str, after: str, disc: Discourse) -> tuple[str, Speaker | None]:
    """The rule of IN_SENTENCE_RULES that finds a quotation's speaker in its own sentence, and the speaker."""
    return first_verdict(IN_SENTENCE_RULES, _AroundQuote(before, after, disc))


def in_sentence(before: str, after: str, disc: Discourse) -> Speaker | None:
    """Speaker of a quotation from the text of its own sentence before and after it."""
    return in_sentence_rule(before, after, disc)[1]


def attributed_in_sentence(before: str, after: str) -> bool:
    """Does the quotation's own sentence attribute it (`X zegt:`, `"…", antwoordde de verdachte`),
    whether or not the speaker could be resolved?"""
    if re.search(r":\s*$", before) and lx.VERB.search(before[-120:]):
        return True
    return re.match(rf"\s*[,!?.…]*\s*(?:zo\s+)?(?:{lx.VERB.pattern})", after, re.IGNORECASE) is not None


def volgens(text: str, disc: Discourse) -> Speaker | None:
    m = re.search(r"\b[Vv]olgens\s+(.{2,120})", text)
    if not m:
        return None
    pronoun = re.match(r"(haar|hem)\b", m.group(1))
    if pronoun:
        person = disc.by_pronoun(pronoun.group(1))
        return Speaker(person.name, person.role, PRONOUN) if person else None
    phrase = inverted_np(m.group(1))
    if phrase and phrase.split()[-1].lower() not in lx.PREPOSITIONS:
        return noun_phrase(phrase, disc)
    return None


# `Toen de advocaat hem vroeg of hij …`, `vroeg de rechter haar waarom …`: a question put to someone.
_ASKED = re.compile(
    r"\b(?:(hem|haar)\s+(?:vroeg|vroegen|vraagt|vragen)\b|(?:vroeg|vroegen|vraagt|vragen)\s+(?:\w+\s+){0,2}?(hem|haar))"
    r"\s+(?:of|om|wat|waarom|hoe|wie|waar|wanneer|naar)\b"
)


# `De rechter wilde van B. weten hoe …`, `vroeg de voorzitter aan Jansen of …`: asked by name.
_ASKED_BY_NAME = re.compile(
    r"\b(?:wilde|wil|wilden)\s+van\s+([A-ZÀ-Þ][\w.'’-]*(?:\s+[A-ZÀ-Þ][\w.'’-]*)*)\s+weten\b"
    r"|\b(?:vroeg|vroegen|vraagt)\s+(?:\w+\s+){0,2}?aan\s+([A-ZÀ-Þ][\w.'’-]*(?:\s+[A-ZÀ-Þ][\w.'’-]*)*)\s+(?:of|wat|waarom|hoe|wie|waar|wanneer)\b"
)


def _asked(sentence: str, disc: Discourse) -> Speaker | None:
    """The one a question was put to, whose answer comes next: the pronoun's referent, or the
    person named (met before)."""
    by_name = _ASKED_BY_NAME.search(sentence)
    if by_name is not None:
        person = disc.find((by_name.group(1) or by_name.group(2)).rstrip("."))
        person = person or disc.find(by_name.group(1) or by_name.group(2))
        return Speaker(person.name, person.role, PRONOUN, "asked") if person and not person.organisation else NOBODY
    m = _ASKED.search(sentence)
    if m is None:
        return None
    person, _ = disc.resolve_pronoun("hij" if (m.group(1) or m.group(2)) == "hem" else "ze")
    return Speaker(person.name, person.role, PRONOUN, "asked") if person and not person.organisation else NOBODY


def sentence_speaker(sentence: str, disc: Discourse) -> Speaker | None:
    """Who speaks in a sentence that reports speech without quotation marks of its own; after a
    question put to someone (`Toen de advocaat hem vroeg of …, was het antwoord kort.`), the one
    asked, who answers next (nobody where the pronoun is not clear)."""
    asked = _asked(sentence, disc)
    if asked is not None:
        return asked if asked is not NOBODY else None
    for clause, verb in clauses_with_verb(sentence):
        found = subject_of(clause, verb, disc)
        if found:
            return found
    return volgens(sentence, disc)


_SPOKESPERSON_SUBJECT = re.compile(
    r"\s*(?:(?:Ook|Maar|En)\s+)?((?:Een|De)\s+(?:woordvoerder|woordvoerster|zegsman|zegsvrouw|persvoorlichter|voorlichter)\s+van\s+[^,;:]{3,100}?)"
    r"\s+(?:in\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+)?(?:wil|wilde|kan|kon|laat|liet|is|was|heeft|had|reageert|reageerde|bevestigt|bevestigde|ontkent|ontkende|noemt|noemde)\b"
)


def spokesperson_subject(sentence: str, disc: Discourse) -> Speaker | None:
    """`Een woordvoerder van het ministerie van Buitenlandse Zaken wil niet ingaan op ‘…’.`: an
    unnamed spokesperson as the subject of a sentence without a speech verb; the body speaks."""
    m = _SPOKESPERSON_SUBJECT.match(sentence)
    if not m:
        return None
    found = noun_phrase(m.group(1)[0].lower() + m.group(1)[1:], disc)
    return found if found is not None and found.how == ORGANISATION else None


# --- learning a sentence: the people, bodies and outlets it names, and its subject ----------------

_BODY = re.compile(
    r"\b(?P<art>[Dd]e|[Hh]et)\s+(?P<adj>[A-Z][a-z]+e\s+)?(?P<noun>[A-Za-z][a-z]+)"
    r"(?P<rest>\s+(?:van\s+(?:de\s+|het\s+)?)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)?"
)
_BODY_NAMED = re.compile(r"(?<![\w-])(?P<noun>[A-Z][a-z]{3,})\s+(?P<rest>(?:De\s+|Het\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)")
# A dateline opening an article: `URK - `, `DEN HAAG – `.
_DATELINE = re.compile(r"\s*[A-Z][A-Z'’-]+(?:\s[A-Z][A-Z'’-]+)*\s+[-–—]\s")


@dataclass
class _SentenceScan:
    """A sentence being learnt from (dateline blanked, quotations blanked), its names, and the
    subject found so far (with where its name ends)."""

    sentence: str
    previous: str  # the sentence read before
    disc: Discourse
    names: list[lx.Name]
    subject: Person | None = None
    subject_end: int = 0


@dataclass
class _Mention:
    """The n-th name of a sentence: the words before it, and the name and role it comes to."""

    scan: _SentenceScan
    n: int
    prefix: list[str]
    text: str = ""  # the name as it will be introduced
    role: str | None = None  # the role said before it

    @property
    def name(self) -> lx.Name:
        return self.scan.names[self.n]

    @property
    def following(self) -> lx.Name | None:
        return self.scan.names[self.n + 1] if self.n + 1 < len(self.scan.names) else None

    @property
    def disc(self) -> Discourse:
        return self.scan.disc


# Names that are no person's: skipped.

def _department_before_name(m: _Mention) -> bool:
    """`Hoofddirecteur Agro en Natuur Johan Smeets`: a department, then the name."""
    following, name = m.following, m.name
    return (
        following is not None and len(name.text.split()) == 1 and not lx.is_first_name(name.text)
        and any(lx.is_first_name(w) for w in following.text.split()[:-1])  # `… en Groene Groei Hanna Wolters`
        and re.fullmatch(r"\s+en\s+(?:[A-ZÀ-Þ][\wà-ÿ-]*\s+)?", m.scan.sentence[name.end : following.start]) is not None
    )


def _outlet_after_its_kind(m: _Mention) -> bool:
    """`persbureau AFP`, `de krant Trouw`: an outlet (kept with the media), no person."""
    return bool(m.prefix) and re.fullmatch(rf"(?:{lx.MEDIA_WORDS})", m.prefix[-1].lower()) is not None


def _outlet_spoken_to(m: _Mention) -> bool:
    """`Tegenover NRC zegt hij`: the outlet spoken to, no person."""
    text = m.name.text
    if m.prefix and m.prefix[-1].lower() == "tegenover" and len(text.split()) == 1 and not lx.is_first_name(text):
        m.disc.media.append(text)
        return True
    return False


def _description_of_person_met(m: _Mention) -> bool:
    """`De Belg werd in de zomer gehaald`: a nationality or place noun for a person met before
    (the subject, where it opens the sentence). `de` before a one-word name is no role's word."""
    text = m.name.text
    description = re.fullmatch(r"[Dd]e\s+([A-ZÀ-Þ][a-zà-ÿ]+)", text)
    lower_de = text.startswith("de ")
    if description is None and len(text.split()) == 1 and m.prefix and m.prefix[-1] in ("de", "De"):
        description = re.fullmatch(r"([A-ZÀ-Þ][a-zà-ÿ]+)", text)
        lower_de = m.prefix[-1] == "de"
        m.prefix = m.prefix[:-1]
    if not description:
        return False
    # `gaf de Brabander toe`: the people of a place, also a surname, but a surname alone takes `De`.
    if not (is_description(description.group(1), m.disc) or (lower_de and namebook.people_of_place(description.group(1)))):
        return False
    meant, _ = m.disc.described(description.group(1))
    if meant is not None and m.scan.subject is None and len(m.prefix) <= 1:
        m.scan.subject, m.scan.subject_end = meant, m.name.end
        meant.seen = meant.salient = m.disc.sentence
    return True


NAMES_NO_PERSON: tuple[tuple[str, Callable[[_Mention], bool]], ...] = (
    ("department before a name", _department_before_name),
    ("outlet after its kind", _outlet_after_its_kind),
    ("outlet spoken to", _outlet_spoken_to),
    ("description of a person met", _description_of_person_met),
)


# What the name is: rewrites of the name's text (and role) before it is introduced.

def _role_opening_sentence(m: _Mention) -> None:
    """`Hydroloog Sabine Groenewoud` opening a sentence: the first word is a role."""
    first, parts = m.text.split()[0], m.text.split()
    if (
        not m.prefix and len(parts) >= 3 and first not in lx.FIRST_NAMES
        and first not in m.disc.capitalised_inside and parts[1][:1].isupper()
    ):
        m.role = first
        m.text = m.text[len(first) :].strip()


def _portfolio_before_name(m: _Mention) -> None:
    """`… voor Klimaat en Groene Groei Hanna Wolters`: the portfolio's words, then the name."""
    parts = m.text.split()
    first_at = next((k for k, w in enumerate(parts[:-1]) if k > 0 and lx.is_first_name(w)), 0)
    if first_at and all(lx.is_word_not_name(w) and not lx.is_first_name(w) for w in parts[:first_at]):
        m.text = " ".join(parts[first_at:])


def _first_name_sharing_surname(m: _Mention) -> None:
    """`de zussen Hanneke (44) en Marloes Brouwer (41)`, `Gerrit en Klaas Borgman`: the first
    name shares the surname that follows; `Hanneke` later is Hanneke Brouwer."""
    following = m.following
    if (
        following is not None and len(m.text.split()) == 1 and lx.is_first_name(m.text)
        and len(following.text.split()) > 1 and lx.is_first_name(following.text.split()[0])
        and _SHARED_SURNAME.fullmatch(m.scan.sentence[m.name.end : following.start])
    ):
        m.text = " ".join([m.text, *following.text.split()[1:]])


def _senior_or_junior(m: _Mention) -> None:
    """`Van Zetten senior`: of the two who share the name, the parent (or the elder)."""
    generation = re.match(r"\s+(senior|sr\.|junior|jr\.)", m.scan.sentence[m.name.end :])
    if not generation or not m.disc.shared(m.text):
        return
    sharing = [p for p in m.disc.people if p.name.lower().endswith(" " + m.text.lower()) and not p.organisation]
    chosen = _of_generation(sharing, elder=generation.group(1).startswith("s"))
    if len(chosen) == 1:
        m.text = chosen[0].name


def _of_generation(sharing: list[Person], elder: bool) -> list[Person]:
    """Of people sharing a name, the parents (elder) or the children, as `haar zoon X` said."""
    children = {id(p) for p in sharing if p.kin and p.kin[0] in ("zoon", "dochter")}
    parents = {id(p.kin[1]) for p in sharing if p.kin and p.kin[0] in ("zoon", "dochter")}
    return [p for p in sharing if (id(p) in parents if elder else id(p) in children)]


NAME_REWRITES: tuple[tuple[str, Callable[[_Mention], None]], ...] = (
    ("role opening the sentence", _role_opening_sentence),
    ("portfolio before the name", _portfolio_before_name),
    ("first name sharing the surname after it", _first_name_sharing_surname),
    ("senior or junior", _senior_or_junior),
)


# Whether the person named is the sentence's subject: the first rule that holds acts.

def _subject_opening_clause(m: _Mention, person: Person) -> bool:
    """`Jan Bos zei`, `Minister Jan Bos zei`: the first name with few words and no preposition,
    article or subordinator right before it; not a possessor (`Hiemstra's advocaat, mr. X,`)."""
    stops = (lx.PREPOSITIONS | {"de", "het", "een"} | _SUBORDINATORS) - {"de"}
    if re.match(r"['’]s\s", m.scan.sentence[m.name.end : m.name.end + 3]):
        person.salient = m.disc.sentence  # the possessor stays in play, the subject comes after
        return False
    if m.scan.subject is None and len(m.prefix) <= 4 and not (m.prefix and m.prefix[-1].lower() in stops):
        m.scan.subject, m.scan.subject_end = person, m.name.end
        return True
    return False


def _coordinated_subject(m: _Mention, person: Person) -> bool:
    """`Ingrid Bakker en raadslid Fenna Mulder zaten …`: both are subjects."""
    scan = m.scan
    if scan.subject is not None and scan.subject is not person and _COORDINATED.fullmatch(scan.sentence[scan.subject_end : m.name.start]):
        person.salient = m.disc.sentence
        return True
    return False


def _subject_after_speech_verb(m: _Mention, person: Person) -> bool:
    """`In haar boek waarschuwde Smit al dat …`: the subject after its verb."""
    if m.scan.subject is None and m.prefix and m.prefix[-1].lower().strip(",") in lx.SPEECH_VERBS:
        m.scan.subject = person
        return True
    return False


def _inverted_subject_with_role(m: _Mention, person: Person) -> bool:
    """`…, wist oud-directeur Wilco Hazeleger al`: an inverted subject with its role."""
    if m.scan.subject is None and m.role and len(person.name.split()) > 1:
        m.scan.subject = person
        return True
    return False


_FRONTED_OPENERS = lx.PREPOSITIONS | lx.ADVERBS | {"terug", "vorige", "afgelopen", "deze", "sinds", "elke", "iedere"}


def _inverted_subject_after_fronted_phrase(m: _Mention, person: Person) -> bool:
    """`Aan de haven repareert beroepsvisser Sybren de Jong (63) zijn netten.`, `Terug aan de
    Dijkweg maakt Tomasz Zieliński soep.`: a place or time opens the sentence, then the verb, then
    the subject (a full name, maybe after a lower-case occupation), any verb, not only speech."""
    prefix = [w.strip(",") for w in m.prefix]
    if m.scan.subject is not None or len(person.name.split()) < 2 or not 3 <= len(prefix) <= 10:
        return False
    if prefix[0].lower() not in _FRONTED_OPENERS or any(p.name != person.name for p in _people_named_before(m)):
        return False
    if len(prefix) > 3 and prefix[-1].islower() and prefix[-2].islower() and _finite_verb(prefix[-2]):
        prefix = prefix[:-1]  # the occupation before the name: `repareert beroepsvisser`
    if not (prefix[-1].islower() and _finite_verb(prefix[-1])):
        return False
    m.scan.subject, m.scan.subject_end = person, m.name.end
    return True


def _people_named_before(m: _Mention) -> list[Person]:
    """The people the sentence named before this mention by a full name (a one-word capital in a
    fronted phrase is more often a street or a building: `aan de Dijkweg`)."""
    found = [m.disc.find(name.text) for name in m.scan.names[: m.n]]
    return [p for p in found if p is not None and not p.organisation and len(p.name.split()) > 1]


def _portfolio_word(word: str) -> bool:
    """A word of a role's portfolio or body: a capital word, a particle, or a body (`gemeenteraad`)."""
    low = word.lower()
    return word[:1].isupper() or low in ("van", "voor", "de", "het", "en", "der", "in") or (
        len(low) > 5 and low.endswith(tuple(lx.ORGANISATION_NOUNS))
    )


def _subject_after_long_role(m: _Mention, person: Person) -> bool:
    """`Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking Liesbeth X maakte …`: a
    long role with its portfolio opens the sentence; the name after it is the subject."""
    prefix = m.prefix[1:] if m.prefix and m.prefix[0] in ("Ook", "Maar", "En") else m.prefix
    if (
        m.scan.subject is None and not n_before_subject(m.scan.names, m.n) and len(person.name.split()) > 1
        and lx.is_first_name(person.name.split()[0]) and 2 <= len(prefix) <= 11 and _is_lexicon_role(prefix[0].lower())
        and all(_portfolio_word(w) for w in prefix[1:])
    ):
        m.scan.subject, m.scan.subject_end = person, m.name.end
        return True
    return False


SUBJECT_RULES: tuple[tuple[str, Callable[[_Mention, Person], bool]], ...] = (
    ("subject opening the clause", _subject_opening_clause),
    ("coordinated subject", _coordinated_subject),
    ("subject after its speech verb", _subject_after_speech_verb),
    ("inverted subject with its role", _inverted_subject_with_role),
    ("subject after a long role", _subject_after_long_role),
    ("inverted subject after a fronted phrase", _inverted_subject_after_fronted_phrase),
)


def _remember_introduction(m: _Mention, person: Person) -> None:
    """The words before a person's first mention (roles said in passing), `haar dochter Eline`
    (whose daughter), `meneer Adams` (his gender)."""
    if not person.intro:
        person.intro = " ".join(m.prefix[-10:]).lower()
        kin = [w.lower().strip(",") for w in m.prefix[-2:]]
        owner = m.scan.subject or m.disc.topic
        if len(kin) == 2 and kin[0] in ("haar", "zijn") and kin[1] in _KIN_INVERSE and owner is not None and owner is not person:
            person.kin = (kin[1], owner)
    title = m.prefix[-1].lower().rstrip(".") if m.prefix else ""
    if person.gender is None and title in _TITLE_GENDER:
        person.gender = _TITLE_GENDER[title]


def _learn_name(scan: _SentenceScan, n: int) -> None:
    """Introduce the n-th name of the sentence with its role and age; see whether it is the subject."""
    name, disc = scan.names[n], scan.disc
    m = _Mention(scan, n, scan.sentence[: name.start].split())
    if any(applies(m) for _, applies in NAMES_NO_PERSON):
        return
    m.role = role_before(m.prefix, strict=True)
    if not m.role and len(m.prefix) == 1 and m.prefix[0] not in disc.capitalised_inside and lx.is_name_token(m.prefix[0]):
        m.role = m.prefix[0].lower()  # `Bakker Bart van Dijk (52) stond …`: the role opened the sentence
    after_role, age = _role_after(scan.sentence[name.end :])
    age_before = re.search(r"(\d{1,3})-jarige\s*$", scan.sentence[: name.start])
    if not trusted_name(name.text, disc) and not (age and name.text[:1].isupper()):
        return  # (a capitalised word with an age after it is a person: `Wil (81) zit …`)
    m.text = name.text
    for _, rewrite in NAME_REWRITES:
        rewrite(m)
    person = disc.introduce(m.text, _join_roles(m.role, after_role), age or (age_before.group(1) if age_before else None))
    _remember_introduction(m, person)
    any(holds(m, person) for _, holds in SUBJECT_RULES)


def _learn_bodies(sentence: str, disc: Discourse) -> None:
    """`Het Nederlandse ministerie van Buitenlandse Zaken`, `de gemeente Schiedam`, `de Europese
    Commissie`, `Ziekenhuis De Lingehof`: the full name of a body that is later `het ministerie`."""
    for m in _BODY.finditer(sentence):
        noun = m.group("noun").lower()
        if noun in lx.ORGANISATION_NOUNS and (m.group("rest") or m.group("noun")[0].isupper()):
            # `de Europese Commissie` is a name; `het Nederlandse ministerie` an adjective and a noun.
            adjective = (m.group("adj") or "") if m.group("noun")[0].isupper() else ""
            full = f"{m.group('art').lower()} {adjective}{m.group('noun')}{m.group('rest') or ''}".strip()
            if len(full) > len(disc.bodies.get(noun, "")):
                disc.bodies[noun] = full  # the fullest form: not `de Commissie` after `de Europese Commissie`
    for m in _BODY_NAMED.finditer(sentence):
        if m.group("noun").lower() in lx.ORGANISATION_NOUNS:
            disc.bodies.setdefault(m.group("noun").lower(), f"{m.group('noun')} {m.group('rest')}")


def _now_in_play(person: Person, disc: Discourse) -> Person:
    person.seen = person.salient = disc.sentence
    disc.topic = person
    return person


# A sentence without a named subject: whom it is about.

def _demonstrative_subject(scan: _SentenceScan) -> Person | Literal[Undecided.PASS] | None:
    """`Van Rossum vroeg de minister om een gesprek. Die wilde …`, `…, zei ze tegen Brouwer. Die
    antwoordde …`: `Die` is the one spoken to, not the subject before: the person introduced with
    that role, or named after `tegen` / `aan`, else nobody certain."""
    if not re.match(r"\s*(?:Die|Deze)\s+[a-zà-ÿ]", scan.sentence):
        return PASS
    disc = scan.disc
    if disc.topic is not None:
        disc.topic.salient = -99
    for role_word in re.findall(r"\b(?:de|het)\s+([a-zà-ÿ][\wà-ÿ-]+)", scan.previous):
        meant = disc.by_role(role_word) if lx.ROLE_NOUN.search(role_word) else None
        if meant is not None and not meant.organisation:
            return _now_in_play(meant, disc)
    # `…', zei ze tegen Brouwer. Die antwoordde …`: the one spoken to, by name.
    spoken_to = re.findall(r"\b(?:tegen|aan)\s+([A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+)*)", scan.previous)
    meant = disc.find(spoken_to[-1]) if spoken_to else None
    return _now_in_play(meant, disc) if meant is not None and not meant.organisation else None


def _role_as_subject(scan: _SentenceScan) -> Person | Literal[Undecided.PASS] | None:
    """`De bewindsvrouw was voorzichtiger.`, `Haar zus …`, `De 68-jarige haalt …`: the person
    introduced with that role or age."""
    role_subject = re.match(r"\s*(?:De|Het|Haar|Zijn)\s+([a-zà-ÿ][\wà-ÿ-]+|\d{1,3}-jarige)\s", scan.sentence)
    if not role_subject:
        return PASS
    disc = scan.disc
    possessive = scan.sentence.lstrip()[:4] in ("Haar", "Zijn")
    kin = [p for p in disc.people if possessive and p.kin is not None and p.kin[0] == role_subject.group(1)]
    meant = kin[0] if len(kin) == 1 else disc.by_role(role_subject.group(1))  # `Zijn zoon knikt`: the one met as `zijn zoon Wouter`
    if meant is None and possessive:
        meant = disc.sibling_of(disc.topic, role_subject.group(1))
    return _now_in_play(meant, disc) if meant is not None and not meant.organisation else PASS


def _pronoun_as_subject(scan: _SentenceScan) -> Person | Literal[Undecided.PASS] | None:
    """`Hij …`, `Daar leerde ze …`, `Met trillende stem las hij …` (the pronoun right after the
    finite verb that follows a fronted phrase): still the person the text is about."""
    words = scan.sentence.split()
    pronoun = next((w.lower() for w in words[:3] if w.lower() in lx.PRONOUNS), None)
    if pronoun is None:
        pronoun = next((w.lower() for i, w in enumerate(words[3:7], 3) if w.lower() in lx.PRONOUNS and _verb_before_pronoun(words[i - 1])), None)
    if not pronoun:
        return PASS
    meant = scan.disc.by_pronoun(pronoun)
    return _now_in_play(meant, scan.disc) if meant is not None else None


# Words that put a pronoun in a clause of its own (`toen hij`, `dat ze`), not after the main verb.
_CLAUSE_WORDS = frozenset(
    "dat die of als toen omdat wat wie waar hoe nadat zodat terwijl voordat zoals waarop waarin waarmee waarna "
    "sinds tot want en maar dan".split()
)


def _verb_before_pronoun(word: str) -> bool:
    """`las` in `Met trillende stem las hij`: a lower-case word that is no function word, so the
    verb of the main clause (inverted after a fronted phrase)."""
    return (
        word.isalpha() and word.islower() and word not in _CLAUSE_WORDS and word not in lx.PREPOSITIONS
        and word not in lx.ARTICLES and word not in lx.ADVERBS
    )


def _initial_as_subject(scan: _SentenceScan) -> Person | Literal[Undecided.PASS] | None:
    """`V. verklaarde dat …`, `Van G. zou hebben geantwoord`: the person the article named with
    that initial (`Ronald V.`), who is now the subject."""
    opening = re.match(r"\s*((?:Van\s+(?:de\s+|der\s+|den\s+)?|De\s+)?[A-Z]\.)\s+[a-z]", scan.sentence)
    if not opening:
        return PASS
    found = _initial_of_surname(opening.group(1), scan.disc.people)
    return _now_in_play(found[0], scan.disc) if len(found) == 1 else PASS


_POSSESSOR_KIN = re.compile(r"\s*(?P<owner>[A-ZÀ-Þ][\wà-ÿ-]+(?:\s+[\wà-ÿ-]+){0,3}?)['’]s\s+(?P<kin>[a-z]+)\s")


def _kin_of_possessor(scan: _SentenceScan) -> Person | Literal[Undecided.PASS] | None:
    """`Kim's broer neemt het luchtiger op.`: the one the text introduced as Kim's brother (`haar
    broer Jesse`), not Kim."""
    m = _POSSESSOR_KIN.match(scan.sentence)
    owner = scan.disc.find(m.group("owner")) if m else None
    if m is None or owner is None:
        return PASS
    kin = [p for p in scan.disc.people if p.kin is not None and p.kin[1] is owner and p.kin[0] == m.group("kin")]
    return _now_in_play(kin[0], scan.disc) if len(kin) == 1 else PASS


SUBJECT_WITHOUT_NAME: tuple[Rule[_SentenceScan, Person], ...] = (
    Rule("kin of a possessor", _kin_of_possessor),
    Rule("initial as subject", _initial_as_subject),
    Rule("demonstrative subject", _demonstrative_subject),
    Rule("role as subject", _role_as_subject),
    Rule("pronoun as subject", _pronoun_as_subject),
)


# `De Consumentenbond roept …`, `Rijkswaterstaat heeft …`, `Het Russische ministerie van Defensie
# ontkent …`, `Streekziekenhuis Dokkum, onderdeel van X, laat …`: a body opening its sentence.
_OPENING_BODY = re.compile(
    r"\s*(?:(?:Ook|Maar|En|Toch)\s+)?(?P<art>(?:De|Het)\s+)?"
    r"(?P<name>(?:[A-Z][a-zà-ÿ]+e\s+)?[a-z]+(?:\s+van\s+(?:de\s+|het\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
    r"|[A-Z][\w'’&-]*(?:\s+(?:(?:van|voor|zonder)\s+(?:de\s+|het\s+)?)?[A-Z][\w'’&-]*)*)"
    r"(?:\s*\([A-Z]{2,8}\))?(?:\s*,[^,]{3,80},)?\s+(?P<verb>[a-z]+)\b"
)
_IRREGULAR_FINITE = frozenset(
    "is was had wil kan zal mag gaf nam kreeg riep liet ging sprak vond hield zag bleef kwam trok sloot koos".split()
)


def _finite_verb(word: str) -> bool:
    if word in lx.PREPOSITIONS or word in {"de", "het", "een", "en", "die", "dat", "of"}:
        return False
    return word in _IRREGULAR_FINITE or word.endswith(("t", "de", "te", "den", "ten"))


def _is_body_name(article: str | None, name: str) -> bool:
    """A body's name rather than a person, a place, a day or an adverb: an organisation noun in
    it (`Streekziekenhuis`, `het ministerie`), or a word that is rare as a common word."""
    words = name.split()
    if lx.is_first_name(words[0]) or namebook.is_place(name) or words[0].lower() in lx.PRONOUNS:
        return False
    if any(w.lower() in lx.ORGANISATION_NOUNS or (len(w) > 7 and w.lower().endswith(tuple(lx.ORGANISATION_NOUNS))) for w in words):
        return True
    capitals = [w for w in words if w[:1].isupper()]
    common = 4.5 if article else 4.0
    return bool(capitals) and any(namebook.dutch_frequency(w) < common for w in capitals)


def _remember_body_subject(sentence: str, disc: Discourse) -> None:
    """A body that opens a sentence as its subject is in play: `…, zegt een woordvoerder` next."""
    m = _OPENING_BODY.match(sentence)
    if not m or not _finite_verb(m.group("verb")) or not _is_body_name(m.group("art"), m.group("name")):
        return
    disc.body_subject = f"{(m.group('art') or '').lower()}{m.group('name')}"
    disc.body_subject_at = disc.sentence


def _role_before_its_name(scan: _SentenceScan) -> None:
    """`Dat gelooft de officier van justitie niet. Mr. Y. El Idrissi wees op …`: a role said
    without a name, then a person named as the subject of the next sentence: the role is theirs
    (for `aldus de officier` later)."""
    disc = scan.disc
    noun, at = disc.unnamed_role
    subject = scan.subject
    if subject is not None and noun and at == disc.sentence - 1 and subject.mentions == 1 and not subject.organisation:
        subject.intro = f"{subject.intro} {noun}".strip()
    roles = [w for w in re.findall(r"\b(?:de|het)\s+([a-zà-ÿ][\wà-ÿ-]+)", scan.sentence) if _is_role_word(w)]
    if subject is None and roles and disc.by_role(roles[0]) is None:
        disc.unnamed_role = (roles[0], disc.sentence)


_DIED = re.compile(r"\b(?:overleden|overleed|overlijden|wijlen|stierf|gestorven|omgekomen|om het leven)\b|\(\d{4}\s*[-–]\s*\d{4}\)")
_DIED_NEAR = 30  # characters between a name and the word that says the person died


def _learn_the_dead(scan: _SentenceScan) -> None:
    """`Haar man Gerrit, in 2019 overleden,`, `Zondag overleed Jo Creemers`, `Jo Creemers
    (1938-2025)`: the person named right by a word of death."""
    for died in _DIED.finditer(scan.sentence):
        near = [n for n in scan.names if 0 <= died.start() - n.end <= _DIED_NEAR or 0 <= n.start - died.end() <= _DIED_NEAR]
        person = scan.disc.find(near[0].text) if len(near) == 1 else None
        if person is not None and not person.organisation:
            person.dead = True


def learn(sentence: str, disc: Discourse, with_quotes: str | None = None) -> Person | None:
    """Remember the people, organisations and outlets a sentence names (outside its quotations:
    `sentence` has them blanked; `with_quotes` has them, for outlets named as `dagblad 'X'`);
    return its subject."""
    disc.sentence += 1
    previous, disc.last_sentence = disc.last_sentence, sentence
    disc.sentence_before = previous
    dateline = _DATELINE.match(sentence)
    if dateline:
        sentence = " " * dateline.end() + sentence[dateline.end() :]
    scan = _SentenceScan(sentence, previous, disc, lx.names(sentence))
    for n in range(len(scan.names)):
        _learn_name(scan, n)
    _learn_bodies(sentence, disc)
    _learn_the_dead(scan)
    for m in re.finditer(rf"\b(?:{lx.MEDIA_WORDS})\s+[‘'\"“]?({lx.CAPITAL}[\w'’-]*(?:\s+{lx.CAPITAL}[\w'’-]*)*)", with_quotes or sentence):
        disc.media.append(m.group(1).strip("'’‘"))
    if scan.subject is None or not lx.is_first_name(scan.subject.name.split()[0]):
        _remember_body_subject(sentence, disc)
    _role_before_its_name(scan)
    if scan.subject is None:
        return first_verdict(SUBJECT_WITHOUT_NAME, scan)[1]
    disc.topic = scan.subject
    scan.subject.salient = disc.sentence
    return scan.subject


def is_title(text: str) -> bool:
    """`The New York Times`, `KCNA`: a name or a title, not speech (`Klopt.`, `Nee!`: a sentence)."""
    words = re.findall(r"[\wÀ-ÖØ-öø-ÿ'’-]+", text)
    if not words:
        return True
    if text.rstrip()[-1:] in ".!" and len(words) <= 3:
        return False  # a short sentence said: titles and names end without a full stop
    capital = sum(1 for w in words if w[0].isupper() or w.isdigit())
    return capital / len(words) >= 0.6 and not re.search(r"[.!?]\s", text)
