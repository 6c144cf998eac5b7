"""The quote stage's named rules, each with Dutch it must handle (and, where useful, Dutch it
must leave alone): the tables in briefing/nlp/quotes/marks.py, lexicon.py and __init__.py."""

from __future__ import annotations

import pytest

import briefing.nlp.quotes as quotes_stage
from briefing.cli.eval_quotes import score
from briefing.nlp.quotes import Quote, combine_across_articles, find_quotes, marks
from briefing.nlp.quotes import lexicon as lx
from briefing.nlp.quotes.marks import find_quote_spans
from briefing.nlp.segment import segment_block


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
        ("club before a role compound", "Dat meende de Willem II-trainer.", []),
        ("club before a role compound", "Aldus Go Ahead Eagles-coach Paul Simonis.", ["Paul Simonis"]),
        ("club before a role compound", "Hij belde Willem Jansen-de Wit.", ["Willem Jansen-de Wit"]),
        ("run of name tokens", "Hydroloog Sabine Groenewoud zei het.", ["Sabine Groenewoud"]),
        ("run of name tokens", "Zijn advocaat, mr. Shurman Doran, zei het.", ["Shurman Doran"]),  # no role: no Dutch word, a surname after
        ("run of name tokens", "Doelvrouw Rosalie zei het.", ["Rosalie"]),
        ("run of name tokens", "H.J. van Leeuwen zei het.", ["H.J. van Leeuwen"]),
        ("run of name tokens", "Marcel D. werd opgepakt.", ["Marcel D."]),
        ("run of name tokens", "Hij zag A. niet.", []),
        ("run of name tokens", "Meneer K. vroeg me nog iets.", ["K."]),  # an initial after a form of address
        ("run of name tokens", "Ik zat bij mevrouw B., 91 jaar.", ["B."]),
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


# --- attribution in the article: which rule of a table gave the result ----------------------------


def _quotes(text: str) -> list[Quote]:
    return find_quotes([p for block in text.split("\n\n") for p in segment_block(block)])


def _fired(monkeypatch, table: str, field: str, fires) -> list[str]:
    """Replace quotes_stage.<table> by the same rules, recording the name of each whose <field>
    (a function) gave a result that `fires` accepts."""
    seen: list[str] = []

    def recording(rule):
        def call(*args):
            out = getattr(rule, field)(*args)
            if fires(out):
                seen.append(rule.name)
            return out

        return rule._replace(**{field: call})

    monkeypatch.setattr(quotes_stage, table, tuple(recording(r) for r in getattr(quotes_stage, table)))
    return seen


INTERVIEW = (
    "Schrijver Arnon Grunberg woont al jaren in New York en schreef een nieuw boek over zijn jeugd.\n\n"
    "Waarom schreef u dit boek?\n\n‘Omdat ik het verhaal echt niet kwijt kon raken.’"
)


@pytest.mark.parametrize(
    "name,text,speaker,evidence",
    [
        ("interview answer after a question", INTERVIEW, "Arnon Grunberg", ""),
        (
            "reported speech in the sentence before",
            "Volgens burgemeester Femke Halsema is de maatregel nodig. ‘We kunnen echt niet anders meer.’",
            "Femke Halsema", "said",
        ),
        (
            "spokesperson the sentence before was about",
            "Een woordvoerder van het ministerie wil niet ingaan op de kritiek. ‘Wij wachten het onderzoek rustig af.’",
            "het ministerie", "spokesperson, subject before",
        ),
        (
            "person the sentence before was about",
            "Marieke Jansen woont al veertig jaar in het dorp aan de rivier.\n\n‘Zoiets heb ik echt nog nooit meegemaakt.’",
            "Marieke Jansen", "subject, paragraph before",
        ),
        (
            "last speaker goes on",
            "‘Het is nu echt genoeg geweest’, zegt boer Jan de Vries. Het water staat al weken hoog. ‘Wij willen nu eindelijk hulp.’",
            "Jan de Vries", "same paragraph",
        ),
    ],
)
def test_context_rules(monkeypatch, name, text, speaker, evidence):
    fired = _fired(monkeypatch, "CONTEXT_RULES", "speaker", lambda out: out is not None)
    last = _quotes(text)[-1]
    assert fired[-1] == name
    assert (last.candidate, last.evidence, last.key) == (speaker, evidence, True)


def test_context_rules_find_nobody_without_a_person_before():
    (quote,) = _quotes("Het kabinet vergaderde lang over de begroting. ‘Wij willen nu eindelijk hulp van iemand.’")
    assert quote.candidate is None and not quote.key


