"""Stage 4: find quotations in Dutch news text, decide which are key quotes, attribute speakers.

Three parts, each a module: `marks` finds where quotations open and close, `lexicon` holds the
Dutch words and chunks names out of text, `attribution` keeps a model of the discourse and names
the speaker. This module walks an article sentence by sentence and puts them together.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from briefing.nlp.quotes import confidence, ranker
from briefing.nlp.quotes import lexicon as lx
from briefing.nlp.quotes.attribution import (
    CONTINUES,
    INTERVIEW,
    NOBODY,
    PREVIOUS_SENTENCE,
    PRONOUN,
    ROLE,
    SAME_SENTENCE,
    Discourse,
    Person,
    Speaker,
    attributed_in_sentence,
    in_sentence,
    is_title,
    learn,
    sentence_speaker,
    spokesperson_subject,
    vet,
)
from briefing.nlp.quotes.marks import QuoteSpan, find_quote_spans
from briefing.nlp.segment import Paragraph, Sentence

__all__ = ["Quote", "QuoteSpan", "combine_across_articles", "find_quote_spans", "find_quotes"]

MIN_KEY_WORDS = 4


@dataclass
class Quote:
    id: str
    paragraph: int  # index of the paragraph (in the article's paragraph list)
    start: int  # offsets of the quoted words (inside the marks) in the paragraph text
    end: int
    text: str
    depth: int = 0  # 0: a quotation of its own; 1+: nested inside another quotation
    closed: bool = True
    speaker: str | None = None  # the speaker shown: the candidate where its confidence is enough
    role: str | None = None
    key: bool = False
    attribution: str | None = None  # how the speaker was found (attribution.SAME_SENTENCE, …)
    candidate: str | None = None  # the speaker the rules found, shown or not
    candidate_role: str | None = None
    evidence: str | None = None  # what backs the candidate beyond `attribution` (see confidence)
    confidence: float | None = None  # how often such a candidate was right on the development sets
    support: float | None = None  # the second opinion's probability for the candidate (ranker.support)


@dataclass
class _Before:
    """What the sentence before tells the next one."""

    said: Speaker | None = None  # it reports speech: `…, zegt X.`, `Volgens X …`
    subject: Person | None = None  # it is about a person, without a speech verb
    quoted: bool = False  # it holds a quotation of its own
    question: bool = False  # an interview question: a paragraph of one sentence ending in ?
    body: Speaker | None = None  # its subject is an unnamed spokesperson (`Een woordvoerder van het ministerie …`)


def _capitalised_inside(paragraphs: list[Paragraph]) -> set[str]:
    """Words the article capitalises where no sentence starts: names, not sentence openers."""
    seen: set[str] = set()
    for paragraph in paragraphs:
        for sentence in paragraph.sentences:
            for m in re.finditer(r"(?<=[\w,;:] )([A-ZÀ-ÖØ-Þ][\w'’-]+)", sentence.text):
                seen.add(m.group(1))
    return seen


def _interviewee(paragraphs: list[Paragraph], disc: Discourse) -> str | None:
    """In an interview (question paragraphs, then answers), the person introduced before the
    first question and mentioned most."""
    probe = Discourse(capitalised_inside=disc.capitalised_inside)
    for paragraph in paragraphs:
        if _is_question(paragraph):
            break
        for sentence in paragraph.sentences:
            learn(sentence.text, probe)
    people = [p for p in probe.people if not p.organisation and len(p.name.split()) > 1]
    if not people:
        return None
    return max(people, key=lambda p: (p.mentions, -probe.people.index(p))).name


_OPENING_MARKS = "\"'‘“„,«"  # a paragraph opening with one of these opens with a quotation
_ADDRESS = re.compile(r"\b(?:[Uu]|[Uu]w|[Jj]ij|[Jj]ouw)\b")
# `Een VN-coördinator in Damascus zei dat …`: someone unnamed says it, in the quotation's own sentence.
_UNNAMED_SAYS = re.compile(rf"(?:^|[,;]\s*|\s)[Ee]en\s+[^,.;:]{{2,60}}?\s+(?:{lx.VERB.pattern})")
# A reporting verb with a pronoun as its subject (`zei ze`, `Ze zei`), its referent unresolved.
_PRONOUN_SAYS = re.compile(rf"(?:{lx.VERB.pattern})\s+(?:ze|zij|hij)\b|\b(?:[Zz]e|[Zz]ij|[Hh]ij)\s+(?:{lx.VERB.pattern})")


def _is_question(paragraph: Paragraph, interview: bool = False, answer_follows: bool = False) -> bool:
    """An interviewer's line: a short paragraph that ends in a question outside any quotation
    (`Recensent X schreef dat het boek ‘te lief’ is. Herkent u dat?`: the short quotation is
    the interviewer's); in an interview also one that addresses the interviewee (`Uw zus heeft
    laten weten dat …`, `Minister X noemde uw uitspraak ‘alarmistisch’.`) or a one-sentence
    statement put to them (`Projectontwikkelaars zeggen dat dat onbetaalbaar is.`) that the next
    paragraph answers with a quotation, without quoting anyone at length."""
    text = paragraph.text.strip()
    if paragraph.kind != "paragraph" or len(paragraph.sentences) > 3:
        return False
    spans = [s for s in find_quote_spans(text) if s.depth == 0]
    if any(len(text[s.start : s.end].split()) >= 2 * MIN_KEY_WORDS for s in spans):
        return False  # someone quoted at length: reportage, not a question
    if text.endswith("?") and not any(s.mark_end >= len(text.rstrip("?")) - 1 for s in spans):
        return len(paragraph.sentences) <= 2 or not spans
    return interview and _put_to_interviewee(paragraph, text, spans, answer_follows)


def _put_to_interviewee(paragraph: Paragraph, text: str, spans: list[QuoteSpan], answer_follows: bool) -> bool:
    """A line of an interview without a question mark that is still the interviewer's: it
    addresses the interviewee, or is one sentence the next paragraph answers with a quotation;
    quoting nothing but scare quotes."""
    if len(paragraph.sentences) > 2 or any(len(text[s.start : s.end].split()) >= MIN_KEY_WORDS for s in spans):
        return False
    outside = _outside_quotes(text, spans)
    return _ADDRESS.search(outside) is not None or (answer_follows and len(paragraph.sentences) == 1)


class _Place(NamedTuple):
    """Where a quotation stands: its paragraph and sentence."""

    paragraph: Paragraph
    p_index: int
    sentence: Sentence
    s_index: int
    question: bool  # the paragraph is an interviewer's line


@dataclass
class _Reading:
    """What find_quotes carries from sentence to sentence through an article."""

    disc: Discourse
    min_key_words: int
    interviewee: str | bool | None = False  # found on the first question, once
    before: _Before = field(default_factory=_Before)
    quotes: list[Quote] = field(default_factory=list)


def find_quotes(paragraphs: list[Paragraph], min_key_words: int = MIN_KEY_WORDS) -> list[Quote]:
    """Every quotation of an article, with key status, speaker, role and how it was found."""
    reading = _Reading(Discourse(capitalised_inside=_capitalised_inside(paragraphs)), min_key_words)
    for p_index, paragraph in enumerate(paragraphs):
        if paragraph.kind != "heading":
            _read_paragraph(reading, paragraphs, p_index)
    _repeated(reading.quotes, min_key_words)
    _number_and_show(reading.quotes, reading.disc, paragraphs)
    return reading.quotes


def _read_paragraph(reading: _Reading, paragraphs: list[Paragraph], p_index: int) -> None:
    paragraph = paragraphs[p_index]
    answer_follows = p_index + 1 < len(paragraphs) and paragraphs[p_index + 1].text.lstrip()[:1] in _OPENING_MARKS
    question = _is_question(paragraph, isinstance(reading.interviewee, str), answer_follows)
    if question and reading.interviewee is False:
        reading.interviewee = _interviewee(paragraphs, reading.disc)
    spans_by_sentence = _spans_by_sentence(paragraph)
    outside = _outside_quotes(paragraph.text, [s for spans in spans_by_sentence.values() for s in spans])
    for s_index, sentence in enumerate(paragraph.sentences):
        place = _Place(paragraph, p_index, sentence, s_index, question)
        _read_sentence(reading, place, spans_by_sentence.get(s_index, []), outside[sentence.start : sentence.end])
    if question:
        reading.before = _Before(question=True)


def _read_sentence(reading: _Reading, place: _Place, spans: list[QuoteSpan], narrative: str) -> None:
    """One sentence: its quotations attributed, then what it tells the discourse."""
    disc = reading.disc
    # Who the sentence names outside its quotations (`narrative`) is known before they are
    # attributed ("Kim Jong-un stuurde …, waarin hij beloofde “…”"); names inside a quotation
    # are the speaker's words, not the narrative's.
    subject = learn(narrative, disc, place.sentence.text)
    body = None if subject is not None else spokesperson_subject(narrative, disc)
    own = _sentence_quotes(reading, place, spans)
    if place.question:
        return
    said = None if own else sentence_speaker(place.sentence.text, disc)
    told = _Told(place.sentence.text, own, said, body)
    rule = next((r for r in DISCOURSE_RULES if r.applies(told)), None)
    if rule is not None:
        rule.tell(told, disc)
    reading.before = _Before(said=said, subject=subject, quoted=bool(own), body=body)


def _sentence_quotes(reading: _Reading, place: _Place, spans: list[QuoteSpan]) -> list[Quote]:
    """The sentence's quotations, attributed; returns those of its own (not nested)."""
    own: list[Quote] = []
    for span in spans:
        before = _Before() if place.question else reading.before
        quote = _quote(place, span, reading.disc, before, None if place.question else reading.interviewee, reading.min_key_words)
        if place.question and quote.attribution != SAME_SENTENCE:
            # The interviewer's line: a quotation in it is attributed by its own sentence
            # (`Recensent X schreef dat het boek ‘te lief’ is`) or not at all.
            quote.key, quote.attribution, quote.candidate, quote.candidate_role, quote.evidence = False, None, None, None, None
        reading.quotes.append(quote)
        if span.depth == 0:
            own.append(quote)
    return own


class _Told(NamedTuple):
    """A sentence read: its text, its own quotations, and the speaker or spokesperson it names."""

    text: str
    own: list[Quote]
    said: Speaker | None  # reported speech without a quotation: `…, zegt X.`
    body: Speaker | None  # an unnamed spokesperson as its subject


class _DiscourseRule(NamedTuple):
    name: str
    applies: Callable[[_Told], bool]
    tell: Callable[[_Told, Discourse], None]


def _spoke_last(told: _Told, disc: Discourse) -> None:
    last = [q for q in told.own if q.candidate][-1]
    disc.spoke(Speaker(last.candidate or "", last.candidate_role, last.attribution or ""))


def _said_spoke(told: _Told, disc: Discourse) -> None:
    if told.said is not None:
        disc.spoke(told.said)


def _someone_else_speaks(told: _Told, disc: Discourse) -> None:
    disc.others_since_speaker = True


def _pronoun_speaks(told: _Told, disc: Discourse) -> None:
    """Reported speech by an unresolved pronoun: someone else speaks. A quotation it says, though,
    leaves the last speaker on where the pronoun fits that speaker's gender (the pronoun may be
    theirs); `hij` after a woman (the writer) is the man she quotes."""
    said = _PRONOUN_SAYS.search(told.text)
    last = disc.last_speaker
    if told.own and said is not None and last is not None:
        person = disc.find(last.name)
        pronoun = next(w for w in re.findall(r"\w+", said.group().lower()) if w in lx.PRONOUNS)
        gender = "m" if pronoun in lx.MALE_PRONOUNS else "f"
        if person is None or person.gender in (None, gender):
            return
    disc.others_since_speaker = True


# What a sentence tells the discourse about who speaks now; the first rule that applies.
DISCOURSE_RULES: tuple[_DiscourseRule, ...] = (
    _DiscourseRule("an attributed quotation: its speaker spoke last", lambda t: any(q.candidate for q in t.own), _spoke_last),
    _DiscourseRule("reported speech: its speaker spoke last", lambda t: t.said is not None, _said_spoke),
    # A spokesperson is now in play, not the last speaker.
    _DiscourseRule("an unnamed spokesperson in play", lambda t: t.body is not None, _someone_else_speaks),
    # `Vanochtend zei ze iets …`, `‘…’, zei hij.` where the pronoun is nobody met (a patient, a
    # suspect relayed by the writer): someone else speaks now, not the last speaker.
    _DiscourseRule("a pronoun nobody was met for speaks", lambda t: _PRONOUN_SAYS.search(t.text) is not None, _pronoun_speaks),
)


def _number_and_show(quotes: list[Quote], disc: Discourse, paragraphs: list[Paragraph]) -> None:
    """Ids in order; each candidate in full, with the second opinion's support and its
    confidence, shown where that is enough."""
    names: ranker.Names | None = None  # the article's names, read at the first candidate (most articles have none)
    for n, quote in enumerate(quotes, start=1):
        quote.id = f"q{n}"
        if quote.candidate:
            names = names or ranker.Names(paragraphs, quotes)
            # `Zaev` before the article gave `premier Zoran Zaev`, `De Bruin` for `Kim de Bruin`:
            # the full name, as the article gives it.
            person = disc.find(quote.candidate)
            if person and len(person.name) > len(quote.candidate):
                quote.candidate = person.name
            quote.support = ranker.support(names, quote, quote.candidate)
            quote.confidence = confidence.of(quote.attribution or "", quote.evidence or "", quote.candidate)
            if person is None or person.name == quote.candidate:
                # A short form the discourse never met in full: the full name the article gives,
                # for the reader (the confidence is of the form the rules found).
                quote.candidate = names.full_name(quote.candidate) or quote.candidate
            _show(quote, _backed(quote))


def _backed(quote: Quote) -> bool:
    return confidence.backed(quote.attribution or "", quote.support)


def _show(quote: Quote, backed: bool) -> None:
    """The speaker shown: the candidate where such candidates were right often enough on the
    development sets, and the second opinion, where it judges, does not say otherwise (`backed`,
    see confidence.backed). Silence beats a wrong name. A title or a name in quotation marks that
    is no key quote (`dagblad ‘The New York Times’`) is nobody's words: no speaker is shown for it."""
    spoken = quote.key or not is_title(quote.text)
    shown = spoken and backed and quote.candidate is not None and (quote.confidence or 0.0) >= confidence.threshold()
    quote.speaker = quote.candidate if shown else None
    quote.role = quote.candidate_role if shown else None


ACROSS = "other article"
CONFLICT = 0.5  # what a disagreement between articles leaves of a candidate's confidence


def combine_across_articles(articles: list[list[Quote]], min_key_words: int = MIN_KEY_WORDS) -> None:
    """The same quotation in several articles (its words compared without case and punctuation,
    as Quotebank does) is one quotation: where they agree on the speaker the strongest confidence
    holds for all; one that names nobody takes the speaker of another; where they name different
    people every candidate loses confidence (and may no longer be shown)."""
    for same in _same_quotations(articles, min_key_words):
        named = [q for q in same if q.candidate]
        if len(same) < 2 or not named:
            continue
        if len({(q.candidate or "").split()[-1].lower() for q in named}) > 1:
            _disagree(named)
        else:
            _agree(same, named)


def _same_quotations(articles: list[list[Quote]], min_key_words: int) -> list[list[Quote]]:
    """Key-length quotations of their own, grouped by their plain words."""
    groups: dict[str, list[Quote]] = {}
    for quotes in articles:
        for quote in quotes:
            if quote.depth == 0 and len(quote.text.split()) >= min_key_words and not is_title(quote.text):
                groups.setdefault(_plain(quote.text), []).append(quote)
    return list(groups.values())


def _disagree(named: list[Quote]) -> None:
    """Articles name different people: every candidate loses confidence."""
    for quote in named:
        quote.confidence = round((quote.confidence or 0.0) * CONFLICT, 3)
        _show(quote, _backed(quote))


def _agree(same: list[Quote], named: list[Quote]) -> None:
    """Articles name one person: the best candidate, in its fullest form, holds for all."""
    best = max(named, key=lambda q: (q.confidence or 0.0, len(q.candidate or "")))
    best_backed = _backed(best)
    for quote in same:
        backed = best_backed or _backed(quote)  # one outlet's clear attribution answers another's doubt
        if quote.candidate is None:
            quote.candidate, quote.candidate_role = best.candidate, best.candidate_role
            quote.attribution, quote.evidence, quote.support = ACROSS, best.attribution, best.support
            quote.key = True
        elif len((best.candidate or "").split()) > len(quote.candidate.split()):
            quote.candidate = best.candidate  # `Rutte` here, `Mark Rutte` there (the same person: its support holds)
        quote.confidence = max(quote.confidence or 0.0, best.confidence or 0.0)
        _show(quote, backed)


REPEATED = "same quotation"


def _repeated(quotes: list[Quote], min_key_words: int) -> None:
    """A headline's quotation (`Celstraf voor man: ,,Ik was het zat''`) said again in the body
    takes the body's speaker: the same words (case and punctuation aside) in an attributed one."""
    said = [(_plain(q.text), q) for q in quotes if q.candidate and q.depth == 0]
    in_body = [(text, q) for text, q in said if q.paragraph > 0]
    for quote in quotes:
        if _unattributed_own(quote, min_key_words - 1):
            match = _said_elsewhere(quote, said)
        elif _headline_named(quote, min_key_words - 1):
            match = _said_elsewhere(quote, in_body)
        else:
            continue
        if match is not None and match.candidate != quote.candidate:
            quote.candidate, quote.candidate_role = match.candidate, match.candidate_role
            quote.attribution, quote.evidence = REPEATED, match.attribution
            quote.key = not is_title(quote.text)


def _headline_named(quote: Quote, min_words: int) -> bool:
    """A headline's quotation given to the name before its colon (`Jo Creemers (1938-2025): 'Muziek
    was zijn tweede taal'`): the body that says it again names who said it, often someone else
    (his widow, a daughter, the coach of the player in the headline)."""
    return quote.paragraph == 0 and quote.depth == 0 and bool(quote.candidate) and len(quote.text.split()) >= min_words


def _unattributed_own(quote: Quote, min_words: int) -> bool:
    """A quotation of its own, of at least min_words words, no title, with no candidate yet."""
    return not (quote.candidate or quote.depth or len(quote.text.split()) < min_words or is_title(quote.text))


def _said_elsewhere(quote: Quote, said: list[tuple[str, Quote]]) -> Quote | None:
    """The same words, or a headline's (the first paragraph's) words found in a longer quotation."""
    words = _plain(quote.text)
    if not words:
        return None
    headline = quote.paragraph == 0
    same = next((q for text, q in said if q is not quote and (text == words or (headline and f" {words} " in f" {text} "))), None)
    if same is not None or not headline:
        return same
    return next((q for text, q in said if q is not quote and _headline_retells(words, text)), None)


def _headline_retells(headline: str, body: str) -> bool:
    """A headline's quotation that retells a body quotation: the body's words within the
    headline's (`Het bodemleven is de vergeten helft …` for `de vergeten helft …`), or nearly all
    the headline's words in the body's in another order (`Dit wordt een zware dobber` for `Ik
    weet dat dit een zware dobber wordt`); five words or more either way."""
    head, said = headline.split(), body.split()
    if len(said) >= 5 and f" {body} " in f" {headline} ":
        return True
    return len(head) >= 5 and sum(w in set(said) for w in head) >= 0.85 * len(head)


def _plain(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _outside_quotes(text: str, spans: list[QuoteSpan]) -> str:
    """The paragraph with its quotations (marks included) blanked out, offsets kept."""
    chars = list(text)
    for span in spans:
        if span.depth == 0:
            chars[span.mark_start : span.mark_end] = " " * (span.mark_end - span.mark_start)
    return "".join(chars)


def _spans_by_sentence(paragraph: Paragraph) -> dict[int, list[QuoteSpan]]:
    """Each quotation belongs to the sentence in which its opening mark stands; found by
    bisection, so long paragraphs stay linear."""
    starts = [s.start for s in paragraph.sentences]
    out: dict[int, list[QuoteSpan]] = {}
    for span in find_quote_spans(paragraph.text):
        index = max(0, bisect.bisect_right(starts, span.mark_start) - 1)
        out.setdefault(index, []).append(span)
    return out


def _quote(place: _Place, span: QuoteSpan, disc: Discourse, before: _Before, interviewee: str | bool | None, min_key_words: int) -> Quote:
    text = place.paragraph.text
    quoted = text[span.start : span.end]
    who = _speaker(place, span, quoted, _Clue(disc, before, interviewee, place.s_index == 0)) if span.depth == 0 else None
    heard = _Heard(quoted, who, span, place.sentence, text, min_key_words)
    key = span.depth == 0 and who is not None and any(rule.test(heard) for rule in KEY_LENGTH_RULES) and not is_title(quoted)
    return Quote(
        "", place.p_index, span.start, span.end, quoted, span.depth, span.closed,
        None, None, key, who.how if who else None,
        who.name if who else None, who.role if who else None, who.evidence if who else None,
    )


class _Clue(NamedTuple):
    """What is known before a quotation's own sentence: the discourse and the sentence before."""

    disc: Discourse
    before: _Before
    interviewee: str | bool | None
    first_in_paragraph: bool


