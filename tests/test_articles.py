from __future__ import annotations

import re

import pytest
from conftest import SEEDS

from briefing.errors import InputError
from briefing.ingest.articles import (
    FRONT_MATTER_STYLES,
    METADATA_CHECKS,
    OPENING_RULES,
    PARAGRAPH_RULES,
    Article,
    ArticleDate,
    clean,
    parse_article,
    read_article,
    split_front_matter,
)
from briefing.ingest.inputs import read_inputs


def seed(name_prefix: str):
    return read_article(next(SEEDS.glob(f"{name_prefix}_*.txt")))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_seed_format_date_and_body():
    article = seed("000")
    assert str(article.date) == "2022-08"
    assert article.date.precision == "month"
    assert article.blocks[0].text.startswith("Russisch president Vladimir Poetin heeft")
    assert article.warnings == []


@pytest.mark.parametrize("text,expected", [("2024", "2024"), ("2024-06", "2024-06"), ("2024-06-19", "2024-06-19")])
def test_dates_at_their_own_precision(text, expected):
    date = ArticleDate.parse(text)
    assert str(date) == expected
    assert date.first_day <= date.last_day


@pytest.mark.parametrize("text", ["2024-13", "2024-02-30", "juni 2024", "24-06-2024"])
def test_invalid_dates_are_refused(text):
    with pytest.raises(ValueError):
        ArticleDate.parse(text)


def test_update_glued_to_first_word_is_removed():
    article = seed("003")
    assert article.updated is True
    assert article.blocks[0].text.startswith("De Noord-Koreaanse dictator")


def test_byline_becomes_source_time_and_headline():
    article = seed("002")
    assert article.source == "NOS Nieuws"
    assert article.published == "vandaag, 11:48"
    assert article.title == "Poetin haalt in Pyongyang banden aan met Noord-Korea, ook militair"
    assert article.credits == ["AFP"]
    assert not any("NOS Nieuws" in b.text or b.text == "AFP" for b in article.blocks)


def test_volledig_scherm_caption_kept_as_caption_with_credit():
    article = seed("003")
    captions = [b for b in article.blocks if b.kind == "caption"]
    assert len(captions) == 1
    assert captions[0].text.startswith("Kim Jong-un nam Shoigu eind juli mee")
    assert captions[0].text.endswith("zijn verboden.")
    assert captions[0].credit == "AFP"
    assert not any("Volledig scherm" in b.text or "©" in b.text for b in article.blocks)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_cleaning_removes_only_debris(path):
    """Every word of the raw body is in the cleaned blocks or in the metadata that holds it."""
    raw = path.read_text(encoding="utf-8")
    article = read_article(path)
    kept = " ".join(b.text for b in article.blocks)
    captions = [b.credit for b in article.blocks if b.credit]
    meta = " ".join(filter(None, [article.title, article.source, article.published, *article.credits, *captions]))
    debris = {"date", "Update", "Volledig", "scherm"}
    raw_words = [w for w in words(raw) if w not in debris and not re.fullmatch(r"\d{4}|\d{2}", w)]
    kept_words = set(words(kept)) | set(words(meta)) | {"UpdateDe"}
    missing = [w for w in raw_words if w not in kept_words and not w.startswith("Update")]
    assert missing == []


def test_front_matter_between_dashes():
    article = parse_article(
        "a.md",
        "---\ndate: 2024-06-19\ntitle: Poetin in Pyongyang\nsource: NOS\nurl: https://example.org/x\n---\n\nDe president is er.\n",
    )
    assert (str(article.date), article.title, article.source, article.url) == (
        "2024-06-19",
        "Poetin in Pyongyang",
        "NOS",
        "https://example.org/x",
    )
    assert [b.text for b in article.blocks] == ["De president is er."]


def test_front_matter_as_leading_key_lines():
    article = parse_article("a.txt", "Date: 2024\nSource: NRC\n\nEen zin.\n\nNog een zin.")
    assert str(article.date) == "2024" and article.source == "NRC"
    assert [b.text for b in article.blocks] == ["Een zin.", "Nog een zin."]


