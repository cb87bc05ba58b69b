"""Checks for the exercises of notebook 04 (the MLP forward pass)."""

from __future__ import annotations

import numpy as np

from ..activations import relu
from ._core import Case, CheckReport, Mistake, run_check


def _layers(params: dict) -> int:
    return len(params) // 2


def forward_reference(X, params: dict) -> np.ndarray:
    """O = Z⁽ᴸ⁾ with Z⁽ˡ⁾ = H⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾, H⁽ˡ⁾ = relu(Z⁽ˡ⁾), H⁽⁰⁾ = X; the last layer stays linear.

    Parameters
    ----------
    X : (n, d_0)
    params : dict with W1 (d_0, d_1), b1 (d_1,), …, WL (d_{L-1}, d_L), bL (d_L,)

    Returns
    -------
    O : (n, d_L)
    """
    H = np.asarray(X, dtype=float)
    L = _layers(params)
    for l in range(1, L + 1):
        Z = H @ np.asarray(params[f"W{l}"], dtype=float) + np.asarray(params[f"b{l}"], dtype=float)
        H = relu(Z) if l < L else Z
    return H


def _forward_variant(X, params, *, last=False, bias=True, transpose=False, bias_after=False) -> np.ndarray:
    """The forward pass with one deliberate mistake (see FORWARD_MISTAKES)."""
    H = np.asarray(X, dtype=float)
    L = _layers(params)
    for l in range(1, L + 1):
        W = np.asarray(params[f"W{l}"], dtype=float)
        b = np.asarray(params[f"b{l}"], dtype=float) if bias else 0.0
        W = W.T if transpose else W
        if bias_after and l < L:
            H = relu(H @ W) + b
            continue
        Z = H @ W + b
        H = relu(Z) if (l < L or last) else Z
    return H


def _params(sizes, rng) -> dict:
    params = {}
    for l, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{l}"] = rng.normal(size=(d_in, d_out))
        params[f"b{l}"] = rng.normal(size=d_out)
    return params


