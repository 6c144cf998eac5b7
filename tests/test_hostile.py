"""What a user or an attacker hits: each case gives a clear message or the right result — no
traceback, no hang, no lost or altered sentence, no script in the page. One test per break."""

from __future__ import annotations

import json
import os
import sqlite3
import time

import pytest
from typer.testing import CliRunner

from briefing.build import BuildConfig, build
from briefing.cli.app import app
from briefing.errors import BriefingError, InputError, MemoryUnavailable, UsageError
from briefing.files import write_set
from briefing.ingest.articles import decode, parse_article, read_article
from briefing.testing import StandInTranslator
from briefing.translate.glossary import read_glossary
from briefing.translate.memory import TranslationMemory
from briefing.translate.translator import TranslationConfig

runner = CliRunner()
NO_MEMORY = TranslationConfig(use_memory=False)


def briefing_of(tmp_path, files: dict[str, str], formats=("html", "md", "json"), **config):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    config.setdefault("translation", NO_MEMORY)
    return build(BuildConfig(inputs=[str(folder)], out_dir=tmp_path / "out", formats=formats, **config),
                 translator=StandInTranslator())


# --- 1. script execution -------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>", " javascript:x"])
def test_only_http_links_reach_the_page(tmp_path, url):
    result = briefing_of(tmp_path, {"a.txt": f"date: 2024-06-01\nurl: {url}\n\nDe tekst van het artikel."})
    html = (tmp_path / "out" / "briefing.html").read_text()
    assert "javascript:" not in html.lower() and "data:text" not in html
    article = result.briefing["groups"][0]["articles"][0]
    assert article["url"] is None and any("only http(s) links" in w for w in article["warnings"])


def test_an_http_link_is_kept(tmp_path):
    briefing_of(tmp_path, {"a.txt": "date: 2024-06-01\nurl: https://nos.nl/artikel/1\n\nTekst."})
    assert 'href="https://nos.nl/artikel/1"' in (tmp_path / "out" / "briefing.html").read_text()


# --- 2. HTML in the Markdown ---------------------------------------------------------------------


def test_a_file_name_cannot_put_html_into_the_markdown(tmp_path):
    name = "x` <img src=x onerror=alert(1)> `.txt"
    briefing_of(tmp_path, {name: " date 2024-06 Tekst van het artikel."}, formats=("md",))
    md = (tmp_path / "out" / "briefing.md").read_text()
    assert "<img" not in md and "&lt;img" in md


# --- 3. one bad record does not stop the archive -------------------------------------------------


def test_a_lone_surrogate_in_a_record_is_replaced_and_the_archive_goes_on(tmp_path):
    pytest.importorskip("pyarrow")
    from briefing.archive.run import ArchiveConfig, archive

    lines = ['{"id": "bad", "date": "2024-06-01", "text": "Kapot \\ud800 teken. Verder goed."}'] + [
        json.dumps({"id": f"ok{i}", "date": "2024-06-01", "text": f"Artikel {i} is goed."}) for i in range(3)
    ]
    (tmp_path / "r.jsonl").write_text("\n".join(lines), encoding="utf-8")
    config = ArchiveConfig(inputs=[str(tmp_path / "r.jsonl")], out_dir=tmp_path / "out", engine="local", translation=NO_MEMORY)
    result = archive(config, translator=StandInTranslator())
    assert (result.articles, result.failed) == (4, [])
    again = archive(config, translator=StandInTranslator())
    assert (again.articles, again.skipped) == (0, 4)


# --- 4. dates the calendar cannot hold -----------------------------------------------------------


@pytest.mark.parametrize("date", ["9999-12", "0001-01-01", "3000"])
def test_a_date_out_of_range_is_kept_undated(tmp_path, date):
    result = briefing_of(tmp_path, {"a.txt": f" date {date} Het artikel zelf."})
    (group,) = result.briefing["groups"]
    assert group["date"] == "undated" and "outside" in group["articles"][0]["warnings"][0]


# --- 5. hangs and unbounded reads ----------------------------------------------------------------


def test_a_fifo_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "x.txt")
    start = time.monotonic()
    with pytest.raises(InputError, match="not a regular file"):
        read_article(tmp_path / "x.txt")
    assert time.monotonic() - start < 5


def test_a_link_to_dev_zero_is_refused(tmp_path):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    with pytest.raises(InputError, match="not a regular file"):
        read_article(tmp_path / "zero.txt")