@pytest.mark.parametrize(
    "name,text,speaker",
    [
        (
            "an untrusted speaker in the sentence",  # silence, not a guess
            "Een bron zegt: ‘het is een schande voor iedereen hier in het dorp’.",
            None,
        ),
        (
            "quotation opening its sentence: speaker from the text before",
            "Marieke Jansen reageerde kort. ‘We zullen zien.’",
            "Marieke Jansen",
        ),
        (
            "reported speech going on from the sentence before",
            "Daarin zei minister Hugo de Jonge dat het kabinet niets wist. "
            "Sindsdien heeft de ‘kwestie van de toeslagen al lang gespeeld’ in Den Haag.",
            "Hugo de Jonge",
        ),
    ],
)
def test_speaker_rules(monkeypatch, name, text, speaker):
    fired = _fired(monkeypatch, "SPEAKER_RULES", "applies", bool)
    assert _quotes(text)[-1].candidate == speaker
    assert fired[-1] == name


def test_reported_speech_does_not_go_on_where_someone_unnamed_speaks():
    # `Een VN-coördinator zei dat …`: the sentence has a speaker of its own, unnamed: silence,
    # not the minister of the sentence before.
    text = "Daarin zei minister Hugo de Jonge dat het kabinet niets wist. Een VN-coördinator zei dat de hulp ‘veel te laat op gang is gekomen’."
    assert _quotes(text)[-1].candidate is None


@pytest.mark.parametrize(
    "name,text,key",
    [
        ("at least the key quote's words", "‘Het is nu echt genoeg geweest’, zegt boer Jan de Vries.", True),
        ("short full sentence said in its sentence", ",,Hun aanpak rendeert'', concludeert onderzoeker Kees Aalberts.", True),
        ("short full sentence alone after its speaker", "Marieke Jansen reageerde kort. ‘We zullen zien.’", True),
        # Not alone in its sentence: too short to be a key quote.
        ("", "Marieke Jansen reageerde kort. ‘We zullen zien’ staat op het bord bij de ingang.", False),
    ],
)
def test_key_length_rules(monkeypatch, name, text, key):
    fired = _fired(monkeypatch, "KEY_LENGTH_RULES", "test", bool)
    (quote,) = _quotes(text)
    assert quote.candidate is not None and quote.key is key
    assert fired == ([name] if name else [])


@pytest.mark.parametrize(
    "name,text,speaker,evidence",
    [
        (
            "an attributed quotation: its speaker spoke last",
            "‘Het is nu echt genoeg geweest’, zegt boer Jan de Vries. Het water staat al weken hoog. ‘Wij willen nu eindelijk hulp.’",
            "Jan de Vries", "same paragraph",
        ),
        (
            "an unnamed spokesperson in play",
            "‘Het is nu echt genoeg geweest’, zegt boer Jan de Vries. Een woordvoerder van het waterschap wil niet reageren. "
            "‘Wij willen nu eindelijk hulp van iemand.’",
            "het waterschap", "spokesperson, subject before",
        ),
        (
            "a pronoun nobody was met for speaks",
            "‘Het is nu echt genoeg geweest’, zegt boer Jan de Vries. Vanochtend zei ze iets over de dijk. "
            "‘Wij willen nu eindelijk hulp van iemand.’",
            None, None,
        ),
    ],
)
def test_discourse_rules(monkeypatch, name, text, speaker, evidence):
    fired = _fired(monkeypatch, "DISCOURSE_RULES", "applies", bool)
    last = _quotes(text)[-1]
    assert name in fired
    assert (last.candidate, last.evidence) == (speaker, evidence)


def test_reported_speech_makes_its_speaker_the_last():
    text = "Minister Hugo de Jonge zegt dat het kabinet niets wist. Het water staat hoog.\n\n‘Wij wisten van niets, echt niets.’"
    assert _quotes(text)[-1].candidate == "Hugo de Jonge"


def test_headline_quotation_takes_the_speaker_of_the_body():
    found = _quotes(
        "Celstraf voor man: ,,Ik was het helemaal zat''\n\n"
        "De rechter was streng. ,,Ik was het helemaal zat'', zei Piet Bakker tegen de rechter."
    )
    assert [(q.candidate, q.attribution) for q in found] == [("Piet Bakker", "same quotation"), ("Piet Bakker", "same sentence")]


