"""The options, declared once, and `briefing.toml`, the weekly workflow configured once.

Each option is a `Setting`: its key, type, default, help and check. The command line builds its
options from these declarations and the settings file is read through them, so a value is held
to the same rules wherever it comes from (mkdocs' config schema is the model). The file, in the
working folder (or `--config FILE`):

    [fetch]
    feeds = ["https://feeds.nos.nl/nosnieuwsbinnenland"]
    inbox = "inbox"

    [build]
    out = "out"
    model = "~/models/opus-mt-nl-en"
    format = ["html", "md"]
    beam = 4

`[build]` takes every option of `briefing build` (by its long name, `_` or `-` between words);
`translate` and `archive` take the translation ones (model, device, backend, beam,
max_new_tokens, memory, no_memory, glossary) from it too. An option on the command line wins
over the file. Every problem of the file (a key that is no setting, a value of the wrong type or
out of range, a file that is not a small regular TOML file) is collected and reported together,
as one message naming the file and each key.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import UsageError
from briefing.files import Refusals, parse_toml, read_regular_file

DEFAULT_FILE = Path("briefing.toml")
# A settings file is a few hundred bytes; anything past this is not one (and is never read whole).
MAX_SETTINGS_BYTES = 1_000_000
# A file of a thousand bad keys is reported by its first few, on one line.
MAX_PROBLEMS_SHOWN = 10


class Invalid(ValueError):
    """A value a check refuses; the message follows the option's name: `--beam must be 1 or more`."""


# --- the checks, one per rule, for the command line and the file alike ------------------------------


def show(value: object, limit: int = 60) -> str:
    """A value as a message quotes it: repr, one line, shortened."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def at_least(low: int) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value < low:
            raise Invalid(f"must be {low} or more")
        return value

    return check


def finite(low: float, high: float | None = None, low_included: bool = True, example: str = "") -> Callable[[Any], Any]:
    """A number that is not nan or infinite, within bounds: `--check-share nan` is refused."""

    def check(value: Any) -> Any:
        value = float(value)
        bad = not math.isfinite(value) or (value < low if low_included else value <= low)
        if high is not None:
            bad = bad or value > high
        if bad:
            if high is not None:
                raise Invalid(f"must be between {low:g} and {high:g}" + (f", e.g. {example}" if example else ""))
            raise Invalid(f"must be a number {'of' if low_included else 'over'} {low:g}{' or more' if low_included else ''}")
        return value

    return check


def choice(options: Callable[[], tuple[str, ...]], word: str = "choose") -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value not in options():
            raise Invalid(f"{show(value)}: {word} {', '.join(options())}")
        return value

    return check


def one_of_list(options: Callable[[], tuple[str, ...]]) -> Callable[[Any], Any]:
    """Comma-separated (or, in the file, an array) choices: `html,md` → ("html", "md")."""

    def check(value: Any) -> Any:
        chosen = words(value)
        if not chosen or any(v not in options() for v in chosen):
            raise Invalid(f"{show(value if isinstance(value, str) else ','.join(chosen))}: choose from {', '.join(options())}")
        return chosen

    return check


def words(value: Any) -> tuple[str, ...]:
    """`"a, b"` or `["a", "b"]` → ("a", "b"), blanks dropped."""
    items = value.split(",") if isinstance(value, str) else value
    return tuple(w.strip() for w in items if w.strip())


def urls(value: Any) -> list[str]:
    """One url or an array of them (a url may hold a comma, so a string is one url)."""
    items = [value] if isinstance(value, str) else list(value)
    if not items or any(not u.strip() or any(c.isspace() for c in u.strip()) for u in items):
        raise Invalid("must be urls, without blanks or spaces")
    return [u.strip() for u in items]


def a_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise Invalid(f"{show(value)} is not a date like 2024-06-18") from None


def an_iso_week(value: Any) -> str:
    from briefing.build import iso_week

    try:
        iso_week(value)
    except UsageError:
        raise Invalid(f"{show(value)} is not an ISO week like 2024-W25, nor this or last") from None
    return str(value)


def a_folder(value: Any) -> Path:
    if not Path(value).is_dir():
        raise Invalid(f"{value}: no such folder")
    return Path(value)


def a_device(value: Any) -> str:
    if not re.fullmatch(r"auto|cpu|cuda(:\d{1,3})?", value):
        raise Invalid(f"{show(value)}: choose auto, cpu, cuda or cuda:N")
    return str(value)


def key_text(key: str) -> str:
    """A key as a message names it: as written where it is a plain word, else quoted and short."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]{1,40}", key) else show(key, 40)


