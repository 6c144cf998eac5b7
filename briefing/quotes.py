"""Stage 4: find quotations in Dutch news text, decide which are key quotes, attribute speakers.

Rules, not a model: Dutch news reports speech in a small number of shapes (`X zei: "…"`,
`"…", zei X`, `volgens X`, `aldus X`, `X meldt dat "…"`, a pronoun for the person last named), and
marks quotations with a handful of characters. The rules here are written for those shapes in
general, not for the wording of any one article.
"""

from __future__ import annotations

import bisect
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
        if can_close and open_index is not None:
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

_PARTICLES = {"van", "de", "der", "den", "von", "ter", "ten", "bin", "al", "el", "le", "la", "du", "da", "dos"}
_CAP = r"[A-ZÀ-ÖØ-Þ]"
_WORD = re.compile(r"[\wÀ-ÿ'’‘-]+")
# Capitalised words that are not names: sentence openers, pronouns, function words, weekdays.
_NOT_NAME = set(
    """
    De Het Een Dat Die Deze Dit Ook Volgens In Op Om Aan Bij Met Van Voor Na Naar Over Tijdens
    Sinds Toen Daar Daarin Daarna Daarom Daarnaast Bovendien Hij Zij Ze Wij We Ik Jij U Zo Zoals
    Eerder Later Afgelopen Eind Begin Vorig Vorige Vermoedelijk Als Maar En Of Want Wel Niet
    Nog Al Toch Waar Wat Wie Hoe Welke Er Hier Nu Dan Alleen Onder Uit Tot Door Tegen Zonder
    Eerst Vandaag Gisteren Morgen Maandag Dinsdag Woensdag Donderdag Vrijdag Zaterdag Zondag
    Sindsdien Vooral Intussen Inmiddels Tevens Echter Misschien Mogelijk Waarschijnlijk Ondanks
    Januari Februari Maart April Mei Juni Juli Augustus September Oktober November December
    Wanneer Nadat Omdat Terwijl Hoewel Zodra Tenzij Doordat Zowel Ondertussen Uiteindelijk Daardoor
    Dus Bijvoorbeeld Vervolgens Daarmee Hierdoor Hierbij Desondanks Kortom Gelukkig Helaas Volgend
    Volgende Dezelfde Alle Veel Vele Enkele Sommige Geen Niemand Iedereen Alles Niets Meer Minder
    Andere Elke Ieder Zijn Haar Hun Mijn Ons Onze Jullie Mevrouw Meneer Heer Dr Dhr Mevr Mr
    """.split()
)
_PRONOUNS = {"hij", "zij", "ze"}
_VERBS = (
    "zei|zegt|zeggen|zeiden|gezegd|schreef|schrijft|schreven|geschreven|meldt|meldde|melden|"
    "meldden|gemeld|verklaarde|verklaart|verklaarden|verklaard|stelde|stelt|gesteld|vertelde|"
    "vertelt|verteld|benadrukte|benadrukt|benadrukten|waarschuwde|waarschuwt|gewaarschuwd|"
    "beloofde|belooft|beloofd|antwoordde|antwoordt|reageerde|reageert|erkende|erkent|ontkende|"
    "ontkent|twitterde|tweette|schreeuwde|concludeerde|beweerde|beweert|vroeg|vraagt|riep|roept|"
    "noemde|noemt|sprak|spreekt|liet weten|laat weten|citeert|citeerde|onderstreepte|"
    "onderstreept|herhaalde|herhaalt|verzekerde|verzekert|bevestigde|bevestigt|typeerde|"
    "omschreef|omschrijft|voegde|voegt|zegde|legde uit|legt uit|vervolgde|vervolgt|"
    "verduidelijkte|stelde vast|merkte op|merkt op|waarschuwden|zeggen|aldus"
)
_VERB = re.compile(rf"(?<![\w-])(?:{_VERBS})(?![\w-])", re.IGNORECASE)
_MEDIA_WORDS = (
    "krant|dagblad|weekblad|persbureau|persagentschap|nieuwsagentschap|staatsagentschap|"
    "agentschap|zender|omroep|tijdschrift|nieuwssite|website|blad|tv-zender"
)
_ARTICLES = {"de", "het", "een", "des", "der"}
_PREPOSITIONS = {"van", "in", "aan", "bij", "uit", "voor", "op", "met", "naar", "over", "tegen", "door", "tot", "om"}
_ADVERBS = {"er", "toen", "ook", "nu", "al", "daarop", "eerder", "nog", "echter", "wel", "dan", "zelf", "zo", "daarbij"}
# Where a new clause starts: what comes after it has its own subject.
_CLAUSE_START = re.compile(
    r"(?:^|[;:]\s+|\s(?:dat|waarin|waarbij|waarop|nadat|omdat|terwijl|toen|die|wat|wanneer|als|en|maar)\s)"
)


