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


# ----------------------------------------------------------------------------- notebook 01's new sections
from lecture_utils.linear import gaussian_log_likelihood, normal_equations  # noqa: E402


def test_normal_equations_agree_with_lstsq_on_a_well_conditioned_problem():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(30, 3))
    y = rng.normal(size=30)
    np.testing.assert_allclose(normal_equations(X, y), np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-10, atol=1e-12)
    Y = rng.normal(size=(30, 2))
    assert normal_equations(X, Y).shape == (3, 2)


@pytest.mark.parametrize(("eps", "expected"), [(1e-7, 8.0e-4), (2e-8, 9.9e-2)])
def test_normal_equations_lose_digits_on_the_lauchli_matrix_and_lstsq_does_not(eps, expected):
    # κ(XᵀX) = κ(X)²: the normal equations' error is about κ(X)² u, lstsq's stays at rounding level
    X = np.array([[1.0, 1.0], [eps, 0.0], [0.0, eps]])
    beta = np.array([1.0, -1.0])
    error = np.linalg.norm(normal_equations(X, X @ beta) - beta) / np.linalg.norm(beta)
    assert error == pytest.approx(expected, rel=0.02)
    assert np.abs(np.linalg.lstsq(X, X @ beta, rcond=None)[0] - beta).max() < 1e-12


def test_normal_equations_refuse_dependent_columns_and_lstsq_returns_the_minimum_norm_solution():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    X = np.column_stack([x, 2 * x])
    with pytest.raises(np.linalg.LinAlgError):
        normal_equations(X, 3 * x)
    beta, _, rank, _ = np.linalg.lstsq(X, 3 * x, rcond=None)
    assert rank == 1
    np.testing.assert_allclose(beta, [0.6, 1.2], rtol=1e-12)
    X_wide = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    with pytest.raises(np.linalg.LinAlgError):
        normal_equations(X_wide, [1.0, 2.0])
    np.testing.assert_allclose(np.linalg.lstsq(X_wide, [1.0, 2.0], rcond=None)[0], [0.0, 1.0, 1.0], atol=1e-12)


def test_normal_equations_reject_mismatched_rows():
    with pytest.raises(ValueError, match=r"X has 3 rows but y has shape \(2,\)"):
        normal_equations(np.ones((3, 2)), np.ones(2))


def test_gaussian_log_likelihood_is_the_sum_of_log_densities():
    y = np.array([1.0, 2.5, -0.5])
    y_hat = np.array([0.5, 2.0, 0.0])
    sigma = 0.7
    density = np.exp(-((y - y_hat) ** 2) / (2 * sigma**2)) / np.sqrt(2 * np.pi * sigma**2)
    assert gaussian_log_likelihood(y, y_hat, sigma) == pytest.approx(np.log(density).sum(), rel=1e-12)


def test_gaussian_log_likelihood_is_maximised_by_the_least_squares_fit():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(40, 2))
    y = X @ np.array([1.5, -0.5]) + 0.3 * rng.normal(size=40)
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    for sigma in (0.3, 2.0):
        gradient = numerical_gradient(lambda b, s=sigma: gaussian_log_likelihood(y, X @ b, s), beta.copy())
        assert np.abs(gradient).max() < 1e-6
        best = gaussian_log_likelihood(y, X @ beta, sigma)
        for step in rng.normal(scale=0.05, size=(20, 2)):
            assert gaussian_log_likelihood(y, X @ (beta + step), sigma) < best


def test_gaussian_log_likelihood_rejects_bad_input():
    with pytest.raises(ValueError, match="sigma"):
        gaussian_log_likelihood([1.0], [1.0], 0.0)
    with pytest.raises(ValueError, match="equal shapes"):
        gaussian_log_likelihood([1.0, 2.0], [1.0], 1.0)
