"""Checks for the exercises of notebook 01 (the linear model)."""

from __future__ import annotations

import numpy as np

from ..linear import least_squares, linear
from ._core import Case, CheckReport, Mistake, run_check


def _cases_predict() -> list[Case]:
    rng = np.random.default_rng(101)
    X3 = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])
    W3 = np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5]])
    b3 = np.array([0.1, 0.2, -0.3])
    # The square case comes first: there a transposed W still runs, so its mistake can be named.
    return [
        Case((rng.normal(size=(4, 3)), rng.normal(size=(3, 3)), rng.normal(size=3)), "square W (d = p = 3)"),
        Case((X3, W3, b3), "3 examples, d = 2 inputs, p = 3 outputs"),
        Case((rng.normal(size=(5, 4)), rng.normal(size=(4, 1)), np.array([2.0])), "one output (p = 1)"),
        Case((rng.normal(size=(1, 3)), rng.normal(size=(3, 2)), np.array([1.0, -1.0])), "a single example (n = 1)"),
    ]


PREDICT_MISTAKES = (
    Mistake("you added b to W before the product, X @ (W + b): the bias is added to the OUTPUT, "
            "O = X @ W + b.", lambda X, W, b: np.asarray(X) @ (np.asarray(W) + np.asarray(b)), "bias-in-w"),
    Mistake("you left out the bias: O = X W + b, with b added to every row.", lambda X, W, b: np.asarray(X) @ W,
            "no-bias"),
    Mistake("you multiplied by Wᵀ: with one example per row the product is X @ W, W of shape (d, p).",
            lambda X, W, b: np.asarray(X) @ np.asarray(W).T + b, "w-transposed"),
    Mistake("you subtracted the bias instead of adding it.", lambda X, W, b: np.asarray(X) @ W - b, "minus-bias"),
    Mistake("you multiplied element-wise (*); a linear model needs the matrix product @.",
            lambda X, W, b: np.asarray(X) * np.asarray(W) + b, "elementwise"),
    # W @ X raises on the first case (n ≠ d); the error message is what identifies it.
    Mistake("you computed W X (the column convention): in the row convention the examples are the rows of X, "
            "so the product is X @ W, (n, d)(d, p) → (n, p).",
            lambda X, W, b: np.asarray(W) @ np.asarray(X) + b, "w-first"),
    Mistake("you added the bias to the inputs instead of the outputs: O = X W + b, not (X + b) W.",
            lambda X, W, b: (np.asarray(X) + b) @ np.asarray(W), "bias-on-inputs"),
    Mistake("you added b[0] (one number) to every output: b has one entry per output unit, so add the "
            "whole vector, X @ W + b.",
            lambda X, W, b: np.asarray(X) @ np.asarray(W) + np.asarray(b)[0], "bias-scalar"),
    Mistake("you reshaped b into a column (p, 1): it then runs down the rows instead of across the p outputs. "
            "Add b as it is, shape (p,): X @ W + b adds it to every row.",
            lambda X, W, b: np.asarray(X) @ np.asarray(W) + np.asarray(b).reshape(-1, 1), "bias-column"),
)


def check_predict(predict, *, time_limit: float | None = None) -> CheckReport:
    """Check ``predict(X, W, b) -> O`` with O = X W + b, shapes (n, d)(d, p) + (p,) → (n, p)."""
    return run_check("check_predict", predict, linear, _cases_predict(), mistakes=PREDICT_MISTAKES,
                     time_limit=time_limit)


def _cases_least_squares() -> list[Case]:
    rng = np.random.default_rng(102)
    X1 = np.array([[0.0], [1.0], [2.0], [3.0]])
    y1 = np.array([1.0, 3.0, 5.0, 7.0])
    X2 = rng.normal(size=(30, 2))
    y2 = X2 @ np.array([1.5, -2.0]) + 0.7 + 0.1 * rng.normal(size=30)
    X3 = rng.uniform(5, 10, size=(20, 1))
    y3 = 3.0 - 0.5 * X3[:, 0] + 0.2 * rng.normal(size=20)
    return [
        Case((X1, y1), "points exactly on y = 2x + 1"),
        Case((X2, y2), "30 noisy points, d = 2"),
        Case((X3, y3), "inputs far from 0, so the intercept matters"),
    ]


