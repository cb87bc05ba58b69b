"""Run a student's code so that nothing it does can cost the notebook.

``call(fn, args, kwargs, time_limit=...)`` returns an ``Outcome`` whatever ``fn``
does: returns, raises anything (``SystemExit`` included), loops forever, or
rebinds a name of ``lecture_utils``.

How the time limit works
------------------------
* On Linux and macOS, in the main thread (where Jupyter and IPython run a
  cell): a ``SIGALRM`` timer (``signal.setitimer``). When it rings, the
  handler raises ``OutOfTime`` inside the student's code and traps the next
  line of it, so that a loop whose ``except:`` swallows the exception is
  stopped from inside that clause; it rings again every 0.25 s. An earlier
  timer (someone else's) is put back afterwards with the time it had left.
* Everywhere else (Windows, Pyodide in the browser, a thread other than the
  main one): a trace function (``sys.settrace``) that looks at the clock on
  every line of Python the student's code runs and raises ``OutOfTime`` past
  the deadline.
* Neither can stop a single call into compiled code that never returns (for
  example ``time.sleep(100)`` under the trace function), and the trace
  function cannot stop a loop that swallows every exception, even
  ``BaseException`` (a trace function that raises is switched off). If a debugger or a
  coverage tool already traces the code and no timer is available, the limit
  is not enforced and the outcome says so (``Outcome.note``).

``OutOfTime`` derives from ``BaseException``, so a student's
``except Exception:`` cannot swallow it.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

DEFAULT_TIME_LIMIT = 3.0
"""Seconds one call of student code may take (see ``set_default_time_limit``)."""

_settings = {"time_limit": DEFAULT_TIME_LIMIT}
_active = threading.local()
_MISSING = object()
_WATCHED = "lecture_utils"


class OutOfTime(BaseException):
    """Raised inside the student's code when its time is up."""


def set_default_time_limit(seconds: float) -> None:
    """Change the time limit of every later check call (seconds > 0; e.g. 10 on a very slow computer)."""
    seconds = float(seconds)
    if not seconds > 0:
        raise ValueError(f"set_default_time_limit: expected a number of seconds > 0; got {seconds!r}.")
    _settings["time_limit"] = seconds


def default_time_limit() -> float:
    return _settings["time_limit"]


@dataclass
class Outcome:
    """What happened when the student's code ran.

    kind : "returned", "raised", "timeout" or "interrupted"
    value : the return value (kind "returned")
    error : the exception (kind "raised")
    seconds : wall time of the call
    restored : names of ``lecture_utils`` that the code rebound and that were put back
    note : set when the time limit could not be enforced
    """

    kind: str
    value: Any = None
    error: BaseException | None = None
    seconds: float = 0.0
    restored: list = field(default_factory=list)
    note: str = ""


def mechanism() -> str:
    """"alarm", "trace" or "none": how a time limit would be enforced here, now."""
    if (sys.platform not in ("win32", "emscripten", "wasi") and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()):
        return "alarm"
    return "trace" if sys.gettrace() is None else "none"


def call(fn: Callable, args: tuple = (), kwargs: dict | None = None, *, time_limit: float | None = None) -> Outcome:
    """Run ``fn(*args, **kwargs)`` under a time limit; never raises.

    Nested calls (student code that itself runs a check) run under the
    outer call's limit.
    """
    limit = default_time_limit() if time_limit is None else float(time_limit)
    kwargs = kwargs or {}
    saved = _snapshot()
    start = time.perf_counter()
    note = ""
    try:
        if getattr(_active, "on", False):
            outcome = _plain(fn, args, kwargs)
        else:
            how = mechanism()
            _active.on = True
            try:
                if how == "alarm":
                    outcome = _with_alarm(fn, args, kwargs, limit)
                elif how == "trace":
                    outcome = _with_trace(fn, args, kwargs, limit)
                else:
                    note = ("the time limit is off: a debugger or coverage tool is tracing the code, "
                            "so a loop that never ends would not be stopped")
                    outcome = _plain(fn, args, kwargs)
            finally:
                _active.on = False
    except KeyboardInterrupt:  # pressed between the student's code and our bookkeeping
        outcome = Outcome("interrupted")
    outcome.seconds = time.perf_counter() - start
    outcome.restored = _restore(saved)
    outcome.note = outcome.note or note
    return outcome


