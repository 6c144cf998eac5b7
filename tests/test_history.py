"""The history: briefings week over week. Four articles over two weeks (tests/data/history), built
as week 24, as a rolling window of both weeks, then as week 25 alone."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from briefing.build import BuildConfig, build
from briefing.cli.app import app
from briefing.errors import BriefingError
from briefing.output.history import History, quotation_key
from briefing.testing import StandInTranslator
from briefing.translate.translator import TranslationConfig

runner = CliRunner()
FIXTURE = Path(__file__).parent / "data" / "history"
MAYOR = "Jan de Vries"
QUOTE = "Dit was een kwestie van centimeters."


def built(tmp_path: Path, history: Path | None, **dates) -> dict:
    config = BuildConfig(inputs=[str(FIXTURE)], out_dir=tmp_path / "out", formats=("json",),
                         translation=TranslationConfig(use_memory=False), history=history, **dates)
    return build(config, translator=StandInTranslator()).briefing


def articles(briefing: dict) -> dict[str, dict]:
    return {a["name"]: a for g in briefing["groups"] for a in g["articles"]}


def story_of(briefing: dict, name: str) -> dict:
    (story,) = [s for s in briefing["stories"] if name in s["articles"]]
    return story


@pytest.fixture
def weeks(tmp_path):
    import datetime as dt

    history = tmp_path / "history.sqlite3"
    w24 = built(tmp_path, history, since=dt.date(2024, 6, 10), until=dt.date(2024, 6, 16))
    rolling = built(tmp_path, history, since=dt.date(2024, 6, 10), until=dt.date(2024, 6, 23))
    w25 = built(tmp_path, history, since=dt.date(2024, 6, 17), until=dt.date(2024, 6, 23))
    return history, w24, rolling, w25


def test_new_marks_what_no_earlier_briefing_showed(weeks):
    _, w24, rolling, w25 = weeks
    assert all(a["new"] for a in articles(w24).values())
    new = {name: a["new"] for name, a in articles(rolling).items()}
    assert new == {"2024-06-12-dijk.txt": False, "2024-06-13-voetbal.txt": False,
                   "2024-06-18-dijk.txt": True, "2024-06-19-bakker.txt": True}
    assert rolling["summary"]["new"] == 2
    # Week 25 alone: the rolling briefing already showed its articles.
    assert not any(a["new"] for a in articles(w25).values())


def test_a_story_continued_in_week_25_keeps_its_week_24_id_and_first_seen(weeks):
    _, w24, rolling, w25 = weeks
    first = story_of(w24, "2024-06-12-dijk.txt")
    assert story_of(rolling, "2024-06-18-dijk.txt")["id"] == first["id"]
    later = story_of(w25, "2024-06-18-dijk.txt")
    assert later["id"] == first["id"] and later["first_seen"] == "2024-06-12"
    assert [e["title"] for e in later["timeline"]] == ["[en] Dijk bij Maasbracht houdt het na dagen van hoog water"]
    assert later["timeline"][0]["url"] == "https://nos.example/artikel/dijk-maasbracht"
    # An unrelated article is a story of its own, with its own id.
    bakery = story_of(w25, "2024-06-19-bakker.txt")
    assert bakery["articles"] == ["2024-06-19-bakker.txt"] and bakery["id"] != first["id"]
    assert articles(w25)["2024-06-18-dijk.txt"]["story"] == first["id"]


def test_a_story_continued_across_briefings_without_a_shared_article(tmp_path):
    import datetime as dt

    history = tmp_path / "history.sqlite3"
    w24 = built(tmp_path, history, since=dt.date(2024, 6, 10), until=dt.date(2024, 6, 16))
    w25 = built(tmp_path, history, since=dt.date(2024, 6, 17), until=dt.date(2024, 6, 23))
    assert story_of(w25, "2024-06-18-dijk.txt")["id"] == story_of(w24, "2024-06-12-dijk.txt")["id"]
    assert story_of(w25, "2024-06-18-dijk.txt")["first_seen"] == "2024-06-12"
    assert all(a["new"] for a in articles(w25).values())


def test_a_quotation_in_two_outlets_is_one_entry_with_two_sources(weeks):
    _, _, rolling, _ = weeks
    (mayor,) = [s for s in rolling["speakers"] if s["name"] == MAYOR]
    (entry,) = [q for q in mayor["quotes"] if quotation_key(q["nl"]) == quotation_key(QUOTE)]
    assert sorted(s["outlet"] for s in entry["sources"]) == ["De Limburger", "NOS Nieuws"]


def test_speakers_since_widens_who_said_what_to_the_history(tmp_path):
    import datetime as dt

    history = tmp_path / "history.sqlite3"
    built(tmp_path, history, since=dt.date(2024, 6, 10), until=dt.date(2024, 6, 16))
    narrow = built(tmp_path, history, since=dt.date(2024, 6, 17), until=dt.date(2024, 6, 23))
    assert "Ronald Koeman" not in [s["name"] for s in narrow["speakers"]]
    wide = built(tmp_path, history, since=dt.date(2024, 6, 17), until=dt.date(2024, 6, 23),
                 speakers_since=dt.date(2024, 6, 1))
    assert "Ronald Koeman" in [s["name"] for s in wide["speakers"]]
    (mayor,) = [s for s in wide["speakers"] if s["name"] == MAYOR]
    (entry,) = [q for q in mayor["quotes"] if quotation_key(q["nl"]) == quotation_key(QUOTE)]
    assert len(entry["sources"]) == 2


def test_rebuilding_a_briefing_replaces_its_record(tmp_path):
    import datetime as dt

    history = tmp_path / "history.sqlite3"
    for _ in range(3):
        built(tmp_path, history, since=dt.date(2024, 6, 10), until=dt.date(2024, 6, 16))
    with History(history) as h:
        assert h.counts()["briefings"] == 1 and h.counts()["articles"] == 2
        assert len(h.search("centimeters")) == 1


def test_search_in_dutch_and_english_with_diacritics_folded(tmp_path):
    history = tmp_path / "history.sqlite3"
    built(tmp_path, history)
    with History(history) as h:
        (hit,) = h.search("jury krenten")
        assert hit.source == "De Stentor" and hit.nl.startswith("De jury")
        assert [x.source for x in h.search("Maasbracht", source="Limburger")] == ["De Limburger"] * len(
            h.search("Maasbracht", source="Limburger"))
        assert h.search("cafe") == h.search("café")
        # FTS5's own syntax is text here, never a query or an error.
        assert h.search('NEAR( " AND * OR') == []


class EnglishOfTheFixture(StandInTranslator):
    """The stand-in, with real English for the sentences the search tests look for."""

    ENGLISH: ClassVar[dict[str, str]] = {"kwestie van centimeters": "This was a matter of centimetres.",
               "De jury prees": "The jury praised the soft bun and the many currants."}

    def translate(self, texts):
        return [next((en for nl, en in self.ENGLISH.items() if nl in t), out) for t, out in zip(texts, super().translate(texts))]


def test_cli_search_finds_a_quote_in_both_outlets_by_speaker_and_in_english(tmp_path, tiny_model):
    shutil.copytree(FIXTURE, tmp_path / "news")
    history = tmp_path / "h.sqlite3"
    for week in ("2024-W24", "2024-W25"):
        result = runner.invoke(app, ["build", "news", "--week", week, "--model", str(tiny_model), "--no-memory",
                                     "--history", str(history), "--format", "json", "--quiet", "--out", "out"])
        assert result.exit_code == 0, result.output
    found = runner.invoke(app, ["search", "kwestie van centimeters", "--json", "--history", str(history)])
    assert found.exit_code == 0, found.output
    hits = json.loads(found.stdout)
    assert [h["source"] for h in hits] == ["De Limburger", "NOS Nieuws"]  # newest first
    assert all(h["speaker"] == MAYOR for h in hits)
    by_speaker = json.loads(runner.invoke(app, ["search", "--speaker", "De Vries", "--json", "--history", str(history)]).stdout)
    assert by_speaker and all(h["speaker"] == MAYOR for h in by_speaker)
    plain = runner.invoke(app, ["search", "centimeters", "--source", "limburger", "--history", str(history)])
    assert plain.exit_code == 0 and plain.stdout.startswith("2024-06-18 · De Limburger · ")

    english = tmp_path / "en.sqlite3"
    config = BuildConfig(inputs=[str(FIXTURE)], out_dir=tmp_path / "out2", formats=("json",),
                         translation=TranslationConfig(use_memory=False), history=english)
    build(config, translator=EnglishOfTheFixture())
    hits = json.loads(runner.invoke(app, ["search", "matter of centimetres", "--json", "--history", str(english)]).stdout)
    assert sorted(h["source"] for h in hits) == ["De Limburger", "NOS Nieuws"]
    assert [h["source"] for h in json.loads(runner.invoke(app, ["search", "currants", "--json", "--history", str(english)]).stdout)] == ["De Stentor"]


def test_no_history_and_a_broken_history_give_one_clear_line(tmp_path):
    missing = runner.invoke(app, ["search", "x", "--history", str(tmp_path / "none.sqlite3")])
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: no history at")
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database" * 100)
    with pytest.raises(BriefingError, match="--no-history"):
        built(tmp_path, broken)
    result = runner.invoke(app, ["search", "x", "--history", str(broken)])
    assert result.exit_code == 1 and "Error: history" in result.stderr and "Traceback" not in result.output


def test_a_build_killed_while_recording_leaves_the_history_whole(tmp_path, monkeypatch):
    history = tmp_path / "history.sqlite3"
    built(tmp_path, history)
    before = History(history).counts()

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    import briefing.output.history as module

    monkeypatch.setattr(module, "quotation_key", killed)
    with pytest.raises(KeyboardInterrupt):
        built(tmp_path, history)
    monkeypatch.undo()
    with History(history) as h:
        assert h.counts() == before
    assert sqlite3.connect(history).execute("PRAGMA integrity_check").fetchone() == ("ok",)
