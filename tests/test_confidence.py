"""The model's confidence and the second try: scores go through the memory, the least confident
sentences are marked "check first", a looping output is tried once more."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any, ClassVar

import pytest
from conftest import SEEDS

from briefing.build import BuildConfig, build
from briefing.translate.memory import TranslationMemory
from briefing.translate.translator import TranslationConfig


class Scoring:
    """A stand-in that scores: longer sentences less sure, and one that loops until retried."""

    signature: ClassVar[dict[str, Any]] = {"model": "scoring", "backend": "stand-in", "beam_size": 0}

    def __init__(self) -> None:
        self.retried: list[str] = []

    def translate(self, texts: Sequence[str]) -> list[str]:
        return [t for t, _ in self.translate_scored(texts)]

    def translate_scored(self, texts: Sequence[str]) -> list[tuple[str, float | None]]:
        out = []
        for t in texts:
            if "kapot" in t:
                out.append(("the the the the the the the", -3.0))  # the opus-mt loop
            else:
                out.append((f"[en] {t}", -len(t) / 100))
        return out

    def retry(self, texts: Sequence[str]) -> list[tuple[str, float | None]]:
        self.retried.extend(texts)
        return [(f"[en, second try] {t}", -0.5) for t in texts]


def test_a_looping_output_is_tried_again_and_the_better_one_kept(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2024-06 Dit is een gewone zin. Deze zin is kapot en loopt.", encoding="utf-8")
    engine = Scoring()
    result = build(BuildConfig(inputs=[str(tmp_path / "a.txt")], out_dir=tmp_path / "o", formats=("json",),
                               translation=TranslationConfig(memory=tmp_path / "tm.sqlite3")), translator=engine)
    rows = result.briefing["groups"][0]["articles"][0]["paragraphs"][0]["sentences"]
    assert engine.retried == ["Deze zin is kapot en loopt."]
    assert (rows[1]["en"], rows[1]["retried"], rows[1]["score"]) == ("[en, second try] Deze zin is kapot en loopt.", True, -0.5)
    assert rows[0]["retried"] is False and "repetition" not in rows[1]["qa"]
    # The memory keeps the second try, and says so on a rebuild.
    again = build(BuildConfig(inputs=[str(tmp_path / "a.txt")], out_dir=tmp_path / "o2", formats=("json",),
                              translation=TranslationConfig(memory=tmp_path / "tm.sqlite3")), translator=Scoring())
    rows_again = again.briefing["groups"][0]["articles"][0]["paragraphs"][0]["sentences"]
    assert again.memory.translated == 0 and rows_again[1]["retried"] is True and rows_again[1]["en"] == rows[1]["en"]


class CrashingOnTheSecondTry(Scoring):
    """Stopped (killed, Ctrl-C) while it decodes the second try."""

    def retry(self, texts: Sequence[str]) -> list[tuple[str, float | None]]:
        raise KeyboardInterrupt


def test_a_run_stopped_during_the_second_try_leaves_no_first_try_in_the_memory(tmp_path):
    """The memory is what a rerun trusts (it is not decoded again): a first try that the second
    would have replaced must never be stored on its own, or the resumed run keeps the loop."""
    (tmp_path / "a.txt").write_text(" date 2024-06 Dit is een gewone zin. Deze zin is kapot en loopt.", encoding="utf-8")

    def run(out, engine):
        return build(BuildConfig(inputs=[str(tmp_path / "a.txt")], out_dir=tmp_path / out, formats=("json",),
                                 translation=TranslationConfig(memory=tmp_path / "tm.sqlite3")), translator=engine)

    with pytest.raises(KeyboardInterrupt):
        run("stopped", CrashingOnTheSecondTry())
    stored = sqlite3.connect(tmp_path / "tm.sqlite3").execute("SELECT target FROM translations").fetchall()
    assert ("the the the the the the the",) not in stored
    resumed = run("resumed", Scoring())
    rows = resumed.briefing["groups"][0]["articles"][0]["paragraphs"][0]["sentences"]
    assert (rows[1]["en"], rows[1]["retried"]) == ("[en, second try] Deze zin is kapot en loopt.", True)


def test_the_least_confident_sentences_are_marked_and_the_marks_survive_a_cached_rebuild(tmp_path):
    def run(out):
        return build(BuildConfig(inputs=[str(SEEDS)], out_dir=tmp_path / out, formats=("json", "html"), check_share=0.1,
                                 translation=TranslationConfig(memory=tmp_path / "tm.sqlite3")), translator=Scoring())

    first, second = run("a"), run("b")
    marks = [[r["id"] for g in b.briefing["groups"] for a in g["articles"] for p in a["paragraphs"] for r in p["sentences"] if r["check_first"]]
             for b in (first, second)]
    scored = sum(1 for g in first.briefing["groups"] for a in g["articles"] for p in a["paragraphs"] for r in p["sentences"] if r["score"] is not None)
    assert second.memory.translated == 0 and marks[0] == marks[1]
    assert len(marks[0]) == first.briefing["summary"]["check_first"] == -(-scored // 10)
    html = (tmp_path / "a" / "briefing.html").read_text()
    assert "sentences to check</a>" in html and 'class="qa-why"' in html and "the model was least sure" in html
    assert ">next to check</a>" in html


def test_an_old_memory_gets_the_score_column(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE settings (key TEXT PRIMARY KEY, description TEXT NOT NULL, created REAL NOT NULL);"
        "CREATE TABLE translations (key TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, created REAL NOT NULL,"
        " PRIMARY KEY (key, source)) WITHOUT ROWID;"
        "INSERT INTO translations VALUES ('k', 'Hallo.', 'Hello.', 0);"
    )
    db.close()
    memory = TranslationMemory(path)
    assert memory.lookup("k", ["Hallo."]) == {"Hallo.": ("Hello.", None)}
    memory.store("k", {"Dag.": ("Goodbye.", -0.2)})
    assert memory.lookup("k", ["Dag."]) == {"Dag.": ("Goodbye.", -0.2)}


def test_translate_and_the_archive_carry_the_confidence_and_the_second_try(tmp_path, monkeypatch):
    """Both called `article_record` without the scores: their rows had none, nor the retry."""
    import pyarrow.parquet as pq

    import briefing.cli.translate_text
    from briefing.archive.run import ArchiveConfig, archive
    from briefing.translate.translator import open_translator

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("date: 2024-06-01\n\nDe dijk houdt het. De pomp is kapot.\n", encoding="utf-8")
    config = TranslationConfig(use_memory=False)
    archive(ArchiveConfig(inputs=[str(folder)], out_dir=tmp_path / "out", engine="local", translation=config),
            translator=Scoring())
    rows = [r for shard in sorted((tmp_path / "out" / "sentences").glob("*.parquet")) for r in pq.read_table(shard).to_pylist()]
    by_nl = {r["nl"]: r for r in rows}
    assert by_nl["De dijk houdt het."]["score"] == -len("De dijk houdt het.") / 100
    assert by_nl["De pomp is kapot."]["retried"] is True and by_nl["De pomp is kapot."]["origin"] == "model"

    records = []
    original = briefing.cli.translate_text.article_record
    monkeypatch.setattr(briefing.cli.translate_text, "article_record", lambda *a, **k: records.append(original(*a, **k)) or records[-1])
    with open_translator(config, Scoring()) as translation:
        assert "second try" in briefing.cli.translate_text.translate_text("De pomp is kapot.", translation)
    (row,) = [s for p in records[0]["paragraphs"] for s in p["sentences"]]
    assert row["retried"] is True and row["score"] == -0.5
