"""Backpropagation (역전파) in matrix form, written out with named caches.

Handout E's network, row convention (one example per row), L = 3 layers:

    X       (n, d0)
    Z1 = X  @ W1 + b1      (n, d1)      a1 = g(Z1)   (n, d1)
    Z2 = a1 @ W2 + b2      (n, d2)      a2 = g(Z2)   (n, d2)
    Y_pred = a2 @ W3 + b3  (n, d3)      (the last layer is linear)
    L = half_mse(Y_pred, Y_true) = (1/2n) Σ (Y_pred − Y_true)²

The functions here work for any number of layers L ≥ 1 (a0 = X, and the
last layer's output is called Y_pred). The backward pass runs l = L … 1:

    dY_pred = (Y_pred − Y_true) / n
    dWl = a(l-1).T @ dZl      dbl = dZl summed over rows
    da(l-1) = dZl @ Wl.T      dZ(l-1) = da(l-1) * g'(Z(l-1))

with dZL = dY_pred, and it ends at dX = da0.

Also here: handout C's δ recursion, a step-by-step record of the backward
pass for the widget, and the memory bookkeeping of training against
inference. Every function computes in the dtype it is given.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_float_array
from .activations import get_activation
from .losses import half_mse, half_mse_grad


def num_layers(params: dict) -> int:
    """L, the number of weight matrices W1 … WL in ``params``."""
    L = 0
    while f"W{L + 1}" in params:
        L += 1
    if L == 0 or any(f"b{l}" not in params for l in range(1, L + 1)):
        raise ValueError(f"expected params with keys W1, b1, …, WL, bL; got {sorted(params)}.")
    return L


def forward(X, params: dict, activation: str = "relu") -> tuple[np.ndarray, dict]:
    """Forward pass (순전파) that keeps everything the backward pass needs.

    Parameters
    ----------
    X : array, shape (n, d0)
    params : dict with W1 (d0, d1), b1 (d1,), …, WL (d_{L-1}, dL), bL (dL,)
    activation : name in ``lecture_utils.ACTIVATIONS``, used by every hidden layer

    Returns
    -------
    Y_pred : array, shape (n, dL)
    cache : dict, in the order the values were made
        "X" (n, d0); for each hidden layer l = 1 … L-1: "Zl" (n, dl), "al" = g(Zl) (n, dl)
        and "gl" = g'(Zl) (n, dl), the local derivative ∂al/∂Zl element by element;
        finally "Y_pred" (n, dL).
    """
    g, g_grad = get_activation(activation)
    X = as_float_array(X, "X", "forward")  # float32 stays float32
    L = num_layers(params)
    cache = {"X": X}
    a = X
    for l in range(1, L):
        Z = a @ params[f"W{l}"] + params[f"b{l}"]
        a = g(Z)
        cache[f"Z{l}"], cache[f"a{l}"], cache[f"g{l}"] = Z, a, g_grad(Z)
    Y_pred = a @ params[f"W{L}"] + params[f"b{L}"]
    cache["Y_pred"] = Y_pred
    return Y_pred, cache


def loss(X, Y_true, params: dict, activation: str = "relu") -> float:
    """half_mse of the network's prediction: (1/2n) Σ (Y_pred − Y_true)²."""
    return float(half_mse(forward(X, params, activation)[0], Y_true))


def backward(Y_true, params: dict, cache: dict) -> dict:
    """Backward pass in reverse order, from dY_pred down to dX.

    Parameters
    ----------
    Y_true : array, shape (n, dL)
    params : the dict given to ``forward``
    cache : the dict returned by ``forward``

    Returns
    -------
    grads : dict in the order computed. For L = 3:
        "dY_pred" (n, d3), "dW3" (d2, d3), "db3" (d3,), "da2" (n, d2), "dZ2" (n, d2),
        "dW2" (d1, d2), "db2" (d2,), "da1" (n, d1), "dZ1" (n, d1),
        "dW1" (d0, d1), "db1" (d1,), "dX" (n, d0).
        Every "dW…"/"db…" has the shape of its parameter.
    """
    return _backward(Y_true, params, cache, lambda l: cache[f"g{l}"])


