"""Answers from a second blind hunt, on fresh mistakes: each passed, or got a vague or misleading hint, before."""

from __future__ import annotations

import numpy as np

from lecture_utils.checks.activations import check_sigmoid_grad
from lecture_utils.checks.backprop import (
    check_gd_step,
    check_sigmoid_net_backward,
    check_train_step,
    check_two_layer_backward,
)
from lecture_utils.checks.chain_rule import check_grad_z, check_matmul_backward
from lecture_utils.checks.linear import check_least_squares
from lecture_utils.checks.mlp import check_forward
from lecture_utils.checks.training import check_minibatches, check_sgd_update, check_shuffled_batches
from lecture_utils.checks.vanishing import check_init_layer

from . import Right, Wrong


def forward_sorted_keys(X, params):
    H = X
    names = sorted(k for k in params if k[0] == "W")
    for i, name in enumerate(names):
        Z = H @ params[name] + params["b" + name[1:]]
        H = np.maximum(Z, 0) if i < len(names) - 1 else Z
    return H


def grad_z_forward_difference(x, y, h=1e-4):
    def z(a, b):
        return (a * b + 1) ** 2
    return (z(x + h, y) - z(x, y)) / h, (z(x, y + h) - z(x, y)) / h


def init_integer_division(d_in, d_out, scheme, seed):
    variance = 1 // d_in if scheme == "xavier" else 2 // d_in
    return np.random.default_rng(seed).standard_normal((d_in, d_out)) * np.sqrt(variance)


def two_layer_z1_for_h(X, Y, W1, b1, W2, b2):
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    Z1 = X @ W1 + b1
    H = np.maximum(Z1, 0)
    dO = (H @ W2 + b2 - Y) / len(X)
    dZ1 = dO @ np.asarray(W2).T * (Z1 > 0)
    return X.T @ dZ1, dZ1.sum(axis=0), Z1.T @ dO, dO.sum(axis=0)


def sigmoid_net_z1_for_a1(X, Y, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = 1 / (1 + np.exp(-Z1))
    A2 = 1 / (1 + np.exp(-(A1 @ W2 + b2)))
    dZ2 = (A2 - Y) / len(X) * A2 * (1 - A2)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), Z1.T @ dZ2, dZ2.sum(axis=0)


def train_step_bias_mean(X, Y, params, lr):
    W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
    Z1 = X @ W1 + b1
    H = np.maximum(Z1, 0)
    dO = (H @ W2 + b2 - Y) / len(X)
    dZ1 = dO @ W2.T * (Z1 > 0)
    grads = {"W1": X.T @ dZ1, "b1": dZ1.mean(axis=0), "W2": H.T @ dO, "b2": dO.mean(axis=0)}
    return {k: params[k] - lr * grads[k] for k in params}


def batches_stride(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size + 1)]


def batches_from_one(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    return [order[i:i + batch_size] for i in range(1, n + 1, batch_size)]


def pairs_by_columns(X, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    return [(X[:, order[i:i + batch_size]], y[order[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def pairs_two_generators(X, y, batch_size, seed):
    Xs = np.random.default_rng(seed).permutation(X)
    ys = np.random.default_rng(seed + 1).permutation(y)
    return [(Xs[i:i + batch_size], ys[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def least_squares_whole_lstsq(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    return np.linalg.lstsq(A, y, rcond=None)


WRONG = [
    Wrong(check_sigmoid_grad, lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, "quotient-overflow",
          "the quotient rule, which overflows at z = −1000"),
    Wrong(check_sigmoid_grad, lambda z: 1 / (1 + np.exp(-np.asarray(z))) * (1 - np.asarray(z)), "one-minus-z",
          "σ(z)(1 − z)"),
    Wrong(check_forward, forward_sorted_keys, "sorted-keys", "layers in sorted key order (W10 before W2)"),
    Wrong(check_grad_z, grad_z_forward_difference, "close", "a forward difference instead of the formula"),
    Wrong(check_matmul_backward, lambda dY, X, W: (dY @ W.T / len(X), X.T @ dY / len(X)), "factor:n",
          "both results divided by N"),
    Wrong(check_init_layer, init_integer_division, "constant", "1 // d_in: an integer division gives 0"),
    Wrong(check_sgd_update, lambda params, grads, lr: {k: params[k] - lr for k in params}, "lr-only",
          "the learning rate subtracted, no gradient"),
    Wrong(check_least_squares, least_squares_whole_lstsq, "lstsq-tuple", "lstsq's whole tuple returned"),
    Wrong(check_two_layer_backward, two_layer_z1_for_h, "z-for-h", "dW2 = Z1ᵀ dO"),
    Wrong(check_gd_step, lambda W, dW, lr: lr * np.asarray(W) - np.asarray(dW), "lr-on-w", "lr * W - dW"),
    Wrong(check_gd_step, lambda W, dW, lr: -lr * np.asarray(dW), "minus-step-only", "the step −lr·dW alone"),
    Wrong(check_sigmoid_net_backward, sigmoid_net_z1_for_a1, "z1-for-a1", "dW2 = Z1ᵀ dZ2"),
    Wrong(check_train_step, train_step_bias_mean, "db-mean", "bias gradients as a mean on top of the 1/n"),
    Wrong(check_minibatches, batches_stride, "stride", "batches batch_size + 1 apart"),
    Wrong(check_minibatches, batches_from_one, "start-at-1", "the first batch starts at 1"),
    Wrong(check_shuffled_batches, pairs_by_columns, "columns", "X[:, idx] picks columns"),
    Wrong(check_shuffled_batches, pairs_two_generators, "two-generators", "X and y shuffled by two seeds"),
]

RIGHT = [
    Right(check_sigmoid_grad, lambda z: 0.25 / np.cosh(np.asarray(z, dtype=float) / 2) ** 2,
          "σ'(z) = ¼ sech²(z/2)"),
]

MISTAKES: dict = {}