# --- 6. silent loss ------------------------------------------------------------------------------


def test_a_markdown_rule_at_the_top_is_not_front_matter(tmp_path):
    article = parse_article("a.md", "---\nDe eerste alinea van het stuk.\n---\n\nDe tweede alinea.")
    assert "De eerste alinea van het stuk." in " ".join(b.text for b in article.blocks)


def test_a_lead_shaped_like_a_byline_stays_text():
    article = parse_article("a.txt", " date 2024-06-01 Koers • om 10:30 daalde de beurs met twee procent.")
    assert article.blocks[0].text == "Koers • om 10:30 daalde de beurs met twee procent."
    byline = parse_article("b.txt", " date 2024-06-01 NOS Nieuws • vandaag, 11:48 Poetin in Pyongyang\n\nDe tekst.")
    assert (byline.source, byline.title) == ("NOS Nieuws", "Poetin in Pyongyang")


# --- 8. silent corruption ------------------------------------------------------------------------


def test_one_bad_byte_does_not_turn_utf8_into_cp1252():
    text, warnings = decode("a.txt", " date 2024 Oekraïne en \xff België.".encode("latin-1").replace(b"\xef", "ï".encode()).replace("ë".encode("latin-1"), "ë".encode()))
    assert "Oekraïne" in text and "België" in text and "\ufffd" in text
    assert warnings and "not UTF-8 replaced" in warnings[0] and "byte" in warnings[0]


def test_cp1252_is_still_read_when_nothing_is_utf8():
    text, warnings = decode("a.txt", " date 2024 Het café in Zürich.".encode("cp1252"))
    assert "café" in text and "Zürich" in text and "cp1252" in warnings[0]


def test_utf16_is_read_by_its_bom():
    text, _ = decode("a.txt", " date 2024 Oekraïne „zei hij”.".encode("utf-16"))
    assert text == " date 2024 Oekraïne „zei hij”."


def test_an_empty_glossary_term_is_refused(tmp_path):
    (tmp_path / "g.toml").write_text('[terms]\n"" = "leeg"\n')
    with pytest.raises(UsageError, match="empty"):
        read_glossary(tmp_path / "g.toml")


def test_direction_overrides_do_not_reach_the_page(tmp_path):
    briefing_of(tmp_path, {"a.txt": " date 2024-06 Het bedrag was \u202e0001\u202c euro."})
    html = (tmp_path / "out" / "briefing.html").read_text()
    assert "\u202e" not in html and "0001 euro" in html


# --- 9. an Error: line, never a traceback --------------------------------------------------------


