"""Checks for the exercises of notebook 06 (backpropagation in matrix form)."""

from __future__ import annotations

import numpy as np

from ..activations import relu, relu_grad
from ._core import Case, CheckReport, Mistake, rows, run_check

# --- exercise 1: the backward pass of a 2-layer ReLU network --------------------------------


def two_layer_backward(X, Y, W1, b1, W2, b2, *, transpose=False, no_relu_grad=False, no_n=False, flip=False,
                       db_mean=False, db_unsummed=False, mask_after=False):
    """Reference (and, with a flag set, a known mistake) for the 2-layer backward pass.

    Network: Z1 = X W1 + b1, H = relu(Z1), O = H W2 + b2, L = half_mse(O, Y) = (1/2n) Σ (O − Y)².

    Parameters
    ----------
    X : (n, d); Y : (n, p); W1 : (d, h); b1 : (h,); W2 : (h, p); b2 : (p,)

    Returns
    -------
    dW1 (d, h), db1 (h,), dW2 (h, p), db2 (p,)
    """
    X, Y, W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (X, Y, W1, b1, W2, b2))
    n = X.shape[0]
    Z1 = X @ W1 + b1
    H = relu(Z1)
    O = H @ W2 + b2
    dO = O - Y if no_n else (O - Y) / n
    if flip:
        dO = -dO
    dW2 = dO.T @ H if transpose else H.T @ dO
    db2 = dO.mean(axis=0) if db_mean else dO if db_unsummed else dO.sum(axis=0)
    dH = dO @ W2.T
    dZ1 = dH if no_relu_grad else dH * relu_grad(Z1)
    if mask_after:
        dZ1 = dH * H
    dW1 = dZ1.T @ X if transpose else X.T @ dZ1
    db1 = dZ1.mean(axis=0) if db_mean else dZ1 if db_unsummed else dZ1.sum(axis=0)
    return dW1, db1, dW2, db2


def _reference_two_layer(X, Y, W1, b1, W2, b2):
    return two_layer_backward(X, Y, W1, b1, W2, b2)


def _cases_two_layer() -> list[Case]:
    rng = np.random.default_rng(601)

    def case(n, d, h, p):
        return (rng.normal(size=(n, d)), rng.normal(size=(n, p)), rng.normal(size=(d, h)),
                0.3 * rng.normal(size=h), rng.normal(size=(h, p)), 0.3 * rng.normal(size=p))

    X, Y, W1, b1, W2, b2 = case(3, 2, 3, 1)
    return [
        Case(case(3, 2, 4, 2), "a batch of n = 3 examples, d = 2 inputs, 4 hidden units, p = 2 outputs"),
        Case(case(6, 2, 4, 3), "n = 6, d = 2, 4 hidden units, p = 3"),
        Case(case(1, 3, 2, 2), "a single example (n = 1)"),
        Case(tuple(a.tolist() for a in (X, Y, W1, b1, W2, b2)), "inputs given as Python lists"),
    ]


