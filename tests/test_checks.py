"""Tests of the exercise-check framework: run_check, Mistake and the notebook-01 checks."""

import numpy as np
import pytest

from lecture_utils import half_mse_grad, linear_backward, softmax
from lecture_utils.checks import Case, Mistake, run_check
from lecture_utils.checks._core import rows
from lecture_utils.checks.linear import check_least_squares, check_predict


def stub(*args):
    raise NotImplementedError


def predict(X, W, b):
    return np.asarray(X) @ np.asarray(W) + np.asarray(b)


def fit(X, y):
    X, y = np.asarray(X), np.asarray(y)
    A = np.column_stack([X, np.ones(len(X))])
    beta = np.linalg.solve(A.T @ A, A.T @ y)
    return beta[:-1], beta[-1]


def test_untouched_stub_is_not_started_yet():
    assert "not started yet" in str(check_predict(stub))
    assert "not started yet" in str(check_least_squares(stub))


def test_correct_predict_passes_every_case():
    report = check_predict(predict)
    assert "4/4 cases passed" in str(report)
    assert report.ok


def test_check_predict_passes_the_textbook_solution():
    report = check_predict(lambda X, W, b: X @ W + b)
    assert "4/4 cases passed" in str(report), str(report)


def test_correct_least_squares_passes_every_case():
    assert "3/3 cases passed" in str(check_least_squares(fit))


def test_a_student_that_raises_is_reported_and_the_check_does_not_raise():
    def broken(X, W, b):
        raise ValueError("shapes do not match")

    report = str(check_predict(broken))
    assert "raised ValueError" in report
    assert "shapes do not match" in report


def test_a_student_that_mutates_its_input_is_reported():
    def mutating(X, W, b):
        X = np.asarray(X)
        O = X @ np.asarray(W) + np.asarray(b)
        X[...] = 0
        return O

    report = str(check_predict(mutating))
    assert "changed its input" in report
    assert "X" in report


def test_a_student_returning_lists_passes():
    assert "4/4 cases passed" in str(check_predict(lambda X, W, b: predict(X, W, b).tolist()))
    assert "3/3 cases passed" in str(check_least_squares(lambda X, y: [fit(X, y)[0].tolist(), float(fit(X, y)[1])]))


def test_a_report_names_the_failing_case_and_expected_against_got():
    report = str(check_predict(lambda X, W, b: predict(X, W, b) + 1))
    assert "case: square W (d = p = 3)" in report
    assert "expected" in report and "got" in report


SOFTMAX_CASES = [
    Case((np.array([[1.0, 2.0, 0.0]]),), "the handout vector"),
    Case((np.array([[1000.0, 999.0, 998.0]]),), "large logits"),
]


def naive_softmax(O):
    E = np.exp(O)
    return E / E.sum(axis=-1, keepdims=True)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_unstable_softmax_gets_the_overflow_hint():
    report = run_check("check_softmax", naive_softmax, softmax, SOFTMAX_CASES)
    text = str(report)
    assert "1/2 cases passed" in text
    assert "large logits" in text
    assert "overflow" in text and "subtract the maximum" in text


def test_correct_softmax_passes_the_custom_check():
    assert "2/2 cases passed" in str(run_check("check_softmax", softmax, softmax, SOFTMAX_CASES))


MSE_CASES = [Case((np.array([[1.0, 2.0], [3.0, 4.0], [0.0, 1.0], [2.0, 2.0]]), np.zeros((4, 2))), "4 rows")]


def test_gradient_not_divided_by_n_gets_the_factor_hint():
    report = str(run_check("check_half_mse_grad", lambda P, T: P - T, half_mse_grad, MSE_CASES, n_rows=rows))
    assert "divide by n" in report
    assert "4 times" in report


def test_a_factor_hint_speaks_of_n_only_where_the_exercise_has_one():
    report = run_check("check_double", lambda x: 4 * x, lambda x: x, [Case((np.arange(1.0, 9.0).reshape(4, 2),))])
    assert report.hint_key == "factor" and "divide by n" not in str(report)
    report = run_check("check_double", lambda x: 2 * x, lambda x: x, [Case((np.arange(1.0, 9.0).reshape(4, 2),))],
                       n_rows=rows)
    assert report.hint_key == "factor:2", str(report)


def test_matching_mistake_gives_its_own_hint_before_the_generic_one():
    mistakes = (
        Mistake("this mistake raises and is skipped", lambda P, T: 1 / 0),
        Mistake("you forgot to divide by the number of rows", lambda P, T: P - T),
        Mistake("a later match is never shown", lambda P, T: P - T),
    )
    report = str(run_check("check_half_mse_grad", lambda P, T: P - T, half_mse_grad, MSE_CASES, mistakes=mistakes))
    assert "you forgot to divide by the number of rows" in report
    assert "later match" not in report
    assert "raises and is skipped" not in report


def test_tuple_outputs_are_compared_part_by_part_with_a_transpose_hint():
    rng = np.random.default_rng(0)
    cases = [Case((rng.normal(size=(4, 2)), rng.normal(size=(4, 3)), rng.normal(size=(3, 2))), "n=4, d=3, p=2")]

    def transposed_dW(dZ, X, W):
        dX, dW, db = linear_backward(dZ, X, W)
        return dX, dW.T, db

    report = str(run_check("check_linear_backward", transposed_dW, linear_backward, cases,
                           output_names=("dX", "dW", "db")))
    assert "dW:" in report
    assert "transposed" in report and ".T" in report


def test_returning_none_gets_the_return_hint():
    report = str(run_check("check_half_mse_grad", lambda P, T: None, half_mse_grad, MSE_CASES))
    assert "return" in report


def test_not_implemented_after_the_first_case_is_a_failure_not_a_fresh_stub():
    calls = []

    def half_done(P, T):
        calls.append(1)
        if len(calls) > 1:
            raise NotImplementedError
        return half_mse_grad(P, T)

    report = run_check("check", half_done, half_mse_grad, MSE_CASES * 2)
    assert "not started yet" not in str(report)
    assert "1/2 cases passed" in str(report)


def test_a_non_callable_student_is_reported():
    report = run_check("check", 42, half_mse_grad, MSE_CASES)
    assert not report.ok
    assert "expected a function" in str(report)
