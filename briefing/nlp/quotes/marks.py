"""Quotation marks: where each quotation in a paragraph opens and closes.

Dutch news marks quotations with `,,…''`, `„…”`, `“…”`, `"…"`, `‘…’`, `'…'` and `«…»`, and writes
the same apostrophe for elisions (`'m`, `'t`, `z'n`, `zo'n`, `'s avonds`, `Rode Leeuw '61`), which
are never quotation marks. A quotation nests inside another of the other family; one left open
ends with its paragraph, or where a new quotation plainly begins, so it never swallows the text
after it.

The decisions are named rules, applied in order: `APOSTROPHE_RULES` (a mark that is part of a
word), `MARK_KINDS` (which marks may open, which may close, and their family), `OPEN_RULES` and
`CLOSE_RULE` (where a mark stands that opens or closes), and `NESTING_RULES` (what a new opening
mark does to the quotations still open).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

DOUBLE = "double"
SINGLE = "single"
_MARK = re.compile(r",,|''|[\"“”„«»'‘’‹›‚]")
_OPEN_BEFORE = set(" \t\n([{:/—–-") | set("„“‘'\"«‹‚")
_CLOSE_AFTER = set(" \t\n.,;:!?)]}…—–-") | set("”’'\"»›")
# Elided words after an apostrophe at the start of a word: 't, 'n, 's avonds, 'm, 'k, 'r, 'ie.
_ELISION = re.compile(r"(?:s|t|n|m|k|r|ie)\b")
# '61, '80: a year or decade with its century left out.
_YEAR = re.compile(r"\d\d(?!\d)")
# A sentence has just ended: what stands before a mark that opens a new sentence.
_SENTENCE_END = re.compile(r"[.!?…][’'\"”»)]*\s+$")
# `,,… Toen zei mijn moeder: ,,Kom …''`: a colon, then the new quotation.
_AFTER_COLON = re.compile(r":\s*$")


class QuoteSpan(NamedTuple):
    """One quotation in a paragraph: its words are text[start:end], its marks around them."""

    start: int
    end: int
    depth: int  # 0: a quotation of its own; 1+: nested inside another
    closed: bool
    mark_start: int  # where the opening mark begins (== start where there is none)
    mark_end: int  # where the closing mark ends (== end for an unclosed quotation)


class _Open(NamedTuple):
    family: str
    mark: str
    mark_start: int
    pos: int  # where the quoted words start (after the mark)


class Site(NamedTuple):
    """One mark in its paragraph: text[start:end], with the characters either side of it."""

    text: str
    start: int
    end: int

    @property
    def mark(self) -> str:
        return self.text[self.start : self.end]

    @property
    def before(self) -> str:
        return self.text[self.start - 1] if self.start > 0 else " "

    @property
    def after(self) -> str:
        return self.text[self.end] if self.end < len(self.text) else " "


class Rule(NamedTuple):
    """A named test on a mark's site: what shape of Dutch it recognises."""

    name: str
    test: Callable[[Site], bool]


# --- apostrophes: a mark that belongs to a word ---------------------------------------------------


def _inside_word(site: Site) -> bool:
    return site.before.isalnum() and site.after.isalpha()


def _elision_before_word(site: Site) -> bool:
    rest = site.text[site.end : site.end + 3]
    return not (site.before.isalnum() or site.before == "-") and _ELISION.match(rest) is not None


def _year_without_century(site: Site) -> bool:
    rest = site.text[site.end : site.end + 3]
    return not (site.before.isalnum() or site.before == "-") and _YEAR.match(rest) is not None


APOSTROPHE_RULES: tuple[Rule, ...] = (
    Rule("apostrophe inside a word", _inside_word),  # zo'n, auto's, z'n, d'r, Shoigu’s
    Rule("elision opening a word", _elision_before_word),  # 's avonds, 't, 'n, 'm, 'k, 'r, 'ie
    Rule("year without its century", _year_without_century),  # Rode Leeuw '61, de jaren '80
)


def is_apostrophe(text: str, i: int, j: int) -> bool:
    """Is the mark text[i:j] an apostrophe inside or before a word rather than a quotation mark?"""
    if text[i:j] not in ("'", "’", "‘"):
        return False
    site = Site(text, i, j)
    return any(rule.test(site) for rule in APOSTROPHE_RULES)


# --- which marks open and close -------------------------------------------------------------------


class MarkKind(NamedTuple):
    family: str
    may_open: bool
    may_close: bool


MARK_KINDS: dict[str, MarkKind] = {
    # Only ever opening: „…”, ,,…'', «…», ‹…›, ‚…‘.
    "„": MarkKind(DOUBLE, True, False),
    ",,": MarkKind(DOUBLE, True, False),
    "«": MarkKind(DOUBLE, True, False),
    "‹": MarkKind(SINGLE, True, False),
    "‚": MarkKind(SINGLE, True, False),
    # Only ever closing.
    "”": MarkKind(DOUBLE, False, True),
    "''": MarkKind(DOUBLE, False, True),
    "»": MarkKind(DOUBLE, False, True),
    "›": MarkKind(SINGLE, False, True),
    # Either, by where it stands: "…", “…“, '…', ‘…’, ’…’.
    '"': MarkKind(DOUBLE, True, True),
    "“": MarkKind(DOUBLE, True, True),
    "'": MarkKind(SINGLE, True, True),
    "‘": MarkKind(SINGLE, True, True),
    "’": MarkKind(SINGLE, True, True),
}


def _after_space_or_punctuation(site: Site) -> bool:
    return site.before in _OPEN_BEFORE or site.start == 0


def _glued_to_full_stop(site: Site) -> bool:
    # `tegensprak.'Daar klopt niets van'`: a new sentence glued to the full stop before it.
    return site.before in ".!?" and site.after.isupper() and site.start >= 2 and site.text[site.start - 2].isalpha()


