"""The engine behind every exercise check (see ``lecture_utils.checks``)."""

from __future__ import annotations

import copy
import inspect
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

NOT_STARTED = "not started yet"


@dataclass
class Case:
    """One test case: positional arguments and a short description."""

    args: tuple
    description: str = ""
    kwargs: dict = field(default_factory=dict)


@dataclass
class Mistake:
    """A known wrong answer: ``wrong(*args)`` computes what the mistake gives."""

    hint: str
    wrong: Callable


@dataclass
class CheckReport:
    """The outcome of a check; it prints as a short text report."""

    name: str
    status: str  # "not started", "passed" or "failed"
    passed: int
    total: int
    details: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "passed"

    def __str__(self) -> str:
        if self.status == "not started":
            return (f"{self.name}: {NOT_STARTED} (the stub still raises NotImplementedError; "
                    "replace that line with your code and run the cell again)")
        if self.status == "passed":
            return f"{self.name}: all {self.total}/{self.total} cases passed ✓"
        head = f"{self.name}: {self.passed}/{self.total} cases passed ✗"
        return "\n".join([head, *("  " + line for line in self.details)])

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))


@contextmanager
def quiet_numpy():
    """Silence NumPy's floating-point warnings: the report explains nan and inf itself."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def fmt(x: Any) -> str:
    """Short, deterministic text for a value in a report; never raises."""
    try:
        return _fmt(x)
    except Exception:  # noqa: BLE001 - e.g. a ragged list that is no array
        return repr(x)[:300]


def _fmt(x: Any) -> str:
    if isinstance(x, dict):
        # A dict of parameter arrays, on one line: small arrays in full, larger ones by shape.
        def entry(v) -> str:
            a = np.asarray(v)
            return repr((np.round(a, 4) + 0.0).tolist()) if a.size <= 6 else f"array of shape {a.shape}"

        return "{" + ", ".join(f"{k}: {entry(v)}" for k, v in x.items()) + "}"
    if isinstance(x, np.ndarray) or (isinstance(x, (list, tuple)) and not _is_tuple_output(x)):
        a = np.asarray(x)
        if a.dtype.kind == "f":
            a = a + 0.0  # prints -0.0 as 0.0
            text = np.array2string(a, precision=4, suppress_small=True, max_line_width=72, threshold=40)
        else:
            text = np.array2string(a, max_line_width=72, threshold=40)
        shape = f"  (shape {a.shape})" if a.ndim >= 1 else ""
        return text.replace("\n", "\n      ") + shape
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.6g}"
    return repr(x)


def _is_tuple_output(x) -> bool:
    return isinstance(x, tuple) and any(isinstance(v, (np.ndarray, list, tuple)) for v in x)


def _as_array(x):
    """The student's output as an array, or None if it is not array-like."""
    if x is None:
        return None
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        return None
    return a


def _close(got, expected, rtol: float, atol: float) -> bool:
    g, e = _as_array(got), np.asarray(expected, dtype=float)
    return g is not None and g.shape == e.shape and bool(np.allclose(g, e, rtol=rtol, atol=atol))


def generic_hint(got, expected, rtol: float, atol: float) -> str:
    """A hint read off the relation between ``got`` and ``expected``."""
    if got is None:
        return "your function returned None: did you forget the `return` statement?"
    g, e = _as_array(got), np.asarray(expected, dtype=float)
    if g is None:
        return f"expected numbers, got a {type(got).__name__}."
    if g.shape != e.shape:
        if g.ndim == 2 and g.shape == e.shape[::-1]:
            return (f"the shape is transposed: expected {e.shape}, got {g.shape}. "
                    "Check the order of the factors in your matrix product, or a missing .T.")
        if g.size == e.size:
            return f"right numbers of entries but the wrong shape: expected {e.shape}, got {g.shape}."
        if g.ndim == 0 or g.size == 1:
            return f"expected an array of shape {e.shape}, got a single number: did you sum or average too much?"
        if e.ndim >= 1 and g.ndim == e.ndim - 1 and g.shape == e.shape[1:]:
            return f"expected shape {e.shape}, got {g.shape}: did you sum over the rows instead of keeping them?"
        return f"expected shape {e.shape}, got {g.shape}."
    if not np.all(np.isfinite(g)) and np.all(np.isfinite(e)):
        return ("got nan or inf where the answer is finite: an overflow? exp of a large number "
                "overflows; subtract the maximum first, or use a form that never exponentiates "
                "a large positive number.")
    if np.allclose(g, -e, rtol=rtol, atol=atol) and np.any(np.abs(e) > atol):
        return "the sign is flipped: every entry is the negative of the expected one."
    if e.ndim == 2 and e.shape[0] == e.shape[1] and np.allclose(g, e.T, rtol=rtol, atol=atol):
        return "you returned the transpose of the answer: check the order of the factors, or a missing .T."
    shift = (g - e).ravel()[0]
    if g.size > 1 and np.allclose(g - e, shift, rtol=0, atol=atol + rtol * np.abs(e).max()):
        return (f"every entry is off by the same amount, {shift:+.4g}: an extra or missing constant "
                "term (a bias added twice or left out?).")
    mask = np.abs(e) > 1e-12
    if np.any(mask):
        ratios = g[mask] / e[mask]
        r = ratios.ravel()[0]
        if np.allclose(ratios, r, rtol=1e-6) and not np.isclose(r, 1.0):
            return (f"every entry is {r:.4g} times the expected one: a missing or extra constant factor, "
                    "e.g. forgot to divide by n (the number of rows), or divided twice.")
    return "the numbers differ; compare your formula with the derivation above, term by term."