def _formats() -> tuple[str, ...]:
    from briefing.output.render import FORMATS

    return tuple(FORMATS)


def _papers() -> tuple[str, ...]:
    from briefing.output.share import PAPERS

    return tuple(PAPERS)


def _backends() -> tuple[str, ...]:
    from briefing.translate.translator import BACKENDS

    return BACKENDS


# --- the declarations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """One option: the command line's `--key-name` and the file's `key_name`."""

    key: str
    kind: type  # str, int, float, bool, Path, list (of strings), or dt.date
    default: Any
    help: str
    check: Callable[[Any], Any] | None = None  # returns the value as used, or raises Invalid
    short: tuple[str, ...] = ()
    param: str = ""  # the command's parameter, where it is not the key
    env: str = ""  # an environment variable that gives it (below the command line and the file)

    @property
    def option(self) -> str:
        return "--" + self.key.replace("_", "-")

    @property
    def name(self) -> str:
        return self.param or self.key

    def from_file(self, value: Any) -> Any:
        """A value read from TOML, typed as the command line would have typed it, then checked."""
        if not _TOML_TYPE_RULES.get(self.kind, _is_string)(value):
            raise Invalid(f"must be {_KIND_WORDS[self.kind]}, not {describe(value)}")
        if self.kind is Path:
            value = _file_path(value)
        elif self.kind is str and "\0" in value:
            raise Invalid(f"{show(value)} holds a NUL character")
        return self.checked(value)

    def checked(self, value: Any) -> Any:
        if value is None or self.check is None:
            return value
        return self.check(value)


# --- which TOML values each kind of setting takes: one rule per kind ----------------------------------
# TOML's true is no number (bool is an int in Python), and its date-times are no dates.


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_string(value: Any) -> bool:
    return isinstance(value, str)


def _is_strings(value: Any) -> bool:
    """A string (comma-separated, as on the command line) or an array of strings."""
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def _is_date(value: Any) -> bool:
    """A string (the check reads it) or a TOML local date, not a date-time."""
    return isinstance(value, str) or (isinstance(value, dt.date) and not isinstance(value, dt.datetime))


#: The rule of each kind; str and Path take a string (`_is_string`).
_TOML_TYPE_RULES: dict[type, Callable[[Any], bool]] = {
    bool: _is_bool, int: _is_whole_number, float: _is_number, list: _is_strings, dt.date: _is_date,
}


def _file_path(value: str) -> Path:
    """A path from the file: not empty, no NUL, `~` expanded (no shell expands it in a file)."""
    if not value.strip() or "\0" in value:
        raise Invalid(f"{show(value)} is not a path")
    return Path(value).expanduser()


_KIND_WORDS: dict[type, str] = {
    bool: "true or false", int: "a whole number", float: "a number", str: "a string", Path: "a path (a string)",
    list: "a string or an array of strings", dt.date: "a date (2024-06-18)",
}


def describe(value: Any) -> str:
    """What a TOML value is, in words (never the value itself: it may be 2,000 arrays deep)."""
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {show(value)}"
    if isinstance(value, str):
        return f"the string {show(value)}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


