"""Human translations in and out: TMX, XLIFF, PO and TSV through translate-toolkit, the XLIFF
post-editing loop, `origin` on every sentence, and bad files that give one clear line."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import ROOT, SEEDS
from translate.storage import po, tmx, xliff
from typer.testing import CliRunner

from briefing import pipeline
from briefing.build import BuildConfig, build
from briefing.cli.app import app
from briefing.cli.translate_text import translate_text
from briefing.errors import InputError
from briefing.testing import StandInTranslator
from briefing.translate.engine import DecodeSettings
from briefing.translate.exchange import briefing_xliff, export_memory, import_file, read_units
from briefing.translate.memory import SCHEMA_VERSION, HumanUnit, TranslationMemory
from briefing.translate.translator import TranslationConfig, open_translator

runner = CliRunner()
CHECKOUT = {**os.environ, "PYTHONPATH": str(ROOT)}  # subprocesses run this checkout's briefing

# Two sentences of the seeds, in our own English.
OURS = {
    "Dat melden Noord-Koreaanse staatsmedia.": "North Korean state media reported this.",
    "Noord-Korea en Rusland ontkennen dat.": "North Korea and Russia deny this.",
}


class ScoringStandIn(StandInTranslator):
    """The stand-in with a confidence per sentence: longer sentences are less sure."""

    signature: ClassVar = {"model": "scoring-stand-in", "revision": None, "backend": "stand-in", "beam_size": 0}

    def translate_scored(self, texts):
        return [(english, -len(text) / 100) for text, english in zip(texts, self.translate(texts))]


def rows(briefing) -> list[dict]:
    return [s for g in briefing["groups"] for a in g["articles"] for p in a["paragraphs"] for s in p["sentences"]]


def seed_build(tmp_path: Path, out: str = "out", translator=None, **config) -> tuple:
    memory = tmp_path / "tm.sqlite3"
    formats = config.pop("formats", ("html", "json"))
    check_share = config.pop("check_share", 0.05)
    translation = TranslationConfig(memory=memory, **config)
    result = build(BuildConfig(inputs=[str(SEEDS)], out_dir=tmp_path / out, formats=formats, translation=translation,
                               check_share=check_share), translator=translator or StandInTranslator())
    return result, memory


def toolkit_tmx(pairs: dict[str, str], source: str = "nl", target: str = "en") -> bytes:
    store = tmx.tmxfile(sourcelanguage=source, targetlanguage=target)
    for nl, en in pairs.items():
        store.addsourceunit(nl).target = en
    return bytes(store)


def import_into(memory: Path, path: Path, data: bytes | str | None = None):
    if data is not None:
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    with TranslationMemory(memory) as tm:
        return import_file(tm, path)


# --- reading: files written by translate-toolkit and by hand -------------------------------------


def test_import_tmx_written_by_translate_toolkit(tmp_path):
    report = import_into(tmp_path / "tm.sqlite3", tmp_path / "ours.tmx", toolkit_tmx(OURS))
    assert (report.new, report.replaced, report.format) == (2, 0, "tmx")
    with TranslationMemory(tmp_path / "tm.sqlite3") as tm:
        assert tm.lookup_human(OURS) == OURS


HAND_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="OmegaT" creationtoolversion="6" segtype="sentence" o-tmf="OmegaT TMX" adminlang="EN-US"
          srclang="*all*" datatype="plaintext"/>
  <body>
    <tu creationid="anna">
      <prop type="x-context">news</prop>
      <tuv xml:lang="EN-GB"><seg>North Korea and Russia <bpt i="1">&lt;b&gt;</bpt>deny<ept i="1">&lt;/b&gt;</ept> this.</seg></tuv>
      <tuv xml:lang="NL-NL"><seg>Noord-Korea en   Rusland ontkennen dat.</seg></tuv>
    </tu>
    <tu><tuv lang="nl-BE"><seg>Dat melden Noord-Koreaanse staatsmedia.</seg></tuv>
        <tuv lang="de"><seg>Das melden nordkoreanische Staatsmedien.</seg></tuv>
        <tuv lang="en-US"><seg>North Korean state media reported this.</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>Hello.</seg></tuv><tuv xml:lang="fr"><seg>Bonjour.</seg></tuv></tu>
  </body>
</tmx>
"""


