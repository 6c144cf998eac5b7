"""The translation seam: one way to set up translation, for `build`, `archive`'s workers and
`translate` alike.

`TranslationConfig` holds everything that decides how Dutch becomes English (model, device,
backend, decoding, quantization, threads, memory, glossary). `open_translator` turns it into a
`Translation`: the translation memory over a lazily loaded engine, with the glossary applied,
and the stamp of what was really used (`made_with`). Nothing else makes a translator. What the
configuration asks for is its `Signature` (`briefing.translate.signature`): the memory's key,
the archive's manifest and the stamp are all made from it.

    with open_translator(config.translation) as translation:
        english = translation.translate_texts(texts)
        stamp = translation.made_with()
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import UsageError
from briefing.translate.engine import DecodeSettings, Engine, PieceTranslator, translate_unique
from briefing.translate.glossary import Glossary
from briefing.translate.memory import MemoryStats, MemoryTranslator, TranslationMemory, default_memory_path
from briefing.translate.model import default_model, model_identity
from briefing.translate.signature import Signature, stamp

BACKENDS = ("auto", "ct2", "transformers")


@dataclass(frozen=True)
class TranslationConfig:
    model: str = field(default_factory=default_model)
    device: str = "auto"  # auto, cpu, cuda, cuda:N
    backend: str = "auto"  # auto (CTranslate2 where installed), ct2 or transformers
    decode: DecodeSettings = field(default_factory=DecodeSettings)
    quantization: str | None = None  # ct2 only; None: int8 on the CPU, bfloat16/float16 on a GPU
    threads: int = 0  # CPU threads for the engine; 0: the engine's default (every core)
    memory: Path | None = None  # the translation memory; None: the default under the user cache
    use_memory: bool = True
    glossary: Path | None = None  # a user glossary on top of the shipped one

    def memory_path(self) -> Path | None:
        """The memory file this configuration uses, resolved now (workers on other machines may
        not share this environment), or None without a memory."""
        if not self.use_memory:
            return None
        return self.memory or default_memory_path()

    def signature(self, backend: str) -> Signature:
        """What is asked of the backend: the memory's key (with the model's identity) and the
        archive's manifest are its `settings()`, and the stamp says it until an engine reports.
        CTranslate2's quantization is resolved here (its default depends on the device)."""
        quantization = None
        if backend == "ct2":
            from briefing.translate.ct2 import default_quantization, resolve_ct2_device

            quantization = self.quantization or default_quantization(resolve_ct2_device(self.device))
        return Signature.of(self.model, backend, self.decode, quantization=quantization, device=self.device)


def load_engine(config: TranslationConfig, backend: str) -> PieceTranslator:
    """The translation engine for the backend, loaded: this is where the model loads."""
    if backend == "ct2":
        from briefing.translate.ct2 import CT2Translator

        return CT2Translator(
            config.model, config.device, config.decode, config.quantization, threads=config.threads
        ).load()
    from briefing.translate.marian import MarianTranslator

    if config.threads:
        import torch

        torch.set_num_threads(config.threads)
    return MarianTranslator(config.model, config.device, config.decode).load()


