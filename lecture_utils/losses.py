"""Softmax, cross-entropy (교차 엔트로피) and half mean squared error.

Logits ``O`` are (n, p): n examples, p classes. A single example may be given
as a 1-D array (p,). Labels are integer class indices (n,) or one-hot rows
(n, p).
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, as_labels, require_classes, require_ndim
from .linear import linear, linear_backward


def softmax(O, axis: int = -1) -> np.ndarray:
    """softmax(o)_k = exp(o_k) / Σ_j exp(o_j), along ``axis``.

    The maximum along ``axis`` is subtracted first. This changes nothing
    mathematically (the factor e^(−max) cancels) but keeps every exponent ≤ 0,
    so nothing overflows.

    Parameters
    ----------
    O : array, shape (n, p) or (p,)
        Logits.

    Returns
    -------
    P : array, same shape as O
        Probabilities: each slice along ``axis`` is ≥ 0 and sums to 1.
    """
    O = as_float_array(O, "O", "softmax")
    require_classes(O, axis, "O", "softmax")
    shifted = O - O.max(axis=axis, keepdims=True)
    E = np.exp(shifted)
    return E / E.sum(axis=axis, keepdims=True)


def log_softmax(O, axis: int = -1) -> np.ndarray:
    """log softmax(o)_k = o_k − max(o) − log Σ_j exp(o_j − max(o)).

    Finite even where softmax underflows to 0.

    Parameters
    ----------
    O : array, shape (n, p) or (p,)

    Returns
    -------
    array, same shape as O
    """
    O = as_float_array(O, "O", "log_softmax")
    require_classes(O, axis, "O", "log_softmax")
    shifted = O - O.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def one_hot(labels, num_classes: int, dtype=np.float64) -> np.ndarray:
    """One-hot rows (원-핫 벡터): row i has a 1 in column ``labels[i]``.

    Parameters
    ----------
    labels : int array, shape (n,) (or a scalar for one example)
    num_classes : int
        p, the number of columns.

    Returns
    -------
    Y : array, shape (n, p) (or (p,) for a scalar label), in ``dtype``
    """
    return _one_hot(labels, num_classes, dtype, "one_hot")


def _one_hot(labels, num_classes: int, dtype, func: str) -> np.ndarray:
    if not isinstance(num_classes, (int, np.integer)) or num_classes < 1:
        raise ValueError(f"{func}: num_classes must be a positive integer; got {num_classes!r}.")
    y = as_labels(labels, int(num_classes), func)
    require_ndim(y, (0, 1), "labels", func, "(n,) integer class indices")
    return np.eye(int(num_classes), dtype=dtype)[y]


def _targets(logits: np.ndarray, labels, func: str) -> np.ndarray:
    """Turn labels (indices or one-hot/probability rows) into Y with the shape of logits."""
    p = logits.shape[-1]
    y = np.asarray(labels)
    if y.shape == logits.shape:
        Y = as_float_array(y, "labels", func).astype(logits.dtype, copy=False)
        # Plain reductions instead of np.allclose: this runs at every training step.
        if Y.size and (Y.min() < 0 or np.abs(Y.sum(axis=-1) - 1).max() > 1e-3):
            raise ValueError(
                f"{func}: labels of shape {y.shape} were read as one-hot rows, but a row is "
                "negative or does not sum to 1; expected one-hot (or probability) rows."
            )
        return Y
    if y.shape == logits.shape[:-1]:
        return _one_hot(y, p, logits.dtype, func)
    raise ValueError(
        f"{func}: labels have shape {y.shape} but logits have shape {logits.shape}; expected "
        f"class indices of shape {logits.shape[:-1]} or one-hot rows of shape {logits.shape}."
    )


def _check_logits(logits, func: str) -> np.ndarray:
    O = as_float_array(logits, "logits", func)
    require_ndim(O, (1, 2), "logits", func, "(n, p) or (p,) for one example")
    return O


def cross_entropy(logits, labels):
    """Mean cross-entropy of softmax(logits) against the labels.

    L = −(1/n) Σ_i Σ_k Y_ik log softmax(O_i)_k, computed with ``log_softmax``
    so that it stays finite for any logits.

    Parameters
    ----------
    logits : array, shape (n, p) or (p,)
    labels : int array, shape (n,) (or a scalar), or one-hot array, shape (n, p) (or (p,))

    Returns
    -------
    L : scalar in the dtype of ``logits``
    """
    O = _check_logits(logits, "cross_entropy")
    Y = _targets(O, labels, "cross_entropy")
    n = O.shape[0] if O.ndim == 2 else 1
    return -(Y * log_softmax(O)).sum() / O.dtype.type(n)


def softmax_cross_entropy_grad(logits, labels) -> np.ndarray:
    """∂L/∂O for ``cross_entropy``: (P − Y) / n, with P = softmax(O).

    Parameters
    ----------
    logits : array, shape (n, p) or (p,)
    labels : as in ``cross_entropy``

    Returns
    -------
    dO : array, same shape as logits
    """
    O = _check_logits(logits, "softmax_cross_entropy_grad")
    Y = _targets(O, labels, "softmax_cross_entropy_grad")
    n = O.shape[0] if O.ndim == 2 else 1
    return (softmax(O) - Y) / O.dtype.type(n)


def _check_pair(pred, target, func: str) -> tuple[np.ndarray, np.ndarray]:
    pred = as_float_array(pred, "pred", func)
    target = as_float_array(target, "target", func)
    if pred.shape != target.shape:
        raise ValueError(
            f"{func}: pred has shape {pred.shape} but target has shape {target.shape}; "
            "expected equal shapes (an (n,) target against (n, 1) predictions would broadcast "
            "to (n, n) silently, so it is refused)."
        )
    return pred, target.astype(pred.dtype, copy=False)


def _rows(a: np.ndarray) -> int:
    return a.shape[0] if a.ndim >= 1 else 1


def half_mse(pred, target):
    """Half mean squared error: 0.5 · Σ (pred − target)² / n, n = number of rows.

    For one example this is the handouts' ½(ŷ − y)².

    Parameters
    ----------
    pred, target : arrays of the same shape, (n, p), (n,) or a scalar

    Returns
    -------
    L : scalar in the dtype of ``pred``
    """
    pred, target = _check_pair(pred, target, "half_mse")
    diff = pred - target
    return 0.5 * (diff * diff).sum() / pred.dtype.type(_rows(pred))


def half_mse_grad(pred, target) -> np.ndarray:
    """∂L/∂pred for ``half_mse``: (pred − target) / n.

    Returns
    -------
    array, same shape as pred
    """
    pred, target = _check_pair(pred, target, "half_mse_grad")
    return (pred - target) / pred.dtype.type(_rows(pred))


def softmax_jacobian(o) -> np.ndarray:
    """Jacobian of softmax: J = diag(q) − q qᵀ with q = softmax(o), J_kj = ∂q_k/∂o_j.

    Backpropagation never needs this p × p matrix: for cross-entropy the product
    Jᵀ ∂ℓ/∂q collapses to q − y (see ``softmax_cross_entropy_grad``). It is here
    to check that claim.

    Parameters
    ----------
    o : array, shape (p,) or (n, p)
        Logits of one example or of a batch.

    Returns
    -------
    J : array, shape (p, p), or (n, p, p) for a batch (one Jacobian per row)
    """
    func = "softmax_jacobian"
    o = as_float_array(o, "o", func)
    require_ndim(o, (1, 2), "o", func, "(p,) or (n, p)")
    q = softmax(o)
    return q[..., :, None] * np.eye(q.shape[-1], dtype=q.dtype) - q[..., :, None] * q[..., None, :]


def _check_distribution(p, name: str, func: str) -> np.ndarray:
    p = as_float_array(p, name, func)
    require_ndim(p, (1, 2), name, func, "(p,) or (n, p) probability vectors")
    if np.any(p < 0) or not np.allclose(p.sum(axis=-1), 1, atol=1e-6):
        raise ValueError(f"{func}: {name} of shape {p.shape} is not a probability vector (≥ 0, summing to 1).")
    return p


def entropy(p):
    """Entropy H(p) = −Σ_k p_k log p_k (natural log, 0 · log 0 = 0) of each probability vector.

    Parameters
    ----------
    p : array, shape (p,) or (n, p)

    Returns
    -------
    H : scalar, or array of shape (n,)
    """
    p = _check_distribution(p, "p", "entropy")
    terms = np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0)
    return 0.0 - terms.sum(axis=-1)  # 0.0 − …, so that a one-hot p gives +0.0, not −0.0


def kl_divergence(p, q):
    """Kullback–Leibler divergence KL(p ‖ q) = Σ_k p_k log(p_k / q_k), terms with p_k = 0 dropped.

    It is ≥ 0, and 0 only when q = p (Gibbs' inequality). With the cross-entropy
    H(p, q) = −Σ_k p_k log q_k it satisfies H(p, q) = H(p) + KL(p ‖ q).

    Parameters
    ----------
    p, q : arrays of the same shape, (p,) or (n, p)

    Returns
    -------
    KL : scalar, or array of shape (n,); inf where q_k = 0 < p_k
    """
    func = "kl_divergence"
    p = _check_distribution(p, "p", func)
    q = _check_distribution(q, "q", func)
    if p.shape != q.shape:
        raise ValueError(f"{func}: p has shape {p.shape} but q has shape {q.shape}; expected equal shapes.")
    safe_p, safe_q = np.where(p > 0, p, 1), np.where(p > 0, q, 1)
    with np.errstate(divide="ignore"):
        terms = np.where(p > 0, p * (np.log(safe_p) - np.log(safe_q)), 0)
    return terms.sum(axis=-1)


def cross_entropy_and_grad(O: np.ndarray, y, func: str = "cross_entropy_and_grad") -> tuple[np.ndarray, np.ndarray]:
    """``cross_entropy(O, y)`` and ``softmax_cross_entropy_grad(O, y)`` from one softmax.

    The same operations as those two functions (so the same numbers, bit for
    bit), but exp is evaluated once instead of twice:

        S = O − max(O),  P = e^S / Σ e^S,  log P = S − log Σ e^S,
        L = −(1/n) Σ Y ⊙ log P,  ∂L/∂O = (P − Y) / n.

    Parameters
    ----------
    O : array, shape (n, p), the logits
    y : int labels (n,) or one-hot rows (n, p)

    Returns
    -------
    L : scalar in O's dtype
    dO : array, shape (n, p)
    """
    Y = _targets(O, y, func)  # one-hot in O's dtype, labels checked
    n = O.dtype.type(O.shape[0])
    S = O - O.max(axis=1, keepdims=True)
    E = np.exp(S)
    total = E.sum(axis=1, keepdims=True)
    L = -(Y * (S - np.log(total))).sum() / n
    dO = (E / total - Y) / n
    return L, dO


def softmax_regression_loss_and_grads(W, b, X, labels, weight_decay: float = 0.0):
    """Loss and gradients of softmax regression, optionally with L2 regularisation (weight decay).

    L = cross_entropy(X W + b, labels) + (λ/2) ‖W‖²_F, with λ = ``weight_decay``;
    the bias is not penalised. Gradients: dW = Xᵀ (P − Y) / n + λ W, db = Σᵢ (P − Y)ᵢ / n.

    Parameters
    ----------
    W : array, shape (d, p)
    b : array, shape (p,)
    X : array, shape (n, d)
    labels : int array, shape (n,), or one-hot array, shape (n, p)
    weight_decay : float ≥ 0
        λ, the strength of the penalty.

    Returns
    -------
    (L, dW, db) : float, array (d, p), array (p,)
    """
    func = "softmax_regression_loss_and_grads"
    if not weight_decay >= 0:
        raise ValueError(f"{func}: weight_decay must be ≥ 0; got {weight_decay!r}.")
    X, W, b = as_float_array(X, "X", func), as_float_array(W, "W", func), as_float_array(b, "b", func)
    require_ndim(X, (2,), "X", func, "(n, d)")
    require_ndim(W, (2,), "W", func, "(d, p)")
    if X.shape[1] != W.shape[0] or b.shape != (W.shape[1],):
        raise ValueError(f"{func}: X {X.shape}, W {W.shape} and b {b.shape} do not fit; "
                         "expected X (n, d), W (d, p), b (p,).")
    L, dO = cross_entropy_and_grad(linear(X, W, b), labels, func)
    _, dW, db = linear_backward(dO, X, W)
    return float(L + 0.5 * weight_decay * (W * W).sum()), dW + weight_decay * W, db
