"""How translations are made, said once (briefing.translate.signature): the stamp on a briefing,
the translation memory's key and the archive's manifest come from one Signature, and the keys
are those memories were filled under before it existed."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.archive.run import ArchiveConfig, manifest_for
from briefing.testing import StandInTranslator
from briefing.translate.engine import DecodeSettings
from briefing.translate.memory import MemoryTranslator, TranslationMemory, settings_key
from briefing.translate.signature import DEFAULT_BUDGET, Signature
from briefing.translate.translator import TranslationConfig, open_translator

# Keys computed by the memory before the signature was built in one place (issue 24): a memory
# filled then must still be found, so these must never change for these settings.
KEYS_BEFORE = [
    ("stand-in:stand-in", "stand-in", TranslationConfig(),
     "045378e79bc8931ac4e2f5bc01fe7c29a0b0c601b8db69ba242e8693a83c042d"),
    ("dir:0123abcd", "transformers", TranslationConfig(),
     "dd10fa6744790c052dd2a5578ee35ef53323a3dfeefdc277a1c9010242d7b8c3"),
    ("hub:Helsinki-NLP/opus-mt-nl-en@abc", "ct2",
     TranslationConfig(quantization="int8", decode=DecodeSettings(beam_size=2, max_new_tokens=8, max_input_tokens=100)),
     "4ada56563466c154bf69b070b5fd54cb317bd04ac8649ed6cd8e766bad749ca7"),
]


@pytest.mark.parametrize(("identity", "backend", "config", "key"), KEYS_BEFORE)
def test_the_memory_keys_are_those_memories_were_filled_under_before(identity, backend, config, key):
    assert settings_key(identity, config.signature(backend).settings()) == key


def test_a_translation_stored_before_is_found_after(tmp_path):
    path = tmp_path / "tm.sqlite3"
    with TranslationMemory(path) as memory:  # as the memory was filled before: by its key alone
        memory.store(KEYS_BEFORE[0][3], {"Het regent in Utrecht.": ("It is raining in Utrecht (from before).", -0.2)})
    stand_in = StandInTranslator()
    with open_translator(TranslationConfig(memory=path), stand_in) as translation:
        english = translation.translate_texts(["Het regent in Utrecht."])
        assert translation.stats.from_memory == 1
    assert english == {"Het regent in Utrecht.": "It is raining in Utrecht (from before)."}
    assert stand_in.calls == []


def test_the_archive_manifest_is_the_one_made_before(tmp_path):
    config = ArchiveConfig(inputs=[], out_dir=tmp_path, translation=KEYS_BEFORE[2][2])
    translation = manifest_for(config, "ct2")["translation"]
    assert translation == {
        "model": config.translation.model, "model_id": translation["model_id"], "backend": "ct2", "beam_size": 2,
        "max_new_tokens": 8, "max_input_tokens": 100, "quantization": "int8", "glossary": "default",
    }
    assert list(translation) == ["model", "model_id", "backend", "beam_size", "max_new_tokens", "max_input_tokens",
                                 "quantization", "glossary"]


def test_an_engines_account_lists_what_the_stamp_shows_in_its_order():
    loaded = Signature.of("m", "ct2", DecodeSettings(max_input_tokens=126), quantization="int8", device="cpu",
                          revision="abc", output_vocabulary="full", engine="ctranslate2 4")
    assert loaded.account() == {
        "model": "m", "revision": "abc", "backend": "ct2", "quantization": "int8", "device": "cpu", "beam_size": 4,
        "max_new_tokens": DEFAULT_BUDGET, "max_input_tokens": 126, "output_vocabulary": "full", "engine": "ctranslate2 4",
    }
    assert list(loaded.account()) == ["model", "revision", "backend", "quantization", "device", "beam_size",
                                      "max_new_tokens", "max_input_tokens", "output_vocabulary", "engine"]
    # Asked, before an engine reports: no output layer known yet; no quantization for transformers.
    asked = Signature.of("m", "transformers", DecodeSettings(max_new_tokens=8), device="auto")
    assert "output_vocabulary" not in asked.account() and "quantization" not in asked.settings()
    assert asked.settings() == {"backend": "transformers", "beam_size": 4, "max_new_tokens": 8, "max_input_tokens": 256}


def test_the_stamp_the_memory_key_and_the_manifest_agree_before_any_engine_loads(tmp_path):
    pytest.importorskip("ctranslate2")
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}", encoding="utf-8")  # a local folder: identified, never loaded here
    config = TranslationConfig(model=str(model), backend="ct2", device="cpu", quantization="int8", use_memory=False,
                               decode=DecodeSettings(beam_size=2, max_new_tokens=8))
    with open_translator(config) as translation:
        stamp = translation.made_with()
        key_settings = translation.translator.settings
        assert translation.translator._engine is None
    manifest = manifest_for(ArchiveConfig(inputs=[], out_dir=tmp_path, translation=config), "ct2")["translation"]
    for name, value in config.signature("ct2").settings().items():
        assert stamp[name] == key_settings[name] == manifest[name] == value, name
    # CTranslate2's quantization, as the key has it (the stamp said null here before).
    assert stamp["quantization"] == "int8" and stamp["device"] == "cpu" and stamp["model_id"].startswith("dir:")


def test_the_stand_in_is_a_whole_engine_without_scores_or_a_second_try():
    stand_in = StandInTranslator()
    assert stand_in.translate_scored(["Een zin.", " "]) == [("[en] Een zin.", None), ("", None)]
    assert stand_in.retry(["Een zin."]) == []
    # Every output is broken here, but there is no second way to decode: no second try.
    memory = MemoryTranslator(None, lambda: stand_in, lambda _: "stand-in:stand-in", {}, broken=lambda s, e: True)
    assert memory.translate(["Een zin."]) == ["[en] Een zin."] and memory.scores == {"Een zin.": None}
    assert memory.retried == set()


def test_an_engine_that_retries_gives_one_output_per_segment(tmp_path: Path):
    class Retrying(StandInTranslator):
        def retry(self, texts):
            return [(f"[again] {t}", -0.1) for t in texts]

    memory = MemoryTranslator(None, Retrying, lambda _: "stand-in:retrying", {}, broken=lambda s, e: s != "c" and not e.startswith("[again]"))
    assert memory.translate(["a", "b", "c"]) == ["[again] a", "[again] b", "[en] c"]
    assert memory.retried == {"a", "b"} and memory.scores == {"a": -0.1, "b": -0.1, "c": None}
