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


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "identity": (identity, identity_grad),
}
"""Name → (function, derivative)."""


def get_activation(name: str):
    """Return ``(f, f_grad)`` for ``name``, with a clear error for unknown names."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}.")
    return ACTIVATIONS[name]
