"""Golden files: render the seeds with a deterministic stand-in translator and compare the whole
output with the checked-in expectation. After an intended change: UPDATE_GOLDEN=1 make test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SEEDS

from briefing.build import BuildConfig, build
from briefing.testing import StandInTranslator

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_seed_briefing_matches_golden_file(tmp_path, fmt):
    build(BuildConfig(inputs=[str(SEEDS)], out_dir=tmp_path, formats=(fmt,)), translator=StandInTranslator())
    got = (tmp_path / f"briefing.{fmt}").read_text(encoding="utf-8")
    # The file name only; the seeds' folder differs between checkouts.
    got = got.replace(str(SEEDS) + os.sep, "seeds/")
    golden = GOLDEN / f"seeds.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")
