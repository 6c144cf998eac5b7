"""`briefing.toml`: the weekly workflow configured once, in the working folder (or `--config`).

    [fetch]
    feeds = ["https://feeds.nos.nl/nosnieuwsbinnenland"]
    inbox = "inbox"

    [build]
    out = "out"

`briefing fetch` with no SOURCE reads the feeds into the inbox; `briefing build` with no input
builds from the inbox into `out`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import UsageError


def cache_folder() -> Path:
    """`$XDG_CACHE_HOME/briefing`, or `~/.cache/briefing`: the translation memory, converted
    models, the QA checks' word list."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefing"

DEFAULT_FILE = Path("briefing.toml")


@dataclass
class Settings:
    feeds: list[str] = field(default_factory=list)
    inbox: Path = Path("inbox")
    out: Path = Path("out")
    found: bool = False  # a file was read


def load_settings(path: Path | None = None) -> Settings:
    """The settings file, or the defaults where there is none (an explicit --config must exist)."""
    file = path or DEFAULT_FILE
    if not file.is_file():
        if path is not None:
            raise UsageError(f"--config {path}: no such file")
        return Settings()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{file}: not a readable TOML file ({exc})") from None
    fetch, build = data.get("fetch", {}), data.get("build", {})
    feeds = fetch.get("feeds", [])
    if not isinstance(feeds, list) or not all(isinstance(f, str) for f in feeds):
        raise UsageError(f"{file}: [fetch] feeds must be a list of urls")
    return Settings(
        feeds=list(feeds),
        inbox=Path(str(fetch.get("inbox", "inbox"))),
        out=Path(str(build.get("out", "out"))),
        found=True,
    )