def test_body_line_that_looks_like_a_key_is_not_front_matter():
    article = parse_article("a.txt", "Kim: dit is geen metadata.\n")
    assert article.blocks[0].text == "Kim: dit is geen metadata."
    assert article.date is None


def test_missing_date_warns_and_stays_undated():
    article = parse_article("x.txt", "Een artikel zonder datum.")
    assert article.date is None
    assert any("no date" in w for w in article.warnings)


def test_empty_and_binary_files_are_rejected_with_their_name(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    for name, reason in [("empty.txt", "empty"), ("bin.txt", "binary")]:
        with pytest.raises(InputError) as info:
            read_article(tmp_path / name)
        assert name in str(info.value) and reason in str(info.value)


def test_cp1252_is_decoded_with_a_warning(tmp_path):
    (tmp_path / "w.txt").write_bytes(" date 2024-06 Het café is “open”.".encode("cp1252"))
    article = read_article(tmp_path / "w.txt")
    assert "café" in article.blocks[0].text and "“open”" in article.blocks[0].text
    assert any("cp1252" in w for w in article.warnings)


def test_read_articles_keeps_going_past_bad_inputs(tmp_path):
    (tmp_path / "good.txt").write_text(" date 2024-06 Een goed artikel.")
    (tmp_path / "empty.txt").write_text("")
    articles, errors = read_inputs([tmp_path, tmp_path / "missing.txt"])
    assert [a.name for a in articles] == ["good.txt"]
    assert sorted(e.reason for e in errors) == ["no such file or folder", "the file is empty"]


def test_same_article_twice_is_kept_once_with_a_warning(tmp_path):
    text = " date 2024-06 Een artikel dat twee keer binnenkwam."
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text)
    articles, errors = read_inputs([tmp_path])
    assert [a.name for a in articles] == ["a.txt"] and errors == []
    assert any("duplicate" in w and "b.txt" in w for w in articles[0].warnings)


def test_a_rubric_label_opening_the_lead_is_metadata_not_text():
    article = parse_article("r.txt", " date 2024-05-01 gemeenteraad - De raad stemde in met de begroting. Het was laat.")
    assert article.rubric == "gemeenteraad"
    assert article.blocks[0].text.startswith("De raad stemde")
    dateline = parse_article("d.txt", " date 2024-05-01 MEPPEL - De bakker stopt.")
    assert dateline.rubric is None and dateline.blocks[0].text.startswith("MEPPEL - ")


def test_a_title_cut_from_the_lead_never_ends_in_an_open_quotation_or_after_an_abbreviation():
    from briefing.output.assemble import shorten

    quoted = shorten("Minister Jansen zei dinsdag in de Tweede Kamer dat ‘het onderwijs in Nederland nog nooit zo slecht was en dat er snel iets moet gebeuren’.")
    assert quoted == "Minister Jansen zei dinsdag in de Tweede Kamer dat…"
    abbreviated = shorten("De gemeente Utrecht gaat volgend jaar samen met o.a. de provincie en het waterschap bijv. de dijken langs de Lek versterken.")
    assert not abbreviated.removesuffix("…").endswith(("o.a.", "bijv."))


# --- named rules: every rule with a text it takes and, where useful, one it leaves ------------

FRONT_MATTER_EXAMPLES = {
    # style name: (text it reads, its metadata, its body), text it leaves
    "seed date opening": ((" date 2024-06-03 De minister zei.", {"date": "2024-06-03"}, "De minister zei."),
                          " date juni De minister zei."),
    "fenced block": (("---\ntitle: 'Kop'\ndate: 2024-06\n---\nTekst.", {"title": "Kop", "date": "2024-06"}, "Tekst."),
                     "---\nniet: een sleutel van ons\n---\nTekst na een lijn."),
    "leading key lines": (("date: 2024-06-03\nauthor: Jan\n\nTekst.", {"date": "2024-06-03", "author": "Jan"}, "\nTekst."),
                          "date: 2024-06-03\nTekst zonder witregel."),
}


