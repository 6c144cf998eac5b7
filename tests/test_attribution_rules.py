"""Each named attribution rule with its examples: a short Dutch phrase (after a few sentences of
context, read as an article is) that the rule must decide, and what it must find.

The rule tables of briefing/nlp/quotes/attribution.py are tried in order, the first rule that
decides wins; every test here names the rule that must decide, so a rule moved, renamed or
swallowed by another shows up by name. Each table's every rule has an example (the coverage
tests at the end).
"""

from __future__ import annotations

import pytest

from briefing.nlp.quotes import attribution as at
from briefing.nlp.quotes.attribution import Discourse, Speaker


def _read(*context: str) -> Discourse:
    """A discourse after reading the context as attribution reads an article: a sentence (with
    its full stop) is learnt from; a noun phrase (without) was a speaker before."""
    disc = Discourse()
    for text in context:
        if text.endswith("."):
            at.learn(text, disc)
        else:
            at.noun_phrase(text, disc)
    return disc


MINISTER = "Minister Karin Bos bezocht woensdag Zwolle."
JAN = "Jan de Vries opende de vergadering."

# --- noun phrases: (rule, context, phrase, speaker's name or None) --------------------------------

NOUN_PHRASES = [
    ("pronoun alone", [JAN], "hij", "Jan de Vries"),
    ("pronoun alone", [JAN], "ze", None),  # no woman in play: silence
    ("demonstrative alone", ["Wethouder Saskia Brouwer gaf uitleg.", "Raadslid Sietske de Boer wilde meer weten.", "Dat zei ze tegen Brouwer.", "Die antwoordde dat het klopte."], "Die", "Saskia Brouwer"),
    ("demonstrative alone", [JAN, "Het regende."], "Die", None),  # nobody its sentence was about: silence
    ("their spokesperson", [MINISTER], "haar woordvoerder", "Karin Bos"),
    ("spokesperson of a body", [], "een woordvoerder van de politie", "de politie"),
    ("spokesperson of a body", [], "de woordvoerster van branchevereniging Stadswarmte Nederland", "Stadswarmte Nederland"),
    ("body-spokesperson compound", [], "een politiewoordvoerder", "de politie"),
    ("spokesperson of the subject before", ["In de Betuwe verwacht Fruitplatform Rivierenland een slechte oogst."], "een woordvoerder",
     "Fruitplatform Rivierenland"),
    ("spokesperson of the body that opened the sentence before", ["Fruitplatform Rivierenland verwacht een slechte oogst."],
     "een woordvoerder", "Fruitplatform Rivierenland"),
    ("spokesperson of the body that opened the sentence before",
     ["Het Internationale Comité van het Rode Kruis (ICRC) roept beide partijen op de dammen te sparen."],
     "een woordvoerster in Genève", "het Internationale Comité van het Rode Kruis"),
    ("spokesperson of the body that opened the sentence before", ["Branchevereniging Jeugdhulp Samen is sceptisch."],
     "een woordvoerder", "Branchevereniging Jeugdhulp Samen"),
    ("spokesperson met before", ["een woordvoerder van de gemeente Utrecht"], "de woordvoerder", "de gemeente Utrecht"),
    ("body by its kind", [], "de gemeente Zutphen", "de gemeente Zutphen"),
    ("one of them, apposed name", [], "Een van hen, senator Ray Donnelly uit Alaska,", "Ray Donnelly"),
    ("initial of a person met", ["Naast Cor van G. (67) stond Mehmet K. (34) terecht."], "K.", "Mehmet K."),
    ("initial of a person met", ["Naast Cor van G. (67) stond Mehmet K. (34) terecht."], "Van G.", "Cor van G."),
    ("role, then apposed name", [], "De burgemeester van Amsterdam, Femke Halsema,", "Femke Halsema"),
    ("nationality for a person", ["De Belgische trainer Jens Vermaelen stapt op."], "de Belg", "Jens Vermaelen"),
    ("nationality for a person", ["De Poolse minister Piotr Nowicki sprak van een misdaad."], "de Pool", "Piotr Nowicki"),  # also a surname
    ("outlet by its kind", [], "het Chinese persbureau Xinhua", "Xinhua"),
    ("name after its role", [], "minister Hugo de Jonge", "Hugo de Jonge"),
    ("name after its role", [], "Jan Bos van de brandweer", "Jan Bos"),
    ("name after its role", [], "directeur dr. ir. Sanne de Wit-Maas", "Sanne de Wit-Maas"),  # titles read past
    ("name after its role", [], "CTO dr. ir. Wouter Smits", "Wouter Smits"),  # an acronym is the role
    ("possessive role", ["Marja de Wit verloor vorig jaar haar dochter Sanne."], "haar moeder", "Marja de Wit"),
    ("the outlet", ["Dat meldt de krant Trouw."], "de krant", "Trouw"),
    ("the role", [MINISTER], "de minister", "Karin Bos"),
    ("the role", ["Bondscoach Arjan Wesseling was teleurgesteld."], "de trainer", "Arjan Wesseling"),  # a synonym of the role
    ("the role", ["Premier Willemijn Raaymakers gaf een persconferentie."], "de premier", "Willemijn Raaymakers"),
    ("the role", [MINISTER], "de bewindsvrouw", "Karin Bos"),
    ("nationality for a person", ["Anna Kowalski won gisteren goud."], "de Poolse", "Anna Kowalski"),
    # the people of a place (also a surname: `De Brabander` would be the surname)
    ("nationality for a person", ["Thijmen Bakker reed lang op kop."], "de Brabander", "Thijmen Bakker"),
    ("description of the topic", ["Anna Kowalski won gisteren goud."], "de 24-jarige", "Anna Kowalski"),
    ("description of the topic", ["Anna Kowalski (31) won gisteren goud."], "de 24-jarige", None),  # another age
    ("description of the topic", [JAN], "de burgemeester", None),  # a role no one named has: silence
    ("the body", [], "de 3FM", "de 3FM"),
]


