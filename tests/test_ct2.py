"""The CTranslate2 backend: same pipeline, other engine; converted once, keyed apart in memory."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

pytest.importorskip("ctranslate2")

from conftest import SEEDS

from briefing.build import BuildConfig, build
from briefing.cli.app import app
from briefing.translate.ct2 import CT2Translator, choose_backend, convert, converted_folder
from briefing.translate.engine import DecodeSettings, normalize_punctuation
from briefing.translate.translator import TranslationConfig

runner = CliRunner()


@pytest.fixture(scope="module")
def ct2(tiny_model):
    return CT2Translator(str(tiny_model), device="cpu", settings=DecodeSettings(max_new_tokens=12)).load()


def test_auto_means_ct2_when_installed():
    assert choose_backend("auto") == "ct2"


def test_converted_once_beside_a_local_model(tiny_model):
    folder = convert(str(tiny_model), "int8")
    assert folder == tiny_model / "ctranslate2-int8" == converted_folder(str(tiny_model), "int8")
    assert (folder / "model.bin").is_file() and (folder / "source.spm").is_file()
    stamp = (folder / "model.bin").stat().st_mtime_ns
    assert convert(str(tiny_model), "int8") == folder
    assert (folder / "model.bin").stat().st_mtime_ns == stamp  # not converted again


def test_translates_one_for_one(ct2):
    texts = ["Dat melden Noord-Koreaanse staatsmedia.", "", "Kim Jong-un schreef ook een brief."]
    out = ct2.translate(texts)
    assert len(out) == 3 and out[0] and out[2] and out[1] == ""
    assert ct2.translate(texts) == out


def test_long_sentence_is_split_not_truncated(ct2):
    long = ", ".join(["de Russische president sprak met de Noord-Koreaanse leider"] * 40) + "."
    seen: list[str] = []
    original = ct2._translate_pieces
    ct2._translate_pieces = lambda pieces: seen.extend(pieces) or original(pieces)
    try:
        (english,) = ct2.translate([long])
    finally:
        ct2._translate_pieces = original
    assert len(seen) > 1 and english
    assert " ".join(seen).split() == normalize_punctuation(long).split()


def test_signature_names_backend_and_quantization(ct2):
    sig = ct2.signature
    assert (sig["backend"], sig["quantization"], sig["device"]) == ("ct2", "int8", "cpu")


def test_backends_are_keyed_apart_in_the_memory(tiny_model, tmp_path):
    inputs = [str(SEEDS / "000_389d9e1b5c113a52.txt")]

    def translation(backend):
        return TranslationConfig(memory=tmp_path / "tm.sqlite3", decode=DecodeSettings(max_new_tokens=8),
                                 model=str(tiny_model), backend=backend)

    first = build(BuildConfig(inputs=inputs, out_dir=tmp_path / "a", translation=translation("ct2")))
    again = build(BuildConfig(inputs=inputs, out_dir=tmp_path / "b", translation=translation("ct2")))
    other = build(BuildConfig(inputs=inputs, out_dir=tmp_path / "c", translation=translation("transformers")))
    assert first.memory.translated == again.memory.from_memory == other.memory.translated > 0
    assert first.briefing["made_with"]["backend"] == "ct2"
    assert other.briefing["made_with"]["backend"] == "transformers"


def test_convert_command(tiny_model):
    result = runner.invoke(app, ["convert", "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"converted model in {tiny_model / 'ctranslate2-int8'}\n"


def test_ct2_backend_offline_names_the_model_and_fix():
    result = runner.invoke(app, ["translate", "Hallo.", "--backend", "ct2"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot load translation model Helsinki-NLP/opus-mt-nl-en:")


def test_a_small_input_is_shared_among_the_parallel_batches(tiny_model):
    # A desk's round of a few sentences in one batch would keep one of the engine's parallel
    # batches busy and leave the other cores idle: it goes as one batch per parallel batch.
    engine = CT2Translator(str(tiny_model), device="cpu", settings=DecodeSettings(max_new_tokens=8), threads=2).load()
    real = engine._model
    sizes: list[int] = []

    class Recording:
        def translate_batch(self, tokens, **options):
            sizes.append(len(tokens))
            return real.translate_batch(tokens, **options)

    engine._model = Recording()
    texts = [f"Dit is zin nummer {n} van het verhaal over de stad." for n in range(8)]
    assert all(engine.translate(texts))
    assert sorted(sizes) == [4, 4]
    sizes.clear()
    assert engine.translate(texts[:1]) and sizes == [1]