def _no_intercept(X, y):
    w = np.linalg.lstsq(np.asarray(X), y, rcond=None)[0]
    return w, 0.0


def _ones_first(X, y):
    """The column of ones put first, but the coefficients read off as if it were last."""
    X = np.asarray(X, dtype=float)
    beta = np.linalg.lstsq(np.column_stack([np.ones(len(X)), X]), y, rcond=None)[0]
    return beta[:-1], beta[-1]


def _swapped(X, y):
    w, b = least_squares(X, y)
    return b, w


def _centred_mean_intercept(X, y):
    """The slope fitted to centred data (right), the intercept taken as mean(y) (wrong unless mean(X) = 0)."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w = np.linalg.lstsq(X - X.mean(axis=0), y - y.mean(), rcond=None)[0]
    return w, float(np.mean(y))


def _whole_beta(X, y):
    X = np.asarray(X, dtype=float)
    return np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), y, rcond=None)[0]


def _hstack_1d(X, y):
    """np.hstack of the 2-D X and a 1-D column of ones: it raises."""
    X = np.asarray(X, dtype=float)
    return np.hstack([X, np.ones(len(X))]), 0.0


def _ridge(X, y):
    X = np.asarray(X, dtype=float)
    A = np.column_stack([X, np.ones(len(X))])
    beta = np.linalg.solve(A.T @ A + np.eye(A.shape[1]), A.T @ y)
    return beta[:-1], float(beta[-1])


def _lstsq_tuple(result) -> bool:
    """np.linalg.lstsq's whole answer: (solution, residuals, rank, singular values)."""
    return (isinstance(result, tuple) and len(result) == 4 and isinstance(result[2], (int, np.integer))
            and np.ndim(result[3]) == 1)


LS_MISTAKES = (
    Mistake("np.linalg.lstsq returns four things, (solution, residuals, rank, singular values): take the "
            "solution, beta = np.linalg.lstsq(A, y, rcond=None)[0], then split it into w and b.",
            key="lstsq-tuple", spots=_lstsq_tuple),
    Mistake("you added the identity to AᵀA: that is ridge regression, which shrinks β. Plain least squares "
            "solves AᵀA β = Aᵀy (better: np.linalg.lstsq(A, y)).", _ridge, "ridge"),
    Mistake("you fitted without the intercept: append a column of ones to X so that b is fitted too.",
            _no_intercept, "no-intercept"),
    Mistake("the weights and the intercept are mixed up: you read them off the wrong ends of beta. The "
            "intercept is the entry at the position of the column of ones (beta[-1] if you appended the column "
            "last, beta[0] if you put it first), and the weights are the rest.", _ones_first, "ones-first"),
    Mistake("w and b are swapped: return them in the order (w, b), the weights first.", _swapped, "swapped"),
    Mistake("you returned the whole coefficient vector β = [w, b] as one array: split it and return the pair, "
            "beta[:-1], beta[-1] (w of shape (d,), b a number).", _whole_beta, "whole-beta"),
    Mistake("w is right but b is not mean(y): that holds only when every column of X has mean 0. With centred "
            "data the intercept is b = mean(y) − mean(X, axis=0) @ w.", _centred_mean_intercept, "mean-intercept"),
    Mistake("np.ones(n) is 1-D and X is 2-D, so np.hstack (or np.concatenate, np.append) cannot put them side by "
            "side: make the column 2-D, np.ones((n, 1)), or use np.column_stack([X, np.ones(n)]).",
            _hstack_1d, "hstack-1d"),
)


def check_least_squares(fit, *, time_limit: float | None = None) -> CheckReport:
    """Check ``fit(X, y) -> (w, b)`` minimising ‖y − (X w + b)‖².

    w has shape (d,) and b is a number; the pair may be a tuple or a list.
    """
    return run_check("check_least_squares", fit, least_squares, _cases_least_squares(),
                     mistakes=LS_MISTAKES, rtol=1e-4, atol=1e-6, output_names=("w", "b"), time_limit=time_limit)

