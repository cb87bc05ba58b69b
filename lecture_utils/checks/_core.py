"""The engine behind every exercise check (see ``lecture_utils.checks``)."""

from __future__ import annotations

import copy
import inspect
import itertools
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from . import _sandbox
from ._hints import Hint, exception_hint, safe_str, shape_hint, value_hint

NOT_STARTED = "not started yet"
FLOAT32_RTOL = 1e-5
"""Relative tolerance when the student computes in float32 (its rounding unit is about 6e-8)."""


@dataclass
class Case:
    """One test case: positional arguments and a short description."""

    args: tuple
    description: str = ""
    kwargs: dict = field(default_factory=dict)


@dataclass
class Mistake:
    """A known wrong answer: ``wrong(*args)`` computes what the mistake gives.

    It matches when the student's result equals ``wrong``'s, or when both raise
    the same exception with the same message. ``key`` names it in tests.
    ``spots(result)``, if given, recognises the mistake from the form of the
    result itself (e.g. two lists where a list of pairs is asked).
    """

    hint: str
    wrong: Callable | None = None
    key: str = ""
    spots: Callable | None = None


@dataclass
class CheckReport:
    """The outcome of a check; it prints as a short text report.

    status : "not started", "passed", "failed" or "interrupted"
    hint_key : which hint the failure got (a Mistake's key or a generic one, e.g. "sign")
    restored : names of lecture_utils that the student's code rebound (all put back)
    """

    name: str
    status: str
    passed: int
    total: int
    details: list = field(default_factory=list)
    hint_key: str = ""
    label: str = ""
    notes: list = field(default_factory=list)
    restored: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "passed"

    @property
    def title(self) -> str:
        return f"{self.name}({self.label})" if self.label else self.name

    def __str__(self) -> str:
        if self.status == "interrupted":
            return f"{self.title}: interrupted (you stopped it); run the cell again to check your function"
        if self.status == "not started":
            head = (f"{self.title}: {NOT_STARTED} (the stub still raises NotImplementedError; "
                    "replace that line with your code and run the cell again)")
        elif self.status == "passed":
            head = f"{self.title}: all {self.total}/{self.total} cases passed ✓"
        else:
            head = f"{self.title}: {self.passed}/{self.total} cases passed ✗"
        return "\n".join([head, *("  " + line for line in self.details), *("  note: " + n for n in self.notes)])

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))


class CheckReports(list):
    """Several reports shown together, one after the other."""

    @property
    def ok(self) -> bool:
        return all(report.ok for report in self)

    def __str__(self) -> str:
        return "\n".join(str(report) for report in self)

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))