def _before_a_word(site: Site) -> bool:
    return not site.after.isspace() and site.end < len(site.text)


def _after_a_word(site: Site) -> bool:
    return not site.before.isspace() and site.start > 0 and (site.after in _CLOSE_AFTER or site.end == len(site.text))


# A mark opens where one of these holds and a word follows it.
OPEN_RULES: tuple[Rule, ...] = (
    Rule("opening after a space or punctuation", _after_space_or_punctuation),  # zei: ‘…, („…
    Rule("opening glued to a full stop", _glued_to_full_stop),  # tegensprak.'Daar …
)
# A mark closes right after a word, before a space, punctuation or the paragraph's end.
CLOSE_RULE = Rule("closing after a word", _after_a_word)


def _can_open(site: Site, kind: MarkKind) -> bool:
    return kind.may_open and any(rule.test(site) for rule in OPEN_RULES) and _before_a_word(site)


def _can_close(site: Site, kind: MarkKind) -> bool:
    return kind.may_close and CLOSE_RULE.test(site)


# --- nesting: what a new opening mark does to the quotations still open ----------------------------


class Opening(NamedTuple):
    """A mark that opens a quotation while others may still be open."""

    site: Site
    family: str
    stack: tuple[_Open, ...]  # the quotations open, outermost first
    same_family: int | None  # the innermost open one of the same family


class NestingRule(NamedTuple):
    name: str
    applies: Callable[[Opening], bool]
    ends: Callable[[Opening], int | None]  # which open quotation ends, unclosed (None: none)


def _double_opens_sentence_in_single(o: Opening) -> bool:
    text, i = o.site.text, o.site.start
    return (
        bool(o.stack) and o.family == DOUBLE and o.stack[-1].family == SINGLE
        and _SENTENCE_END.search(text[max(0, i - 8) : i]) is not None
    )


def _quoted_after_colon(o: Opening) -> bool:
    return o.same_family is not None and _AFTER_COLON.search(o.site.text[o.stack[-1].pos : o.site.start]) is not None


def _same_mark_again(o: Opening) -> bool:
    return o.same_family is not None and o.same_family == len(o.stack) - 1 and o.stack[-1].mark == o.site.mark


NESTING_RULES: tuple[NestingRule, ...] = (
    # A double mark opening a new sentence while a single one is still open: the single one was a
    # stray apostrophe or never closed; it (and all open) ends where the new quotation plainly begins.
    NestingRule("double mark opens a sentence inside an unclosed single", _double_opens_sentence_in_single, lambda o: 0),
    # `,,… Toen zei mijn moeder: ,,Kom …'' Dat …''`: a quotation quoted inside, in the same marks.
    NestingRule("quotation quoted after a colon in the same marks", _quoted_after_colon, lambda o: None),
    # The same mark again while one is open: the earlier one was never closed. (Another mark of the
    # family nests: ,,Op het spandoek stond „Handen af” en …''.)
    NestingRule("same mark again: the earlier never closed", _same_mark_again, lambda o: o.same_family),
)


# --- the scan -----------------------------------------------------------------------------------


class _Scan:
    """The quotations open (a stack) and those ended, while a paragraph is read mark by mark."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[_Open] = []
        self.spans: list[QuoteSpan] = []

    def innermost(self, family: str) -> int | None:
        return next((k for k in range(len(self.stack) - 1, -1, -1) if self.stack[k].family == family), None)

    def end_open(self, index: int, at: int, closed: bool, mark_end: int) -> None:
        """Close stack[index] at `at`; any opened inside it and left open end there too."""
        while len(self.stack) > index + 1:
            inner = self.stack.pop()
            self.spans.append(QuoteSpan(inner.pos, at, len(self.stack), False, inner.mark_start, at))
        opened = self.stack.pop()
        self.spans.append(QuoteSpan(opened.pos, at, index, closed, opened.mark_start, mark_end))

    def read(self, site: Site) -> None:
        kind = MARK_KINDS[site.mark]
        open_index = self.innermost(kind.family)
        if site.mark == "''" and open_index is None:
            # ,,…'' is the double family, but a '…'' quotation closes with it too.
            open_index = self.innermost(SINGLE)
        if _can_close(site, kind) and open_index is not None:
            self.end_open(open_index, site.start, True, site.end)
        elif _can_open(site, kind):
            self.open(Opening(site, kind.family, tuple(self.stack), open_index))

    def open(self, opening: Opening) -> None:
        rule = next((r for r in NESTING_RULES if r.applies(opening)), None)
        index = rule.ends(opening) if rule is not None else None
        if index is not None:
            self.end_open(index, opening.site.start, False, opening.site.start)
        self.stack.append(_Open(opening.family, opening.site.mark, opening.site.start, opening.site.end))

    def finish(self) -> list[QuoteSpan]:
        # A quotation left open (a multi-paragraph one, or a stray mark) ends with its paragraph:
        # the next paragraph opens it again with its own mark.
        while self.stack:
            self.end_open(len(self.stack) - 1, len(self.text), False, len(self.text))
        return self.spans


def _trimmed(text: str, span: QuoteSpan) -> QuoteSpan | None:
    """Whitespace inside the marks is not part of the quotation's words; nothing left, no quotation."""
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return span._replace(start=start, end=end) if end > start else None


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quotation in one paragraph, in order of its opening mark."""
    scan = _Scan(text)
    for m in _MARK.finditer(text):
        if not is_apostrophe(text, m.start(), m.end()):
            scan.read(Site(text, m.start(), m.end()))
    spans = [s for s in (_trimmed(text, span) for span in scan.finish()) if s is not None]
    return sorted(spans, key=lambda s: (s.mark_start, s.depth))