class _Around(NamedTuple):
    """A quotation's own sentence: the words before its opening mark and after its closing one."""

    head: str
    tail: str
    clue: _Clue


class _SpeakerRule(NamedTuple):
    name: str
    applies: Callable[[_Around], bool]
    speaker: Callable[[_Around], Speaker | None]


def _said_goes_on(around: _Around) -> Speaker | None:
    said = around.clue.before.said
    return Speaker(said.name, said.role, PREVIOUS_SENTENCE, "said, sentence goes on") if said else None


# Where the quotation's own sentence names no speaker (attribution.in_sentence found none): the
# first rule that applies.
SPEAKER_RULES: tuple[_SpeakerRule, ...] = (
    # The sentence names a speaker that cannot be trusted: silence, not a guess.
    _SpeakerRule("an untrusted speaker in the sentence", lambda a: attributed_in_sentence(a.head, a.tail), lambda a: None),
    _SpeakerRule(
        "quotation opening its sentence: speaker from the text before",
        lambda a: not a.head.strip(" \"'“„‘«,"),
        lambda a: _from_context(a.clue.before, a.clue.disc, a.clue.interviewee, a.clue.first_in_paragraph),
    ),
    # Reported speech goes on: `Daarin zei hij dat …. Sindsdien heeft de ‘…’ …` (not where the
    # sentence has a speaker of its own: `Een VN-coördinator zei dat de hulp ‘…’`).
    _SpeakerRule(
        "reported speech going on from the sentence before",
        lambda a: a.clue.before.said is not None and not _UNNAMED_SAYS.search(a.head),
        _said_goes_on,
    ),
)


