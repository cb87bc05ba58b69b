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

Also here: handout B's column convention (Z = W A, one example per column),
handout C's scalar sigmoid chain, a step-by-step record of the backward pass
for the widget, and the memory bookkeeping of training against inference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import get_activation, sigmoid
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
    X = np.asarray(X, dtype=float)
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
    return float(half_mse(forward(X, params, activation)[0], np.asarray(Y_true, dtype=float)))


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
    L = num_layers(params)
    Y_pred = cache["Y_pred"]
    grads = {"dY_pred": half_mse_grad(Y_pred, np.asarray(Y_true, dtype=float))}
    dZ = grads["dY_pred"]
    for l in range(L, 0, -1):
        a_prev = cache["X"] if l == 1 else cache[f"a{l - 1}"]
        grads[f"dW{l}"] = a_prev.T @ dZ
        grads[f"db{l}"] = dZ.sum(axis=0)
        if l == 1:
            grads["dX"] = dZ @ params["W1"].T
        else:
            grads[f"da{l - 1}"] = dZ @ params[f"W{l}"].T
            dZ = grads[f"da{l - 1}"] * cache[f"g{l - 1}"]
            grads[f"dZ{l - 1}"] = dZ
    return grads


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
    delta[L - 1] = half_mse_grad(cache["Y_pred"], np.asarray(Y_true, dtype=float))
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
    Y_true = np.asarray(Y_true, dtype=float)
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


# --- handout B: the column convention ------------------------------------------------------

def column_two_layer(A0, Y, W1, b1, W2, b2) -> dict:
    """Handout B's 2-layer sigmoid network in the COLUMN convention, forward and backward.

    One example per column:

        Z1 = W1 @ A0 + b1,  A1 = σ(Z1),  Z2 = W2 @ A1 + b2,  A2 = σ(Z2),
        E  = (1/2n) Σ (A2 − Y)²

    and the backward steps named as in the handout:

        E2 = (A2 − Y) / n,   dZ2 = E2 ⊙ A2(1 − A2),   ΔW2 = dZ2 @ A1ᵀ,  Δb2 = dZ2 summed over columns,
        E1 = W2ᵀ @ dZ2,      dZ1 = E1 ⊙ A1(1 − A1),   ΔW1 = dZ1 @ A0ᵀ,  Δb1 = dZ1 summed over columns.

    Parameters
    ----------
    A0 : (d0, n) inputs, one example per column
    Y : (d2, n) targets
    W1 : (d1, d0); b1 : (d1, 1); W2 : (d2, d1); b2 : (d2, 1)

    Returns
    -------
    dict with "Z1", "A1" (d1, n), "Z2", "A2" (d2, n), "E" (scalar), "E2", "dZ2" (d2, n),
    "dW2" (d2, d1), "db2" (d2, 1), "E1", "dZ1" (d1, n), "dW1" (d1, d0), "db1" (d1, 1)
    """
    A0, Y = np.asarray(A0, dtype=float), np.asarray(Y, dtype=float)
    n = A0.shape[1]
    out = {}
    out["Z1"] = W1 @ A0 + b1
    out["A1"] = sigmoid(out["Z1"])
    out["Z2"] = W2 @ out["A1"] + b2
    out["A2"] = sigmoid(out["Z2"])
    out["E"] = float(0.5 * np.sum((out["A2"] - Y) ** 2) / n)
    out["E2"] = (out["A2"] - Y) / n
    out["dZ2"] = out["E2"] * out["A2"] * (1 - out["A2"])
    out["dW2"] = out["dZ2"] @ out["A1"].T
    out["db2"] = out["dZ2"].sum(axis=1, keepdims=True)
    out["E1"] = W2.T @ out["dZ2"]
    out["dZ1"] = out["E1"] * out["A1"] * (1 - out["A1"])
    out["dW1"] = out["dZ1"] @ A0.T
    out["db1"] = out["dZ1"].sum(axis=1, keepdims=True)
    return out


# --- handout C: the scalar sigmoid chain ---------------------------------------------------

def sigmoid_chain(a: float, t: float, w) -> dict:
    """Handout C's chain a → h1 → h2 → h3 → y of sigmoid units with scalar weights w1 … w4.

        h1 = σ(w1 a), h2 = σ(w2 h1), h3 = σ(w3 h2), y = σ(w4 h3),  Cost = ½ (y − t)²

    Backward, with h0 = a and h4 = y:

        δ4 = (y − t) y (1 − y),   δt = δ(t+1) w(t+1) ht (1 − ht),   ∂Cost/∂wt = h(t−1) δt.

    Returns
    -------
    dict with "h" [h0 = a, h1, h2, h3, h4 = y], "cost", "delta" [δ1 … δ4], "grad" [∂Cost/∂w1 … ∂Cost/∂w4]
    """
    w = [float(v) for v in w]
    if len(w) != 4:
        raise ValueError(f"sigmoid_chain: expected 4 weights w1 … w4; got {len(w)}.")
    h = [float(a)]
    for wt in w:
        h.append(float(sigmoid(wt * h[-1])))
    y = h[4]
    delta = [0.0] * 4
    delta[3] = (y - t) * y * (1 - y)
    for k in range(2, -1, -1):  # δ_t for t = 3, 2, 1 sits at index t − 1
        delta[k] = delta[k + 1] * w[k + 1] * h[k + 1] * (1 - h[k + 1])
    grad = [h[k] * delta[k] for k in range(4)]
    return {"h": h, "cost": 0.5 * (y - t) ** 2, "delta": delta, "grad": grad}


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
    a = np.asarray(X, dtype=float)
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
