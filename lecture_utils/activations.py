"""Element-wise activation functions (활성함수) and their derivatives.

Every function takes an array ``z`` of any shape and returns an array of the
same shape and dtype. Each ``*_grad`` is the derivative with respect to the
input, evaluated at ``z``.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array


def sigmoid(z) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)), computed without overflow.

    For z ≥ 0 it uses 1 / (1 + e^(−z)); for z < 0 the equal form
    e^z / (1 + e^z). Both only ever exponentiate −|z| ≤ 0.
    """
    z = as_float_array(z, "z", "sigmoid")
    e = np.exp(-np.abs(z))
    # The numerator is 1 where z ≥ 0 and e where z < 0. Since 0 < e ≤ 1, that is
    # max(e, [z ≥ 0]): the same numbers as np.where, several times faster.
    return np.maximum(e, z >= 0) / (1 + e)


def sigmoid_grad(z) -> np.ndarray:
    """σ'(z) = σ(z)(1 − σ(z)); its maximum is 0.25, at z = 0.

    Computed as e / (1 + e)² with e = e^(−|z|), which equals σ(z)(1 − σ(z))
    and keeps its digits on both tails (the product form rounds to 0 once
    σ(z) rounds to 1, at z ≈ 37 in float64).
    """
    z = as_float_array(z, "z", "sigmoid_grad")
    e = np.exp(-np.abs(z))
    return e / ((1 + e) * (1 + e))


def tanh(z) -> np.ndarray:
    """tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))."""
    return np.tanh(as_float_array(z, "z", "tanh"))


def tanh_grad(z) -> np.ndarray:
    """tanh'(z) = 1 − tanh(z)².

    Computed as 4e / (1 + e)² with e = e^(−2|z|), the same number written so
    that it keeps its digits where tanh(z)² rounds to 1.
    """
    z = as_float_array(z, "z", "tanh_grad")
    e = np.exp(-2 * np.abs(z))
    return 4 * e / ((1 + e) * (1 + e))


def relu(z) -> np.ndarray:
    """ReLU(z) = max(0, z)."""
    z = as_float_array(z, "z", "relu")
    return np.maximum(z, 0)


def relu_grad(z) -> np.ndarray:
    """ReLU'(z) = 1 where z > 0, else 0.

    The derivative does not exist at z = 0; this implementation uses 0 there
    (``relu_grad(0) == 0``). Handout E uses 1 for z ≥ 0. Either choice is a
    valid subgradient, and an input that is exactly 0 is rare in practice.
    """
    z = as_float_array(z, "z", "relu_grad")
    return (z > 0).astype(z.dtype)


def identity(z) -> np.ndarray:
    """The identity, f(z) = z: a layer with it is purely linear."""
    return as_float_array(z, "z", "identity")


def identity_grad(z) -> np.ndarray:
    """The derivative of the identity: 1 everywhere."""
    return np.ones_like(as_float_array(z, "z", "identity_grad"))


LEAKY_SLOPE = 0.01
"""The default slope γ of leaky ReLU for z < 0 (the value of Maas, Hannun and Ng, 2013). The series writes γ,
not the usual α, because α is the learning rate from notebook 02 on."""


def leaky_relu(z, gamma: float = LEAKY_SLOPE) -> np.ndarray:
    """Leaky ReLU: z for z > 0 and γz for z ≤ 0, i.e. max(z, γz) for 0 < γ < 1.

    Parameters
    ----------
    z : array, any shape
    gamma : the slope on the negative side, 0 ≤ γ < 1 (γ = 0 is ReLU)

    Returns
    -------
    array of the shape and dtype of z
    """
    z = as_float_array(z, "z", "leaky_relu")
    _check_slope(gamma, "leaky_relu")
    return np.where(z > 0, z, z * z.dtype.type(gamma))


def leaky_relu_grad(z, gamma: float = LEAKY_SLOPE) -> np.ndarray:
    """The derivative of leaky ReLU: 1 where z > 0, γ where z ≤ 0.

    At z = 0 there is no derivative (left slope γ, right slope 1); like
    ``relu_grad`` this uses the left slope there, so ``leaky_relu_grad(0) == γ``.
    It is never 0 for γ > 0, so a leaky unit always passes some gradient back.
    """
    z = as_float_array(z, "z", "leaky_relu_grad")
    _check_slope(gamma, "leaky_relu_grad")
    one, slope = z.dtype.type(1), z.dtype.type(gamma)
    return np.where(z > 0, one, slope)


def _check_slope(gamma, func: str) -> None:
    if not (isinstance(gamma, (int, float, np.integer, np.floating)) and 0 <= float(gamma) < 1):
        raise ValueError(f"{func}: gamma must be a number with 0 <= gamma < 1; got {gamma!r}.")


def dead_fraction(Z, activation: str = "relu") -> float:
    """Fraction of units that pass no gradient back on a whole batch.

    A unit (a column of the pre-activations Z) is dead on the batch when the
    activation's derivative f'(Z) is 0 for every example (row): then the
    gradients of its incoming weights and bias, which carry the factor f'(Z),
    are 0 too. For ReLU that means Z ≤ 0 in every row; a leaky ReLU unit is
    never dead.

    Parameters
    ----------
    Z : array (n, d), one example per row, one unit per column
    activation : a name in ``ACTIVATIONS``

    Returns
    -------
    float in [0, 1]: (dead units) / d
    """
    Z = as_float_array(Z, "Z", "dead_fraction")
    if Z.ndim != 2:
        raise ValueError(f"dead_fraction: Z has shape {Z.shape}; expected (n, d): one example per row, "
                         "one unit per column.")
    f_grad = get_activation(activation)[1]
    return float(np.mean(np.all(f_grad(Z) == 0, axis=0)))


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "identity": (identity, identity_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
}
"""Name → (function, derivative). "leaky_relu" uses the default slope γ = ``LEAKY_SLOPE``."""


def get_activation(name: str):
    """Return ``(f, f_grad)`` for ``name``, with a clear error for unknown names."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}.")
    return ACTIVATIONS[name]
