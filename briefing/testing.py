"""Helpers for tests and demos: a tiny MarianMT model and a deterministic stand-in translator.

    python -m briefing.testing tiny-model DIR [--corpus seeds/]

writes a MarianMT model of a few hundred kilobytes to DIR: a SentencePiece model trained on the
corpus (by default the project's seed articles), random weights, saved with `save_pretrained`.
It loads through exactly the same code as the real opus-mt-nl-en, so tests exercise the real
loading, tokenizing, batching and generation paths without touching the network.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from briefing.translate.engine import Scored

if TYPE_CHECKING:
    from briefing.translate.engine import Engine

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "seeds"


class StandInTranslator:
    """Deterministic 'translation' for golden files: marks the text as English, keeps its words.

    An `Engine` (`briefing.translate.engine`) in full: it has no confidence to give (every score
    is None) and no second way to decode (`retry` gives nothing, so there is no second try). A
    subclass that changes `translate` changes `translate_scored` with it."""

    signature: ClassVar[dict[str, Any]] = {"model": "stand-in", "revision": None, "backend": "stand-in", "beam_size": 0}

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate(self, texts: Sequence[str]) -> list[str]:
        self.calls.append(list(texts))
        return [f"[en] {t}" if t.strip() else "" for t in texts]

    def translate_scored(self, texts: Sequence[str]) -> list[Scored]:
        return [(english, None) for english in self.translate(texts)]

    def retry(self, texts: Sequence[str]) -> list[Scored]:
        return []


if TYPE_CHECKING:
    # mypy checks that the stand-in is an Engine, whatever the tests pass in its place.
    _stand_in_is_an_engine: Engine = StandInTranslator()


def _corpus_lines(corpus: Path) -> list[str]:
    from briefing.translate.engine import normalize_punctuation

    if not corpus.exists():
        # From an installed wheel there is no seeds/ beside the package: say what to pass.
        raise SystemExit(f"tiny-model: no corpus at {corpus}; pass --corpus FOLDER with Dutch .txt or .md files (seeds/ in the repository)")
    files = sorted(corpus.glob("*.txt")) + sorted(corpus.glob("*.md")) if corpus.is_dir() else [corpus]
    lines: list[str] = []
    for f in files:
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip():
                lines.append(normalize_punctuation(line))
    if not lines:
        raise SystemExit(f"tiny-model: no text found in {corpus}")
    return lines


def build_tiny_model(
    out_dir: str | Path, corpus: str | Path = DEFAULT_CORPUS, seed: int = 0, target_vocab_size: int | None = None,
    double: bool = False,
) -> Path:
    """Write a tiny MarianMT model (tokenizer trained on `corpus`, random weights) to `out_dir`.

    With `double`, the weights are saved (and so load) in float64: a random model's outputs are
    full of near ties, and in float32 a different batching (other padding widths, so other
    summation orders) can tip one; tests that compare two paths that batch differently need it.

    With `target_vocab_size`, the English side gets its own, smaller SentencePiece model and the
    shared vocabulary is the union of both, as in opus-mt; like a trained model, this one never
    writes a piece that only the Dutch side has (their output bias is very low)."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out = Path(out_dir)
    lines = _corpus_lines(Path(corpus))  # first: a missing corpus leaves no empty folder behind
    out.mkdir(parents=True, exist_ok=True)

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buffer,
        vocab_size=800,
        hard_vocab_limit=False,
        character_coverage=1.0,
        model_type="unigram",
        # No precompiled normalisation table: it would be most of the model's size.
        normalization_rule_name="identity",
        # Marian's own convention: </s> = 0, <unk> = 1; no <s>.
        unk_id=1,
        eos_id=0,
        bos_id=-1,
        pad_id=-1,
        minloglevel=2,
    )
    spm_path = out / "source.spm"
    spm_path.write_bytes(buffer.getvalue())
    target_proto = buffer.getvalue()
    if target_vocab_size:
        target_buffer = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines), model_writer=target_buffer, vocab_size=target_vocab_size,
            hard_vocab_limit=False, character_coverage=1.0, model_type="unigram",
            normalization_rule_name="identity", unk_id=1, eos_id=0, bos_id=-1, pad_id=-1, minloglevel=2,
        )
        target_proto = target_buffer.getvalue()
    (out / "target.spm").write_bytes(target_proto)

    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for proto in (buffer.getvalue(), target_proto):
        processor = spm.SentencePieceProcessor(model_proto=proto)
        for i in range(processor.get_piece_size()):
            piece = processor.id_to_piece(i)
            if piece not in vocab:
                vocab[piece] = len(vocab)
    vocab["<pad>"] = len(vocab)
    target_processor = spm.SentencePieceProcessor(model_proto=target_proto)
    target_pieces = {target_processor.id_to_piece(i) for i in range(target_processor.get_piece_size())}
    vocab_path = out / "vocab.json"
    vocab_path.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    tokenizer = MarianTokenizer(
        source_spm=str(spm_path),
        target_spm=str(out / "target.spm"),
        vocab=str(vocab_path),
        source_lang="nl",
        target_lang="en",
        model_max_length=128,
    )
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        # Small on purpose: long sentences must be split to fit, so tests exercise that path.
        max_position_embeddings=128,
        activation_function="swish",
        scale_embedding=True,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        # Larger than the default 0.02: the output then depends on the input (meaningless
        # still), so tests can tell sentences apart; with 0.02 every output is the same.
        init_std=0.2,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.generation_config.bad_words_ids = [[pad]]
    if target_vocab_size:
        with torch.no_grad():
            for piece, i in vocab.items():
                if piece not in target_pieces and piece not in ("</s>", "<unk>", "<pad>"):
                    model.final_logits_bias[0, i] = -1e4
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    if double:
        model = model.double()
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.testing")
    sub = parser.add_subparsers(dest="command", required=True)
    tiny = sub.add_parser("tiny-model", help="write a tiny random MarianMT model for tests")
    tiny.add_argument("dir")
    tiny.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="text files to train on")
    tiny.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    path = build_tiny_model(args.dir, args.corpus, args.seed)
    size = sum(f.stat().st_size for f in path.iterdir())
    print(f"wrote a tiny MarianMT model to {path} ({size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
