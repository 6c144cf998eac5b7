"""The quote stage's named rules, each with Dutch it must handle (and, where useful, Dutch it
must leave alone): the tables in briefing/nlp/quotes/marks.py, lexicon.py and __init__.py."""

from __future__ import annotations

import pytest

from briefing.nlp.quotes import lexicon as lx
from briefing.nlp.quotes import marks
from briefing.nlp.quotes.marks import find_quote_spans


def _site(text: str, mark: str, occurrence: int = 0) -> marks.Site:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(mark, start + 1)
    return marks.Site(text, start, start + len(mark))


def _rule(table, name):
    return next(rule for rule in table if rule.name == name)


def _spans(text: str) -> list[tuple[str, int, bool]]:
    return [(text[s.start : s.end], s.depth, s.closed) for s in find_quote_spans(text)]


# --- marks: apostrophes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,text,mark,expected",
    [
        ("apostrophe inside a word", "zo'n twintig auto's", "'", True),
        ("apostrophe inside a word", "z'n fiets", "'", True),
        ("apostrophe inside a word", "Shoigu’s plan", "’", True),
        ("apostrophe inside a word", "hij zei 'nee'", "'", False),
        ("elision opening a word", "'s avonds laat", "'", True),
        ("elision opening a word", "het was 't einde", "'", True),
        ("elision opening a word", "hij zei 'siddering' niet", "'", False),
        ("year without its century", "Rode Leeuw '61 won", "'", True),
        ("year without its century", "de jaren '802", "'", False),
        ("year without its century", "de jaren '80 en '90", "'", True),
    ],
)
def test_apostrophe_rules(name, text, mark, expected):
    assert _rule(marks.APOSTROPHE_RULES, name).test(_site(text, mark)) is expected


@pytest.mark.parametrize(
    "text",
    ["’s Avonds rijden zo’n twintig auto’s langs.", "Hij pakte z'n tas en d'r jas.", "Sinds Rode Leeuw '61 is 't stil."],
)
def test_elisions_make_no_quotation(text):
    assert find_quote_spans(text) == []


# --- marks: which marks open and close ------------------------------------------------------------


@pytest.mark.parametrize(
    "name,text,mark,expected",
    [
        ("opening after a space or punctuation", "Hij zei: ‘Nee.’", "‘", True),
        ("opening after a space or punctuation", "(„Nooit”)", "„", True),
        ("opening after a space or punctuation", "woord‘Nee", "‘", False),
        ("opening glued to a full stop", "tegensprak.'Daar klopt niets van'", "'", True),
        ("opening glued to a full stop", "tegensprak.'daar klopt niets van'", "'", False),
        ("closing after a word", "‘Nee,’ zei hij", "’", True),
        ("closing after a word", "‘Nee’", "’", True),
        ("closing after a word", "zei ’Nee", "’", False),
    ],
)
def test_open_and_close_rules(name, text, mark, expected):
    assert _rule((*marks.OPEN_RULES, marks.CLOSE_RULE), name).test(_site(text, mark)) is expected


@pytest.mark.parametrize(
    "mark,family,may_open,may_close",
    [(",,", marks.DOUBLE, True, False), ("''", marks.DOUBLE, False, True), ("„", marks.DOUBLE, True, False),
     ("”", marks.DOUBLE, False, True), ('"', marks.DOUBLE, True, True), ("‘", marks.SINGLE, True, True),
     ("«", marks.DOUBLE, True, False), ("›", marks.SINGLE, False, True)],
)
def test_mark_kinds(mark, family, may_open, may_close):
    assert marks.MARK_KINDS[mark] == marks.MarkKind(family, may_open, may_close)


def test_double_closing_mark_also_closes_a_single_quotation():
    assert _spans("Hij zei 'we gaan door'' en vertrok.") == [("we gaan door", 0, True)]


# --- marks: nesting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,text,expected",
    [
        (
            "double mark opens a sentence inside an unclosed single",
            "Ze noemde het 'onzin. \"Dit klopt niet\", zei ze.",
            [("onzin.", 0, False), ("Dit klopt niet", 0, True)],
        ),
        (
            "quotation quoted after a colon in the same marks",
            ",,Toen zei mijn moeder: ,,Kom binnen'' Dat deed ik.''",
            [("Toen zei mijn moeder: ,,Kom binnen'' Dat deed ik.", 0, True), ("Kom binnen", 1, True)],
        ),
        (
            "same mark again: the earlier never closed",
            "‘Wij gaan door. ‘Niemand houdt ons tegen.’",
            [("Wij gaan door.", 0, False), ("Niemand houdt ons tegen.", 0, True)],
        ),
    ],
)
def test_nesting_rules(name, text, expected):
    assert any(rule.name == name for rule in marks.NESTING_RULES)
    assert _spans(text) == expected


def test_other_mark_of_the_family_nests():
    text = ",,Op het spandoek stond „Handen af” en dat meenden we.''"
    assert _spans(text) == [("Op het spandoek stond „Handen af” en dat meenden we.", 0, True), ("Handen af", 1, True)]