def _speaker(place: _Place, span: QuoteSpan, quoted: str, clue: _Clue) -> Speaker | None:
    """The speaker of a quotation of its own: named in its sentence, else by SPEAKER_RULES; vetted."""
    text = place.paragraph.text
    head = text[place.sentence.start : max(place.sentence.start, span.mark_start)]
    last = _sentence_at(place.paragraph.sentences, max(span.start, span.end - 1))
    tail = text[min(span.mark_end, len(text)) : max(last.end, span.mark_end)]
    who = in_sentence(head, tail, clue.disc)
    if who is None:
        around = _Around(head, tail, clue)
        who = next((rule.speaker(around) for rule in SPEAKER_RULES if rule.applies(around)), None)
    if who is NOBODY or who is None:
        return None
    who = vet(who, clue.disc)
    if who is not None and _words(who.name) <= _words(quoted):
        return None  # the "speaker" is the quotation's own words: no attribution
    return who


class _Heard(NamedTuple):
    """A quotation with its speaker, as the key-quote rules see it."""

    quoted: str
    who: Speaker | None
    span: QuoteSpan
    sentence: Sentence
    text: str  # the paragraph
    min_key_words: int

    @property
    def words(self) -> int:
        return len(self.quoted.split())

    @property
    def full_sentence_first(self) -> bool:
        """A capital first, and its opening mark opens the sentence."""
        return self.quoted[:1].isupper() and self.span.mark_start == self.sentence.start