@contextmanager
def quiet_numpy():
    """Silence NumPy's floating-point warnings: the report explains nan and inf itself."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


# ------------------------------------------------------------------ formatting values (never raises)

def fmt(x: Any, digits: int = 4) -> str:
    """Short, deterministic text for a value in a report; never raises."""
    try:
        text = _fmt(x, digits)
    except BaseException:  # noqa: BLE001 - a student's object may fail to print in any way
        text = safe_str(x)
    return text if len(text) <= 600 else text[:600] + " …"


def _fmt(x: Any, digits: int) -> str:
    if isinstance(x, dict):
        def entry(v) -> str:
            a = np.asarray(v)
            if a.dtype.kind not in "biuf":
                return fmt(v, digits)
            return repr((np.round(a, digits) + 0).tolist()) if a.size <= 6 else f"array of shape {a.shape}"

        return "{" + ", ".join(f"{k}: {entry(v)}" for k, v in x.items()) + "}"
    if isinstance(x, (list, tuple)) and len(x) > 1000:
        return f"a {type(x).__name__} of {len(x)} items"
    if isinstance(x, np.ndarray) or (isinstance(x, (list, tuple)) and not _is_tuple_output(x)):
        a = np.asarray(x)
        if a.dtype.kind not in "biuf":
            return safe_str(x)
        if a.dtype.kind == "f":
            a = a + 0.0  # prints -0.0 as 0.0
            text = np.array2string(a, precision=digits, suppress_small=True, max_line_width=72, threshold=40)
        else:
            text = np.array2string(a, max_line_width=72, threshold=40)
        if not isinstance(x, np.ndarray):  # a list stays a list: commas, no shape
            return np.array2string(a, precision=digits, suppress_small=True, max_line_width=72, threshold=40,
                                   separator=", ")
        shape = f"  (shape {a.shape})" if a.ndim >= 1 else ""
        return text + shape
    if isinstance(x, (float, np.floating)):
        text = f"{float(x):.{digits + 2}g}"
        return text if any(c in text for c in ".enai") else text + ".0"  # 51.0 is not the int 51
    if isinstance(x, tuple):
        return "(" + ", ".join(fmt(v, digits) for v in x) + ("," if len(x) == 1 else "") + ")"
    if isinstance(x, str):
        return repr(x) if len(x) <= 300 else repr(x[:300]) + " …"
    return safe_str(x)


def _is_tuple_output(x) -> bool:
    return isinstance(x, tuple) and any(isinstance(v, (np.ndarray, list, tuple)) for v in x)


def function_name(f) -> str:
    """The name of the function a report is about ('' if it has none); never raises."""
    try:
        name = getattr(f, "__name__", "")
        return name if isinstance(name, str) else ""
    except BaseException:  # noqa: BLE001
        return ""


# ------------------------------------------------------------------ what a result must be

def _kind(expected) -> str:
    if isinstance(expected, dict):
        return "dict"
    if isinstance(expected, tuple):
        return "tuple"
    if isinstance(expected, (bool, np.bool_)):
        return "bool"
    if isinstance(expected, (int, np.integer)):
        return "int"
    if isinstance(expected, (float, np.floating)) or (isinstance(expected, np.ndarray) and expected.ndim == 0):
        return "number"
    return "array"


class _Rejected(Exception):
    def __init__(self, hint: Hint):
        super().__init__(hint.text)
        self.hint = hint


_NONE = Hint("none-returned", "your function returned None: did you forget the `return` statement?")


def _numbers(got, kind: str) -> np.ndarray:
    """The student's result as an array (its own dtype) for comparison, or _Rejected with a hint saying what it is."""
    if got is None:
        raise _Rejected(_NONE)
    if isinstance(got, (str, bytes)) and kind == "int":
        raise _Rejected(Hint("type:int", f"expected an integer (int), got the text {fmt(got)}: return the number "
                                         "itself, not a string."))
    if isinstance(got, (str, bytes)):
        raise _Rejected(Hint("type:str", f"expected {_wanted(kind)}, got the text {fmt(got)}: "
                                         "return the number itself, not a string."))
    if isinstance(got, dict):
        raise _Rejected(Hint("type:dict", f"expected {_wanted(kind)}, got a dict."))
    if kind == "int":
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
            if isinstance(got, np.ndarray) and got.ndim == 0 and got.dtype.kind in "iu":
                return got
            whole = isinstance(got, (float, np.floating)) and float(got).is_integer()
            extra = (" A count is a whole number: use integer arithmetic (// instead of /) or int(...)."
                     if whole else " A count is a whole number; there is no tolerance on it.")
            raise _Rejected(Hint("type:int", f"expected an integer (int), got {type(got).__name__} {fmt(got)}."
                                 + extra))
        return np.asarray(got)
    if kind in ("number", "bool"):
        if isinstance(got, np.ndarray) and got.ndim == 0 and got.dtype.kind in "biuf":
            return got
        if isinstance(got, (np.ndarray, list, tuple)) and np.size(got) > 1:
            return _numbers(got, "array")  # several numbers: the Mistakes and the shape hint say more
        if not isinstance(got, (int, float, np.number, np.bool_)) or (kind == "number" and isinstance(got, bool)):
            raise _Rejected(Hint("type:number", f"expected a single number, got {_what(got)}: return the number "
                                                "itself (for example float(x) or x.item())."))
        return np.asarray(got)
    # an array: an ndarray, or (nested) lists of numbers
    try:
        a = np.asarray(got)
    except (TypeError, ValueError) as exc:
        raise _Rejected(Hint("type:ragged", f"expected an array of numbers, got {_what(got)} that is no "
                                            f"array ({safe_str(exc, 120)}).")) from None
    if a.dtype.kind not in "biuf":
        raise _Rejected(Hint("type:array", f"expected an array of numbers, got {_what(got)}."))
    return a


def _wanted(kind: str) -> str:
    return {"int": "an integer", "number": "a number", "bool": "True or False"}.get(kind, "an array of numbers")


