"""Named rules, tried in order: the way attribution reads the shapes of Dutch.

A rule is a name that says what shape of Dutch it handles (`spokesperson of a body`, `pronoun
before the verb`) and a function that reads a context (a noun phrase, a clause, a sentence) and
answers with what it found, with None where the shape is its own and names no one for certain
(silence beats a wrong name), or with PASS where the shape is not its own and the next rule is
tried. The tests list, per rule name, phrases it must decide (tests/test_attribution_rules.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Final, Generic, Literal, TypeVar


class Undecided(Enum):
    """A rule's answer where the context is not of its shape: the next rule is tried."""

    PASS = "pass"


PASS: Final = Undecided.PASS
C = TypeVar("C")  # what a rule reads: a noun phrase, a clause, a sentence
R = TypeVar("R")  # what it finds: a speaker, a person


@dataclass(frozen=True)
class Rule(Generic[C, R]):
    """One named shape of Dutch and what it says: R, None (nobody, for certain), or PASS."""

    name: str
    apply: Callable[[C], R | Literal[Undecided.PASS] | None]


def first_verdict(rules: tuple[Rule[C, R], ...], context: C) -> tuple[str, R | None]:
    """The first rule that decides, by name, and what it found; ("", None) where none does."""
    for rule in rules:
        verdict = rule.apply(context)
        if verdict is not PASS:
            return rule.name, verdict
    return "", None
