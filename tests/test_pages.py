"""Pages to articles: the named rules that tell a page that is not the article, and the block
reader's opening tags."""

from __future__ import annotations

import pytest

from briefing.errors import InputError
from briefing.ingest.pages import NOT_ARTICLES, extract, html_blocks

SENTENCE = "De minister zei in Den Haag dat het kabinet doorgaat na lang overleg met de partijen."


def page(*paragraphs: str, head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>Kabinet valt</title>{head}</head><body><article>{body}</article></body></html>"


ARTICLE = page(*(f"{SENTENCE} {i}" for i in range(8)))
EXAMPLES = {
    # rule name: (a page it refuses, the start of its reason), a page like it that it keeps
    "consent wall": (
        (page("Wij en onze partners gebruiken cookies. Geef u toestemming? Klik op akkoord om cookies te accepteren, "
              "privacy en consent instellingen wijzigen. Accepteer cookies of weigeren. Uw privacy, cookies, partners."),
         "a consent or cookie wall, not the article"),
        page(*(f"De toezichthouder beboette het bedrijf voor cookies zonder toestemming van bezoekers. {i}" for i in range(8))),
    ),
    "paywall teaser": (
        (page(SENTENCE, SENTENCE + " 2", SENTENCE + " 3", "Dit artikel is alleen voor abonnees."), "a paywall teaser ("),
        ARTICLE,
    ),
    "too little text": ((page("Kort bericht."), "too little text (13 characters)"), ARTICLE),
}


def test_every_rule_has_examples():
    assert [rule.name for rule in NOT_ARTICLES] == list(EXAMPLES)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_a_page_that_is_not_the_article_is_refused_by_its_rule(name):
    (refused, reason), kept = EXAMPLES[name]
    with pytest.raises(InputError) as caught:
        extract(refused, None, "page.html")
    assert caught.value.reason.startswith(reason)
    assert extract(kept, None, "page.html").blocks


def test_a_consent_url_is_refused_before_the_page_is_read():
    with pytest.raises(InputError, match="consent or cookie wall"):
        extract(ARTICLE, "https://myprivacy.dpgmedia.nl/consent?callbackUrl=x", "u")


@pytest.mark.parametrize("html,blocks", [
    ("<h3>Sub</h3><p>Tekst</p>", [("h3", "Sub"), ("p", "Tekst")]),  # a heading's level
    ("<ol start='1986'><li>Dat jaar</li><li>Erna</li></ol>", [("p", "1986. Dat jaar"), ("p", "1987. Erna")]),  # numbering
    ("<ul><li>Punt</li></ul>", [("p", "Punt")]),  # bullets: no number
    ("<ol start='x'><li>Een</li></ol>", [("p", "Een")]),  # a start that is not a number: bullets
    ("<p>Tekst<script>x()</script><svg><text>nee</text></svg> verder</p>", [("p", "Tekst verder")]),  # skipped
    ("<p>regel<br>regel</p>", [("p", "regel\nregel")]),
])
def test_block_reader_opening_tags(html, blocks):
    assert html_blocks(html) == blocks