@pytest.mark.parametrize(("rule", "context", "phrase", "expected"), NOUN_PHRASES, ids=[f"{r}: {p}" for r, _, p, _ in NOUN_PHRASES])
def test_noun_phrase_rule(rule: str, context: list[str], phrase: str, expected: str | None) -> None:
    decided, speaker = at.noun_phrase_rule(phrase, _read(*context))
    assert decided == rule
    assert (speaker.name if speaker else None) == expected


def test_noun_phrase_rules_do_not_take_a_place_phrase() -> None:
    """`Bij de ingang van het Wilhelminapark`: no rule makes a speaker of it."""
    assert at.noun_phrase("Bij de ingang van het Wilhelminapark", _read()) is None


# --- the subject of a reporting verb: (rule, context, clause, speaker's name or None) ------------

CLAUSES = [
    ("named spokesperson via", [], "Het Kremlin liet via woordvoerder Dmitri Peskov weten", "Dmitri Peskov"),
    ("pronoun right after the verb", [JAN], "Daarom zegt hij", "Jan de Vries"),
    ("demonstrative before the verb", ["Wethouder Saskia Brouwer gaf uitleg.", "Raadslid Sietske de Boer wilde meer weten.", "Dat zei ze tegen Brouwer.", "Die antwoordde dat het klopte."], "Die antwoordde dat", "Saskia Brouwer"),
    ("initial opening the clause", ["De 58-jarige Edsel M. stond terecht."], "Volgens de officier blijkt dat M. tegen een aannemer zei", "Edsel M."),
    ("initial opening the clause", ["Ronald V. en Cor van G. stonden terecht."], "Getuigen hoorden dat Van G. riep", "Cor van G."),
    ("noun phrase before the verb", [], "Minister Karin Bos zei", "Karin Bos"),
    ("noun phrase before the verb", [], "Minister Karin Bos zou hebben gezegd", "Karin Bos"),  # its auxiliaries aside
    ("pronoun before the verb", [], "Hij zei", None),  # nobody in play: silence
    ("pronoun after a fronted word", [JAN], "Gisteren wilde hij niets zeggen", "Jan de Vries"),
    ("adverb, then inverted subject", [], "intussen zegt minister Karin Bos", "Karin Bos"),
    ("role with its body, then the name", [], "Europarlementariër voor de Partij voor de Dieren Merel Hoogvliet vindt",
     "Merel Hoogvliet"),
    ("long subject", [], "Vladimir Poetin heeft gisteren in een lange brief aan de paus van Rome over de oorlog in Oekraïne gezegd",
     "Vladimir Poetin"),
    ("outlet quoting a pronoun", [JAN], "citeerde persbureau AFP hem", "Jan de Vries"),
    ("subject after a fronted phrase and its auxiliary", [MINISTER], "In een gesprek zou minister Bos tegen haar collega hebben gezegd",
     "Karin Bos"),
    ("person quoted by an outlet", [], "citeerde persbureau TASS gouverneur Oleg Kozjemjako", "Oleg Kozjemjako"),
    ("body or role quoted by an outlet", ["Het Russische ministerie van Defensie ontkent de aanval."],
     "citeerde persbureau RIA het ministerie", "het Russische ministerie van Defensie"),
    ("body or role quoted by an outlet", ["Bondscoach Karel de Wit zag zijn ploeg verliezen."], "citeerde de zender de coach",
     "Karel de Wit"),
    ("inverted noun phrase", [], "zei minister Karin Bos", "Karin Bos"),
    ("inverted noun phrase", [], "zeggen IJburgers", ""),  # residents, not a person: nobody named
    ("inverted noun phrase", [], "schrijven de muzikanten", ""),  # a group speaks, not the last speaker
    ("inverted role with its body, then the name", [], "zegt Europarlementariër voor de Partij voor de Dieren Anja Hazenkamp",
     "Anja Hazenkamp"),
]