TWO_LAYER_MISTAKES = (
    Mistake("wrong transpose: a weight gradient has the weight's shape, dW = Aᵀ @ dZ "
            "(the layer's input transposed, on the LEFT); dZᵀ @ A is its transpose "
            "(handout D's wrong order).",
            lambda *a: two_layer_backward(*a, transpose=True), "transpose"),
    Mistake("you forgot the activation derivative: dZ1 = dH ⊙ relu'(Z1), which zeroes the rows "
            "where the hidden unit was off (Z1 ≤ 0).",
            lambda *a: two_layer_backward(*a, no_relu_grad=True), "no-relu-grad"),
    Mistake("no division by n: the loss is averaged over the batch, so dO = (O − Y) / n.",
            lambda *a: two_layer_backward(*a, no_n=True), "no-n"),
    Mistake("wrong sign: ∂L/∂O = (O − Y) / n, prediction minus target; (Y − O) is the negative gradient.",
            lambda *a: two_layer_backward(*a, flip=True), "sign"),
    Mistake("the sign is wrong AND the 1/n is missing: use dO = (O − Y) / n.",
            lambda *a: two_layer_backward(*a, no_n=True, flip=True), "sign-no-n"),
    Mistake("a bias gradient is the SUM of dZ over the rows, not the mean: the 1/n is already in dO, "
            "and b reaches the loss through every row.",
            lambda *a: two_layer_backward(*a, db_mean=True), "db-mean"),
    Mistake("db is not summed over the batch: b has shape (p,) and is added to every row, so "
            "db = dZ.sum(axis=0).", lambda *a: two_layer_backward(*a, db_unsummed=True), "db-unsummed"),
    Mistake("you multiplied dH by H = relu(Z1) instead of relu'(Z1): the mask is 1 where Z1 > 0 and 0 "
            "elsewhere, not the activation itself.", lambda *a: two_layer_backward(*a, mask_after=True), "times-h"),
)


def check_two_layer_backward(backward, *, time_limit: float | None = None) -> CheckReport:
    """Check ``backward(X, Y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2)``.

    Network: H = relu(X W1 + b1), O = H W2 + b2, loss (1/2n) Σ (O − Y)².
    """
    return run_check("check_two_layer_backward", backward, _reference_two_layer, _cases_two_layer(),
                     mistakes=TWO_LAYER_MISTAKES, output_names=("dW1", "db1", "dW2", "db2"), n_rows=rows,
                     time_limit=time_limit)


# --- exercise 2: the output bias gradient over a batch -------------------------------------


def output_bias_gradient(Y_pred, Y_true):
    """∂L/∂b of the last layer for L = (1/2n) Σ (Y_pred − Y_true)²: Σ_rows (Y_pred − Y_true) / n, shape (p,)."""
    Y_pred, Y_true = np.asarray(Y_pred, dtype=float), np.asarray(Y_true, dtype=float)
    return ((Y_pred - Y_true) / len(Y_pred)).sum(axis=0)


def _cases_bias() -> list[Case]:
    rng = np.random.default_rng(602)
    return [
        Case((rng.normal(size=(4, 2)), rng.normal(size=(4, 2))), "n = 4 examples, p = 2 outputs"),
        Case((rng.normal(size=(3, 3)), rng.normal(size=(3, 3))), "a square batch: n = p = 3"),
        Case((rng.normal(size=(5, 1)), rng.normal(size=(5, 1))), "one output (p = 1)"),
        Case((rng.normal(size=(1, 3)), rng.normal(size=(1, 3))), "a single example (n = 1)"),
        Case(([[1.0, 2.0], [3.0, 4.0]], [[0.0, 0.0], [1.0, 1.0]]), "lists"),
    ]


def _dY(Y_pred, Y_true):
    Y_pred, Y_true = np.asarray(Y_pred, dtype=float), np.asarray(Y_true, dtype=float)
    return (Y_pred - Y_true) / len(Y_pred)


BIAS_MISTAKES = (
    Mistake("you took the MEAN over the rows: dY already holds the 1/n of the loss, so db is the SUM "
            "Σᵢ dYᵢ (b reaches the loss through every row, and the paths add).",
            lambda P, T: _dY(P, T).mean(axis=0), "mean"),
    Mistake("you did not sum over the batch: db must have b's shape (p,); b is added to every row, "
            "so its gradient is the sum of dY over the rows.",
            lambda P, T: _dY(P, T), "not-summed"),
    Mistake("you summed over the wrong axis: sum over the rows (axis=0), giving one entry per output.",
            lambda P, T: _dY(P, T).sum(axis=1), "wrong-axis"),
    Mistake("you summed (Y_pred − Y_true) without the 1/n of the averaged loss.",
            lambda P, T: (np.asarray(P, dtype=float) - np.asarray(T, dtype=float)).sum(axis=0), "no-n"),
    Mistake("wrong sign: the gradient uses prediction minus target, Y_pred − Y_true.",
            lambda P, T: -output_bias_gradient(P, T), "sign"),
    Mistake("you summed over everything, down to one number: sum over the rows only (axis=0), "
            "which leaves one entry per output, the shape of b.",
            lambda P, T: _dY(P, T).sum(), "sum-all"),
    Mistake("you divided by p, the number of outputs; the loss averages over the n rows, so divide by n.",
            lambda P, T: (np.asarray(P, dtype=float) - np.asarray(T, dtype=float)).sum(axis=0)
            / np.asarray(P).shape[1], "divided-by-p"),
)


