"""The check engine itself: inputs of every kind, quiet NumPy, hints for raised errors."""

from __future__ import annotations

import numpy as np

from lecture_utils.checks import Case, run_check


def double_a(params):
    return params["a"] * 2


def test_dict_arguments_are_compared_entry_by_entry():
    report = run_check("c", double_a, double_a, [Case(({"a": np.zeros(2)},))])
    assert report.ok, str(report)


def test_a_dict_changed_in_place_is_reported():
    def mutating(params):
        params["a"][0] = 5.0
        return params["a"] * 2

    report = run_check("c", mutating, double_a, [Case(({"a": np.zeros(2)},))])
    assert "changed its input params in place" in str(report)


def test_numpy_warnings_in_student_code_do_not_escape(recwarn):
    def overflowing(z):
        return 1 / (1 + np.exp(-z))

    reference = lambda z: np.where(z >= 0, 1.0, 0.0)  # noqa: E731
    report = run_check("c", overflowing, reference, [Case((np.array([-1000.0, 1000.0]),))])
    assert report.ok
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_an_exception_may_carry_its_own_hint():
    class Named(ArithmeticError):
        hint = "the specific advice"

    def student(x):
        raise Named("boom")

    report = str(run_check("c", student, lambda x: x, [Case((1.0,))]))
    assert "raised Named: boom" in report and "hint: the specific advice" in report


def test_a_shape_error_gets_a_shape_hint():
    report = run_check("c", lambda X, W: X @ W.T, lambda X, W: X @ W, [Case((np.ones((2, 3)), np.ones((3, 4))))])
    assert report.hint_key == "exception:matmul" and "matrix-product shape error" in str(report)


def test_a_constant_offset_is_named():
    report = str(run_check("c", lambda x: x + 1, lambda x: x, [Case((np.arange(3.0),))]))
    assert "off by the same amount, +1" in report


def test_a_scalar_where_an_array_was_expected_is_named():
    report = str(run_check("c", lambda x: x.sum(), lambda x: x, [Case((np.arange(3.0),))]))
    assert "got a single number" in report


def test_a_ragged_list_argument_is_reported_not_raised():
    report = run_check("c", lambda b: 2.0, lambda b: 1.0, [Case(([np.zeros(2), np.zeros(3)],))])
    assert report.status == "failed" and "b = [array(" in str(report)


def test_a_dict_of_arrays_prints_on_one_line():
    from lecture_utils.checks._core import fmt

    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([0.5]), "W2": np.zeros((3, 5))}
    assert fmt(params) == "{W1: [[1.0, 2.0]], b1: [0.5], W2: array of shape (3, 5)}"
