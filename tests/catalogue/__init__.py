"""The catalogue of answers a student might write, one table per notebook.

Each ``nbXX.py`` defines two lists:

* ``WRONG``: ``Wrong(check, answer, hint, what)``. ``check(answer)`` must fail
  and name ``hint``, the key of the hint the report gives (a Mistake's key,
  e.g. ``"no-bias"``, or a generic one, e.g. ``"sign"``, ``"shape:transposed"``,
  ``"type:int"``, ``"timeout"``; see ``lecture_utils/checks/_hints.py`` and
  ``_core.py``).
* ``RIGHT``: ``Right(check, answer, what)``. ``check(answer)`` must pass: a
  correct answer written another way (einsum, float32, lists, ``lu.Value``, …).

``tests/test_check_catalogue.py`` runs every entry.
"""

from __future__ import annotations

from typing import Callable, NamedTuple


class Wrong(NamedTuple):
    check: Callable
    answer: Callable
    hint: str
    what: str


class Right(NamedTuple):
    check: Callable
    answer: Callable
    what: str
