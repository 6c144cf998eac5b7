"""Ad hoc translation of one text (`briefing translate`): the pipeline over one article, with
the same translator (memory, glossary) as a build."""

from __future__ import annotations

from briefing import pipeline
from briefing.ingest.articles import parse_article
from briefing.output.assemble import article_record
from briefing.translate.translator import Translation


def translate_text(text: str, translation: Translation, bilingual: bool = False) -> str:
    """English for a Dutch text, paragraph for paragraph; or side-by-side Markdown."""
    [document] = pipeline.run([parse_article("<text>", text)], translation)
    record = article_record(document)
    if bilingual:
        from briefing.output.templates import render_template

        return render_template("translation.md.j2", a=record).strip() + "\n"
    lines = [" ".join(s["en"] for s in p["sentences"]) for p in record["paragraphs"]]
    return "\n\n".join(lines) + "\n"
