"""Whatever the student's code does, a check answers with a report and the notebook keeps working."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils.checks import _sandbox
from lecture_utils.checks.activations import check_sigmoid
from lecture_utils.checks.linear import check_predict
from lecture_utils.checks.mlp import check_count_params
from lecture_utils.checks.softmax import check_cross_entropy, check_softmax
from lecture_utils.checks.training import check_minibatches

LIMIT = 0.3  # seconds: short, so that the tests of endless loops stay fast


def forever(*args):
    while True:
        pass


def test_an_endless_loop_gets_a_timeout_report():
    start = time.perf_counter()
    report = check_softmax(forever, time_limit=LIMIT)
    assert time.perf_counter() - start < 5 * LIMIT + 1
    assert report.status == "failed" and report.hint_key == "timeout"
    text = str(report)
    assert "did not finish within 0.3 s" in text and "a loop that never ends" in text


def run_python(code: str, timeout: float = 30) -> str:
    """Run ``code`` in a fresh interpreter (so that a broken time limit fails the test instead of hanging it)."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(_sandbox.mechanism() != "alarm", reason="needs the SIGALRM timer (Linux, macOS)")
def test_an_endless_loop_that_swallows_every_exception_is_still_stopped():
    out = run_python("""
        from lecture_utils.checks.softmax import check_softmax

        def stubborn(O):
            while True:
                try:
                    while True:
                        pass
                except:  # a bare except inside a retry loop
                    pass

        print(check_softmax(stubborn, time_limit=0.3).hint_key)
    """)
    assert out.strip() == "timeout"


@pytest.mark.skipif(_sandbox.mechanism() != "alarm", reason="sends a real SIGINT, as Jupyter's stop button does")
def test_pressing_stop_during_the_students_loop_ends_the_check_with_one_line():
    out = run_python("""
        import os, signal, threading
        from lecture_utils.checks.softmax import check_softmax

        def forever(O):
            while True:
                pass

        threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        report = check_softmax(forever, time_limit=20)
        print(report.status)
        print(report)
        print("the kernel goes on")
    """)
    status, line, after = out.strip().split("\n")
    assert status == "interrupted" and "interrupted" in line and after == "the kernel goes on"


def test_a_generator_without_end_gets_a_timeout_report():
    def endless_batches(n, batch_size, seed):
        order = np.random.default_rng(seed).permutation(n)
        while True:
            yield order[:batch_size]

    report = check_minibatches(endless_batches, time_limit=LIMIT)
    assert report.hint_key == "timeout", str(report)


def test_the_time_limit_is_enforced_by_the_trace_function_off_the_main_thread():
    """Windows and Pyodide have no SIGALRM; a thread other than the main one takes the same path."""
    reports, mechanisms = [], []

    def run():
        mechanisms.append(_sandbox.mechanism())
        reports.append(check_softmax(forever, time_limit=LIMIT))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive()
    assert mechanisms == ["trace"]
    assert reports[0].hint_key == "timeout"


def test_a_traced_call_says_so_when_a_debugger_holds_the_trace_function(monkeypatch):
    monkeypatch.setattr(_sandbox, "mechanism", lambda: "none")
    report = check_softmax(lu.softmax)
    assert report.ok
    assert any("time limit is off" in note for note in report.notes)


