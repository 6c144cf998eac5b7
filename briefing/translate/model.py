"""Where the model is and who it is: a local folder or the Hugging Face cache, its identity and
revision, and one clear message when it cannot be had. Both backends look models up here.

Nothing here imports torch or transformers, so a build answered from the translation memory
never pays for them.
"""

from __future__ import annotations

import hashlib
import os
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from briefing.errors import ModelUnavailable

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-nl-en"
MODEL_ENV = "BRIEFING_MODEL"


def default_model() -> str:
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def is_local(name: str) -> bool:
    """A path (existing, or written as one) rather than a hub name.

    A hub name is `org/name` (one slash, neither part a folder here), so `out/tiny-model` where
    `out/` exists, `models/nl/opus` (two slashes), `./m`, `/m`, `~/m` or `C:\\m` are paths: a
    missing one is "no such folder", never a question to the hub."""
    path = Path(name).expanduser()
    if name.startswith((".", "/", "~")) or path.exists() or name.count("/") > 1:
        return True
    if (os.sep != "/" and os.sep in name) or (os.altsep and os.altsep != "/" and os.altsep in name):
        return True
    first = name.split("/", 1)[0]
    return "/" in name and Path(first).expanduser().is_dir()


def missing_folder_message(name: str) -> str:
    return (
        f"no such folder: {name}. Pass --model with a folder that holds a MarianMT model saved "
        "with save_pretrained, or a Hugging Face model name (org/name)."
    )


def in_hub_cache(name: str) -> bool:
    """Is the model's config in the local Hugging Face cache? (A cached model loads offline.)"""
    return cached_config(name) is not None


def cached_config(name: str) -> Path | None:
    try:
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(name, "config.json")
    except Exception:
        return None
    return Path(found) if isinstance(found, str) else None


def hub_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0", "false", "False")


def hub_reachable(timeout: float = 4.0) -> tuple[bool, str]:
    """Can a TCP connection to the hub be opened within a few seconds?"""
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    url = urlparse(endpoint)
    host, port = url.hostname or "huggingface.co", url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True, ""
    except OSError as exc:
        return False, f"cannot connect to {host} ({exc.strerror or exc})"


def check_model_folder(name: str, path: Path) -> None:
    """A local folder must hold a saved MarianMT model; say so in our words, before transformers
    answers with its own (`Should have a model_type key…`)."""
    import json

    if not path.is_dir():
        raise ModelUnavailable(missing_folder_message(name))
    config = path / "config.json"
    try:
        kind = json.loads(config.read_text(encoding="utf-8")).get("model_type")
    except FileNotFoundError:
        raise ModelUnavailable(
            f"folder {name} holds no saved model (no config.json). Pass --model with a folder made "
            "by save_pretrained (config.json, the weights, source.spm, target.spm, vocab.json), or a "
            "Hugging Face model name"
        ) from None
    except (OSError, ValueError, AttributeError):
        raise ModelUnavailable(f"folder {name}: its config.json cannot be read as a model's configuration") from None
    if kind != "marian":
        raise ModelUnavailable(f"folder {name} holds a {kind or 'unknown'} model, not MarianMT; briefing translates with MarianMT (opus-mt) models")


