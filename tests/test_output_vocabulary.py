"""The restricted output vocabulary: the decoder projects onto the English pieces only, which
changes no output of a model that never writes the others (as a trained opus-mt does not)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import SEED_FILES

from briefing.testing import build_tiny_model
from briefing.translate.engine import DecodeSettings
from briefing.translate.marian import MarianTranslator
from briefing.translate.model import output_vocabulary

SENTENCES = [
    line.strip()
    for path in SEED_FILES[:2]
    for line in path.read_text(encoding="utf-8").splitlines()
    if len(line.split()) > 4
][:10]


@pytest.fixture(scope="module")
def two_sided_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny model whose English side has its own, smaller SentencePiece model (as opus-mt)."""
    return build_tiny_model(tmp_path_factory.mktemp("two-sided"), target_vocab_size=300)


def translator(backend: str, model: Path, vocabulary: str, beam: int = 4):
    settings = DecodeSettings(output_vocabulary=vocabulary, max_new_tokens=24, beam_size=beam)
    if backend == "ct2":
        from briefing.translate.ct2 import CT2Translator

        return CT2Translator(str(model), "cpu", settings)
    return MarianTranslator(str(model), "cpu", settings)


def test_the_output_vocabulary_is_the_english_pieces(two_sided_model: Path) -> None:
    pieces, ids, size = output_vocabulary(two_sided_model)
    assert len(pieces) == len(ids) < size
    assert {"</s>", "<unk>", "<pad>"} <= set(pieces)


@pytest.mark.parametrize("beam", [4, 1])
@pytest.mark.parametrize("backend", ["transformers", "ct2"])
def test_restricted_and_full_vocabulary_translate_identically(backend: str, beam: int, two_sided_model: Path) -> None:
    if backend == "ct2" and importlib.util.find_spec("ctranslate2") is None:
        pytest.skip("CTranslate2 is not installed")
    full = translator(backend, two_sided_model, "full", beam)
    restricted = translator(backend, two_sided_model, "target", beam)
    expected = full.translate_scored(SENTENCES)
    got = restricted.translate_scored(SENTENCES)
    assert [text for text, _ in got] == [text for text, _ in expected]
    for (_, a), (_, b) in zip(got, expected):
        assert a == pytest.approx(b, abs=1e-4)
    # And the second try's decoding (no repeated trigram, a repetition penalty).
    assert [t for t, _ in restricted.retry(SENTENCES[:3])] == [t for t, _ in full.retry(SENTENCES[:3])]
    assert full.signature["output_vocabulary"] == "full"
    _, ids, size = output_vocabulary(two_sided_model)
    assert restricted.signature["output_vocabulary"] == f"target pieces ({len(ids):,} of {size:,})"


def test_a_model_with_one_vocabulary_is_not_restricted(tiny_model: Path) -> None:
    engine = translator("transformers", tiny_model, "target")
    engine.translate(SENTENCES[:1])
    assert engine.signature["output_vocabulary"].startswith("full")
