"""The linear layer Z = X @ W + b and its backward pass (row convention).

Shapes: a batch ``X`` is (n, d): n examples, one per row, d features.
``W`` is (d, p) and ``b`` is (p,); ``b`` is added to every row.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, require_ndim


def _check_linear(X: np.ndarray, W: np.ndarray, func: str) -> None:
    require_ndim(X, (1, 2), "X", func, "(n, d) for a batch or (d,) for one example")
    require_ndim(W, (2,), "W", func, "(d, p)")
    if X.shape[-1] != W.shape[0]:
        raise ValueError(
            f"{func}: X has shape {X.shape} and W has shape {W.shape}; X @ W needs "
            f"W of shape ({X.shape[-1]}, p) to match X's {X.shape[-1]} columns."
        )


def linear(X, W, b) -> np.ndarray:
    """Affine map of every row: ``Z = X @ W + b``.

    Parameters
    ----------
    X : array, shape (n, d) or (d,)
        Inputs, one example per row.
    W : array, shape (d, p)
        Weights (가중치).
    b : array, shape (p,) or (1, p)
        Bias (절편), broadcast to every row.

    Returns
    -------
    Z : array, shape (n, p) or (p,)
        In the dtype of the inputs (float32 stays float32).
    """
    func = "linear"
    X = as_float_array(X, "X", func)
    W = as_float_array(W, "W", func)
    b = as_float_array(b, "b", func)
    _check_linear(X, W, func)
    p = W.shape[1]
    if b.shape not in ((p,), (1, p)):
        raise ValueError(f"linear: b has shape {b.shape}; expected ({p},) or (1, {p}) to match W {W.shape}.")
    Z = X @ W + b.reshape(p)
    return Z


def linear_backward(dZ, X, W) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of a scalar loss L through ``Z = X @ W + b``.

    Parameters
    ----------
    dZ : array, shape (n, p)
        ∂L/∂Z, the upstream gradient.
    X : array, shape (n, d)
        The layer's input from the forward pass.
    W : array, shape (d, p)
        The layer's weights.

    Returns
    -------
    dX : array, shape (n, d)
        ∂L/∂X = dZ @ Wᵀ.
    dW : array, shape (d, p)
        ∂L/∂W = Xᵀ @ dZ.
    db : array, shape (p,)
        ∂L/∂b = dZ summed over the rows (b is added to every row).
    """
    func = "linear_backward"
    dZ = as_float_array(dZ, "dZ", func)
    X = as_float_array(X, "X", func)
    W = as_float_array(W, "W", func)
    if X.ndim == 1 and dZ.ndim == 1:
        X, dZ = X[None, :], dZ[None, :]
        dX, dW, db = linear_backward(dZ, X, W)
        return dX[0], dW, db
    require_ndim(dZ, (2,), "dZ", func, "(n, p)")
    require_ndim(X, (2,), "X", func, "(n, d)")
    _check_linear(X, W, func)
    if dZ.shape != (X.shape[0], W.shape[1]):
        raise ValueError(
            f"linear_backward: dZ has shape {dZ.shape}; expected ({X.shape[0]}, {W.shape[1]}), "
            f"the shape of X @ W for X {X.shape} and W {W.shape}."
        )
    dX = dZ @ W.T
    dW = X.T @ dZ
    db = dZ.sum(axis=0)
    return dX, dW, db


def _regression_inputs(X, y, func: str) -> tuple[np.ndarray, np.ndarray]:
    """X (n, d) and y (n,) or (n, p) as float arrays with as many rows, or a ValueError naming ``func``."""
    X = as_float_array(X, "X", func)
    y = as_float_array(y, "y", func)
    require_ndim(X, (2,), "X", func, "(n, d)")
    require_ndim(y, (1, 2), "y", func, "(n,) or (n, p)")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"{func}: X has {X.shape[0]} rows but y has shape {y.shape}; expected {X.shape[0]} rows.")
    return X, y


def least_squares(X, y) -> tuple[np.ndarray, np.ndarray]:
    """Fit ``y ≈ X @ W + b`` by least squares (minimise ‖y − ŷ‖²).

    A column of ones is appended to X so that the intercept b is fitted too;
    the normal equations [X 1]ᵀ[X 1] β = [X 1]ᵀ y are solved by
    ``np.linalg.lstsq``, which stays accurate when XᵀX is nearly singular.

    Parameters
    ----------
    X : array, shape (n, d)
    y : array, shape (n,) for one output or (n, p) for p outputs at once

    Returns
    -------
    W : array, shape (d,) or (d, p)
    b : float array, shape () or (p,)
    """
    X, y = _regression_inputs(X, y, "least_squares")
    A = np.column_stack([X, np.ones(len(X), dtype=X.dtype)])
    beta = np.linalg.lstsq(A, y, rcond=None)[0]
    return beta[:-1], beta[-1]


def normal_equations(X, y) -> np.ndarray:
    """Solve the normal equations XᵀX β = Xᵀy with ``np.linalg.solve``.

    This is the textbook route, kept for comparison with ``np.linalg.lstsq``.
    Forming XᵀX squares the condition number, κ(XᵀX) = κ(X)², so about twice
    as many digits are lost as when X itself is factorised (QR or SVD). No
    column of ones is added: append one to X for an intercept.

    Parameters
    ----------
    X : array, shape (n, d)
    y : array, shape (n,) or (n, p)

    Returns
    -------
    beta : array, shape (d,) or (d, p)

    Raises
    ------
    numpy.linalg.LinAlgError
        When XᵀX is exactly singular in floating point (dependent columns, or n < d).
    """
    X, y = _regression_inputs(X, y, "normal_equations")
    return np.linalg.solve(X.T @ X, X.T @ y)


def gaussian_log_likelihood(y, y_hat, sigma):
    """Log-likelihood of targets y under independent Gaussian noise around the predictions.

    Model: yᵢ = ŷᵢ + εᵢ with εᵢ ~ N(0, σ²), independent. Then

        log p(y) = Σᵢ log N(yᵢ; ŷᵢ, σ²) = −(n/2) log(2πσ²) − ‖y − ŷ‖² / (2σ²).

    Parameters
    ----------
    y, y_hat : arrays, shape (n,)
        Targets and predictions.
    sigma : positive float
        Standard deviation σ of the noise.

    Returns
    -------
    float
    """
    func = "gaussian_log_likelihood"
    y = as_float_array(y, "y", func)
    y_hat = as_float_array(y_hat, "y_hat", func)
    require_ndim(y, (1,), "y", func, "(n,)")
    if y_hat.shape != y.shape:
        raise ValueError(f"{func}: y has shape {y.shape} but y_hat has shape {y_hat.shape}; expected equal shapes.")
    if not sigma > 0:
        raise ValueError(f"{func}: sigma must be a positive number; got {sigma!r}.")
    r = y - y_hat
    n = y.shape[0]
    return float(-0.5 * n * np.log(2 * np.pi * sigma**2) - (r @ r) / (2 * sigma**2))
