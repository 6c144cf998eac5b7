"""One way to find and read inputs, the same for build and archive: folders searched
recursively, ids stable and unique, every kind through its own reader."""

from __future__ import annotations

import json
import os

import pytest

from briefing.build import BuildConfig, build
from briefing.ingest.inputs import find_inputs, read_inputs
from briefing.ingest.readers import read_head, reader_for
from briefing.output.assemble import slug
from briefing.testing import StandInTranslator
from briefing.translate.translator import TranslationConfig

ARTICLE = " date 2024-06-{day:02d} {text}"


def write(path, day, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE.format(day=day, text=text), encoding="utf-8")


def test_folders_are_searched_recursively_and_ids_are_paths_below_them(tmp_path):
    write(tmp_path / "news" / "top.txt", 1, "Bovenaan.")
    write(tmp_path / "news" / "2024" / "juni" / "diep.md", 2, "Diep in de map.")
    write(tmp_path / "news" / ".git" / "x.txt", 3, "Verborgen.")
    sources, errors = find_inputs([tmp_path / "news"])
    assert errors == []
    assert [s.id for s in sources] == ["2024/juni/diep.md", "top.txt"]


def test_two_files_that_would_share_an_id_keep_apart(tmp_path):
    write(tmp_path / "s1" / "same.txt", 1, "Eerste.")
    write(tmp_path / "s2" / "same.txt", 2, "Tweede.")
    sources, _ = find_inputs([tmp_path / "s1", tmp_path / "s2", tmp_path / "s1" / "same.txt"])
    assert len(sources) == 2 and len({s.id for s in sources}) == 2  # the same file twice is one input


def test_anchors_never_collide():
    names = ["a b.txt", "a-b.txt", "a_b.txt", "s1/same.txt", "s2/same.txt", "same.md", "same.txt", "Ü.txt", "U.txt"]
    anchors = [slug(n) for n in names]
    assert len(set(anchors)) == len(anchors)
    assert slug("000_389d9e1b5c113a52.txt") == "000_389d9e1b5c113a52"  # plain names keep their anchor


def test_build_reads_subfolders_and_records_and_names_every_article(tmp_path):
    write(tmp_path / "in" / "a b.txt", 1, "De minister sprak in Den Haag.")
    write(tmp_path / "in" / "sub" / "a-b.txt", 2, "De premier sprak in Brussel.")
    records = [{"id": "r1", "date": "2024-06-03", "text": "Het kabinet besloot dinsdag."}, {"id": "r2", "date": "2024-06-04"}]
    (tmp_path / "in" / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    result = build(BuildConfig(inputs=[str(tmp_path / "in")], out_dir=tmp_path / "out", formats=("json",),
                               translation=TranslationConfig(use_memory=False)), translator=StandInTranslator())
    articles = [a for g in result.briefing["groups"] for a in g["articles"]]
    assert sorted(a["name"] for a in articles) == ["a b.txt", "r1", "sub/a-b.txt"]
    assert len({a["id"] for a in articles}) == 3
    assert [(e.path, e.reason) for e in result.rejected] == [("r2", "the record has no text field")]


def test_an_empty_folder_and_a_missing_path_are_named_and_the_rest_is_read(tmp_path):
    write(tmp_path / "in" / "a.txt", 1, "Tekst.")
    (tmp_path / "empty").mkdir()
    articles, errors = read_inputs([tmp_path / "in", tmp_path / "empty", tmp_path / "nowhere"])
    assert [a.name for a in articles] == ["a.txt"]
    assert [e.reason for e in errors] == [
        "folder holds no .txt or .md articles (nor .html pages, .jsonl or .parquet records)",
        "no such file or folder",
    ]


# --- the reader registry (briefing.ingest.readers) ----------------------------------------------

PAGE_HTML = (
    "<!DOCTYPE html><html><head><title>Kabinet valt</title><meta name='date' content='2024-06-10'></head>"
    "<body><article><h1>Kabinet valt</h1>"
    + "".join(f"<p>De minister zei in alinea {i} dat het kabinet is gevallen na lang overleg.</p>" for i in range(8))
    + "</article></body></html>"
)
RECORD = json.dumps({"id": "r1", "date": "2024-06-03", "text": "Het kabinet besloot dinsdag."})


def _parquet_bytes(tmp_path) -> bytes:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist([{"id": "p1", "date": "2024-06-07", "text": "Parquet tekst."}]), tmp_path / "t.pq")
    return (tmp_path / "t.pq").read_bytes()