# Read across the commas of an apposition (the clause from the sentence start, not the one after
# the last comma): (rule, context, text, subject).
ACROSS_COMMAS = [
    ("role subject with an apposition", ["Topman Jan Achterberg was minder diplomatiek."],
     "De topman, die het bedrijf sinds 2019 leidt, wijst erop dat", "Jan Achterberg"),
    ("role, then the name set off by commas", ["De 58-jarige Edsel M. stond terecht.", "M. ontkent alles."],
     "Zijn advocaat, mr. Shurman Doran, sprak van", "Shurman Doran"),
    ("role, then the name set off by commas", [], "Haar moeder, Els de Vries, zei", "Els de Vries"),
]


@pytest.mark.parametrize(("rule", "context", "text", "expected"), ACROSS_COMMAS, ids=[c for _, _, c, _ in ACROSS_COMMAS])
def test_subject_rule_across_commas(rule: str, context: list[str], text: str, expected: str) -> None:
    clause, verb = at.clauses_with_verb(text)[-1]
    decided, speaker = at.subject_rule(clause, verb, _read(*context))
    assert (decided, speaker.name if speaker else None) == (rule, expected)


def _subject_rule(clause_text: str, disc: Discourse) -> tuple[str, Speaker | None]:
    clause, verb = at.clauses_with_verb(clause_text)[0]
    return at.subject_rule(clause, verb, disc)


@pytest.mark.parametrize(("rule", "context", "clause", "expected"), CLAUSES, ids=[f"{r}: {c}" for r, _, c, _ in CLAUSES])
def test_subject_rule(rule: str, context: list[str], clause: str, expected: str | None) -> None:
    decided, speaker = _subject_rule(clause, _read(*context))
    assert decided == rule
    assert (speaker.name if speaker else None) == expected


# --- a quotation's own sentence: (rule, context, before, after, speaker's name or None) -----------

AROUND = [
    ("speaker before a colon", [], "Karin Bos: ", "", "Karin Bos"),
    ("speaker before a colon", ["Nadia Smit (PvdD) wil een snellere krimp.", "Ruud Hazelaar is ertegen."],
     "Toen Hazelaar haar interrumpeerde, was ze kort: ", "", "Nadia Smit"),  # the main clause, not the subordinate one
    ("reporting verb before", [], "Karin Bos zei: ", "", "Karin Bos"),
    ("Flemish klinkt het", ["Vlaams minister van Werk Leen Peeters (CD&V) reageert bezorgd."], "", ", klinkt het.", "Leen Peeters"),
    ("Flemish klinkt het", [], "", ", klinkt het bij de brandweer van Gent.", "de brandweer van Gent"),
    ("written document says", ["Het advies Samen lezen van de Raad voor Cultuur was duidelijk.", "Het kwam in mei uit."], "",
     ", staat er in de conclusie.", "de Raad voor Cultuur"),
    ("written document says", [], "", ", staat er op het bord.", ""),  # no document named: nobody
    ("unnamed people after", [], "", ", klinkt het op straat.", ""),
    ("unnamed people after", [], "", ", klinkt het.", ""),  # nobody in play
    ("reporting verb after", [], "", ", zei Karin Bos.", "Karin Bos"),
    ("volgens", [], "Volgens Karin Bos is het ", ".", "Karin Bos"),
]


