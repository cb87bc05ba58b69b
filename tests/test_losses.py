"""Unit tests for softmax, log_softmax, one_hot, cross_entropy and half_mse."""

import numpy as np
import pytest

from lecture_utils import (
    cross_entropy,
    half_mse,
    half_mse_grad,
    log_softmax,
    numerical_gradient,
    one_hot,
    softmax,
    softmax_cross_entropy_grad,
)

HANDOUT_ROWS = np.array([[1.0, 2.0, 0.0], [-1.0, 0.0, 1.0], [-10.0, 0.0, 10.0]])
HANDOUT_PROBS = np.array([[0.2447, 0.6652, 0.0900], [0.0900, 0.2447, 0.6652], [2.06e-09, 4.54e-05, 0.99995]])
LOGSUMEXP_120 = 2.0 + np.log(1.0 + np.exp(-1.0) + np.exp(-2.0))


def test_softmax_of_the_handout_vector():
    np.testing.assert_allclose(softmax([1.0, 2.0, 0.0]), [0.2447, 0.6652, 0.0900], rtol=0, atol=5e-5)


def test_softmax_of_the_handout_rows():
    np.testing.assert_allclose(softmax(HANDOUT_ROWS), HANDOUT_PROBS, rtol=5e-3, atol=5e-5)


def test_softmax_matches_the_definition_to_full_precision():
    expected = np.exp(HANDOUT_ROWS) / np.exp(HANDOUT_ROWS).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(softmax(HANDOUT_ROWS), expected, rtol=1e-12, atol=0)


def test_softmax_rows_sum_to_one():
    P = softmax(np.random.default_rng(0).normal(scale=5.0, size=(6, 4)))
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=0, atol=1e-12)


def test_softmax_along_axis_zero_normalises_columns():
    O = np.random.default_rng(1).normal(size=(3, 5))
    np.testing.assert_allclose(softmax(O, axis=0), softmax(O.T).T, rtol=1e-12, atol=0)


def test_softmax_leaves_its_input_unchanged():
    O = HANDOUT_ROWS.copy()
    softmax(O)
    log_softmax(O)
    np.testing.assert_array_equal(O, HANDOUT_ROWS)


def test_log_softmax_of_the_handout_vector():
    expected = np.array([1.0, 2.0, 0.0]) - LOGSUMEXP_120
    np.testing.assert_allclose(log_softmax([1.0, 2.0, 0.0]), expected, rtol=1e-12, atol=0)
    np.testing.assert_allclose(expected, [-1.40761, -0.40761, -2.40761], rtol=0, atol=1e-5)


def test_log_softmax_equals_log_of_softmax():
    O = np.random.default_rng(2).normal(scale=3.0, size=(5, 4))
    np.testing.assert_allclose(log_softmax(O), np.log(softmax(O)), rtol=1e-12, atol=1e-12)


def test_log_softmax_along_axis_zero():
    O = np.random.default_rng(3).normal(size=(3, 5))
    np.testing.assert_allclose(log_softmax(O, axis=0), log_softmax(O.T).T, rtol=1e-12, atol=0)


def test_one_hot_puts_a_single_one_at_each_label():
    Y = one_hot([2, 0, 1, 2], 3)
    expected = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=float)
    np.testing.assert_array_equal(Y, expected)
    assert Y.dtype == np.float64


def test_one_hot_of_a_scalar_label_is_a_vector():
    np.testing.assert_array_equal(one_hot(1, 4), [0.0, 1.0, 0.0, 0.0])


def test_one_hot_then_argmax_gives_back_the_labels():
    labels = np.array([4, 0, 3, 3, 1])
    np.testing.assert_array_equal(one_hot(labels, 5).argmax(axis=1), labels)


def test_cross_entropy_of_one_example_by_hand():
    np.testing.assert_allclose(cross_entropy(np.array([[1.0, 2.0, 0.0]]), [1]), 0.40761, rtol=0, atol=1e-5)
    np.testing.assert_allclose(cross_entropy(np.array([[1.0, 2.0, 0.0]]), [1]), LOGSUMEXP_120 - 2.0, rtol=1e-12)


def test_cross_entropy_is_the_mean_over_rows():
    logits = np.array([[1.0, 2.0, 0.0], [-1.0, 0.0, 1.0]])
    expected = ((LOGSUMEXP_120 - 2.0) + (LOGSUMEXP_120 - 0.0)) / 2
    np.testing.assert_allclose(cross_entropy(logits, [1, 0]), expected, rtol=1e-12)
    np.testing.assert_allclose(expected, 1.40761, rtol=0, atol=1e-5)


def test_cross_entropy_same_for_indices_and_one_hot():
    rng = np.random.default_rng(4)
    logits = rng.normal(size=(6, 4))
    labels = rng.integers(0, 4, size=6)
    np.testing.assert_allclose(cross_entropy(logits, labels), cross_entropy(logits, one_hot(labels, 4)),
                               rtol=1e-12, atol=0)