@dataclass
class Translation:
    """The memory over the engine, with the glossary: what `open_translator` gives."""

    config: TranslationConfig
    translator: MemoryTranslator
    glossary: Glossary
    backend: str
    # The stamp's account until an engine reports: what was asked (`Signature.account()`), or
    # a stand-in's own signature.
    asked: dict[str, Any] = field(default_factory=dict)
    scores: dict[str, float | None] = field(default_factory=dict)  # Dutch segment → model confidence
    retried_dutch: set[str] = field(default_factory=set)  # Dutch segments whose English is a second try
    # Dutch segment → where its English came from: human (a person's, imported; wins over any
    # model), model (this model and settings, now or in an earlier build: the same sentence, so a
    # rebuild from memory is byte for byte the same briefing) or memory (the same model and
    # settings, but made elsewhere: imported from another memory's export).
    origins: dict[str, str] = field(default_factory=dict)

    @property
    def stats(self) -> MemoryStats:
        return self.translator.stats

    @property
    def quality(self) -> dict[str, tuple[float | None, bool]]:
        """Dutch segment → (the model's confidence, whether the English is a second try): what
        the article records carry, for build, translate and the archive alike."""
        return {d: (self.scores.get(d), d in self.retried_dutch) for d in self.scores}

    def translate_texts(self, texts: Sequence[str]) -> dict[str, str]:
        """Dutch → English for each distinct text, the glossary enforced: terms go to the model
        already in English, and what still slips through is corrected. An output that loops or
        falls out of the length band is tried once more (`MemoryTranslator._second_try`). A human translation
        in the memory wins over all that, and is used as the person wrote it."""
        wanted = list(dict.fromkeys(t for t in texts if t.strip()))
        memory = self.translator.memory
        human = memory.lookup_human(wanted) if memory is not None else {}
        self.origins.update(dict.fromkeys(human, "human"))
        self.stats.human += len(human)
        self.stats.segments += len(human)
        prepared = {s: self.glossary.prepare(s) for s in wanted if s not in human}
        # Nothing left for the model: it is not asked (nor loaded).
        translated = translate_unique(list(prepared.values()), self.translator) if prepared else {}
        for dutch, sent in prepared.items():
            self.scores[dutch] = self.translator.scores.get(sent)
            self.origins[dutch] = "memory" if sent in self.translator.imported else "model"
            if sent in self.translator.retried:
                self.retried_dutch.add(dutch)
        return {**{s: self.glossary.enforce(translated.get(p, "")) for s, p in prepared.items()}, **human}

    def made_with(self, built_at: dt.datetime | None = None) -> dict[str, Any]:
        """What was really used (see `briefing.translate.signature.stamp`): the engine's own
        account once it loaded (resolved device, the input limit fitted to the model, revision,
        quantization, engine version), or the memory's record of the engine that made the
        translations, over what was asked."""
        engine = self.translator.engine_signature()
        return stamp(self.asked, engine, self.translator.model_id, built_at or build_time())


def build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH where it is set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch[:20]} is not a time this machine can show; unset it") from None
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@contextmanager
def open_translator(
    config: TranslationConfig,
    stand_in: Engine | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Translation]:
    """The one way to open a translator: the memory (when used) over the engine, loaded on
    first need, with the glossary. `stand_in` replaces the engine (tests, benchmarks); its
    signature names it. The memory is closed on leaving."""
    glossary = Glossary.load(config.glossary)
    path = config.memory_path()
    memory = TranslationMemory(path) if path is not None else None
    if stand_in is not None:
        translator, backend, asked = _over_stand_in(config, memory, stand_in, progress)
    else:
        translator, backend, asked = _over_model(config, memory, progress)
    try:
        yield Translation(config, translator, glossary, backend, asked)
    finally:
        if memory is not None:
            memory.close()


def _broken(source: str, english: str) -> bool:
    """An output worth a second try: a loop, or a length out of the band of real outputs (the
    QA checks' own tests)."""
    from briefing.qa.lengths import out_of_band
    from briefing.qa.repetition import repeats

    return repeats(english) or out_of_band(source, english) is not None


def _over_stand_in(
    config: TranslationConfig, memory: TranslationMemory | None, stand_in: Engine,
    progress: Callable[[int, int], None] | None,
) -> tuple[MemoryTranslator, str, dict[str, Any]]:
    """The memory over a stand-in: its signature is all it says of itself, and names it in the
    memory's key. Returns (translator, backend, the stamp's account)."""
    own = dict(stand_in.signature)
    backend = str(own.get("backend", "stand-in"))
    name = f"{backend}:{own.get('model')}"
    settings = config.signature(backend).settings()
    asked = own or config.signature(backend).account()  # a stand-in that says nothing of itself
    translator = MemoryTranslator(memory, lambda: stand_in, lambda _: name, settings, broken=_broken, progress=progress)
    return translator, backend, asked


def _over_model(
    config: TranslationConfig, memory: TranslationMemory | None, progress: Callable[[int, int], None] | None,
) -> tuple[MemoryTranslator, str, dict[str, Any]]:
    """The memory over the configured model's engine, loaded on first need. Returns
    (translator, backend, the stamp's account)."""
    from briefing.translate.ct2 import choose_backend

    backend = choose_backend(config.backend)
    asked = config.signature(backend)

    def identity(engine: Engine | None) -> str:
        known = model_identity(config.model)
        if known:
            return known
        # A hub model not downloaded yet: load (download) it, then ask again.
        loaded = engine or translator.engine
        return model_identity(config.model) or f"hub:{config.model}@{loaded.signature.get('revision')}"

    translator = MemoryTranslator(
        memory, lambda: load_engine(config, backend), identity, asked.settings(), broken=_broken, progress=progress
    )
    return translator, backend, asked.account()