def _what(x) -> str:
    if isinstance(x, np.ndarray):
        return f"an array of shape {x.shape} ({x.dtype})"
    name = type(x).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    if isinstance(x, (list, tuple)):
        return f"{article} {name} {fmt(x)}"
    return f"{article} {name}"


def _tolerance(a: np.ndarray, e: np.ndarray, rtol: float, atol: float) -> tuple[float, float]:
    """Tolerances that suit the student's precision: float32 results get float32-sized ones."""
    if a.dtype in (np.float32, np.float16) and rtol > 0:
        scale = float(np.max(np.abs(e))) if e.size else 0.0
        return max(rtol, FLOAT32_RTOL), max(atol, FLOAT32_RTOL * 0.1 * scale)
    return rtol, atol


# ------------------------------------------------------------------ the check

@dataclass
class _Spec:
    mistakes: tuple
    rtol: float
    atol: float
    output_names: tuple | None
    n: int | None
    part_rtol: dict


def run_check(name: str, student: Callable, reference: Callable, cases: list[Case], *,
              mistakes: tuple = (), rtol: float = 1e-5, atol: float = 1e-7,
              output_names: tuple | None = None, n_rows: Callable | None = None,
              time_limit: float | None = None, label: str | None = None,
              part_rtol: dict | None = None) -> CheckReport:
    """Run ``student`` against ``reference`` on every case; never raises.

    Parameters
    ----------
    name : title of the report, e.g. "check_softmax"
    student : the student's function
    reference : the correct function (same signature). Its result fixes the type the
        student must return: an int (a count, compared exactly), a number, an array
        (lists accepted), a tuple of results (any sequence of that length accepted:
        tuple, list or array), or a dict (a dict with the same keys).
    cases : list of Case
    mistakes : Mistake objects tried, in order, when a case fails
    rtol, atol : tolerance of ``np.allclose`` (float32 results get at least FLOAT32_RTOL)
    output_names : names of the parts when the function returns a tuple, e.g. ("dX", "dW", "db")
    n_rows : function of a case's arguments giving the exercise's n (number of rows), so a
        result off by the factor n gets the "divide by n" hint; None where no n exists
    time_limit : seconds each call of the student's code may take (default: ``_sandbox.DEFAULT_TIME_LIMIT``)
    label : the name shown for the student's function (default: its ``__name__``)
    part_rtol : {output name: rtol} for the parts of a tuple result that need their own tolerance

    Returns
    -------
    CheckReport
    """
    label = function_name(student) if label is None else label
    try:
        return _run(name, student, reference, cases, _Spec(tuple(mistakes), rtol, atol, output_names, None,
                                                           dict(part_rtol or {})), n_rows, time_limit, label)
    except KeyboardInterrupt:
        return CheckReport(name, "interrupted", 0, len(cases), label=label)


