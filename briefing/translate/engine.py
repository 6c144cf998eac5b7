"""Stage 3: translate segments with a MarianMT model.

The heavy libraries (torch, transformers) are imported only when a model is loaded, so
`briefing --help` and the rendering paths stay fast.

What this stage guarantees:

* every input segment gets exactly one output string, in order;
* nothing is truncated: a segment longer than the model takes is split at clause boundaries,
  its pieces translated and joined;
* punctuation is normalised the way OPUS-MT's training data was (Moses), so typographic quotes
  and dashes do not become `<unk>`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from briefing.errors import ModelUnavailable
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

# The output budget when none is given: English runs longer than Dutch, and a degenerate loop
# is stopped early. Written once: the stamp and the memory's key name it so.
DEFAULT_BUDGET = "2×source+16"


class Translator(Protocol):
    """Anything that turns Dutch segments into English ones, one for one."""

    def translate(self, texts: Sequence[str]) -> list[str]: ...

    @property
    def signature(self) -> dict[str, Any]:
        """How the translations are made: stamped on every briefing."""
        ...


# --- text preparation ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _normalizer() -> Any:
    from sacremoses import MosesPunctNormalizer

    return MosesPunctNormalizer(lang="nl")


def normalize_punctuation(text: str) -> str:
    """Moses punctuation normalisation (‘ ’ “ ” „ – → ASCII), as in OPUS-MT's training data."""
    return _normalizer().normalize(text).strip()


# Clause boundaries, strongest first: where a long sentence may be cut without cutting a phrase.
_CLAUSE_BREAKS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<=[;:])\s+"),
    re.compile(r"\s+(?=[–—-]\s)|(?<=\s[–—-])\s+"),
    re.compile(r"(?<=,)\s+"),
    re.compile(r"\s+(?=(?:en|maar|of|want|omdat|terwijl|waarna|waardoor|zodat|dat|die|wat)\s)"),
    re.compile(r"\s+"),
)


