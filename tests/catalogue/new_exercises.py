"""Catalogue for the four exercises that meet an error that matters.

05 ``check_backward_pass``: accumulate with +=, never assign.
06 ``check_sigmoid_net_backward``: the sigmoid factor H(1 − H) on the right H.
06 ``check_train_step``: every gradient from the old weights, W2 updated last.
08 ``check_shuffled_batches``: one permutation for X and y together.

Every answer below is written the way a student would write it, not taken from the checks.
"""

from __future__ import annotations

import numpy as np

import lecture_utils as lu
from lecture_utils.checks.backprop import (
    SIGMOID_NET_MISTAKES,
    TRAIN_STEP_MISTAKES,
    check_sigmoid_net_backward,
    check_train_step,
)
from lecture_utils.checks.chain_rule import BACKWARD_MISTAKES, check_backward_pass
from lecture_utils.checks.training import PAIR_MISTAKES, check_shuffled_batches

from . import Right, Wrong

# ============================================================================ 05: backward_pass(out)


def bp_right(out):
    order = out.topological_order()
    for v in order:
        v.grad = 0.0
    out.grad = 1.0
    for v in reversed(order):
        for child, local in zip(v._prev, v._local):
            child.grad += local * v.grad


def bp_slicing_and_plus(out):
    order = out.topological_order()
    for node in order:
        node.grad = 0
    out.grad = 1
    for node in order[::-1]:
        for i in range(len(node._prev)):
            node._prev[i].grad = node._prev[i].grad + node._local[i] * node.grad


def bp_dict_of_gradients(out):
    # collect the gradients in a dict first, write them into the nodes at the end
    order = out.topological_order()
    grads = {id(v): 0.0 for v in order}
    grads[id(out)] = 1.0
    for v in reversed(order):
        for child, local in zip(v._prev, v._local):
            grads[id(child)] += local * grads[id(v)]
    for v in order:
        v.grad = grads[id(v)]


def bp_own_topological_sort(out):
    order, seen = [], set()

    def build(v):
        if id(v) in seen:
            return
        seen.add(id(v))
        for child in v._prev:
            build(child)
        order.append(v)

    build(out)
    for v in order:
        v.grad = 0.0
    out.grad = 1.0
    for v in reversed(order):
        for child, local in zip(v._prev, v._local):
            child.grad += local * v.grad


def bp_assign(out):
    order = out.topological_order()
    for v in order:
        v.grad = 0.0
    out.grad = 1.0
    for v in reversed(order):
        for child, local in zip(v._prev, v._local):
            child.grad = local * v.grad


def bp_assign_no_reset(out):
    out.grad = 1.0
    for v in reversed(out.topological_order()):
        for child, local in zip(v._prev, v._local):
            child.grad = v.grad * local


def bp_no_reset(out):
    out.grad = 1.0
    for v in reversed(out.topological_order()):
        for child, local in zip(v._prev, v._local):
            child.grad += local * v.grad


def bp_reset_only_the_output(out):
    out.grad = 0.0
    out.grad = 1.0
    for v in reversed(out.topological_order()):
        for child, local in zip(v._prev, v._local):
            child.grad += local * v.grad


def bp_no_seed(out):
    order = out.topological_order()
    for v in order:
        v.grad = 0.0
    for v in reversed(order):
        for child, local in zip(v._prev, v._local):
            child.grad += local * v.grad


def bp_seed_before_reset(out):
    out.grad = 1.0
    order = out.topological_order()
    for v in order:
        v.grad = 0.0
    for v in reversed(order):
        for child, local in zip(v._prev, v._local):
            child.grad += local * v.grad


def bp_forward_order(out):
    order = out.topological_order()
    for v in order:
        v.grad = 0.0
    out.grad = 1.0
    for v in order:
        for child, local in zip(v._prev, v._local):
            child.grad += local * v.grad


def bp_times_child_grad(out):
    order = out.topological_order()
    for v in order:
        v.grad = 0.0
    out.grad = 1.0
    for v in reversed(order):
        for child, local in zip(v._prev, v._local):
            child.grad += local * child.grad


def bp_swapped_locals(out):
    order = out.topological_order()
    for v in order:
        v.grad = 0.0
    out.grad = 1.0
    for v in reversed(order):
        for child, local in zip(v._prev, v._local[::-1]):
            child.grad += local * v.grad