def _backward(Y_true, params: dict, cache: dict, local) -> dict:
    """The backward pass of ``backward``; ``local(l)`` gives g'(Zl), shape (n, dl)."""
    L = num_layers(params)
    Y_pred = cache["Y_pred"]
    grads = {"dY_pred": half_mse_grad(Y_pred, Y_true)}
    dZ = grads["dY_pred"]
    for l in range(L, 0, -1):
        a_prev = cache["X"] if l == 1 else cache[f"a{l - 1}"]
        grads[f"dW{l}"] = a_prev.T @ dZ
        grads[f"db{l}"] = dZ.sum(axis=0)
        if l == 1:
            grads["dX"] = dZ @ params["W1"].T
        else:
            grads[f"da{l - 1}"] = dZ @ params[f"W{l}"].T
            dZ = grads[f"da{l - 1}"] * local(l - 1)
            grads[f"dZ{l - 1}"] = dZ
    return grads


# g'(Z) written as a function of the output a = g(Z), for the activations where that is possible
_GRAD_FROM_OUTPUT = {
    "relu": lambda a: (a > 0).astype(a.dtype),  # relu(z) > 0 exactly when z > 0; relu'(0) = 0 as in relu_grad
    "sigmoid": lambda a: a * (1 - a),
    "tanh": lambda a: 1 - a * a,
    "identity": lambda a: np.ones_like(a),
}


def lean_cache(cache: dict) -> dict:
    """The smallest forward cache the backward pass needs: "X", every "al", and "Y_pred".

    ``backward`` reads al (the input of layer l+1, for dW(l+1)) and g'(Zl).
    Zl itself is never read, and for relu, sigmoid and tanh g'(Zl) is a
    function of al (relu: al > 0; sigmoid: al(1 − al); tanh: 1 − al²), so
    "Zl" and "gl" can be dropped. Per example that keeps d0 + d1 + … + d(L-1) + dL
    numbers instead of d0 + 3(d1 + … + d(L-1)) + dL.

    Parameters
    ----------
    cache : the dict returned by ``forward``

    Returns
    -------
    dict with the same arrays (not copies) under "X", "a1" … "a(L-1)", "Y_pred"
    """
    return {k: v for k, v in cache.items() if k in ("X", "Y_pred") or k.startswith("a")}


def backward_lean(Y_true, params: dict, lean: dict, activation: str = "relu") -> dict:
    """``backward`` from a ``lean_cache``: each g'(Zl) is rebuilt from al when it is needed.

    Parameters
    ----------
    Y_true : array, shape (n, dL)
    params : the dict given to ``forward``
    lean : the dict returned by ``lean_cache`` (a full cache works too)
    activation : the hidden layers' activation: "relu", "sigmoid", "tanh" or "identity"

    Returns
    -------
    grads : the same dict as ``backward``'s, key for key and shape for shape
    """
    if activation not in _GRAD_FROM_OUTPUT:
        raise ValueError(f"backward_lean: g' must be a function of g's output; expected one of "
                         f"{sorted(_GRAD_FROM_OUTPUT)}, got {activation!r}.")
    from_output = _GRAD_FROM_OUTPUT[activation]
    return _backward(Y_true, params, lean, lambda l: from_output(lean[f"a{l}"]))


def param_grads(grads: dict) -> dict:
    """Only the parameter gradients, renamed like ``params``: "dW1" → "W1", …"""
    return {k[1:]: v for k, v in grads.items() if k[:2] in ("dW", "db")}


def deltas(Y_true, params: dict, cache: dict) -> list[np.ndarray]:
    """Handout C's error signals δ⁽ˡ⁾ = ∂L/∂Z⁽ˡ⁾, l = 1 … L, by the δ recursion.

    δ⁽ᴸ⁾ = ∂L/∂Y_pred and δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ W⁽ˡ⁺¹⁾ᵀ) ⊙ g'(Z⁽ˡ⁾).

    Returns
    -------
    list of L arrays; element l-1 is δ⁽ˡ⁾ of shape (n, dl)
    """
    L = num_layers(params)
    delta = [None] * L
    delta[L - 1] = half_mse_grad(cache["Y_pred"], Y_true)
    for l in range(L - 1, 0, -1):
        delta[l - 1] = (delta[l] @ params[f"W{l + 1}"].T) * cache[f"g{l}"]
    return delta


