"""The QA checks written for news: each with a case that must flag and one that must not,
the not-flag cases taken from the shapes the real opus-mt-nl-en writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli.app import app
from briefing.qa import checks as qa
from briefing.qa.names import names_in
from briefing.qa.words import WordCache
from briefing.translate.glossary import Glossary

runner = CliRunner()

# The shipped glossary, as a build and `briefing qa` pass it.
TERMS = Glossary.load().terms


def flags(dutch: str, english: str) -> list[str]:
    return qa.flags(dutch, english, TERMS)


@pytest.mark.parametrize("nl,en", [
    ("In de jaren 60 groeide de stad snel.", "In the 1960s the city grew rapidly."),
    ("In de jaren '80 kwam de muziek op.", "The music emerged in the '80s."),
    ("Het programma begon om 20.30 uur (15.00 UTC).", "The program started at 8.30 p.m. (15.00 UTC)."),
    ("Tussen 22:00-23:00 uur brak brand uit.", "Between 22:00-23:00 a fire broke out."),
    ("Het rapport kwam om 12.00 uur.", "The report came at 12 noon."),
    ("Er waren achttien deelnemers.", "There were 18 participants."),
    ("Hij won met 3,5 punten voorsprong van 100.000 lopers.", "He won by 3.5 points over 100,000 runners."),
    ("Izmir is de op twee na grootste stad.", "Izmir is the third largest city."),
    ("Het perkament is 29½ inch lang.", "The parchment is 29½ inches long."),
])
def test_numbers_in_their_english_shapes_are_not_flagged(nl, en):
    assert "number" not in flags(nl, en)


@pytest.mark.parametrize("nl,en", [
    ("Noord-Korea heeft 100.000 soldaten.", "North Korea has 10,000 soldiers."),
    ("Het perkament is 29¾ inch lang.", "The parchment is 291⁄4 inches long."),
    ("Het begon om 20.30 uur.", "It started at 9.30 p.m."),
    ("Er waren achttien deelnemers.", "There were 80 participants."),
])
def test_a_changed_number_is_flagged(nl, en):
    assert "number" in flags(nl, en)


def test_a_lost_negation_is_flagged_and_a_kept_one_is_not():
    nl = "De minister wil het plan niet steunen."
    assert "negation" in flags(nl, "The minister wants to support the plan.")
    for en in ("The minister does not want to support the plan.", "The minister won't support the plan.",
               "The minister is unwilling to support the plan."):
        assert "negation" not in flags(nl, en)


def test_a_changed_name_is_flagged_and_its_english_form_is_not():
    nl = "Volgens president Poetin en minister Lavrov is Kiev bedreigd."
    assert "name" not in flags(nl, "According to President Putin and Minister Lavrov, Kyiv is threatened.")
    assert "name" in flags(nl, "According to President Putin and Minister Miller, Kyiv is threatened.")
    # A Dutch name for a thing (after an article) is translated, not copied.
    assert "name" not in flags("Na afloop van de Koude Oorlog viel de muur.", "After the Cold War the wall fell.")


# Names English keeps, in the shapes of Dutch news: Dutch people and places (mostly Dutch words to
# a word list), international names after an article, names opening a sentence, places English
# names otherwise (CLDR).
@pytest.mark.parametrize(
    ("dutch", "english", "name"),
    [
        ("Premier Rutte sprak dinsdag in Zwolle met de boeren.", "Prime Minister Rutte spoke with the farmers in Zwolle on Tuesday.", "Rutte"),
        ("Premier Rutte sprak dinsdag in Zwolle met de boeren.", "Prime Minister Rutte spoke with the farmers in Zwolle on Tuesday.", "Zwolle"),
        ("Volgens wethouder Henk Postma is het plan haalbaar.", "According to alderman Henk Postma, the plan is feasible.", "Postma"),
        ("De patiënt ligt in het Howard University Hospital.", "The patient is in Howard University Hospital.", "Hospital"),
        ("Siminoff zei dat de verkoop steeg.", "Siminoff said that sales rose.", "Siminoff"),
        ("Het westen van Montana werd maandag getroffen.", "Western Montana was hit on Monday.", "Montana"),
        ("Vermoedelijke gevallen in Kroatië blijven onbevestigd.", "Presumed cases in Croatia remain unconfirmed.", "Kroatië"),
        ("Premier Dick Schoof sprak in Den Haag met Zelensky.", "Prime Minister Dick Schoof spoke with Zelensky in The Hague.", "Schoof"),
        ("Het kabinet vergadert vrijdag in Den Haag.", "The cabinet meets in The Hague on Friday.", "Haag"),
        ("Dick Schoof en Olaf Scholz bespraken de migratie.", "Dick Schoof and Olaf Scholz discussed migration.", "Scholz"),
        ("Jetten: ‘Dit is het moment om te investeren’", "Jetten: 'This is the moment to invest'", "Jetten"),
        ("De minister van Buitenlandse Zaken sprak met Lavrov.", "The Minister of Foreign Affairs spoke with Lavrov.", "Lavrov"),
        ("Philips schrapt duizend banen in Eindhoven.", "Philips cuts a thousand jobs in Eindhoven.", "Philips"),
    ],
)
def test_a_name_english_keeps_is_checked(dutch: str, english: str, name: str) -> None:
    assert "name" not in flags(dutch, english)
    assert name in names_in(dutch)
    shown = {"Kroatië": "Croatia", "Haag": "The Hague"}.get(name, name)
    damaged = english.replace(shown, "Okafor")
    assert "name" in flags(dutch, damaged), damaged


@pytest.mark.parametrize(
    ("dutch", "english"),
    [
        ("De Tweede Kamer stemde in met het voorstel.", "The House of Representatives approved the proposal."),
        ("Een woordvoerder van Artsen zonder Grenzen bevestigde het.", "A spokesman for Doctors Without Borders confirmed it."),
        ("Het ministerie van Economie, Handel en Industrie reageerde.", "The Ministry of Economy, Trade and Industry responded."),
        ("Meng beide poeders door elkaar.", "Mix both powders together."),
        ("De stad ligt in Zuid-Frankrijk, vlak bij de Middellandse Zee.", "The city lies in southern France, near the Mediterranean."),
        ("Ze reden samen naar Den Haag.", "They drove to The Hague together."),
        ("Er zijn schilderingen uit 5000 v.Chr. gevonden.", "Paintings from 5000 BC were found."),
        ("Het was NIET de bedoeling, zei hij.", "It was not the intention, he said."),
        ("Op Koningsdag bezocht koning Willem-Alexander Doetinchem.", "On King's Day, King Willem-Alexander visited Doetinchem."),
        ("AJAX ONTSLAAT TRAINER NA NEDERLAAG IN ALKMAAR", "AJAX SACKS COACH AFTER DEFEAT IN ALKMAAR"),
        ("Verstappen won de Grand Prix van Nederland.", "Verstappen won the Dutch Grand Prix."),
        ("Norman Lamb neemt Daveys taken over.", "Norman Lamb takes over Davey's duties."),
        ("Inmiddels is de brug weer open.", "Meanwhile, the bridge is open again."),
    ],
)
def test_a_capitalised_dutch_word_english_translates_is_no_name(dutch: str, english: str) -> None:
    assert "name" not in flags(dutch, english), names_in(dutch)


def test_months_weekdays_and_quotations():
    assert "date" in flags("Op dinsdag 4 juni sprak hij.", "On Wednesday 4 June he spoke.")
    assert "date" not in flags("Op dinsdag 4 juni sprak hij.", "On Tuesday, June 4, he spoke.")
    assert "quote" in flags('Hij zei: "We gaan door met het plan."', "He said we continue with the plan.")
    assert "quote" not in flags('Hij zei: "We gaan door met het plan."', 'He said, "We continue with the plan."')


def test_repetition_is_the_loop_not_ordinary_reuse():
    assert "repetition" in flags("Hij ging naar huis.", "He went to the the the house.")
    assert "repetition" in flags("Hij zei het.", "he said it he said it he said it")
    assert "repetition" not in flags(
        "Door de schade en de vele duels moest hij stoppen.",
        "Due to the damage and due to the many duels, he had to stop; due to this he left.",
    )


def test_the_length_band_is_the_real_outputs():
    nl = "De Russische president bezocht gisteren de hoofdstad van Noord-Korea voor overleg."
    assert "length" in flags(nl, "The Russian president visited.")
    assert "length" not in flags(nl, "The Russian president visited the capital of North Korea yesterday for talks.")


def test_qa_command_reports_and_writes_json_lines(tmp_path):
    (tmp_path / "nl.txt").write_text("Er waren 12 mensen.\nDe minister wil niet.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("There were 12 people.\nThe minister wants.\n", encoding="utf-8")
    result = runner.invoke(app, ["qa", str(tmp_path / "nl.txt"), str(tmp_path / "en.txt"), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines == [{"line": 1, "flags": [], "details": {}},
                     {"line": 2, "flags": ["negation"], "details": {"negation": "Dutch: niet"}}]
    text = runner.invoke(app, ["qa", str(tmp_path / "nl.txt"), str(tmp_path / "en.txt")])
    assert "line 2: negation" in text.stdout and "1 of 2 lines flagged" in text.stdout
    (tmp_path / "short.txt").write_text("One line.\n")
    misaligned = runner.invoke(app, ["qa", str(tmp_path / "nl.txt"), str(tmp_path / "short.txt")])
    assert misaligned.exit_code == 2 and "line-aligned" in misaligned.stderr


def test_on_the_real_outputs_flags_are_rare(shared):
    nl = (shared / "corpora" / "flores200-devtest" / "nld_Latn.devtest").read_text(encoding="utf-8").splitlines()
    en = (shared / "corpora" / "opus-mt-nl-en-outputs" / "flores200-devtest.opus-mt-nl-en.eng").read_text(encoding="utf-8").splitlines()
    flagged = sum(bool(flags(n, e)) for n, e in zip(nl, en))
    assert flagged / len(nl) <= 0.01  # BENCHMARKS.md reads each one


def test_an_unreadable_word_cache_is_started_afresh(tmp_path) -> None:
    """The names check's cache of what it learnt of words (qa-words.json in the user's cache): a
    damaged one is ignored, never an error."""
    path = tmp_path / "qa-words.json"
    key = WordCache.open(path).version
    path.write_text(json.dumps({"version": key, "kinds": [1, 2]}))
    assert names_in("Volgens Rutte is het goed.", WordCache.open(path)) == ["Rutte"]
    path.write_text(json.dumps({"version": key, "kinds": {"Rutte": 3}, "opening": {"Rutte": True}}))
    assert WordCache.open(path).kinds == {}


def _open_within(path, seconds: float = 10.0) -> WordCache:
    """WordCache.open in a worker that must finish in time: a hang is a failure, not a stuck run."""
    import concurrent.futures

    pool = concurrent.futures.ThreadPoolExecutor(1)
    try:
        return pool.submit(WordCache.open, path).result(timeout=seconds)
    finally:
        pool.shutdown(wait=False)


def test_a_word_cache_linked_to_dev_zero_or_a_fifo_is_not_read(tmp_path) -> None:
    import os

    zero = tmp_path / "zero" / "qa-words.json"
    zero.parent.mkdir()
    zero.symlink_to("/dev/zero")
    assert _open_within(zero).kinds == {}
    fifo = tmp_path / "fifo" / "qa-words.json"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    assert _open_within(fifo).kinds == {}


def test_an_oversized_or_deeply_nested_word_cache_is_damage(tmp_path, monkeypatch) -> None:
    path = tmp_path / "qa-words.json"
    path.write_text("[" * 200_000 + "]" * 200_000)
    assert WordCache.open(path).kinds == {}  # RecursionError: rebuilt, not a crash
    key = WordCache.open(path).version
    path.write_text(json.dumps({"version": key, "kinds": {"Rutte": "word"}}))
    assert WordCache.open(path).kinds == {"Rutte": "word"}
    from briefing.qa import words as qa_words

    monkeypatch.setattr(qa_words, "WORDS_CACHE_MAX_BYTES", 10)  # the module WordCache.open reads it from
    assert WordCache.open(path).kinds == {}


def test_the_word_cache_is_written_through_a_file_of_its_own(tmp_path) -> None:
    """Never through a planted link at the temporary name the writer used to pick."""
    import os

    path = tmp_path / "qa-words.json"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / f".qa-words.json.{os.getpid()}.tmp").symlink_to(victim)
    words = WordCache.open(path)
    assert names_in("Volgens Rutte is het goed.", words) == ["Rutte"]
    words.save()
    assert victim.read_text() == "keep me"
    assert WordCache.open(path).kinds == words.kinds != {}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp") and not p.is_symlink()] == []


def test_flags_write_no_cache_behind_the_callers_back(tmp_path) -> None:
    """The default word cache is read, never written at exit: a build saves the one it passes."""
    import os
    import subprocess
    import sys

    code = "from briefing.qa import checks as qa; print(qa.flags('Volgens Rutte is het goed.', 'According to Okafor it is good.', {}))"
    root = str(Path(qa.__file__).resolve().parent.parent)  # this checkout's briefing
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": root}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.stdout.strip() == "['name']", done.stderr
    assert not (tmp_path / "briefing" / "qa-words.json").exists()


# Everyday sentences (issue 25): a Dutch word opening a sentence is no name; clock times, number
# words, negation paraphrases and words English shares are no problem.
@pytest.mark.parametrize(("dutch", "english"), [
    ("Versnel.", "Speed up."),
    ("Wissel.", "Switch."),
    ("Klop de eieren.", "Beat the eggs."),
    ("Vogels drinken water.", "Birds drink water."),
    ("Verlies ik mijn tijd?", "Am I wasting my time?"),
    ("Wacht je ergens op?", "Are you waiting for something?"),
    ("Barman, ik moet nog een biertje.", "Bartender, I need another beer."),
    ('"Aha!" zullen ze zeggen.', '"Aha!" they will say.'),
    ("Ondertussen ging het debat door.", "Meanwhile, the debate went on."),
    ("Ik spreek Duits en Engels.", "I speak German and English."),
    ("Ik sta elke dag om half zeven op.", "I get up at 6:30 every day."),
    ("De trein vertrekt om 22 uur.", "The train leaves at 10 p.m."),
    ("De winkel sluit om 22 uur.", "The shop closes at 22:00."),
    ("Het concert begint om kwart over acht.", "The concert begins at a quarter past eight."),
    ("Hij belde om tien over half vier.", "He called at twenty to four."),
    ("Hij is eenentwintig jaar oud.", "He is twenty-one years old."),
    ("Er staan honderdvijftig mensen in de rij.", "There are a hundred and fifty people in the queue."),
    ("Bijna niemand begreep het.", "Hardly anyone understood it."),
    ("De verf is niet gelijkmatig verdeeld.", "The paint is unevenly spread."),
    ("Het scheelde niet veel of ik was van de trap gevallen.", "I was close to falling down the stairs."),
    ("Dat is geen goed idee.", "That is a bad idea."),
    ("Ik woon niet meer in Leiden.", "I no longer live in Leiden."),
    ("Zwemmen is niet onveilig.", "Swimming is safe."),
    ("Het werd noch bevolen, noch uitgevoerd door Cromwell.", "It was neither ordered nor carried out by Cromwell."),
    ("Hij werd op 2 oktober gekozen.", "He was elected on Oct. 2."),
    ('"Nee, nee, nee, nee."', '"No, no, no, no."'),
    ("Een bezoeker uit New York City klaagde.", "An NYC visitor complained."),
    ("Geen dank!", "You're welcome!"),
    ("Dat geeft niet.", "That's OK."),
    ("Het maakt mij niet uit.", "I don't care."),
    ("Correct!", "Correct!"),
    ("Stop!", "Stop!"),
    ("Eureka!", "Eureka!"),
    ("Baba Kanjar en Vishnu Kanjar zijn de verdachten.", "Baba Kanjar and Vishnu Kanjar are the suspects."),
])
def test_everyday_sentences_are_not_flagged(dutch: str, english: str) -> None:
    assert flags(dutch, english) == [], qa.check(dutch, english, TERMS)


@pytest.mark.parametrize(("dutch", "english", "flag"), [
    ("Ik sta elke dag om half zeven op.", "I get up at 7:30 every day.", "number"),
    ("De trein vertrekt om 22 uur.", "The train leaves at 11 p.m.", "number"),
    ("Hij is eenentwintig jaar oud.", "He is twenty-two years old.", "number"),
    ("Bijna niemand begreep het.", "Almost everyone understood it.", "negation"),
    ("De temperatuur gaat bijna nooit onder nul.", "The temperature almost always goes below zero.", "negation"),
    ("Ik was niet aanwezig bij dit ongelukkige voorval.", "I was present at this unfortunate incident.", "negation"),
    ("Inwoners moeten geen kraanwater drinken en airconditioners uitschakelen.",
     "Residents must drink tap water and disable air conditioners.", "negation"),
    ("Dit is niet te geloven.", "This is believable.", "negation"),
    ("De vogelaar Vogels zag een arend.", "The birdwatcher Okafor saw an eagle.", "name"),
    ("Vogels zag een arend.", "Okafor saw an eagle.", "name"),  # an opener both a word and a name
    ("Siminoff zei dat de verkoop steeg.", "Peters said that sales rose.", "name"),
    ("De patiënt heeft TB volgens de artsen.", "The patient has HIV according to the doctors.", "name"),
    ("De Raad van State adviseert het kabinet.", "De Raad van State adviseert het kabinet.", "untranslated"),
])
def test_damage_to_everyday_sentences_is_caught(dutch: str, english: str, flag: str) -> None:
    assert flag in flags(dutch, english), qa.check(dutch, english, TERMS)