def _run(name, student, reference, cases, base: _Spec, n_rows, time_limit, label):
    report = CheckReport(name, "passed", 0, len(cases), label=label)
    if not callable(student):
        return _failed(report, [f"expected a function, got {_what(student)}."], Hint("not-callable", ""))
    names = _arg_names(reference, max((len(c.args) for c in cases), default=0))
    for case in cases:
        try:
            with quiet_numpy():
                expected = reference(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
        except Exception as exc:  # noqa: BLE001 - only if a library name was rebound before the check ran
            return _failed(report, [f"the check's own reference failed ({_raised_line(exc)[len('your function '):]})."],
                           Hint("internal", "was a lecture_utils function rebound in an earlier cell? Restart the "
                                            "kernel (Kernel → Restart) and run the notebook again."))
        pristine = copy.deepcopy(case.args)
        given = copy.deepcopy(case.args)
        with quiet_numpy():
            outcome = _sandbox.call(student, given, copy.deepcopy(case.kwargs), time_limit=time_limit)
        _note_outcome(report, outcome)
        if outcome.kind == "interrupted":
            report.status = "interrupted"
            return report
        where = _describe(case, names)
        if outcome.kind == "timeout":
            limit = _sandbox.default_time_limit() if time_limit is None else time_limit
            return _failed(report, [*where, f"your function did not finish within {limit:g} s, so the check "
                                            "stopped it."],
                           Hint("timeout", "the likely cause is a loop that never ends: a while loop whose "
                                           "condition never becomes false, or a generator without end. If your "
                                           f"computer is just slow, give the check more time: {name}(..., "
                                           f"time_limit={max(10, 3 * limit):g})."))
        if outcome.kind == "raised":
            exc = outcome.error
            if isinstance(exc, NotImplementedError):
                if report.passed == 0 and case is cases[0]:
                    report.status = "not started"
                    return report
                return _failed(report, [*where, "your function raised NotImplementedError."],
                               Hint("not-implemented", "a part of your function is still the stub's "
                                                       "`raise NotImplementedError`."))
            return _failed(report, [*where, _raised_line(exc)], _exception_match(exc, case, base.mistakes, time_limit))
        spec = _Spec(base.mistakes, base.rtol, base.atol, base.output_names, _n(n_rows, case), base.part_rtol)
        checked = _sandbox.call(_verdict, (outcome.value, expected, given, pristine, names, case, spec),
                                time_limit=time_limit)
        if checked.kind == "interrupted":
            report.status = "interrupted"
            return report
        if checked.kind != "returned":
            return _failed(report, [*where, f"the check could not read your result: {_what(outcome.value)}."],
                           Hint("type:unreadable", "return plain numbers or NumPy arrays."))
        if checked.value is not None:
            lines, hint = checked.value
            return _failed(report, [*where, *lines], hint)
        report.passed += 1
    return report


def _note_outcome(report: CheckReport, outcome) -> None:
    for restored in outcome.restored:
        if restored not in report.restored:
            report.restored.append(restored)
            report.notes.append(f"your code rebound {restored}; the check put the original back, so the rest "
                                "of the notebook still uses the library's version.")
    if outcome.note and outcome.note not in report.notes:
        report.notes.append(outcome.note)


def _failed(report: CheckReport, lines: list[str], hint: Hint) -> CheckReport:
    report.status = "failed"
    report.hint_key = hint.key
    report.details = [*lines, *(["hint: " + hint.text] if hint.text else [])]
    return report


def _raised_line(exc: BaseException) -> str:
    if isinstance(exc, SystemExit):
        return "your function raised SystemExit (sys.exit(), exit() or quit()); the check caught it."
    message = safe_str(exc, limit=900)
    return f"your function raised {type(exc).__name__}" + (f": {message}" if message else "")


def _exception_match(exc: BaseException, case: Case, mistakes, time_limit) -> Hint:
    """The hint of a known mistake that raises the same error, else a generic one."""
    if isinstance(exc, SystemExit):
        return Hint("exit", "sys.exit() would end the whole program. A function gives its answer with `return`.")
    text = safe_str(exc)
    for mistake in mistakes:
        outcome = _run_mistake(mistake, case, time_limit)
        if outcome.kind == "raised" and type(outcome.error) is type(exc) and safe_str(outcome.error) == text:
            return Hint(mistake.key or "mistake", mistake.hint, True)
    return exception_hint(exc)


def _spotted(mistake: Mistake, got) -> bool:
    try:
        return bool(mistake.spots(got))
    except Exception:  # noqa: BLE001 - a form it cannot read is not the form it looks for
        return False


def _run_mistake(mistake: Mistake, case: Case, time_limit):
    if mistake.wrong is None:
        return _sandbox.Outcome("none")  # a Mistake known only by its form
    with quiet_numpy():
        return _sandbox.call(mistake.wrong, copy.deepcopy(case.args), copy.deepcopy(case.kwargs),
                             time_limit=time_limit)


def _n(n_rows, case) -> int | None:
    if n_rows is None:
        return None
    try:
        return int(n_rows(*case.args, **case.kwargs))
    except Exception:  # noqa: BLE001 - no n for this case
        return None


def rows(X, *rest) -> int:
    """``n_rows`` for exercises whose first argument has one example per row."""
    return len(np.asarray(X))


def _verdict(got, expected, given, pristine, names, case, spec: _Spec):
    """None when ``got`` is right and the inputs are unchanged, else (report lines, Hint)."""
    if not _same(given, pristine):
        changed = [(n, a) for n, a, b in zip(names, given, pristine) if not _same(a, b)]
        name, value = changed[0]
        text = (f"compute new arrays instead of writing into {name} ({name} -= …, {name}[i] = …): the caller "
                "still needs the original.")
        if isinstance(value, dict):
            text = (f"dict({name}) or {name}.copy() copies the dict but not its arrays, so new[k] -= … still "
                    f"writes into the caller's arrays. Build new ones: new[k] = {name}[k] - ….")
        return ([f"your function changed its input {', '.join(n for n, _ in changed)} in place."],
                Hint("mutated", text))
    with quiet_numpy():
        return _compare(got, expected, case, spec)


def _compare(got, expected, case: Case, spec: _Spec):
    for mistake in spec.mistakes:
        if mistake.spots is not None and _spotted(mistake, got):
            return [f"got {fmt(got)}"], Hint(mistake.key or "mistake", mistake.hint, True)
    kind = _kind(expected)
    if kind == "dict":
        return _compare_dict(got, expected, case, spec)
    if kind == "tuple":
        return _compare_tuple(got, expected, case, spec)
    return _compare_one(got, expected, case, spec, None, None)


def _compare_dict(got, expected: dict, case, spec):
    keys = list(expected)
    if got is None:
        return [f"expected a dict with the keys {', '.join(map(str, keys))}, got None."], _NONE
    if not isinstance(got, dict):
        return ([f"expected a dict with the keys {', '.join(map(str, keys))}, got {_what(got)}."],
                Hint("type:dict", "return a new dict, e.g. {name: ... for name in params}, with one entry per "
                                  "parameter."))
    missing = [k for k in keys if k not in got]
    extra = [k for k in got if k not in expected]
    if missing or extra:
        parts = ([f"missing {', '.join(map(str, missing))}"] if missing else []) + \
                ([f"unexpected {', '.join(map(str, extra))}"] if extra else [])
        return ([f"expected the keys {', '.join(map(str, keys))}; {'; '.join(parts)}."],
                Hint("keys", "the new dict has exactly the keys of params: one entry per parameter."))
    for key in keys:
        problem = _compare_one(got[key], expected[key], case, spec, str(key), key)
        if problem:
            return problem
    return None


def _compare_tuple(got, expected: tuple, case, spec):
    labels = spec.output_names or tuple(f"output {i + 1}" for i in range(len(expected)))
    if got is None:
        return [f"expected {len(expected)} results ({', '.join(labels)}), got None."], _NONE
    sequence = isinstance(got, (tuple, list)) or (isinstance(got, np.ndarray) and got.ndim >= 1)
    if not sequence or len(got) != len(expected):
        lines = [f"expected {len(expected)} results ({', '.join(labels)}), got {fmt(got)}."]
        try:
            whole = _numbers(got, "array")
        except _Rejected:
            whole = None
        known = None if whole is None else _mistake_hint(np.asarray(whole, dtype=float), case, spec, None,
                                                           spec.rtol, spec.atol)
        if known:
            return lines, known
        names = ", ".join(_identifier(s) for s in labels)
        return lines, Hint("type:sequence", f"return the {len(expected)} results together, e.g. "
                                            f"`return {names}` (a tuple; a list works too).")
    parts = list(got)
    for index, (label, g, e) in enumerate(zip(labels, parts, expected)):
        problem = _compare_one(g, e, case, spec, label, index)
        if problem:
            whole = _whole_mistake(parts, case, spec)
            if whole:
                return problem[0], whole
            order = None if problem[1].specific else _order_hint(parts, expected, labels, spec)
            return (problem[0], order) if order else problem
    return None


def _whole_mistake(parts: list, case: Case, spec: _Spec) -> Hint | None:
    """The hint of the first known mistake that gives every part of ``parts`` (not only the first wrong one)."""
    for mistake in spec.mistakes:
        outcome = _run_mistake(mistake, case, None)
        wrong = outcome.value
        if outcome.kind != "returned" or not isinstance(wrong, (tuple, list)) or len(wrong) != len(parts):
            continue
        if all(_matches(g, w, spec, equal_nan=True) for g, w in zip(parts, wrong)):
            return Hint(mistake.key or "mistake", mistake.hint, True)
    return None


def _identifier(label: str) -> str:
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in label)
    return name if name.isidentifier() else "…"