def test_import_tmx_written_by_hand_finds_languages_per_unit(tmp_path):
    """English first, regional codes in capitals, TMX 1.1's `lang`, a third language, inline
    formatting codes, wrapped spacing: the Dutch and English of each unit are found; an en→fr unit is skipped."""
    report = import_into(tmp_path / "tm.sqlite3", tmp_path / "hand.tmx", HAND_TMX)
    assert (report.new, report.other_units) == (2, 1)
    with TranslationMemory(tmp_path / "tm.sqlite3") as tm:
        assert tm.lookup_human(OURS) == {
            "Dat melden Noord-Koreaanse staatsmedia.": "North Korean state media reported this.",
            "Noord-Korea en Rusland ontkennen dat.": "North Korea and Russia deny this.",  # no formatting codes
        }


def test_import_utf16_tmx_as_trados_writes_it(tmp_path):
    text = HAND_TMX.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    report = import_into(tmp_path / "tm.sqlite3", tmp_path / "trados.tmx", text.encode("utf-16"))
    assert report.new == 2


def test_import_xliff_written_by_translate_toolkit(tmp_path):
    store = xliff.xlifffile(sourcelanguage="nl", targetlanguage="en")
    for nl, en in OURS.items():
        store.addsourceunit(nl).target = en
    report = import_into(tmp_path / "tm.sqlite3", tmp_path / "ours.xlf", bytes(store))
    assert (report.new, report.format) == (2, "xliff")


HAND_XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="seeds" source-language="nl-NL" target-language="en-GB" datatype="plaintext">
    <body>
      <group id="g1">
        <trans-unit id="1"><source>Dat melden Noord-Koreaanse staatsmedia.</source>
          <target state="translated">North Korean state media reported this.</target></trans-unit>
      </group>
      <trans-unit id="2"><source>Noord-Korea en Rusland ontkennen dat.</source>
        <target>North Korea and Russia deny this.</target></trans-unit>
      <trans-unit id="3"><source>Kernwapens</source><target state="needs-translation">Kernwapens</target></trans-unit>
      <trans-unit id="4"><source>Leeg.</source><target></target></trans-unit>
    </body>
  </file>
  <file original="other" source-language="en" target-language="de" datatype="plaintext">
    <body><trans-unit id="5"><source>Hello.</source><target>Hallo.</target></trans-unit></body>
  </file>