def _plain(fn, args, kwargs) -> Outcome:
    try:
        return Outcome("returned", fn(*args, **kwargs))
    except OutOfTime:
        return Outcome("timeout")
    except KeyboardInterrupt:
        return Outcome("interrupted")
    except BaseException as exc:  # noqa: BLE001 - SystemExit and everything else become a report
        return Outcome("raised", error=exc)


def _with_alarm(fn, args, kwargs, limit) -> Outcome:
    ringing = {"on": True}
    trapped: list = []
    tracing_before = sys.gettrace()

    def trap(frame, event, arg):
        if not ringing["on"]:
            return None
        if event == "line":  # not "exception": that event fires where the try can still catch it
            raise OutOfTime
        return trap

    def ring(signum, frame):
        if ringing["on"]:
            _trap_lines(frame, trap, trapped)
            raise OutOfTime

    previous_handler = signal.signal(signal.SIGALRM, ring)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, limit, 0.25)
    start = time.monotonic()
    try:
        try:
            return _plain(fn, args, kwargs)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            ringing["on"] = False
    except OutOfTime:  # rang between the student's return and the timer's end
        return Outcome("timeout")
    finally:
        signal.signal(signal.SIGALRM, previous_handler)
        for frame in trapped:
            frame.f_trace = None
        if trapped and sys.gettrace() is not tracing_before:
            sys.settrace(tracing_before)
        delay, interval = previous_timer
        if delay > 0:
            signal.setitimer(signal.ITIMER_REAL, max(delay - (time.monotonic() - start), 1e-3), interval)


def _trap_lines(frame, trap, trapped: list) -> None:
    """Make the next line the student's code runs raise again.

    The timer's exception may be swallowed by an ``except:`` inside a loop;
    the trap then raises from the first line of that ``except`` clause, which
    no clause of the same ``try`` can catch. Only the student's frames (below
    ``_plain``) are trapped.
    """
    if sys.gettrace() is None:
        sys.settrace(lambda *a: None)
    while frame is not None and frame.f_code is not _plain.__code__:
        if frame.f_trace is None:
            frame.f_trace = trap
            trapped.append(frame)
        frame = frame.f_back


def _with_trace(fn, args, kwargs, limit) -> Outcome:
    deadline = time.perf_counter() + limit
    clock = time.perf_counter

    def tracer(frame, event, arg):
        if clock() > deadline:
            raise OutOfTime
        return tracer

    sys.settrace(tracer)
    try:
        return _plain(fn, args, kwargs)
    finally:
        sys.settrace(None)


# ------------------------------------------------------------------ lecture_utils names put back

_modules_cache: dict = {"count": -1, "modules": []}


def _watched_modules() -> list:
    if len(sys.modules) != _modules_cache["count"]:
        _modules_cache["modules"] = [(name, module) for name, module in list(sys.modules.items())
                                     if module is not None and (name == _WATCHED or name.startswith(_WATCHED + "."))]
        _modules_cache["count"] = len(sys.modules)
    return _modules_cache["modules"]


def _snapshot() -> list:
    """Every name of every loaded lecture_utils module, with its object (a copy of the namespace)."""
    saved = []
    for name, module in _watched_modules():
        names = vars(module)
        saved.append((name, module, names.copy(), list(names.values())))
    return saved


def _unchanged(current: dict, names: dict, values: list) -> bool:
    """True when no name was rebound, added or deleted: the common case, checked at C speed.

    List equality tests identity first, so equal lists mean the same objects,
    unless an object's == says otherwise (then the slow path looks closer).
    """
    try:
        return len(current) == len(names) and current.keys() == names.keys() and list(current.values()) == values
    except Exception:  # noqa: BLE001 - e.g. an array compared with ==
        return False


def _restore(saved: list) -> list[str]:
    """Put back every public name the call rebound or deleted; drop the public non-module names it added."""
    changed = []
    for name, module, names, values in saved:
        current = vars(module)
        if sys.modules.get(name) is not module:
            sys.modules[name] = module
            changed.append(name)
        if _unchanged(current, names, values):
            continue
        for key, value in names.items():
            if not key.startswith("_") and current.get(key, _MISSING) is not value:
                setattr(module, key, value)
                changed.append(f"{name}.{key}")
        for key in [k for k in current if not k.startswith("_") and k not in names]:
            if type(current[key]).__name__ != "module":  # a submodule imported on first use is fine
                delattr(module, key)
                changed.append(f"{name}.{key}")
    return changed