@dataclass(frozen=True)
class _Name:
    text: str
    start: int  # offsets in the text it was found in
    end: int


# Nouns for what people are; a capitalised one opens a sentence ("Minister Yeşilgöz:") or is a
# compound ("Oppositieleider", "Buitenlandminister"): a role, never a name.
_ROLE_NOUN = re.compile(
    r"(?:minister|premier|president|leider|voorzitter|woordvoerder|woordvoerster|chef|correspondent|"
    r"directeur|hoogleraar|ambassadeur|commissaris|burgemeester|secretaris|generaal|kanselier|"
    r"deskundige|expert|analist|onderzoeker|wethouder|gouverneur|senator|koning|koningin|paus|"
    r"dictator|topman|topvrouw|bestuurder|advocaat|officier|rechter|journalist|verslaggever|"
    r"politicus|minister-president|staatssecretaris|kamerlid|opperbevelhebber|commandant|"
    r"medewerker|zegsman|zegsvrouw|bron|bronnen|functionaris|diplomaat|econoom|viroloog|arts|lid|"
    r"rapper|zanger|zangeres|acteur|actrice|schrijver|auteur|coach|trainer|speler|manager|"
    r"man|vrouw|politie|ministerie|regering|kabinet|leger|partij|krant|dagblad|persbureau|agentschap)$",
    re.IGNORECASE,
)


def _is_name_token(token: str) -> bool:
    """Poetin, Jong-un, Groot: yes. Pentagon-perschef, Minister, Oekraïne-oorlog, Russische: no."""
    if not re.match(_CAP, token) or token in _NOT_NAME:
        return False
    if _ROLE_NOUN.search(token.split("-")[-1]):
        return False
    parts = token.split("-")
    if len(parts) > 1 and parts[-1].islower() and len(parts[-1]) >= 5:
        return False  # a compound common noun: Pentagon-perschef, Rusland-correspondent
    # Demonym adjectives: Russische, Amerikaanse, Franse, Duitse, Chinese, Nederlandse, Russisch
    # (not every word in -se: Jesse, Louise, Rose are names).
    return not re.fullmatch(r".*(?:aanse|ische|sche|isch|ese|ndse|tse|anse|ense|kse|dse|rse|ijnse|olse)", token)


_SURNAME_PARTICLES = {"De", "Van", "Der", "Den", "Ter", "Ten", "Von", "Le", "La", "Du"}


def _names(text: str) -> list[_Name]:
    """Runs of name tokens (with particles inside: Geert Groot Koerkamp, Jan van der Berg, and a
    surname with its own capital particle: minister De Jonge, Van der Laan)."""
    tokens = [(m.group().strip("'’‘"), m.start(), m.end()) for m in _WORD.finditer(text)]
    names: list[_Name] = []
    i = 0
    while i < len(tokens):
        if tokens[i][0] in _SURNAME_PARTICLES:
            k = i + 1
            while k < len(tokens) and tokens[k][0].lower() in _PARTICLES:
                k += 1
            if k < len(tokens) and _is_name_token(tokens[k][0]) and k > i:
                # Keep the particle with the name that follows: start the run here.
                j = k
                while j + 1 < len(tokens) and _is_name_token(tokens[j + 1][0]) and not re.search(r"[,.;:()]", text[tokens[j][2] : tokens[j + 1][1]]):
                    j += 1
                names.append(_Name(text[tokens[i][1] : tokens[j][2]], tokens[i][1], tokens[j][2]))
                i = j + 1
                continue
        if not _is_name_token(tokens[i][0]):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens):
            k = j + 1
            while k < len(tokens) and tokens[k][0] in _PARTICLES:
                k += 1
            gap = text[tokens[j][2] : tokens[k][1]] if k < len(tokens) else ","
            if k < len(tokens) and _is_name_token(tokens[k][0]) and not re.search(r"[,.;:()]", gap):
                j = k
            else:
                break
        names.append(_Name(text[tokens[i][1] : tokens[j][2]], tokens[i][1], tokens[j][2]))
        i = j + 1
    return names