def test_every_front_matter_style_has_examples():
    assert [style.name for style in FRONT_MATTER_STYLES] == list(FRONT_MATTER_EXAMPLES)


@pytest.mark.parametrize("style", FRONT_MATTER_STYLES, ids=lambda style: style.name)
def test_front_matter_style_reads_its_shape_and_leaves_others(style):
    (text, meta, body), left = FRONT_MATTER_EXAMPLES[style.name]
    assert style.read(text) == (meta, body)
    assert split_front_matter(text) == (meta, body)
    assert style.read(left) is None


def _cleaned(*paragraphs: str, title: str | None = None) -> tuple[list[tuple[str, str, str | None]], object]:
    article = Article("f.txt", "f.txt", None, [], title=title)
    blocks = clean("\n\n".join(paragraphs), article)
    return [(b.text, b.kind, b.credit) for b in blocks], article


CLEANING_EXAMPLES = {
    # rule name: (paragraphs, the blocks kept, (metadata field, value)), paragraphs it leaves as text
    "glued update label": (("UpdateDe minister zei.",), [("De minister zei.", "text", None)], ("updated", True),
                           ("Tekst.", "UpdateDe minister zei.")),
    "rubric label": (("analyse - De regering viel.",), [("De regering viel.", "text", None)], ("rubric", "analyse"),
                     ("MEPPEL - De brand woedde.",)),
    "credit line": (("Tekst.", "© ANP"), [("Tekst.", "text", None)], ("credits", ["ANP"]),
                    ("ANP meldt dat de minister opstapt.",)),
    "outlet byline": (("NOS Nieuws • vandaag, 11:48 Kabinet valt", "Tekst."), [("Tekst.", "text", None)],
                      ("published", "vandaag, 11:48"), ("Koers • om 10:30 daalde de beurs.",)),
    "photo caption": (("Volledig scherm Een foto van de brand © ANP",), [("Een foto van de brand", "caption", "ANP")],
                      ("credits", []), ("Het beeld ging op Volledig scherm.",)),
    "markdown title line": (("# Kabinet valt", "Tekst."), [("Tekst.", "text", None)], ("title", "Kabinet valt"),
                            ("Tekst.", "# Geen titel als tweede alinea")),
}


def test_every_cleaning_rule_has_examples():
    assert [r.name for r in OPENING_RULES + PARAGRAPH_RULES] == list(CLEANING_EXAMPLES)


@pytest.mark.parametrize("name", list(CLEANING_EXAMPLES))
def test_cleaning_rule_takes_its_debris_and_leaves_text(name):
    paragraphs, kept, (field_name, value), left = CLEANING_EXAMPLES[name]
    blocks, article = _cleaned(*paragraphs)
    assert blocks == kept
    assert getattr(article, field_name) == value
    blocks, _ = _cleaned(*left)
    assert [text for text, _, _ in blocks] == [" ".join(p.split()) for p in left]


@pytest.mark.parametrize("check,meta,warning", [
    ("_web_links_only", {"url": "javascript:alert(1)", "date": "2024"}, "url 'javascript:alert(1)' left out: only http(s) links are kept"),
    ("_dated_or_undated", {}, "no date; listed as undated"),
    ("_dated_or_undated", {"date": "2024-13"}, "invalid date '2024-13' (month must be in 1..12); listed as undated"),
])
def test_metadata_checks_warn_in_their_words(check, meta, warning):
    assert check in [c.__name__ for c in METADATA_CHECKS]
    article = parse_article("f.txt", "Tekst.", meta=meta)
    assert article.warnings == [warning]


def test_a_date_line_body_stays_plain_text_in_markdown():
    # The seed format, and `date : …` alone, keep their body as written even in a .md file.
    assert parse_article("f.md", " date 2024-06 **vet**", markdown=True).blocks[0].text == "**vet**"
    assert parse_article("f.md", "date : 2024-06\n\n**vet**", markdown=True).blocks[0].text == "**vet**"
    assert parse_article("f.md", "date: 2024-06\ntitle: x\n\n**vet**", markdown=True).blocks[0].text == "vet"