class _KeyRule(NamedTuple):
    name: str
    test: Callable[[_Heard], bool]


def _short_said_in_sentence(h: _Heard) -> bool:
    return (
        h.min_key_words - 2 <= h.words <= h.min_key_words - 1 and h.full_sentence_first
        and h.who is not None and h.who.how in (SAME_SENTENCE, PRONOUN, ROLE)
    )


def _short_alone_after_speaker(h: _Heard) -> bool:
    return (
        h.words == h.min_key_words - 1 and h.quoted.rstrip()[-1:] in ".!?" and h.full_sentence_first
        and h.who is not None and h.who.how == PREVIOUS_SENTENCE and not h.text[h.span.mark_end : h.sentence.end].strip()
    )


def _short_alone_going_on(h: _Heard) -> bool:
    return (
        h.words == h.min_key_words - 1 and h.quoted.rstrip()[-1:] in ".!?" and h.full_sentence_first
        and h.who is not None and h.who.how == CONTINUES and h.who.evidence == "same paragraph"
        and not h.text[h.span.mark_end : h.sentence.end].strip()
    )


def _short_complete_sentence(h: _Heard) -> bool:
    """`zei hij alleen: "Daar ga ik niks over zeggen."`, `"Klopt."`, `‘Nee.’` (an answer): a
    complete sentence of its own (a capital first, a full stop, ! or ? last) is a key quote
    however short, where its speaker was found."""
    return h.who is not None and h.quoted[:1].isupper() and h.quoted.rstrip()[-1:] in ".!?"