#: Per kind: a file name with its suffix, and content that says the kind by itself.
KINDS = {
    "text": ("a.txt", "date: 2024-06-01\n\nDe minister sprak in Den Haag."),
    "seed": (None, " date 2024-06-01 De minister sprak in Den Haag."),
    "markdown": ("a.md", "---\ndate: 2024-06-01\n---\n\nDe **minister** sprak."),
    "page": ("a.html", PAGE_HTML),
    "jsonl": ("a.jsonl", RECORD + "\n"),
    "parquet": ("a.parquet", None),
}


def _content(kind, tmp_path) -> bytes:
    content = KINDS[kind][1]
    return _parquet_bytes(tmp_path) if content is None else content.encode("utf-8")


@pytest.mark.parametrize("kind", [k for k, (name, _) in KINDS.items() if name])
def test_each_kind_is_found_by_its_suffix(tmp_path, kind):
    path = tmp_path / KINDS[kind][0]
    path.write_bytes(b"")  # the suffix alone says it
    assert reader_for(path).kind == kind
    assert reader_for(tmp_path / ("UPPER" + KINDS[kind][0].upper())).kind == kind  # any case, even missing


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_is_found_by_its_content_without_a_suffix(tmp_path, kind):
    path = tmp_path / "input"
    path.write_bytes(_content(kind, tmp_path))
    assert reader_for(path).kind == kind
    sources, errors = find_inputs([path])
    assert errors == [] and [s.kind for s in sources] == [kind]
    articles, errors = read_inputs([path])
    assert errors == [] and len(articles) == 1


@pytest.mark.parametrize("kind", ["seed", "page", "jsonl", "parquet"])
def test_content_that_cannot_be_mistaken_overrides_a_text_suffix(tmp_path, kind):
    path = tmp_path / "misleading.txt"
    path.write_bytes(_content(kind, tmp_path))
    assert reader_for(path).kind == kind


def test_a_text_suffix_keeps_its_kind_where_the_content_is_only_probably_another(tmp_path):
    (tmp_path / "front.txt").write_text("---\ndate: 2024-06-01\n---\n\n**Geen** Markdown in .txt.", encoding="utf-8")
    (tmp_path / "front.md").write_text("Geen front matter, wel Markdown.", encoding="utf-8")
    assert reader_for(tmp_path / "front.txt").kind == "text"
    assert reader_for(tmp_path / "front.md").kind == "markdown"


@pytest.mark.parametrize("suffix", [".html", ".jsonl", ".parquet"])
def test_a_record_or_page_suffix_decides_whatever_the_content(tmp_path, suffix):
    path = tmp_path / f"x{suffix}"
    path.write_text(" date 2024-06-01 Tekst in de verkeerde soort bestand.", encoding="utf-8")
    assert reader_for(path).kind == suffix.lstrip(".").replace("html", "page")


def test_a_page_without_its_suffix_reads_as_the_same_article(tmp_path):
    (tmp_path / "a.html").write_text(PAGE_HTML, encoding="utf-8")
    (tmp_path / "b").write_text(PAGE_HTML, encoding="utf-8")
    (by_suffix,), _ = read_inputs([tmp_path / "a.html"])
    (by_content,), _ = read_inputs([tmp_path / "b"])
    assert by_content.blocks == by_suffix.blocks and by_content.title == by_suffix.title == "Kabinet valt"