</xliff>
"""


def test_import_xliff_written_by_hand(tmp_path):
    """XLIFF 1.2, units in a group, a unit nobody translated yet, an empty target, a file of
    another language pair: two human translations, the rest skipped and counted."""
    report = import_into(tmp_path / "tm.sqlite3", tmp_path / "hand.xliff", HAND_XLIFF)
    assert (report.new, report.for_review, report.empty, report.other_units) == (2, 1, 1, 1)
    assert "2 human translations" in str(report) and "1 machine translations left for review" in str(report)


def test_import_po_and_tsv(tmp_path):
    store = po.pofile()
    store.updateheader(add=True, Language="en")
    for nl, en in OURS.items():
        store.addsourceunit(nl).target = en
    fuzzy = store.addsourceunit("Kernwapens")
    fuzzy.target = "Nuclear weapons"
    fuzzy.markfuzzy(True)
    report = import_into(tmp_path / "a.sqlite3", tmp_path / "ours.po", bytes(store))
    assert (report.new, report.for_review, report.format) == (2, 1, "po")
    tsv = "nl\ten\n" + "".join(f"{nl}\t{en}\n" for nl, en in OURS.items())
    assert import_into(tmp_path / "b.sqlite3", tmp_path / "ours.tsv", tsv).new == 2


# --- human translations win ---------------------------------------------------------------------


def test_a_human_translation_wins_over_the_model_and_an_older_memory_entry(tmp_path):
    first, memory = seed_build(tmp_path, "a")
    assert {r["origin"] for r in rows(first.briefing)} == {"model"}
    import_into(memory, tmp_path / "ours.tmx", toolkit_tmx(OURS))
    again, _ = seed_build(tmp_path, "b")  # the model's translations are all in memory
    by_nl = {r["nl"]: r for r in rows(again.briefing)}
    for nl, en in OURS.items():
        assert (by_nl[nl]["en"], by_nl[nl]["origin"]) == (en, "human")
    assert Counter(r["origin"] for r in rows(again.briefing)) == {"model": len(by_nl) - 2, "human": 2}
    # Any model, backend and settings: another beam size misses the model memory, not the human.
    other, _ = seed_build(tmp_path, "c", decode=DecodeSettings(beam_size=2))
    assert {r["nl"]: r["en"] for r in rows(other.briefing) if r["origin"] == "human"} == OURS
    # A newer human translation replaces the older one.
    newer = {"Dat melden Noord-Koreaanse staatsmedia.": "That is what North Korean state media report."}
    report = import_into(memory, tmp_path / "newer.tmx", toolkit_tmx(newer))
    assert (report.new, report.replaced) == (0, 1)
    latest, _ = seed_build(tmp_path, "d")
    assert {r["nl"]: r["en"] for r in rows(latest.briefing) if r["origin"] == "human"} == {**OURS, **newer}


def test_translate_uses_human_translations_and_loads_no_model_for_them(tmp_path):
    memory = tmp_path / "tm.sqlite3"
    import_into(memory, tmp_path / "ours.tmx", toolkit_tmx(OURS))
    stand_in = StandInTranslator()
    with open_translator(TranslationConfig(memory=memory), stand_in) as translation:
        english = translate_text("Dat melden Noord-Koreaanse staatsmedia. Noord-Korea en Rusland ontkennen dat.", translation)
    assert english == "North Korean state media reported this. North Korea and Russia deny this.\n"
    assert stand_in.calls == []


def test_human_translations_are_never_checked_first(tmp_path):
    import_into(tmp_path / "tm.sqlite3", tmp_path / "ours.tmx", toolkit_tmx(OURS))
    result, _ = seed_build(tmp_path, translator=ScoringStandIn(), check_share=1.0)
    human = [r for r in rows(result.briefing) if r["origin"] == "human"]
    assert len(human) == 2 and not any(r["check_first"] or r["qa"] or r["score"] is not None for r in human)
    assert all(r["check_first"] for r in rows(result.briefing) if r["origin"] == "model")


# --- the seeds: two sentences of ours ------------------------------------------------------------


def test_two_seed_sentences_of_ours_show_as_human_and_the_export_holds_them_and_the_models(tmp_path):
    memory = tmp_path / "tm.sqlite3"
    (tmp_path / "ours.tmx").write_bytes(toolkit_tmx(OURS))
    out = runner.invoke(app, ["memory", "import", str(tmp_path / "ours.tmx"), "--memory", str(memory)])
    assert out.exit_code == 0 and "2 human translations (2 new" in out.output
    result, _ = seed_build(tmp_path)
    data = json.loads((tmp_path / "out" / "briefing.json").read_text())
    human = {r["nl"]: r["en"] for r in rows(data) if r["origin"] == "human"}
    assert human == OURS
    articles = [a for g in data["groups"] for a in g["articles"]]
    assert all(a["title"]["origin"] != "human" for a in articles)
    assert all(q["origin"] != "human" for a in articles for q in a["quotes"])
    html = (tmp_path / "out" / "briefing.html").read_text()
    assert html.count("· human</small>") == 2
    for en in OURS.values():
        assert f"{en} <small class=\"human\"" in html
    # The export: ours and the model's, read back by translate-toolkit.
    out = runner.invoke(app, ["memory", "export", str(tmp_path / "all.tmx"), "--memory", str(memory)])
    assert out.exit_code == 0, out.output
    units = tmx.tmxfile.parsefile(str(tmp_path / "all.tmx")).units
    origins = Counter(u.getnotes().splitlines()[0] for u in units)
    assert origins == {"origin: human": 2, "origin: model": result.memory.translated}
    assert {u.source: u.target for u in units if "origin: human" in u.getnotes()} == OURS
    model = [u for u in units if "origin: model" in u.getnotes()]
    assert all("model: stand-in:stand-in" in u.getnotes() and "signature: {" in u.getnotes() for u in model)
    assert all(u.target == f"[en] {u.source}" for u in model)


def test_reference_tmx_translates_every_seed_sentence_and_headline(tmp_path):
    """The demo's reference memory: our English for every segment the seeds' build translates."""
    _, units = read_units(SEEDS / "reference.tmx")
    ours = {u.source: u.target for u in units.human}
    items, _ = pipeline.read_analysed([str(SEEDS)])
    sentences = [s.text for i in items for p in i.paragraphs for s in p.sentences]
    headlines = [i.article.title for i in items if i.article.title]
    assert all(s in ours for s in sentences + headlines)
    segments = {s.nl for d in items for s in d.segments()}
    assert len(segments & ours.keys()) >= 0.9 * len(segments)  # quotes and roles, as found today
    assert all(en.strip() and en != nl for nl, en in ours.items() if nl != "KCNA" and nl != "The New York Times")


# --- round trips and the post-editing loop -------------------------------------------------------


@pytest.mark.parametrize("fmt", ["tmx", "xliff"])
def test_export_and_reimport_round_trip_unchanged(tmp_path, fmt):
    import_into(tmp_path / "tm.sqlite3", tmp_path / "ours.tmx", toolkit_tmx(OURS))
    seed_build(tmp_path, translator=ScoringStandIn())
    with TranslationMemory(tmp_path / "tm.sqlite3") as tm:
        first, count = export_memory(tm, fmt)
        human, model = tm.human_units(), tm.model_units()
    (tmp_path / f"first.{fmt}").write_bytes(first)
    report = import_into(tmp_path / "copy.sqlite3", tmp_path / f"first.{fmt}")
    assert (report.new, report.model, report.for_review) == (2, count - 2, 0)
    with TranslationMemory(tmp_path / "copy.sqlite3") as tm:
        assert export_memory(tm, fmt) == (first, count)
        assert (tm.human_units(), tm.model_units()) == (human, model)
    # A build over the copy finds everything there: the human ones and the model's.
    stand_in = ScoringStandIn()
    config = BuildConfig(inputs=[str(SEEDS)], out_dir=tmp_path / "b", formats=("json",),
                         translation=TranslationConfig(memory=tmp_path / "copy.sqlite3"))
    again = build(config, translator=stand_in)
    assert stand_in.calls == []
    # The model's translations made elsewhere and imported are `memory`.
    assert Counter(r["origin"] for r in rows(again.briefing)) == {"human": 2, "memory": len(rows(again.briefing)) - 2}


def test_export_only_and_since(tmp_path):
    memory = tmp_path / "tm.sqlite3"
    with TranslationMemory(memory) as tm:
        tm.store_human([HumanUnit("Oud.", "Old.", created=1_600_000_000.0, provenance="old.tmx")])
        tm.store_human([HumanUnit("Nieuw.", "New.", created=1_800_000_000.0, provenance="new.tmx")])
        tm.store("k", {"Model.": ("Model.", -0.1)})
    for args, expected in ((["--only", "human"], {"Oud.", "Nieuw."}), (["--only", "human", "--since", "2025-01-01"], {"Nieuw."}),
                           (["--only", "model"], {"Model."})):
        out = runner.invoke(app, ["memory", "export", str(tmp_path / "x.xlf"), "--memory", str(memory), *args])
        assert out.exit_code == 0, out.output
        assert {u.source for u in xliff.xlifffile.parsefile(str(tmp_path / "x.xlf")).units} == expected
    out = runner.invoke(app, ["memory", "export", str(tmp_path / "x.tmx"), "--memory", str(memory), "--only", "people"])
    assert out.exit_code == 2 and "--only 'people'" in out.output


def test_xliff_post_editing_loop(tmp_path):
    """Build with --format xliff, correct two sentences and confirm a third in the file (as a
    CAT tool would), import it, build again: the corrections are on the page as human."""
    first, memory = seed_build(tmp_path, "a", translator=ScoringStandIn(), formats=("json", "xliff"))
    store = xliff.xlifffile.parsefile(str(tmp_path / "a" / "briefing.xliff"))
    units = [u for u in store.units if not u.isheader()]
    assert {u.source for u in units} >= {r["nl"] for r in rows(first.briefing)}
    by_id = {u.getid().split("\x04")[-1]: u for u in units}
    row_ids = [r["id"] for r in rows(first.briefing)]
    notes = by_id[row_ids[0]].getnotes()
    assert f"sentence: {row_ids[0]}" in notes and "article: " in notes and "confidence: -" in notes
    assert all(u.isreview() and not u.isapproved() for u in units)  # machine output: for review
    edited = {row_ids[0]: "Our first sentence.", row_ids[5]: "Our sixth sentence."}
    for rid, en in edited.items():
        by_id[rid].target = en
    confirmed = by_id[row_ids[7]]
    confirmed.markapproved(True)
    (tmp_path / "edited.xliff").write_bytes(bytes(store))
    out = runner.invoke(app, ["memory", "import", str(tmp_path / "edited.xliff"), "--memory", str(memory)])
    assert out.exit_code == 0 and "3 human translations (3 new" in out.output and "left for review" in out.output
    second, _ = seed_build(tmp_path, "b", translator=ScoringStandIn(), formats=("json", "xliff", "html"))
    after = {r["id"]: r for r in rows(second.briefing)}
    assert {rid: after[rid]["en"] for rid in edited} == edited
    assert {rid for rid, r in after.items() if r["origin"] == "human"} == {*edited, row_ids[7]}
    # The next XLIFF gives them as final, with no model note.
    final = {u.getid().split("\x04")[-1]: u for u in xliff.xlifffile.parsefile(str(tmp_path / "b" / "briefing.xliff")).units}
    assert final[row_ids[0]].isapproved() and "origin: human" in final[row_ids[0]].getnotes()
    assert "model:" not in final[row_ids[0]].getnotes()
    # Importing the same edited file again changes nothing.
    out = runner.invoke(app, ["memory", "import", str(tmp_path / "edited.xliff"), "--memory", str(memory)])
    assert "(0 new, 0 replaced, 3 unchanged)" in out.output


def test_briefing_xliff_carries_qa_flags_and_check_first(tmp_path):
    result, _ = seed_build(tmp_path, translator=ScoringStandIn(), check_share=0.5)
    store = xliff.xlifffile.parsestring(briefing_xliff(result.briefing))
    notes = "\n".join(u.getnotes() for u in store.units)
    assert "qa: untranslated:" in notes and "check first: the model was least sure" in notes
    assert {f.get("original") for f in store.document.getroot().iter("{*}file")} == {p.name for p in SEEDS.glob("*.txt")}


# --- stats, forget, the schema -------------------------------------------------------------------


def test_stats_and_forget(tmp_path):
    memory = tmp_path / "tm.sqlite3"
    import_into(memory, tmp_path / "ours.tmx", toolkit_tmx(OURS))
    result, _ = seed_build(tmp_path)
    out = runner.invoke(app, ["memory", "stats", "--memory", str(memory)])
    assert out.exit_code == 0
    assert "human: 2" in out.output and "2  from ours.tmx" in out.output
    assert f"model: {result.memory.translated}" in out.output and "by stand-in:stand-in" in out.output
    out = runner.invoke(app, ["memory", "forget", "--segment", "Dat melden Noord-Koreaanse staatsmedia.", "--memory", str(memory)])
    assert out.exit_code == 0 and "forgot 1 human and 0 model translations" in out.output  # the model never had it
    # A segment with a glossary term: the model's memory keeps it as sent (Poetin → Putin).
    out = runner.invoke(app, ["memory", "forget", "--segment", "Kim Jong-un schreef ook een brief aan Vladimir Poetin.",
                              "--memory", str(memory)])
    assert out.exit_code == 0 and "forgot 0 human and 1 model translations" in out.output
    out = runner.invoke(app, ["memory", "forget", "--source", "stand-in:stand-in", "--memory", str(memory)])
    assert f"forgot 0 human and {result.memory.translated - 1} model" in out.output, out.output
    out = runner.invoke(app, ["memory", "forget", "--source", "ours.tmx", "--memory", str(memory)])
    assert "forgot 1 human and 0 model" in out.output
    assert runner.invoke(app, ["memory", "forget", "--memory", str(memory)]).exit_code == 2


def test_an_old_memory_is_migrated_and_keeps_its_translations(tmp_path):
    path = tmp_path / "v2.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE settings (key TEXT PRIMARY KEY, description TEXT NOT NULL, created REAL NOT NULL);"
        "CREATE TABLE translations (key TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, created REAL NOT NULL,"
        " score REAL, retried INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (key, source)) WITHOUT ROWID;"
        "INSERT INTO translations VALUES ('k', 'Hallo.', 'Hello.', 0, -0.5, 0); PRAGMA user_version = 2;"
    )
    db.close()
    with TranslationMemory(path) as tm:
        assert tm.lookup("k", ["Hallo."]) == {"Hallo.": ("Hello.", -0.5)}
        tm.store_human([HumanUnit("Hallo.", "Hi there.")])
        assert tm.lookup_human(["Hallo."]) == {"Hallo.": "Hi there."}
        assert tm._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3


def test_two_imports_at_once_both_land(tmp_path):
    memory = tmp_path / "tm.sqlite3"
    files = []
    for n in range(2):
        pairs = {f"Zin {n}-{i}.": f"Sentence {n}-{i}." for i in range(300)}
        files.append(tmp_path / f"f{n}.tmx")
        files[-1].write_bytes(toolkit_tmx(pairs))
    procs = [subprocess.Popen([sys.executable, "-m", "briefing", "memory", "import", str(f), "--memory", str(memory)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=CHECKOUT) for f in files]
    assert all(p.wait(timeout=120) == 0 for p in procs), [p.stderr.read() for p in procs]  # type: ignore[union-attr]
    with TranslationMemory(memory) as tm:
        assert sum(tm.stats()["human"].values()) == 600


# --- bad files: one clear line -------------------------------------------------------------------


BAD = {
    "not-xml.tmx": (b"Dit is geen XML.\n", "is not XML, so not a TMX file"),
    "broken.tmx": (b"<?xml version='1.0'?><tmx version='1.4'><body><tu><tuv", "not a readable TMX file"),
    "english-german.tmx": (None, "holds no Dutch→English unit (its languages: en→de)"),
    "empty.tmx": (None, "every unit has an empty Dutch or English segment (2)"),
    "html.xliff": (b"<html><body>hi</body></html>", "is XML but neither TMX nor XLIFF (its root element is <html>)"),
    "notes.docx": (b"PK\x03\x04binary", "is not a TMX, XLIFF, PO or TSV file"),
    "three.tsv": (b"a\tb\tc\n", "line 1 has 3 columns"),
    "none.tmx": (b"<tmx version='1.4'><header/><body/></tmx>", "holds no translation units (TMX)"),
    "entities.tmx": (b"<?xml version='1.0'?><!DOCTYPE tmx [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;'>]>"
                     b"<tmx version='1.4'><header/><body><tu><tuv xml:lang='nl'><seg>&b;</seg></tuv>"
                     b"<tuv xml:lang='en'><seg>&b;</seg></tuv></tu></body></tmx>", None),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_give_one_clear_line(tmp_path, name):
    data, expected = BAD[name]
    if name == "english-german.tmx":
        data = toolkit_tmx({"Hello.": "Hallo."}, "en", "de")
    if name == "empty.tmx":
        data = toolkit_tmx({"Hallo.": "", "Dag.": " "})
    (tmp_path / name).write_bytes(data)
    out = subprocess.run([sys.executable, "-m", "briefing", "memory", "import", str(tmp_path / name),
                          "--memory", str(tmp_path / "tm.sqlite3")], capture_output=True, text=True, timeout=120, env=CHECKOUT)
    if expected is None:  # entities are not expanded: no billion laughs, and no crash either
        assert "Traceback" not in out.stderr
        return
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.strip().splitlines() == [f"Error: {tmp_path / name}: " + out.stderr.split(": ", 2)[2].strip()]
    assert expected in out.stderr


def test_a_100_mb_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "huge.tmx"
    with open(big, "wb") as handle:
        handle.truncate(100_000_000)  # sparse: nothing is written
    out = runner.invoke(app, ["memory", "import", str(big), "--memory", str(tmp_path / "tm.sqlite3")])
    assert out.exit_code == 1
    assert out.output.strip() == f"Error: {big}: is 100 MB, over the 50 MB limit (split it, or raise --max-bytes)"


def test_a_bad_file_among_good_ones_is_rejected_and_the_others_imported(tmp_path):
    (tmp_path / "good.tmx").write_bytes(toolkit_tmx(OURS))
    (tmp_path / "bad.tmx").write_text("not xml")
    out = runner.invoke(app, ["memory", "import", str(tmp_path / "bad.tmx"), str(tmp_path / "good.tmx"),
                              "--memory", str(tmp_path / "tm.sqlite3")])
    assert out.exit_code == 3
    assert f"rejected: {tmp_path / 'bad.tmx'}: is not XML, so not a TMX file" in out.output
    assert "good.tmx: 2 human translations" in out.output


def test_a_folder_or_a_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match="is not a regular file"):
        read_units(tmp_path)
    with pytest.raises(InputError, match="cannot be read"):
        read_units(tmp_path / "missing.tmx")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.tmx")
        with pytest.raises(InputError, match="is not a regular file"):
            read_units(tmp_path / "pipe.tmx")