@dataclass
class _Context:
    """What attribution knows of the article so far."""

    persons: list[str] = field(default_factory=list)  # names of two or more words, first mention first
    media: list[str] = field(default_factory=list)  # outlets named so far, last one last
    last_subject: tuple[str, str | None] | None = None  # who began the latest sentence, and role

    def full_name(self, name: str) -> str:
        """`Kim` → `Kim Jong-un`, `Matsegora` → `Alexander Matsegora`: the fuller first mention."""
        if len(name.split()) > 1:
            return name
        for person in self.persons:
            parts = person.split()
            if len(parts) > 1 and name in (parts[0], parts[-1]):
                return person
        return name


def _strip_words(words: list[str], front: set[str], back: set[str]) -> list[str]:
    while words and words[0].lower() in front:
        words = words[1:]
    while words and words[-1].lower() in back:
        words = words[:-1]
    return words


def _noun_phrase(chunk: str, ctx: _Context) -> tuple[str, str | None] | None:
    """A subject noun phrase to (speaker, role).

    `Pentagon-perschef John Kirby` → (John Kirby, Pentagon-perschef); `Adrienne Watson, de
    woordvoerster van …` → (Adrienne Watson, woordvoerster van …); `een woordvoerder van het
    Witte Huis` → (woordvoerder van het Witte Huis, None); `hij` → the last sentence subject;
    `de krant` → the outlet named last.
    """
    chunk = chunk.strip(" ,\"'“”‘’„")
    words = _strip_words(chunk.split(), _ARTICLES, _ADVERBS)
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return ctx.last_subject
    chunk = " ".join(words)
    names = _names(chunk)
    # A name at the front, maybe with an apposition: "Adrienne Watson, de woordvoerster van …".
    if names and names[0].start == 0:
        after_name = chunk[names[0].end :]
        # An apposition stands between commas: "Adrienne Watson, de woordvoerster van …".
        rest = after_name.strip(" ,") if after_name.lstrip().startswith(",") else ""
        role = " ".join(_strip_words(rest.split(), _ARTICLES, set())).strip(" ,;:") or None
        return ctx.full_name(names[0].text), role
    # A role before a name: "Amerikaanse buitenlandminister Antony Blinken".
    if names and names[-1].end == len(chunk):
        before = chunk[: names[-1].start].split()
        if before and before[-1].lower() not in _ARTICLES | _PREPOSITIONS:
            return ctx.full_name(names[-1].text), _role_words(before)
    head = words[0]
    if re.fullmatch(rf"(?:{_MEDIA_WORDS})", head.lower()) and len(words) == 1:
        return (ctx.media[-1], None) if ctx.media else None
    if head[0].islower() and len(words) <= 8 and any(_ROLE_NOUN.search(w.split("-")[-1]) for w in words[:3]):
        return chunk, None  # a role without a name: "woordvoerder van het Witte Huis"
    return None


# Words that end a noun phrase standing after a verb ("zei Matsegora tegen …").
_NP_STOP = _PREPOSITIONS - {"van"} | _ADVERBS | {
    "dat", "die", "zich", "volgens", "eerder", "deze", "vorige", "maandag", "dinsdag", "woensdag",
    "donderdag", "vrijdag", "zaterdag", "zondag", "gisteren", "vandaag", "later", "nadat", "omdat",
    # finite verbs and auxiliaries: the noun phrase is over where the clause's verb comes
    "is", "zijn", "was", "waren", "wordt", "worden", "werd", "werden", "heeft", "hebben", "had",
    "hadden", "zal", "zullen", "zou", "zouden", "kan", "kunnen", "kon", "konden", "moet", "moeten",
    "wil", "willen", "gaat", "gaan", "ging", "gingen", "krijgt", "krijgen", "staat", "blijft",
}


def _inverted_np(after: str) -> str | None:
    """The noun phrase right after a verb: `Pentagon-perschef John Kirby.` → that, up to a stop."""
    taken: list[str] = []
    for token in after.split():
        bare = token.strip(",.;:!?\"“”„")
        if not bare or bare.lower() in _NP_STOP:
            break
        taken.append(bare)
        if token != token.rstrip(",.;:!?") or len(taken) >= 8:
            break
    return " ".join(taken) or None