def load_failure_message(name: str, local: bool, exc: Exception) -> str:
    """The one message for a model that cannot be had: what failed, and what to do."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if local:
        return (
            f"cannot load the model in folder {name}: {detail}. The folder must hold a MarianMT "
            "model saved with save_pretrained (config.json, the weights, source.spm, "
            "target.spm, vocab.json)."
        )
    text = str(exc).lower()
    if isinstance(exc, ConnectionError):
        why = f"it is not in the local Hugging Face cache, and {exc}"
    elif hub_offline() or "offline" in text or "connect" in text or "cache" in text:
        why = "it is not in the local Hugging Face cache and cannot be downloaded here"
    elif "not a valid model identifier" in text or "not found" in text or "404" in text:
        why = "no such model on the Hugging Face Hub (check the name)"
    else:
        why = detail
    return (
        f"cannot load translation model {name}: {why}. "
        f"Fetch it once where there is network access (`hf download {name}`, or any "
        f"`briefing` run online), or pass --model PATH (or set {MODEL_ENV}) to a local "
        "folder that holds the model. To see the tool work without it: `make demo` (a tiny "
        "test model)."
    )


def check_downloadable(name: str) -> None:
    """For a hub model not in the cache: fail at once, with the advice, where it cannot be
    downloaded (offline, huggingface_hub would otherwise retry for minutes)."""
    if hub_offline():
        raise ModelUnavailable(load_failure_message(name, False, LookupError("offline")))
    reachable, why = hub_reachable()
    if not reachable:
        raise ModelUnavailable(load_failure_message(name, False, ConnectionError(why)))


def model_folder(name: str) -> Path:
    """The folder of the Hugging Face model: a local folder, or its snapshot in the hub cache
    (downloaded first where that is possible)."""
    if is_local(name):
        path = Path(name).expanduser()
        check_model_folder(name, path)
        return path
    config = cached_config(name)
    if config is not None:
        return config.parent
    check_downloadable(name)
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(name))
    except Exception as exc:
        raise ModelUnavailable(load_failure_message(name, False, exc)) from None


def _hash_file(path: Path, digest: Any) -> None:
    """Add a file to the digest: whole if small, else its size, head and tail (fast, and a
    changed checkpoint changes them)."""
    size = path.stat().st_size
    digest.update(f"{path.name}\0{size}\0".encode())
    with path.open("rb") as handle:
        if size <= 16 * 2**20:
            digest.update(handle.read())
        else:
            digest.update(handle.read(4 * 2**20))
            handle.seek(size - 4 * 2**20)
            digest.update(handle.read())


def model_identity(name: str) -> str | None:
    """Who the model is, without loading it: `hub:NAME@COMMIT` for a model in the Hugging Face
    cache, `dir:SHA256` of the files of a local folder. None if it cannot be told without
    loading the model (a hub model not yet downloaded)."""
    path = Path(name).expanduser()
    if path.is_dir():
        digest = hashlib.sha256()
        for f in sorted(path.iterdir()):
            if f.is_file() and not f.name.startswith("."):
                _hash_file(f, digest)
        return "dir:" + digest.hexdigest()[:32]
    config = cached_config(name)
    if config is not None:
        return f"hub:{name}@{config.parent.name}"  # …/snapshots/<commit>/config.json
    return None


def revision(name: str) -> str | None:
    """The hub commit of a cached hub model; None for a local folder."""
    config = None if is_local(name) else cached_config(name)
    return config.parent.name if config is not None else None


def output_vocabulary(folder: Path) -> tuple[list[str], list[int], int]:
    """The pieces the model can write, as (pieces, their ids in the joint vocabulary, size of
    the joint vocabulary): every piece of `target.spm` and the special tokens.

    opus-mt models share one vocabulary between the Dutch and the English side (67,028 entries
    for opus-mt-nl-en), but only the English SentencePiece model's 32,000 pieces are ever written:
    projecting each decoder step onto the rest is work that cannot change an output."""
    import json

    import sentencepiece as spm

    vocab: dict[str, int] = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    target = spm.SentencePieceProcessor(model_file=str(folder / "target.spm"))
    pieces = [target.id_to_piece(i) for i in range(target.get_piece_size())]
    wanted = {p for p in (*pieces, "</s>", "<unk>", "<pad>") if p in vocab}
    ids = sorted(vocab[p] for p in wanted)
    by_id = {i: p for p, i in vocab.items()}
    return [by_id[i] for i in ids], ids, len(vocab)


def output_vocabulary_label(ids: list[int], size: int) -> str:
    """What an output layer restricted to `ids` of a `size`-entry vocabulary projects onto, as
    the engine's signature says it."""
    return f"target pieces ({len(ids):,} of {size:,})" if len(ids) < size else f"full ({size:,})"
