"""Unit tests for numerical_gradient, relative_error and gradient_check."""

import numpy as np
import pytest

from lecture_utils import MLP, gradient_check, numerical_gradient, relative_error

A = np.array([[3.0, 1.0], [1.0, 2.0]])
c = np.array([0.5, -1.0])


def quadratic(x):
    return 0.5 * x @ A @ x + c @ x


def test_numerical_gradient_of_a_quadratic():
    x = np.array([0.3, -0.7])
    np.testing.assert_allclose(numerical_gradient(quadratic, x), A @ x + c, rtol=1e-9, atol=1e-11)


def test_numerical_gradient_of_a_2d_array_keeps_its_shape():
    x = np.arange(6.0).reshape(2, 3) / 10
    grad = numerical_gradient(lambda v: np.sum(v**3), x)
    assert grad.shape == (2, 3)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8, atol=1e-10)


def test_numerical_gradient_of_a_linear_function_is_exact_to_rounding():
    w = np.array([1.5, -2.0, 0.25])
    np.testing.assert_allclose(numerical_gradient(lambda v: w @ v, np.ones(3)), w, rtol=1e-9, atol=0)


def test_numerical_gradient_uses_eps():
    x = np.array([1.0])
    np.testing.assert_allclose(numerical_gradient(lambda v: v[0] ** 3, x, eps=0.1), 3.0 + 0.01, rtol=1e-12)


def test_numerical_gradient_restores_x_exactly():
    x = np.array([0.1, 1 / 3, -2.7e-8, 12345.678])
    original = x.copy()
    numerical_gradient(lambda v: np.sum(np.sin(v)), x)
    np.testing.assert_array_equal(x, original)


def test_numerical_gradient_restores_x_when_f_raises():
    x = np.array([0.1, 0.2])
    calls = []

    def failing(v):
        calls.append(v.copy())
        raise ArithmeticError

    with pytest.raises(ArithmeticError):
        numerical_gradient(failing, x)
    np.testing.assert_array_equal(x, [0.1, 0.2])
    assert calls[0][0] != 0.1


def test_numerical_gradient_sees_x_through_a_closure():
    params = {"W": np.array([[1.0, 2.0], [3.0, 4.0]])}
    grad = numerical_gradient(lambda _: np.sum(params["W"] ** 2), params["W"])
    np.testing.assert_allclose(grad, 2 * params["W"], rtol=1e-8, atol=1e-10)


def test_relative_error_formula_entry_by_entry():
    a = np.array([1.0, 100.0])
    b = np.array([1.1, 100.0])
    np.testing.assert_allclose(relative_error(a, b), 0.1 / 2.1, rtol=1e-12)


def test_relative_error_takes_the_largest_entry():
    a = np.array([1.0, 2.0, 10.0])
    b = np.array([1.0, 2.2, 10.5])
    np.testing.assert_allclose(relative_error(a, b), max(0.2 / 4.2, 0.5 / 20.5), rtol=1e-12)


def test_relative_error_floors_the_denominator_at_1e_8():
    np.testing.assert_allclose(relative_error(np.array([0.0]), np.array([1e-10])), 1e-2, rtol=1e-9)


def test_relative_error_is_zero_for_equal_arrays_and_symmetric():
    a, b = np.array([1.0, -2.0]), np.array([1.5, -2.5])
    assert relative_error(a, a) == 0.0
    assert relative_error(a, b) == relative_error(b, a)
    np.testing.assert_allclose(relative_error(a, b), 0.5 / 2.5, rtol=1e-12)


def test_relative_error_rejects_different_shapes():
    with pytest.raises(ValueError, match=r"\(3,\).*\(3, 1\)"):
        relative_error(np.zeros(3), np.zeros((3, 1)))


def _net_and_batch():
    net = MLP([3, 4, 2], activation="tanh", seed=1)
    rng = np.random.default_rng(2)
    return net, rng.normal(size=(5, 3)), rng.integers(0, 2, size=5)


def test_gradient_check_reports_tiny_errors_for_backprop_gradients():
    net, X, y = _net_and_batch()
    _, grads = net.loss_and_grads(X, y)
    report = gradient_check(lambda p: net.loss(X, y), net.params, grads)
    assert list(report) == ["W1", "b1", "W2", "b2"]
    assert report.max_error() < 1e-7
    assert report.ok()


def test_gradient_check_flags_a_wrong_gradient():
    net, X, y = _net_and_batch()
    _, grads = net.loss_and_grads(X, y)
    grads["W2"] = 2 * grads["W2"]
    report = gradient_check(lambda p: net.loss(X, y), net.params, grads)
    np.testing.assert_allclose(report["W2"], 1 / 3, rtol=1e-4)
    assert report["W1"] < 1e-7
    assert not report.ok()
    assert "BUG?" in str(report)


def test_gradient_check_report_entries_equal_relative_error_of_numerical_gradient():
    net, X, y = _net_and_batch()
    _, grads = net.loss_and_grads(X, y)
    grads = {k: g * 1.5 for k, g in grads.items()}
    report = gradient_check(lambda p: net.loss(X, y), net.params, grads)
    numeric = numerical_gradient(lambda _: net.loss(X, y), net.params["W1"])
    np.testing.assert_allclose(report["W1"], relative_error(grads["W1"], numeric), rtol=1e-6)


def test_gradient_check_report_text_names_every_parameter():
    net, X, y = _net_and_batch()
    _, grads = net.loss_and_grads(X, y)
    text = str(gradient_check(lambda p: net.loss(X, y), net.params, grads))
    assert "relative error" in text
    for name in net.params:
        assert name in text


def test_gradient_check_leaves_params_unchanged():
    net, X, y = _net_and_batch()
    before = {k: v.copy() for k, v in net.params.items()}
    _, grads = net.loss_and_grads(X, y)
    gradient_check(lambda p: net.loss(X, y), net.params, grads)
    for k in before:
        np.testing.assert_array_equal(net.params[k], before[k])
