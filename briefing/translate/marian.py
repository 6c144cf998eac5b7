"""The transformers backend: MarianMT through transformers (torch), from a hub name or a local
folder. torch and transformers are imported only when the model loads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import ModelUnavailable
from briefing.translate.engine import DecodeSettings, PieceTranslator, Scored
from briefing.translate.model import (
    check_downloadable,
    check_model_folder,
    default_model,
    in_hub_cache,
    is_local,
    load_failure_message,
    model_folder,
    output_vocabulary,
    output_vocabulary_label,
)


@dataclass
class MarianTranslator(PieceTranslator):
    """MarianMT through transformers, from a hub name or a local folder."""

    model_name: str = field(default_factory=default_model)
    device: str = "auto"
    settings: DecodeSettings = field(default_factory=DecodeSettings)
    backend: str = field(default="transformers", init=False)
    _model: Any = field(default=None, init=False, repr=False)
    _tokenizer: Any = field(default=None, init=False, repr=False)
    _output_ids: Any = field(default=None, init=False, repr=False)  # decoder id → shared id

    def load(self) -> MarianTranslator:
        if self._model is None:
            self._model, self._tokenizer, self._revision = load_marian(self.model_name)
            import torch

            self._device = resolve_device(self.device)
            self._model.to(self._device).eval()
            self._fit_positions(getattr(self._model.config, "max_position_embeddings", 512))
            torch.set_grad_enabled(False)
            if self.settings.output_vocabulary == "target":
                self._restrict_output()
        return self

    def _restrict_output(self) -> None:
        """Project the decoder onto the English pieces only: the output layer, its bias and the
        decoder's embedding keep those rows, so the decoder works in their numbering, and each
        output is mapped back to the shared vocabulary before decoding to text. The encoder keeps
        the whole vocabulary (it reads Dutch)."""
        import torch

        _, ids, size = output_vocabulary(model_folder(self.model_name))
        self._output_vocabulary = output_vocabulary_label(ids, size)
        if len(ids) >= size:
            return
        model = self._model
        keep = torch.tensor(ids, device=self._device)
        new_id = {old: new for new, old in enumerate(ids)}
        weight = model.get_output_embeddings().weight
        head = torch.nn.Linear(weight.shape[1], len(ids), bias=False, device=self._device, dtype=weight.dtype)
        head.weight = torch.nn.Parameter(weight[keep].clone(), requires_grad=False)
        model.lm_head = head
        model.final_logits_bias = model.final_logits_bias[:, keep].clone()
        embedding = model.model.decoder.embed_tokens
        model.model.decoder.embed_tokens = torch.nn.Embedding.from_pretrained(embedding.weight[keep].clone(), freeze=True)
        generation = model.generation_config
        for name in ("decoder_start_token_id", "pad_token_id", "eos_token_id", "forced_eos_token_id"):
            value = getattr(generation, name, None)
            if isinstance(value, int):
                setattr(generation, name, new_id[value])
        if generation.bad_words_ids:
            generation.bad_words_ids = [[new_id[t] for t in words] for words in generation.bad_words_ids if all(t in new_id for t in words)] or None
        # Greedy scores (compute_transition_scores) reshape by the configured vocabulary size.
        model.config.vocab_size = len(ids)
        if getattr(model.config, "decoder_vocab_size", None):
            model.config.decoder_vocab_size = len(ids)
        self._output_ids = keep

    def engine_version(self) -> str:
        import torch
        import transformers

        return f"transformers {transformers.__version__}, torch {torch.__version__}"

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer(text)["input_ids"])

    def _translate_pieces(self, pieces: list[str]) -> list[Scored]:
        import torch

        out: list[Scored] = [("", None)] * len(pieces)
        if not pieces:
            return out
        encoded = self._tokenizer(pieces)["input_ids"]
        lengths = [len(ids) for ids in encoded]
        s = self.settings
        pad = self._tokenizer.pad_token_id
        forced = self.forced_outputs(pieces, lengths)
        batches = self.batches(lengths, s.batch_tokens, s.batch_size, forced)
        with torch.inference_mode():
            for batch in batches:
                width = max(lengths[i] for i in batch)
                ids = torch.full((len(batch), width), pad, dtype=torch.long)
                mask = torch.zeros((len(batch), width), dtype=torch.long)
                for row, i in enumerate(batch):
                    ids[row, : lengths[i]] = torch.tensor(encoded[i])
                    mask[row, : lengths[i]] = 1
                budget = self.budget(batch, lengths, forced)
                generated = self._model.generate(
                    input_ids=ids.to(self._device),
                    attention_mask=mask.to(self._device),
                    num_beams=s.beam_size,
                    do_sample=False,
                    max_new_tokens=budget,
                    min_new_tokens=budget if forced else None,
                    no_repeat_ngram_size=s.no_repeat_ngram_size or None,
                    repetition_penalty=s.repetition_penalty if s.repetition_penalty != 1.0 else None,
                    output_scores=True,
                    return_dict_in_generate=True,
                )
                sequences = generated.sequences
                if self._output_ids is not None:
                    sequences = self._output_ids[sequences]  # back to the shared vocabulary
                decoded = self._tokenizer.batch_decode(sequences, skip_special_tokens=True)
                for i, text, score in zip(batch, decoded, _sequence_scores(self._model, generated, s.beam_size)):
                    out[i] = (text.strip(), score)
        return out


def _sequence_scores(model: Any, generated: Any, beams: int) -> list[float]:
    """Length-normalised log-probability per output: beam search's own score, or the mean of the
    token log-probabilities for greedy decoding."""
    if beams > 1 and getattr(generated, "sequences_scores", None) is not None:
        return [float(v) for v in generated.sequences_scores]
    import torch

    steps = model.compute_transition_scores(generated.sequences, generated.scores, normalize_logits=True)
    finite = torch.where(torch.isfinite(steps), steps, torch.zeros_like(steps))
    counts = torch.isfinite(steps).sum(dim=1).clamp(min=1)
    return [float(v) for v in finite.sum(dim=1) / counts]


def resolve_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ModelUnavailable(f"--device {device} was asked for, but no CUDA GPU is available")
    return device


def load_marian(name: str) -> tuple[Any, Any, str | None]:
    """Load (model, tokenizer, revision) from a hub name or a local folder.

    A hub name is looked up in the local Hugging Face cache first, so a cached model works
    offline and never waits on the network; only when it is not cached is the hub asked. Every
    failure becomes ModelUnavailable naming the model and the fix.
    """
    local = is_local(name)
    path = str(Path(name).expanduser()) if local else name
    if local:
        check_model_folder(name, Path(path))
    cached = local or in_hub_cache(name)
    if not cached:
        check_downloadable(name)  # before importing transformers (seconds)
    try:
        from transformers import MarianMTModel, MarianTokenizer
        from transformers.utils import logging as hf_logging
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ModelUnavailable(f"cannot load model {name}: {exc}") from None
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        tokenizer = MarianTokenizer.from_pretrained(path, local_files_only=cached)
        model = MarianMTModel.from_pretrained(path, local_files_only=cached)
    except Exception as exc:
        raise ModelUnavailable(load_failure_message(name, local, exc)) from None
    revision = getattr(model.config, "_commit_hash", None)
    return model, tokenizer, revision
