"""Extreme inputs give finite, correct results with no warning; dtypes are kept."""

import numpy as np
import pytest

from lecture_utils import (
    cross_entropy,
    half_mse,
    half_mse_grad,
    linear,
    linear_backward,
    log_softmax,
    one_hot,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    softmax_cross_entropy_grad,
    tanh,
    tanh_grad,
)

pytestmark = pytest.mark.filterwarnings("error")

FLOATS = pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])


def huge_logits(dtype):
    return np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [0.0, 1e4, 1e4]], dtype=dtype)


@FLOATS
def test_softmax_of_huge_logits(dtype):
    P = softmax(huge_logits(dtype))
    expected = np.array([[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3], [0.0, 0.5, 0.5]])
    np.testing.assert_allclose(P, expected, rtol=1e-6, atol=0)
    assert P.dtype == dtype


@FLOATS
def test_log_softmax_of_huge_logits(dtype):
    L = log_softmax(huge_logits(dtype))
    expected = np.array([[0.0, -2e4, -1e4], [-np.log(3)] * 3, [-1e4 - np.log(2), -np.log(2), -np.log(2)]])
    assert np.all(np.isfinite(L))
    np.testing.assert_allclose(L, expected, rtol=1e-6, atol=1e-6)
    assert L.dtype == dtype


@FLOATS
def test_cross_entropy_of_huge_logits(dtype):
    loss = cross_entropy(huge_logits(dtype), np.array([1, 0, 2]))
    expected = (2e4 + np.log(3) + np.log(2)) / 3
    assert np.isfinite(loss)
    np.testing.assert_allclose(loss, expected, rtol=1e-6)
    assert np.asarray(loss).dtype == dtype


@FLOATS
def test_softmax_cross_entropy_grad_of_huge_logits(dtype):
    grad = softmax_cross_entropy_grad(huge_logits(dtype), np.array([1, 0, 2]))
    expected = (np.array([[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3], [0.0, 0.5, 0.5]])
                - np.eye(3)[[1, 0, 2]]) / 3
    np.testing.assert_allclose(grad, expected, rtol=1e-6, atol=1e-7)
    assert grad.dtype == dtype


@FLOATS
def test_cross_entropy_of_a_tiny_probability(dtype):
    np.testing.assert_allclose(cross_entropy(np.array([0.0, -1e4], dtype=dtype), 1), 1e4, rtol=1e-7)
    np.testing.assert_allclose(cross_entropy(np.array([[0.0, -1e4]], dtype=dtype), [1]), 1e4, rtol=1e-7)


def test_cross_entropy_of_a_tiny_probability_with_one_hot_labels():
    np.testing.assert_allclose(cross_entropy(np.array([[0.0, -1e4]]), np.array([[0.0, 1.0]])), 1e4, rtol=1e-12)


@FLOATS
def test_sigmoid_saturates_to_exactly_zero_and_one(dtype):
    s = sigmoid(np.array([-1000.0, 1000.0], dtype=dtype))
    assert s[0] == 0.0 and s[1] == 1.0
    assert s.dtype == dtype


@FLOATS
def test_sigmoid_grad_is_finite_far_out(dtype):
    g = sigmoid_grad(np.array([-1000.0, 1000.0], dtype=dtype))
    np.testing.assert_array_equal(g, [0.0, 0.0])
    assert g.dtype == dtype


@pytest.mark.parametrize("dtype, z", [(np.float32, 20.0), (np.float64, 40.0)], ids=["float32", "float64"])
def test_sigmoid_grad_keeps_its_tails_symmetric(dtype, z):
    g = sigmoid_grad(np.array([-z, z], dtype=dtype))
    np.testing.assert_allclose(g, [np.exp(-z), np.exp(-z)], rtol=1e-5, atol=0)


@FLOATS
def test_tanh_and_its_grad_far_out(dtype):
    z = np.array([-1000.0, 1000.0], dtype=dtype)
    np.testing.assert_array_equal(tanh(z), [-1.0, 1.0])
    np.testing.assert_array_equal(tanh_grad(z), [0.0, 0.0])


@pytest.mark.parametrize("f", [sigmoid, sigmoid_grad, tanh, tanh_grad, relu, relu_grad, softmax, log_softmax],
                         ids=lambda f: f.__name__)
def test_element_wise_and_softmax_keep_float32(f):
    z = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
    out = f(z)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, f(z.astype(np.float64)), rtol=1e-5, atol=1e-6)


def test_linear_and_its_backward_keep_float32():
    rng = np.random.default_rng(0)
    X, W, b = (rng.normal(size=s).astype(np.float32) for s in [(4, 3), (3, 2), (2,)])
    assert linear(X, W, b).dtype == np.float32
    dZ = np.ones((4, 2), dtype=np.float32)
    assert [g.dtype for g in linear_backward(dZ, X, W)] == [np.float32] * 3


@pytest.mark.parametrize("loss, grad, target", [
    (cross_entropy, softmax_cross_entropy_grad, np.array([0, 2, 1])),
    (cross_entropy, softmax_cross_entropy_grad, one_hot([0, 2, 1], 3)),
    (half_mse, half_mse_grad, np.zeros((3, 3))),
], ids=["cross_entropy_indices", "cross_entropy_one_hot", "half_mse"])
def test_losses_and_their_grads_keep_float32(loss, grad, target):
    O = np.array([[1.0, 2.0, 0.0], [-1.0, 0.0, 1.0], [0.5, 0.5, 0.5]], dtype=np.float32)
    assert np.asarray(loss(O, target)).dtype == np.float32
    assert grad(O, target).dtype == np.float32
    np.testing.assert_allclose(loss(O, target), loss(O.astype(np.float64), target), rtol=1e-6)


@FLOATS
def test_half_mse_of_large_values_is_finite(dtype):
    pred = np.array([1e4, -1e4], dtype=dtype)
    np.testing.assert_allclose(half_mse(pred, np.zeros(2, dtype=dtype)), 0.5 * 2e8 / 2, rtol=1e-6)