def test_a_corrupt_memory_names_the_file_and_the_way_out(tmp_path):
    (tmp_path / "tm.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(MemoryUnavailable, match=r"tm.sqlite3: .*--no-memory"):
        TranslationMemory(tmp_path / "tm.sqlite3").lookup("k", ["x"])


def test_a_read_only_memory_names_the_file(tmp_path):
    path = tmp_path / "tm.sqlite3"
    TranslationMemory(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA query_only = ON")
    memory = TranslationMemory(path)
    memory._db.execute("PRAGMA query_only = ON")  # as a read-only file would answer
    with pytest.raises(MemoryUnavailable, match="--no-memory"):
        memory.store("k", {"a": "b"})


def test_an_out_that_is_a_file_is_one_message(tmp_path):
    (tmp_path / "out").write_text("not a folder")
    with pytest.raises(BriefingError, match=r"cannot write .*out.*Choose another --out"):
        write_set({tmp_path / "out" / "briefing.html": "x"})


def test_a_template_syntax_error_names_the_template_and_line(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "briefing.md.j2").write_text("line one\n{% if %}\n")
    with pytest.raises(BriefingError, match=r"template .*briefing.md.j2, line 2"):
        briefing_of(tmp_path, {"a.txt": " date 2024-06 Tekst."}, formats=("md",), templates=tmp_path / "t")


def test_binary_standard_input_is_refused_with_a_message():
    result = runner.invoke(app, ["translate"], input=b"\x00\x01\x02" * 50)
    assert result.exit_code != 0 and "binary" in result.output and "Traceback" not in result.output


def test_a_corrupt_manifest_is_one_message(tmp_path):
    pytest.importorskip("pyarrow")
    from briefing.archive.shards import check_manifest

    (tmp_path / "manifest.json").write_text("{broken")
    with pytest.raises(UsageError, match=r"manifest\.json cannot be read"):
        check_manifest(tmp_path, {"translation": {}})


def test_a_non_utf8_glossary_is_one_message(tmp_path):
    (tmp_path / "g.tsv").write_bytes("Poetin\tPoutine café\n".encode("cp1252"))
    with pytest.raises(UsageError, match="not UTF-8"):
        read_glossary(tmp_path / "g.tsv")


def test_source_date_epoch_out_of_range_is_one_message(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999999")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        briefing_of(tmp_path, {"a.txt": " date 2024-06 Tekst."})


@pytest.mark.parametrize("args,message", [
    (["--max-new-tokens", "-5"], "--max-new-tokens must be 1 or more"),
    (["--max-article-bytes", "-1"], "--max-article-bytes must be 1 or more"),
    (["--since", "2024-06-30", "--until", "2024-06-01"], "is after --until"),
])
def test_impossible_options_are_usage_errors(args, message):
    result = runner.invoke(app, ["build", "seeds", *args])
    assert result.exit_code == 2 and message in result.stderr


# --- 10. the output set --------------------------------------------------------------------------


def test_a_killed_builds_temp_files_are_cleaned_and_the_set_is_written_together(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".briefing.html.abc123"
    stale.write_text("half")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    write_set({out / "briefing.html": "<p>new</p>", out / "briefing.json": "{}"})
    assert sorted(p.name for p in out.iterdir()) == ["briefing.html", "briefing.json"]


def test_markdown_keeps_the_space_where_a_quotation_meets_the_text():
    from briefing.output.templates import marked_md

    nl = "Hij zei als 'mijn huis is weg' en ging."
    start = nl.index("'mijn") + 1
    sentence = {"nl": nl, "marks": [{"quote": "q1", "start": start, "end": nl.index("' en"), "key": False, "depth": 0}]}
    assert marked_md(sentence) == "Hij zei als 'mijn huis is weg' en ging."
    sentence["marks"][0]["start"] = nl.index(" 'mijn")  # a span that begins at the space
    assert " als " in marked_md(sentence)


def test_a_model_path_cannot_put_html_into_the_markdown():
    import markdown

    from briefing.output.templates import md_code

    rendered = markdown.markdown("model " + md_code("x` <img src=x onerror=alert(1)> `y"))
    assert "<img" not in rendered and "&lt;img" in rendered


def test_translate_refuses_a_fifo_at_once(tmp_path):
    os.mkfifo(tmp_path / "x.txt")
    start = time.monotonic()
    result = runner.invoke(app, ["translate", "-f", str(tmp_path / "x.txt")])
    assert result.exit_code != 0 and "not a regular file" in result.output
    assert time.monotonic() - start < 5


# --- 11. round 3 (issue 22) ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Zij won de 4 × 400 meter.", "Een kamer van 2 × 3 meter.", "De prijs steeg ×2.", "÷ Ø É"])
def test_a_multiplication_sign_is_no_capital_letter(tmp_path, text):
    from briefing.qa import checks as qa
    assert qa.flags(text, text, {}) is not None
    result = briefing_of(tmp_path, {"a.txt": f"date: 2024-06-01\n\n{text}"})
    (article,) = result.briefing["groups"][0]["articles"]
    assert [s["nl"] for p in article["paragraphs"] for s in p["sentences"]] == [text]


def test_the_name_books_caches_are_read_and_written_as_the_qa_cache_is(tmp_path, monkeypatch):
    """quote-*.json were read with read_text (a FIFO there hung the build, /dev/zero grew without
    end) and written through a predictable temporary name (a planted link was written through)."""
    from briefing.cachefiles import cache_folder
    from briefing.nlp import namebook

    folder = cache_folder()
    folder.mkdir(parents=True)
    os.mkfifo(folder / "quote-territories.json")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (folder / "quote-genders.json").symlink_to("/dev/zero")
    (folder / f".quote-genders.json.{os.getpid()}.tmp").symlink_to(victim)
    start = time.monotonic()
    assert namebook._cached("quote-territories.json", "babel", lambda: ["Kroatië"]) == ["Kroatië"]
    assert namebook._cached("quote-genders.json", "babel", lambda: {"Anna": "f"}) == {"Anna": "f"}
    assert time.monotonic() - start < 10
    assert victim.read_text(encoding="utf-8") == "keep me"
