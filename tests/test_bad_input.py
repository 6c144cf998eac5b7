"""A folder of the seeds plus one file of every bad kind: the briefing is still written."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import SEED_FILES
from typer.testing import CliRunner

from briefing.cli.app import app
from briefing.errors import EXIT_SOME_REJECTED

runner = CliRunner()


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inbox")
    for f in SEED_FILES:
        shutil.copy(f, folder / f.name)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "windows.txt").write_bytes(" date 2024-06 Het café in Zürich was “vol”, zei de eigenaar.".encode("cp1252"))
    (folder / "latin1.txt").write_bytes(" date 2024-06 De ober in Genève zei ‘nee’ tegen de gasten.".replace("‘", "'").replace("’", "'").encode("latin-1"))
    (folder / "no-date.txt").write_text("Dit artikel heeft geen datum, maar wel een goede inhoud.")
    (folder / "bad-date.txt").write_text(" date 2024-13 Dit artikel heeft een datum die niet bestaat.")
    (folder / "huge.txt").write_text(" date 2024-06 " + "Dit is een zin in een heel lang artikel. " * 26000)
    (folder / "run-on.txt").write_text(" date 2024-06 " + ", ".join(["de minister sprak met de burgemeester over de plannen"] * 56))
    (folder / "html.txt").write_text(' date 2024-06 De tekst bevat <script>alert("pwned")</script> en <b>vet</b> HTML.')
    (folder / "unbalanced.txt").write_text(' date 2024-06 Hij zei: "dit is het einde. En „dit ook. Klaar.')
    shutil.copy(SEED_FILES[0], folder / "zz-duplicate.txt")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "folder.txt").mkdir()
    return folder


@pytest.fixture(scope="module")
def result(bad_folder, tiny_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    args = ["build", str(bad_folder), str(bad_folder / "missing.txt"), "--model", str(tiny_model), "--out", str(out), "--max-new-tokens", "8"]
    return runner.invoke(app, args), out


def test_exit_code_says_some_were_rejected(result):
    r, out = result
    assert r.exit_code == EXIT_SOME_REJECTED == 3, r.output
    assert (out / "briefing.html").exists() and (out / "briefing.json").exists()


@pytest.mark.parametrize(
    "name,reason",
    [
        ("empty.txt", "rejected: {}: the file is empty"),
        ("binary.txt", "rejected: {}: the file is binary"),
        ("huge.txt", "rejected: {}: is 1,066,014 bytes, too large for a news article"),
        ("missing.txt", "rejected: {}: no such file or folder"),
        ("dangling.txt", "rejected: {}: no such file or folder"),
        ("folder.txt", "rejected: {}: is a folder, not an article file"),
        ("windows.txt", "warning: {}: not UTF-8; decoded as Windows-1252 (cp1252)"),
        ("latin1.txt", "warning: {}: not UTF-8; decoded as Windows-1252 (cp1252)"),
        ("no-date.txt", "warning: {}: no date; listed as undated"),
        ("bad-date.txt", "warning: {}: invalid date '2024-13'"),
    ],
)
def test_stderr_names_each_bad_file_with_its_reason(result, bad_folder, name, reason):
    r, _ = result
    expected = reason.format(bad_folder / name)
    assert any(line.startswith(expected) for line in r.stderr.splitlines()), r.stderr


def test_duplicate_kept_once_with_a_warning(result, bad_folder):
    r, out = result
    assert f"duplicate of {bad_folder / 'zz-duplicate.txt'}, which was skipped" in r.stderr
    data = json.loads((out / "briefing.json").read_text())
    names = [a["name"] for g in data["groups"] for a in g["articles"]]
    assert "zz-duplicate.txt" not in names and names.count(SEED_FILES[0].name) == 1


def test_the_five_seeds_and_every_good_article_are_in_the_briefing(result):
    _, out = result
    data = json.loads((out / "briefing.json").read_text())
    names = {a["name"] for g in data["groups"] for a in g["articles"]}
    assert {f.name for f in SEED_FILES} <= names
    assert {"windows.txt", "latin1.txt", "no-date.txt", "bad-date.txt", "run-on.txt", "html.txt", "unbalanced.txt"} <= names
    assert data["groups"][-1]["date"] == "undated"
    assert {a["name"] for a in data["groups"][-1]["articles"]} == {"no-date.txt", "bad-date.txt"}
    assert {r["file"].rsplit("/", 1)[-1] for r in data["summary"]["rejected"]} == {
        "empty.txt", "binary.txt", "huge.txt", "missing.txt", "dangling.txt", "folder.txt"}


def test_nothing_lost_sentences_in_equal_rows_out(result):
    _, out = result
    data = json.loads((out / "briefing.json").read_text())
    for group in data["groups"]:
        for a in group["articles"]:
            rows = sum(len(p["sentences"]) for p in a["paragraphs"])
            assert a["counts"]["sentences_in"] == a["counts"]["rows_out"] == rows
            assert all(s["en"] for p in a["paragraphs"] for s in p["sentences"])


def test_run_on_sentence_is_whole_and_translated(result):
    _, out = result
    data = json.loads((out / "briefing.json").read_text())
    article = next(a for g in data["groups"] for a in g["articles"] if a["name"] == "run-on.txt")
    (sentence,) = [s for p in article["paragraphs"] for s in p["sentences"]]
    assert len(sentence["nl"]) > 3000 and sentence["en"]


def test_script_is_shown_as_text_never_run(result):
    _, out = result
    html = (out / "briefing.html").read_text()
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in html
    assert "<b>vet</b>" not in html


def test_per_article_counts_in_the_summary(result, bad_folder):
    r, _ = result
    assert f"  {bad_folder / 'html.txt'}: 1 sentence in, 1 row out" in r.stdout.splitlines()