def test_a_quotation_by_a_pronoun_of_the_other_gender_does_not_go_on_with_the_last_speaker():
    text = (
        "De wijkzorg gaat kapot, schrijft Mirjam de Haan.\n\n"
        "Ik zat bij een oude weduwnaar in Zwolle. ‘Ik moet elke ochtend alles opnieuw uitleggen’, zei hij. "
        "‘Dat is niet erg. Maar ik weet niet meer wie ik kan vertrouwen.’"
    )
    assert _quotes(text)[-1].candidate is None
    same_gender = "Trainer Jan Bos was blij.\n\n‘We hebben goed gespeeld vandaag, echt waar’, zei hij. ‘Dit team geeft nooit op, nooit.’"
    assert _quotes(same_gender)[-1].candidate == "Jan Bos"


def test_a_person_who_died_is_not_the_speaker_the_sentence_before_was_about():
    text = (
        "Marian Wolters bakt al veertig jaar brood in Tiel.\n\n"
        "Die crisis herinnert Marian zich nog goed. Haar man Gerrit, in 2019 overleden, moest toen personeel ontslaan. "
        ",,Hij heeft er nachten niet van geslapen. Maar we zijn nooit één dag dicht geweest.''"
    )
    assert _quotes(text)[-1].candidate != "Gerrit"
    alive = "Die crisis herinnert Marian zich nog goed. Haar man Gerrit moest toen personeel ontslaan. ,,Ik heb er nachten niet van geslapen, echt.''"
    assert _quotes(alive)[-1].candidate == "Gerrit"


def test_headline_quotation_given_to_the_name_before_its_colon_takes_the_body_speaker():
    found = _quotes(
        "In memoriam | Jo Creemers (1938-2025): 'Muziek was zijn tweede taal'\n\n"
        "Zondag overleed Jo Creemers in Geleen.\n\n"
        "Zijn dochter Marie-José Creemers-Hermans (61) noemt hem streng. Ze lacht. 'Muziek was zijn tweede taal. Misschien wel zijn eerste.'"
    )
    assert (found[0].candidate, found[0].attribution) == ("Marie-José Creemers-Hermans", "same quotation")


# --- across articles ------------------------------------------------------------------------------


def test_articles_that_agree_share_the_fullest_speaker():
    full = _quotes("‘Wij gaan dit echt niet zomaar accepteren’, zei Mark Rutte.")
    unnamed = _quotes("‘Wij gaan dit echt niet zomaar accepteren.’ Het kabinet vergaderde.")
    short = _quotes("‘Wij gaan dit echt niet zomaar accepteren’, zei Rutte.")
    combine_across_articles([full, unnamed, short])
    assert [(q.candidate, q.speaker, q.attribution) for q in full + unnamed + short] == [
        ("Mark Rutte", "Mark Rutte", "same sentence"),
        ("Mark Rutte", "Mark Rutte", "other article"),
        ("Mark Rutte", "Mark Rutte", "same sentence"),
    ]
    assert unnamed[0].key and unnamed[0].confidence == full[0].confidence


def test_articles_that_disagree_lose_confidence():
    one = _quotes("‘Wij gaan dit echt niet zomaar accepteren’, zei Mark Rutte.")
    other = _quotes("‘Wij gaan dit echt niet zomaar accepteren’, zei Sigrid Kaag.")
    before = one[0].confidence or 0.0
    combine_across_articles([one, other])
    assert one[0].confidence == round(before * quotes_stage.CONFLICT, 3)
    assert other[0].confidence == one[0].confidence


# --- scoring --------------------------------------------------------------------------------------


def test_score_pairs_each_annotation_once_and_sorts_speakers():
    found = _quotes(
        "‘Het is nu echt genoeg geweest’, zegt boer Jan de Vries. ‘Het is nu echt genoeg geweest’, zegt Femke Smit."
    )
    gold = {
        "a": [
            {"quote": "Het is nu echt genoeg geweest", "speaker": "Jan de Vries", "key": True},
            {"quote": "Het is nu echt genoeg geweest", "speaker": "boer Jan de Vries", "key": True},
            {"quote": "Dat zei niemand", "speaker": "X", "key": True},
        ]
    }
    result = score(gold, {"a": found})
    assert (result.gold_all, result.found_all, result.matched_all) == (3, 2, 2)
    assert (result.gold_key, result.found_key, result.matched_key, result.speaker_right) == (3, 2, 2, 1)
    assert len(result.misses) == 1 and result.false_keys == []
    assert result.wrong_speakers == ["a: 'Het is nu echt genoeg geweest': 'Femke Smit', annotated 'boer Jan de Vries'"]