def test_cross_entropy_of_a_single_1d_example():
    logits = np.array([1.0, 2.0, 0.0])
    expected = LOGSUMEXP_120 - 2.0
    np.testing.assert_allclose(cross_entropy(logits, 1), expected, rtol=1e-12)
    np.testing.assert_allclose(cross_entropy(logits, [0.0, 1.0, 0.0]), expected, rtol=1e-12)
    assert np.ndim(cross_entropy(logits, 1)) == 0


def test_cross_entropy_equals_negative_mean_log_softmax_at_labels():
    rng = np.random.default_rng(5)
    logits = rng.normal(scale=2.0, size=(7, 3))
    labels = rng.integers(0, 3, size=7)
    expected = -np.mean(log_softmax(logits)[np.arange(7), labels])
    np.testing.assert_allclose(cross_entropy(logits, labels), expected, rtol=1e-12)


def test_cross_entropy_leaves_its_inputs_unchanged():
    logits = HANDOUT_ROWS.copy()
    labels = np.array([0, 1, 2])
    cross_entropy(logits, labels)
    softmax_cross_entropy_grad(logits, labels)
    np.testing.assert_array_equal(logits, HANDOUT_ROWS)
    np.testing.assert_array_equal(labels, [0, 1, 2])


def test_softmax_cross_entropy_grad_is_p_minus_y_over_n():
    labels = np.array([1, 0, 2])
    expected = (softmax(HANDOUT_ROWS) - one_hot(labels, 3)) / 3
    np.testing.assert_allclose(softmax_cross_entropy_grad(HANDOUT_ROWS, labels), expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("as_one_hot", [False, True], ids=["indices", "one_hot"])
def test_softmax_cross_entropy_grad_matches_finite_differences(as_one_hot):
    rng = np.random.default_rng(6)
    logits = rng.normal(size=(5, 4))
    labels = rng.integers(0, 4, size=5)
    target = one_hot(labels, 4) if as_one_hot else labels
    numeric = numerical_gradient(lambda O: cross_entropy(O, target), logits)
    np.testing.assert_allclose(softmax_cross_entropy_grad(logits, target), numeric, rtol=1e-6, atol=1e-9)


def test_softmax_cross_entropy_grad_of_a_single_1d_example():
    logits = np.array([1.0, 2.0, 0.0])
    numeric = numerical_gradient(lambda O: cross_entropy(O, 2), logits.copy())
    np.testing.assert_allclose(softmax_cross_entropy_grad(logits, 2), numeric, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(softmax_cross_entropy_grad(logits, 2), softmax(logits) - [0, 0, 1], rtol=1e-12)


def test_half_mse_by_hand():
    pred = np.array([[1.0, 2.0], [3.0, 4.0]])
    target = np.array([[0.0, 2.0], [1.0, 1.0]])
    np.testing.assert_allclose(half_mse(pred, target), 3.5, rtol=1e-12)


def test_half_mse_of_one_example_is_the_handouts_half_squared_error():
    np.testing.assert_allclose(half_mse(3.0, 1.0), 2.0, rtol=1e-12)
    np.testing.assert_allclose(half_mse([3.0], [1.0]), 2.0, rtol=1e-12)


def test_half_mse_divides_by_the_number_of_rows():
    pred = np.array([1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(half_mse(pred, np.zeros(4)), 0.5 * 30.0 / 4, rtol=1e-12)


def test_half_mse_grad_by_hand():
    pred = np.array([[1.0, 2.0], [3.0, 4.0]])
    target = np.array([[0.0, 2.0], [1.0, 1.0]])
    np.testing.assert_allclose(half_mse_grad(pred, target), [[0.5, 0.0], [1.0, 1.5]], rtol=1e-12, atol=0)


@pytest.mark.parametrize("shape", [(5,), (4, 3)])
def test_half_mse_grad_matches_finite_differences(shape):
    rng = np.random.default_rng(7)
    pred, target = rng.normal(size=shape), rng.normal(size=shape)
    numeric = numerical_gradient(lambda p: half_mse(p, target), pred)
    np.testing.assert_allclose(half_mse_grad(pred, target), numeric, rtol=1e-6, atol=1e-9)


def test_half_mse_leaves_its_inputs_unchanged():
    pred, target = np.array([1.0, 2.0]), np.array([0.5, 0.5])
    half_mse(pred, target)
    half_mse_grad(pred, target)
    np.testing.assert_array_equal(pred, [1.0, 2.0])
    np.testing.assert_array_equal(target, [0.5, 0.5])


# ----------------------------------------------------------------------------- notebook 02's new sections
from lecture_utils import relative_error  # noqa: E402
from lecture_utils.losses import (  # noqa: E402
    entropy,
    kl_divergence,
    softmax_jacobian,
    softmax_regression_loss_and_grads,
)


def test_softmax_jacobian_by_hand_and_against_finite_differences():
    o = np.array([1.0, 2.0, 0.0])
    J = softmax_jacobian(o)
    assert J[0, 0] == pytest.approx(0.2447 * (1 - 0.2447), abs=1e-4)
    assert J[0, 1] == pytest.approx(-0.2447 * 0.6652, abs=1e-4)
    numeric = np.stack([numerical_gradient(lambda v, k=k: softmax(v)[k], o.copy()) for k in range(3)])
    np.testing.assert_allclose(J, numeric, rtol=0, atol=1e-9)
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-15)


def test_softmax_jacobian_of_a_batch_and_the_chain_rule_gives_q_minus_t():
    rng = np.random.default_rng(8)
    O = rng.normal(size=(4, 5))
    J = softmax_jacobian(O)
    assert J.shape == (4, 5, 5)
    for i in range(4):
        np.testing.assert_allclose(J[i], softmax_jacobian(O[i]), rtol=1e-12)
    P, T = softmax(O), one_hot(np.array([0, 3, 1, 4]), 5)
    chained = np.einsum("ikj,ik->ij", J, -T / P)
    np.testing.assert_allclose(chained, P - T, rtol=1e-10, atol=1e-12)


def test_cross_entropy_is_entropy_plus_kl_divergence():
    p = np.array([0.7, 0.2, 0.1])
    o = np.array([1.0, 2.0, 0.0])
    q = softmax(o)
    assert entropy(p) == pytest.approx(0.8018, abs=1e-4)
    assert kl_divergence(p, q) == pytest.approx(0.5058, abs=1e-4)
    assert cross_entropy(o, p) == pytest.approx(entropy(p) + kl_divergence(p, q), rel=1e-12)
    assert kl_divergence(p, p) == pytest.approx(0.0, abs=1e-15) and kl_divergence(q, p) > 0


def test_entropy_and_kl_with_zero_probabilities_and_batches():
    t = np.array([0.0, 1.0, 0.0])
    assert entropy(t) == 0.0 and not np.signbit(entropy(t))
    q = softmax(np.array([1.0, 2.0, 0.0]))
    assert kl_divergence(t, q) == pytest.approx(-np.log(q[1]), rel=1e-12)
    with np.errstate(all="raise"):
        assert kl_divergence(np.array([0.5, 0.5]), np.array([1.0, 0.0])) == np.inf
    P = np.array([[0.5, 0.5], [0.9, 0.1]])
    np.testing.assert_allclose(entropy(P), [np.log(2), -(0.9 * np.log(0.9) + 0.1 * np.log(0.1))], rtol=1e-12)


def test_entropy_rejects_what_is_not_a_probability_vector():
    with pytest.raises(ValueError, match="not a probability vector"):
        entropy(np.array([0.5, 0.6]))
    with pytest.raises(ValueError, match="equal shapes"):
        kl_divergence(np.array([0.5, 0.5]), np.array([0.2, 0.3, 0.5]))


@pytest.mark.parametrize("weight_decay", [0.0, 0.01, 0.3])
def test_softmax_regression_gradients_match_finite_differences(weight_decay):
    rng = np.random.default_rng(9)
    X, W, b = rng.normal(size=(12, 2)), rng.normal(size=(2, 3)), rng.normal(size=3)
    y = rng.integers(0, 3, size=12)
    L, dW, db = softmax_regression_loss_and_grads(W, b, X, y, weight_decay)
    assert L == pytest.approx(cross_entropy(X @ W + b, y) + weight_decay / 2 * np.sum(W**2), rel=1e-12)
    dW_numeric = numerical_gradient(lambda V: softmax_regression_loss_and_grads(V, b, X, y, weight_decay)[0], W.copy())
    db_numeric = numerical_gradient(lambda c: softmax_regression_loss_and_grads(W, c, X, y, weight_decay)[0], b.copy())
    assert relative_error(dW, dW_numeric) < 1e-7 and relative_error(db, db_numeric) < 1e-7
    same_with_one_hot = softmax_regression_loss_and_grads(W, b, X, one_hot(y, 3), weight_decay)
    np.testing.assert_allclose(same_with_one_hot[1], dW, rtol=1e-12)


def test_weight_decay_bounds_the_weights_on_separable_data():
    X = np.array([[-2.0, 0.0], [-1.5, 0.5], [2.0, 0.0], [1.5, -0.5]])
    y = np.array([0, 0, 1, 1])
    norms = {}
    for lam in (0.0, 0.05):
        W, b = np.zeros((2, 2)), np.zeros(2)
        for step in range(1, 3001):
            _, dW, db = softmax_regression_loss_and_grads(W, b, X, y, lam)
            W, b = W - 0.5 * dW, b - 0.5 * db
            if step in (300, 3000):
                norms[lam, step] = np.linalg.norm(W)
    assert norms[0.0, 3000] > norms[0.0, 300] + 0.5  # still growing: 2.80 → 3.78
    assert norms[0.05, 3000] == pytest.approx(norms[0.05, 300], rel=1e-6)


def test_softmax_regression_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="do not fit"):
        softmax_regression_loss_and_grads(np.zeros((3, 2)), np.zeros(2), np.zeros((5, 2)), np.zeros(5, dtype=int))
    with pytest.raises(ValueError, match="weight_decay"):
        softmax_regression_loss_and_grads(np.zeros((2, 2)), np.zeros(2), np.zeros((5, 2)), np.zeros(5, dtype=int), -1.0)
