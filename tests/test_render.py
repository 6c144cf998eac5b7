"""Rendering details: quote marks across rows, escaping, Markdown that renders."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import ClassVar

import markdown
import pytest
from conftest import SEEDS

from briefing.build import BuildConfig, build
from briefing.output.templates import md_escape
from briefing.testing import StandInTranslator
from briefing.translate.translator import TranslationConfig


@pytest.fixture(scope="module")
def seeds_built(tmp_path_factory):
    out = tmp_path_factory.mktemp("render")
    result = build(BuildConfig(inputs=[str(SEEDS)], out_dir=out), translator=StandInTranslator())
    return result.briefing, (out / "briefing.html").read_text(), (out / "briefing.md").read_text()


class Marks(HTMLParser):
    """Per sentence row: the text inside <mark data-quote=ID>, and whether the English is marked."""

    def __init__(self) -> None:
        super().__init__()
        self.row: str | None = None
        self.mark: str | None = None
        self.marked: dict[str, dict[str, str]] = {}
        self.english_marked: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "row" in (a.get("class") or "").split():
            self.row = a.get("id")
        if tag == "mark":
            self.mark = a.get("data-quote")
        if tag == "p" and a.get("lang") == "en" and "q-en" in (a.get("class") or ""):
            self.english_marked.add(self.row)

    def handle_endtag(self, tag):
        if tag == "mark":
            self.mark = None

    def handle_data(self, data):
        if self.mark and self.row:
            self.marked.setdefault(self.mark, {}).setdefault(self.row, "")
            self.marked[self.mark][self.row] += data


def test_key_quote_marked_exactly_across_every_row_it_covers(seeds_built):
    briefing, html, _ = seeds_built
    parser = Marks()
    parser.feed(html)
    articles = [a for g in briefing["groups"] for a in g["articles"]]
    checked = 0
    for article in articles:
        for quote in article["quotes"]:
            if not quote["key"]:
                continue
            rows = parser.marked[quote["id"]]
            assert list(rows) == quote["sentences"]
            assert " ".join(rows.values()) == " ".join(quote["nl"].split())
            assert set(quote["sentences"]) <= parser.english_marked
            checked += 1
    long_quote = next(q for a in articles for q in a["quotes"] if q["speaker"] == "Geert Groot Koerkamp")
    assert len(long_quote["sentences"]) == 10
    assert checked == briefing["summary"]["key_quotes"] == 12


def test_key_quotes_listed_with_speaker_role_english_and_dutch(seeds_built):
    briefing, html, md = seeds_built
    kirby = next(q for q in briefing["key_quotes"] if q["speaker"] == "John Kirby")
    assert kirby["role"] == "Pentagon-perschef"
    # Translated as a segment of its own (the glossary puts Putin for Poetin).
    assert kirby["en"] == "[en] " + kirby["nl"].replace("Poetin", "Putin")
    # The English lists show the role in English (the stand-in's translation of it).
    assert kirby["role_en"] == "[en] Pentagon-perschef" and kirby["speaker_en"] == "John Kirby"
    # The English lists name the speaker with the glossary applied; the Dutch keeps the Dutch.
    putin = next(q for q in briefing["key_quotes"] if q["speaker"] == "Vladimir Poetin")
    assert putin["speaker_en"] == "Vladimir Putin" and putin["attribution"] == "same sentence"
    assert "Vladimir Putin <span class=\"role\">" in html and "**Vladimir Putin**" in md
    assert "John Kirby</a> <span class=\"role\">([en] Pentagon-perschef)</span>" in html
    assert "**John Kirby** (\\[en\\] Pentagon-perschef): “\\[en\\] Het laat zien" in md


def test_article_text_is_escaped_in_html_and_markdown(tmp_path):
    (tmp_path / "x.txt").write_text(' date 2024-06 De tekst bevat <script>alert("x")</script> en *sterren* en [een](link).')
    result = build(BuildConfig(inputs=[str(tmp_path / "x.txt")], out_dir=tmp_path / "out"), translator=StandInTranslator())
    html = (tmp_path / "out" / "briefing.html").read_text()
    assert "<script>alert" not in html and "&lt;script&gt;alert(" in html
    md = (tmp_path / "out" / "briefing.md").read_text()
    rendered = markdown.markdown(md)
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    # The only links are the contents list's own, to the articles: none comes out of the text.
    assert "*sterren*" in rendered and "<em>sterren" not in rendered and 'href="link"' not in rendered
    assert re.findall(r'href="([^"]*)"', rendered) == ["#a-x"]
    assert result.briefing["summary"]["articles"] == 1


@pytest.mark.parametrize("text", ["*x*", "_x_", "<b>", "[a](b)", "`c`", "1. lijst", "# kop", "&copy;"])
def test_md_escape_renders_literally(text):
    html = markdown.markdown(md_escape(text))
    assert re.sub(r"</?p>", "", html).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") == text


def test_markdown_renders_to_html_with_every_sentence(seeds_built):
    briefing, _, md = seeds_built
    html = markdown.markdown(md)
    assert html.count("<blockquote>") >= sum(len(a["paragraphs"]) for g in briefing["groups"] for a in g["articles"]) - 20
    assert "Kim Jong-un" in html


class TagBalance(HTMLParser):
    """Checks that every opened tag is closed in order (void elements aside)."""

    VOID: ClassVar[set[str]] = {"br", "hr", "img", "input", "meta", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass  # <br />: opens and closes itself

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()


def test_markdown_renders_to_well_formed_html(seeds_built):
    _, _, md = seeds_built
    checker = TagBalance()
    checker.feed(markdown.markdown(md))
    assert checker.problems == [] and checker.stack == []


def test_a_long_article_stays_legible_in_markdown(tmp_path):
    sentences = [f"Dit is zin nummer {i} van een heel lang artikel over de oorlog." for i in range(200)]
    paragraphs = ["\n".join([" ".join(sentences[i : i + 5])]) for i in range(0, 200, 5)]
    (tmp_path / "lang.txt").write_text(" date 2024-06 " + "\n\n".join(paragraphs))
    build(BuildConfig(inputs=[str(tmp_path / "lang.txt")], out_dir=tmp_path / "out", formats=("md",), translation=TranslationConfig(use_memory=False)),
          translator=StandInTranslator())
    md = (tmp_path / "out" / "briefing.md").read_text()
    lines = md.splitlines()
    dutch = [line for line in lines if line.startswith("> Dit is zin")]
    english = [line for line in lines if line.startswith("\\[en\\] Dit is zin")]
    assert len(dutch) == len(english) == 200  # one sentence a line, each with its English
    assert max(len(line) for line in dutch + english) < 100  # no paragraph on one endless line
    # Each paragraph: its five Dutch lines, a blank line, then its five English lines.
    first = lines.index(dutch[0])
    assert lines[first : first + 5] == dutch[:5] and lines[first + 5] == "" and lines[first + 6].startswith("\\[en\\] Dit is zin nummer 0")
    html = markdown.markdown(md)
    assert html.count("<blockquote>") == 40


def test_the_byline_reaches_the_page_and_the_markdown(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: Dijk houdt\ndate: 2024-06-01\nauthor: Sanne de Vries\n---\n\nDe dijk **houdt** het.\n",
                                 encoding="utf-8")
    result = build(BuildConfig(inputs=[str(folder)], out_dir=tmp_path / "out", translation=TranslationConfig(use_memory=False)),
                   translator=StandInTranslator())
    (article,) = result.briefing["groups"][0]["articles"]
    assert article["author"] == "Sanne de Vries"
    assert [s["nl"] for p in article["paragraphs"] for s in p["sentences"]] == ["De dijk houdt het."]  # Markdown, not asterisks
    assert "by Sanne de Vries" in (tmp_path / "out" / "briefing.html").read_text()
    assert "by Sanne de Vries" in (tmp_path / "out" / "briefing.md").read_text()
