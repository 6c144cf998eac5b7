"""Beyond a translator: stories across outlets, the glossary, QA flags."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import pytest
from conftest import SEEDS

from briefing.build import BuildConfig, build
from briefing.ingest.articles import ArticleDate
from briefing.nlp.stories import find_stories, within_window
from briefing.qa import checks as qa
from briefing.testing import StandInTranslator
from briefing.translate.glossary import Glossary
from briefing.translate.translator import TranslationConfig

# The shipped glossary, as a build and `briefing qa` pass it.
TERMS = Glossary.load().terms


def flags(dutch: str, english: str) -> list[str]:
    return qa.flags(dutch, english, TERMS)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    out = tmp_path_factory.mktemp("b")
    return build(BuildConfig(inputs=[str(SEEDS)], out_dir=out, translation=TranslationConfig(use_memory=False)), translator=StandInTranslator()), out


def test_seeds_000_001_004_are_one_story_and_002_003_stand_alone(seeds):
    result, _ = seeds
    stories = sorted(sorted(st["articles"]) for st in result.briefing["stories"])
    assert stories == [
        ["000_389d9e1b5c113a52.txt", "001_cf2fe929c1a1d71d.txt", "004_c76e3edbcc474e31.txt"],
        ["002_d8ab9aa0361ed7ca.txt"],
        ["003_ebc90e590734d92f.txt"],
    ]


def test_story_shown_once_with_sources_and_merged_key_quotes(seeds):
    result, out = seeds
    story = next(st for st in result.briefing["stories"] if len(st["articles"]) == 3)
    assert len(story["sources"]) == 3
    assert len(story["key_quotes"]) == 5  # 2 from 000, 3 from 001, 0 from 004
    html = (out / "briefing.html").read_text()
    assert html.count("One story, 3 reports") == 1
    articles = [a["name"] for g in result.briefing["groups"] for a in g["articles"]]
    first = articles.index("000_389d9e1b5c113a52.txt")
    assert articles[first : first + 3] == story["articles"]  # each article stays, together


def test_at_a_glance_has_one_line_per_story(seeds):
    result, out = seeds
    html = (out / "briefing.html").read_text()
    glance = html.split('<section class="glance"')[1].split("</section>")[0]
    assert glance.count("<li>") == len(result.briefing["stories"]) == 3
    md = (out / "briefing.md").read_text()
    assert md.split("## At a glance")[1].split("## Contents")[0].count("\n- ") == 3


def test_same_words_months_apart_are_two_stories():
    text = "Poetin en Kim Jong-un tekenen een verdrag over wapens en samenwerking in Pyongyang."
    dates = [ArticleDate(2024, 6, 1), ArticleDate(2024, 9, 1)]
    assert find_stories([text, text], dates) == [[0], [1]]
    assert find_stories([text, text], [ArticleDate(2024, 6, 1), ArticleDate(2024, 6, 5)]) == [[0, 1]]


def test_date_window_at_each_precision():
    assert within_window(ArticleDate(2022, 8), ArticleDate(2022, 8, 20))
    assert within_window(ArticleDate(2022, 8, 30), ArticleDate(2022, 9, 5))
    assert not within_window(ArticleDate(2022, 8, 1), ArticleDate(2022, 8, 20))
    assert not within_window(None, ArticleDate(2022, 8))


def test_glossary_honoured_in_every_english_sentence_with_a_term(seeds):
    result, _ = seeds
    glossary = Glossary.load()
    checked = 0
    for group in result.briefing["groups"]:
        for a in group["articles"]:
            for p in a["paragraphs"]:
                for s in p["sentences"]:
                    for nl_term, en_term in glossary.terms_in(s["nl"]).items():
                        assert en_term in s["en"], (s["nl"], s["en"])
                        if nl_term != en_term:
                            assert nl_term not in s["en"].replace(en_term, "")
                        checked += 1
    assert checked > 40
    listed = {t["nl"]: t["en"] for t in result.briefing["glossary"]}
    assert listed["Poetin"] == "Putin" and listed["Loehansk"] == "Luhansk" and listed["Doema"] == "Duma"


class Reverting(StandInTranslator):
    """A model that ignores what it is given and writes the Dutch name again."""

    signature: ClassVar[dict[str, Any]] = {"model": "reverting", "backend": "stand-in", "beam_size": 0}

    def translate(self, texts):
        return [t.replace("Putin", "Poetin") for t in texts]


def test_glossary_post_edit_catches_a_model_that_ignores_it(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2024-06 Poetins bezoek aan Oekraïne was kort.")
    result = build(BuildConfig(inputs=[str(tmp_path / "a.txt")], out_dir=tmp_path / "o", translation=TranslationConfig(use_memory=False)), translator=Reverting())
    (row,) = result.briefing["groups"][0]["articles"][0]["paragraphs"][0]["sentences"]
    assert row["en"] == "Putin's bezoek aan Ukraine was kort."


@pytest.mark.parametrize("suffix,content", [
    (".tsv", "# mine\nKiev\tKyiv\nPoetin\tPoutine\n"),
    (".toml", '[terms]\n"Kiev" = "Kyiv"\n"Poetin" = "Poutine"\n'),
])
def test_user_glossary_adds_and_overrides(tmp_path, suffix, content):
    (tmp_path / f"g{suffix}").write_text(content)
    (tmp_path / "a.txt").write_text(" date 2024-06 Poetin bezocht Kiev.")
    result = build(BuildConfig(inputs=[str(tmp_path / "a.txt")], out_dir=tmp_path / "o",
                               translation=TranslationConfig(use_memory=False, glossary=tmp_path / f"g{suffix}")),
                   translator=StandInTranslator())
    (row,) = result.briefing["groups"][0]["articles"][0]["paragraphs"][0]["sentences"]
    assert row["en"] == "[en] Poutine bezocht Kyiv."


def test_glossary_change_is_not_served_from_memory(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2024-06 Poetin bezocht Kiev.")
    (tmp_path / "g.tsv").write_text("Kiev\tKyiv\n")
    base = dict(inputs=[str(tmp_path / "a.txt")], out_dir=tmp_path / "o")
    build(BuildConfig(**base, translation=TranslationConfig(memory=tmp_path / "tm.sqlite3")), translator=StandInTranslator())
    again = build(BuildConfig(**base, translation=TranslationConfig(memory=tmp_path / "tm.sqlite3", glossary=tmp_path / "g.tsv")),
                  translator=StandInTranslator())
    (row,) = again.briefing["groups"][0]["articles"][0]["paragraphs"][0]["sentences"]
    assert row["en"] == "[en] Putin bezocht Kyiv." and again.memory.translated == 1


@pytest.mark.parametrize("nl,en", [
    ("Noord-Korea heeft 100.000 soldaten klaarstaan.", "North Korea has 100,000 soldiers ready."),
    ("De groei was 3,5 procent in 2023.", "Growth was 3.5 percent in 2023."),
])
def test_number_flag_not_raised_for_the_same_number_written_differently(nl, en):
    assert "number" not in flags(nl, en)


def test_number_flag_raised_when_a_number_is_missing():
    assert "number" in flags("Noord-Korea heeft 100.000 soldaten klaarstaan.", "North Korea has soldiers ready.")


def test_untranslated_flag():
    nl = "De Russische president bezocht gisteren de hoofdstad van Noord-Korea."
    assert "untranslated" in flags(nl, nl)
    assert "untranslated" not in flags(nl, "The Russian president visited the capital of North Korea yesterday.")


def test_repetition_flag():
    assert "repetition" in flags("Hij ging naar huis.", "He went to the the the house.")
    assert "repetition" in flags("Hij zei het.", "he said it and he said it and he said it")
    assert "repetition" not in flags("Hij ging naar huis.", "He went home.")


def test_length_flag():
    nl = "De Russische president bezocht gisteren de hoofdstad van Noord-Korea voor overleg."
    assert "length" in flags(nl, "Yes.")
    assert "length" in flags(nl, "The Russian president " * 12)
    assert "length" not in flags(nl, "The Russian president visited the North Korean capital yesterday for talks.")


def test_flags_are_counted_and_shown(tmp_path):
    (tmp_path / "a.txt").write_text(" date 2024-06 Er staan 100.000 soldaten klaar. Dat is veel.")

    class Forgetful(StandInTranslator):
        signature: ClassVar[dict[str, Any]] = {"model": "forgetful", "backend": "stand-in", "beam_size": 0}

        def translate(self, texts):
            return ["There are soldiers ready." if "100.000" in t else "That is a lot." for t in texts]

    result = build(BuildConfig(inputs=[str(tmp_path / "a.txt")], out_dir=tmp_path / "o", translation=TranslationConfig(use_memory=False)), translator=Forgetful())
    data = json.loads((tmp_path / "o" / "briefing.json").read_text())
    assert data["summary"]["qa"]["number"] == 1 and data["groups"][0]["articles"][0]["qa"]["number"] == 1
    rows = data["groups"][0]["articles"][0]["paragraphs"][0]["sentences"]
    assert [r["qa"] for r in rows] == [["number"], []]
    html = (tmp_path / "o" / "briefing.html").read_text()
    assert html.count('class="qa"') == 1 and "a number in the Dutch is missing from the English" in html
    assert result.briefing["summary"]["qa"]["number"] == 1


class Faithful(StandInTranslator):
    """A model that writes the faithful English of the one sentence it is given."""

    signature: ClassVar[dict[str, Any]] = {"model": "faithful", "backend": "stand-in", "beam_size": 0}

    def translate(self, texts):
        return ["The Russian troops are advancing in the Donbas, said Shoigu." for _ in texts]


def test_build_checks_names_against_its_glossary_like_briefing_qa(tmp_path):
    """The names check knows Donetsbekken → Donbas and Sjojgoe → Shoigu from the glossary the
    build applied: a build flags nothing, as `briefing qa` with the same glossary does not."""
    dutch = "De Russische troepen rukken op in het Donetsbekken, zei Sjojgoe."
    english = Faithful().translate([dutch])[0]
    assert "name" in qa.flags(dutch, english, {})  # without the glossary, both look lost
    assert qa.flags(dutch, english, TERMS) == []
    (tmp_path / "a.txt").write_text(f" date 2024-06 {dutch}")
    result = build(BuildConfig(inputs=[str(tmp_path / "a.txt")], out_dir=tmp_path / "o",
                               translation=TranslationConfig(use_memory=False)), translator=Faithful())
    (row,) = result.briefing["groups"][0]["articles"][0]["paragraphs"][0]["sentences"]
    assert row["en"] == english and row["qa"] == []


def test_the_glossary_is_a_required_argument():
    with pytest.raises(TypeError):
        qa.flags("Poetin sprak.", "Putin spoke.")  # type: ignore[call-arg]
