"""The pipeline: read → segment → quotes → translate → qa, each step filling in the documents.

    documents, rejected = read(inputs)          # ingest: one Document per article
    analyse(documents)                          # nlp: paragraphs and sentences, quotes, speakers
    with open_translator(config) as translation:
        finish(documents, translation)          # translate, then qa
    assemble(documents, …)                      # output: the briefing, made once

`build`, `archive`, `translate` (`translate_text`), `eval-quotes` and the desk all run these
steps; they differ only in what they read and where the finished documents go. `analyse` needs no
model (CPU only), so `build` can choose its articles (dates, topic) before anything is translated,
and the archive can analyse on CPU workers and translate on model workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.document import Document, English, role_id
from briefing.errors import InputError
from briefing.ingest.articles import MAX_ARTICLE_BYTES, Article

if TYPE_CHECKING:
    from briefing.qa.words import WordCache
    from briefing.translate.glossary import Glossary
    from briefing.translate.translator import Translation


# --- read ---------------------------------------------------------------------------------------


def read(inputs: Sequence[str | Path], max_bytes: int = MAX_ARTICLE_BYTES) -> tuple[list[Document], list[InputError]]:
    """A document for every article of every input; bad inputs come back as errors."""
    from briefing.ingest.inputs import read_inputs

    articles, rejected = read_inputs(inputs, max_bytes)
    return [Document(article) for article in articles], rejected


# --- segment, quotes (no model) -----------------------------------------------------------------


def segment(document: Document) -> Document:
    """Paragraphs and their sentences."""
    from briefing.nlp.segment import segment_article

    document.paragraphs = segment_article(document.article)
    return document


def find_quotes(document: Document) -> Document:
    """Quotations, their speakers and roles, each with how it was found and its confidence."""
    from briefing.nlp.quotes import find_quotes as quotations

    document.quotes = quotations(document.paragraphs)
    return document


def combine_quotes(documents: Sequence[Document]) -> None:
    """One quotation in several outlets is one quotation: their attributions are combined."""
    from briefing.nlp.quotes import combine_across_articles

    combine_across_articles([d.quotes for d in documents])


def analyse(documents: Sequence[Document], across: bool = True) -> list[Document]:
    """Segment each document and find its quotes; with `across`, combine the attributions of
    the same quotation over the documents (the archive reads articles one by one: it does not)."""
    from briefing.nlp import namebook

    for document in documents:
        find_quotes(segment(document))
    if across:
        combine_quotes(documents)
        namebook.save_learnt()  # the words looked up for the names, for the next run
    return list(documents)


def read_analysed(inputs: Sequence[str | Path], max_bytes: int = MAX_ARTICLE_BYTES) -> tuple[list[Document], list[InputError]]:
    """`read`, then `analyse`: what `eval-quotes` and the quote benchmarks score."""
    documents, rejected = read(inputs, max_bytes)
    return analyse(documents), rejected


def analysed(article: Article) -> Document:
    """One article, read and analysed on its own (the desk, `translate`, the archive's workers)."""
    return analyse([Document(article)], across=False)[0]


# --- translate ----------------------------------------------------------------------------------


def english_for(translation: Translation, texts: Iterable[str]) -> dict[str, English]:
    """Dutch segment → its English and how it was made, through the memory, the glossary and the
    engine (loaded only if the memory does not have everything)."""
    english = translation.translate_texts(list(texts))
    quality, origins = translation.quality, translation.origins
    return {nl: English(en, *quality.get(nl, (None, False)), origins.get(nl, "model")) for nl, en in english.items()}


def fill_english(document: Document, english: Mapping[str, English], glossary: Glossary | None) -> None:
    """The document's segments take their English; its speakers their names in the glossary's
    English (names are not translated: Vladimir Poetin → Vladimir Putin; no glossary: as they are)."""
    for seg in document.segments():
        if seg.nl in english:
            document.english[seg.id] = english[seg.nl]
    # A role shown with a quote that is not key (not translated for itself) reads in English where
    # the same words were translated as another quote's role.
    for quote in document.quotes:
        if quote.role and role_id(quote.id) not in document.english and quote.role in english:
            document.english[role_id(quote.id)] = english[quote.role]
    document.speakers_en = {q.speaker: glossary.enforce(q.speaker) if glossary else q.speaker
                            for q in document.quotes if q.speaker}


def translate(documents: Sequence[Document], translation: Translation) -> None:
    """Every segment of every document in English, in one call (the engine batches across
    articles); speakers' names in the glossary's English."""
    english = english_for(translation, (s.nl for d in documents for s in d.segments()))
    for document in documents:
        fill_english(document, english, translation.glossary)


# --- qa -----------------------------------------------------------------------------------------


def check(documents: Sequence[Document], glossary: Mapping[str, str], words: WordCache | None) -> None:
    """Each sentence's QA flags against its Dutch and the glossary the translation applied. A
    person's translation is theirs: it is never flagged."""
    from briefing.qa import checks as qa

    for document in documents:
        for seg in document.segments():
            if seg.kind != "sentence":
                continue
            english = document.english_of(seg.id)
            document.flags[seg.id] = [] if english.origin == "human" else qa.flags(seg.nl, english.text, glossary, words)


def checked(documents: Sequence[Document], glossary: Mapping[str, str]) -> None:
    """`check` with the user's QA word cache, opened and saved around it (so a rebuild loads no
    word lists)."""
    from briefing.qa.words import WordCache

    words = WordCache.open()
    check(documents, glossary, words)
    words.save()


def finish(documents: Sequence[Document], translation: Translation, words: WordCache | None = None) -> None:
    """Translate and check analysed documents: what every command does after `analyse`."""
    translate(documents, translation)
    if words is None:
        checked(documents, translation.glossary.terms)
    else:
        check(documents, translation.glossary.terms, words)


def run(articles: Iterable[Article], translation: Translation) -> list[Document]:
    """Articles to finished documents, on their own (no attributions combined across them)."""
    from briefing.nlp import namebook

    documents = [analysed(article) for article in articles]
    namebook.save_learnt()
    finish(documents, translation)
    return documents
