"""How translations are made, said in one place.

Three things describe the same translation settings and must never disagree:

* the stamp on every briefing (`made_with`): the tool, then what was asked, overridden by the
  engine's own account once it loaded (the device it resolved, the input limit fitted to the
  model, the revision, the engine's version);
* the translation memory's key: the model's identity and `Signature.settings()`;
* the archive's manifest: the model and `Signature.settings()`.

All three are built from `Signature`, so a setting added to it reaches the stamp, the memory's key
and the manifest together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefing import __version__

if TYPE_CHECKING:
    from briefing.translate.engine import DecodeSettings

# The output budget when none is given: English runs longer than Dutch, and a degenerate loop
# is stopped early. Written once: the stamp and the memory's key name it so.
DEFAULT_BUDGET = "2×source+16"


@dataclass(frozen=True)
class Signature:
    """The model, the backend and the decoding settings; as asked (from the configuration) or as
    an engine reports them once loaded (then `device` is the resolved one, `max_input_tokens` the
    limit fitted to the model, and `revision`, `output_vocabulary` and `engine` are known)."""

    model: str
    backend: str
    beam_size: int
    max_new_tokens: int | None  # None: the default budget (DEFAULT_BUDGET)
    max_input_tokens: int
    quantization: str | None = None  # CTranslate2's; None for transformers
    device: str | None = None
    revision: str | None = None
    output_vocabulary: str | None = None  # what the output layer projects onto, once loaded
    engine: str | None = None  # the engine's libraries and versions, once loaded

    @classmethod
    def of(
        cls, model: str, backend: str, decode: DecodeSettings, *, quantization: str | None = None,
        device: str | None = None, revision: str | None = None, output_vocabulary: str | None = None,
        engine: str | None = None,
    ) -> Signature:
        """The signature of `decode`'s settings, and of what else is known."""
        return cls(model, backend, decode.beam_size, decode.max_new_tokens, decode.max_input_tokens,
                   quantization, device, revision, output_vocabulary, engine)

    @property
    def budget(self) -> int | str:
        return self.max_new_tokens or DEFAULT_BUDGET

    def settings(self) -> dict[str, Any]:
        """What decides a translation besides the model and the segment: with the model's identity
        the translation memory's key (so its exact content is what keeps old memories found), and
        the archive manifest's translation settings."""
        settings: dict[str, Any] = {
            "backend": self.backend,
            "beam_size": self.beam_size,
            "max_new_tokens": self.budget,
            "max_input_tokens": self.max_input_tokens,
        }
        if self.quantization is not None:
            settings["quantization"] = self.quantization
        return settings

    def account(self) -> dict[str, Any]:
        """The stamp's account of the translations, in the order a briefing shows it: an engine's
        `signature`, or what was asked before any engine reported."""
        account: dict[str, Any] = {
            "model": self.model,
            "revision": self.revision,
            "backend": self.backend,
            "quantization": self.quantization,
            "device": self.device,
            "beam_size": self.beam_size,
            "max_new_tokens": self.budget,
            "max_input_tokens": self.max_input_tokens,
        }
        if self.output_vocabulary is not None:
            account["output_vocabulary"] = self.output_vocabulary
        account["engine"] = self.engine
        return account


def made_by() -> dict[str, str]:
    """The tool that made a briefing or an archive."""
    return {"tool": "briefing", "version": __version__}


def stamp(asked: Mapping[str, Any], engine: Mapping[str, Any] | None, model_id: str, built_at: dt.datetime) -> dict[str, Any]:
    """A briefing's `made_with`: the tool; what was asked (a `Signature.account()`, or a stand-in's
    own signature), overridden by the engine's own account where one is known (loaded now, or
    kept in the memory from the engine that made the translations); the model's identity; when."""
    return {**made_by(), **asked, **(engine or {}), "model_id": model_id, "built_at": built_at.isoformat()}
