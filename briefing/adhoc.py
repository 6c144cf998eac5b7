"""Ad hoc translation of one text (`briefing translate`): the same stages as a briefing."""

from __future__ import annotations

from briefing.articles import parse_article
from briefing.assemble import Processed, article_record, segments_to_translate
from briefing.quotes import find_quotes
from briefing.segment import segment_article
from briefing.translate import Translator, translate_unique


def translate_text(text: str, translator: Translator, bilingual: bool = False) -> str:
    """English for a Dutch text, paragraph for paragraph; or side-by-side Markdown."""
    article = parse_article("<text>", text)
    paragraphs = segment_article(article)
    item = Processed(article, paragraphs, find_quotes(paragraphs))
    english = translate_unique(segments_to_translate([item]), translator)
    record = article_record(item, english)
    if bilingual:
        from briefing.render import render_template

        return render_template("translation.md.j2", a=record).strip() + "\n"
    lines = [" ".join(s["en"] for s in p["sentences"]) for p in record["paragraphs"]]
    return "\n\n".join(lines) + "\n"