# The translation options: build, translate and archive take them all.
TRANSLATION = (
    Setting("model", str, None, "MarianMT model: a Hugging Face name or a local folder [env BRIEFING_MODEL; default Helsinki-NLP/opus-mt-nl-en]", short=("-m",), env="BRIEFING_MODEL"),
    Setting("device", str, "auto", "auto, cpu, cuda or cuda:N.", check=a_device),
    Setting("beam", int, 4, "Beam size for decoding.", check=at_least(1)),
    Setting("backend", str, "auto", "auto (CTranslate2 where installed), ct2 or transformers.", check=choice(_backends)),
    Setting("max_new_tokens", int, None, "Output tokens per sentence [default: 2 × source + 16].", check=at_least(1)),
    Setting("memory", Path, None, "Translation memory file [default: ~/.cache/briefing/memory.sqlite3]."),
    Setting("no_memory", bool, False, "Neither read nor fill the translation memory."),
    Setting("glossary", Path, None, "Dutch→English terms (TSV or TOML) on top of the shipped glossary."),
)


BUILD = (
    Setting("out", Path, Path("out"), "Folder for the briefing files.", short=("-o",)),
    Setting("format", list, "html,md,json", "Comma-separated: html, md, json, pdf, docx, eml.", check=one_of_list(_formats), param="formats"),
    Setting("paper", str, "A4", "Paper for the PDF: A4 or Letter.", check=choice(_papers)),
    *TRANSLATION,
    Setting("week", str, None, "Only articles of this ISO week: 2024-W25, this or last.", check=an_iso_week),
    Setting("check_share", float, 0.05, "The least confident share of the sentences, marked 'check first' [0–1].",
            check=finite(0, 1, example="0.05")),
    Setting("topic", list, None, 'Only articles that mention one of these comma-separated keywords, e.g. "Noord-Korea,Kim Jong-un".',
            check=words),
    Setting("since", dt.date, None, "Only articles on or after this date (YYYY-MM-DD).", check=a_date),
    Setting("until", dt.date, None, "Only articles on or before this date (YYYY-MM-DD).", check=a_date),
    Setting("templates", Path, None, "Folder of templates that override the shipped ones.", check=a_folder),
    Setting("max_article_bytes", int, 500_000, "Refuse article files larger than this.", check=at_least(1)),
    Setting("quiet", bool, False, "No progress bar and no per-article summary.", short=("-q",)),
    Setting("history", Path, None, "The history of briefings [default: ~/.local/share/briefing/history.sqlite3]."),
    Setting("no_history", bool, False, "Neither read nor record the history (no new marks, stories or speakers over weeks)."),
    Setting("speakers_since", dt.date, None, "Who said what over the history from this date on (YYYY-MM-DD).", check=a_date),
)

FETCH = (
    Setting("feeds", list, None, "RSS/Atom feed urls (the file only: on the command line they are the SOURCEs).", check=urls),
    Setting("inbox", Path, Path("inbox"), "Folder the articles are written to."),
)

SECTIONS: dict[str, tuple[Setting, ...]] = {"fetch": FETCH, "build": BUILD}
DECLARED: dict[str, Setting] = {s.key: s for section in SECTIONS.values() for s in section}


def setting(key: str) -> Setting:
    return DECLARED[key]


# --- the file ------------------------------------------------------------------------------------


@dataclass
class Settings:
    """The file's values, checked: per section, key → value as the command would use it."""

    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    file: Path | None = None  # the file read; None: there is none, the defaults hold

    @property
    def found(self) -> bool:
        return self.file is not None

    @property
    def feeds(self) -> list[str]:
        return list(self.values.get("fetch", {}).get("feeds") or [])

    @property
    def inbox(self) -> Path:
        return Path(self.values.get("fetch", {}).get("inbox") or "inbox")

    @property
    def out(self) -> Path:
        return Path(self.values.get("build", {}).get("out") or "out")

    def section(self, name: str) -> dict[str, Any]:
        return dict(self.values.get(name, {}))


