"""Unit tests for the linear layer: linear, linear_backward, least_squares."""

import numpy as np
import pytest

from lecture_utils import least_squares, linear, linear_backward, numerical_gradient

X_HAND = np.array([[1.0, 2.0], [3.0, 4.0]])
W_HAND = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])
B_HAND = np.array([0.5, -1.0, 2.0])
DZ_HAND = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]])


def random_layer(n=4, d=3, p=2, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.normal(size=(d, p)), rng.normal(size=p)


def test_linear_matches_hand_computed_values():
    expected = np.array([[5.5, 1.0, 1.0], [11.5, 3.0, -1.0]])
    np.testing.assert_allclose(linear(X_HAND, W_HAND, B_HAND), expected, rtol=1e-12, atol=0)


def test_linear_equals_matrix_product_plus_bias():
    X, W, b = random_layer(n=5, d=4, p=3)
    np.testing.assert_allclose(linear(X, W, b), X @ W + b, rtol=1e-12, atol=1e-12)


def test_linear_accepts_a_single_example_and_a_row_bias():
    X, W, b = random_layer(n=1, d=3, p=2)
    np.testing.assert_allclose(linear(X[0], W, b), (X @ W + b)[0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(linear(X, W, b[None, :]), X @ W + b, rtol=1e-12, atol=1e-12)


def test_linear_accepts_nested_lists():
    Z = linear(X_HAND.tolist(), W_HAND.tolist(), B_HAND.tolist())
    np.testing.assert_allclose(Z, X_HAND @ W_HAND + B_HAND, rtol=1e-12, atol=0)


def test_linear_leaves_its_inputs_unchanged():
    X, W, b = random_layer()
    copies = [a.copy() for a in (X, W, b)]
    linear(X, W, b)
    for a, before in zip((X, W, b), copies):
        np.testing.assert_array_equal(a, before)


def test_linear_backward_matches_hand_computed_values():
    dX, dW, db = linear_backward(DZ_HAND, X_HAND, W_HAND)
    np.testing.assert_allclose(dX, [[-1.0, 2.0], [1.0, 1.0]], rtol=1e-12, atol=0)
    np.testing.assert_allclose(dW, [[1.0, 3.0, -1.0], [2.0, 4.0, 0.0]], rtol=1e-12, atol=0)
    np.testing.assert_allclose(db, [1.0, 1.0, 1.0], rtol=1e-12, atol=0)


def test_linear_backward_returns_the_shapes_of_x_w_and_b():
    X, W, b = random_layer(n=5, d=4, p=3)
    dX, dW, db = linear_backward(np.ones((5, 3)), X, W)
    assert (dX.shape, dW.shape, db.shape) == (X.shape, W.shape, b.shape)


def test_linear_backward_db_sums_the_upstream_gradient_over_rows():
    X, W, _ = random_layer(n=6, d=3, p=2)
    dZ = np.random.default_rng(1).normal(size=(6, 2))
    np.testing.assert_allclose(linear_backward(dZ, X, W)[2], dZ.sum(axis=0), rtol=1e-12, atol=1e-12)


def _loss_and_upstream(X, W, b, seed=7):
    """A scalar loss L = Σ G ⊙ linear(X, W, b), whose ∂L/∂Z is G."""
    G = np.random.default_rng(seed).normal(size=(X.shape[0], W.shape[1]))
    return (lambda: float(np.sum(G * linear(X, W, b)))), G


@pytest.mark.parametrize("which", [0, 1, 2], ids=["dX", "dW", "db"])
def test_linear_backward_matches_finite_differences(which):
    X, W, b = random_layer(n=4, d=3, p=2)
    loss, G = _loss_and_upstream(X, W, b)
    analytic = linear_backward(G, X, W)[which]
    numeric = numerical_gradient(lambda _: loss(), (X, W, b)[which])
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


def test_linear_backward_of_one_example_matches_finite_differences():
    X, W, b = random_layer(n=1, d=3, p=2)
    x = X[0].copy()
    G = np.array([0.3, -1.2])
    dx, dW, db = linear_backward(G, x, W)
    assert dx.shape == (3,)
    numeric_x = numerical_gradient(lambda v: float(G @ linear(v, W, b)), x)
    numeric_W = numerical_gradient(lambda _: float(G @ linear(x, W, b)), W)
    np.testing.assert_allclose(dx, numeric_x, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dW, numeric_W, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(db, G, rtol=1e-12, atol=0)


def test_least_squares_recovers_a_line_from_exact_data():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = 2.0 * X[:, 0] + 1.0
    W, b = least_squares(X, y)
    np.testing.assert_allclose(W, [2.0], rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(b, 1.0, rtol=1e-10, atol=1e-10)


def test_least_squares_agrees_with_numpy_lstsq_on_noisy_data():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(30, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3 + 0.1 * rng.normal(size=30)
    beta = np.linalg.lstsq(np.column_stack([X, np.ones(30)]), y, rcond=None)[0]
    W, b = least_squares(X, y)
    np.testing.assert_allclose(W, beta[:3], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(b, beta[3], rtol=1e-10, atol=1e-12)


def test_least_squares_fits_several_outputs_at_once():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(20, 2))
    W_true = np.array([[1.0, -1.0, 0.0], [2.0, 0.5, 3.0]])
    b_true = np.array([0.5, -0.25, 4.0])
    W, b = least_squares(X, X @ W_true + b_true)
    assert W.shape == (2, 3) and b.shape == (3,)
    np.testing.assert_allclose(W, W_true, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(b, b_true, rtol=1e-10, atol=1e-10)


def test_least_squares_residual_is_orthogonal_to_the_inputs():
    rng = np.random.default_rng(5)
    X = rng.uniform(5, 10, size=(25, 2))
    y = rng.normal(size=25)
    W, b = least_squares(X, y)
    residual = y - (X @ W + b)
    np.testing.assert_allclose(np.column_stack([X, np.ones(25)]).T @ residual, 0.0, rtol=0, atol=1e-9)
