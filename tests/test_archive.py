"""`briefing archive`: the same stages as a build, in shards, resumable; on Ray and in-process.

The Ray tests start a real local Ray (this machine's CPUs) and run the tiny MarianMT model in
its actors; the others run the same stage functions in this process.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEED_FILES, SEEDS

from briefing.archive.run import ArchiveConfig, archive, prepare
from briefing.archive.shards import tidy_output, write_shard
from briefing.build import BuildConfig, build
from briefing.errors import UsageError
from briefing.testing import StandInTranslator
from briefing.translate.engine import DecodeSettings
from briefing.translate.translator import TranslationConfig

pq = pytest.importorskip("pyarrow.parquet")


def make_archive(folder: Path, n: int) -> list[Path]:
    """`n` distinct articles from the seeds (each with its own closing line and date)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        seed = SEED_FILES[i % len(SEED_FILES)].read_text(encoding="utf-8")
        body = seed.split(" ", 3)[3] if seed.startswith(" date ") else seed
        path = folder / f"{i:03d}-{SEED_FILES[i % len(SEED_FILES)].stem}.txt"
        path.write_text(f"date: 2024-{1 + i % 12:02d}-{1 + i % 28:02d}\n\n{body}\n\nArchiefkopie {i}.\n", encoding="utf-8")
        files.append(path)
    return files


def sentence_rows(out: Path) -> list[tuple]:
    rows = []
    for shard in sorted((out / "sentences").glob("*.parquet")):
        rows += pq.read_table(shard).to_pylist()
    return sorted((r["article_id"], r["paragraph"], r["index"], r["nl"], r["en"]) for r in rows)


def article_rows(out: Path) -> list[dict]:
    rows = []
    for shard in sorted((out / "articles").glob("*.parquet")):
        rows += pq.read_table(shard).to_pylist()
    return sorted(rows, key=lambda r: r["article_id"])


def build_rows(briefing: dict) -> list[tuple]:
    """The single-machine path's sentences, in the archive's terms."""
    rows = []
    for group in briefing["groups"]:
        for art in group["articles"]:
            for p, paragraph in enumerate(art["paragraphs"], start=1):
                for s, sentence in enumerate(paragraph["sentences"], start=1):
                    rows.append((art["name"], p, s, sentence["nl"], sentence["en"]))
    return sorted(rows)


def local_config(inputs, out, decode=None, **kw) -> ArchiveConfig:
    translation = TranslationConfig(memory=Path("tm.sqlite3"), **({"decode": decode} if decode else {}))
    return ArchiveConfig(inputs=[str(i) for i in inputs], out_dir=out, engine="local", translation=translation, **kw)


# --- in-process: the stages, the shards, resuming ------------------------------------------------


def test_local_archive_equals_build_sentence_for_sentence(tmp_path):
    make_archive(tmp_path / "in", 12)
    result = archive(local_config([tmp_path / "in"], tmp_path / "out", shard_articles=5), translator=StandInTranslator())
    assert (result.articles, result.shards, result.failed) == (12, 3, [])
    built = build(BuildConfig(inputs=[str(tmp_path / "in")], out_dir=tmp_path / "b", formats=("json",), translation=TranslationConfig(use_memory=False)),
                  translator=StandInTranslator())
    rows = sentence_rows(tmp_path / "out")
    assert rows == build_rows(built.briefing)
    assert len(rows) == result.sentences == built.briefing["summary"]["rows_out"]
    arts = article_rows(tmp_path / "out")
    assert [a["article_id"] for a in arts] == sorted(p.name for p in (tmp_path / "in").iterdir())
    by_name = {a["name"]: a for g in built.briefing["groups"] for a in g["articles"]}
    for a in arts:
        b = by_name[a["article_id"]]
        assert (a["date"], a["title_en"], a["sentences_in"], a["rows_out"]) == (
            b["date"], b["title"]["en"], b["counts"]["sentences_in"], b["counts"]["rows_out"])
        assert [q["nl"] for q in a["quotes"]] == [q["nl"] for q in b["quotes"]]
        assert a["key_quotes"] == sum(q["key"] for q in b["quotes"]) and a["error"] is None


