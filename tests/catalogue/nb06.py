"""Notebook 06 (backprop): answers a student might write for check_two_layer_backward, check_output_bias_gradient,
check_gd_step."""

from __future__ import annotations

import copy

import numpy as np

import lecture_utils as lu
from lecture_utils.checks.backprop import (
    BIAS_MISTAKES,
    GD_MISTAKES,
    TWO_LAYER_MISTAKES,
    check_gd_step,
    check_output_bias_gradient,
    check_two_layer_backward,
)
from tests.catalogue import Right, Wrong

# --- exercise 1: the backward pass of a 2-layer network ------------------------------------------------------
# Every answer starts with the forward pass as the solution writes it; only the backward lines differ.


def forward(X, Y, W1, b1, W2, b2):
    X, Y, W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (X, Y, W1, b1, W2, b2))
    Z1 = X @ W1 + b1
    H = lu.relu(Z1)
    O = H @ W2 + b2
    return X, Y, W1, W2, Z1, H, O


def bw_transposed(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = (O - Y) / len(X)
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    return dZ1.T @ X, dZ1.sum(axis=0), dO.T @ H, dO.sum(axis=0)


def bw_dw2_transposed(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = (O - Y) / len(X)
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    return X.T @ dZ1, dZ1.sum(axis=0), dO.T @ H, dO.sum(axis=0)


def bw_no_relu_grad(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = (O - Y) / len(X)
    dZ1 = dO @ W2.T
    return X.T @ dZ1, dZ1.sum(axis=0), H.T @ dO, dO.sum(axis=0)


def bw_no_n(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = O - Y
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    return X.T @ dZ1, dZ1.sum(axis=0), H.T @ dO, dO.sum(axis=0)


def bw_target_minus_prediction(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = (Y - O) / len(X)
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    return X.T @ dZ1, dZ1.sum(axis=0), H.T @ dO, dO.sum(axis=0)


def bw_target_minus_prediction_no_n(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = Y - O
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    return X.T @ dZ1, dZ1.sum(axis=0), H.T @ dO, dO.sum(axis=0)


def bw_db_mean(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = (O - Y) / len(X)
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    return X.T @ dZ1, dZ1.mean(axis=0), H.T @ dO, dO.mean(axis=0)


def bw_db_unsummed(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = (O - Y) / len(X)
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    return X.T @ dZ1, dZ1, H.T @ dO, dO


def bw_db_keepdims(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = (O - Y) / len(X)
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    return X.T @ dZ1, dZ1.sum(axis=0, keepdims=True), H.T @ dO, dO.sum(axis=0, keepdims=True)


def bw_times_h(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = (O - Y) / len(X)
    dZ1 = (dO @ W2.T) * H
    return X.T @ dZ1, dZ1.sum(axis=0), H.T @ dO, dO.sum(axis=0)


def bw_mean_over_entries(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = (O - Y) / O.size
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    return X.T @ dZ1, dZ1.sum(axis=0), H.T @ dO, dO.sum(axis=0)


def bw_square_rule_without_half(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = 2 * (O - Y) / len(X)
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    return X.T @ dZ1, dZ1.sum(axis=0), H.T @ dO, dO.sum(axis=0)


def bw_layer_order(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = (O - Y) / len(X)
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    return H.T @ dO, dO.sum(axis=0), X.T @ dZ1, dZ1.sum(axis=0)


def bw_no_w2_transpose(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = (O - Y) / len(X)
    dZ1 = (dO @ W2) * lu.relu_grad(Z1)
    return X.T @ dZ1, dZ1.sum(axis=0), H.T @ dO, dO.sum(axis=0)


def bw_on_lists(X, Y, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    H = lu.relu(Z1)
    O = H @ W2 + b2
    dO = (O - Y) / len(X)
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    return X.T @ dZ1, dZ1.sum(axis=0), H.T @ dO, dO.sum(axis=0)


def bw_as_dict(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = (O - Y) / len(X)
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    return {"dW1": X.T @ dZ1, "db1": dZ1.sum(axis=0), "dW2": H.T @ dO, "db2": dO.sum(axis=0)}


def bw_mask_of_h(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    dO = (O - Y) / len(X)
    dZ1 = (dO @ W2.T) * lu.relu_grad(H)  # H > 0 exactly where Z1 > 0
    return X.T @ dZ1, dZ1.sum(axis=0), H.T @ dO, dO.sum(axis=0)


def bw_einsum_float32(*args):
    X, Y, W1, W2, Z1, H, O = (a.astype(np.float32) for a in forward(*args))
    dO = (O - Y) / np.float32(len(X))
    dZ1 = np.einsum("np,hp->nh", dO, W2) * (Z1 > 0)
    return np.einsum("nd,nh->dh", X, dZ1), dZ1.sum(0), np.einsum("nh,np->hp", H, dO), dO.sum(0)


def bw_one_row_at_a_time(*args):
    X, Y, W1, W2, Z1, H, O = forward(*args)
    grads = [np.zeros_like(W1), np.zeros(W1.shape[1]), np.zeros_like(W2), np.zeros(W2.shape[1])]
    for x, z1, h, o, y in zip(X, Z1, H, O, Y):
        do = (o - y) / len(X)
        dz1 = (W2 @ do) * (z1 > 0)
        for g, part in zip(grads, (np.outer(x, dz1), dz1, np.outer(h, do), do)):
            g += part
    return tuple(grads)


# --- exercise 3: one gradient-descent step ---------------------------------------------------------------------


def gd_in_place(W, dW, lr):
    W -= lr * dW
    return W


def gd_alias(W, dW, lr):
    W_new = W
    W_new -= lr * np.asarray(dW)
    return W_new


def gd_copy_no_return(W, dW, lr):
    W_new = np.array(W, dtype=float)
    W_new -= lr * np.asarray(dW)


def gd_loops(W, dW, lr):
    W, dW = np.asarray(W, dtype=float), np.asarray(dW, dtype=float)
    W_new = W.copy()
    for index in np.ndindex(W.shape):
        W_new[index] = W[index] - lr * dW[index]
    return W_new


def gd_deepcopy(W, dW, lr):
    W_new = copy.deepcopy(np.asarray(W, dtype=float))
    W_new -= lr * np.asarray(dW, dtype=float)
    return W_new


WRONG = [
    # check_two_layer_backward
    Wrong(check_two_layer_backward, bw_transposed, "transpose", "dW = dZᵀ A in both layers"),
    Wrong(check_two_layer_backward, bw_dw2_transposed, "transpose", "dW2 = dOᵀ H only"),
    Wrong(check_two_layer_backward, bw_no_relu_grad, "no-relu-grad", "dZ1 = dH, no relu'"),
    Wrong(check_two_layer_backward, bw_no_n, "no-n", "dO = O − Y"),
    Wrong(check_two_layer_backward, bw_target_minus_prediction, "sign", "dO = (Y − O) / n"),
    Wrong(check_two_layer_backward, bw_target_minus_prediction_no_n, "sign-no-n", "dO = Y − O"),
    Wrong(check_two_layer_backward, bw_db_mean, "db-mean", "db = dZ.mean(axis=0)"),
    Wrong(check_two_layer_backward, bw_db_unsummed, "db-unsummed", "db = dZ, not summed over the rows"),
    Wrong(check_two_layer_backward, bw_db_keepdims, "db-keepdims", "db summed with keepdims=True"),
    Wrong(check_two_layer_backward, bw_times_h, "times-h", "dZ1 = dH * H"),
    Wrong(check_two_layer_backward, bw_mean_over_entries, "over-size", "dO divided by n·p (O.size)"),
    Wrong(check_two_layer_backward, bw_square_rule_without_half, "factor:2", "dO = 2(O − Y)/n, the ½ forgotten"),
    Wrong(check_two_layer_backward, bw_layer_order, "order", "(dW2, db2, dW1, db1): the order of the backward pass"),
    Wrong(check_two_layer_backward, bw_no_w2_transpose, "exception:matmul", "dH = dO @ W2, no .T"),
    Wrong(check_two_layer_backward, bw_on_lists, "exception:list", "no np.asarray: @ on lists"),
    Wrong(check_two_layer_backward, bw_as_dict, "type:sequence", "a dict of gradients"),
    # check_output_bias_gradient
    Wrong(check_output_bias_gradient, lambda P, T: ((P - T) / len(P)).mean(axis=0), "mean", "mean of dY"),
    Wrong(check_output_bias_gradient, lambda P, T: (np.asarray(P) - T) / len(P), "not-summed", "dY itself"),
    Wrong(check_output_bias_gradient, lambda P, T: ((np.asarray(P) - T) / len(P)).sum(axis=1), "wrong-axis",
          "summed over axis=1"),
    Wrong(check_output_bias_gradient, lambda P, T: (np.asarray(P) - T).sum(axis=0), "no-n", "no 1/n"),
    Wrong(check_output_bias_gradient, lambda P, T: ((np.asarray(T) - P) / len(P)).sum(axis=0), "sign",
          "target minus prediction"),
    Wrong(check_output_bias_gradient, lambda P, T: np.sum(np.asarray(P) - T) / len(P), "sum-all", "np.sum of all"),
    Wrong(check_output_bias_gradient, lambda P, T: (np.asarray(P) - T).sum(axis=0) / np.shape(P)[1],
          "divided-by-p", "divided by p"),
    Wrong(check_output_bias_gradient, lambda P, T: (np.asarray(P) - T).sum(axis=0, keepdims=True) / len(P),
          "keepdims", "keepdims=True, shape (1, p)"),
    Wrong(check_output_bias_gradient, lambda P, T: np.mean(np.asarray(P) - T, axis=1), "mean-axis-1",
          "np.mean over axis=1"),
    Wrong(check_output_bias_gradient, lambda P, T: np.mean(np.asarray(P) - T), "shape:scalar", "np.mean of all"),
    Wrong(check_output_bias_gradient, lambda P, T: ((np.asarray(P) - T) / np.size(P)).sum(axis=0), "over-size",
          "divided by n·p"),
    Wrong(check_output_bias_gradient, lambda P, T: 2 * np.mean(np.asarray(P) - T, axis=0), "factor:2",
          "2(Ŷ − Y): the ½ of the loss forgotten"),
    Wrong(check_output_bias_gradient, lambda P, T: sum(P - T) / len(P), "exception:list", "P - T on the lists case"),
    # check_gd_step
    Wrong(check_gd_step, lambda W, dW, lr: np.asarray(W) + lr * np.asarray(dW), "plus", "W + lr·dW"),
    Wrong(check_gd_step, lambda W, dW, lr: np.asarray(W) - np.asarray(dW), "no-lr", "W − dW"),
    Wrong(check_gd_step, lambda W, dW, lr: np.add(W, dW), "plus-no-lr", "W + dW"),
    Wrong(check_gd_step, lambda W, dW, lr: np.asarray(W) - np.asarray(dW) / lr, "divided", "W − dW / lr"),
    Wrong(check_gd_step, lambda W, dW, lr: lr * np.asarray(dW), "step-only", "the step alone"),
    Wrong(check_gd_step, lambda W, dW, lr: lr * (np.asarray(W) - dW), "lr-times-all", "lr·(W − dW)"),
    Wrong(check_gd_step, lambda W, dW, lr: lr * np.asarray(dW) - W, "reversed", "lr·dW − W"),
    Wrong(check_gd_step, gd_in_place, "mutated", "W -= lr * dW"),
    Wrong(check_gd_step, gd_copy_no_return, "none-returned", "a copy updated, no return"),
    Wrong(check_gd_step, lambda W, dW, lr: np.asarray(W) - lr * dW, "lists", "lr * dW on the lists case"),
    Wrong(check_gd_step, gd_alias, "mutated", "W_new = W is no copy: -= changes W"),
]

RIGHT = [
    # check_two_layer_backward
    Right(check_two_layer_backward, bw_mask_of_h, "relu_grad(H) for relu_grad(Z1)"),
    Right(check_two_layer_backward, bw_einsum_float32, "einsum in float32, mask Z1 > 0"),
    Right(check_two_layer_backward, bw_one_row_at_a_time, "one example at a time, outer products"),
    # check_output_bias_gradient
    Right(check_output_bias_gradient, lambda P, T: np.mean(np.asarray(P) - np.asarray(T), axis=0), "np.mean over rows"),
    Right(check_output_bias_gradient, lambda P, T: np.ones(len(P)) @ (np.asarray(P) - T) / len(P), "1ᵀ dY"),
    Right(check_output_bias_gradient, lambda P, T: [sum(col) / len(P) for col in zip(*(np.asarray(P) - T))],
          "a list, column by column"),
    Right(check_output_bias_gradient,
          lambda P, T: np.einsum("np->p", np.asarray(P, np.float32) - np.asarray(T, np.float32)) / len(P),
          "einsum in float32"),
    # check_gd_step
    Right(check_gd_step, lambda W, dW, lr: np.subtract(W, np.multiply(lr, dW)), "np.subtract, np.multiply"),
    Right(check_gd_step, gd_loops, "a loop over np.ndindex"),
    Right(check_gd_step, gd_deepcopy, "copy.deepcopy, then -= on the copy"),
    Right(check_gd_step, lambda W, dW, lr: np.asarray(W, np.float32) - np.float32(lr) * np.asarray(dW, np.float32),
          "float32"),
    Right(check_gd_step, lambda W, dW, lr: (np.asarray(W) - lr * np.asarray(dW)).tolist(), "a list"),
]

MISTAKES = {check_two_layer_backward: TWO_LAYER_MISTAKES, check_output_bias_gradient: BIAS_MISTAKES,
            check_gd_step: GD_MISTAKES}
