"""Stage 4: find quotations in Dutch news text, decide which are key quotes, attribute speakers.

Rules, not a model: Dutch news reports speech in a small number of shapes (`X zei: "…"`,
`"…", zei X`, `volgens X`, `aldus X`, `X meldt dat "…"`, a pronoun for the person last named), and
marks quotations with a handful of characters. The rules here are written for those shapes in
general, not for the wording of any one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.segment import Paragraph

# --- finding quotation marks --------------------------------------------------------------------

# Families pair an opening mark with a closing one; nesting alternates families in practice.
_DOUBLE = "double"
_SINGLE = "single"
_MARK = re.compile(r",,|''|[\"“”„«»'‘’‹›‚]")
_ONLY_OPEN = {"„": _DOUBLE, ",,": _DOUBLE, "«": _DOUBLE, "‹": _SINGLE, "‚": _SINGLE}
_ONLY_CLOSE = {"”": _DOUBLE, "''": _DOUBLE, "»": _DOUBLE, "›": _SINGLE}
_EITHER = {'"': _DOUBLE, "“": _DOUBLE, "'": _SINGLE, "‘": _SINGLE, "’": _SINGLE}
_OPEN_BEFORE = set(" \t\n([{:/—–-") | set("„“‘'\"«‹‚")
_CLOSE_AFTER = set(" \t\n.,;:!?)]}…—–-") | set("”’'\"»›")


@dataclass
class Quote:
    id: str
    paragraph: int  # index of the paragraph (in the article's paragraph list)
    start: int  # offsets of the quoted words (inside the marks) in the paragraph text
    end: int
    text: str
    depth: int = 0  # 0: a quotation of its own; 1+: nested inside another quotation
    closed: bool = True
    speaker: str | None = None
    role: str | None = None
    key: bool = False
    en: str = ""


@dataclass
class _Open:
    family: str
    pos: int  # where the quoted words start (after the mark)


def _is_apostrophe(text: str, i: int, j: int) -> bool:
    mark = text[i:j]
    if mark not in ("'", "’", "‘"):
        return False
    prev = text[i - 1] if i > 0 else " "
    nxt = text[j] if j < len(text) else " "
    if prev.isalnum() and nxt.isalpha():
        return True  # zo'n, auto's, Shoigu’s
    # ’s avonds, 't, 'n: an elided article or genitive at the start of a word.
    return prev.isspace() and re.match(r"(?:s|t|n)\b", text[j : j + 2]) is not None


def find_quote_spans(text: str) -> list[tuple[int, int, int, bool]]:
    """Quotations in one paragraph: (start, end, depth, closed), offsets of the quoted words.

    A quotation left open ends with its paragraph; a second opening mark of the same family
    while one is open ends the first just before it, so it cannot swallow the next quotation.
    """
    spans: list[tuple[int, int, int, bool]] = []
    stack: list[_Open] = []
    for m in _MARK.finditer(text):
        i, j = m.start(), m.end()
        mark = m.group()
        if _is_apostrophe(text, i, j):
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[j] if j < len(text) else " "
        can_open = (prev in _OPEN_BEFORE or i == 0) and not nxt.isspace() and j < len(text)
        can_close = not prev.isspace() and i > 0 and (nxt in _CLOSE_AFTER or j == len(text))
        if mark in _ONLY_OPEN:
            family, can_close = _ONLY_OPEN[mark], False
        elif mark in _ONLY_CLOSE:
            family, can_open = _ONLY_CLOSE[mark], False
        else:
            family = _EITHER[mark]
        open_index = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].family == family), None)
        if can_close and open_index is not None and (not can_open or mark not in "„‘“" or True):
            # Close the innermost quotation of this family; any opened inside it and left
            # open end here too.
            for k in range(len(stack) - 1, open_index, -1):
                inner = stack.pop()
                spans.append((inner.pos, i, k, False))
            opened = stack.pop()
            spans.append((opened.pos, i, open_index, True))
        elif can_open:
            if open_index is not None and open_index == len(stack) - 1:
                # Same family again while one is open: the earlier one was never closed.
                unclosed = stack.pop()
                spans.append((unclosed.pos, i, len(stack), False))
            stack.append(_Open(family, j))
    while stack:
        depth = len(stack) - 1
        unclosed = stack.pop()
        spans.append((unclosed.pos, len(text), depth, False))
    cleaned: list[tuple[int, int, int, bool]] = []
    for start, end, depth, closed in spans:
        # Trim whitespace inside the marks so the span is the words exactly.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            cleaned.append((start, end, depth, closed))
    return sorted(cleaned)


# --- names, roles, reporting verbs --------------------------------------------------------------

_PARTICLES = r"(?:van|de|der|den|von|ter|ten|bin|al|el|le|la|du|da|dos)"
_TOKEN = r"[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’]*(?:-[\wÀ-ÿ'’]+)*"
_NAME = re.compile(rf"{_TOKEN}(?:\s+(?:{_PARTICLES}\s+)*{_TOKEN})*")
# Capitalised words that are not names: sentence openers, pronouns, function words.
_NOT_NAME = set(
    """
    De Het Een Dat Die Deze Dit Ook Volgens In Op Om Aan Bij Met Van Voor Na Naar Over Tijdens
    Sinds Toen Daar Daarin Daarna Daarom Daarnaast Bovendien Hij Zij Ze Wij We Ik Jij U Zo Zoals
    Eerder Later Afgelopen Eind Begin Vorig Vorige Vermoedelijk Naar Als Maar En Of Want Wel Niet
    Nog Al Toch Waar Wat Wie Hoe Welke Er Hier Nu Dan Alleen Onder Uit Tot Door Tegen Zonder
    Eerst Vandaag Gisteren Morgen Maandag Dinsdag Woensdag Donderdag Vrijdag Zaterdag Zondag
    Functionarissen Vertegenwoordigers Probleem Sindsdien Vooral Intussen Inmiddels Tevens
    """.split()
)
_PRONOUNS = {"hij", "zij", "ze", "hem", "haar"}
_VERBS = (
    "zei|zegt|zeggen|zeiden|gezegd|aldus|schreef|schrijft|schreven|geschreven|meldt|meldde|"
    "melden|meldden|gemeld|verklaarde|verklaart|verklaard|stelde|stelt|gesteld|vertelde|vertelt|"
    "verteld|benadrukte|benadrukt|waarschuwde|waarschuwt|gewaarschuwd|beloofde|belooft|beloofd|"
    "antwoordde|antwoordt|reageerde|reageert|erkende|ontkende|twitterde|tweette|schreeuwde|"
    "concludeerde|beweerde|beweert|vroeg|vraagt|riep|roept|noemde|noemt|sprak|spreekt|"
    "liet weten|laat weten|voegde eraan toe|voegt eraan toe|citeert|citeerde|kondigde aan|"
    "stelt voor|onderstreepte|onderstreept|herhaalde|herhaalt|verzekerde|verzekert|zegde|"
    "zeggen|bevestigde|bevestigt|typeerde|omschreef|omschrijft|noteerde|vond|vindt"
)
_VERB = re.compile(rf"\b(?:{_VERBS})\b", re.IGNORECASE)
_MEDIA_WORDS = (
    "krant|dagblad|weekblad|persbureau|persagentschap|nieuwsagentschap|staatsagentschap|"
    "agentschap|zender|omroep|tijdschrift|nieuwssite|website|blad"
)
_ARTICLES = {"de", "het", "een", "des", "der"}


@dataclass(frozen=True)
class _Span:
    text: str
    first: int
    last: int

    def group(self) -> str:
        return self.text[self.first : self.last]

    def start(self) -> int:
        return self.first

    def end(self) -> int:
        return self.last


def _is_adjective(token: str) -> bool:
    """Russische, Noord-Koreaanse, Amerikaanse: capitalised, but adjectives, not names."""
    return bool(re.fullmatch(r"[A-ZÀ-Þ][\w-]*(?:se|sche|isch|ees)", token))


def _names(text: str) -> list[_Span]:
    """Proper-name sequences in text, without sentence openers or demonym adjectives."""
    found: list[_Span] = []
    for m in _NAME.finditer(text):
        tokens = [(t.start() + m.start(), t.end() + m.start()) for t in re.finditer(r"\S+", m.group())]
        while tokens and (text[slice(*tokens[0])] in _NOT_NAME or _is_adjective(text[slice(*tokens[0])])):
            tokens.pop(0)
        if tokens:
            found.append(_Span(text, tokens[0][0], tokens[-1][1]))
    return found


@dataclass
class _Context:
    """What the attribution rules know about the article so far."""

    persons: list[str] = field(default_factory=list)  # full names, in order of first mention
    media: list[str] = field(default_factory=list)  # outlets named so far
    last_subject: str | None = None  # the person who began the latest sentence

    def full_name(self, name: str) -> str:
        """`Kim` → `Kim Jong-un`: a short name to the fuller one mentioned first."""
        if len(name.split()) > 1:
            return name
        for person in self.persons:
            parts = person.split()
            if len(parts) > 1 and (parts[0] == name or parts[-1] == name):
                return person
        return name


def _split_role_name(chunk: str) -> tuple[str | None, str | None]:
    """`Pentagon-perschef John Kirby` → (John Kirby, Pentagon-perschef).

    `woordvoerder van het Witte Huis` → (None-name, whole chunk as the role-speaker).
    """
    chunk = chunk.strip(" ,")
    words = chunk.split()
    while words and words[0].lower() in _ARTICLES:
        words.pop(0)
    chunk = " ".join(words)
    if not chunk:
        return None, None
    names = _names(chunk)
    if names:
        last = names[-1]
        before = chunk[: last.start()].strip()
        prev_word = before.split()[-1].lower() if before.split() else ""
        # A name inside a prepositional phrase ("van het Witte Huis") is not the speaker.
        if last.end() == len(chunk) and prev_word not in _ARTICLES | {"van", "in", "aan", "bij", "uit", "voor", "op"}:
            return last.group(), before or None
        first = names[0]
        if first.start() == 0:
            rest = chunk[first.end() :].strip(" ,")
            return first.group(), rest or None
    if words and words[0][0].islower():
        return None, chunk
    return None, None


def _speaker_from_chunk(chunk: str, ctx: _Context) -> tuple[str | None, str | None]:
    """The subject noun phrase before or after a reporting verb to (speaker, role)."""
    words = chunk.strip(" ,").split()
    if not words:
        return None, None
    if words[0].lower() in _PRONOUNS:
        return ctx.last_subject, None
    name, role = _split_role_name(chunk)
    if name:
        return ctx.full_name(name), role
    if role:
        media = re.fullmatch(rf"(?:\w+\s+)*?(?:{_MEDIA_WORDS})", role)
        if media and ctx.media:
            return ctx.media[-1], None
        if len(role.split()) <= 8:
            return role, None
    return None, None


def _attribute(before: str, after: str, ctx: _Context) -> tuple[str | None, str | None]:
    """Speaker and role of a quotation from the sentence text before and after it."""
    # 1. An introduction with a colon: `Rusland-correspondent Geert Groot Koerkamp: "…`
    colon = re.search(r"([^.:;!?\"“”„]{2,120}):\s*$", before)
    if colon:
        speaker, role = _speaker_from_chunk(colon.group(1).split(",")[-1] if "," in colon.group(1) and not _names(colon.group(1).split(",")[0]) else colon.group(1), ctx)
        if speaker:
            return speaker, role
    # 2. A reporting verb before the quote: `X zei dat "…` or, inverted, `Ook zei X tegen …`.
    verbs = list(_VERB.finditer(before))
    if verbs:
        verb = verbs[-1]
        prefix, suffix = before[: verb.start()], before[verb.end() :]
        inverted = re.match(r"\s*(hij|zij|ze|(?:de|het|een)?\s*(?:[\w-]+\s+){0,3}?" + _TOKEN + r"(?:\s+" + _TOKEN + r")*)\b", suffix)
        subject_chunk = re.split(r"[,;:]\s+(?=[a-z])|\b(?:dat|die|waarin|waarbij|nadat|omdat|terwijl|en|maar)\s+", prefix)[-1]
        # Direct subject right before the verb ("Blinken zei", "hij beloofde").
        if subject_chunk.strip():
            speaker, role = _speaker_from_chunk(_trim_adverbs(subject_chunk), ctx)
            if speaker:
                return speaker, role
        if inverted:
            speaker, role = _speaker_from_chunk(inverted.group(1), ctx)
            if speaker:
                return speaker, role
        sentence_subject = _names(prefix)
        if sentence_subject and sentence_subject[0].start() < 40:
            chunk = prefix[: sentence_subject[0].end()]
            return _speaker_from_chunk(chunk, ctx)
    # 3. After the quote: `"…", zei X.` / `…, schreef Kim.` / `…, aldus KCNA.`
    trailing = re.search(
        rf"[,.]?[\"”’']?\s*,?\s*(?:zo\s+)?(?:{_VERBS})\s+(?:(?:hij|zij|ze)\b|([^,.;!?]{{2,80}}))",
        after,
        re.IGNORECASE,
    )
    if trailing:
        if trailing.group(1) is None:
            return ctx.last_subject, None
        speaker, role = _speaker_from_chunk(trailing.group(1), ctx)
        if speaker:
            return speaker, role
    # 4. `volgens X` anywhere in the sentence.
    volgens = re.search(r"\b[Vv]olgens\s+([^,.;!?\"“”„‘’]{2,80})", before + " " + after)
    if volgens:
        return _speaker_from_chunk(volgens.group(1), ctx)
    return None, None


def _trim_adverbs(chunk: str) -> str:
    words = chunk.split()
    while words and words[-1].lower() in {"er", "toen", "ook", "nu", "al", "daarop", "eerder", "nog", "echter", "wel"}:
        words.pop()
    return " ".join(words)


def _is_title(text: str) -> bool:
    """`The New York Times`, `KCNA`: a name or title, not speech."""
    words = [w for w in re.findall(r"[\wÀ-ÿ'-]+", text)]
    if not words:
        return True
    capital = sum(1 for w in words if w[0].isupper() or w.isdigit())
    return capital / len(words) >= 0.6 and not re.search(r"[.!?]\s", text)


def _update_context(sentence: str, ctx: _Context) -> None:
    names = _names(sentence)
    for n in names:
        name = n.group()
        if len(name.split()) > 1 and name not in ctx.persons:
            ctx.persons.append(name)
    for m in re.finditer(rf"\b(?:{_MEDIA_WORDS})\s+[‘'\"“]?({_TOKEN}(?:\s+{_TOKEN})*)", sentence):
        ctx.media.append(m.group(1))
    if names and names[0].start() <= 40 and not sentence[: names[0].start()].strip(" ‘'\"“„").lower().startswith(("volgens", "tijdens", "in ", "na ", "bij ")):
        ctx.last_subject = ctx.full_name(names[0].group())
    first = sentence.split()[0].lower() if sentence.split() else ""
    if first in _PRONOUNS:
        pass  # the subject stays the person it refers to


def find_quotes(paragraphs: list[Paragraph], min_key_words: int = 4) -> list[Quote]:
    """Every quotation of an article, with key status, speaker and role."""
    quotes: list[Quote] = []
    ctx = _Context()
    previous_speaker: tuple[str | None, str | None] = (None, None)
    for p_index, paragraph in enumerate(paragraphs):
        if paragraph.kind == "heading":
            continue
        text = paragraph.text
        spans = find_quote_spans(text)
        for sentence in paragraph.sentences:
            s_quotes = [sp for sp in spans if sentence.start <= sp[0] - 1 < sentence.end or sentence.start <= sp[0] < sentence.end]
            for start, end, depth, closed in s_quotes:
                before = text[sentence.start : max(sentence.start, start - 1)]
                sentence_end = next((s.end for s in paragraph.sentences if s.start <= end <= s.end), sentence.end)
                after = text[min(end + 1, len(text)) : max(sentence_end, end)]
                quoted = text[start:end]
                speaker, role = (None, None)
                if depth == 0:
                    speaker, role = _attribute(before, after, ctx)
                    if speaker is None and not before.strip():
                        # A quotation that opens a sentence, with no attribution of its own,
                        # continues the speaker of the sentence before (news convention).
                        speaker, role = previous_speaker
                if speaker and quoted and speaker.strip() in quoted:
                    speaker = None
                words = len(quoted.split())
                key = depth == 0 and speaker is not None and words >= min_key_words and not _is_title(quoted)
                quotes.append(
                    Quote(
                        id="",
                        paragraph=p_index,
                        start=start,
                        end=end,
                        text=quoted,
                        depth=depth,
                        closed=closed,
                        speaker=speaker,
                        role=role,
                        key=key,
                    )
                )
            _update_context(sentence.text, ctx)
            sentence_speaker = _sentence_speaker(sentence.text, ctx)
            previous_speaker = sentence_speaker
    for n, quote in enumerate(quotes, start=1):
        quote.id = f"q{n}"
    return quotes


def _sentence_speaker(sentence: str, ctx: _Context) -> tuple[str | None, str | None]:
    """Who speaks in a sentence with a reporting verb and no quote marks of its own."""
    verb = _VERB.search(sentence)
    if not verb:
        return (None, None)
    return _attribute(sentence[: verb.end()] + " ", "", ctx)