def _subject_of(clause: str, verb_start: int, verb_end: int, ctx: _Context) -> tuple[str, str | None] | None:
    """The subject of a reporting verb in a Dutch clause: before the finite verb, or after it."""
    before, after = clause[:verb_start], clause[verb_end:]
    words = before.split()
    # Subject first ("Blinken zei", "Hij benadrukte", "Een woordvoerder … meldt"), unless the one
    # word before the verb is an adverb or conjunction ("Ook zei …", "Dat schreef …").
    opener = (len(words) == 1 and words[0] in _NOT_NAME and words[0].lower() not in _PRONOUNS) or bool(
        re.fullmatch(r"\s*['’]s\s+\w+\s*", before)  # 's avonds, 's ochtends: an adverb
    )
    if words and not opener:
        found = _noun_phrase(before, ctx) if len(words) <= 10 else None
        if found:
            return found
        names = _names(before)
        if names:
            prefix = before[: names[0].start].split()
            if len(prefix) <= 3 and not (prefix and prefix[-1].lower() in _PREPOSITIONS | _ARTICLES):
                return ctx.full_name(names[0].text), _role_words(prefix)
        if words[-1].lower() in _PRONOUNS:
            return ctx.last_subject
        return None
    # Inversion: "Ook zei Matsegora tegen …", "…, zei Pentagon-perschef John Kirby", "aldus KCNA".
    phrase = _inverted_np(after)
    return _noun_phrase(phrase, ctx) if phrase else None


def _role_words(words: list[str]) -> str | None:
    """What stands before a name as its role, without articles and sentence openers."""
    kept = [w for w in words if w.lower() not in _ARTICLES and w not in _NOT_NAME]
    return " ".join(kept).strip(" ,;:") or None


def _clauses_with_verb(text: str) -> list[tuple[str, re.Match[str]]]:
    """Each reporting verb in text with the clause it stands in (clause start to verb end)."""
    out = []
    for verb in _VERB.finditer(text):
        starts = [m.end() for m in _CLAUSE_START.finditer(text[: verb.start()])]
        start = starts[-1] if starts else 0
        clause = text[start:]
        out.append((clause, re.compile(re.escape(verb.group())).search(clause, verb.start() - start)))
    return out


def _attribute(before: str, after: str, ctx: _Context) -> tuple[str, str | None] | None:
    """Speaker and role of a quotation from the text of its sentence before and after it."""
    # 1. A colon after a name or role: `Rusland-correspondent Geert Groot Koerkamp: "…`
    colon = re.search(r"([^.:;!?\"“”„]{2,160}):\s*$", before)
    if colon:
        chunk = colon.group(1)
        verbs = list(_VERB.finditer(chunk))
        if not verbs:
            found = _noun_phrase(chunk, ctx)
            if found:
                return found
    # 2. A reporting verb before the quotation: `X zei dat "…`, `Ook zei X tegen Y dat "…`.
    for clause, verb in reversed(_clauses_with_verb(before)):
        found = _subject_of(clause, verb.start(), verb.end(), ctx)
        if found:
            return found
    # 3. After it: `"…", zei X.`, `…, schreef Kim.`, `…, aldus KCNA.`
    trailing = re.search(rf"(?:^|,)\s*(?:zo\s+)?((?:{_VERBS})\s+[^,.;!?]{{1,80}})", after, re.IGNORECASE)
    if trailing:
        part = trailing.group(1)
        verb = _VERB.match(part)
        if verb:
            found = _subject_of(part, verb.start(), verb.end(), ctx)
            if found:
                return found
    # 4. `volgens X` in the sentence, on one side of the quotation (never across it).
    for side in (before, after):
        volgens = re.search(r"\b[Vv]olgens\s+(.{2,80})", side)
        if volgens:
            phrase = _inverted_np(volgens.group(1))
            if phrase and phrase.split()[-1].lower() not in _PREPOSITIONS:
                found = _noun_phrase(phrase, ctx)
                if found:
                    return found
    return None