# A quotation with a speaker is long enough to be a key quote where one of these holds.
KEY_LENGTH_RULES: tuple[_KeyRule, ...] = (
    _KeyRule("at least the key quote's words", lambda h: h.words >= h.min_key_words),
    # `,,Hun aanpak rendeert'', concludeert Aalberts.`: a short full sentence, said.
    _KeyRule("short full sentence said in its sentence", _short_said_in_sentence),
    # `Zij reageerde kort. ‘We zullen zien.’`: a short full sentence standing alone, its speaker
    # the subject of the sentence before.
    _KeyRule("short full sentence alone after its speaker", _short_alone_after_speaker),
    # `‘Zij gelooft nog dat het kan’, zegt ze later. ‘Ik niet meer.’`: a short full sentence that
    # goes on from its speaker's quotation in the same paragraph.
    _KeyRule("short full sentence going on", _short_alone_going_on),
    _KeyRule("short complete sentence", _short_complete_sentence),
)


class _ContextRule(NamedTuple):
    name: str
    speaker: Callable[[_Clue], Speaker | None]  # None: the rule does not apply


def _interview_answer(c: _Clue) -> Speaker | None:
    if not (c.before.question and c.first_in_paragraph and isinstance(c.interviewee, str)):
        return None
    person = c.disc.find(c.interviewee)
    return Speaker(c.interviewee, person.role if person else None, INTERVIEW)