def _order_hint(parts, expected, labels, spec) -> Hint | None:
    if len(parts) > 4:
        return None
    for perm in itertools.permutations(range(len(parts))):
        if list(perm) != list(range(len(parts))) and all(
                _matches(parts[j], expected[i], spec) for i, j in enumerate(perm)):
            names = ", ".join(labels)
            return Hint("order", f"your results are right but in the wrong order: return them as ({names}).")
    return None


def _matches(got, expected, spec, equal_nan: bool = False) -> bool:
    try:
        g, e = _numbers(got, _kind(expected)), np.asarray(expected, dtype=float)
    except (_Rejected, TypeError, ValueError):
        return False
    rtol, atol = _tolerance(g, e, spec.rtol, spec.atol)
    return g.shape == e.shape and bool(np.allclose(np.asarray(g, dtype=float), e, rtol=rtol, atol=atol,
                                                   equal_nan=equal_nan))


def _compare_one(got, expected, case, spec: _Spec, label, index):
    kind = _kind(expected)
    prefix = f"{label}: " if label else ""
    try:
        g = _numbers(got, kind)
    except _Rejected as rejected:
        return [_aligned(f"{prefix}expected ", fmt(expected)),
                _aligned(f"{' ' * len(prefix)}got      ", fmt(got))], rejected.hint
    e = np.asarray(expected, dtype=float)
    rtol = spec.part_rtol.get(label, spec.rtol)
    rtol, atol = (0.0, 0.0) if kind in ("int", "bool") else _tolerance(g, e, rtol, spec.atol)
    gf = np.asarray(g, dtype=float)
    if gf.shape == e.shape and np.allclose(gf, e, rtol=rtol, atol=atol):
        return None
    integer = _integer_hint(g, e, kind)
    hint = integer if integer and not np.any(gf) else None  # all 0: fractions cut off, whatever else matches
    if hint is None:
        hint = _mistake_hint(gf, case, spec, index, rtol, atol) or integer
    if hint is None:
        hint = shape_hint(gf, e) if gf.shape != e.shape else value_hint(gf, e, rtol, atol, spec.n)
    shown_e, shown_g = fmt(expected), fmt(got)
    if shown_e == shown_g:
        shown_e, shown_g = fmt(expected, digits=10), fmt(got, digits=10)
    return [_aligned(f"{prefix}expected ", shown_e), _aligned(f"{' ' * len(prefix)}got      ", shown_g)], hint