@pytest.mark.parametrize(("rule", "context", "before", "after", "expected"), AROUND, ids=[r for r, *_ in AROUND])
def test_in_sentence_rule(rule: str, context: list[str], before: str, after: str, expected: str | None) -> None:
    decided, speaker = at.in_sentence_rule(before, after, _read(*context))
    assert decided == rule
    assert (speaker.name if speaker else None) == expected


# --- vetting a speaker: (rule, context, name, kept name or None) ---------------------------------

VETTED = [
    ("runs over a clause", [], Speaker("de grenspolitie zei tegen persbureau Reuters dat een van de gewonden", None, at.ORGANISATION), "de grenspolitie"),
    ("runs over a clause", [], Speaker("Karin Bos en haar man", None, at.SAME_SENTENCE), "Karin Bos"),
    ("runs over a clause", [], Speaker("de gemeente heeft formeel niets te", None, at.ORGANISATION), "de gemeente"),  # an auxiliary
    ("runs over a clause", [], Speaker("het OM het lab daadwerkelijk draaide", None, at.ORGANISATION), "het OM"),  # an article no preposition leads
    ("body or lower case", [], Speaker("de voorzitter van de raad van bestuur", None, at.ROLE), "de voorzitter van de raad van bestuur"),
    ("words glued before a name", [], Speaker("Jonas Van de Velde", None, at.SAME_SENTENCE), "Jonas Van de Velde"),
    ("runs over a clause", [], Speaker("de man die volgens de buren al jaren in het huis woonde", None, at.ROLE), "de man"),
    ("runs over a clause", [], Speaker("een woordvoerder tegen persbureau Reuters over een van de gewonden in het ziekenhuis", None, at.ROLE), None),
    ("body or lower case", [], Speaker("het ministerie van Klimaat en Groene Groei", None, at.ORGANISATION), "het ministerie van Klimaat en Groene Groei"),
    ("body or lower case", [], Speaker("de gemeente Zutphen", None, at.ORGANISATION), "de gemeente Zutphen"),
    ("person met before", ["Pieter Omtzigt diende een motie in."], Speaker("Omtzigt", None, at.SAME_SENTENCE), "Omtzigt"),
    ("person given an age", ["Wil (81) zit naast haar."], Speaker("Wil", None, at.SAME_SENTENCE), "Wil"),
    ("outlet after a preposition", [], Speaker("Tegenover de Volkskrant", None, at.SAME_SENTENCE), None),
    ("one word, no name", [], Speaker("Men", None, at.SAME_SENTENCE), None),
    ("one word, no name", [], Speaker("Egypte", None, at.SAME_SENTENCE), None),  # a place
    ("one word, no name", [], Speaker("Charkiv", None, at.SAME_SENTENCE), None),  # a town of the world
    ("one word, no name", [], Speaker("Basiliekstraat", None, at.SAME_SENTENCE), None),  # a street
    ("only places and words", [], Speaker("Amsterdam Rotterdam", None, at.SAME_SENTENCE), None),
    ("words glued before a name", [], Speaker("Amsterdamse Verberne", None, at.SAME_SENTENCE), "Verberne"),
    ("words glued before a name", [], Speaker("Karin Bos", None, at.SAME_SENTENCE), "Karin Bos"),
]


@pytest.mark.parametrize(("rule", "context", "who", "expected"), VETTED, ids=[f"{r}: {w.name}" for r, _, w, _ in VETTED])
def test_vet_rule(rule: str, context: list[str], who: Speaker, expected: str | None) -> None:
    decided, kept = at.vet_rule(who, _read(*context))
    assert decided == rule
    assert (kept.name if kept else None) == expected


def test_glued_words_go_to_the_role() -> None:
    kept = at.vet(Speaker("Gebiedsontwikkeling Friso de Zeeuw", None, at.SAME_SENTENCE), _read())
    assert kept is not None and (kept.name, kept.role) == ("Friso de Zeeuw", "gebiedsontwikkeling")


# --- pronouns: (rule, context, pronoun, person's name or None, evidence) --------------------------