def _speech_before(c: _Clue) -> Speaker | None:
    said = c.before.said
    return Speaker(said.name, said.role, PREVIOUS_SENTENCE, "said") if said else None


def _spokesperson_before(c: _Clue) -> Speaker | None:
    body = c.before.body
    return Speaker(body.name, body.role, PREVIOUS_SENTENCE, "spokesperson, subject before") if body is not None else None


def _person_before(c: _Clue) -> Speaker | None:
    subject = c.before.subject
    # A person: a full name, a first name of known gender, or a name the text gave an age (`Wil (81)`).
    if subject is None or c.before.quoted or subject.organisation or subject.dead or not (len(subject.name.split()) > 1 or subject.gender or subject.age):
        return None
    where = "subject, paragraph before" if c.first_in_paragraph else "subject"
    return Speaker(subject.name, subject.role, PREVIOUS_SENTENCE, where)


def _speaker_goes_on(c: _Clue) -> Speaker | None:
    last = c.disc.last_speaker
    if last is None or c.disc.others_since_speaker:
        return None
    person = c.disc.find(last.name)
    where = "next paragraph" if c.first_in_paragraph else "same paragraph"
    return Speaker(last.name, person.role if person else last.role, CONTINUES, where)


# A quotation that opens its sentence and names nobody: the speaker from the text before, by the
# first of these that finds one.
CONTEXT_RULES: tuple[_ContextRule, ...] = (
    _ContextRule("interview answer after a question", _interview_answer),
    _ContextRule("reported speech in the sentence before", _speech_before),  # `…, zei X. ‘…’`
    # `Een woordvoerder van het ministerie wil niet ingaan op ‘…’. ‘…’`: the body speaks on.
    _ContextRule("spokesperson the sentence before was about", _spokesperson_before),
    # A person (not a place or a product) the sentence before was about.
    _ContextRule("person the sentence before was about", _person_before),
    # The speaker goes on across narrative that names no one else.
    _ContextRule("last speaker goes on", _speaker_goes_on),
)


def _from_context(before: _Before, disc: Discourse, interviewee: str | bool | None, first_in_paragraph: bool) -> Speaker | None:
    """A quotation that opens its sentence and names nobody: the speaker from the text before."""
    clue = _Clue(disc, before, interviewee, first_in_paragraph)
    return next((found for rule in CONTEXT_RULES if (found := rule.speaker(clue)) is not None), None)


def _sentence_at(sentences: list[Sentence], offset: int) -> Sentence:
    starts = [s.start for s in sentences]
    return sentences[max(0, bisect.bisect_right(starts, offset) - 1)]


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text)}

