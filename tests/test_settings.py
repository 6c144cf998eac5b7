"""The settings file's type rules, one per kind of setting (settings._TOML_TYPE_RULES): per rule,
TOML values it takes and values it refuses, and what Setting.from_file makes of them."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from briefing import settings
from briefing.settings import Invalid, Setting

# (rule, kind, TOML text of a value it takes, TOML text of a value it refuses, the refusal)
RULES = [
    ("_is_bool", bool, "true", "1", "must be true or false, not the number 1"),
    ("_is_whole_number", int, "3", "true", "must be a whole number, not true"),
    ("_is_whole_number", int, "-7", "2.5", "must be a whole number, not the number 2.5"),
    ("_is_number", float, "0.5", "false", "must be a number, not false"),
    ("_is_number", float, "2", '"2"', "must be a number, not the string '2'"),
    ("_is_strings", list, '"html,md"', '["a", 1]', "must be a string or an array of strings, not an array"),
    ("_is_strings", list, '["html", "md"]', "{a = 1}", "must be a string or an array of strings, not a table"),
    ("_is_date", dt.date, "2024-06-18", "2024-06-18T10:00:00", "must be a date (2024-06-18), not a datetime"),
    ("_is_date", dt.date, '"2024-06-18"', "20240618", "must be a date (2024-06-18), not the number 20240618"),
    ("_is_string", str, '"nl"', "[]", "must be a string, not an array"),
    ("_is_string", Path, '"~/news"', "1", "must be a path (a string), not the number 1"),
]


def toml_value(text: str) -> Any:
    return tomllib.loads(f"v = {text}")["v"]


@pytest.mark.parametrize(("rule", "kind", "takes", "refuses", "refusal"), RULES, ids=[f"{r[0]}-{r[1].__name__}" for r in RULES])
def test_each_kind_takes_its_toml_values_and_refuses_others(rule: str, kind: type, takes: str, refuses: str, refusal: str) -> None:
    check = settings._TOML_TYPE_RULES.get(kind, settings._is_string)
    assert check.__name__ == rule
    assert check(toml_value(takes)) and not check(toml_value(refuses))
    setting = Setting("v", kind, None, "")
    setting.from_file(toml_value(takes))
    with pytest.raises(Invalid) as refused:
        setting.from_file(toml_value(refuses))
    assert str(refused.value) == refusal


def test_a_path_is_expanded_and_an_empty_one_or_a_nul_refused() -> None:
    path = Setting("v", Path, None, "")
    assert path.from_file("~/news") == Path("~/news").expanduser()
    for bad in ("", "  ", "a\0b"):
        with pytest.raises(Invalid, match="is not a path"):
            path.from_file(bad)


def test_a_string_with_a_nul_is_refused_and_the_check_runs_last() -> None:
    with pytest.raises(Invalid, match="holds a NUL character"):
        Setting("v", str, None, "").from_file("a\0b")
    assert Setting("v", int, None, "", check=lambda n: n * 2).from_file(4) == 8
