"""The command line, end to end: the tiny MarianMT model through the real loading code."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from conftest import SEED_FILES, SEEDS
from typer.testing import CliRunner

from briefing.cli.app import app
from briefing.ingest.articles import read_article
from briefing.nlp.segment import segment_article

runner = CliRunner()


def seed_sentences() -> list[str]:
    """Every Dutch sentence of every seed, in reading order (articles by date, then name)."""
    articles = sorted((read_article(f) for f in SEED_FILES), key=lambda a: (str(a.date), a.name))
    return [s.text for a in articles for p in segment_article(a) for s in p.sentences]


class DutchText(HTMLParser):
    """Collects the text of every sentence cell with lang="nl": <p>/<h4> children of a .row."""

    def __init__(self) -> None:
        super().__init__()
        self.in_main = False
        self.stack: list[bool] = []
        self.rows: list[bool] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        if tag == "div":
            self.rows.append("row" in (dict(attrs).get("class") or "").split())
        if tag in ("p", "h4"):
            nl = self.in_main and bool(self.rows) and self.rows[-1] and dict(attrs).get("lang") == "nl"
            self.stack.append(nl)
            if nl:
                self.texts.append("")

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if tag == "div" and self.rows:
            self.rows.pop()
        if tag in ("p", "h4") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1]:
            self.texts[-1] += data


@pytest.fixture(scope="module")
def built(tiny_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["build", str(SEEDS), "--model", str(tiny_model), "--out", str(out)])
    return result, out


def test_build_writes_three_files(built):
    result, out = built
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["briefing.html", "briefing.json", "briefing.md"]
    assert result.stdout.splitlines()[0] == "5 articles, 138 sentences, 12 key quotes"


def test_every_dutch_sentence_once_in_reading_order_in_json_and_html(built):
    _, out = built
    data = json.loads((out / "briefing.json").read_text())
    expected = seed_sentences()
    in_json = [s["nl"] for g in data["groups"] for a in g["articles"] for p in a["paragraphs"] for s in p["sentences"]]
    assert in_json == expected
    assert all(s["en"] for g in data["groups"] for a in g["articles"] for p in a["paragraphs"] for s in p["sentences"])
    parser = DutchText()
    parser.feed((out / "briefing.html").read_text())
    assert [" ".join(t.split()) for t in parser.texts] == expected


def test_groups_in_chronological_order(built):
    _, out = built
    data = json.loads((out / "briefing.json").read_text())
    assert [g["date"] for g in data["groups"]] == ["2022-08", "2023-09", "2024-06"]
    assert [len(g["articles"]) for g in data["groups"]] == [3, 1, 1]


def test_json_has_documented_fields_and_says_how_it_was_made(built, tiny_model):
    _, out = built
    data = json.loads((out / "briefing.json").read_text())
    assert data["made_with"]["model"] == str(tiny_model)
    assert data["made_with"]["version"] and data["made_with"]["built_at"] == "2026-01-01T00:00:00+00:00"
    article = data["groups"][2]["articles"][0]
    assert {"file", "name", "date", "title", "source", "paragraphs", "quotes", "counts"} <= set(article)
    assert article["title"]["nl"].startswith("Poetin haalt in Pyongyang") and article["title"]["en"]
    assert article["source"] == "NOS Nieuws"
    quote = next(q for q in article["quotes"] if q["key"])
    assert {"nl", "en", "speaker", "role", "key"} <= set(quote)
    html = (out / "briefing.html").read_text()
    assert str(tiny_model) in html and "made-with" in html


def test_week_selection(tiny_model, tmp_path):
    result = runner.invoke(app, ["build", str(SEEDS), "--model", str(tiny_model), "--out", "w", "--week", "2024-W25", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "w" / "briefing.json").read_text())
    assert [g["date"] for g in data["groups"]] == ["2024-06"]


def test_default_model_offline_fails_with_one_clear_message(tmp_path):
    result = runner.invoke(app, ["build", str(SEEDS)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot load translation model Helsinki-NLP/opus-mt-nl-en:")
    assert "--model PATH" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_model_folder_that_does_not_exist():
    result = runner.invoke(app, ["translate", "Hallo.", "--model", "./nope"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no such folder: ./nope. Pass --model with a folder that holds a MarianMT model saved "
        "with save_pretrained, or a Hugging Face model name (org/name).\n"
    )


@pytest.mark.parametrize(
    "args,message",
    [
        (["build", "--format", "rtf"], "Error: --format 'rtf': choose from html, md, json, pdf, docx, eml, xliff\n"),
        (["build", "--week", "2024-25"], "Error: --week '2024-25' is not an ISO week like 2024-W25, nor this or last\n"),
        (["build", "--since", "juni"], "Error: --since 'juni' is not a date like 2024-06-18\n"),
    ],
)
def test_usage_errors_exit_2(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == message


def test_no_usable_input(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["build", "empty.txt", "--model", "./unused"])
    assert result.exit_code == 1
    assert result.stderr == "Error: no usable article to build a briefing from (empty.txt: the file is empty)\n"


def test_translate_keeps_paragraphs(tiny_model):
    result = runner.invoke(app, ["translate", "Eerste zin. Tweede zin.\n\nDerde zin.", "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    paragraphs = result.stdout.rstrip("\n").split("\n\n")
    assert len(paragraphs) == 2 and all(p.strip() for p in paragraphs)


def test_translate_from_file_and_stdin_agree(tiny_model, tmp_path):
    (tmp_path / "t.txt").write_text("Kim Jong-un schreef een brief.")
    from_file = runner.invoke(app, ["translate", "-f", "t.txt", "--model", str(tiny_model)])
    from_stdin = runner.invoke(app, ["translate", "--model", str(tiny_model)], input="Kim Jong-un schreef een brief.")
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert from_file.stdout == from_stdin.stdout and from_file.stdout.strip()


def test_translate_bilingual_prints_dutch_and_english(tiny_model):
    result = runner.invoke(app, ["translate", "Minister Jansen zei: „Dit is een belangrijke dag voor ons.”", "--bilingual", "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "> Minister Jansen zei: „**Dit is een belangrijke dag voor ons.**”"
    assert lines[1] == "" and lines[2].strip()


def test_help_imports_no_heavy_library():
    code = "import sys; from briefing.cli.app import app; from typer.testing import CliRunner; " \
        "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0; " \
        "print(sorted(m for m in ('torch', 'transformers', 'jinja2', 'sentencepiece') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_python_dash_m_works():
    out = subprocess.run([sys.executable, "-m", "briefing", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("briefing ")


def test_eval_quotes_prints_the_scores(shared):
    result = runner.invoke(app, ["eval-quotes", str(shared / "quotes-gold" / "seeds.json"), str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "key quotes: 12 annotated, 12 found, 12 right\n"
        "precision 1.000 (speaker right)  span precision 1.000  recall 1.000\n"
        "speaker right 12/12 = 1.000; the right person in another form 0; a wrong person 0; shown without a name 0\n"
        "annotated key quotes shown with a speaker: 12; exactly right 1.000; another person or a non-person 0.0 per 100\n"
        "all quotations: 24 annotated, 25 found, 24 matched: span precision 0.960  recall 1.000\n"
    )


def test_eval_quotes_needs_the_annotation_file():
    result = runner.invoke(app, ["eval-quotes", "nope.json"])
    assert result.exit_code == 2 and result.stderr == "Error: nope.json: no such annotation file\n"
