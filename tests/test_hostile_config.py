"""Issue 22, round 3: the settings file and the command line, as an attacker and a new user use
them. Each case gives the right result or one `Error:` line: no traceback, no hang, no
unbounded read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS
from typer.testing import CliRunner

from briefing.cli.app import app

runner = CliRunner()


def one_error_line(result, *needles: str) -> str:
    """The command failed with exactly one line on stderr, `Error: …`, holding every needle."""
    assert result.exit_code in (1, 2), (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def cli(args: list[str], cwd: Path, stdin=None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m briefing` in a process of its own (a hang ends in a timeout, not a stuck suite),
    importing this checkout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "briefing", *args], cwd=cwd, stdin=stdin if stdin is not None else subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout, env=env)


def one_error_line_of(done: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert done.returncode in (1, 2), (done.returncode, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr[-2000:]
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


# --- briefing.toml: every build option, checked once ---------------------------------------------


def test_the_file_sets_build_options_and_the_command_line_wins(tiny_model, tmp_path):
    (tmp_path / "briefing.toml").write_text(
        f'[build]\nmodel = "{tiny_model}"\nformat = ["json"]\nout = "weekly"\nmax-new-tokens = 8\nquiet = true\n'
    )
    result = runner.invoke(app, ["build", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "weekly").iterdir()) == ["briefing.json"]
    assert json.loads((tmp_path / "weekly" / "briefing.json").read_text())["made_with"]["model"] == str(tiny_model)
    assert "sentences in" not in result.stdout  # quiet = true: no per-article lines

    # The command line wins over the file, option by option.
    result = runner.invoke(app, ["build", str(SEEDS), "--format", "md", "--out", "cli"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "cli").iterdir()) == ["briefing.md"]


def test_the_files_model_is_used_by_build_and_translate(tmp_path):
    (tmp_path / "briefing.toml").write_text('[build]\nmodel = "./nope"\n')
    one_error_line(runner.invoke(app, ["build", str(SEEDS)]), "no such folder: ./nope")
    one_error_line(runner.invoke(app, ["translate", "Hallo."]), "no such folder: ./nope")


def test_the_environment_goes_through_the_declared_setting_below_the_file_and_the_command_line(tmp_path, monkeypatch):
    """BRIEFING_MODEL is the `model` setting's own environment variable (settings.Setting.env):
    it is held to the setting's rules and stands below briefing.toml and --model."""
    monkeypatch.setenv("BRIEFING_MODEL", "./from-env")
    one_error_line(runner.invoke(app, ["translate", "Hallo."]), "no such folder: ./from-env")
    one_error_line(runner.invoke(app, ["build", str(SEEDS)]), "no such folder: ./from-env")
    (tmp_path / "briefing.toml").write_text('[build]\nmodel = "./from-file"\n')
    one_error_line(runner.invoke(app, ["translate", "Hallo."]), "no such folder: ./from-file")
    one_error_line(runner.invoke(app, ["translate", "Hallo.", "--model", "./from-cli"]), "no such folder: ./from-cli")


def test_the_command_lines_dates_replace_the_files_date_window(tiny_model, tmp_path):
    (tmp_path / "briefing.toml").write_text(f'[build]\nmodel = "{tiny_model}"\nweek = "2024-W25"\nformat = "json"\n')
    result = runner.invoke(app, ["build", str(SEEDS), "--since", "2022-01-01", "--until", "2022-12-31", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "briefing.json").read_text())
    assert [g["date"] for g in data["groups"]] == ["2022-08"]


def test_a_misspelt_key_is_named_with_a_suggestion(tmp_path):
    (tmp_path / "briefing.toml").write_text('[build]\nmodle = "x"\n')
    line = one_error_line(runner.invoke(app, ["build", str(SEEDS)]), "briefing.toml", "build.modle", "did you mean model?")
    assert runner.invoke(app, ["build", str(SEEDS)]).exit_code == 2, line


def test_every_problem_of_the_file_is_reported_together(tmp_path):
    (tmp_path / "briefing.toml").write_text('[build]\nbeam = 0\nformat = "rtf"\ncheck_share = nan\nweek = "juni"\n[fetch]\nfeeds = "x"\n')
    line = one_error_line(runner.invoke(app, ["build", str(SEEDS)]), "briefing.toml")
    for part in ("build.beam must be 1 or more", "build.format 'rtf': choose from", "build.check_share must be between 0 and 1",
                 "build.week 'juni' is not an ISO week"):
        assert part in line


