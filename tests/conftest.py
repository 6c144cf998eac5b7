"""Shared fixtures. Every test runs isolated: its own working folder, no network, a fixed clock."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session", autouse=True)
def offline_environment(tmp_path_factory):
    """For the whole session (module fixtures too): no network, no user cache or model
    setting, a fixed build time."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("HF_HOME", str(home / "hf-home"))
        mp.setenv("XDG_CACHE_HOME", str(home / "cache"))
        mp.setenv("XDG_DATA_HOME", str(home / "data"))
        mp.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
        mp.delenv("BRIEFING_MODEL", raising=False)
        yield


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Each test in its own working folder, with its own caches and history."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """A tiny MarianMT model, built once per test session, loaded like the real one."""
    from briefing.testing import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"), SEEDS)


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


def pytest_report_header(config):
    return f"shared data: {'present' if SHARED.is_dir() else 'absent (tests that need it skip)'}"


os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