def test_rerun_does_no_work_and_adds_only_new_articles(tmp_path):
    make_archive(tmp_path / "in", 6)
    config = local_config([tmp_path / "in"], tmp_path / "out", shard_articles=4)
    archive(config, translator=StandInTranslator())
    before = sentence_rows(tmp_path / "out")
    stand_in = StandInTranslator()
    again = archive(local_config([tmp_path / "in"], tmp_path / "out", shard_articles=4), translator=stand_in)
    assert (again.articles, again.skipped, stand_in.calls) == (0, 6, [])
    assert sentence_rows(tmp_path / "out") == before
    make_archive(tmp_path / "in", 8)  # two more
    more = archive(local_config([tmp_path / "in"], tmp_path / "out", shard_articles=4), translator=StandInTranslator())
    assert (more.articles, more.skipped) == (2, 6)
    assert len({a["article_id"] for a in article_rows(tmp_path / "out")}) == len(article_rows(tmp_path / "out")) == 8


def test_a_half_written_shard_is_removed_and_its_articles_done_again(tmp_path):
    make_archive(tmp_path / "in", 4)
    archive(local_config([tmp_path / "in"], tmp_path / "out", shard_articles=2), translator=StandInTranslator())
    shards = sorted((tmp_path / "out" / "articles").glob("*.parquet"))
    lost = pq.read_table(shards[0], columns=["article_id"]).column("article_id").to_pylist()
    shards[0].unlink()  # killed between the sentences rename and the articles rename
    (tmp_path / "out" / "sentences" / ".x.123.tmp").write_bytes(b"half")
    assert tidy_output(tmp_path / "out") == {
        i for s in shards[1:] for i in pq.read_table(s, columns=["article_id"]).column("article_id").to_pylist()
    }
    assert not list((tmp_path / "out" / "sentences").glob(".*.tmp"))
    stand_in = StandInTranslator()
    again = archive(local_config([tmp_path / "in"], tmp_path / "out", shard_articles=2), translator=stand_in)
    assert again.articles == len(lost) == 2  # (translated from the memory)
    assert len(article_rows(tmp_path / "out")) == 4
    assert len(sentence_rows(tmp_path / "out")) == len(set(sentence_rows(tmp_path / "out")))


