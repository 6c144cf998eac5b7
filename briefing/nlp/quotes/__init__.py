"""Stage 4: find quotations in Dutch news text, decide which are key quotes, attribute speakers.

Three parts, each a module: `marks` finds where quotations open and close, `lexicon` holds the
Dutch words and chunks names out of text, `attribution` keeps a model of the discourse and names
the speaker. This module walks an article sentence by sentence and puts them together.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from briefing.nlp.quotes import confidence
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


_ADDRESS = re.compile(r"\b(?:[Uu]|[Uu]w|[Jj]ij|[Jj]ouw)\b")


def _is_question(paragraph: Paragraph, interview: bool = False) -> bool:
    """An interviewer's line: a short paragraph that ends in a question outside any quotation
    (`Recensent X schreef dat het boek ‘te lief’ is. Herkent u dat?`: the short quotation is
    the interviewer's); in an interview also one that addresses the interviewee (`Uw zus heeft
    laten weten dat …`) without quoting anyone at length."""
    text = paragraph.text.strip()
    if paragraph.kind != "paragraph" or len(paragraph.sentences) > 3:
        return False
    spans = [s for s in find_quote_spans(text) if s.depth == 0]
    if any(len(text[s.start : s.end].split()) >= 2 * MIN_KEY_WORDS for s in spans):
        return False  # someone quoted at length: reportage, not a question
    if text.endswith("?") and not any(s.mark_end >= len(text.rstrip("?")) - 1 for s in spans):
        return len(paragraph.sentences) <= 2 or not spans
    outside = _outside_quotes(text, spans)
    return interview and not spans and len(paragraph.sentences) <= 2 and _ADDRESS.search(outside) is not None


def find_quotes(paragraphs: list[Paragraph], min_key_words: int = MIN_KEY_WORDS) -> list[Quote]:
    """Every quotation of an article, with key status, speaker, role and how it was found."""
    quotes: list[Quote] = []
    disc = Discourse(capitalised_inside=_capitalised_inside(paragraphs))
    interviewee: str | bool | None = False  # found on the first question, once
    before = _Before()
    for p_index, paragraph in enumerate(paragraphs):
        if paragraph.kind == "heading":
            continue
        question = _is_question(paragraph, interview=isinstance(interviewee, str))
        if question and interviewee is False:
            interviewee = _interviewee(paragraphs, disc)
        spans_by_sentence = _spans_by_sentence(paragraph)
        outside = _outside_quotes(paragraph.text, [s for spans in spans_by_sentence.values() for s in spans])
        for s_index, sentence in enumerate(paragraph.sentences):
            # Who the sentence names outside its quotations is known before they are attributed
            # ("Kim Jong-un stuurde …, waarin hij beloofde “…”"); names inside a quotation are
            # the speaker's words, not the narrative's.
            subject = learn(outside[sentence.start : sentence.end], disc, sentence.text)
            body = None if subject is not None else spokesperson_subject(outside[sentence.start : sentence.end], disc)
            own: list[Quote] = []
            for span in spans_by_sentence.get(s_index, []):
                quote = _quote(paragraph, p_index, sentence, span, disc, _Before() if question else before, None if question else interviewee, s_index, min_key_words)
                if question and quote.attribution != SAME_SENTENCE:
                    # The interviewer's line: a quotation in it is attributed by its own sentence
                    # (`Recensent X schreef dat het boek ‘te lief’ is`) or not at all.
                    quote.key, quote.attribution, quote.candidate, quote.candidate_role, quote.evidence = False, None, None, None, None
                quotes.append(quote)
                if span.depth == 0:
                    own.append(quote)
            if question:
                continue
            attributed = [q for q in own if q.candidate]
            said = None if own else sentence_speaker(sentence.text, disc)
            if attributed:
                last = attributed[-1]
                disc.spoke(Speaker(last.candidate or "", last.candidate_role, last.attribution or ""))
            elif said:
                disc.spoke(said)
            elif body is not None:
                disc.others_since_speaker = True  # a spokesperson is now in play, not the last speaker
            elif not own and _PRONOUN_SAYS.search(sentence.text):
                # `Vanochtend zei ze iets …` where `ze` is nobody met: someone else speaks now,
                # not the last speaker.
                disc.others_since_speaker = True
            before = _Before(said=said, subject=subject, quoted=bool(own), body=body)
        if question:
            before = _Before(question=True)
    _repeated(quotes, min_key_words)
    for n, quote in enumerate(quotes, start=1):
        quote.id = f"q{n}"
        if quote.candidate:
            # `Zaev` before the article gave `premier Zoran Zaev`, `De Bruin` for `Kim de Bruin`:
            # the full name, as the article gives it.
            person = disc.find(quote.candidate)
            if person and len(person.name) > len(quote.candidate):
                quote.candidate = person.name
            quote.confidence = confidence.of(quote.attribution or "", quote.evidence or "", quote.candidate)
            _show(quote)
    return quotes


def _show(quote: Quote) -> None:
    """The speaker shown: the candidate where such candidates were right often enough on the
    development sets. Silence beats a wrong name."""
    shown = quote.candidate is not None and (quote.confidence or 0.0) >= confidence.threshold()
    quote.speaker = quote.candidate if shown else None
    quote.role = quote.candidate_role if shown else None


ACROSS = "other article"
CONFLICT = 0.5  # what a disagreement between articles leaves of a candidate's confidence


def combine_across_articles(articles: list[list[Quote]], min_key_words: int = MIN_KEY_WORDS) -> None:
    """The same quotation in several articles (its words compared without case and punctuation,
    as Quotebank does) is one quotation: where they agree on the speaker the strongest confidence
    holds for all; one that names nobody takes the speaker of another; where they name different
    people every candidate loses confidence (and may no longer be shown)."""
    groups: dict[str, list[Quote]] = {}
    for quotes in articles:
        for quote in quotes:
            if quote.depth == 0 and len(quote.text.split()) >= min_key_words and not is_title(quote.text):
                groups.setdefault(_plain(quote.text), []).append(quote)
    for same in groups.values():
        if len(same) < 2:
            continue
        named = [q for q in same if q.candidate]
        if not named:
            continue
        people = {(q.candidate or "").split()[-1].lower() for q in named}
        if len(people) > 1:
            for quote in named:
                quote.confidence = round((quote.confidence or 0.0) * CONFLICT, 3)
                _show(quote)
            continue
        best = max(named, key=lambda q: (q.confidence or 0.0, len(q.candidate or "")))
        for quote in same:
            if quote.candidate is None:
                quote.candidate, quote.candidate_role = best.candidate, best.candidate_role
                quote.attribution, quote.evidence = ACROSS, best.attribution
                quote.key = True
            elif len((best.candidate or "").split()) > len(quote.candidate.split()):
                quote.candidate = best.candidate  # `Rutte` here, `Mark Rutte` there
            quote.confidence = max(quote.confidence or 0.0, best.confidence or 0.0)
            _show(quote)


REPEATED = "same quotation"


def _repeated(quotes: list[Quote], min_key_words: int) -> None:
    """A headline's quotation (`Celstraf voor man: ,,Ik was het zat''`) said again in the body
    takes the body's speaker: the same words (case and punctuation aside) in an attributed one."""
    said = [(_plain(q.text), q) for q in quotes if q.candidate and q.depth == 0]
    for quote in quotes:
        if quote.candidate or quote.depth or len(quote.text.split()) < min_key_words - 1 or is_title(quote.text):
            continue
        words = _plain(quote.text)
        # The same words, or a headline's (the first paragraph's) words found in a longer quotation.
        match = next(
            (q for text, q in said if q is not quote and words and (text == words or (quote.paragraph == 0 and f" {words} " in f" {text} "))),
            None,
        )
        if match is not None:
            quote.candidate, quote.candidate_role = match.candidate, match.candidate_role
            quote.attribution, quote.evidence = REPEATED, match.attribution
            quote.key = not is_title(quote.text)


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


def _quote(
    paragraph: Paragraph,
    p_index: int,
    sentence: Sentence,
    span: QuoteSpan,
    disc: Discourse,
    before: _Before,
    interviewee: str | bool | None,
    s_index: int,
    min_key_words: int,
) -> Quote:
    text = paragraph.text
    quoted = text[span.start : span.end]
    who: Speaker | None = None
    if span.depth == 0:
        head = text[sentence.start : max(sentence.start, span.mark_start)]
        last = _sentence_at(paragraph.sentences, max(span.start, span.end - 1))
        tail = text[min(span.mark_end, len(text)) : max(last.end, span.mark_end)]
        who = in_sentence(head, tail, disc)
        if who is None and attributed_in_sentence(head, tail):
            pass  # the sentence names a speaker that cannot be trusted: silence, not a guess
        elif who is None and not head.strip(" \"'“„‘«,"):
            who = _from_context(before, disc, interviewee, first_in_paragraph=s_index == 0)
        elif who is None and before.said and not _UNNAMED_SAYS.search(head):
            # Reported speech goes on: `Daarin zei hij dat …. Sindsdien heeft de ‘…’ …` (not where
            # the sentence has a speaker of its own: `Een VN-coördinator zei dat de hulp ‘…’`).
            who = Speaker(before.said.name, before.said.role, PREVIOUS_SENTENCE, "said, sentence goes on")
        if who is NOBODY:
            who = None
        elif who is not None:
            who = vet(who, disc)
        if who is None:
            pass
        elif who and _words(who.name) <= _words(quoted):
            who = None  # the "speaker" is the quotation's own words: no attribution
    long_enough = len(quoted.split()) >= min_key_words or (
        # `,,Hun aanpak rendeert'', concludeert Aalberts.`: a short full sentence, said.
        min_key_words - 2 <= len(quoted.split()) <= min_key_words - 1 and quoted[:1].isupper() and who is not None
        and who.how in (SAME_SENTENCE, PRONOUN, ROLE) and span.mark_start == sentence.start
    ) or (
        # `Zij reageerde kort. ‘We zullen zien.’`: a short full sentence standing alone, its
        # speaker the subject of the sentence before.
        len(quoted.split()) == min_key_words - 1 and quoted[:1].isupper() and quoted.rstrip()[-1:] in ".!?"
        and who is not None and who.how == PREVIOUS_SENTENCE and span.mark_start == sentence.start
        and not text[span.mark_end : sentence.end].strip()
    )
    key = span.depth == 0 and who is not None and long_enough and not is_title(quoted)
    return Quote(
        "", p_index, span.start, span.end, quoted, span.depth, span.closed,
        None, None, key, who.how if who else None,
        who.name if who else None, who.role if who else None, who.evidence if who else None,
    )


# `Een VN-coördinator in Damascus zei dat …`: someone unnamed says it, in the quotation's own sentence.
_UNNAMED_SAYS = re.compile(rf"(?:^|[,;]\s*|\s)[Ee]en\s+[^,.;:]{{2,60}}?\s+(?:{lx.VERB.pattern})")


# A reporting verb with a pronoun as its subject (`zei ze`, `Ze zei`), its referent unresolved.
_PRONOUN_SAYS = re.compile(rf"(?:{lx.VERB.pattern})\s+(?:ze|zij|hij)\b|\b(?:[Zz]e|[Zz]ij|[Hh]ij)\s+(?:{lx.VERB.pattern})")


def _from_context(before: _Before, disc: Discourse, interviewee: str | bool | None, first_in_paragraph: bool) -> Speaker | None:
    """A quotation that opens its sentence and names nobody: the speaker from the text before."""
    if before.question and first_in_paragraph and isinstance(interviewee, str):
        person = disc.find(interviewee)
        return Speaker(interviewee, person.role if person else None, INTERVIEW)
    if before.said:
        return Speaker(before.said.name, before.said.role, PREVIOUS_SENTENCE, "said")
    if before.body is not None:
        # `Een woordvoerder van het ministerie wil niet ingaan op ‘…’. ‘…’`: the body speaks on.
        return Speaker(before.body.name, before.body.role, PREVIOUS_SENTENCE, "spokesperson, subject before")
    subject = before.subject
    if subject is not None and not before.quoted and not subject.organisation and (len(subject.name.split()) > 1 or subject.gender):
        # A person (not a place or a product) the sentence before was about.
        where = "subject, paragraph before" if first_in_paragraph else "subject"
        return Speaker(subject.name, subject.role, PREVIOUS_SENTENCE, where)
    if disc.last_speaker is not None and not disc.others_since_speaker:
        # The speaker goes on across narrative that names no one else.
        person = disc.find(disc.last_speaker.name)
        where = "next paragraph" if first_in_paragraph else "same paragraph"
        return Speaker(disc.last_speaker.name, person.role if person else disc.last_speaker.role, CONTINUES, where)
    return None


def _sentence_at(sentences: list[Sentence], offset: int) -> Sentence:
    starts = [s.start for s in sentences]
    return sentences[max(0, bisect.bisect_right(starts, offset) - 1)]


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text)}

