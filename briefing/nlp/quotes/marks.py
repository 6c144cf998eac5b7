"""Quotation marks: where each quotation in a paragraph opens and closes.

Dutch news marks quotations with `,,…''`, `„…”`, `“…”`, `"…"`, `‘…’`, `'…'` and `«…»`, and writes
the same apostrophe for elisions (`'m`, `'t`, `z'n`, `zo'n`, `'s avonds`, `Rode Leeuw '61`), which
are never quotation marks. A quotation nests inside another of the other family; one left open
ends with its paragraph, or where a new quotation plainly begins, so it never swallows the text
after it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

DOUBLE = "double"
SINGLE = "single"
_MARK = re.compile(r",,|''|[\"“”„«»'‘’‹›‚]")
_ONLY_OPEN = {"„": DOUBLE, ",,": DOUBLE, "«": DOUBLE, "‹": SINGLE, "‚": SINGLE}
_ONLY_CLOSE = {"”": DOUBLE, "''": DOUBLE, "»": DOUBLE, "›": SINGLE}
_EITHER = {'"': DOUBLE, "“": DOUBLE, "'": SINGLE, "‘": SINGLE, "’": SINGLE}
_OPEN_BEFORE = set(" \t\n([{:/—–-") | set("„“‘'\"«‹‚")
_CLOSE_AFTER = set(" \t\n.,;:!?)]}…—–-") | set("”’'\"»›")
# Elided words after an apostrophe at the start of a word: 't, 'n, 's avonds, 'm, 'k, 'r, 'ie.
_ELISION = re.compile(r"(?:s|t|n|m|k|r|ie)\b")
# '61, '80: a year or decade with its century left out.
_YEAR = re.compile(r"\d\d(?!\d)")
# A sentence has just ended: what stands before a mark that opens a new sentence.
_SENTENCE_END = re.compile(r"[.!?…][’'\"”»)]*\s+$")


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


def is_apostrophe(text: str, i: int, j: int) -> bool:
    """Is the mark text[i:j] an apostrophe inside or before a word rather than a quotation mark?"""
    if text[i:j] not in ("'", "’", "‘"):
        return False
    prev = text[i - 1] if i > 0 else " "
    nxt = text[j] if j < len(text) else " "
    if prev.isalnum() and nxt.isalpha():
        return True  # zo'n, auto's, z'n, d'r, Shoigu’s
    if prev.isalnum() or prev in "-":
        return False
    rest = text[j : j + 3]
    return _ELISION.match(rest) is not None or _YEAR.match(rest) is not None


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quotation in one paragraph, in order of its opening mark."""
    spans: list[QuoteSpan] = []
    stack: list[_Open] = []

    def end_open(index: int, at: int, closed: bool, mark_end: int) -> None:
        # Close stack[index] at `at`; any opened inside it and left open end there too.
        while len(stack) > index + 1:
            inner = stack.pop()
            spans.append(QuoteSpan(inner.pos, at, len(stack), False, inner.mark_start, at))
        opened = stack.pop()
        spans.append(QuoteSpan(opened.pos, at, index, closed, opened.mark_start, mark_end))

    for m in _MARK.finditer(text):
        i, j = m.start(), m.end()
        mark = m.group()
        if is_apostrophe(text, i, j):
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[j] if j < len(text) else " "
        # A mark glued to the full stop before it opens a quotation where a capital follows:
        # `tegensprak.'Daar klopt niets van'`.
        glued_open = prev in ".!?" and nxt.isupper() and i >= 2 and text[i - 2].isalpha()
        can_open = (prev in _OPEN_BEFORE or i == 0 or glued_open) and not nxt.isspace() and j < len(text)
        can_close = not prev.isspace() and i > 0 and (nxt in _CLOSE_AFTER or j == len(text))
        if mark in _ONLY_OPEN:
            family, can_close = _ONLY_OPEN[mark], False
        elif mark in _ONLY_CLOSE:
            family, can_open = _ONLY_CLOSE[mark], False
        else:
            family = _EITHER[mark]
        open_index = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].family == family), None)
        if mark == "''" and open_index is None:
            # ,,…'' is the double family, but a '…'' quotation closes with it too.
            open_index = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].family == SINGLE), None)
        if can_close and open_index is not None:
            end_open(open_index, i, True, j)
        elif can_open:
            if stack and family == DOUBLE and stack[-1].family == SINGLE and _SENTENCE_END.search(text[max(0, i - 8) : i]):
                # A double mark opening a new sentence while a single one is still open: the
                # single one was a stray apostrophe or never closed; it ends where the new
                # quotation plainly begins.
                end_open(0, i, False, i)
            elif open_index is not None and re.search(r":\s*$", text[stack[-1].pos : i]):
                pass  # `,,… Toen zei mijn moeder: ,,Kom …'' Dat …''`: a quotation quoted inside, same marks
            elif open_index is not None and open_index == len(stack) - 1 and stack[-1].mark == mark:
                # The same mark again while one is open: the earlier one was never closed. (Another
                # mark of the family nests: ,,Op het spandoek stond „Handen af” en …''.)
                end_open(open_index, i, False, i)
            stack.append(_Open(family, mark, i, j))
    while stack:
        end_open(len(stack) - 1, len(text), False, len(text))
    cleaned: list[QuoteSpan] = []
    for span in spans:
        # Whitespace inside the marks is not part of the quotation's words.
        start, end = span.start, span.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            cleaned.append(span._replace(start=start, end=end))
    return sorted(cleaned, key=lambda s: (s.mark_start, s.depth))