def _integer_hint(g: np.ndarray, e: np.ndarray, kind: str) -> Hint | None:
    """Integers where the answer has fractions: the fractions were cut off somewhere."""
    if kind in ("int", "bool") or g.dtype.kind not in "iub" or np.allclose(e, np.round(e)):
        return None
    what = "your result is a whole number" if e.ndim == 0 else "your array holds whole numbers (an integer dtype)"
    return Hint("type:integer-result", f"{what} where the answer has fractions: an integer division (// instead of "
                                       "/), or an array made from integer input (np.empty_like(z) of an int array) "
                                       "that cuts every value down. Compute in floats, e.g. np.asarray(z, "
                                       "dtype=float).")


def _mistake_hint(g: np.ndarray, case: Case, spec: _Spec, index, rtol, atol) -> Hint | None:
    """The hint of the first known mistake whose output equals ``g``."""
    for mistake in spec.mistakes:
        outcome = _run_mistake(mistake, case, None)
        if outcome.kind != "returned":
            continue
        wrong = outcome.value
        try:
            if index is not None:
                wrong = wrong[index]
            w = np.asarray(wrong, dtype=float)
        except Exception:  # noqa: BLE001 - a mistake that gives no comparable result here does not apply
            continue
        if g.shape == w.shape and np.allclose(g, w, rtol=rtol, atol=atol, equal_nan=True):
            return Hint(mistake.key or "mistake", mistake.hint, True)
    return None


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape \
            and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
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


def _aligned(prefix: str, text: str) -> str:
    """``prefix + text`` with the continuation lines of ``text`` indented under its first line."""
    return prefix + text.replace("\n", "\n" + " " * len(prefix))


def _describe(case: Case, names: list[str]) -> list[str]:
    lines = [f"case: {case.description}"] if case.description else []
    for name, value in zip(names, case.args):
        if callable(value):
            continue
        lines.append(_aligned(f"  {name} = ", fmt(value)))
    return lines
