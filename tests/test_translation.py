"""The translation seam: one way to open a translator, the same for build, archive and
translate, and a stamp that says what was really used."""

from __future__ import annotations

import subprocess
import sys

from conftest import SEEDS
from typer.testing import CliRunner

from briefing.build import BuildConfig, build
from briefing.cli.app import app
from briefing.cli.translate_text import translate_text
from briefing.testing import StandInTranslator
from briefing.translate.engine import DecodeSettings
from briefing.translate.translator import TranslationConfig, open_translator

runner = CliRunner()
SEED = str(SEEDS / "000_389d9e1b5c113a52.txt")


def test_translate_applies_the_glossary_like_a_build(tmp_path):
    config = TranslationConfig(memory=tmp_path / "tm.sqlite3")
    with open_translator(config, StandInTranslator()) as translation:
        english = translate_text("De Russische president Poetin bezocht Kiev.", translation)
    assert english == "[en] De Russische president Putin bezocht Kiev.\n"


def test_translate_fills_the_memory_and_a_second_run_translates_nothing(tiny_model, tmp_path):
    args = ["translate", "De Russische president Poetin is in Noord-Korea.", "--model", str(tiny_model),
            "--memory", str(tmp_path / "tm.sqlite3"), "--backend", "transformers"]
    first, second = runner.invoke(app, args), runner.invoke(app, args)
    assert first.exit_code == second.exit_code == 0, first.output
    assert first.stdout == second.stdout and first.stdout.strip()
    assert first.stderr == "1 segment: 0 from memory, 1 translated\n"
    assert second.stderr == "1 segment: 1 from memory, 0 translated\n"


def test_the_stamp_says_what_was_used_and_the_memory_keeps_it(tiny_model, tmp_path):
    translation = TranslationConfig(model=str(tiny_model), backend="transformers", memory=tmp_path / "tm.sqlite3",
                                    decode=DecodeSettings(max_new_tokens=8))
    first = build(BuildConfig(inputs=[SEED], out_dir=tmp_path / "a", formats=("json",), translation=translation))
    stamp = first.briefing["made_with"]
    # What was used, not what was asked: the resolved device, the input limit fitted to the
    # model (128 positions), the engine's version.
    assert stamp["device"] == "cpu" and stamp["backend"] == "transformers"
    assert stamp["max_input_tokens"] == 126 and stamp["max_new_tokens"] == 8
    assert stamp["engine"].startswith("transformers ") and "torch " in stamp["engine"]
    assert stamp["model_id"].startswith("dir:")
    # A rebuild answered from memory loads nothing and stamps the same account.
    again = build(BuildConfig(inputs=[SEED], out_dir=tmp_path / "b", formats=("json",), translation=translation))
    assert again.memory.translated == 0
    assert {k: v for k, v in again.briefing["made_with"].items() if k != "built_at"} == {
        k: v for k, v in stamp.items() if k != "built_at"
    }


def test_a_rebuild_from_memory_imports_no_engine(tiny_model, tmp_path):
    out = tmp_path / "out"
    args = [sys.executable, "-m", "briefing", "build", SEED, "--out", str(out), "--model", str(tiny_model),
            "--memory", str(tmp_path / "tm.sqlite3"), "--backend", "transformers", "--format", "json", "--quiet"]
    subprocess.run(args, check=True, capture_output=True)
    code = (
        "import sys; from briefing.cli.app import main; sys.argv = " + repr(["briefing", *args[3:]]) + "\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('LOADED', sorted(m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "0 translated" in done.stdout and "LOADED []" in done.stdout