def read_settings_text(file: Path, named: bool) -> str | None:
    """The file's text, read only from a regular file and never past MAX_SETTINGS_BYTES; None
    where the default file is not there."""

    def cannot_be_read(error: OSError) -> UsageError:
        return UsageError(f"{file}: cannot be read ({error.strerror or error})")

    def not_a_settings_file(kind: str) -> UsageError:
        return UsageError(f"{file}: is {kind}, not a settings file; it must be a regular TOML file")

    refusals = Refusals(
        missing=lambda error: error,  # raised again as it is: whether it is a problem depends on `named`
        folder=lambda: not_a_settings_file("a folder"),
        not_regular=lambda: not_a_settings_file("a pipe, device or socket"),
        too_large=lambda _: UsageError(f"{file}: larger than {MAX_SETTINGS_BYTES:,} bytes, so not a settings file"),
        unreadable=cannot_be_read,
    )
    try:
        data = read_regular_file(file, MAX_SETTINGS_BYTES, refusals)
    except FileNotFoundError:
        if named:
            raise UsageError(f"--config {file}: no such file") from None
        if file.is_symlink():
            raise UsageError(f"{file}: a link to {os.readlink(file)}, which does not exist") from None
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{file}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None


def parse_settings(data: Mapping[str, Any], file: Path) -> Settings:
    """Check every key of the parsed file against the declarations; every problem together."""
    problems: list[str] = []
    values: dict[str, dict[str, Any]] = {}
    for name, table in data.items():
        if name not in SECTIONS:
            problems.append(_unknown_section(name))
            continue
        if not isinstance(table, dict):
            problems.append(f"{name} must be a table ([{name}] and its keys), not {describe(table)}")
            continue
        declared = {s.key: s for s in SECTIONS[name]}
        section: dict[str, Any] = {}
        for raw_key, value in table.items():
            key = raw_key.replace("-", "_")
            if key not in declared:
                problems.append(_unknown_key(name, raw_key, declared))
                continue
            try:
                section[declared[key].name] = declared[key].from_file(value)
            except Invalid as exc:
                problems.append(f"{name}.{key_text(raw_key)} {exc}")
        problems.extend(f"{name}.{p}" for p in _together(section))
        values[name] = section
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        raise UsageError(f"{file}: " + "; ".join(shown) + (f"; and {more} more" if more else ""))
    return Settings(values, file)


def _together(section: Mapping[str, Any]) -> list[str]:
    """What is wrong with the values of one section taken together: the date window."""
    if section.get("week") and (section.get("since") or section.get("until")):
        return ["week and since/until: give one date window, a week or a range"]
    since, until = section.get("since"), section.get("until")
    if since and until and since > until:
        return [f"since {since} is after until {until}: no day is in between"]
    return []


def _unknown_section(name: str) -> str:
    home = [section for section, declared in SECTIONS.items() if any(s.key == name.replace("-", "_") for s in declared)]
    if home:
        return f"{key_text(name)} is not a section; put it under [{home[0]}]"
    return f"unknown section {key_text(name)} (the sections are {', '.join(f'[{s}]' for s in SECTIONS)})" + _did_you_mean(name, list(SECTIONS))


def _unknown_key(section: str, key: str, declared: Mapping[str, Setting]) -> str:
    elsewhere = [s for s, d in SECTIONS.items() if s != section and any(x.key == key.replace("-", "_") for x in d)]
    if elsewhere:
        return f"{section}.{key_text(key)} is not a setting of [{section}]; it belongs under [{elsewhere[0]}]"
    return f"unknown key {section}.{key_text(key)}" + _did_you_mean(key.replace("-", "_"), list(declared))


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def load_settings(path: Path | None = None) -> Settings:
    """The settings file, or the defaults where there is none (an explicit --config must exist)."""
    file = path or DEFAULT_FILE
    text = read_settings_text(file, named=path is not None)
    if text is None:
        return Settings()
    return parse_settings(parse_toml(text, str(file), "a settings file"), file)