def _is_title(text: str) -> bool:
    """`The New York Times`, `KCNA`: a name or a title, not speech."""
    words = re.findall(r"[\wÀ-ÿ'’-]+", text)
    if not words:
        return True
    capital = sum(1 for w in words if w[0].isupper() or w.isdigit())
    return capital / len(words) >= 0.6 and not re.search(r"[.!?]\s", text)


def _learn(sentence: str, ctx: _Context) -> None:
    """Remember the people and outlets a sentence names, and who it is about (its subject)."""
    for name in _names(sentence):
        if len(name.text.split()) > 1 and name.text not in ctx.persons:
            ctx.persons.append(name.text)
    for m in re.finditer(rf"\b(?:{_MEDIA_WORDS})\s+[‘'\"“]?({_CAP}[\w'’-]*(?:\s+{_CAP}[\w'’-]*)*)", sentence):
        ctx.media.append(m.group(1).strip("'’‘"))
    words = sentence.split()
    if words and words[0].lower() in _PRONOUNS:
        return  # the subject stays the person the pronoun refers to
    names = _names(sentence)
    if names:
        prefix = sentence[: names[0].start].split()
        if len(prefix) <= 3 and not (prefix and prefix[-1].lower() in _PREPOSITIONS | _ARTICLES):
            ctx.last_subject = (ctx.full_name(names[0].text), _role_words(prefix))


def _sentence_speaker(sentence: str, ctx: _Context) -> tuple[str, str | None] | None:
    """Who speaks in a sentence that reports speech without quotation marks of its own."""
    for clause, verb in _clauses_with_verb(sentence):
        found = _subject_of(clause, verb.start(), verb.end(), ctx)
        if found:
            return found
    return None


def find_quotes(paragraphs: list[Paragraph], min_key_words: int = 4) -> list[Quote]:
    """Every quotation of an article, with key status, speaker and role."""
    quotes: list[Quote] = []
    ctx = _Context()
    previous: tuple[str, str | None] | None = None  # the speaker of the sentence before
    for p_index, paragraph in enumerate(paragraphs):
        if paragraph.kind == "heading":
            continue
        text = paragraph.text
        sentences = paragraph.sentences
        starts = [s.start for s in sentences]
        # Each quotation belongs to the sentence in which it opens (its mark may stand just
        # before that sentence's text); found by bisection, so long paragraphs stay linear.
        opening: dict[int, list[tuple[int, int, int, bool]]] = {}
        for span in find_quote_spans(text):
            index = max(0, bisect.bisect_right(starts, span[0]) - 1)
            opening.setdefault(index, []).append(span)
        for s_index, sentence in enumerate(sentences):
            # What the sentence names (people, outlets, its subject) is known before its quotes
            # are attributed: "Kim Jong-un stuurde …, waarin hij beloofde “…”" → Kim Jong-un.
            _learn(sentence.text, ctx)
            own: list[Quote] = []
            for start, end, depth, closed in opening.get(s_index, []):
                mark = start - 1 if start > sentence.start else start
                before = text[sentence.start : max(sentence.start, mark)]
                last = sentences[max(0, bisect.bisect_right(starts, max(start, end - 1)) - 1)]
                after = text[min(end + 1, len(text)) : max(last.end, end)]
                quoted = text[start:end]
                who: tuple[str, str | None] | None = None
                if depth == 0:
                    who = _attribute(before, after, ctx)
                    if who is None and not before.strip(" \"'“„‘«,"):
                        # A quotation that opens its sentence, attributed nowhere in it, goes on
                        # with the speaker of the sentence before (news convention), also across
                        # a paragraph break.
                        who = previous
                if who and _norm_words(who[0]) & _norm_words(quoted) == _norm_words(who[0]):
                    who = None  # the "speaker" is inside the quotation itself: no attribution
                speaker, role = who if who else (None, None)
                key = (
                    depth == 0
                    and speaker is not None
                    and len(quoted.split()) >= min_key_words
                    and not _is_title(quoted)
                )
                quote = Quote("", p_index, start, end, quoted, depth, closed, speaker, role, key)
                quotes.append(quote)
                if depth == 0:
                    own.append(quote)
            said = _sentence_speaker(sentence.text, ctx)
            if own and own[-1].speaker:
                previous = (own[-1].speaker, own[-1].role)
            elif said:
                previous = said
            elif not own:
                previous = None
    for n, quote in enumerate(quotes, start=1):
        quote.id = f"q{n}"
    return quotes


def _norm_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text)}
