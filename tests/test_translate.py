from __future__ import annotations

import pytest
from conftest import SEED_FILES

from briefing.errors import ModelUnavailable
from briefing.translate.engine import (
    length_sorted_batches,
    normalize_punctuation,
    split_to_fit,
    translate_unique,
)
from briefing.translate.marian import MarianTranslator, load_marian


def test_normalisation_turns_typographic_marks_into_ascii():
    assert normalize_punctuation("‘de’ “zo” „ja” – zo’n") == "'de' \"zo\" \"ja\" - zo'n"


def test_split_to_fit_cuts_at_clause_boundaries_and_loses_nothing():
    text = "Eerst dit; dan dat, en daarna nog iets anders: een heel lang verhaal zonder einde"
    pieces = split_to_fit(text, lambda t: len(t.split()), 5)
    assert all(len(p.split()) <= 5 for p in pieces)
    assert " ".join(pieces).split() == text.split()
    assert pieces[0] == "Eerst dit;"


def test_split_to_fit_cuts_even_a_text_without_spaces():
    pieces = split_to_fit("x" * 100, len, 30)
    assert "".join(pieces) == "x" * 100 and all(len(p) <= 30 for p in pieces)


def test_length_sorted_batches_cover_every_index_once_within_budget():
    lengths = [5, 50, 7, 3, 49, 12, 1, 30]
    batches = list(length_sorted_batches(lengths, max_tokens=100, max_size=3))
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for b in batches:
        assert (len(b) <= 3 and max(lengths[i] for i in b) * len(b) <= 100) or len(b) == 1


def test_real_tokenizer_sees_no_unk_in_the_seeds(shared):
    from transformers import MarianTokenizer

    from briefing.ingest.articles import read_article
    from briefing.nlp.segment import segment_article

    tokenizer = MarianTokenizer.from_pretrained(shared / "opus-mt-nl-en")
    sentences = [s.text for f in SEED_FILES for p in segment_article(read_article(f)) for s in p.sentences]
    raw_unks = sum(ids.count(tokenizer.unk_token_id) for ids in tokenizer(sentences)["input_ids"])
    ids = tokenizer([normalize_punctuation(s) for s in sentences])["input_ids"]
    assert raw_unks > 0  # the problem is real...
    assert sum(i.count(tokenizer.unk_token_id) for i in ids) == 0  # ...and normalisation solves it


@pytest.fixture(scope="module")
def translator(tiny_model):
    return MarianTranslator(str(tiny_model), device="cpu").load()


def test_tiny_model_translates_one_for_one(translator):
    texts = ["Dat melden Noord-Koreaanse staatsmedia.", "", "Kim Jong-un schreef ook een brief aan Vladimir Poetin."]
    out = translator.translate(texts)
    assert len(out) == 3
    assert out[0] and out[2] and out[1] == ""
    assert out[0] != out[2]
    assert translator.translate(texts) == out  # deterministic


def test_a_sentence_too_long_for_the_model_is_split_not_truncated(translator):
    long = ", ".join(["de Russische president sprak met de Noord-Koreaanse leider"] * 40) + "."
    assert translator.count_tokens(long) > translator.settings.max_input_tokens
    seen: list[str] = []
    original = translator._translate_pieces
    translator._translate_pieces = lambda pieces: seen.extend(pieces) or original(pieces)
    try:
        (english,) = translator.translate([long])
    finally:
        translator._translate_pieces = original
    assert len(seen) > 1
    assert all(translator.count_tokens(p) <= translator.settings.max_input_tokens for p in seen)
    assert " ".join(seen).split() == normalize_punctuation(long).split()
    assert english


def test_signature_names_model_and_decoding(translator, tiny_model):
    sig = translator.signature
    assert sig["model"] == str(tiny_model) and sig["beam_size"] == 4 and sig["backend"] == "transformers"


def test_translate_unique_translates_each_segment_once():
    from briefing.testing import StandInTranslator

    stand_in = StandInTranslator()
    result = translate_unique(["a", "b", "a", " "], stand_in)
    assert stand_in.calls == [["a", "b"]] and result == {"a": "[en] a", "b": "[en] b"}


def test_missing_folder_is_a_clear_error():
    with pytest.raises(ModelUnavailable, match=r"no such folder: \./nowhere"):
        load_marian("./nowhere")


def test_broken_folder_is_a_clear_error(tmp_path):
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "config.json").write_text("{not json")
    with pytest.raises(ModelUnavailable, match=r"its config.json cannot be read as a model's configuration"):
        load_marian(str(tmp_path / "broken"))


def test_a_folder_that_is_not_a_model_says_so_in_our_words(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("hello")
    with pytest.raises(ModelUnavailable, match=r"holds no saved model \(no config.json\)"):
        load_marian(str(tmp_path / "notes"))
    (tmp_path / "bert").mkdir()
    (tmp_path / "bert" / "config.json").write_text('{"model_type": "bert"}')
    with pytest.raises(ModelUnavailable, match=r"holds a bert model, not MarianMT"):
        load_marian(str(tmp_path / "bert"))


def test_hub_model_offline_names_the_model_and_the_fix():
    with pytest.raises(ModelUnavailable) as info:
        load_marian("Helsinki-NLP/opus-mt-nl-en")
    message = str(info.value)
    assert "Helsinki-NLP/opus-mt-nl-en" in message
    assert "not in the local Hugging Face cache" in message
    assert "--model PATH" in message
