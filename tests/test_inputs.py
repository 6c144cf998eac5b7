"""One way to find and read inputs, the same for build and archive: folders searched
recursively, ids stable and unique, every kind through its own reader."""

from __future__ import annotations

import json

from briefing.build import BuildConfig, build
from briefing.ingest.inputs import find_inputs, read_inputs
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
