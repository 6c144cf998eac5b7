"""Stage 3: translate segments with a MarianMT model: what every backend is and shares.

`Engine` is everything a backend does; `PieceTranslator` is the work every backend shares
(normalise, split what is too long, batch, join, sign). The backends extend it:
`briefing.translate.marian` (transformers) and `briefing.translate.ct2` (CTranslate2). The heavy
libraries (torch, transformers, ctranslate2) are imported only when a model is loaded, so
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
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from briefing.translate.signature import Signature

#: A segment's English and the model's confidence in it (the length-normalised log-probability;
#: None where the engine gives none).
Scored = tuple[str, float | None]


class Engine(Protocol):
    """Everything a translation backend does: the transformers and CTranslate2 backends, and the
    stand-ins tests and benchmarks put in their place."""

    @property
    def signature(self) -> Mapping[str, Any]:
        """How it translates: a real backend's own account once loaded (`Signature.account()`:
        the resolved device, the input limit fitted to the model, revision, versions); a stand-in's
        says all there is to say of it. Stamped on every briefing and kept in the memory."""
        ...

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Dutch segments into English ones, one for one; empty segments stay empty."""
        ...

    def translate_scored(self, texts: Sequence[str]) -> list[Scored]:
        """The same, with the model's confidence in each (None where the engine has none)."""
        ...

    def retry(self, texts: Sequence[str]) -> list[Scored]:
        """The second try at outputs that came out broken (a loop, a dropped clause): the same
        segments decoded so as not to loop, one for one; or an empty list where the engine has
        no second way to decode (then there is no second try)."""
        ...


class SegmentTranslator(Protocol):
    """Anything that turns Dutch segments into English ones, one for one: an engine, or the
    memory over one."""

    def translate(self, texts: Sequence[str]) -> list[str]: ...


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


# --- what every backend shares -----------------------------------------------------------------


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


class PieceTranslator(ABC):
    """What every backend shares, and the `Engine` every backend is: normalise, split what is too
    long, translate the pieces in length-sorted batches, join each segment's pieces again, try
    again so as not to loop, and say how it translated. A backend supplies `load`,
    `count_tokens`, `_translate_pieces` and `engine_version`, and sets `_device`, `_revision` and
    `quantization` when it loads."""

    backend: str = "?"
    model_name: str
    settings: DecodeSettings
    quantization: str | None = None
    _device: str = "cpu"
    _revision: str | None = None
    _output_vocabulary: str = "full"  # what the output layer projects onto, once loaded
    _max_positions: int = 512  # the model's positions, once loaded: they bound the output too

    def __post_init__(self) -> None:
        # Our own copy: load() fits the input limit to the model, which must not change the
        # caller's settings (they are part of the translation memory's key).
        self.settings = replace(self.settings)

    def _fit_positions(self, positions: int) -> None:
        """The model's positions bound both sides: the source, and the output after its start
        token. Called by `load`."""
        self._max_positions = positions
        self.settings.max_input_tokens = min(self.settings.max_input_tokens, positions - 2)

    @abstractmethod
    def load(self) -> PieceTranslator:
        """Load the model (once); the input limit is fitted to it."""

    @abstractmethod
    def count_tokens(self, text: str) -> int:
        """The text's length in the model's tokens, with </s>."""

    @abstractmethod
    def _translate_pieces(self, pieces: list[str]) -> list[Scored]:
        """(English, length-normalised log-probability) per piece."""

    @abstractmethod
    def engine_version(self) -> str:
        """The engine's libraries and their versions."""

    @property
    def signature(self) -> dict[str, Any]:
        """How this engine translates, as it is once loaded: the device it runs on, the input
        limit fitted to the model, the revision and the engine's version."""
        self.load()
        return Signature.of(
            self.model_name, self.backend, self.settings, quantization=self.quantization, device=self._device,
            revision=self._revision, output_vocabulary=self._output_vocabulary, engine=self.engine_version(),
        ).account()

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

    def retry(self, texts: Sequence[str]) -> list[Scored]:
        """The second try: the same segments decoded so as not to loop."""
        settings = self.settings
        self.settings = replace(settings, **RETRY)  # type: ignore[arg-type]
        try:
            return self.translate_scored(texts)
        finally:
            self.settings = settings

    def translate_scored(self, texts: Sequence[str]) -> list[Scored]:
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


def translate_unique(texts: Sequence[str], translator: SegmentTranslator) -> dict[str, str]:
    """Translate each distinct segment once; returns Dutch → English."""
    unique = list(dict.fromkeys(t for t in texts if t.strip()))
    return dict(zip(unique, translator.translate(unique)))