def exception_hint(exc: Exception) -> str:
    """A hint for an exception raised by the student's code.

    A check that raises its own exception type around the student's code
    (e.g. to name an overflow) can attach the hint as ``exc.hint``.
    """
    if getattr(exc, "hint", None):
        return exc.hint
    text = str(exc).lower()
    if any(word in text for word in ("mismatch", "not aligned", "broadcast", "shapes", "dimension")):
        return ("a shape error. Print the shape of every array you combine: A @ B needs as many columns "
                "in A as rows in B, and with one example per row a layer is X @ W with W of shape (d, p).")
    if isinstance(exc, (TypeError, AttributeError)) and "list" in text:
        return "an operation on a Python list: convert the inputs with np.asarray(...) first."
    return "run your function on the case above in a cell of its own to see where it fails."


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape \
            and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - any odd comparison means "not the same"
        return False


def _arg_names(func: Callable, n: int) -> list[str]:
    try:
        names = list(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        names = []
    return (names + [f"argument {i + 1}" for i in range(len(names), n)])[:n]


def _describe(case: Case, names: list[str]) -> list[str]:
    lines = [f"case: {case.description}"] if case.description else []
    for name, value in zip(names, case.args):
        if callable(value):
            continue
        lines.append(f"  {name} = {fmt(value)}")
    return lines


def run_check(name: str, student: Callable, reference: Callable, cases: list[Case], *,
              mistakes: tuple = (), rtol: float = 1e-5, atol: float = 1e-7,
              output_names: tuple | None = None) -> CheckReport:
    """Run ``student`` against ``reference`` on every case; never raises.

    Parameters
    ----------
    name : title of the report, e.g. "check_softmax"
    student : the student's function
    reference : the correct function (same signature)
    cases : list of Case
    mistakes : Mistake objects tried, in order, when a case fails
    rtol, atol : tolerance of ``np.allclose``
    output_names : names of the parts when the function returns a tuple, e.g. ("dX", "dW", "db")

    Returns
    -------
    CheckReport
    """
    if not callable(student):
        return CheckReport(name, "failed", 0, len(cases), [f"expected a function, got {type(student).__name__}."])
    names = _arg_names(reference, max((len(c.args) for c in cases), default=0))
    passed = 0
    for case in cases:
        pristine = copy.deepcopy(case.args)
        expected = reference(*copy.deepcopy(case.args), **case.kwargs)
        given = copy.deepcopy(case.args)
        try:
            with quiet_numpy():
                got = student(*given, **copy.deepcopy(case.kwargs))
        except NotImplementedError:
            if passed == 0 and case is cases[0]:
                return CheckReport(name, "not started", 0, len(cases))
            return _fail(name, passed, cases, case, names, ["your function raised NotImplementedError."])
        except Exception as exc:  # noqa: BLE001 - the student's code may raise anything
            return _fail(name, passed, cases, case, names,
                         [f"your function raised {type(exc).__name__}: {exc}", "hint: " + exception_hint(exc)])
        if not _same(given, pristine):
            changed = [n for n, a, b in zip(names, given, pristine) if not _same(a, b)]
            return _fail(name, passed, cases, case, names,
                         [f"your function changed its input {', '.join(changed)} in place.",
                          "hint: compute a new array (e.g. Z = X - m) instead of writing into the "
                          "argument (X -= m); the caller still needs the original."])
        problem = _compare(got, expected, case, mistakes, rtol, atol, output_names)
        if problem:
            return _fail(name, passed, cases, case, names, problem)
        passed += 1
    return CheckReport(name, "passed", passed, len(cases))


def _compare(got, expected, case: Case, mistakes, rtol, atol, output_names) -> list[str]:
    """Empty list when ``got`` matches ``expected``, else report lines."""
    if isinstance(expected, tuple):
        labels = output_names or tuple(f"output {i + 1}" for i in range(len(expected)))
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return [f"expected {len(expected)} results ({', '.join(labels)}), got {fmt(got)}."]
        for index, (label, g, e) in enumerate(zip(labels, got, expected)):
            lines = _compare_one(g, e, case, mistakes, rtol, atol, label, index)
            if lines:
                return lines
        return []
    return _compare_one(got, expected, case, mistakes, rtol, atol, None, None)


def _compare_one(got, expected, case, mistakes, rtol, atol, label, index) -> list[str]:
    try:
        if _close(got, expected, rtol, atol):
            return []
        prefix = f"{label}: " if label else ""
        hint = _mistake_hint(got, case, mistakes, rtol, atol, index) or generic_hint(got, expected, rtol, atol)
        return [f"{prefix}expected {fmt(expected)}", f"{' ' * len(prefix)}got      {fmt(got)}", f"hint: {hint}"]
    except Exception as exc:  # noqa: BLE001 - a check must never raise
        return [f"could not compare your result ({type(exc).__name__}: {exc}); got {fmt(got)}"]


def _mistake_hint(got, case: Case, mistakes, rtol, atol, index) -> str:
    """The hint of the first known mistake whose output equals ``got``."""
    g = _as_array(got)
    if g is None:
        return ""
    for mistake in mistakes:
        try:
            with quiet_numpy():
                wrong = mistake.wrong(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
            if index is not None:
                wrong = wrong[index]
            w = _as_array(wrong)
        except Exception:  # noqa: BLE001 - a mistake that cannot run on this case does not apply
            continue
        if w is not None and g.shape == w.shape and np.allclose(g, w, rtol=rtol, atol=atol, equal_nan=True):
            return mistake.hint
    return ""


def _fail(name, passed, cases, case, names, lines) -> CheckReport:
    return CheckReport(name, "failed", passed, len(cases), [*_describe(case, names), *lines])