def test_records_from_jsonl_and_parquet_match_the_files(tmp_path):
    files = make_archive(tmp_path / "in", 3)
    records = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        date, body = text.split("\n\n", 1)
        records.append({"id": f.name, "date": date.removeprefix("date: "), "text": body})
    (tmp_path / "r.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    import pyarrow as pa

    pq.write_table(pa.Table.from_pylist(records), tmp_path / "r.parquet")
    archive(local_config([tmp_path / "in"], tmp_path / "files"), translator=StandInTranslator())
    for name in ("r.jsonl", "r.parquet"):
        archive(local_config([tmp_path / name], tmp_path / name.replace(".", "-")), translator=StandInTranslator())
        assert sentence_rows(tmp_path / name.replace(".", "-")) == sentence_rows(tmp_path / "files")


def test_bad_records_and_files_get_an_error_row_and_the_rest_is_done(tmp_path):
    (tmp_path / "in").mkdir()
    make_archive(tmp_path / "in", 2)
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02PK" * 100)
    lines = [
        json.dumps({"id": "ok", "date": "2024-06-18", "text": "De minister zei het. Dat is alles."}),
        "{not json",
        json.dumps({"id": "no-text", "date": "2024-06-18"}),
        json.dumps({"date": "2024-06-18", "text": "Zonder id."}),
        "",
    ]
    (tmp_path / "r.jsonl").write_text("\n".join(lines), encoding="utf-8")
    result = archive(local_config([tmp_path / "in", tmp_path / "r.jsonl"], tmp_path / "out"), translator=StandInTranslator())
    assert result.articles == 8 and len(result.failed) == 5
    reasons = sorted(f"{where}: {reason}" for where, reason in result.failed)
    assert [r for r in reasons if "binary" in r] == [f"{tmp_path / 'in' / 'binary.txt'}: the file is binary (it contains NUL bytes), not text"]
    assert f"{tmp_path / 'in' / 'empty.txt'}: the file is empty" in reasons
    assert f"{tmp_path / 'r.jsonl'}: a record without an id" in reasons
    assert "no-text: the record has no text field" in reasons
    assert [r for r in reasons if "not JSON" in r] == [f"{tmp_path / 'r.jsonl'}: a line that is not JSON (Expecting property name enclosed in double quotes): '{{not json'"]
    arts = article_rows(tmp_path / "out")
    assert len(arts) == 8
    assert sorted(a["article_id"] for a in arts if a["error"] is None) == sorted([p.name for p in (tmp_path / "in").glob("0*.txt")] + ["ok"])
    # A rerun does not write the error rows again: each bad record has a stable id.
    again = archive(local_config([tmp_path / "in", tmp_path / "r.jsonl"], tmp_path / "out"), translator=StandInTranslator())
    assert (again.articles, again.skipped) == (0, 8) and len(article_rows(tmp_path / "out")) == 8


def test_prepare_skips_done_articles_without_reading_them(tmp_path):
    rows = prepare([{"id": "gone.txt", "path": str(tmp_path / "gone.txt")}], "file", frozenset({"gone.txt"}), 10**6)
    assert rows == []
    rows = prepare([{"id": "gone.txt", "path": str(tmp_path / "gone.txt")}], "file", frozenset(), 10**6)
    assert rows[0]["error"].endswith("no such file or folder")


def test_an_output_folder_made_with_other_settings_is_refused(tmp_path):
    make_archive(tmp_path / "in", 2)
    archive(local_config([tmp_path / "in"], tmp_path / "out"), translator=StandInTranslator())
    with pytest.raises(UsageError, match="other translation settings"):
        archive(local_config([tmp_path / "in"], tmp_path / "out", decode=DecodeSettings(beam_size=2)),
                translator=StandInTranslator())


def test_write_shard_is_named_by_its_articles(tmp_path):
    for folder in ("sentences", "articles"):
        (tmp_path / folder).mkdir()
    rows = [{"article_id": "x", "payload": b"", "error": "broken", "where": "x.txt"}]
    assert write_shard(tmp_path, rows) == write_shard(tmp_path, rows)
    assert write_shard(tmp_path, [])["shard"] == ""
    assert len(list((tmp_path / "articles").glob("*.parquet"))) == 1


def test_cli_archive_local_with_the_tiny_model(tiny_model, tmp_path):
    from typer.testing import CliRunner

    from briefing.cli.app import app

    make_archive(tmp_path / "in", 3)
    args = ["archive", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--engine", "local", "--model",
            str(tiny_model), "--memory", str(tmp_path / "tm.sqlite3"), "--max-new-tokens", "8", "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("3 articles (0 rejected), ")
    again = CliRunner().invoke(app, args)
    assert "0 articles (0 rejected), 0 sentences, 0 shards" in again.output
    assert "3 articles already done" in again.output


def test_cli_archive_refuses_a_missing_input(tmp_path):
    from typer.testing import CliRunner

    from briefing.cli.app import app

    result = CliRunner().invoke(app, ["archive", "nowhere", "--out", "out", "--engine", "local"])
    assert result.exit_code == 2
    assert result.output == "Error: nowhere: no such file or folder\n"


# --- on a real local Ray --------------------------------------------------------------------------


@pytest.fixture
def ray_available():
    pytest.importorskip("ray")
    pytest.importorskip("ray.data")


@pytest.fixture(scope="module")
def exact_tiny_model(tmp_path_factory) -> Path:
    """The tiny model in float64, for tests that compare the Ray path with the plain one through
    the transformers backend (CTranslate2 has no float64). Ray batches per shard, the plain path
    over the whole archive: other padding widths, other summation orders, and in float32 or int8
    a random model's near ties can fall the other way; in float64 they do not. What these tests
    check is the orchestration, not an engine's batch invariance."""
    from briefing.testing import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny-model-f64"), SEEDS, double=True)


def test_ray_archive_equals_the_plain_path_and_a_rerun_does_no_work(ray_available, exact_tiny_model, tmp_path):
    make_archive(tmp_path / "in", 30)
    settings = TranslationConfig(model=str(exact_tiny_model), backend="transformers",
                                 decode=DecodeSettings(beam_size=2, max_new_tokens=12))
    with_memory = dataclasses.replace(settings, memory=tmp_path / "tm.sqlite3")
    no_memory = dataclasses.replace(settings, use_memory=False)
    ray_config = ArchiveConfig(inputs=[str(tmp_path / "in")], out_dir=tmp_path / "ray", engine="ray", workers=2,
                               shard_articles=4, translation=with_memory)
    result = archive(ray_config)
    assert (result.engine, result.workers, result.articles, result.failed) == ("ray", 2, 30, [])
    assert result.shards >= 30 // 4

    plain = archive(ArchiveConfig(inputs=[str(tmp_path / "in")], out_dir=tmp_path / "plain", engine="local",
                                  translation=no_memory))
    assert plain.articles == 30
    assert sentence_rows(tmp_path / "ray") == sentence_rows(tmp_path / "plain")
    built = build(BuildConfig(inputs=[str(tmp_path / "in")], out_dir=tmp_path / "b", formats=("json",),
                              translation=no_memory))
    assert sentence_rows(tmp_path / "ray") == build_rows(built.briefing)

    again = archive(ArchiveConfig(inputs=[str(tmp_path / "in")], out_dir=tmp_path / "ray", engine="ray", workers=2,
                                  shard_articles=4, translation=with_memory))
    assert (again.articles, again.shards, again.skipped) == (0, 0, 30)

    # The memory was filled: a build over the same articles translates nothing.
    rebuilt = build(BuildConfig(inputs=[str(tmp_path / "in")], out_dir=tmp_path / "b2", formats=("json",),
                                translation=with_memory))
    assert rebuilt.memory.translated == 0 and rebuilt.memory.from_memory == rebuilt.memory.segments > 0


def test_a_good_ray_run_says_only_its_progress_and_summary(ray_available, tiny_model, tmp_path):
    """No actor-restart error line, no tuning advice from Ray: noise on a good run buries the
    summary and reads as a failure."""
    args = [sys.executable, "-m", "briefing", "archive", str(SEEDS), "--out", str(tmp_path / "out"), "--model",
            str(tiny_model), "--no-memory", "--max-new-tokens", "8", "--workers", "2"]
    done = subprocess.run(args, capture_output=True, text=True, timeout=400, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert [line for line in done.stderr.splitlines() if not re.fullmatch(r"  \d+/\d+ articles?", line)] == []
    assert done.stdout.startswith("5 articles (0 rejected), 138 sentences, 1 shard in ")
    assert " with 2 workers; 0 articles already done\n" in done.stdout


def test_a_killed_ray_run_resumes_and_matches(ray_available, exact_tiny_model, tmp_path):
    # No memory: the archive's articles repeat the seeds, and from a memory the shards after the
    # first few take no time, so the workers that outlive the killed driver finished them all
    # now and then (8 of 24 done when caught without it).
    make_archive(tmp_path / "in", 24)
    args = [sys.executable, "-m", "briefing", "archive", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
            "--model", str(exact_tiny_model), "--backend", "transformers", "--no-memory", "--beam", "2",
            "--max-new-tokens", "12", "--shard-articles", "2", "--workers", "2"]
    run = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    shards = tmp_path / "out" / "articles"
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and len(list(shards.glob("*.parquet"))) < 2 and run.poll() is None:
            time.sleep(0.2)
    finally:
        os.killpg(run.pid, signal.SIGKILL)  # the driver and the Ray it started, at once
        run.wait()
    done_before = {a["article_id"] for a in article_rows(tmp_path / "out")}
    assert 0 < len(done_before) < 24, "the run was not caught in the middle"

    # Ray's workers outlive the driver by a few seconds and may finish shards meanwhile; the
    # rerun takes those as done, and nothing they write after it started is committed.
    resumed = subprocess.run(args, capture_output=True, text=True, timeout=400)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    summary = re.search(r"^(\d+) articles? \(0 rejected\).* (\d+) articles? already done$", resumed.stdout, re.M)
    assert summary, resumed.stdout
    redone, skipped = int(summary.group(1)), int(summary.group(2))
    assert skipped >= len(done_before) and redone + skipped == 24 and redone > 0
    arts = article_rows(tmp_path / "out")
    assert len(arts) == len({a["article_id"] for a in arts}) == 24

    plain = archive(ArchiveConfig(inputs=[str(tmp_path / "in")], out_dir=tmp_path / "plain", engine="local",
                                  translation=TranslationConfig(use_memory=False, model=str(exact_tiny_model),
                                                                backend="transformers", decode=DecodeSettings(beam_size=2, max_new_tokens=12))))
    assert plain.articles == 24
    assert sentence_rows(tmp_path / "out") == sentence_rows(tmp_path / "plain")


def test_a_writer_from_a_superseded_run_commits_nothing(tmp_path):
    from briefing.archive.shards import claim_output

    run, lock = claim_output(tmp_path)
    newer, lock2 = None, None
    lock.close()
    newer, lock2 = claim_output(tmp_path)  # the next run takes the folder
    try:
        for folder in ("sentences", "articles"):
            (tmp_path / folder).mkdir(exist_ok=True)
        rows = [{"article_id": "x", "payload": b"", "error": "broken", "where": "x.txt"}]
        assert write_shard(tmp_path, rows, run)["articles"] == 0
        assert not list(tmp_path.rglob("*.parquet"))
        assert write_shard(tmp_path, rows, newer)["articles"] == 1
        with pytest.raises(UsageError, match="another briefing archive run is writing to"):
            claim_output(tmp_path)
    finally:
        lock2.close()


def test_cli_archive_without_the_model_fails_in_one_clear_line(tmp_path):
    from typer.testing import CliRunner

    from briefing.cli.app import app

    make_archive(tmp_path / "in", 1)
    result = CliRunner().invoke(app, ["archive", str(tmp_path / "in"), "--out", "out", "--engine", "local",
                                      "--model", str(tmp_path / "no-model")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: no such folder: {tmp_path / 'no-model'}.")
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_a_record_over_the_size_limit_is_refused_like_a_file(tmp_path):
    big = "Dit is een zin. " * 100
    rows = prepare([{"text": json.dumps({"id": "big", "date": "2024", "text": big}), "path": "r.jsonl"}],
                   "jsonl", frozenset(), 1_000)
    assert (rows[0]["where"], rows[0]["error"]) == (
        "big", "is 1,600 bytes, too large for a news article (the limit is 1,000; raise it with --max-article-bytes)"
    )


def test_saved_pages_are_archived_as_build_reads_them(tmp_path):
    """A folder of saved .html pages archived to nothing (and exited 0) while build read them."""
    folder = tmp_path / "in"
    folder.mkdir()
    body = "".join(f"<p>Dit is zin {n} van een artikel over de dijk bij Maasbracht die het hoge water doorstond.</p>"
                   for n in range(1, 9))
    (folder / "pagina.html").write_text(
        "<html><head><title>Dijk houdt</title><meta property='article:published_time' content='2024-06-12'></head>"
        f"<body><article><h1>Dijk bij Maasbracht houdt</h1>{body}</article></body></html>", encoding="utf-8")
    result = archive(local_config([folder], tmp_path / "out"), translator=StandInTranslator())
    built = build(BuildConfig(inputs=[str(folder)], out_dir=tmp_path / "b", formats=("json",),
                              translation=TranslationConfig(use_memory=False)), translator=StandInTranslator())
    assert (result.articles, result.failed) == (1, [])
    assert sentence_rows(tmp_path / "out") == build_rows(built.briefing) != []
