"""Stage 2: paragraphs, subheadings and sentences, with Dutch in mind.

Segmentation is lossless: every sentence is a slice of its paragraph's text, the slices are in
order, and only whitespace lies between them, so joining them gives the paragraph back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.ingest.articles import Article

# Abbreviations after which a full stop does not end a sentence (lower case, without the final
# dot). Dutch news style; multi-part ones (o.a., d.w.z.) are matched whole.
ABBREVIATIONS = frozenset(
    """
    o.a a.s aug bijv blz ca d.d d.m.v d.w.z dec dhr dr drs e.a e.d e.v febr fa fig ing ir jan jhr
    jl jr kol lt m.b.t m.i.v m.n mevr mgr mr mw n.a.v nl nov nr okt o.i.d p.p.n prof red resp
    sept sr st t.a.v t.o.v t/m vgl vnl vs z.g zgn zg i.p.v i.v.m m.u.v a.d ds gen kapt luit
    max min mld mln mrd ca. pag p.m enz etc e.d zr ms hr zr.ms hr.ms
    """.split()
)
# Of those, the ones that often end a sentence too ("…, appels enz. De volgende…").
_MAY_END = frozenset({"enz", "etc", "e.d", "e.a", "e.v", "jl", "a.s"})

_OPENING = "\"'‘“„«‹(["
_CLOSING = "\"'’”»›)]"
# A candidate end: terminal punctuation, closing quotes/brackets, then whitespace.
_CANDIDATE = re.compile(rf"[.!?…]+[{re.escape(_CLOSING)}]*(?=\s)")
_WORD_BEFORE = re.compile(r"(\S+)$")
_HEADING_END = re.compile(r"[.!?:;,…]$")


@dataclass
class Sentence:
    text: str
    start: int  # offset of the sentence in its paragraph's text
    end: int


@dataclass
class Paragraph:
    kind: str  # "paragraph", "heading" or "caption"
    text: str
    sentences: list[Sentence]
    credit: str | None = None


def _ends_sentence(text: str, dot_start: int, after: int) -> bool:
    """Is the punctuation at text[dot_start:...] followed by whitespace a sentence end?"""
    # Look only near the candidate: slicing the whole rest of a long paragraph for every full
    # stop would make splitting quadratic in its length.
    rest = text[after : after + 64].lstrip()
    if not rest:
        return False
    if re.match(r"['’][stn]\s+[A-Z]", rest):
        return True  # 's Nachts, 't Is: an elided article opens the next sentence
    if rest.startswith(",,"):
        # ,,Het …'': a quotation in the regional papers' style opens the next sentence.
        rest = '"' + rest[2:]
    nxt = rest[0]
    if nxt in _OPENING:
        # An opening quote or bracket: look at the letter behind it.
        inner = rest[1:].lstrip(_OPENING + " ")
        nxt = inner[0] if inner else ""
    if not (nxt.isupper() or nxt.isdigit()):
        return False  # "…?" vroeg hij / "ca. twintig": the sentence goes on
    punct = text[dot_start]
    if punct != ".":
        return True
    m = _WORD_BEFORE.search(text[max(0, dot_start - 64) : dot_start])
    if not m:
        return True
    word = m.group(1).lstrip(_OPENING)
    low = word.lower()
    if re.fullmatch(r"[A-Z]{2,5}", word) and nxt.isupper():
        return True  # an acronym ends the sentence: `in de VS. Daar …`, `binnen de EU. Het …`
    if low in ABBREVIATIONS:
        return low in _MAY_END
    if re.fullmatch(r"[A-Z]", word):  # an initial: J. Smit
        return False
    # d.w.z, A.B (multi-part initials) do not end a sentence; anything else does.
    return not re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word)


# A full stop glued to the quotation that opens the next sentence: `tegensprak.'Daar klopt …`.
_GLUED_QUOTE = re.compile(r"(?<=[a-zà-ÿ]{2})[.!?](?=(?:,,|[\"'‘“„«])[A-ZÀ-Þ][a-zà-ÿ])")


def split_sentences(text: str) -> list[Sentence]:
    """Split one paragraph's text into sentences; the slices cover it with only spaces between."""
    spans: list[Sentence] = []
    start = len(text) - len(text.lstrip())
    candidates = sorted([*_CANDIDATE.finditer(text), *_GLUED_QUOTE.finditer(text)], key=lambda m: m.start())
    for m in candidates:
        if m.end() <= start:
            continue
        if m.re is _GLUED_QUOTE or _ends_sentence(text, m.start(), m.end()):
            spans.append(Sentence(text[start : m.end()], start, m.end()))
            start = m.end()
            while start < len(text) and text[start].isspace():
                start += 1
    end = len(text.rstrip())
    if start < end:
        spans.append(Sentence(text[start:end], start, end))
    return spans


def is_heading(text: str) -> bool:
    """A short single line without closing punctuation: a subheading such as `Kernwapens`."""
    t = text.strip()
    if not t or "\n" in t or len(t) > 100 or len(t.split()) > 12:
        return False
    if _HEADING_END.search(t) or t[-1] in _CLOSING:
        return False
    return t[0].isupper() or t[0].isdigit()


def segment_block(text: str, kind: str = "text", credit: str | None = None) -> list[Paragraph]:
    """One written block to paragraphs: a leading short line may be a subheading."""
    out: list[Paragraph] = []
    if kind == "caption":
        flat = " ".join(text.split())
        return [Paragraph("caption", flat, split_sentences(flat), credit)]
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    md_heading = re.compile(r"^#{1,6}\s+")
    while lines and (md_heading.match(lines[0]) or (len(lines) > 1 and is_heading(lines[0]))):
        head = md_heading.sub("", lines.pop(0))
        out.append(Paragraph("heading", head, [Sentence(head, 0, len(head))]))
    if lines:
        flat = " ".join(" ".join(lines).split())
        if is_heading(flat):
            out.append(Paragraph("heading", flat, [Sentence(flat, 0, len(flat))]))
        else:
            out.append(Paragraph("paragraph", flat, split_sentences(flat)))
    return out


def segment_article(article: Article) -> list[Paragraph]:
    """The article's blocks to paragraphs with sentences, in reading order."""
    paragraphs: list[Paragraph] = []
    for block in article.blocks:
        paragraphs.extend(segment_block(block.text, block.kind, block.credit))
    return paragraphs
