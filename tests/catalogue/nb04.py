"""Notebook 04 (the MLP forward pass): answers to check_forward and check_count_params."""

from __future__ import annotations

import math

import numpy as np

import lecture_utils as lu
from lecture_utils.checks.mlp import COUNT_MISTAKES, FORWARD_MISTAKES, check_count_params, check_forward
from tests.catalogue import Right, Wrong

# ----------------------------------------------------------------------------- forward


def forward_relu_on_output(X, params):
    L = len(params) // 2
    H = np.asarray(X, dtype=float)
    for l in range(1, L + 1):
        H = np.maximum(H @ params[f"W{l}"] + params[f"b{l}"], 0)
    return H


def forward_items(X, params):
    H = np.asarray(X, dtype=float)
    for name, value in params.items():
        H = H @ value if name.startswith("W") else np.maximum(H + value, 0)
    return H


def forward_no_bias(X, params):
    L = len(params) // 2
    H = np.asarray(X, dtype=float)
    for l in range(1, L + 1):
        Z = H @ params[f"W{l}"]
        H = np.maximum(Z, 0) if l < L else Z
    return H


def forward_w_transposed(X, params):
    L = len(params) // 2
    H = np.asarray(X, dtype=float)
    for l in range(1, L + 1):
        Z = H @ params[f"W{l}"].T + params[f"b{l}"]
        H = np.maximum(Z, 0) if l < L else Z
    return H


def forward_bias_after_relu(X, params):
    L = len(params) // 2
    H = np.asarray(X, dtype=float)
    for l in range(1, L):
        H = np.maximum(H @ params[f"W{l}"], 0) + params[f"b{l}"]
    return H @ params[f"W{L}"] + params[f"b{L}"]


def forward_two_layers(X, params):
    H = np.maximum(X @ params["W1"] + params["b1"], 0)
    return H @ params["W2"] + params["b2"]


def forward_len_params(X, params):
    L = len(params)
    H = np.asarray(X, dtype=float)
    for l in range(1, L + 1):
        Z = H @ params[f"W{l}"] + params[f"b{l}"]
        H = np.maximum(Z, 0) if l < L else Z
    return H


def forward_float_L(X, params):
    L = len(params) / 2
    H = np.asarray(X, dtype=float)
    for l in range(1, L + 1):
        Z = H @ params[f"W{l}"] + params[f"b{l}"]
        H = np.maximum(Z, 0) if l < L else Z
    return H


def forward_one_short(X, params):
    L = len(params) // 2
    H = np.asarray(X, dtype=float)
    for l in range(1, L):
        H = np.maximum(H @ params[f"W{l}"] + params[f"b{l}"], 0)
    return H


def forward_return_in_loop(X, params):
    L = len(params) // 2
    H = np.asarray(X, dtype=float)
    for l in range(1, L + 1):
        Z = H @ params[f"W{l}"] + params[f"b{l}"]
        H = np.maximum(Z, 0) if l < L else Z
        return H


def forward_zero_based(X, params):
    L = len(params) // 2
    H = np.asarray(X, dtype=float)
    for l in range(L):
        Z = H @ params[f"W{l}"] + params[f"b{l}"]
        H = np.maximum(Z, 0) if l < L - 1 else Z
    return H


def forward_sigmoid(X, params):
    L = len(params) // 2
    H = np.asarray(X, dtype=float)
    for l in range(1, L + 1):
        Z = H @ params[f"W{l}"] + params[f"b{l}"]
        H = lu.sigmoid(Z) if l < L else Z
    return H


def forward_bias_column(X, params):
    L = len(params) // 2
    H = np.asarray(X, dtype=float)
    for l in range(1, L + 1):
        Z = H @ params[f"W{l}"] + params[f"b{l}"].reshape(-1, 1)
        H = np.maximum(Z, 0) if l < L else Z
    return H