PRONOUNS = [
    ("spokesperson just quoted", ["Burgemeester Hanna de Wit sloot de woning.", "Het OM onderzoekt de zaak.",
                                  "een woordvoerster van het OM Midden-Nederland"], "ze", "het OM Midden-Nederland", "spokesperson"),
    ("only one named just before", ["Trainer Kees Mol sprak van een goede dag.", "Het was koud.",
                                    "Voor Bram Smit was de derde plaats een opsteker.", "Het regende."], "hij", "Bram Smit", "named just before"),
    ("nearest of its gender", [JAN], "hij", "Jan de Vries", "gender"),
    ("nearest of its gender", ["Jan de Vries en Piet Bakker openden de vergadering."], "hij", None, ""),  # two: silence
    ("nearest of unknown gender", ["Kim Jong-un opende de vergadering."], "hij", "Kim Jong-un", "gender unknown, first name"),
    ("only one just named", ["Er hing een naamplaatje waarop Iris Jansen stond."], "ze", "Iris Jansen", "mentioned"),
]


@pytest.mark.parametrize(("rule", "context", "pronoun", "expected", "evidence"), PRONOUNS, ids=[f"{r}: {c[0]}" for r, c, *_ in PRONOUNS])
def test_pronoun_rule(rule: str, context: list[str], pronoun: str, expected: str | None, evidence: str) -> None:
    decided, referent = _read(*context).pronoun_rule(pronoun)
    assert decided == rule
    assert referent is not None
    assert ((referent[0].name if referent[0] else None), referent[1]) == (expected, evidence)


# --- short forms of a name met before: (form, full name, short form) -----------------------------

NAME_FORMS = [
    ("initial of a surname", "Ronald V.", "V."),
    ("initial of a surname", "Cor van G.", "Van G."),
    ("initial of a surname", "Mehmet K.", "K"),
    ("tail of a longer name", "Pieter van Dijk", "Van Dijk"),
    ("first of a double surname", "Ingrid van der Linden-de Vries", "Van der Linden"),
    ("surname or first name", "Gerrit Borgman", "Borgman"),
    ("surname or first name", "Iris Jansen", "Iris"),
    ("first of a double surname, alone", "Rixt Hoekstra-van Dam", "Hoekstra"),
    ("surname spelt otherwise", "Walid Al-Muallem", "Moualem"),
]


@pytest.mark.parametrize(("form", "full", "short"), NAME_FORMS, ids=[f"{f}: {s}" for f, _, s in NAME_FORMS])
def test_name_form(form: str, full: str, short: str) -> None:
    disc = Discourse()
    person = disc.introduce(full)
    assert dict(at.NAME_FORMS)[form](short, disc.people) == [person]
    assert disc.find(short) is person


def test_a_stranger_answers_to_no_form() -> None:
    disc = Discourse()
    disc.introduce("Gerrit Borgman")
    assert disc.find("Jansen") is None


# --- role words before a name, read backwards: (rule, words, position, kept so far, words it keeps) ---

ROLE_WORDS = [
    ("title", "officier van justitie mr.", 3, [], []),
    ("role of a place", "burgemeester van Amsterdam", 2, [], ["burgemeester", "van", "Amsterdam"]),
    ("role word", "oud-directeur", 0, [], ["oud-directeur"]),
    ("role word", "CDA'er", 0, [], ["CDA'er"]),
    ("role word", "zei", 0, [], None),  # a verb is no role's word
    ("van inside a role", "officier van justitie", 1, ["justitie"], ["van"]),
    ("van inside a role", "officier van justitie", 1, [], None),  # nothing of the role after it yet
    ("capitalised complement", "van Amsterdam", 1, ["wethouder"], ["Amsterdam"]),
]


@pytest.mark.parametrize(("rule", "words", "at_word", "kept", "keeps"), ROLE_WORDS, ids=[f"{r}: {w}" for r, w, *_ in ROLE_WORDS])
def test_role_word_rule(rule: str, words: str, at_word: int, kept: list[str], keeps: list[str] | None) -> None:
    step = dict(at.ROLE_WORD_RULES)[rule](words.split(), at_word, kept, False)
    assert (step[0] if step else None) == keeps


@pytest.mark.parametrize(
    ("words", "role"),
    [
        ("officier van justitie mr.", "officier van justitie"),
        ("de burgemeester van Amsterdam", "burgemeester van Amsterdam"),
        ("Bij de ingang van het", None),
    ],
)
def test_role_before(words: str, role: str | None) -> None:
    assert at.role_before(words.split()) == role


# --- learning a sentence: whom it names, and its subject ------------------------------------------


def _names(disc: Discourse) -> list[str]:
    return [p.name for p in disc.people]