def check_output_bias_gradient(db_output, *, time_limit: float | None = None) -> CheckReport:
    """Check ``db_output(Y_pred, Y_true) -> db`` of shape (p,) for L = (1/2n) Σ (Y_pred − Y_true)²."""
    return run_check("check_output_bias_gradient", db_output, output_bias_gradient, _cases_bias(),
                     mistakes=BIAS_MISTAKES, n_rows=rows, time_limit=time_limit)


# --- exercise 3: one step of gradient descent ----------------------------------------------


def gd_step(W, dW, lr):
    """One plain gradient-descent step on one array: W − lr · dW, a new array (W is not changed)."""
    return np.asarray(W, dtype=float) - lr * np.asarray(dW, dtype=float)


def _cases_gd() -> list[Case]:
    rng = np.random.default_rng(603)
    return [
        Case((rng.normal(size=(3, 2)), rng.normal(size=(3, 2)), 0.1), "a (3, 2) weight matrix, α = 0.1"),
        Case((rng.normal(size=4), rng.normal(size=4), 0.5), "a bias vector, α = 0.5"),
        Case(([[1.0, -1.0], [0.5, 2.0]], [[0.2, 0.0], [-0.4, 1.0]], 0.01), "lists, α = 0.01"),
    ]


GD_MISTAKES = (
    Mistake("+ instead of −: the gradient points uphill, so step against it, W := W − α ∂L/∂W.",
            lambda W, dW, lr: np.asarray(W, dtype=float) + lr * np.asarray(dW, dtype=float), "plus"),
    Mistake("you forgot the learning rate α: W := W − α ∂L/∂W (handout B drops α on one line).",
            lambda W, dW, lr: np.asarray(W, dtype=float) - np.asarray(dW, dtype=float), "no-lr"),
    Mistake("+ instead of − and no α: use W − α ∂L/∂W.",
            lambda W, dW, lr: np.asarray(W, dtype=float) + np.asarray(dW, dtype=float), "plus-no-lr"),
    Mistake("you divided by α: the step is α times the gradient, W − α ∂L/∂W.",
            lambda W, dW, lr: np.asarray(W, dtype=float) - np.asarray(dW, dtype=float) / lr, "divided"),
    Mistake("you returned the step α ∂L/∂W alone: subtract it from W.",
            lambda W, dW, lr: lr * np.asarray(dW, dtype=float), "step-only"),
    Mistake("the learning rate multiplies W as well: the step is W − α ∂L/∂W, not α (W − ∂L/∂W).",
            lambda W, dW, lr: lr * (np.asarray(W, dtype=float) - np.asarray(dW, dtype=float)), "lr-times-all"),
    Mistake("you returned the gradient step with W's sign flipped: W_new = W − α ∂L/∂W.",
            lambda W, dW, lr: lr * np.asarray(dW, dtype=float) - np.asarray(W, dtype=float), "reversed"),
)


def check_gd_step(step, *, time_limit: float | None = None) -> CheckReport:
    """Check ``step(W, dW, lr) -> W_new`` with W_new = W − lr · dW (a new array; W unchanged)."""
    return run_check("check_gd_step", step, gd_step, _cases_gd(), mistakes=GD_MISTAKES, time_limit=time_limit)
