"""Notebook 01 (the linear model): answers to check_predict and check_least_squares."""

from __future__ import annotations

import numpy as np

import lecture_utils as lu
from lecture_utils.checks.linear import LS_MISTAKES, PREDICT_MISTAKES, check_least_squares, check_predict
from tests.catalogue import Right, Wrong

# ----------------------------------------------------------------------------- predict


def predict_loop(X, W, b):
    rows = []
    for x in X:
        rows.append([sum(x[j] * W[j, k] for j in range(len(x))) + b[k] for k in range(W.shape[1])])
    return rows


def predict_no_return(X, W, b):
    O = X @ W + b  # noqa: F841 - the missing return is the mistake


def predict_row_by_row_no_bias(X, W, b):
    O = np.zeros((X.shape[0], W.shape[1]))
    for i in range(X.shape[0]):
        O[i] = X[i] @ W
    return O


# ----------------------------------------------------------------------------- least squares


def fit_no_ones(X, y):
    w = np.linalg.solve(X.T @ X, X.T @ y)
    return w, 0.0


def fit_ones_first(X, y):
    A = np.column_stack([np.ones(len(X)), X])
    beta = np.linalg.solve(A.T @ A, A.T @ y)
    return beta[:-1], beta[-1]


def fit_ones_first_swapped(X, y):
    A = np.column_stack([np.ones(len(X)), X])
    beta = np.linalg.lstsq(A, y, rcond=None)[0]
    return beta[0], beta[1:]


