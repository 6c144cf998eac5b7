"""The QA checks' named rules, each with a phrase it must match and, where useful, one it must
not. Every table of rules is listed here in full: a rule added without examples fails
`test_every_rule_has_examples`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from briefing.qa import checks, kinds, names, negation, numbers, places
from briefing.qa.words import WordCache

WORDS = WordCache(None, "tests")  # learnt afresh, written nowhere


def _named(table: Iterable[tuple[Any, ...]]) -> list[str]:
    return [rule[0] for rule in table]


# Per table: rule name → (an example it must match, one it must not, or None).
NO_NAME_AFTER = {
    "inside an abbreviation": ("Er zijn schilderingen uit 5000 v.", "Er zijn schilderingen uit 5000 v"),
    "a portfolio after minister van": ("De minister van ", "De burgemeester van "),
}
NOT_OF_THE_NAME = {
    # (sentence, the run's words after the rule; a sentence the rule leaves alone)
    "a word capitalised for opening the sentence": ("Wethouder Sanne Koopmans opende de school.", ("Sanne", "Koopmans"),
                                                    "Kier Starmer sprak in Londen."),
    "a title before a name": ("Gisteren sprak Premier Dick Schoof met boeren.", ("Dick", "Schoof"),
                              "Gisteren sprak Dick Schoof met boeren."),
}
NEVER_A_NAME = {
    "two letters, no acronym English keeps": (names._Part("OM", "word", True, False, False, False),
                                              names._Part("TB", "name", True, False, False, False)),
    "a particle of names": (names._Part("Van", "word", True, False, False, False),
                            names._Part("Vanessa", "word", True, False, False, False)),
    "a word in capitals in a headline in capitals": (names._Part("AJAX", "name", True, False, False, True),
                                                     names._Part("AJAX", "name", True, False, False, False)),
}
A_NAME = {
    "a name English shows": (names._Part("Montana", "name", True, False, True, False),
                             names._Part("Kamer", "dutch", True, False, False, False)),
    "a Dutch name English copies": (names._Part("Rutte", "word", True, False, False, False),
                                    names._Part("Grenzen", "word", True, False, True, False)),
}
NAME_SHOWN = {
    # (Dutch, English, the name, certain; an English that does not show it)
    "written as the initials of a name": ("Een bezoeker uit New York City klaagde.", "An NYC visitor complained.", "York", True,
                                          "A visitor complained."),
    "in its own form, the glossary's or a close one": ("Volgens president Poetin is Kiev bedreigd.",
                                                       "According to President Putin, Kyiv is threatened.", "Poetin", True,
                                                       "According to the president, Kyiv is threatened."),
    "in its English form": ("Vermoedelijke gevallen in Kroatië blijven onbevestigd.", "Presumed cases in Croatia remain unconfirmed.",
                            "Kroatië", True, "Presumed cases in Serbia remain unconfirmed."),
    "an opener that may be a word, no other name in the English": ("Vogels drinken water.", "Birds drink water.", "Vogels", False,
                                                                   "Okafor drinks water."),
    "the name part of a Dutch compound": ("Het Eriekanaal is oud.", "The Erie Canal is old.", "Eriekanaal", True,
                                          "The canal is old."),
}
EN_TIME_SHAPES = {
    # (English, its times in minutes after midnight)
    "hours and minutes with a zone": ("The talks began at 1200 GMT.", {720}),
    "noon or midnight": ("The shop closes at midnight.", {0}),
    "an hour with a.m. or p.m.": ("The train leaves at 8 pm.", {1200}),
    "hours and minutes": ("The train leaves at 8:30.", {510, 1230}),  # a.m. or p.m.
}
NO_NUMBER = {
    # (Dutch, English: no number lost)
    "op twee na: an ordinal (the third largest)": ("Izmir is de op twee na grootste stad.", "Izmir is the third largest city."),
    "in acht nemen: to heed": ("Neem de regels in acht.", "Observe the rules."),
}
NEGATION_KEPT = {
    # (Dutch, an English that keeps the no by this rule, one that does not)
    "an English negative": ("De minister wil het plan niet steunen.", "The minister won't support the plan.",
                            "The minister wants to support the plan."),
    "two Dutch negations make a yes": ("Zwemmen is niet onveilig.", "Swimming is safe.", None),
    "an idiom": ("Het scheelde niet veel of ik was van de trap gevallen.", "I was close to falling down the stairs.",
                 "I fell down the stairs."),
    "an antonym of a negated adjective": ("Dat is geen goed idee.", "That is a bad idea.", "That is a good idea."),
    # The Dutch has an on- word of its own (ongelukkige): unfortunate is that one's.
    "a negative prefix": ("De verf is niet gelijkmatig verdeeld.", "The paint is unevenly spread.", None),
}
KINDS = {
    # (a word this rule decides, its kind)
    "a place English names its own way": ("Kroatië", "name"),
    "a capitalised Dutch word English translates": ("Tweede", "dutch"),
    "a Dutch word in capitals": ("NIET", "dutch"),
    "an acronym English text has": ("NASA", "name"),
    "a Dutch acronym": ("KNMI", "word"),
    "built like a Dutch adjective or compound": ("Noordelijke", "dutch"),
    "as common in English text as in Dutch": ("Montana", "name"),
    "a Dutch word by the lexicon": ("Voorzitter", "dutch"),
    "too common in Dutch to be a name": ("Mensen", "dutch"),
    "a common Dutch word unknown to English text": ("Gorinchem", "dutch-only"),
    "mostly Dutch": ("Rutte", "word"),
}
PLACE_SOURCES = {
    "countries and regions (CLDR)": ("Kroatië", "Croatia"),
    "languages (CLDR)": ("Duits", "German"),
    "cities, regions and abbreviations English writes its own way": ("Keulen", "Cologne"),
    "countries by their adjective": ("Nederland", "Netherlands|Dutch|Holland"),
}
CHECKS = {
    # (Dutch, an English the check flags, one it does not)
    "number": ("Er waren achttien deelnemers.", "There were 80 participants.", "There were 18 participants."),
    "negation": ("De minister wil het plan niet steunen.", "The minister wants to support the plan.",
                 "The minister does not want to support the plan."),
    "name": ("Siminoff zei dat de verkoop steeg.", "Peters said that sales rose.", "Siminoff said that sales rose."),
    "date": ("Op dinsdag 4 juni sprak hij.", "On Wednesday 4 June he spoke.", "On Tuesday, June 4, he spoke."),
    "quote": ('Hij zei: "We gaan door met het plan."', "He said we continue with the plan.",
              'He said, "We continue with the plan."'),
    "untranslated": ("De Raad van State adviseert het kabinet.", "De Raad van State adviseert het kabinet.",
                     "The Council of State advises the cabinet."),
    "repetition": ("Hij ging naar huis.", "He went to the the the house.", "He went home."),
    "length": ("De Russische president bezocht gisteren de hoofdstad van Noord-Korea voor overleg.", "The Russian president visited.",
               "The Russian president visited the capital of North Korea yesterday for talks."),
}


@pytest.mark.parametrize(("table", "examples"), [
    (names._NO_NAME_AFTER, NO_NAME_AFTER), (names._NOT_OF_THE_NAME, NOT_OF_THE_NAME), (names._NEVER_A_NAME, NEVER_A_NAME),
    (names._A_NAME, A_NAME), (names._NAME_SHOWN, NAME_SHOWN), (numbers._EN_TIME_SHAPES, EN_TIME_SHAPES),
    (numbers._NO_NUMBER, NO_NUMBER), (negation._NEGATION_KEPT, NEGATION_KEPT), (kinds._KIND_RULES, KINDS),
    (places._PLACE_SOURCES, PLACE_SOURCES), ([(c.flag,) for c in checks.CHECKS], CHECKS),
], ids=["no name after", "not of the name", "never a name", "a name", "name shown", "English time shapes", "no number",
        "negation kept", "kinds", "place sources", "checks"])
def test_every_rule_has_examples(table: Iterable[tuple[Any, ...]], examples: dict[str, Any]) -> None:
    assert _named(table) == list(examples)


def _rule(table: Iterable[tuple[Any, ...]], name: str) -> Any:
    return next(rule for rule in table if rule[0] == name)


@pytest.mark.parametrize("name", list(NO_NAME_AFTER))
def test_no_name_after(name: str) -> None:
    before, not_before = NO_NAME_AFTER[name]
    pattern = _rule(names._NO_NAME_AFTER, name)[1]
    assert re.search(pattern, before) and not re.search(pattern, not_before)


def test_no_name_after_in_sentences() -> None:
    assert "Chr" not in names.names_in("Er zijn schilderingen uit 5000 v.Chr. gevonden.", WORDS)
    assert names.names_in("Het ministerie van Economie, Handel en Industrie reageerde.", WORDS) == []


def _run_of(dutch: str) -> names._Run:
    return max(names._capital_runs(dutch), key=lambda run: len(run.words))


@pytest.mark.parametrize("name", list(NOT_OF_THE_NAME))
def test_not_of_the_name(name: str) -> None:
    dutch, kept, untouched = NOT_OF_THE_NAME[name]
    drop: Callable[[names._Run, WordCache], names._Run] = _rule(names._NOT_OF_THE_NAME, name)[1]
    assert drop(_run_of(dutch), WORDS).words == kept
    assert drop(_run_of(untouched), WORDS).words == _run_of(untouched).words


@pytest.mark.parametrize(("table", "examples"), [(names._NEVER_A_NAME, NEVER_A_NAME), (names._A_NAME, A_NAME)],
                         ids=["never a name", "a name"])
def test_parts(table: Any, examples: dict[str, tuple[names._Part, names._Part]]) -> None:
    for name, (matches, does_not) in examples.items():
        holds = _rule(table, name)[1]
        assert holds(matches), name
        assert not holds(does_not), name


@pytest.mark.parametrize("name", list(NAME_SHOWN))
def test_name_shown(name: str) -> None:
    dutch, english, found, certain, other = NAME_SHOWN[name]
    shown = _rule(names._NAME_SHOWN, name)[1]
    assert shown(found, certain, names._English.read(dutch, english, {}, WORDS))
    assert not shown(found, certain, names._English.read(dutch, other, {}, WORDS))
    assert found not in names.missing_names(dutch, english, {}, WORDS)
    assert found in names.missing_names(dutch, other, {}, WORDS)


@pytest.mark.parametrize("name", list(EN_TIME_SHAPES))
def test_english_time_shapes(name: str) -> None:
    english, minutes = EN_TIME_SHAPES[name]
    m = numbers._EN_TIME.search(english)
    assert m is not None
    assert next(shape for shape, group, _ in numbers._EN_TIME_SHAPES if m.groups()[group]) == name
    assert numbers._english_times(english) == minutes


@pytest.mark.parametrize("name", list(NO_NUMBER))
def test_no_number(name: str) -> None:
    dutch, english = NO_NUMBER[name]
    assert re.search(_rule(numbers._NO_NUMBER, name)[1], dutch)
    assert numbers.missing_numbers(dutch, english) == []


@pytest.mark.parametrize("name", list(NEGATION_KEPT))
def test_negation_kept(name: str) -> None:
    dutch, english, lost = NEGATION_KEPT[name]
    kept = _rule(negation._NEGATION_KEPT, name)[1]
    assert kept(dutch, english, WORDS)
    assert negation.lost_negation(dutch, english, WORDS) == ""
    if lost is not None:
        assert not kept(dutch, lost, WORDS)
        assert negation.lost_negation(dutch, lost, WORDS) != ""


def test_a_dutch_word_of_its_own_is_no_english_negative() -> None:
    """denied translates ontkende, not the niet."""
    assert not negation._says_no("Hij ontkende het niet.", "He denied it.", WORDS)
    assert negation._says_no("Hij ontkende het niet.", "He did not deny it.", WORDS)


def test_a_dutch_negative_prefix_of_its_own_keeps_the_english_one() -> None:
    """ongelukkige is unfortunate: the negation of niet aanwezig is still lost."""
    dutch = "Ik was niet aanwezig bij dit ongelukkige voorval."
    assert not negation._negative_prefix(dutch, "I was present at this unfortunate incident.", WORDS)
    assert negation._negative_prefix("De verf is niet gelijkmatig verdeeld.", "The paint is unevenly spread.", WORDS)


@pytest.mark.parametrize("name", list(KINDS))
def test_kinds(name: str) -> None:
    word, kind = KINDS[name]
    evidence = kinds._Evidence(word, WORDS)
    assert next(rule for rule, _, holds in kinds._KIND_RULES if holds(evidence)) == name
    assert kinds._classify(word, WORDS) == kind


@pytest.mark.parametrize("name", list(PLACE_SOURCES))
def test_place_sources(name: str) -> None:
    dutch, english = PLACE_SOURCES[name]
    assert (dutch, english) in _rule(places._PLACE_SOURCES, name)[1]()


def test_place_forms() -> None:
    forms = places._cldr_forms()
    assert forms["Keulen"] == ["cologne"]
    assert "croatia" in forms["Kroatië"]
    assert "Zuid" not in forms  # Zuid is no form of Africa in Zuid-Frankrijk


@pytest.mark.parametrize("flag", list(CHECKS))
def test_checks(flag: str) -> None:
    dutch, flagged, clean = CHECKS[flag]
    assert flag in checks.check(dutch, flagged, {}, WORDS)
    assert flag not in checks.check(dutch, clean, {}, WORDS)


def test_the_table_of_checks_is_the_flags_in_order() -> None:
    assert list(checks.FLAGS) == [c.flag for c in checks.CHECKS]
    assert checks.flags("Er waren achttien deelnemers.", "", {}, WORDS) == ["untranslated"]


def test_one_negation_before_a_word_of_its_own_is_no_double_negation() -> None:
    assert negation._double_negation("Zwemmen is niet onveilig.", "", WORDS)
    assert not negation._double_negation("Zwemmen is niet veilig.", "", WORDS)
    assert not negation._double_negation("Hij kwam niet onder de brug door.", "", WORDS)  # onder- is no negative prefix