def _he_params(sizes, rng) -> dict:
    """Weights of standard deviation √(2/d_in) and small biases, so that a deep relu stack stays alive."""
    params = {}
    for l, (d_in, d_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{l}"] = rng.normal(scale=np.sqrt(2.0 / d_in), size=(d_in, d_out))
        params[f"b{l}"] = 0.1 * rng.normal(size=d_out)
    return params


def _cases_forward() -> list[Case]:
    rng = np.random.default_rng(401)
    small = dict(
        W1=np.array([[1.0, -1.0], [2.0, 0.5]]), b1=np.array([0.5, -1.0]),
        W2=np.array([[1.0, -2.0], [-1.0, 1.0]]), b2=np.array([-0.5, 0.25]),
    )
    deep = dict(small, W3=np.array([[0.5, 1.0], [-1.0, 2.0]]), b3=np.array([0.1, -0.2]))
    X_small = np.array([[1.0, 0.0], [-1.0, 2.0], [0.5, -0.5]])
    # The first case has three square layers: a transposed W still runs, and stopping after layer 1 (a return
    # inside the loop), after layer 2 (range(1, L)) and after two layers without their relu all differ.
    return [
        Case((X_small, deep), "3 layers 2-2-2-2, 3 examples (every W is square)"),
        Case((X_small, small), "2-2-2 network, 3 examples (every W is square)"),
        Case((rng.normal(size=(5, 3)), _params([3, 4, 2], rng)), "2 layers, sizes [3, 4, 2]"),
        Case((rng.normal(size=(4, 3)), _params([3, 5, 4, 2], rng)), "3 layers, sizes [3, 5, 4, 2]"),
        Case((rng.normal(size=(2, 3)), _params([3, 2], rng)), "1 layer (L = 1): O = X W1 + b1, no activation"),
        Case((rng.normal(size=(3, 2)), _he_params([2, 4, 3, 4, 3, 4, 3, 4, 3, 4, 2], rng)),
             "10 layers: W10 comes after W9, not after W1"),
    ]


def _all_keys_as_layers(X, params):
    """The loop of a forward pass with L = len(params): it asks for W3 in a 2-layer network."""
    H = np.asarray(X, dtype=float)
    L = len(params)
    for l in range(1, L + 1):
        Z = H @ params[f"W{l}"] + params[f"b{l}"]
        H = relu(Z) if l < L else Z
    return H


def _one_layer_short(X, params):
    H = np.asarray(X, dtype=float)
    L = _layers(params)
    for l in range(1, L):
        H = relu(H @ params[f"W{l}"] + params[f"b{l}"])
    return H


def _return_in_loop(X, params):
    """The `return` indented into the loop: only layer 1 runs (with its relu)."""
    H = np.asarray(X, dtype=float)
    return relu(H @ params["W1"] + params["b1"]) if _layers(params) > 1 else H @ params["W1"] + params["b1"]


def _float_layers(X, params):
    """L = len(params) / 2 is a float, and range(1, L + 1) raises TypeError."""
    L = len(params) / 2
    return list(range(1, L + 1))


def _bias_column(X, params):
    return _forward_variant(X, {k: (np.asarray(v).reshape(-1, 1) if k.startswith("b") else v)
                                for k, v in params.items()})


def _sigmoid_hidden(X, params):
    H = np.asarray(X, dtype=float)
    L = _layers(params)
    for l in range(1, L + 1):
        Z = H @ params[f"W{l}"] + params[f"b{l}"]
        H = 1 / (1 + np.exp(-Z)) if l < L else Z
    return H


def _no_activation(X, params):
    H = np.asarray(X, dtype=float)
    for l in range(1, _layers(params) + 1):
        H = H @ params[f"W{l}"] + params[f"b{l}"]
    return H


def _sorted_keys(X, params):
    """The layers taken in the order of the sorted key strings: W1, W10, W2, …"""
    H = np.asarray(X, dtype=float)
    names = sorted(k for k in params if k.startswith("W"))
    for i, name in enumerate(names):
        Z = H @ params[name] + params["b" + name[1:]]
        H = relu(Z) if i < len(names) - 1 else Z
    return H


FORWARD_MISTAKES = (
    Mistake("the layers ran in the order of the sorted key names, W1, W10, W2, …: strings sort digit by digit. "
            "Loop over the layer numbers instead, for l in range(1, L + 1) with params[f\"W{l}\"].",
            _sorted_keys, "sorted-keys"),
    Mistake("there is no activation between the layers: without relu the layers collapse into one linear map. "
            "Apply H = relu(Z) after every layer except the last.", _no_activation, "no-relu"),
    Mistake("you applied the activation to the output layer too: O = Z⁽ᴸ⁾ stays linear (no relu on the last layer), "
            "so O can be negative.", lambda X, p: _forward_variant(X, p, last=True), "relu-on-output"),
    Mistake("you left out the biases: every layer is Z = H W + b, with b added to every row.",
            lambda X, p: _forward_variant(X, p, bias=False), "no-bias"),
    Mistake("you used Wᵀ: in the row convention a layer is H @ W with W of shape (d_in, d_out).",
            lambda X, p: _forward_variant(X, p, transpose=True), "w-transposed"),
    Mistake("you added the bias after the activation: it is relu(H W + b), not relu(H W) + b.",
            lambda X, p: _forward_variant(X, p, bias_after=True), "bias-after-relu"),
    Mistake("you computed exactly two layers: loop over l = 1 … L, with L = len(params) // 2 layers.",
            lambda X, p: relu(np.asarray(X) @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"], "two-layers"),
    Mistake("params holds two arrays per layer (W1, b1, …, WL, bL), so the number of layers is "
            "L = len(params) // 2, not len(params): your loop asks for a layer that does not exist.",
            _all_keys_as_layers, "len-params"),
    Mistake("the loop stops one layer early: range(1, L) leaves out layer L; use range(1, L + 1).",
            _one_layer_short, "one-short"),
    Mistake("your function returns inside the loop, after the first layer: move the `return` out of the loop "
            "(one indentation level less) so that all L layers run.", _return_in_loop, "return-in-loop"),
    Mistake("len(params) / 2 is a float (e.g. 2.0), and range needs an int: use integer division, "
            "L = len(params) // 2.", _float_layers, "float-L"),
    Mistake("you reshaped the bias into a column: b has shape (d_l,) and is added to every row as it is, "
            "Z = H @ W + b.", _bias_column, "bias-column"),
    Mistake("this network uses relu in its hidden layers, not the sigmoid: H = np.maximum(Z, 0).",
            _sigmoid_hidden, "sigmoid"),
)


def check_forward(forward, *, time_limit: float | None = None) -> CheckReport:
    """Check ``forward(X, params) -> O`` for ReLU hidden layers and a linear output layer, any L."""
    return run_check("check_forward", forward, forward_reference, _cases_forward(), mistakes=FORWARD_MISTAKES,
                     time_limit=time_limit)


def count_params_reference(sizes) -> int:
    """Σ_l (d_{l-1} · d_l + d_l) for sizes [d_0, d_1, …, d_L]."""
    sizes = [int(s) for s in sizes]
    return sum(d_in * d_out + d_out for d_in, d_out in zip(sizes[:-1], sizes[1:]))


def _cases_count() -> list[Case]:
    return [
        Case(([4, 5, 3, 2],), "the example of section 2"),
        Case(([2, 2, 1],), "the 2-2-1 XOR network"),
        Case(([784, 256, 128, 10],), "an MNIST-sized network"),
        Case(([3, 1],), "one layer: a linear model with 3 inputs"),
        Case(((10, 10, 10, 10, 10),), "sizes given as a tuple"),
    ]


def _index_past_the_end(sizes):
    """A loop over range(len(sizes)) that reads sizes[i + 1]: it raises IndexError at the last i."""
    return sum(sizes[i] * sizes[i + 1] + sizes[i + 1] for i in range(len(sizes)))


def _pairs(sizes):
    sizes = [int(s) for s in sizes]
    return list(zip(sizes[:-1], sizes[1:]))


COUNT_MISTAKES = (
    Mistake("(d_{l-1} + 1)(d_l + 1) counts an extra input AND an extra output unit; a layer has d_{l-1}·d_l "
            "weights plus d_l biases, (d_{l-1} + 1)·d_l.",
            lambda sizes: sum((a + 1) * (b + 1) for a, b in _pairs(sizes)), "plus-one-both"),
    Mistake("you forgot the biases: each layer has d_{l-1}·d_l weights AND d_l biases.",
            lambda sizes: sum(a * b for a, b in _pairs(sizes)), "no-biases"),
    Mistake("you counted one bias per input of each layer (d_{l-1}); a layer has one bias per OUTPUT unit (d_l).",
            lambda sizes: sum(a * b + a for a, b in _pairs(sizes)), "bias-per-input"),
    Mistake("you counted a bias for the input layer too: the inputs x have no parameters, only layers 1 … L do.",
            lambda sizes: count_params_reference(sizes) + int(list(sizes)[0]), "input-bias"),
    Mistake("you added the sizes instead of multiplying: layer l has a (d_{l-1} × d_l) weight matrix.",
            lambda sizes: sum(a + b + b for a, b in _pairs(sizes)), "added-sizes"),
    Mistake("you left out the last layer: the layers pair each size with the NEXT one, "
            "zip(sizes[:-1], sizes[1:]), and the last pair is the output layer.",
            lambda sizes: count_params_reference(list(sizes)[:-1]), "no-last-layer"),
    Mistake("you multiplied all the sizes together: the layers are separate, so ADD each layer's "
            "d_{l-1}·d_l + d_l.", lambda sizes: int(np.prod([int(s) for s in sizes])), "product"),
    Mistake("you counted one bias per layer; each layer has d_l biases, one per unit.",
            lambda sizes: sum(a * b + 1 for a, b in _pairs(sizes)), "one-bias-per-layer"),
    Mistake("you counted d_l² weights: layer l maps d_{l-1} inputs to d_l outputs, so it has "
            "d_{l-1}·d_l weights.", lambda sizes: sum(b * b + b for a, b in _pairs(sizes)), "square"),
    Mistake("sizes[i + 1] runs past the end of sizes: L + 1 sizes make L layers, so loop over "
            "range(len(sizes) - 1), or pair the sizes with zip(sizes[:-1], sizes[1:]).", _index_past_the_end,
            "index-range"),
    Mistake("you counted the units (Σ d_l); the parameters are the weights and biases: layer l has "
            "d_{l-1}·d_l weights and d_l biases.", lambda sizes: sum(int(s) for s in sizes), "units"),
)


def check_count_params(count_params, *, time_limit: float | None = None) -> CheckReport:
    """Check ``count_params(sizes) -> int``: every weight and bias of an MLP with layer sizes ``sizes``.

    The answer is an integer (int or a NumPy integer), compared exactly.
    """
    return run_check("check_count_params", count_params, count_params_reference, _cases_count(),
                     mistakes=COUNT_MISTAKES, rtol=0, atol=0, time_limit=time_limit)
