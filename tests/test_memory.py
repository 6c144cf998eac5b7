"""The translation memory: real SQLite, real subprocesses, a real SIGKILL."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import SEEDS

from briefing.build import BuildConfig, build
from briefing.testing import StandInTranslator
from briefing.translate.engine import DecodeSettings
from briefing.translate.memory import TranslationMemory, default_memory_path, settings_key
from briefing.translate.model import model_identity
from briefing.translate.translator import TranslationConfig


def run_build(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    out = subprocess.run([sys.executable, "-m", "briefing", "build", *args], capture_output=True, text=True)
    if check:
        assert out.returncode == 0, out.stderr
    return out


def test_memory_stores_and_finds_per_settings_key(tmp_path):
    with TranslationMemory(tmp_path / "tm.sqlite3") as memory:
        a, b = settings_key("m", {"beam_size": 4}), settings_key("m", {"beam_size": 5})
        memory.store(a, {"Hallo.": "Hello."})
        assert memory.lookup(a, ["Hallo.", "Dag."]) == {"Hallo.": ("Hello.", None)}
        assert memory.lookup(b, ["Hallo."]) == {}
        mode = memory._db.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_default_memory_path_honours_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_memory_path() == tmp_path / "xdg" / "briefing" / "memory.sqlite3"


def test_model_identity_of_a_folder_changes_with_its_files(tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "config.json").write_text("{}")
    first = model_identity(str(tmp_path / "m"))
    (tmp_path / "m" / "config.json").write_text('{"d_model": 8}')
    assert first.startswith("dir:") and model_identity(str(tmp_path / "m")) != first
    assert model_identity("Helsinki-NLP/opus-mt-nl-en") is None  # not in the (empty) cache


def test_second_build_comes_from_memory_and_equals_the_first(tmp_path):
    config = BuildConfig(inputs=[str(SEEDS)], out_dir=tmp_path / "a", translation=TranslationConfig(memory=tmp_path / "tm.sqlite3"))
    first = build(config, translator=StandInTranslator())
    assert first.memory.from_memory == 0 and first.memory.translated == first.memory.segments > 138
    stand_in = StandInTranslator()
    config.out_dir = tmp_path / "b"
    second = build(config, translator=stand_in)
    assert stand_in.calls == []
    assert (second.memory.from_memory, second.memory.translated) == (first.memory.segments, 0)
    for name in ("briefing.html", "briefing.md", "briefing.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_changed_decoding_settings_translate_again(tmp_path):
    config = BuildConfig(inputs=[str(SEEDS)], out_dir=tmp_path / "a", translation=TranslationConfig(memory=tmp_path / "tm.sqlite3"))
    build(config, translator=StandInTranslator())
    config.translation = dataclasses.replace(config.translation, decode=DecodeSettings(beam_size=2))
    assert build(config, translator=StandInTranslator()).memory.from_memory == 0


def test_no_memory_neither_reads_nor_writes(tmp_path):
    config = BuildConfig(inputs=[str(SEEDS)], out_dir=tmp_path / "a",
                         translation=TranslationConfig(memory=tmp_path / "tm.sqlite3", use_memory=False))
    assert build(config, translator=StandInTranslator()).memory.from_memory == 0
    assert not (tmp_path / "tm.sqlite3").exists()


def test_cached_rebuild_imports_no_torch(tiny_model, tmp_path):
    """Nor the QA names check's word lists and CLDR data: what the first build learnt of each
    word is in the user's cache, and the briefing comes out the same."""
    args = [str(SEEDS), "--model", str(tiny_model), "--memory", str(tmp_path / "tm.sqlite3"), "--max-new-tokens", "8"]
    first = run_build(*args, "--out", str(tmp_path / "a"))
    assert " 0 from memory" in first.stdout
    probe = (
        "import sys, runpy; sys.argv = ['briefing', 'build', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('briefing', run_name='__main__')\nexcept SystemExit as e:\n    code = e.code\n"
        "print('HEAVY', sorted(m for m in ('torch', 'transformers', 'wordfreq', 'babel', 'simplemma', 'deduce') if m in sys.modules))\n"
    )
    second = subprocess.run([sys.executable, "-c", probe, *args, "--out", str(tmp_path / "b"), "-q"], capture_output=True, text=True)
    assert "HEAVY []" in second.stdout, second.stdout + second.stderr
    lines = second.stdout.splitlines()
    segments = int(lines[1].split()[0])
    assert lines[1] == f"{segments} segments: {segments} from memory, 0 translated"
    assert json.loads((tmp_path / "a" / "briefing.json").read_text()) == json.loads((tmp_path / "b" / "briefing.json").read_text())


def _many_sentences(path: Path, n: int) -> None:
    words = ["Rusland", "Noord-Korea", "de president", "een brief", "de leider", "het bezoek", "Poetin", "Kim"]
    body = " ".join(f"Zin {i} gaat over {words[i % 8]} en {words[(i * 3) % 8]} in jaar {1900 + i}." for i in range(n))
    path.write_text(f" date 2024-06 {body}", encoding="utf-8")


def test_killed_build_resumes_without_translating_finished_batches_again(tiny_model, tmp_path):
    _many_sentences(tmp_path / "long.txt", 600)
    db = tmp_path / "tm.sqlite3"
    args = [sys.executable, "-m", "briefing", "build", str(tmp_path / "long.txt"), "--model", str(tiny_model), "--memory", str(db), "-q", "--max-new-tokens", "8", "--backend", "transformers"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stored = 0
    deadline = time.time() + 120
    try:
        while time.time() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    with sqlite3.connect(db, timeout=1) as con:
                        stored = con.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
                except sqlite3.OperationalError:
                    stored = 0
                if stored > 0:
                    break
            time.sleep(0.05)
        assert proc.poll() is None, "the build finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as con:
        kept = con.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert 0 < kept < 601
    again = subprocess.run(args, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    summary = next(line for line in again.stdout.splitlines() if "segments:" in line)
    total = int(summary.split()[0])
    assert summary == f"{total} segments: {kept} from memory, {total - kept} translated"


def test_two_builds_at_once_share_the_memory(tiny_model, tmp_path):
    db = tmp_path / "tm.sqlite3"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "briefing", "build", str(SEEDS), "--model", str(tiny_model), "--memory", str(db), "--out", str(tmp_path / name), "-q", "--max-new-tokens", "8"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for name in ("a", "b")
    ]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = con.execute("SELECT COUNT(*), COUNT(DISTINCT key || source) FROM translations").fetchone()
    segments = int(results[0][0].splitlines()[1].split()[0])
    assert rows == (segments, segments)
    a = json.loads((tmp_path / "a" / "briefing.json").read_text())
    b = json.loads((tmp_path / "b" / "briefing.json").read_text())
    assert a["groups"] == b["groups"]