def test_unclosed_quotation_ends_with_its_paragraph():
    # A quotation over several paragraphs opens each with its mark and closes only in the last.
    assert _spans("‘We wisten van niets. Niemand had ons gewaarschuwd.") == [
        ("We wisten van niets. Niemand had ons gewaarschuwd.", 0, False)
    ]
    assert _spans("‘En toen kwam het water.’ zei hij.") == [("En toen kwam het water.", 0, True)]


# --- lexicon: name tokens -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,token,not_fired",
    [
        ("no capital", "poetin", "Poetin"),
        ("function word or sentence opener", "Volgens", "Holterman"),
        ("pronominal adverb", "Daarover", "Daan"),
        ("half of a compound", "Voedsel-", "Jong-un"),
        ("dateline or shouted word", "STEENWIJK", "NAVO"),
        ("member of something", "CDA'er", "Kuiper"),
        ("role noun", "Minister", "Holterman"),
        ("compound role after a hyphen", "Pentagon-perschef", "Jong-un"),
        ("compound common noun", "Oekraïne-oorlog", "Bos-Lubbers"),
        ("role compound", "Oppositieleider", "Kloosterboer"),
        ("demonym adjective", "Russische", "Jesse"),
    ],
)
def test_not_a_name_rules(name, token, not_fired):
    rule = _rule(lx.NOT_A_NAME_RULES, name)
    assert rule.test(token) and not lx.is_name_token(token)
    assert not rule.test(not_fired)


@pytest.mark.parametrize("token", ["Poetin", "Jong-un", "Holterman", "Groot", "Kloosterboer", "NAVO"])
def test_name_tokens(token):
    assert lx.is_name_token(token)


# --- lexicon: gender -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,person,role,expected",
    [
        ("first name on the hand lists", "Femke Smit", None, "f"),
        ("first name on the hand lists", "Mark Rutte", None, "m"),
        ("first name on the hand lists", "Kim Jong-un", None, None),  # Kim: either
        ("first name in the name book", "Ingeborg Jansen", None, "f"),
        ("first name in the name book", "Xander de Jong", None, "m"),
        ("first name in the name book", "Bakker", None, None),
        ("role of one gender", "Jansen", "woordvoerster", "f"),
        ("role of one gender", "Jansen", "zegsman", "m"),
        ("role of one gender", "Jansen", "directeur", None),
    ],
)
def test_gender_rules(name, person, role, expected):
    assert _rule(lx.GENDER_RULES, name).gender(person, role) == expected


def test_gender_from_the_first_rule_that_knows():
    assert lx.gender_of("Femke Smit", "zegsman") == "f"
    assert lx.gender_of("Jansen", "woordvoerster") == "f"
    assert lx.gender_of("Jansen") is None


# --- lexicon: chunking names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,text,expected",
    [
        ("article before an organisation", "De Vereniging Akkerbouw wil meer geld.", ["Vereniging Akkerbouw"]),
        ("surname after a capital particle", "Dat zei Van der Laan gisteren.", ["Van der Laan"]),
        ("surname after a capital particle", "Ter Haar zei nee.", ["Ter Haar"]),
        ("surname after a capital particle", "De Amerikaan Phil Mickelson won.", ["Phil Mickelson"]),
        ("no name token", "Volgens de politie is het rustig.", []),
        ("run of name tokens", "Hydroloog Sabine Groenewoud zei het.", ["Sabine Groenewoud"]),
        ("run of name tokens", "H.J. van Leeuwen zei het.", ["H.J. van Leeuwen"]),
        ("run of name tokens", "Marcel D. werd opgepakt.", ["Marcel D."]),
        ("run of name tokens", "Hij zag A. niet.", []),
        ("run of name tokens", "Ri Yong Ho zei het.", ["Ri Yong Ho"]),
    ],
)
def test_name_rules(name, text, expected):
    assert any(rule.name == name for rule in lx.NAME_RULES)
    assert [n.text for n in lx.names(text)] == expected


@pytest.mark.parametrize(
    "name,text,expected",
    [
        ("affiliation after a full name", "Ahmed Bensaïd van de Havenbond zegt dat.", ["Ahmed Bensaïd", "Havenbond"]),
        ("affiliation after a full name", "Jan van der Berg kwam.", ["Jan van der Berg"]),
        ("affiliation after a full name", "Jan Bos ’t Hoen lachte.", ["Jan Bos ’t Hoen"]),
        ("affiliation after a full name", "Tuinder Aafke ter Horst zei het.", ["Aafke ter Horst"]),
        ("particles without a surname after them", "Wiegel de VVD", ["Wiegel", "VVD"]),
        ("particles without a surname after them", "Fatma Yilmaz van de Rotterdamse haven", ["Fatma Yilmaz", "Rotterdamse"]),
        ("particles without a surname after them", "Tjitske de Boer zei het.", ["Tjitske de Boer"]),
        ("no name token next", "Geert Groot Koerkamp zei het.", ["Geert Groot Koerkamp"]),
        ("no name token next", "Mark Rutte zei het.", ["Mark Rutte"]),
    ],
)
def test_name_end_rules(name, text, expected):
    assert any(rule.name == name for rule in lx.NAME_END_RULES)
    assert [n.text for n in lx.names(text)] == expected