def test_department_before_a_name() -> None:
    disc = _read("Directeur ICT en Digitale Zaken Johan Smeets opende de beurs.")
    assert "Johan Smeets" in _names(disc) and "ICT" not in _names(disc)


def test_outlet_after_its_kind() -> None:
    disc = _read("Dat meldt persbureau AFP.")
    assert disc.media == ["AFP"] and _names(disc) == []


def test_outlet_spoken_to() -> None:
    disc = _read("Dat zegt hij tegenover NRC.")
    assert "NRC" in disc.media and "NRC" not in _names(disc)


def test_description_of_a_person_met() -> None:
    disc = _read("De Belgische trainer Jens Vermaelen stapt op.")
    assert at.learn("De Belg werd in de zomer gehaald.", disc) is disc.find("Jens Vermaelen")
    disc = _read("Thijmen Bakker leek op weg naar de zege.")
    at.learn("Toen gaf de Brabander het op.", disc)
    assert disc.find("Brabander") is None  # the people of a place, no new person


def test_role_opening_the_sentence() -> None:
    disc = Discourse(capitalised_inside={"Greenpeace", "Rusland"})  # as the article writes them mid-sentence
    at.learn("Milieuorganisatie Greenpeace Rusland voert actie.", disc)
    assert _names(disc) == ["Greenpeace Rusland"]
    assert disc.people[0].role is not None and disc.people[0].role.lower() == "milieuorganisatie"


def test_portfolio_before_the_name() -> None:
    """The portfolio's words are capitalised mid-sentence, so not merely unglued as a sentence opener's."""
    disc = Discourse(capitalised_inside={"Klimaat", "Groene", "Groei"})
    at.learn("Het plan komt van minister voor Klimaat en Groene Groei Hanna Wolters.", disc)
    assert "Hanna Wolters" in _names(disc) and "Groene Groei Hanna Wolters" not in _names(disc)


def test_first_name_sharing_the_surname_after_it() -> None:
    disc = _read("De zussen Hanneke (44) en Marloes Brouwer (41) protesteren.")
    assert {"Hanneke Brouwer", "Marloes Brouwer"} <= set(_names(disc))


def test_senior_or_junior() -> None:
    disc = _read("Piet van Zetten staat in de winkel met zijn zoon Wouter van Zetten.")
    assert at.learn("Van Zetten senior lacht.", disc) is disc.find("Piet van Zetten")


SUBJECTS = [
    ("subject opening the clause", [], "Jan Bos opende de vergadering.", "Jan Bos"),
    ("subject opening the clause", ["Sjoerd Hiemstra plantte de boom."], "Hiemstra's advocaat, mr. Wietske de Haan, overweegt hoger beroep.",
     "Wietske de Haan"),  # the possessor is no subject
    ("coordinated subject", [], "Ingrid Bakker en raadslid Fenna Mulder zaten vooraan.", "Ingrid Bakker"),
    ("subject after its speech verb", [], "In haar nieuwe boek uit 2019 waarschuwde Anna Smit al dat het misging.", "Anna Smit"),
    ("inverted subject with its role", [], "Dat wist de toenmalige oud-directeur Wilco Hazeleger al in 2010.", "Wilco Hazeleger"),
    ("subject after a long role", [],
     "Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking Liesbeth Schreinemacher maakte het bekend.",
     "Liesbeth Schreinemacher"),
    ("subject after a long role", [], "Fractievoorzitter van de VVD in de Utrechtse gemeenteraad Jan Bos ziet dat anders.", "Jan Bos"),
    ("subject after a long role", [], "Ook Statenlid voor de Partij voor de Dieren in Fryslân Anke Postma maakt zich zorgen.", "Anke Postma"),
    ("demonstrative subject", [MINISTER, "Piet de Vries vroeg de minister om een gesprek."], "Die wilde niet.", "Karin Bos"),
    ("demonstrative subject", ["Wethouder Saskia Brouwer gaf uitleg.", "Raadslid Sietske de Boer wilde meer weten.",
                               "Dat zei ze tegen Brouwer."], "Die antwoordde dat het klopte.", "Saskia Brouwer"),  # the one spoken to
    ("role as subject", [MINISTER], "De bewindsvrouw was voorzichtiger.", "Karin Bos"),
    ("role as subject", ["Vader en zoon Van Zetten over de pluk.", "Fruitteler Gerrit van Zetten (68) en zijn zoon Wouter (39) plukken appels."], "Zijn zoon knikt.", "Wouter"),
    ("kin of a possessor", ["Kim de Bruin (24) uit Tiel had zich verheugd.", "Ze kocht kaartjes met haar broer Jesse."], "Kim's broer neemt het luchtiger op.", "Jesse"),
    ("role as subject", ["Dat zegt Bert Dijkhuis (68).", "Zijn vrouw Janny Dijkhuis-Pot komt met koffie."], "De 68-jarige haalt een ordner tevoorschijn.", "Bert Dijkhuis"),
    ("pronoun as subject", [JAN], "Hij sprak lang.", "Jan de Vries"),
    ("pronoun as subject", [JAN], "Met trillende stem las hij een verklaring voor.", "Jan de Vries"),  # after a fronted phrase
    ("inverted subject after a fronted phrase", [], "Aan de haven repareert visser Sybren de Jong (63) zijn netten.", "Sybren de Jong"),
    ("inverted subject after a fronted phrase", [], "Terug aan de Dijkweg maakt Tomasz Nowak soep.", "Tomasz Nowak"),
    ("initial as subject", ["De 58-jarige Ronald V. uit Rotterdam stond terecht."], "V. verklaarde dat hij gokschulden had.", "Ronald V."),
]


