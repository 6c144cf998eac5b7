"""Property tests: no text crashes ingest, segmentation, quotes or assembly, and nothing is lost."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import pipeline
from briefing.document import Document, English
from briefing.errors import InputError
from briefing.ingest.articles import parse_article
from briefing.nlp.quotes import find_quotes
from briefing.nlp.segment import segment_article
from briefing.output.assemble import assemble

# Text with the characters that matter here: quote marks, apostrophes, full stops, newlines.
pieces = st.sampled_from(
    ["Poetin", "zei", ":", "“", "”", "‘", "’", '"', "'", ",,", "''", "„", "«", "»", ".", "!", "?", " ", "\n", "\n\n",
     "Kim Jong-un", "o.a.", "100.000", "hij", "volgens", "de krant", "date 2024-06", "---", "title: x", "Volledig scherm",
     "© AFP", "AFP", "Update", "•", "11:48", "<script>", "&amp;", "*", "#", "Kernwapens",
     # Signs inside the Latin-1 letters' range that are no letters (the 4 × 400 meter crash).
     "×", "÷", "4 × 400 meter", "×2", "Ø", "É"]
)
dutchish = st.lists(st.one_of(pieces, st.text(max_size=12)), max_size=60).map("".join)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dutchish)
def test_any_text_is_read_or_refused_with_an_input_error(text):
    try:
        article = parse_article("x.txt", text)
    except InputError as exc:
        assert exc.path == "x.txt"
        return
    assert article.blocks


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dutchish)
def test_segmentation_of_any_article_is_lossless(text):
    try:
        article = parse_article("x.txt", text)
    except InputError:
        return
    for paragraph in segment_article(article):
        assert _squash("".join(s.text for s in paragraph.sentences)) == _squash(paragraph.text)
        for s in paragraph.sentences:
            assert paragraph.text[s.start : s.end] == s.text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dutchish)
def test_assembly_keeps_every_sentence_and_quote_marks_stay_in_bounds(text):
    try:
        article = parse_article("x.txt", text)
    except InputError:
        return
    paragraphs = segment_article(article)
    quotes = find_quotes(paragraphs)
    for q in quotes:
        assert paragraphs[q.paragraph].text[q.start : q.end] == q.text
    document = Document(article, paragraphs, quotes)
    english = {s.nl: English(s.nl.upper()) for s in document.segments()}
    pipeline.fill_english(document, english, None)
    briefing = assemble([document], {"model": "x"})
    (a,) = [a for g in briefing["groups"] for a in g["articles"]]
    assert a["counts"]["sentences_in"] == a["counts"]["rows_out"] == sum(len(p.sentences) for p in paragraphs)
    rows = [s for p in a["paragraphs"] for s in p["sentences"]]
    assert [r["nl"] for r in rows] == [s.text for p in paragraphs for s in p.sentences]
    for r in rows:
        for m in r["marks"]:
            assert 0 <= m["start"] < m["end"] <= len(r["nl"])
