"""Initial weights (초기값) for an MLP.

``scheme`` picks the standard deviation of W⁽ˡ⁾ of shape (d_in, d_out):
"zeros" (all 0: every hidden unit stays identical), "normal" (``std``),
"xavier" (√(1/d_in)) or "he" (√(2/d_in)). Biases start at 0.
"""

from __future__ import annotations

import numpy as np

SCHEMES = ("zeros", "normal", "xavier", "he")


def init_std(scheme: str, d_in: int, std: float = 0.01) -> float:
    """The standard deviation ``scheme`` uses for a layer with ``d_in`` inputs."""
    if scheme == "zeros":
        return 0.0
    if scheme == "normal":
        return float(std)
    if scheme == "xavier":
        return float(np.sqrt(1.0 / d_in))
    if scheme == "he":
        return float(np.sqrt(2.0 / d_in))
    raise ValueError(f"init_weights: unknown scheme {scheme!r}; expected one of {SCHEMES}.")


def check_sizes(sizes, func: str) -> list[int]:
    """Validate layer sizes [d_0, d_1, …, d_L]: at least two positive integers."""
    sizes = list(sizes)
    if len(sizes) < 2 or not all(isinstance(s, (int, np.integer)) and s > 0 for s in sizes):
        raise ValueError(
            f"{func}: sizes must be at least two positive integers [d_in, …, d_out]; got {sizes!r}."
        )
    return [int(s) for s in sizes]


def init_weights(sizes, scheme: str, rng, std: float = 0.01, dtype=np.float64) -> list[tuple[np.ndarray, np.ndarray]]:
    """One (W, b) pair per layer.

    Parameters
    ----------
    sizes : list of int, [d_0, d_1, …, d_L]
        Width of the input, each hidden layer and the output.
    scheme : {"zeros", "normal", "xavier", "he"}
    rng : numpy.random.Generator or int
        Source of randomness (an int is used as a seed).
    std : float
        Standard deviation for "normal".
    dtype : numpy dtype
        dtype of every W and b.

    Returns
    -------
    list of (W, b) with W of shape (d_{l-1}, d_l) and b of shape (d_l,)
    """
    sizes = check_sizes(sizes, "init_weights")
    if scheme not in SCHEMES:
        init_std(scheme, 1)  # raises the error that names the schemes
    rng = np.random.default_rng(rng)
    layers = []
    for d_in, d_out in zip(sizes[:-1], sizes[1:]):
        W = (rng.standard_normal((d_in, d_out)) * init_std(scheme, d_in, std)).astype(dtype)
        b = np.zeros(d_out, dtype=dtype)
        layers.append((W, b))
    return layers
