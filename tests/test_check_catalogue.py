"""Every wrong answer of the catalogue fails with its intended hint; every right one passes."""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter

import pytest

import tests.catalogue
from tests.catalogue import Right, Wrong

TABLES = [importlib.import_module(f"tests.catalogue.{info.name}")
          for info in sorted(pkgutil.iter_modules(tests.catalogue.__path__), key=lambda i: i.name)]
WRONG: list[Wrong] = [entry for table in TABLES for entry in table.WRONG]
RIGHT: list[Right] = [entry for table in TABLES for entry in table.RIGHT]
MISTAKES = {check: mistakes for table in TABLES for check, mistakes in table.MISTAKES.items()}
MIN_WRONG, MIN_RIGHT = 8, 2
# the table each entry comes from, so that `pytest -k nb05` (or any table's name) selects its entries
TABLE_OF = {id(entry): table.__name__.rsplit(".", 1)[-1] for table in TABLES for entry in (*table.WRONG, *table.RIGHT)}


def name(entry) -> str:
    return f"{TABLE_OF[id(entry)]}: {entry.check.__name__}: {entry.what}"


@pytest.mark.parametrize("entry", WRONG, ids=name)
def test_a_wrong_answer_fails_with_the_intended_hint(entry):
    report = entry.check(entry.answer)
    assert report.status == "failed", str(report)
    assert report.hint_key == entry.hint, str(report)


@pytest.mark.parametrize("entry", RIGHT, ids=name)
def test_a_right_answer_written_another_way_passes(entry):
    report = entry.check(entry.answer)
    assert report.ok, str(report)


def test_every_check_has_enough_wrong_and_right_answers():
    wrong = Counter(entry.check.__name__ for entry in WRONG)
    right = Counter(entry.check.__name__ for entry in RIGHT)
    for check in MISTAKES:
        assert wrong[check.__name__] >= MIN_WRONG, f"{check.__name__}: {wrong[check.__name__]} wrong answers"
        assert right[check.__name__] >= MIN_RIGHT, f"{check.__name__}: {right[check.__name__]} right answers"


def test_every_known_mistake_is_met_by_a_wrong_answer():
    met = {(entry.check, entry.hint) for entry in WRONG}
    for check, mistakes in MISTAKES.items():
        for mistake in mistakes:
            assert mistake.key, f"{check.__name__}: a Mistake without a key: {mistake.hint[:60]}"
            assert (check, mistake.key) in met, f"{check.__name__}: no wrong answer meets {mistake.key!r}"


def test_mistake_keys_are_unique_within_a_check():
    for check, mistakes in MISTAKES.items():
        keys = [m.key for m in mistakes]
        assert len(keys) == len(set(keys)), f"{check.__name__}: {keys}"