def forward_column_convention(X, params):
    L = len(params) // 2
    H = np.asarray(X, dtype=float)
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ H + params[f"b{l}"]
        H = np.maximum(Z, 0) if l < L else Z
    return H


def forward_pop(X, params):
    H = np.asarray(X, dtype=float)
    l = 1
    while f"W{l}" in params:
        W, b = params.pop(f"W{l}"), params.pop(f"b{l}")
        Z = H @ W + b
        H = np.maximum(Z, 0) if f"W{l + 1}" in params else Z
        l += 1
    return H


def forward_last_z(X, params):
    L = len(params) // 2
    H = np.asarray(X, dtype=float)
    for l in range(1, L + 1):
        Z = H @ params[f"W{l}"] + params[f"b{l}"]
        H = lu.relu(Z)
    return Z


def forward_einsum_float32(X, params):
    H = np.asarray(X, dtype=np.float32)
    L = len(params) // 2
    for l in range(1, L + 1):
        Z = np.einsum("nd,dp->np", H, params[f"W{l}"].astype(np.float32)) + params[f"b{l}"].astype(np.float32)
        H = np.where(Z > 0, Z, np.float32(0)) if l < L else Z
    return H


def forward_lists(X, params):
    L = len(params) // 2
    H = np.asarray(X).tolist()
    for l in range(1, L + 1):
        W, b = params[f"W{l}"].tolist(), params[f"b{l}"].tolist()
        Z = [[sum(h[i] * W[i][j] for i in range(len(h))) + b[j] for j in range(len(b))] for h in H]
        H = [[max(z, 0.0) for z in row] for row in Z] if l < L else Z
    return H