def test_a_file_no_reader_claims_is_rejected_naming_the_kinds_that_are_read(tmp_path):
    (tmp_path / "foto.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 20)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "foto.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 20)  # in a folder: not an input
    write(tmp_path / "in" / "a.txt", 1, "Tekst.")
    assert reader_for(tmp_path / "foto.jpg") is None
    articles, errors = read_inputs([tmp_path / "foto.jpg", tmp_path / "in"])
    assert [a.name for a in articles] == ["a.txt"]
    assert [(e.path, e.reason) for e in errors] == [(
        str(tmp_path / "foto.jpg"),
        "is not an input briefing reads; it reads plain-text articles (.txt), seed-format articles "
        "(` date YYYY-MM …`), Markdown articles (.md), saved HTML pages (.html, .htm), JSONL records (.jsonl) "
        "and Parquet records (.parquet)",
    )]


def test_text_without_a_suffix_is_still_read_as_before(tmp_path):
    (tmp_path / "notes").write_text("date: 2024-06-01\n\nDe minister sprak.", encoding="utf-8")
    (tmp_path / "leeg").write_bytes(b"")
    (tmp_path / "utf16").write_bytes(" date 2024-06-01 Oekraïne.".encode("utf-16"))
    articles, errors = read_inputs([tmp_path / "notes", tmp_path / "leeg", tmp_path / "utf16"])
    assert [a.name for a in articles] == ["notes", "utf16"]
    assert [e.reason for e in errors] == ["the file is empty"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_choosing_a_reader_never_opens_a_pipe_for_good(tmp_path):
    os.mkfifo(tmp_path / "pijp")
    assert read_head(tmp_path / "pijp") is None
    _, errors = read_inputs([tmp_path / "pijp"])
    assert [e.reason for e in errors] == ["is not a regular file (a pipe, device or socket); save the article to a file"]


def test_a_file_named_parquet_that_is_not_parquet_is_named_not_a_traceback(tmp_path):
    pytest.importorskip("pyarrow")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "kapot.parquet").write_bytes(b"not parquet at all")
    write(tmp_path / "in" / "a.txt", 1, "Tekst.")
    articles, errors = read_inputs([tmp_path / "in"])
    assert [a.name for a in articles] == ["a.txt"]
    assert [e.path for e in errors] == [str(tmp_path / "in" / "kapot.parquet")]
    assert errors[0].reason.startswith("is not a readable Parquet file (")


def test_archive_routes_each_input_by_the_kind_its_reader_found(tmp_path):
    from briefing.archive.run import Inputs

    (tmp_path / "records").write_text(RECORD + "\n", encoding="utf-8")  # JSONL without its suffix
    (tmp_path / "page.txt").write_text(PAGE_HTML, encoding="utf-8")
    write(tmp_path / "seed.md", 1, "Tekst.")
    sources, _ = find_inputs([tmp_path / "records", tmp_path / "page.txt", tmp_path / "seed.md"])
    inputs = Inputs.of(sources)
    assert inputs.jsonl == [str(tmp_path / "records")] and inputs.parquet == []
    assert [(f["id"], f["kind"]) for f in inputs.files] == [("page.txt", "page"), ("seed.md", "seed")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("name", ["x.jsonl", "x.parquet"])
def test_records_in_a_pipe_are_named_not_waited_for(tmp_path, name):
    (tmp_path / "in").mkdir()
    os.mkfifo(tmp_path / "in" / name)  # opened for reading, it would wait for a writer forever
    write(tmp_path / "in" / "a.txt", 1, "Tekst.")
    articles, errors = read_inputs([tmp_path / "in"])
    assert [a.name for a in articles] == ["a.txt"]
    assert [e.reason for e in errors] == ["is not a regular file (a pipe, device or socket); save the records to a file"]


def test_an_endless_jsonl_line_is_named_and_the_records_after_it_are_read(tmp_path):
    huge = json.dumps({"id": "huge", "text": "x" * 200_000})
    (tmp_path / "r.jsonl").write_text("\n".join([huge, RECORD]) + "\n", encoding="utf-8")
    articles, errors = read_inputs([tmp_path / "r.jsonl"], max_bytes=1000)
    assert [a.name for a in articles] == ["r1"]
    assert [e.reason for e in errors] == [
        "a line of more than 71,536 characters, too large for a record (raise the limit with --max-article-bytes)"]
    articles, errors = read_inputs([tmp_path / "r.jsonl"], max_bytes=200_000)  # within the limit: read as before
    assert sorted(a.name for a in articles) == ["huge", "r1"] and errors == []
