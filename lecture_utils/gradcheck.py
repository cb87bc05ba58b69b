"""Numerical gradients by central differences, and gradient checking.

A backprop gradient is trusted only after it agrees with
(f(x + ε) − f(x − ε)) / 2ε, entry by entry. Use float64 for checks: in
float32 the difference quotient loses most of its digits.
"""

from __future__ import annotations

import numpy as np


def numerical_gradient(f, x, eps: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f`` at ``x``.

    Each entry x_i is nudged by ±eps in place, ``f(x)`` is evaluated, and
    x_i is put back exactly, so ``f`` may read ``x`` directly or through a
    closure (e.g. a model's parameters). ``x`` is unchanged afterwards.

    Parameters
    ----------
    f : callable, f(x) -> scalar
    x : float ndarray, any shape
    eps : float

    Returns
    -------
    grad : array, same shape and dtype as x
    """
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise ValueError(
            f"numerical_gradient: x must be a float ndarray (it is nudged in place); got "
            f"{type(x).__name__} of shape {np.shape(x)} with dtype {getattr(x, 'dtype', None)}."
        )
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, x):
        raise ValueError("numerical_gradient: x must be contiguous so that it can be nudged in place.")
    for i in range(flat.size):
        old = flat[i]
        try:
            flat[i] = old + eps
            f_plus = float(f(x))
            flat[i] = old - eps
            f_minus = float(f(x))
        finally:
            flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b) -> float:
    """max over entries of |a − b| / max(1e-8, |a| + |b|).

    About 1e-7 or less: the two agree. About 1e-2 or more: a bug.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error: shapes {a.shape} and {b.shape} differ; expected equal shapes.")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


class GradCheckReport(dict):
    """name → relative error, printed as a table."""

    def max_error(self) -> float:
        """The largest relative error of any parameter."""
        return max(self.values()) if self else 0.0

    def ok(self, tol: float = 1e-6) -> bool:
        """True when every relative error is at most ``tol``."""
        return self.max_error() <= tol

    def __str__(self) -> str:
        lines = [f"{'parameter':<10} {'relative error':>15}  verdict"]
        for name, err in self.items():
            verdict = "ok" if err < 1e-6 else ("check" if err < 1e-3 else "BUG?")
            lines.append(f"{name:<10} {err:>15.2e}  {verdict}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))


def gradient_check(f, params: dict, grads: dict, eps: float = 1e-5) -> GradCheckReport:
    """Compare every analytic gradient with the numerical one.

    Parameters
    ----------
    f : callable, f(params) -> scalar loss
        Must read the arrays in ``params`` (they are nudged in place and restored).
    params : dict name → float64 array
    grads : dict name → array of the same shape (from backprop)

    Returns
    -------
    GradCheckReport : name → relative error, in the order of ``params``
    """
    missing = [k for k in params if k not in grads]
    if missing:
        raise ValueError(f"gradient_check: grads has no entry for {missing}; expected the keys {list(params)}.")
    report = GradCheckReport()
    for name, value in params.items():
        if np.shape(grads[name]) != value.shape:
            raise ValueError(
                f"gradient_check: grads[{name!r}] has shape {np.shape(grads[name])}; expected {value.shape}."
            )
        numeric = numerical_gradient(lambda _: f(params), value, eps)
        report[name] = relative_error(grads[name], numeric)
    return report
