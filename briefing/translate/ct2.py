"""The CTranslate2 backend: the same pipeline, a faster engine.

The Hugging Face model is converted once (int8 for the CPU, bfloat16 or float16 for a GPU) into
a cache folder: beside the model for a local folder (`<model>/ctranslate2-int8/`) when it can be
written, else under `$XDG_CACHE_HOME/briefing/ctranslate2/`. `briefing convert` does it ahead of
time. Tokenizing uses the model's own SentencePiece files directly, so this backend never
imports transformers or torch at translation time (conversion does, once).

CTranslate2 is optional: `pip install 'briefing[fast]'`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import ModelUnavailable
from briefing.translate.engine import DecodeSettings, PieceTranslator, Scored
from briefing.translate.model import (
    MODEL_ENV,
    default_model,
    is_local,
    model_folder,
    output_vocabulary,
    output_vocabulary_label,
    revision,
)


def ct2_available() -> bool:
    return importlib.util.find_spec("ctranslate2") is not None


def choose_backend(backend: str) -> str:
    """`auto` is CTranslate2 where it is installed, transformers otherwise."""
    if backend == "auto":
        return "ct2" if ct2_available() else "transformers"
    if backend == "ct2" and not ct2_available():
        from briefing.extras import install_hint

        raise ModelUnavailable(
            f"--backend ct2 needs CTranslate2 (the fast extra), which this install lacks: {install_hint('fast')}; "
            "or use --backend transformers"
        )
    if backend not in ("ct2", "transformers"):
        raise ModelUnavailable(f"unknown backend {backend!r}: choose auto, ct2 or transformers")
    return backend


def default_quantization(device: str) -> str:
    if device.startswith("cuda"):
        import ctranslate2

        return "bfloat16" if "bfloat16" in ctranslate2.get_supported_compute_types("cuda") else "float16"
    return "int8"


def resolve_ct2_device(device: str) -> str:
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count()
    if device == "auto":
        return "cuda" if gpus > 0 else "cpu"
    if device.startswith("cuda") and gpus == 0:
        raise ModelUnavailable(f"--device {device} was asked for, but no CUDA GPU is available; use --device cpu or auto")
    return device


def converted_folder(name: str, quantization: str) -> Path:
    """Where the converted model lives (whether or not it exists yet)."""
    source = model_folder(name)
    beside = source / f"ctranslate2-{quantization}"
    if is_local(name) and os.access(source, os.W_OK):
        return beside
    from briefing.cachefiles import cache_folder

    tag = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:16]
    return cache_folder() / "ctranslate2" / f"{source.name}-{tag}-{quantization}"


def convert(name: str, quantization: str = "int8", force: bool = False) -> Path:
    """Convert the Hugging Face model for CTranslate2, once; returns the converted folder."""
    target = converted_folder(name, quantization)
    if (target / "model.bin").is_file() and not force:
        return target
    source = model_folder(name)
    from ctranslate2.converters import TransformersConverter
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    target.parent.mkdir(parents=True, exist_ok=True)
    # Convert into a temporary folder and rename: a half-converted model is never used.
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        TransformersConverter(str(source)).convert(str(tmp / "model"), quantization=quantization, force=True)
        for spm in ("source.spm", "target.spm"):
            shutil.copy(source / spm, tmp / "model" / spm)
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp / "model", target)
    except ModelUnavailable:
        raise
    except Exception as exc:
        raise ModelUnavailable(
            f"cannot convert model {name} for CTranslate2: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}. "
            f"Use --backend transformers, or pass --model PATH (or set {MODEL_ENV}) to a MarianMT folder."
        ) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def write_vocabulary_map(name: str, folder: Path) -> str:
    """Give the converted model a vocabulary map (`vmap.txt`) whose one line, with an empty
    source side, lists the English pieces: with `use_vmap` CTranslate2 then projects each decoder
    step onto those only. Returns what the output layer projects onto."""
    pieces, ids, size = output_vocabulary(model_folder(name))
    if len(ids) >= size:
        return output_vocabulary_label(ids, size)
    target = folder / "vmap.txt"
    line = "\t" + " ".join(pieces) + "\n"
    try:
        if not target.is_file() or target.read_text(encoding="utf-8") != line:
            tmp = folder / f".vmap.{os.getpid()}.tmp"
            tmp.write_text(line, encoding="utf-8")
            os.replace(tmp, target)
    except OSError:
        return output_vocabulary_label([], size)  # a converted model we cannot write to: translated as it is
    return output_vocabulary_label(ids, size)


@dataclass
class CT2Translator(PieceTranslator):
    """MarianMT through CTranslate2, tokenized with the model's own SentencePiece files."""

    model_name: str = field(default_factory=default_model)
    device: str = "auto"
    settings: DecodeSettings = field(default_factory=DecodeSettings)
    quantization: str | None = None  # None: int8 on the CPU, bfloat16/float16 on a GPU
    threads: int = 0  # CPU threads in all; 0: every core of this machine
    backend: str = field(default="ct2", init=False)
    _model: Any = field(default=None, init=False, repr=False)  # ctranslate2.Translator, once loaded
    _source: Any = field(default=None, init=False, repr=False)
    _target: Any = field(default=None, init=False, repr=False)
    _parallel: int = field(default=1, init=False, repr=False)  # batches decoded side by side

    def load(self) -> CT2Translator:
        if self._model is not None:
            return self
        import ctranslate2
        import sentencepiece as spm

        self._device = resolve_ct2_device(self.device)
        self.quantization = self.quantization or default_quantization(self._device)
        self._revision = revision(self.model_name)
        folder = convert(self.model_name, self.quantization)
        if self.settings.output_vocabulary == "target":
            self._output_vocabulary = write_vocabulary_map(self.model_name, folder)
        self._source = spm.SentencePieceProcessor(model_file=str(folder / "source.spm"))
        self._target = spm.SentencePieceProcessor(model_file=str(folder / "target.spm"))
        config = json.loads((model_folder(self.model_name) / "config.json").read_text())
        self._fit_positions(int(config.get("max_position_embeddings", 512)))
        parallel, per_batch = cpu_threads(self.threads or (os.cpu_count() or 1)) if self._device == "cpu" else (1, 1)
        self._parallel = parallel
        self._model = ctranslate2.Translator(
            str(folder),
            device=self._device,
            compute_type="default",
            inter_threads=parallel,
            intra_threads=per_batch,
        )
        return self

    def engine_version(self) -> str:
        import ctranslate2

        return f"ctranslate2 {ctranslate2.__version__}"

    def count_tokens(self, text: str) -> int:
        return len(self._source.encode(text)) + 1  # and </s>

    def _translate_pieces(self, pieces: list[str]) -> list[Scored]:
        if not pieces:
            return []
        # Tokenize in one call; the engine sorts by length and batches by tokens itself.
        tokens = [[*t, "</s>"] for t in self._source.encode(pieces, out_type=str)]
        s = self.settings
        out: list[Scored] = [("", None)] * len(pieces)
        lengths = [len(t) for t in tokens]
        forced = self.forced_outputs(pieces, lengths)
        # Groups of similar length share one output budget (the longest source in the group);
        # within a group the engine batches by tokens itself. Every group is handed over at once
        # (asynchronously), the largest first, so the engine's parallel batches keep all cores
        # busy; the results are collected in order afterwards.
        # An input smaller than the parallel batches could share (a desk's round of a few
        # clients' sentences) is cut into one group per parallel batch, so that every core works.
        rows = -(-len(lengths) // self._parallel)
        batches = self.batches(lengths, s.batch_tokens * 4, rows, forced)
        batches.sort(key=lambda batch: -len(batch) * max(lengths[i] for i in batch))
        pending: list[tuple[int, Any]] = []
        for batch in batches:
            budget = self.budget(batch, lengths, forced)
            results = self._model.translate_batch(
                [tokens[i] for i in batch],
                beam_size=s.beam_size,
                max_batch_size=s.batch_tokens,
                batch_type="tokens",
                max_decoding_length=budget,
                min_decoding_length=budget if forced else 0,
                # The vocabulary map (vmap.txt): the English pieces only, where the model has
                # more (see write_vocabulary_map).
                use_vmap=self._output_vocabulary.startswith("target"),
                no_repeat_ngram_size=s.no_repeat_ngram_size,
                repetition_penalty=s.repetition_penalty,
                # The score is the log-probability normalised by length (length_penalty 1).
                return_scores=True,
                asynchronous=True,
            )
            pending.extend(zip(batch, results))
        for i, future in pending:
            result = future.result()
            score = float(result.scores[0]) if result.scores else None
            out[i] = (self._target.decode(result.hypotheses[0]).strip(), score)
        return out


def cpu_threads(cores: int) -> tuple[int, int]:
    """(batches decoded in parallel, threads per batch) for `cores` CPU threads. A MarianMT
    decoder step is small (d_model 512): on a few cores, whole batches side by side keep them
    busier than one batch split across them; on more, two or four threads a batch."""
    if cores <= 4:
        return cores, 1
    if cores < 8:
        return cores // 2, 2
    return cores // 4, 4