@pytest.mark.parametrize(("rule", "context", "sentence", "subject"), SUBJECTS, ids=[r for r, *_ in SUBJECTS])
def test_subject_of_a_sentence(rule: str, context: list[str], sentence: str, subject: str) -> None:
    disc = _read(*context)
    found = at.learn(sentence, disc)
    assert found is not None and found.name == subject


def test_coordinated_subjects_are_both_in_play() -> None:
    disc = _read("Ingrid Bakker en raadslid Fenna Mulder zaten vooraan.")
    mulder = disc.find("Fenna Mulder")
    assert mulder is not None and mulder.salient == disc.sentence


def test_demonstrative_subject_is_nobody_without_a_role_met() -> None:
    disc = _read(JAN, "Piet de Vries vroeg de burgemeester om een gesprek.")
    assert at.learn("Die wilde niet.", disc) is None


# --- every rule has its example -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "examples"),
    [
        (at.NOUN_PHRASE_RULES, NOUN_PHRASES),
        (at.CLAUSE_SETTLED + at.SUBJECT_BEFORE_VERB + at.SUBJECT_AFTER_VERB, CLAUSES + ACROSS_COMMAS),
        (at.IN_SENTENCE_RULES, AROUND),
        (at.VET_RULES, VETTED),
        (at.PRONOUN_RULES, PRONOUNS),
        (at.SUBJECT_WITHOUT_NAME, SUBJECTS),
    ],
    ids=["noun phrase", "clause", "in sentence", "vet", "pronoun", "subject without a name"],
)
def test_every_rule_has_an_example(table: tuple, examples: list[tuple]) -> None:
    assert {rule.name for rule in table} <= {example[0] for example in examples}


def test_every_learning_rule_has_an_example() -> None:
    names = {name for table in (at.NAMES_NO_PERSON, at.NAME_REWRITES, at.SUBJECT_RULES) for name, _ in table}
    tested = {name.replace("test_", "").replace("_", " ") for name in globals() if name.startswith("test_")}
    assert names - {s[0] for s in SUBJECTS} <= tested
    assert {name for name, _ in at.NAME_FORMS} <= {f for f, *_ in NAME_FORMS}
    assert {name for name, _ in at.ROLE_WORD_RULES} <= {r for r, *_ in ROLE_WORDS}


def test_possessive_kin_subject_goes_before_a_role_that_holds_the_word() -> None:
    """`Vader en zoon Van Zetten` left the father the role `vader en zoon`; `Zijn zoon knikt.` is
    still the one met as `zijn zoon Wouter`."""
    context = ["Fruitteler Gerrit van Zetten (68) en zijn zoon Wouter (39) plukken appels.", "Het is stil, zegt Gerrit."]
    disc = _read(*context)
    father = disc.find("Gerrit van Zetten")
    assert father is not None
    father.role = "vader en zoon"
    scan = at._SentenceScan("Zijn zoon knikt.", context[-1], disc, [])
    decided, person = at.first_verdict(at.SUBJECT_WITHOUT_NAME, scan)
    assert decided == "role as subject" and person is not None and person.name == "Wouter"