def test_an_earlier_timer_is_put_back():
    if _sandbox.mechanism() != "alarm":
        pytest.skip("no SIGALRM timer here")
    rang = []
    previous = signal.signal(signal.SIGALRM, lambda *a: rang.append(1))
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        assert check_softmax(lu.softmax).ok
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 0.5
        time.sleep(0.6)
        assert rang == [1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("leave", [lambda: sys.exit(), lambda: sys.exit(3), lambda: exit(),
                                   lambda: (_ for _ in ()).throw(SystemExit("bye"))],
                         ids=["sys.exit()", "sys.exit(3)", "exit()", "raise SystemExit"])
def test_system_exit_becomes_a_report(leave):
    report = check_softmax(lambda O: leave())
    assert report.status == "failed" and report.hint_key == "exit"
    assert "SystemExit" in str(report) and "return" in str(report)


def test_another_base_exception_becomes_a_report():
    class Odd(BaseException):
        pass

    def odd(O):
        raise Odd("not an Exception")

    report = check_softmax(odd)
    assert report.status == "failed" and "raised Odd: not an Exception" in str(report)


def test_keyboard_interrupt_ends_the_check_with_one_line():
    def pressed_stop(O):
        raise KeyboardInterrupt

    report = check_softmax(pressed_stop)
    assert report.status == "interrupted"
    assert "\n" not in str(report) and "interrupted" in str(report)


def test_an_exception_whose_str_raises_is_reported():
    class Unprintable(ValueError):
        def __str__(self):
            raise RuntimeError("no text for you")

    def student(O):
        raise Unprintable

    text = str(check_softmax(student))
    assert "raised Unprintable" in text and "str() fails" in text


def test_a_result_whose_repr_raises_is_reported():
    class Weird:
        def __repr__(self):
            raise RuntimeError("no repr")

        __str__ = __repr__

    report = check_softmax(lambda O: Weird())
    assert report.status == "failed" and report.hint_key == "type:array"
    assert "Weird" in str(report)


def test_a_result_that_loops_when_converted_is_reported():
    class Endless:
        def __array__(self, dtype=None, copy=None):
            while True:
                pass

    report = check_softmax(lambda O: Endless(), time_limit=LIMIT)
    assert report.status == "failed", str(report)


def test_a_huge_result_is_summarised():
    report = check_softmax(lambda O: np.zeros((3000, 3000)))
    text = str(report)
    assert report.status == "failed" and report.hint_key.startswith("shape")
    assert len(text) < 3000, len(text)
    report = check_count_params(lambda sizes: "x" * 10**7)
    assert report.hint_key == "type:int" and len(str(report)) < 3000


def test_rebinding_a_library_function_is_undone_and_reported():
    original = lu.softmax

    def student(O):
        lu.softmax = lambda O: "broken"
        lu.losses.log_softmax = None
        return original(O)

    report = check_softmax(student)
    assert report.ok
    assert lu.softmax is original and lu.losses.log_softmax is not None
    assert "lecture_utils.softmax" in report.restored and "lecture_utils.losses.log_softmax" in report.restored
    assert "put the original back" in str(report)
    assert np.allclose(lu.softmax(np.zeros(2)), 0.5)


def test_a_name_added_or_deleted_in_the_library_is_undone():
    def student(O):
        del lu.one_hot
        lu.extra = 1
        return lu.softmax(O)

    report = check_softmax(student)
    assert report.ok and hasattr(lu, "one_hot") and not hasattr(lu, "extra")


def test_global_floating_point_errors_set_by_the_student_do_not_break_the_check():
    old = np.geterr()
    try:
        np.seterr(all="raise")
        assert check_softmax(lu.softmax).ok
        assert check_sigmoid(lu.sigmoid).ok
        assert check_cross_entropy(lambda O, y: float(lu.cross_entropy(O, y))).ok
        report = check_softmax(lambda O: np.exp(O) / np.exp(O).sum(axis=-1, keepdims=True))
        assert report.status == "failed"
    finally:
        np.seterr(**old)


def test_seterr_inside_the_student_function_does_not_leak():
    old = np.geterr()

    def student(O):
        np.seterr(over="raise", invalid="raise", divide="raise")
        return lu.softmax(O)

    assert check_softmax(student).ok
    assert np.geterr() == old


@pytest.mark.parametrize("quiet", ["errstate", "seterr", "warnings"])
def test_the_naive_sigmoid_fails_whatever_floating_point_setting_it_uses(quiet):
    import warnings

    def naive(z):
        z = np.asarray(z, dtype=float)
        if quiet == "errstate":
            with np.errstate(over="ignore", all="ignore"):
                return 1 / (1 + np.exp(-z))
        if quiet == "seterr":
            np.seterr(all="ignore")
            return 1 / (1 + np.exp(-z))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return 1 / (1 + np.exp(-z))

    old = np.geterr()
    try:
        report = check_sigmoid(naive)
    finally:
        np.seterr(**old)
    assert report.status == "failed" and report.hint_key == "overflow", str(report)
    assert np.errstate is not None and np.seterr.__module__.startswith("numpy")


def test_a_check_of_a_check_does_not_nest_timers():
    def student(X, W, b):
        assert check_softmax(lu.softmax).ok
        return lu.linear(X, W, b)

    assert check_predict(student).ok


def test_the_default_time_limit_can_be_changed_and_is_validated():
    before = _sandbox.default_time_limit()
    try:
        _sandbox.set_default_time_limit(0.2)
        assert check_softmax(forever).hint_key == "timeout"
        with pytest.raises(ValueError, match="seconds > 0"):
            _sandbox.set_default_time_limit(0)
    finally:
        _sandbox.set_default_time_limit(before)
    assert _sandbox.default_time_limit() == before


def test_a_student_function_that_is_not_callable_is_reported():
    for thing in (None, 3, "softmax", [1, 2]):
        report = check_softmax(thing)
        assert report.status == "failed" and "expected a function" in str(report)