def fit_b_first(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    beta = np.linalg.lstsq(A, y, rcond=None)[0]
    return beta[-1], beta[:-1]


def fit_centred_mean_b(X, y):
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    w = np.linalg.lstsq(Xc, yc, rcond=None)[0]
    return w, y.mean()


def fit_origin_mean_b(X, y):
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    return w, np.mean(y)


def fit_whole_beta(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    return np.linalg.lstsq(A, y, rcond=None)[0]


def fit_hstack_1d(X, y):
    A = np.hstack([X, np.ones(len(X))])
    beta = np.linalg.solve(A.T @ A, A.T @ y)
    return beta[:-1], beta[-1]


def fit_b_as_array(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    beta = np.linalg.solve(A.T @ A, A.T @ y)
    return beta[:-1], beta[-1:]


def fit_sign(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    beta = np.linalg.solve(A.T @ A, -A.T @ y)
    return beta[:-1], beta[-1]


def fit_normal_equations_wrong_side(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    beta = np.linalg.solve(A @ A.T, A.T @ y)
    return beta[:-1], beta[-1]


def fit_inverse(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    beta = np.linalg.inv(A.T @ A) @ A.T @ y
    return beta[:-1], beta[-1]


def fit_centred(X, y):
    x_mean, y_mean = X.mean(axis=0), y.mean()
    w = np.linalg.solve((X - x_mean).T @ (X - x_mean), (X - x_mean).T @ (y - y_mean))
    return w, y_mean - x_mean @ w


def fit_float32(X, y):
    A = np.column_stack([X, np.ones(len(X))]).astype(np.float32)
    beta = np.linalg.lstsq(A, y.astype(np.float32), rcond=None)[0]
    return list(beta[:-1]), float(beta[-1])


def fit_library(X, y):
    w, b = lu.least_squares(X, y)
    return w, b


WRONG = [
    # check_predict: O = X W + b
    Wrong(check_predict, lambda X, W, b: X @ W, "no-bias", "the bias left out"),
    Wrong(check_predict, predict_row_by_row_no_bias, "no-bias", "a loop over the rows, no bias"),
    Wrong(check_predict, lambda X, W, b: X @ W.T + b, "w-transposed", "X Wᵀ + b"),
    Wrong(check_predict, lambda X, W, b: np.dot(X, W.T) + b, "w-transposed", "np.dot with W.T"),
    Wrong(check_predict, lambda X, W, b: X @ W - b, "minus-bias", "the bias subtracted"),
    Wrong(check_predict, lambda X, W, b: X * W + b, "elementwise", "* instead of @"),
    Wrong(check_predict, lambda X, W, b: W @ X + b, "w-first", "the column convention W X + b"),
    Wrong(check_predict, lambda X, W, b: np.dot(W, X) + b, "exception:matmul", "np.dot(W, X) + b"),
    Wrong(check_predict, lambda X, W, b: X.T @ W + b, "exception:matmul", "Xᵀ W + b"),
    Wrong(check_predict, lambda X, W, b: (X + b) @ W, "bias-on-inputs", "(X + b) W"),
    Wrong(check_predict, lambda X, W, b: X @ W + b[0], "bias-scalar", "only b[0] added"),
    Wrong(check_predict, lambda X, W, b: X @ W + b.reshape(-1, 1), "bias-column", "the bias reshaped to a column"),
    Wrong(check_predict, lambda X, W, b: X @ W + b[:, None], "bias-column", "the bias as b[:, None]"),
    Wrong(check_predict, lambda X, W, b: (X @ W + b).T, "shape:transposed", "the transpose of O returned"),
    Wrong(check_predict, lambda X, W, b: -(X @ W + b), "sign", "the sign flipped"),
    Wrong(check_predict, predict_no_return, "none-returned", "no return statement"),
    # check_least_squares: (w, b) minimising ‖y − (X w + b)‖²
    Wrong(check_least_squares, fit_no_ones, "no-intercept", "no column of ones, b = 0"),
    Wrong(check_least_squares, fit_origin_mean_b, "no-intercept", "w through the origin, then b = mean(y)"),
    Wrong(check_least_squares, fit_ones_first, "ones-first", "the ones first, read off as if last"),
    Wrong(check_least_squares, fit_ones_first_swapped, "swapped", "the ones first, (b, w) returned"),
    Wrong(check_least_squares, fit_b_first, "swapped", "(b, w) returned"),
    Wrong(check_least_squares, fit_centred_mean_b, "mean-intercept", "w from centred data, b = mean(y)"),
    Wrong(check_least_squares, fit_whole_beta, "whole-beta", "the whole β returned"),
    Wrong(check_least_squares, fit_hstack_1d, "hstack-1d", "np.hstack with a 1-D column of ones"),
    Wrong(check_least_squares, fit_b_as_array, "type:number", "b returned as a 1-entry array"),
    Wrong(check_least_squares, fit_sign, "sign", "the right-hand side negated"),
    Wrong(check_least_squares, fit_normal_equations_wrong_side, "exception:matmul", "A Aᵀ instead of Aᵀ A"),
    Wrong(check_least_squares, lambda X, y: np.linalg.lstsq(X, y, rcond=None)[0], "type:sequence", "only w"),
]

RIGHT = [
    Right(check_predict, lambda X, W, b: np.einsum("nd,dp->np", X, W) + b, "einsum"),
    Right(check_predict, predict_loop, "Python loops, a list of lists returned"),
    Right(check_predict, lambda X, W, b: X.astype(np.float32) @ W.astype(np.float32) + b.astype(np.float32),
          "float32"),
    Right(check_predict, lambda X, W, b: (W.T @ X.T + b[:, None]).T, "the column convention, transposed back"),
    Right(check_predict, lu.linear, "lu.linear"),
    Right(check_least_squares, fit_inverse, "the inverse of Aᵀ A"),
    Right(check_least_squares, fit_centred, "centred data, b = mean(y) − mean(X) w"),
    Right(check_least_squares, fit_float32, "float32 lstsq, w as a list"),
    Right(check_least_squares, fit_library, "lu.least_squares"),
]

# Needs an engine change (see the report): value_hint names a constant offset only when it is one number for every
# entry; an offset that is the same row vector in every row (a bias added twice) gets the plain "differ".
WRONG += [  # answers whose hint needed the engine to look closer
    Wrong(check_predict, lambda X, W, b: X @ W + b + b, "offset", "the bias added twice"),
]

MISTAKES = {check_predict: PREDICT_MISTAKES, check_least_squares: LS_MISTAKES}