def forward_mlp(X, params):
    sizes = [params["W1"].shape[0]] + [params[f"b{l}"].size for l in range(1, len(params) // 2 + 1)]
    net = lu.MLP(sizes, activation="relu")
    net.params = {name: value.copy() for name, value in params.items()}
    return net.forward(X)


# ----------------------------------------------------------------------------- count_params


def count_pairs(sizes):
    return list(zip(sizes[:-1], sizes[1:]))


def count_loop_off_by_one(sizes):
    total = 0
    for i in range(len(sizes)):
        total += sizes[i] * sizes[i + 1] + sizes[i + 1]
    return total


def count_one_layer_short(sizes):
    total = 0
    for i in range(len(sizes) - 2):
        total += sizes[i] * sizes[i + 1] + sizes[i + 1]
    return total


def count_loop(sizes):
    total = 0
    for i in range(1, len(sizes)):
        total += sizes[i - 1] * sizes[i] + sizes[i]
    return total


WRONG = [
    # check_forward
    Wrong(check_forward, forward_relu_on_output, "relu-on-output", "relu after every layer"),
    Wrong(check_forward, forward_items, "relu-on-output", "a loop over params.items()"),
    Wrong(check_forward, forward_no_bias, "no-bias", "no biases"),
    Wrong(check_forward, forward_w_transposed, "w-transposed", "H Wᵀ"),
    Wrong(check_forward, forward_bias_after_relu, "bias-after-relu", "relu(H W) + b"),
    Wrong(check_forward, forward_two_layers, "two-layers", "two layers written out"),
    Wrong(check_forward, forward_len_params, "len-params", "L = len(params)"),
    Wrong(check_forward, forward_float_L, "float-L", "L = len(params) / 2"),
    Wrong(check_forward, forward_one_short, "one-short", "range(1, L)"),
    Wrong(check_forward, forward_return_in_loop, "return-in-loop", "return inside the loop"),
    Wrong(check_forward, forward_zero_based, "exception:key", "range(L): asks for W0"),
    Wrong(check_forward, forward_sigmoid, "sigmoid", "sigmoid hidden layers"),
    Wrong(check_forward, forward_bias_column, "bias-column", "the bias reshaped to a column"),
    Wrong(check_forward, forward_column_convention, "exception:matmul", "W H instead of H W"),
    Wrong(check_forward, forward_pop, "mutated", "params.pop empties the dict"),
    # check_count_params: Σ_l (d_{l-1} d_l + d_l), an int
    Wrong(check_count_params, lambda sizes: sum(a * b for a, b in count_pairs(sizes)), "no-biases", "no biases"),
    Wrong(check_count_params, lambda sizes: sum(a * b + a for a, b in count_pairs(sizes)), "bias-per-input",
          "a bias per input"),
    Wrong(check_count_params, lambda sizes: sum(a * b for a, b in count_pairs(sizes)) + sum(sizes), "input-bias",
          "a bias for every size, the inputs too"),
    Wrong(check_count_params, lambda sizes: sum(a + 2 * b for a, b in count_pairs(sizes)), "added-sizes",
          "sizes added"),
    Wrong(check_count_params, count_one_layer_short, "no-last-layer", "range(len(sizes) - 2)"),
    Wrong(check_count_params, lambda sizes: math.prod(sizes), "product", "math.prod(sizes)"),
    Wrong(check_count_params, lambda sizes: sum(a * b for a, b in count_pairs(sizes)) + len(sizes) - 1,
          "one-bias-per-layer", "one bias per layer"),
    Wrong(check_count_params, lambda sizes: sum(b * b + b for a, b in count_pairs(sizes)), "square", "d_l² weights"),
    Wrong(check_count_params, count_loop_off_by_one, "index-range", "range(len(sizes)): sizes[i + 1] past the end"),
    Wrong(check_count_params, lambda sizes: float(count_loop(sizes)), "type:int", "the float 51.0"),
    Wrong(check_count_params, lambda sizes: np.sum(np.multiply(sizes[:-1], sizes[1:]) + sizes[1:], dtype=float),
          "type:int", "np.sum with dtype=float"),
    Wrong(check_count_params, lambda sizes: count_loop(sizes) / 1000, "type:int", "in thousands, 0.051"),
    Wrong(check_count_params, lambda sizes: math.fsum(a * b + b for a, b in count_pairs(sizes)), "type:int",
          "math.fsum gives a float"),
    Wrong(check_count_params, lambda sizes: sum(sizes), "units", "the units counted"),
]

RIGHT = [
    Right(check_forward, forward_last_z, "relu on every layer, the last Z returned"),
    Right(check_forward, forward_einsum_float32, "einsum in float32, np.where for relu"),
    Right(check_forward, forward_lists, "Python lists"),
    Right(check_forward, forward_mlp, "lu.MLP with the given params"),
    Right(check_count_params, count_loop, "a loop"),
    Right(check_count_params, lambda sizes: int(np.dot(sizes[:-1], sizes[1:]) + np.sum(sizes[1:])),
          "np.dot of the sizes"),
    Right(check_count_params, lambda sizes: np.sum(np.multiply(sizes[:-1], sizes[1:]) + sizes[1:]), "a NumPy int"),
    Right(check_count_params, lambda sizes: lu.MLP(list(sizes)).num_params(), "lu.MLP(sizes).num_params()"),
    Right(check_count_params, lambda sizes: sum(v.size for v in lu.MLP(list(sizes)).params.values()),
          "the sizes of lu.MLP's arrays"),
    Right(check_count_params, lambda sizes: sum((a + 1) * b for a, b in count_pairs(sizes)), "(d_in + 1) d_out"),
]

# Need an engine change (see the report): the string check in _core._numbers comes before the int one.
WRONG += [  # answers whose hint needed the engine to look closer
    Wrong(check_count_params, lambda sizes: str(count_loop(sizes)), "type:int", "the string '51'"),
    Wrong(check_count_params, lambda sizes: f"{count_loop(sizes)} parameters", "type:int", "a sentence"),
]

MISTAKES = {check_forward: FORWARD_MISTAKES, check_count_params: COUNT_MISTAKES}
