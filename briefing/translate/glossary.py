"""The glossary: Dutch terms and the English the briefing must use for them.

Enforced in two steps. Before translating, a term in the Dutch segment is replaced by its
English form (names are copied through by the model, so "Putin" goes in and comes out); after,
any English that still holds the Dutch form is corrected. The memory keys on the segment as sent
to the model, so a changed glossary never returns an old translation.

A glossary file is TSV (`Dutch<TAB>English`, `#` comments) or TOML (`[terms]` with
`"Dutch" = "English"`). The shipped default (briefing/data/glossary.tsv) is always used; a user
file adds to it and wins where both name a term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from briefing.errors import UsageError

DEFAULT = Path(__file__).resolve().parents[1] / "data" / "glossary.tsv"


class GlossaryTerm(TypedDict):
    """A term a briefing's translation used: the briefing's `glossary` list."""

    nl: str
    en: str
    segments: int  # how many segments held it


# A glossary is a few hundred terms (the shipped one: a few kB); past this it is not one.
MAX_GLOSSARY_BYTES = 2_000_000
# Characters a term cannot hold: controls (a tab ends the term in TSV), surrogates and the
# noncharacters (U+FDD0–U+FDEF, U+xxFFFE/U+xxFFFF), which XML (the Word output) refuses.
_UNUSABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef]|[\ufffe\uffff]")


def _unusable(text: str) -> str | None:
    """The first character a term cannot hold, named (U+FFFF), or None."""
    found = _UNUSABLE.search(text)
    if found is None:
        found = next((m for m in re.finditer(r"[\U00010000-\U0010ffff]", text) if ord(m.group()) & 0xFFFE == 0xFFFE), None)
    return f"U+{ord(found.group()):04X}" if found else None


def _read_text(path: str | Path) -> str:
    """The file's text: a regular file only (a pipe would wait forever, /dev/zero never end),
    never read past MAX_GLOSSARY_BYTES."""
    from briefing.files import plain_refusals, read_regular_file

    data = read_regular_file(path, MAX_GLOSSARY_BYTES, plain_refusals(f"--glossary {path}", "a glossary", MAX_GLOSSARY_BYTES))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"--glossary {path}: not UTF-8 text; save it as UTF-8") from None


def _checked(path: str | Path, where: str, dutch: object, english: object) -> tuple[str, str]:
    if not isinstance(english, str):
        kind = "a table" if isinstance(english, dict) else "an array" if isinstance(english, list) else f"{english!r}"[:40]
        raise UsageError(f"--glossary {path}, {where}: the English must be a string, not {kind}")
    nl, en = str(dutch).strip(), english.strip()
    if not nl or not en:
        # An empty term would match between every two letters of every segment.
        raise UsageError(f"--glossary {path}, {where}: a term or its English is empty")
    bad = _unusable(nl + en)
    if bad:
        raise UsageError(f"--glossary {path}, {where}: a term holds {bad}, a character no text may hold; remove it")
    return nl, en


def read_glossary(path: str | Path) -> dict[str, str]:
    p = Path(path)
    text = _read_text(path)
    if p.suffix.lower() == ".toml":
        from briefing.files import parse_toml

        data = parse_toml(text, f"--glossary {path}", "a glossary")
        table = data.get("terms", data)
        if not isinstance(table, dict):
            raise UsageError(f"--glossary {path}: terms must be a table ([terms] with \"Dutch\" = \"English\" lines)")
        return dict(_checked(path, f"term {str(k)[:40]!r}", k, v) for k, v in table.items())
    terms = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
            raise UsageError(f"--glossary {path}, line {n}: expected Dutch<TAB>English")
        nl, en = _checked(path, f"line {n}", parts[0], parts[1])
        terms[nl] = en
    return terms


@dataclass
class Glossary:
    terms: dict[str, str]
    source: str = "default"
    used: dict[str, int] = field(default_factory=dict)  # Dutch term → segments it was in

    @classmethod
    def load(cls, user_file: str | Path | None = None) -> Glossary:
        terms = read_glossary(DEFAULT)
        source = "default"
        if user_file:
            terms.update(read_glossary(user_file))
            source = f"default + {user_file}"
        return cls(terms, source)

    def __post_init__(self) -> None:
        # Longest first, so "Wit-Rusland" wins over any shorter term inside it; a Dutch genitive
        # s ("Poetins") becomes an English 's.
        names = sorted(self.terms, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(s?)(?![\w-])") if names else None
        )

    def _replace(self, text: str, count: bool) -> str:
        if self._pattern is None:
            return text

        def swap(m: re.Match[str]) -> str:
            if count:
                self.used[m.group(1)] = self.used.get(m.group(1), 0) + 1
            return self.terms[m.group(1)] + ("'s" if m.group(2) else "")

        return self._pattern.sub(swap, text)

    def terms_in(self, dutch: str) -> dict[str, str]:
        if self._pattern is None:
            return {}
        return {m.group(1): self.terms[m.group(1)] for m in self._pattern.finditer(dutch)}

    def prepare(self, dutch: str) -> str:
        """The Dutch segment as sent to the model: glossary terms already in English."""
        return self._replace(dutch, count=True)

    def enforce(self, english: str) -> str:
        """Correct English that still holds a Dutch form (the model left it as it was)."""
        return self._replace(english, count=False)

    def report(self) -> list[GlossaryTerm]:
        return [{"nl": t, "en": self.terms[t], "segments": n} for t, n in sorted(self.used.items())]