@pytest.mark.parametrize("text,needles", [
    ("fetch = 1\n", ["fetch must be a table"]),
    ('build = "x"\n', ["build must be a table"]),
    ('model = "m"\n', ["model is not a section; put it under [build]"]),
    ("[bild]\nout = 'o'\n", ["unknown section bild", "did you mean build?"]),
    ("[fetch]\ninbox = {a=1}\n", ["fetch.inbox must be a path (a string), not a table"]),
    ("[fetch]\nout = 'o'\n", ["fetch.out is not a setting of [fetch]; it belongs under [build]"]),
    ("[build]\nbeam = true\n", ["build.beam must be a whole number, not true"]),
    ("[build]\nbeam = 2.5\n", ["build.beam must be a whole number, not the number 2.5"]),
    ("[build]\ncheck_share = inf\n", ["build.check_share must be between 0 and 1"]),
    ("[build]\nmax_article_bytes = -1\n", ["build.max_article_bytes must be 1 or more"]),
    ("[build]\nsince = 'juni'\n", ["build.since 'juni' is not a date"]),
    ("[build]\ndevice = 'gpu'\n", ["build.device 'gpu': choose auto, cpu, cuda or cuda:N"]),
    ("[build]\ntemplates = 'nowhere'\n", ["build.templates nowhere: no such folder"]),
    ("[build]\nout = ''\n", ["build.out '' is not a path"]),
    ('[build]\nmodel = "a\\u0000b"\n', ["build.model", "NUL"]),
    ("[build]\ntopic = [1, 2]\n", ["build.topic must be a string or an array of strings, not an array"]),
    ("[fetch]\nfeeds = " + "[" * 2000 + "]" * 2000 + "\n", ["nested too deep"]),
    ("x = " + "[" * 2000 + "]" * 2000 + "\n", ["nested too deep"]),
    ('[build]\n"\\n<script>" = 1\n', ["unknown key build.'\\n<script>'"]),
    ("[build\n", ["not valid TOML"]),
    ("[build]\nweek = 'last'\nsince = 2024-06-01\n", ["build.week and since/until: give one date window"]),
    ("[build]\nsince = 2024-06-30\nuntil = 2024-06-01\n", ["build.since 2024-06-30 is after until 2024-06-01"]),
])
def test_a_hostile_settings_file_is_one_error_line_naming_the_key(tmp_path, text, needles):
    (tmp_path / "briefing.toml").write_text(text)
    for command in (["build", str(SEEDS)], ["fetch", "page.html"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2
        one_error_line(result, "Error: briefing.toml: ", *needles)
    assert not (tmp_path / "{'a': 1}").exists()


def test_an_inbox_table_makes_no_folder(tmp_path):
    (tmp_path / "briefing.toml").write_text("[fetch]\ninbox = {a=1}\nfeeds = ['http://127.0.0.1:9/feed']\n")
    result = runner.invoke(app, ["fetch"])
    one_error_line(result, "fetch.inbox")
    assert not (tmp_path / "{'a': 1}").exists()


def test_a_thousand_bad_keys_make_one_short_line(tmp_path):
    (tmp_path / "briefing.toml").write_text("[build]\n" + "".join(f"k{n} = {n}\n" for n in range(1000)))
    line = one_error_line(runner.invoke(app, ["build", str(SEEDS)]), "unknown key build.k0", "; and 990 more")
    assert len(line) < 1000


def test_a_200_mb_settings_file_is_refused_without_reading_it(tmp_path):
    with open(tmp_path / "briefing.toml", "wb") as handle:
        handle.write(b"[build]\n")
        handle.truncate(200 * 2**20)  # sparse: 200 MB on paper
    start = time.monotonic()
    one_error_line(runner.invoke(app, ["build", str(SEEDS)]), "briefing.toml: larger than 1,000,000 bytes")
    assert time.monotonic() - start < 5


def test_a_fifo_named_briefing_toml_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "briefing.toml")
    done = cli(["build", str(SEEDS)], tmp_path, timeout=30)
    one_error_line_of(done, "briefing.toml: is a pipe, device or socket")


def test_config_dev_zero_is_refused_at_once(tmp_path):
    done = cli(["build", str(SEEDS), "--config", "/dev/zero"], tmp_path, timeout=30)
    one_error_line_of(done, "/dev/zero: is a pipe, device or socket")


def test_a_dangling_link_named_briefing_toml_is_named(tmp_path):
    (tmp_path / "briefing.toml").symlink_to(tmp_path / "gone.toml")
    one_error_line(runner.invoke(app, ["build", str(SEEDS)]), "briefing.toml: a link to", "which does not exist")


def test_a_folder_named_briefing_toml_is_refused(tmp_path):
    (tmp_path / "briefing.toml").mkdir()
    one_error_line(runner.invoke(app, ["build", str(SEEDS)]), "briefing.toml: is a folder")


def test_a_settings_file_in_cp1252_is_one_message(tmp_path):
    (tmp_path / "briefing.toml").write_bytes('[build]\ntopic = "café"\n'.encode("cp1252"))
    one_error_line(runner.invoke(app, ["build", str(SEEDS)]), "briefing.toml: not UTF-8")


def test_the_declarations_are_the_command_lines_options():
    """One declaration per option: the command line's help and default come from it."""
    from briefing.settings import BUILD

    result = runner.invoke(app, ["build", "--help"], env={"COLUMNS": "300"})
    for s in BUILD:
        assert s.option in result.stdout


# --- the command line's numbers -----------------------------------------------------------------


@pytest.mark.parametrize("args,message", [
    (["build", "seeds", "--check-share", "nan"], "--check-share must be between 0 and 1"),
    (["build", "seeds", "--check-share", "inf"], "--check-share must be between 0 and 1"),
    (["build", "seeds", "--device", "gpu"], "--device 'gpu': choose auto, cpu, cuda or cuda:N"),
    (["build", "seeds", "--beam", "0"], "--beam must be 1 or more"),
    (["archive", "seeds", "--out", "o", "--gpus-per-worker", "nan"], "--gpus-per-worker must be a number of 0 or more"),
    (["archive", "seeds", "--out", "o", "--gpus-per-worker", "-1"], "--gpus-per-worker must be a number of 0 or more"),
    (["archive", "seeds", "--out", "o", "--shard-articles", "0"], "--shard-articles must be 1 or more"),
    (["archive", "seeds", "--out", "o", "--max-article-bytes", "0"], "--max-article-bytes must be 1 or more"),
    (["translate", "Hallo.", "--device", "cuda:x"], "--device 'cuda:x'"),
])
def test_impossible_numbers_and_names_are_usage_errors(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    one_error_line(result, message)


def test_the_shared_number_check_refuses_nan_and_inf():
    from briefing.settings import Invalid, finite

    over_zero = finite(0, low_included=False)
    assert over_zero(1.5) == 1.5
    for bad in (float("nan"), float("inf"), 0, -1):
        with pytest.raises(Invalid):
            over_zero(bad)


# --- glossaries ---------------------------------------------------------------------------------


def qa_pair(tmp_path: Path) -> list[str]:
    (tmp_path / "nl.txt").write_text("Poetin kwam.\n")
    (tmp_path / "en.txt").write_text("Putin came.\n")
    return ["qa", "nl.txt", "en.txt"]


@pytest.mark.parametrize("name,text,needles", [
    ("g.toml", "terms = 1\n", ["--glossary g.toml: terms must be a table"]),
    ("g.toml", '[terms]\nPoetin = 1\n', ["--glossary g.toml", "the English must be a string"]),
    ("g.toml", '[terms]\nPoetin = { a = "b" }\n', ["the English must be a string, not a table"]),
    ("g.toml", "terms = " + "[" * 2000 + "]" * 2000 + "\n", ["nested too deep"]),
    ("g.tsv", "Poe\ufffftin\tPutin\n", ["--glossary g.tsv, line 1", "U+FFFF"]),
    ("g.tsv", "Poetin\tPu\ufffetin\n", ["U+FFFE"]),
    ("g.toml", '[terms]\n"Poe\\uFFFFtin" = "Putin"\n', ["U+FFFF"]),
    ("g.tsv", "Poetin\tPu\U0001fffftin\n", ["U+1FFFF"]),
])
def test_a_hostile_glossary_is_one_error_line(tmp_path, name, text, needles):
    (tmp_path / name).write_text(text, encoding="utf-8")
    one_error_line(runner.invoke(app, [*qa_pair(tmp_path), "--glossary", name]), *needles)


def test_a_glossary_fifo_or_dev_zero_is_refused_at_once(tmp_path):
    qa_pair(tmp_path)
    os.mkfifo(tmp_path / "g.tsv")
    for glossary in ("g.tsv", "/dev/zero"):
        done = cli(["qa", "nl.txt", "en.txt", "--glossary", glossary], tmp_path, timeout=30)
        one_error_line_of(done, f"--glossary {glossary}: is not a regular file")


def test_an_oversized_glossary_is_refused(tmp_path):
    (tmp_path / "g.tsv").write_text("Poetin\tPutin\n" * 200_000)
    one_error_line(runner.invoke(app, [*qa_pair(tmp_path), "--glossary", "g.tsv"]), "too large for a glossary")


def test_a_good_toml_glossary_still_works(tmp_path):
    (tmp_path / "g.toml").write_text('[terms]\n"Poetin" = "Putin"\n')
    result = runner.invoke(app, [*qa_pair(tmp_path), "--glossary", "g.toml"])
    assert result.exit_code == 0, result.output


# --- unbounded reads ----------------------------------------------------------------------------


def test_translate_reads_no_more_than_an_article_from_dev_zero(tmp_path):
    with open("/dev/zero", "rb") as zero:
        done = cli(["translate"], tmp_path, stdin=zero, timeout=60)
    one_error_line_of(done, "standard input is over 500,000 bytes")


def test_qa_reads_no_more_than_its_limit_from_standard_input(tmp_path):
    (tmp_path / "en.txt").write_text("Putin came.\n")
    with open("/dev/zero", "rb") as zero:
        done = cli(["qa", "-", "en.txt"], tmp_path, stdin=zero, timeout=60)
    one_error_line_of(done, "standard input is over 50,000,000 bytes")


def test_qa_takes_standard_input_for_one_side(tmp_path):
    (tmp_path / "en.txt").write_text("Putin came.\n")
    result = runner.invoke(app, ["qa", "-", "en.txt"], input="Poetin kwam.\n")
    assert result.exit_code == 0 and result.stdout.endswith("of 1 line flagged\n"), result.output


@pytest.mark.parametrize("target", ["fifo", "/dev/zero", "/dev/stdin"])
def test_qa_refuses_a_fifo_or_device_at_once(tmp_path, target):
    (tmp_path / "en.txt").write_text("Putin came.\n")
    if target == "fifo":
        os.mkfifo(tmp_path / "nl.txt")
        target = "nl.txt"
    with open("/dev/zero", "rb") as zero:
        done = cli(["qa", target, "en.txt"], tmp_path, stdin=zero, timeout=30)
    one_error_line_of(done, "is not a regular file")


# --- translate FILE -----------------------------------------------------------------------------


def test_translate_with_a_file_name_translates_the_file(tiny_model, tmp_path):
    (tmp_path / "artikel.txt").write_text("Kim Jong-un schreef een brief.")
    as_argument = runner.invoke(app, ["translate", "artikel.txt", "--model", str(tiny_model)])
    with_f = runner.invoke(app, ["translate", "-f", "artikel.txt", "--model", str(tiny_model)])
    assert as_argument.exit_code == with_f.exit_code == 0, as_argument.output
    assert as_argument.stdout == with_f.stdout
    assert "note: artikel.txt is a file: translating its text" in as_argument.stderr


def test_translate_with_a_missing_file_name_says_so(tmp_path):
    one_error_line(runner.invoke(app, ["translate", "artikel.txt"]), "artikel.txt: no such file")
    one_error_line(runner.invoke(app, ["translate", "nieuws/Artikel.HTML"]), "no such file")


def test_translate_with_a_folder_says_so(tmp_path):
    (tmp_path / "news").mkdir()
    one_error_line(runner.invoke(app, ["translate", "news/"]), "news/ is a folder", "briefing build news/")
    # A single word that names a folder here is still a word to translate.
    one_error_line(runner.invoke(app, ["translate", "news"]), "cannot load translation model")


def test_translate_of_a_saved_page_translates_its_article(tiny_model, tmp_path):
    body = "<p>" + "De minister van Buitenlandse Zaken sprak maandag in Den Haag met zijn collega. " * 4 + "</p>"
    (tmp_path / "p.html").write_text(f"<html><head><title>Bezoek</title></head><body><article><h1>Bezoek</h1>{body}{body}</article></body></html>")
    result = runner.invoke(app, ["translate", "-f", "p.html", "--model", str(tiny_model)])
    assert "<p>" not in result.stdout and "Traceback" not in result.output


# --- --model ------------------------------------------------------------------------------------


def test_a_path_shaped_model_that_is_missing_is_no_such_folder(tmp_path):
    (tmp_path / "out").mkdir()
    for name in ("out/tiny-model", "models/nl/opus", "./m", "~/nowhere-model-briefing"):
        one_error_line(runner.invoke(app, ["translate", "Hallo.", "--model", name]), f"no such folder: {name}")


def test_a_hub_id_still_goes_to_the_hub(tmp_path):
    line = one_error_line(runner.invoke(app, ["translate", "Hallo.", "--model", "org/name"]))
    assert line.startswith("Error: cannot load translation model org/name:")


# --- topic, extras, help, plurals ---------------------------------------------------------------


def test_a_topic_without_a_match_says_so(tmp_path):
    one_error_line(runner.invoke(app, ["build", str(SEEDS), "--topic", "Atlantis"]),
                   "no article mentions the topic (Atlantis)", "5 articles read")
    one_error_line(runner.invoke(app, ["build", str(SEEDS), "--topic", "Atlantis", "--week", "2024-W25"]),
                   "1 article in the selected dates, none holds")
    one_error_line(runner.invoke(app, ["build", str(SEEDS), "--week", "2030-W01"]), "no article falls within the selected dates")


def test_archive_without_pyarrow_exits_1_with_this_installs_pip(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    result = runner.invoke(app, ["archive", str(SEEDS), "--out", "o", "--engine", "local"])
    assert result.exit_code == 1
    line = one_error_line(result, "the scale extra", "install -e '", "[scale]'")
    assert "pip install 'briefing[scale]'" not in line


def test_the_install_hint_names_this_python_and_this_checkout():
    from briefing.extras import install_hint

    hint = install_hint("scale")  # the tests run in a folder of their own, outside the checkout
    assert hint.endswith(f"install -e '{ROOT}[scale]'")
    assert hint.startswith(str(Path(sys.executable).parent / "pip")) or hint.startswith(f"{sys.executable} -m pip")


@pytest.mark.parametrize("command", ["build", "translate", "fetch", "send", "convert", "archive", "qa", "eval-quotes"])
def test_every_command_has_examples(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Examples:" in result.stdout


def test_eval_quotes_points_at_what_ships():
    result = runner.invoke(app, ["eval-quotes", "--help"], env={"COLUMNS": "200"})
    assert "bench/quotes-heldout/gold.json" in result.stdout and "../shared" not in result.stdout
    assert (ROOT / "bench" / "quotes-heldout" / "gold.json").is_file()


def test_one_of_everything_is_said_in_the_singular(tiny_model, tmp_path):
    (tmp_path / "a.txt").write_text("date: 2024-06-01\n\nDe minister kwam.")
    result = runner.invoke(app, ["build", "a.txt", "--model", str(tiny_model), "--format", "json", "--max-new-tokens", "8"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("1 article, 1 sentence, 0 key quotes\n")
    assert "  a.txt: 1 sentence in, 1 row out\n" in out
    assert "\n1 story; QA flags" in out and "1 stories" not in out
    assert "1 segments" not in out


def test_the_readmes_settings_example_is_accepted(tmp_path):
    import re

    from briefing.settings import load_settings

    example = re.search(r"```toml\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert example
    (tmp_path / "briefing.toml").write_text(example.group(1))
    build = load_settings().section("build")
    assert build["formats"] == ("html", "md", "pdf") and build["quiet"] is True