def split_to_fit(text: str, count: Callable[[str], int], limit: int) -> list[str]:
    """Split `text` into pieces of at most `limit` units (by `count`), at clause boundaries.

    Joining the pieces with single spaces gives the text back (whitespace aside). A stretch with
    no whitespace at all is cut by characters as a last resort, so even that fits.
    """
    if count(text) <= limit:
        return [text]
    for pattern in _CLAUSE_BREAKS:
        cuts = [m for m in pattern.finditer(text) if m.start() > 0 and m.end() < len(text)]
        if not cuts:
            continue
        middle = len(text) / 2
        cut = min(cuts, key=lambda m: abs(m.start() - middle))
        left, right = text[: cut.start()].strip(), text[cut.end() :].strip()
        if left and right:
            return split_to_fit(left, count, limit) + split_to_fit(right, count, limit)
    half = max(1, len(text) // 2)
    return split_to_fit(text[:half], count, limit) + split_to_fit(text[half:], count, limit)


def length_sorted_batches(
    lengths: Sequence[int], max_tokens: int, max_size: int
) -> Iterator[list[int]]:
    """Indices grouped into batches of similar length, each within a padded-token budget."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True)
    batch: list[int] = []
    longest = 0
    for i in order:
        n = max(lengths[i], 1)
        width = max(longest, n)
        if batch and (width * (len(batch) + 1) > max_tokens or len(batch) >= max_size):
            yield batch
            batch, width = [], n
        batch.append(i)
        longest = width
    if batch:
        yield batch


# --- the MarianMT translator --------------------------------------------------------------------


@dataclass
class DecodeSettings:
    beam_size: int = 4
    #: Output budget per segment: None means 2 × the longest source in the batch + 16 tokens,
    #: which leaves room for English's longer phrasing but stops a degenerate loop early.
    max_new_tokens: int | None = None
    #: Longest source segment (in tokens) fed to the model; longer ones are split.
    max_input_tokens: int = 256
    #: Padded tokens per batch (rows × longest row), and rows per batch.
    batch_tokens: int = 4096
    batch_size: int = 64
    #: For benchmarks with random weights only (such a model decides nothing about when to
    #: stop): every output is forced to its source length rounded up to a multiple of 4 tokens,
    #: and batches never mix those lengths, so every engine does the same decoding work.
    force_source_length: bool = False
    #: For benchmarks with real output lengths: the output length (tokens, with </s>) of each
    #: piece, by its normalised text; a piece not in it falls back to its source length.
    forced_lengths: Mapping[str, int] | None = None
    #: The output layer: `target` projects each decoder step onto the English pieces only (the
    #: model's target.spm, 32,000 of opus-mt-nl-en's 67,028), which no output can leave;
    #: `full` onto the whole shared vocabulary.
    output_vocabulary: str = "target"
    #: A second try on a broken output (a loop, a dropped clause) decodes with these.
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0


#: The second try's settings: no phrase of three tokens twice, repeats made dear.
RETRY = {"no_repeat_ngram_size": 3, "repetition_penalty": 1.3}

FORCE_BUCKET = 4


def forced_length(tokens: int) -> int:
    return -(-tokens // FORCE_BUCKET) * FORCE_BUCKET


class PieceTranslator:
    """What every backend shares: normalise, split what is too long, translate the pieces in
    length-sorted batches, join each segment's pieces again, and say how it translated. A
    backend supplies `load`, `count_tokens`, `_translate_pieces` and `engine_version`, and sets
    `_device`, `_revision` and `quantization` when it loads."""

    backend: str = "?"
    model_name: str
    settings: DecodeSettings
    quantization: str | None = None
    _device: str = "cpu"
    _revision: str | None = None
    _output_vocabulary: str = "full"  # what the output layer projects onto, once loaded
    _max_positions: int = 512  # the model's positions, once loaded: they bound the output too

    def load(self) -> PieceTranslator:  # pragma: no cover - overridden
        return self

    def count_tokens(self, text: str) -> int:  # pragma: no cover - overridden
        raise NotImplementedError

    def _translate_pieces(self, pieces: list[str]) -> list[tuple[str, float | None]]:  # pragma: no cover - overridden
        """(English, length-normalised log-probability) per piece."""
        raise NotImplementedError

    def engine_version(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def signature(self) -> dict[str, Any]:
        """How this engine translates, as it is once loaded: the device it runs on, the input
        limit fitted to the model, the revision and the engine's version."""
        self.load()
        s = self.settings
        return {
            "model": self.model_name,
            "revision": self._revision,
            "backend": self.backend,
            "quantization": self.quantization,
            "device": self._device,
            "beam_size": s.beam_size,
            "max_new_tokens": s.max_new_tokens or DEFAULT_BUDGET,
            "max_input_tokens": s.max_input_tokens,
            "output_vocabulary": self._output_vocabulary,
            "engine": self.engine_version(),
        }

    def forced_outputs(self, pieces: Sequence[str], lengths: Sequence[int]) -> list[int] | None:
        """In the benchmarks' forced-length modes, each piece's output length (its real output's
        or its source's, rounded up to a multiple of 4 tokens); None when decoding stops freely."""
        s = self.settings
        if s.forced_lengths is not None:
            return [forced_length(s.forced_lengths.get(p) or n) for p, n in zip(pieces, lengths)]
        if s.force_source_length:
            return [forced_length(n) for n in lengths]
        return None

    def budget(self, batch: Sequence[int], lengths: Sequence[int], forced: Sequence[int] | None = None) -> int:
        """Output tokens allowed for a batch (indices into `lengths`, the source lengths): its
        forced length in the benchmarks' modes, else the budget for its longest source; never
        more than the model's positions hold."""
        if forced is not None:
            wanted = forced[batch[0]]  # a batch never mixes forced lengths
        else:
            wanted = self.settings.max_new_tokens or 2 * max(lengths[i] for i in batch) + 16
        return min(wanted, self._max_positions - 1)

    def batches(
        self, lengths: Sequence[int], max_tokens: int, max_size: int, forced: Sequence[int] | None = None
    ) -> list[list[int]]:
        """Indices in length-sorted batches within a padded-token budget (and, in the
        benchmarks' forced-length modes, never mixing output lengths)."""
        groups: list[list[int]] = [list(range(len(lengths)))]
        if forced is not None:
            by_length: dict[int, list[int]] = {}
            for i, n in enumerate(forced):
                by_length.setdefault(n, []).append(i)
            groups = [by_length[k] for k in sorted(by_length)]
        return [
            [group[j] for j in batch]
            for group in groups
            for batch in length_sorted_batches([lengths[i] for i in group], max_tokens, max_size)
        ]

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translate segments one for one; empty segments stay empty."""
        return [text for text, _ in self.translate_scored(texts)]

    def retry(self, texts: Sequence[str]) -> list[tuple[str, float | None]]:
        """The second try: the same segments decoded so as not to loop."""
        settings = self.settings
        self.settings = replace(settings, **RETRY)  # type: ignore[arg-type]
        try:
            return self.translate_scored(texts)
        finally:
            self.settings = settings

    def translate_scored(self, texts: Sequence[str]) -> list[tuple[str, float | None]]:
        """Each segment's English and the model's confidence in it: the mean length-normalised
        log-probability of its pieces (None where the engine gives none)."""
        if not texts:
            return []
        self.load()
        # Each segment becomes one or more model-sized pieces; remember which belong together.
        pieces: list[str] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            norm = normalize_punctuation(text)
            if not norm:
                continue
            for piece in split_to_fit(norm, self.count_tokens, self.settings.max_input_tokens):
                pieces.append(piece)
                owner.append(i)
        translated = self._translate_pieces(pieces)
        parts: list[list[str]] = [[] for _ in texts]
        scores: list[list[float]] = [[] for _ in texts]
        for i, (english, score) in zip(owner, translated):
            parts[i].append(english)
            if score is not None:
                scores[i].append(score)
        return [
            (" ".join(p for p in part if p), sum(score) / len(score) if score else None)
            for part, score in zip(parts, scores)
        ]


@dataclass
class MarianTranslator(PieceTranslator):
    """MarianMT through transformers, from a hub name or a local folder."""

    model_name: str = field(default_factory=default_model)
    device: str = "auto"
    settings: DecodeSettings = field(default_factory=DecodeSettings)
    backend: str = field(default="transformers", init=False)
    _model: Any = field(default=None, init=False, repr=False)
    _tokenizer: Any = field(default=None, init=False, repr=False)
    _device: str = field(default="cpu", init=False, repr=False)
    _revision: str | None = field(default=None, init=False, repr=False)
    _max_positions: int = field(default=512, init=False, repr=False)
    _output_ids: Any = field(default=None, init=False, repr=False)  # decoder id → shared id
    _output_vocabulary: str = field(default="full", init=False, repr=False)

    def __post_init__(self) -> None:
        # Our own copy: load() fits the input limit to the model, which must not change the
        # caller's settings (they are part of the translation memory's key).
        self.settings = replace(self.settings)

    def load(self) -> MarianTranslator:
        if self._model is None:
            self._model, self._tokenizer, self._revision = load_marian(self.model_name)
            import torch

            self._device = resolve_device(self.device)
            self._model.to(self._device).eval()
            # Positions bound both sides: the source, and the output after its start token.
            self._max_positions = getattr(self._model.config, "max_position_embeddings", 512)
            self.settings.max_input_tokens = min(
                self.settings.max_input_tokens, self._max_positions - 2
            )
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

    def _translate_pieces(self, pieces: list[str]) -> list[tuple[str, float | None]]:
        import torch

        out: list[tuple[str, float | None]] = [("", None)] * len(pieces)
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


def translate_unique(texts: Sequence[str], translator: Translator) -> dict[str, str]:
    """Translate each distinct segment once; returns Dutch → English."""
    unique = list(dict.fromkeys(t for t in texts if t.strip()))
    return dict(zip(unique, translator.translate(unique)))