def bp_forgot_local(out):
    order = out.topological_order()
    for v in order:
        v.grad = 0.0
    out.grad = 1.0
    for v in reversed(order):
        for child in v._prev:
            child.grad += v.grad


def bp_times_out_grad(out):
    order = out.topological_order()
    for v in order:
        v.grad = 0.0
    out.grad = 1.0
    for v in reversed(order):
        for child, local in zip(v._prev, v._local):
            child.grad += local * out.grad


def bp_recursive(out):
    for v in out.topological_order():
        v.grad = 0.0
    out.grad = 1.0

    def go(node):
        for child, local in zip(node._prev, node._local):
            child.grad += local * node.grad
            go(child)

    go(out)


def bp_does_nothing(out):
    return out.grad


# ============================================================================ 06: sigmoid_net_backward


def sig_forward(X, W1, b1, W2, b2):
    A1 = lu.sigmoid(X @ W1 + b1)
    return A1, lu.sigmoid(A1 @ W2 + b2)


def sig_right(X, Y, W1, b1, W2, b2):
    A1, A2 = sig_forward(X, W1, b1, W2, b2)
    dZ2 = (A2 - Y) / len(X) * A2 * (1 - A2)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def sig_with_sigmoid_grad_of_z(X, Y, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = lu.sigmoid(Z1)
    Z2 = A1 @ W2 + b2
    A2 = lu.sigmoid(Z2)
    dZ2 = lu.half_mse_grad(A2, Y) * lu.sigmoid_grad(Z2)
    dZ1 = (dZ2 @ W2.T) * lu.sigmoid_grad(Z1)
    return [X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)]


def sig_float32_einsum(X, Y, W1, b1, W2, b2):
    X, Y, W1, b1, W2, b2 = (np.asarray(a, dtype=np.float32) for a in (X, Y, W1, b1, W2, b2))
    A1 = 1 / (1 + np.exp(-(X @ W1 + b1)))
    A2 = 1 / (1 + np.exp(-(A1 @ W2 + b2)))
    dZ2 = np.float32(1 / len(X)) * (A2 - Y) * A2 * (1 - A2)
    dZ1 = np.einsum("nk,jk->nj", dZ2, W2) * A1 * (1 - A1)
    return np.einsum("ni,nj->ij", X, dZ1), dZ1.sum(0), np.einsum("ni,nj->ij", A1, dZ2), dZ2.sum(0)


def sig_column_convention(X, Y, W1, b1, W2, b2):
    # handout B's way: one example per column, then transpose back to the row convention
    A0 = X.T
    A1 = lu.sigmoid(W1.T @ A0 + b1[:, None])
    A2 = lu.sigmoid(W2.T @ A1 + b2[:, None])
    dZ2 = (A2 - Y.T) / X.shape[0] * A2 * (1 - A2)
    dZ1 = (W2 @ dZ2) * A1 * (1 - A1)
    return (dZ1 @ A0.T).T, dZ1.sum(axis=1), (dZ2 @ A1.T).T, dZ2.sum(axis=1)


