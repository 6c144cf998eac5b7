from __future__ import annotations

import re

import pytest
from conftest import SEED_FILES
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.ingest.articles import read_article
from briefing.nlp.segment import is_heading, segment_article, segment_block, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Hij sprak o.a. met dhr. Jansen. Daarna ging hij weg.", 2),
        ("Dat is bijv. een auto. Ook d.w.z. iets anders. Klaar.", 3),
        ("Mr. De Vries en dr. Smit spraken. Het was laat.", 2),
        ("J. Smit en A.B. Jansen kwamen. Niemand bleef.", 2),
        ("Er staan 100.000 soldaten klaar. De groei was 3,5 procent.", 2),
        ("Het gebeurde in 2019. Daarna niet meer.", 2),
        ("Toen bezocht hij Kim Jong-un. Die was blij.", 2),
        ("Hij zei: “Dit is één zin. En dit een tweede.” Daarna zweeg hij.", 3),
        ("“Waarom?” vroeg hij. Niemand wist het.", 2),
        ("“Het laat zien dat het werkt”, zei Kirby. Zo is het.", 2),
        ("Het kostte ca. twintig euro. Dat is veel.", 2),
        ("Wacht… Nee! Ja? Goed.", 4),
    ],
)
def test_dutch_sentence_boundaries(text, expected):
    assert len(texts(text)) == expected, texts(text)


def test_quotation_over_several_sentences_keeps_its_marks_with_its_sentences():
    got = texts("Hij zei: “Zoals we eerder zeiden. We hebben informatie.” Daarna ging hij.")
    assert got == ["Hij zei: “Zoals we eerder zeiden.", "We hebben informatie.”", "Daarna ging hij."]


@pytest.mark.parametrize("line", ["Kernwapens", "Groots ontvangst", "Shoigu in Noord-Korea", "100.00 soldaten"])
def test_subheadings(line):
    assert is_heading(line)


@pytest.mark.parametrize("line", ["Dit is een zin.", "Wat nu?", "Een zin die eindigt op een dubbelepunt:", ""])
def test_not_subheadings(line):
    assert not is_heading(line)


def test_seed_subheadings_and_caption():
    article = read_article(next(p for p in SEED_FILES if p.name.startswith("003")))
    kinds = [(p.kind, p.text[:30]) for p in segment_article(article)]
    assert ("heading", "Waarschuwingen van Washington") in kinds
    assert ("heading", "Shoigu in Noord-Korea") in kinds
    assert sum(k == "caption" for k, _ in kinds) == 1


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_seed_segmentation_is_lossless(path):
    for paragraph in segment_article(read_article(path)):
        assert _squash("".join(s.text for s in paragraph.sentences)) == _squash(paragraph.text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_sentences_joined_give_the_paragraph_back(text):
    sentences = split_sentences(text)
    assert _squash("".join(s.text for s in sentences)) == _squash(text)
    pos = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert text[pos : s.start].strip() == ""
        pos = s.end
    assert text[pos:].strip() == ""


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Hij zei: “Ja.", "o.a.", "dhr. Smit", "Kim Jong-un.", "100.000", "3,5", "‘x’", "Nee!", "\n", " ", "Kernwapens", "e.d.", "A."]), max_size=40))
def test_lossless_on_dutch_like_text(parts):
    text = " ".join(parts)
    for paragraph in segment_block(text):
        assert _squash("".join(s.text for s in paragraph.sentences)) == _squash(paragraph.text)


@pytest.mark.parametrize(
    "text,expected",
    [
        # A ,,…'' or „…” quotation opening a sentence after a full stop starts a new sentence.
        ("Anna is blij met het schip. ,,Het is bijzonder dat het hier ligt.'' Zo is het.",
         ["Anna is blij met het schip.", ",,Het is bijzonder dat het hier ligt.''", "Zo is het."]),
        ("Hij stopt ermee. „Mijn rug wil niet meer.”", ["Hij stopt ermee.", "„Mijn rug wil niet meer.”"]),
        # An acronym ends a sentence when a capital follows; `vs.` in lower case does not.
        ("Zij woont in de VS. Daar is het warm.", ["Zij woont in de VS.", "Daar is het warm."]),
        ("Dat stelt het OM. Ook zei hij niets.", ["Dat stelt het OM.", "Ook zei hij niets."]),
        ("Het werd 3 vs. 4 in de finale.", ["Het werd 3 vs. 4 in de finale."]),
        # Ship prefixes are abbreviations.
        ("De Zr. Ms. Tromp en Zr.Ms. Karel Doorman kwamen aan.", ["De Zr. Ms. Tromp en Zr.Ms. Karel Doorman kwamen aan."]),
        ("Aan boord van Hr.Ms. Van Speijk was het rustig.", ["Aan boord van Hr.Ms. Van Speijk was het rustig."]),
        # An elided article opens the next sentence.
        ("Hij kwam uit Tubbergen. 's Nachts reed hij door.", ["Hij kwam uit Tubbergen.", "'s Nachts reed hij door."]),
    ],
)
def test_dutch_news_sentence_boundaries(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_a_full_stop_glued_to_the_next_quotation_ends_the_sentence():
    assert texts("Hij reageerde toen de oppositie hem tegensprak.'Daar klopt niets van', zei Jansen.") == [
        "Hij reageerde toen de oppositie hem tegensprak.",
        "'Daar klopt niets van', zei Jansen.",
    ]
    assert texts("Hij woont in Den Haag.,,Dat is fijn'', zegt hij.") == ["Hij woont in Den Haag.", ",,Dat is fijn'', zegt hij."]
    assert texts("Dat kost 3.5 miljoen. Zei hij.") == ["Dat kost 3.5 miljoen.", "Zei hij."]
