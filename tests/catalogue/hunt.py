"""Answers from a blind hunt: a reviewer who had not seen the Mistakes wrote them as a class of students would.

Each one passed wrongly, was rejected, or got a vague or misleading hint before the checks learned better.
"""

from __future__ import annotations

import numpy as np

import lecture_utils as lu
from lecture_utils.checks.activations import check_relu_grad, check_sigmoid, check_sigmoid_grad
from lecture_utils.checks.backprop import check_sigmoid_net_backward
from lecture_utils.checks.chain_rule import check_grad_z, check_matmul_backward
from lecture_utils.checks.linear import check_least_squares, check_predict
from lecture_utils.checks.mlp import check_count_params, check_forward
from lecture_utils.checks.softmax import check_one_hot, check_softmax, check_softmax_cross_entropy_grad
from lecture_utils.checks.training import check_minibatches, check_sgd_update, check_shuffled_batches
from lecture_utils.checks.vanishing import check_dead_fraction, check_sigmoid_bound

from . import Right, Wrong


def ls_ones_last_read_first(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    beta = np.linalg.solve(A.T @ A, A.T @ y)
    return beta[1:], beta[0]


def ls_ridge(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    beta = np.linalg.solve(A.T @ A + np.eye(A.shape[1]), A.T @ y)
    return beta[:-1], beta[-1]


def ls_y_column(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    beta = np.linalg.solve(A.T @ A, A.T @ np.asarray(y).reshape(-1, 1))
    return beta[:-1], beta[-1]


def softmax_of_minus(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(-(O - O.min(axis=-1, keepdims=True)))
    return E / E.sum(axis=-1, keepdims=True)


def one_hot_aliased_rows(labels, num_classes):
    rows = [[0] * num_classes] * len(labels)
    for i, label in enumerate(labels):
        rows[i][label] = 1
    return np.array(rows)


def grad_column_index(O, y):
    P = lu.softmax(np.asarray(O, dtype=float))
    P[:, np.asarray(y)] -= 1
    return P / len(P)


def grad_softmax_down_columns(O, y):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max(axis=0))
    return (E / E.sum(axis=0) - lu.one_hot(y, O.shape[1])) / len(O)


def sigmoid_mask_on_list(z):
    out = np.zeros(np.shape(z))
    positive = np.asarray(z) >= 0
    out[positive] = 1 / (1 + np.exp(-z[positive]))
    out[~positive] = np.exp(z[~positive]) / (1 + np.exp(z[~positive]))
    return out


def sigmoid_clipped(z):
    z = np.clip(np.asarray(z, dtype=float), -10, 10)
    return 1 / (1 + np.exp(-z))


def sigmoid_empty_like(z):
    z = np.asarray(z)
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1 / (1 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1 + e)
    return out


def sigmoid_grad_finite_difference(z):
    z, h = np.asarray(z, dtype=float), 0.1
    return (lu.sigmoid(z + h) - lu.sigmoid(z - h)) / (2 * h)


def forward_without_relu(X, params):
    H = X
    for l in range(1, len(params) // 2 + 1):
        H = H @ params[f"W{l}"] + params[f"b{l}"]
    return H


def sigmoid_net(X, Y, W1, b1, W2, b2):
    A1 = lu.sigmoid(np.asarray(X) @ W1 + b1)
    return A1, lu.sigmoid(A1 @ W2 + b2)


def sigmoid_net_no_transpose(X, Y, W1, b1, W2, b2):
    A1, A2 = sigmoid_net(X, Y, W1, b1, W2, b2)
    dZ2 = (A2 - Y) / len(X) * A2 * (1 - A2)
    dZ1 = (dZ2 @ W2) * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def sigmoid_net_keepdims(X, Y, W1, b1, W2, b2):
    A1, A2 = sigmoid_net(X, Y, W1, b1, W2, b2)
    dZ2 = (A2 - Y) / len(X) * A2 * (1 - A2)
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0, keepdims=True), A1.T @ dZ2, dZ2.sum(axis=0, keepdims=True)


def batches_one_too_long(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    return [order[i:i + batch_size + 1] for i in range(0, n, batch_size)]


def batches_split_into_batch_size(n, batch_size, seed):
    return np.array_split(np.random.default_rng(seed).permutation(n), batch_size)


def sgd_shallow_copy(params, grads, lr):
    new = dict(params)
    for name in new:
        new[name] -= lr * grads[name]
    return new


def sgd_zipped(params, grads, lr):
    return {k: p - lr * g for (k, p), g in zip(params.items(), grads.values())}


def pairs_as_two_lists(X, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    parts = [order[i:i + batch_size] for i in range(0, len(X), batch_size)]
    return [X[p] for p in parts], [y[p] for p in parts]


def pairs_by_zip(X, y, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    parts = np.array_split(order, range(batch_size, len(X), batch_size))
    return list(zip((X[p] for p in parts), (y[p] for p in parts)))


WRONG = [
    Wrong(check_predict, lambda X, W, b: X @ (W + b), "bias-in-w", "b added to W before the product"),
    Wrong(check_least_squares, ls_ones_last_read_first, "ones-first", "ones appended last, b read from the front"),
    Wrong(check_least_squares, ls_ridge, "ridge", "ridge regression from memory (+ I)"),
    Wrong(check_least_squares, ls_y_column, "shape:extra-axis", "y made a column, so w is (d, 1)"),
    Wrong(check_softmax, softmax_of_minus, "minus-o", "exp(−O): softmax of the negated logits"),
    Wrong(check_one_hot, one_hot_aliased_rows, "whole-column", "[[0] * k] * n repeats one row object"),
    Wrong(check_softmax_cross_entropy_grad, grad_column_index, "index-columns", "P[:, y] -= 1"),
    Wrong(check_softmax_cross_entropy_grad, grad_softmax_down_columns, "softmax-columns", "softmax over axis 0"),
    Wrong(check_sigmoid, sigmoid_mask_on_list, "exception:list", "a boolean mask applied to a Python list"),
    Wrong(check_sigmoid, sigmoid_clipped, "close", "z clipped to [−10, 10], then the naive formula"),
    Wrong(check_sigmoid, sigmoid_empty_like, "type:integer-result", "np.empty_like of an integer input"),
    Wrong(check_sigmoid_grad, lambda z: np.full(np.shape(z), 0.25), "constant", "0.25, the maximum, everywhere"),
    Wrong(check_sigmoid_grad, sigmoid_grad_finite_difference, "close", "a finite difference with h = 0.1"),
    Wrong(check_relu_grad, lambda z: np.clip(z, 0, 1), "clip", "np.clip(z, 0, 1)"),
    Wrong(check_forward, forward_without_relu, "no-relu", "no activation between the layers"),
    Wrong(check_count_params, lambda sizes: sum((a + 1) * (b + 1) for a, b in zip(sizes, sizes[1:])),
          "plus-one-both", "(d_in + 1)(d_out + 1)"),
    Wrong(check_grad_z, lambda x, y: (2 * (x * y + 1) * y, 2 * (x * y + 1) * y), "copy-paste",
          "dz/dy copied from dz/dx"),
    Wrong(check_matmul_backward, lambda dY, X, W: (dY @ W.T, np.outer(X.sum(0), dY.sum(0))), "product-of-sums",
          "dW as the outer product of two sums"),
    Wrong(check_sigmoid_net_backward, sigmoid_net_no_transpose, "no-transpose", "dZ2 @ W2 without the transpose"),
    Wrong(check_sigmoid_net_backward, sigmoid_net_keepdims, "shape:extra-axis", "bias sums with keepdims=True"),
    Wrong(check_sigmoid_bound, lambda L, w: (w // 4) ** (L - 1), "zero", "w // 4, an integer division"),
    Wrong(check_dead_fraction, lambda H: int((H == 0).all(axis=0).sum()) // H.shape[1], "type:integer-result",
          "count // d, an integer division"),
    Wrong(check_minibatches, batches_one_too_long, "slice-plus-one", "order[i:i + batch_size + 1]"),
    Wrong(check_minibatches, batches_split_into_batch_size, "split-into-batch-size", "np.array_split(order, bs)"),
    Wrong(check_sgd_update, sgd_shallow_copy, "mutated", "dict(params) copied, then -= on its arrays"),
    Wrong(check_sgd_update, sgd_zipped, "zip-order", "params and grads zipped by order"),
    Wrong(check_shuffled_batches, pairs_as_two_lists, "two-lists", "(all X batches, all y batches)"),
]

RIGHT = [
    Right(check_shuffled_batches, pairs_by_zip, "array_split at the batch starts, zipped into pairs"),
    Right(check_sgd_update, lambda p, g, lr: {k: p[k] - lr * g[k] for k in g}, "a dict built in grads' key order"),
]

MISTAKES: dict = {}