def sig_a1_in_output_layer(X, Y, W1, b1, W2, b2):
    A1, A2 = sig_forward(X, W1, b1, W2, b2)
    dZ2 = (A2 - Y) / len(X) * A1 * (1 - A1)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def sig_a2_in_hidden_layer(X, Y, W1, b1, W2, b2):
    A1, A2 = sig_forward(X, W1, b1, W2, b2)
    g2 = A2 * (1 - A2)
    dZ2 = (A2 - Y) / len(X) * g2
    dZ1 = dZ2 @ W2.T * g2  # reused the output layer's factor
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def sig_factors_swapped(X, Y, W1, b1, W2, b2):
    A1, A2 = sig_forward(X, W1, b1, W2, b2)
    dZ2 = (A2 - Y) / len(X) * (A1 * (1 - A1))
    dZ1 = (dZ2 @ W2.T) * (A2 * (1 - A2))
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def sig_z_for_a(X, Y, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    A1 = lu.sigmoid(Z1)
    Z2 = A1 @ W2 + b2
    A2 = lu.sigmoid(Z2)
    dZ2 = (A2 - Y) / len(X) * Z2 * (1 - Z2)
    dZ1 = dZ2 @ W2.T * Z1 * (1 - Z1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def sig_sigmoid_grad_of_a(X, Y, W1, b1, W2, b2):
    A1, A2 = sig_forward(X, W1, b1, W2, b2)
    dZ2 = (A2 - Y) / len(X) * lu.sigmoid_grad(A2)
    dZ1 = dZ2 @ W2.T * lu.sigmoid_grad(A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def sig_no_factor(X, Y, W1, b1, W2, b2):
    A1, A2 = sig_forward(X, W1, b1, W2, b2)
    dZ2 = (A2 - Y) / len(X)
    dZ1 = dZ2 @ W2.T
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def sig_linear_output_habit(X, Y, W1, b1, W2, b2):
    A1, A2 = sig_forward(X, W1, b1, W2, b2)
    dZ2 = (A2 - Y) / len(X)  # as for a linear output layer
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def sig_no_hidden_factor(X, Y, W1, b1, W2, b2):
    A1, A2 = sig_forward(X, W1, b1, W2, b2)
    dZ2 = (A2 - Y) / len(X) * A2 * (1 - A2)
    dZ1 = dZ2 @ W2.T
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def sig_target_minus_prediction(X, Y, W1, b1, W2, b2):
    A1, A2 = sig_forward(X, W1, b1, W2, b2)
    e = (Y - A2) / len(X)  # handout B's first slide
    dZ2 = e * A2 * (1 - A2)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def sig_db_not_summed(X, Y, W1, b1, W2, b2):
    A1, A2 = sig_forward(X, W1, b1, W2, b2)
    dZ2 = (A2 - Y) / len(X) * A2 * (1 - A2)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, dZ1, A1.T @ dZ2, dZ2


def sig_no_n(X, Y, W1, b1, W2, b2):
    A1, A2 = sig_forward(X, W1, b1, W2, b2)
    dZ2 = (A2 - Y) * A2 * (1 - A2)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def sig_db_mean(X, Y, W1, b1, W2, b2):
    A1, A2 = sig_forward(X, W1, b1, W2, b2)
    dZ2 = (A2 - Y) / len(X) * A2 * (1 - A2)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.mean(axis=0), A1.T @ dZ2, dZ2.mean(axis=0)


def sig_dw2_transposed(X, Y, W1, b1, W2, b2):
    A1, A2 = sig_forward(X, W1, b1, W2, b2)
    dZ2 = (A2 - Y) / len(X) * A2 * (1 - A2)
    dZ1 = dZ2 @ W2.T * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), dZ2.T @ A1, dZ2.sum(axis=0)


# ============================================================================ 06: train_step


def ts_grads(X, Y, W1, b1, W2, b2):
    Z1 = X @ W1 + b1
    H = np.maximum(Z1, 0)
    dO = (H @ W2 + b2 - Y) / len(X)
    dZ1 = dO @ W2.T * (Z1 > 0)
    return X.T @ dZ1, dZ1.sum(axis=0), H.T @ dO, dO.sum(axis=0)


def ts_right(X, Y, params, lr):
    dW1, db1, dW2, db2 = ts_grads(X, Y, params["W1"], params["b1"], params["W2"], params["b2"])
    grads = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
    return {name: params[name] - lr * grads[name] for name in params}


def ts_with_lu(X, Y, params, lr):
    Z1 = lu.linear(X, params["W1"], params["b1"])
    H = lu.relu(Z1)
    O = lu.linear(H, params["W2"], params["b2"])
    dH, dW2, db2 = lu.linear_backward(lu.half_mse_grad(O, Y), H, params["W2"])
    _, dW1, db1 = lu.linear_backward(dH * lu.relu_grad(Z1), X, params["W1"])
    steps = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
    return {k: params[k] - lr * steps[k] for k in ("W1", "b1", "W2", "b2")}


def ts_with_mlp(X, Y, params, lr):
    d, h = params["W1"].shape
    net = lu.MLP([d, h, params["W2"].shape[1]], activation="relu")
    net.params = {k: v.copy() for k, v in params.items()}
    _, grads = net.loss_and_grads(X, Y, loss="half_mse")
    return {k: params[k] - lr * grads[k] for k in params}


def ts_float32(X, Y, params, lr):
    p = {k: np.asarray(v, dtype=np.float32) for k, v in params.items()}
    X, Y = X.astype(np.float32), Y.astype(np.float32)
    dW1, db1, dW2, db2 = ts_grads(X, Y, p["W1"], p["b1"], p["W2"], p["b2"])
    lr = np.float32(lr)
    return {"W1": p["W1"] - lr * dW1, "b1": p["b1"] - lr * db1, "W2": p["W2"] - lr * dW2, "b2": p["b2"] - lr * db2}


def ts_w1_updated_first_is_fine(X, Y, params, lr):
    # W1 is not needed once dZ1 exists, so updating it before W2 is safe
    W1, b1, W2, b2 = (params[k].copy() for k in ("W1", "b1", "W2", "b2"))
    Z1 = X @ W1 + b1
    H = lu.relu(Z1)
    dO = (H @ W2 + b2 - Y) / len(X)
    dZ1 = (dO @ W2.T) * lu.relu_grad(Z1)
    W1 = W1 - lr * (X.T @ dZ1)
    b1 = b1 - lr * dZ1.sum(axis=0)
    W2 = W2 - lr * (H.T @ dO)
    b2 = b2 - lr * dO.sum(axis=0)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def ts_w2_first(X, Y, params, lr):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    Z1 = X @ W1 + b1
    H = lu.relu(Z1)
    dO = (H @ W2 + b2 - Y) / len(X)
    W2_new = W2 - lr * (H.T @ dO)  # handout B: update W2 ...
    b2_new = b2 - lr * dO.sum(axis=0)
    dZ1 = (dO @ W2_new.T) * lu.relu_grad(Z1)  # ... then go on to W1 with the new W2
    return {"W1": W1 - lr * (X.T @ dZ1), "b1": b1 - lr * dZ1.sum(axis=0), "W2": W2_new, "b2": b2_new}


def ts_w2_first_on_copies(X, Y, params, lr):
    new = {k: v.copy() for k, v in params.items()}
    Z1 = X @ new["W1"] + new["b1"]
    H = lu.relu(Z1)
    dO = (H @ new["W2"] + new["b2"] - Y) / len(X)
    new["W2"] -= lr * (H.T @ dO)
    new["b2"] -= lr * dO.sum(axis=0)
    dZ1 = (dO @ new["W2"].T) * lu.relu_grad(Z1)
    new["W1"] -= lr * (X.T @ dZ1)
    new["b1"] -= lr * dZ1.sum(axis=0)
    return new


def ts_w2_first_in_place(X, Y, params, lr):
    Z1 = X @ params["W1"] + params["b1"]
    H = lu.relu(Z1)
    dO = (H @ params["W2"] + params["b2"] - Y) / len(X)
    params["W2"] -= lr * (H.T @ dO)
    params["b2"] -= lr * dO.sum(axis=0)
    dZ1 = (dO @ params["W2"].T) * lu.relu_grad(Z1)
    params["W1"] -= lr * (X.T @ dZ1)
    params["b1"] -= lr * dZ1.sum(axis=0)
    return params


def ts_right_order_in_place(X, Y, params, lr):
    grads = ts_grads(X, Y, params["W1"], params["b1"], params["W2"], params["b2"])
    for name, g in zip(("W1", "b1", "W2", "b2"), grads):
        params[name] -= lr * g
    return params


def ts_shallow_copy(X, Y, params, lr):
    new = params.copy()  # a new dict, but the same arrays
    grads = ts_grads(X, Y, params["W1"], params["b1"], params["W2"], params["b2"])
    for name, g in zip(("W1", "b1", "W2", "b2"), grads):
        new[name] -= lr * g
    return new


def ts_plus(X, Y, params, lr):
    grads = dict(zip(("W1", "b1", "W2", "b2"), ts_grads(X, Y, *(params[k] for k in ("W1", "b1", "W2", "b2")))))
    return {k: params[k] + lr * grads[k] for k in params}


def ts_no_lr(X, Y, params, lr):
    grads = dict(zip(("W1", "b1", "W2", "b2"), ts_grads(X, Y, *(params[k] for k in ("W1", "b1", "W2", "b2")))))
    return {k: params[k] - grads[k] for k in params}


def ts_weights_only(X, Y, params, lr):
    dW1, _, dW2, _ = ts_grads(X, Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return {"W1": params["W1"] - lr * dW1, "b1": params["b1"], "W2": params["W2"] - lr * dW2, "b2": params["b2"]}


def ts_no_n(X, Y, params, lr):
    W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
    Z1 = X @ W1 + b1
    H = lu.relu(Z1)
    dO = H @ W2 + b2 - Y
    dZ1 = dO @ W2.T * lu.relu_grad(Z1)
    return {"W1": W1 - lr * X.T @ dZ1, "b1": b1 - lr * dZ1.sum(axis=0), "W2": W2 - lr * H.T @ dO,
            "b2": b2 - lr * dO.sum(axis=0)}


def ts_no_relu_grad(X, Y, params, lr):
    W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
    H = lu.relu(X @ W1 + b1)
    dO = (H @ W2 + b2 - Y) / len(X)
    dZ1 = dO @ W2.T
    return {"W1": W1 - lr * X.T @ dZ1, "b1": b1 - lr * dZ1.sum(axis=0), "W2": W2 - lr * H.T @ dO,
            "b2": b2 - lr * dO.sum(axis=0)}


def ts_returns_gradients(X, Y, params, lr):
    dW1, db1, dW2, db2 = ts_grads(X, Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def ts_returns_a_tuple(X, Y, params, lr):
    new = ts_right(X, Y, params, lr)
    return new["W1"], new["b1"], new["W2"], new["b2"]


def ts_gradient_keys(X, Y, params, lr):
    dW1, db1, dW2, db2 = ts_grads(X, Y, params["W1"], params["b1"], params["W2"], params["b2"])
    return {"dW1": params["W1"] - lr * dW1, "db1": params["b1"] - lr * db1,
            "dW2": params["W2"] - lr * dW2, "db2": params["b2"] - lr * db2}


# ============================================================================ 08: shuffled_batches


def sb_right(X, y, batch_size, seed):
    idx = np.random.default_rng(seed).permutation(len(X))
    return [(X[idx[i:i + batch_size]], y[idx[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def sb_lists(X, y, batch_size, seed):
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(X))
    Xs, ys = X[order].tolist(), y[order].tolist()
    return [[Xs[i:i + batch_size], ys[i:i + batch_size]] for i in range(0, len(Xs), batch_size)]


def sb_take_and_while(X, y, batch_size, seed):
    perm = np.random.default_rng(seed).permutation(X.shape[0])
    batches, start = [], 0
    while start < len(perm):
        idx = perm[start:start + batch_size]
        batches.append((np.take(X, idx, axis=0), np.take(y, idx)))
        start += batch_size
    return batches


def sb_with_lu_minibatches(X, y, batch_size, seed):
    from lecture_utils.training import minibatches

    return [(X[idx], y[idx]) for idx in minibatches(len(X), batch_size, rng=seed)]


def sb_x_only(X, y, batch_size, seed):
    idx = np.random.default_rng(seed).permutation(len(X))
    X_shuffled = X[idx]
    return [(X_shuffled[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def sb_y_only(X, y, batch_size, seed):
    idx = np.random.default_rng(seed).permutation(len(y))
    y_shuffled = y[idx]
    return [(X[i:i + batch_size], y_shuffled[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def sb_two_permutations(X, y, batch_size, seed):
    rng = np.random.default_rng(seed)
    Xs = X[rng.permutation(len(X))]
    ys = y[rng.permutation(len(y))]
    return [(Xs[i:i + batch_size], ys[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def sb_shuffle_each_copy(X, y, batch_size, seed):
    rng = np.random.default_rng(seed)
    Xs, ys = X.copy(), y.copy()
    rng.shuffle(Xs)
    rng.shuffle(ys)
    return [(Xs[i:i + batch_size], ys[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def sb_shuffle_in_place(X, y, batch_size, seed):
    rng = np.random.default_rng(seed)
    rng.shuffle(X)
    rng.shuffle(y)
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def sb_not_shuffled(X, y, batch_size, seed):
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]


def sb_drop_last(X, y, batch_size, seed):
    idx = np.random.default_rng(seed).permutation(len(X))
    batches = []
    for k in range(len(X) // batch_size):
        part = idx[k * batch_size:(k + 1) * batch_size]
        batches.append((X[part], y[part]))
    return batches


def sb_pairs_swapped(X, y, batch_size, seed):
    idx = np.random.default_rng(seed).permutation(len(X))
    return [(y[idx[i:i + batch_size]], X[idx[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def sb_legacy_seed(X, y, batch_size, seed):
    np.random.seed(seed)  # noqa: NPY002 - the mistake being catalogued
    idx = np.random.permutation(len(X))  # noqa: NPY002
    return [(X[idx[i:i + batch_size]], y[idx[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def sb_integers(X, y, batch_size, seed):
    idx = np.random.default_rng(seed).integers(0, len(X), size=len(X))
    return [(X[idx[i:i + batch_size]], y[idx[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def sb_choice(X, y, batch_size, seed):
    idx = np.random.default_rng(seed).choice(len(X), size=len(X))
    return [(X[idx[i:i + batch_size]], y[idx[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


def sb_indices_only(X, y, batch_size, seed):
    idx = np.random.default_rng(seed).permutation(len(X))
    return [idx[i:i + batch_size] for i in range(0, len(X), batch_size)]


def sb_nothing_returned(X, y, batch_size, seed):
    idx = np.random.default_rng(seed).permutation(len(X))
    [(X[idx[i:i + batch_size]], y[idx[i:i + batch_size]]) for i in range(0, len(X), batch_size)]


# ============================================================================ the tables

WRONG = [
    # 05: backward_pass
    Wrong(check_backward_pass, bp_assign, "assign", "child.grad = … instead of +="),
    Wrong(check_backward_pass, bp_assign_no_reset, "assign", "= instead of += and no reset"),
    Wrong(check_backward_pass, bp_no_reset, "no-reset", "no reset: a second call adds on"),
    Wrong(check_backward_pass, bp_reset_only_the_output, "no-reset", "only out.grad reset"),
    Wrong(check_backward_pass, bp_no_seed, "no-seed", "out.grad = 1 forgotten"),
    Wrong(check_backward_pass, bp_seed_before_reset, "no-seed", "the seed set before the reset"),
    Wrong(check_backward_pass, bp_does_nothing, "no-seed", "returns out.grad and fills nothing"),
    Wrong(check_backward_pass, bp_forward_order, "forward-order", "topological order, not reversed"),
    Wrong(check_backward_pass, bp_times_child_grad, "child-grad", "local * child.grad"),
    Wrong(check_backward_pass, bp_swapped_locals, "swapped-locals", "each input paired with the other's local"),
    Wrong(check_backward_pass, bp_forgot_local, "no-local", "child.grad += v.grad"),
    Wrong(check_backward_pass, bp_times_out_grad, "out-grad", "local * out.grad"),
    Wrong(check_backward_pass, bp_recursive, "recursive", "a recursive walk without the topological order"),
    # 06: sigmoid_net_backward
    Wrong(check_sigmoid_net_backward, sig_a1_in_output_layer, "a1-in-layer-2", "dZ2 with A1(1 − A1)"),
    Wrong(check_sigmoid_net_backward, sig_a2_in_hidden_layer, "a2-in-layer-1", "dZ1 reuses A2(1 − A2)"),
    Wrong(check_sigmoid_net_backward, sig_factors_swapped, "factors-swapped", "both factors on the wrong H"),
    Wrong(check_sigmoid_net_backward, sig_z_for_a, "z-for-a", "Z(1 − Z)"),
    Wrong(check_sigmoid_net_backward, sig_sigmoid_grad_of_a, "sigmoid-grad-of-a", "lu.sigmoid_grad(A)"),
    Wrong(check_sigmoid_net_backward, sig_no_factor, "no-factor", "no sigmoid factor at all"),
    Wrong(check_sigmoid_net_backward, sig_linear_output_habit, "no-output-factor", "dZ2 = (A2 − Y)/n"),
    Wrong(check_sigmoid_net_backward, sig_no_hidden_factor, "no-hidden-factor", "dZ1 = dZ2 W2ᵀ"),
    Wrong(check_sigmoid_net_backward, sig_target_minus_prediction, "sign", "handout B's Y − A2"),
    Wrong(check_sigmoid_net_backward, sig_db_not_summed, "db-unsummed", "db = dZ"),
    Wrong(check_sigmoid_net_backward, sig_no_n, "no-n", "no 1/n"),
    Wrong(check_sigmoid_net_backward, sig_db_mean, "factor:n", "db as a mean over the rows"),
    Wrong(check_sigmoid_net_backward, sig_dw2_transposed, "transpose", "dW2 = dZ2ᵀ A1"),
    # 06: train_step
    Wrong(check_train_step, ts_w2_first, "w2-updated-first", "dZ1 from the new W2"),
    Wrong(check_train_step, ts_w2_first_on_copies, "w2-updated-first", "the new W2 on copies, updated in order"),
    Wrong(check_train_step, ts_w2_first_in_place, "mutated", "W2 updated in place, then used"),
    Wrong(check_train_step, ts_right_order_in_place, "mutated", "right numbers, params changed in place"),
    Wrong(check_train_step, ts_shallow_copy, "mutated", "params.copy() shares the arrays"),
    Wrong(check_train_step, ts_plus, "sign", "+ lr · grad"),
    Wrong(check_train_step, ts_no_lr, "no-lr", "W − grad"),
    Wrong(check_train_step, ts_weights_only, "biases-not-updated", "b1, b2 unchanged"),
    Wrong(check_train_step, ts_no_n, "no-n", "dO = O − Y"),
    Wrong(check_train_step, ts_no_relu_grad, "no-relu-grad", "dZ1 = dO W2ᵀ"),
    Wrong(check_train_step, ts_returns_gradients, "grads-returned", "the gradients, not the new parameters"),
    Wrong(check_train_step, ts_returns_a_tuple, "type:dict", "a tuple instead of a dict"),
    Wrong(check_train_step, ts_gradient_keys, "keys", "keys dW1 … instead of W1 …"),
    # 08: shuffled_batches
    Wrong(check_shuffled_batches, sb_x_only, "x-only", "X shuffled, y not"),
    Wrong(check_shuffled_batches, sb_y_only, "y-only", "y shuffled, X not"),
    Wrong(check_shuffled_batches, sb_two_permutations, "two-permutations", "rng.permutation called twice"),
    Wrong(check_shuffled_batches, sb_shuffle_each_copy, "two-permutations", "rng.shuffle on X, then on y"),
    Wrong(check_shuffled_batches, sb_shuffle_in_place, "mutated", "rng.shuffle on the inputs themselves"),
    Wrong(check_shuffled_batches, sb_not_shuffled, "not-shuffled", "no shuffle"),
    Wrong(check_shuffled_batches, sb_drop_last, "drop-last", "n // batch_size batches"),
    Wrong(check_shuffled_batches, sb_pairs_swapped, "pairs-swapped", "(y_batch, X_batch)"),
    Wrong(check_shuffled_batches, sb_legacy_seed, "legacy-rng", "np.random.seed + np.random.permutation"),
    Wrong(check_shuffled_batches, sb_integers, "with-replacement", "rng.integers"),
    Wrong(check_shuffled_batches, sb_choice, "with-replacement", "rng.choice"),
    Wrong(check_shuffled_batches, sb_indices_only, "indices-only", "the index arrays of exercise 1"),
    Wrong(check_shuffled_batches, sb_nothing_returned, "none-returned", "no return statement"),
]

RIGHT = [
    Right(check_backward_pass, bp_right, "the loop of Value.backward"),
    Right(check_backward_pass, bp_slicing_and_plus, "order[::-1], indices and x = x + …"),
    Right(check_backward_pass, bp_dict_of_gradients, "a dict of gradients, written at the end"),
    Right(check_backward_pass, bp_own_topological_sort, "its own recursive topological sort"),
    Right(check_sigmoid_net_backward, sig_right, "A(1 − A) in each layer"),
    Right(check_sigmoid_net_backward, sig_with_sigmoid_grad_of_z, "lu.sigmoid_grad(Z), a list returned"),
    Right(check_sigmoid_net_backward, sig_float32_einsum, "float32 and einsum"),
    Right(check_sigmoid_net_backward, sig_column_convention, "handout B's column convention, transposed back"),
    Right(check_train_step, ts_right, "all gradients, then a new dict"),
    Right(check_train_step, ts_with_lu, "lu.linear_backward"),
    Right(check_train_step, ts_with_mlp, "lu.MLP.loss_and_grads"),
    Right(check_train_step, ts_float32, "float32"),
    Right(check_train_step, ts_w1_updated_first_is_fine, "W1 updated first (it is not used again)"),
    Right(check_shuffled_batches, sb_right, "one permutation, fancy indexing"),
    Right(check_shuffled_batches, sb_lists, "lists of lists"),
    Right(check_shuffled_batches, sb_take_and_while, "np.take in a while loop"),
    Right(check_shuffled_batches, sb_with_lu_minibatches, "lecture_utils.training.minibatches"),
]

MISTAKES = {
    check_backward_pass: BACKWARD_MISTAKES,
    check_sigmoid_net_backward: SIGMOID_NET_MISTAKES,
    check_train_step: TRAIN_STEP_MISTAKES,
    check_shuffled_batches: PAIR_MISTAKES,
}