# --- the steps of the backward pass, for the shape table and the widget --------------------

@dataclass
class Step:
    """One line of the backward pass: ``name = formula`` with its operands and operator."""

    name: str
    formula: str
    operands: list  # [(label, array), ...]
    value: np.ndarray
    op: str = ""  # what combines the operands: "@", "⊙", "Σ rows", "−"


def backward_steps(Y_true, params: dict, cache: dict) -> list[Step]:
    """The backward pass of ``backward`` as a list of steps, each with its operands.

    Operands are the arrays as they enter the formula (transposes applied);
    each value is the gradient itself, with its own shape.

    Returns
    -------
    list of Step, in the order of ``backward``'s dict
    """
    L = num_layers(params)
    grads = backward(Y_true, params, cache)
    Y_true = as_float_array(Y_true, "Y_true", "backward_steps")
    n = len(Y_true)
    steps = [Step("dY_pred", f"(Y_pred − Y_true) / n,  n = {n}",
                  [("Y_pred", cache["Y_pred"]), ("Y_true", Y_true)], grads["dY_pred"], "−")]
    dZ_name = "dY_pred"
    for l in range(L, 0, -1):
        a_name = "X" if l == 1 else f"a{l - 1}"
        a_prev = cache[a_name]
        dZ = grads[dZ_name]
        steps.append(Step(f"dW{l}", f"{a_name}ᵀ @ {dZ_name}", [(f"{a_name}ᵀ", a_prev.T), (dZ_name, dZ)],
                          grads[f"dW{l}"], "@"))
        steps.append(Step(f"db{l}", f"{dZ_name} summed over the rows", [(dZ_name, dZ)], grads[f"db{l}"], "Σ rows"))
        out = "dX" if l == 1 else f"da{l - 1}"
        steps.append(Step(out, f"{dZ_name} @ W{l}ᵀ", [(dZ_name, dZ), (f"W{l}ᵀ", params[f"W{l}"].T)], grads[out],
                          "@"))
        if l > 1:
            dZ_name = f"dZ{l - 1}"
            steps.append(Step(dZ_name, f"da{l - 1} ⊙ g'(Z{l - 1})",
                              [(f"da{l - 1}", grads[f"da{l - 1}"]), (f"g'(Z{l - 1})", cache[f"g{l - 1}"])],
                              grads[dZ_name], "⊙"))
    return steps


# --- memory: what training keeps against what inference needs ------------------------------

def cache_nbytes(cache: dict) -> int:
    """Bytes held by the arrays of a forward cache (everything kept for the backward pass)."""
    return int(sum(v.nbytes for v in cache.values()))


def inference_peak_nbytes(X, params: dict, activation: str = "relu") -> int:
    """Forward pass for prediction only; returns the peak bytes of live activations.

    Only two activations are alive at any moment: the layer's input and its
    output (the activation is applied in place, and the input is dropped as
    soon as the output exists). The parameters are not counted, as they are
    the same for training and inference.

    Parameters
    ----------
    X : array, shape (n, d0)
    params : as in ``forward``

    Returns
    -------
    int : max over layers of bytes(input) + bytes(output)
    """
    g, _ = get_activation(activation)
    L = num_layers(params)
    a = as_float_array(X, "X", "inference_peak_nbytes")
    peak = a.nbytes
    for l in range(1, L + 1):
        Z = a @ params[f"W{l}"]
        Z += params[f"b{l}"]
        if l < L and activation == "relu":
            np.maximum(Z, 0, out=Z)
        elif l < L:
            Z[...] = g(Z)
        peak = max(peak, a.nbytes + Z.nbytes)
        a = Z
    return int(peak)


def random_params(sizes, seed: int = 0, scale: float = 0.5) -> dict:
    """Params W1, b1, … with N(0, scale²) entries (biases too), from a seed.

    Parameters
    ----------
    sizes : [d0, d1, …, dL]

    Returns
    -------
    dict: Wl (d_{l-1}, dl), bl (dl,)
    """
    rng = np.random.default_rng(seed)
    params = {}
    for l, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{l}"] = scale * rng.standard_normal((d_in, d_out))
        params[f"b{l}"] = scale * rng.standard_normal(d_out)
    return params
