"""Notebook 08 (training): answers a student might write for check_minibatches and check_sgd_update."""

from __future__ import annotations

import copy
import math

import numpy as np

from lecture_utils.checks.training import BATCH_MISTAKES, UPDATE_MISTAKES, check_minibatches, check_sgd_update
from tests.catalogue import Right, Wrong

# --- exercise 1: the minibatches of one epoch -------------------------------------------------------------------


def mb_not_shuffled(n, batch_size, seed):
    order = np.arange(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def mb_drop_last(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    return [order[k * batch_size:(k + 1) * batch_size] for k in range(n // batch_size)]


def mb_integers(n, batch_size, seed):
    order = np.random.default_rng(seed).integers(0, n, size=n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def mb_choice(n, batch_size, seed):
    order = np.random.default_rng(seed).choice(n, size=n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def mb_permutation_per_batch(n, batch_size, seed):
    rng = np.random.default_rng(seed)
    return [rng.permutation(n)[i:i + batch_size] for i in range(0, n, batch_size)]


def mb_legacy_seed(n, batch_size, seed):
    np.random.seed(seed)  # noqa: NPY002 - the legacy global generator
    order = np.random.permutation(n)  # noqa: NPY002
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def mb_step_one(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    return [order[i:i + batch_size] for i in range(n)]


def mb_one_short(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    return [order[i:i + batch_size - 1] for i in range(0, n, batch_size)]


def mb_global_permutation(n, batch_size, seed):
    order = np.random.permutation(n)  # noqa: NPY002 - the seed is ignored
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def mb_unseeded_generator(n, batch_size, seed):
    order = np.random.default_rng().permutation(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def mb_fixed_seed(n, batch_size, seed):
    order = np.random.default_rng(42).permutation(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def mb_array_split(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    return np.array_split(order, math.ceil(n / batch_size))


def mb_not_cut(n, batch_size, seed):
    return np.random.default_rng(seed).permutation(n)


def mb_reshape(n, batch_size, seed):
    return list(np.random.default_rng(seed).permutation(n).reshape(-1, batch_size))


def mb_no_return(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    batches = [order[i:i + batch_size] for i in range(0, n, batch_size)]  # noqa: F841


def mb_float_indices(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n) / 1
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def mb_generator(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


def mb_shuffle(n, batch_size, seed):
    order = np.arange(n)
    np.random.default_rng(seed).shuffle(order)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def mb_lists(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n).tolist()
    batches = []
    while order:
        batches.append(order[:batch_size])
        order = order[batch_size:]
    return batches


def mb_split_points(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    return np.split(order, np.arange(batch_size, n, batch_size))


# --- exercise 2: the update step ----------------------------------------------------------------------------------


def sgd_in_place(params, grads, lr):
    for name in params:
        params[name] -= lr * grads[name]
    return params


def sgd_shallow_copy(params, grads, lr):
    new = params.copy()
    for name in new:
        new[name] -= lr * grads[name]
    return new


def sgd_deep_copy(params, grads, lr):
    new = copy.deepcopy(params)
    for name in new:
        new[name] -= lr * grads[name]
    return new


def sgd_loop(params, grads, lr):
    new = {}
    for name, value in params.items():
        new[name] = value - lr * grads[name]
    return new


def sgd_no_return(params, grads, lr):
    new = {name: params[name] - lr * grads[name] for name in params}  # noqa: F841


WRONG = [
    # check_minibatches
    Wrong(check_minibatches, mb_not_shuffled, "not-shuffled", "np.arange: not shuffled"),
    Wrong(check_minibatches, mb_drop_last, "drop-last", "range(n // batch_size): the last batch dropped"),
    Wrong(check_minibatches, mb_integers, "with-replacement", "rng.integers: with replacement"),
    Wrong(check_minibatches, mb_choice, "with-replacement", "rng.choice: with replacement"),
    Wrong(check_minibatches, mb_permutation_per_batch, "permutation-per-batch", "a new permutation per batch"),
    Wrong(check_minibatches, mb_legacy_seed, "legacy-rng", "np.random.seed + np.random.permutation"),
    Wrong(check_minibatches, mb_step_one, "overlapping", "range(n): batches start 1 apart"),
    Wrong(check_minibatches, mb_one_short, "one-short", "order[i:i + batch_size - 1]"),
    Wrong(check_minibatches, mb_global_permutation, "seed-ignored", "np.random.permutation: the seed ignored"),
    Wrong(check_minibatches, mb_unseeded_generator, "seed-ignored", "default_rng() without the seed"),
    Wrong(check_minibatches, mb_fixed_seed, "seed-fixed", "default_rng(42): a fixed seed"),
    Wrong(check_minibatches, mb_array_split, "array-split", "np.array_split into ⌈n / batch_size⌉ pieces"),
    Wrong(check_minibatches, mb_not_cut, "not-cut", "the permutation, not cut"),
    Wrong(check_minibatches, mb_reshape, "exception:reshape", "reshape(-1, batch_size)"),
    Wrong(check_minibatches, mb_no_return, "none-returned", "no return"),
    Wrong(check_minibatches, mb_float_indices, "not-batches", "float indices"),
    # check_sgd_update
    Wrong(check_sgd_update, lambda params, grads, lr: [params[k] - lr * grads[k] for k in params], "type:dict",
          "a list of the new values"),
    Wrong(check_sgd_update, lambda params, grads, lr: {k: v + lr * grads[k] for k, v in params.items()}, "plus",
          "+ for −"),
    Wrong(check_sgd_update, lambda params, grads, lr: {k: v - grads[k] for k, v in params.items()}, "no-lr", "no lr"),
    Wrong(check_sgd_update, lambda params, grads, lr: {k: v - grads[k] / lr for k, v in params.items()}, "divided",
          "divided by lr"),
    Wrong(check_sgd_update, lambda params, grads, lr: {k: v - lr * grads[k] if k.startswith("W") else v
                                                       for k, v in params.items()}, "weights-only", "only W1, W2"),
    Wrong(check_sgd_update, lambda params, grads, lr: {k: v - lr * grads[k] if k[0] == "b" else v
                                                       for k, v in params.items()}, "biases-only", "only b1, b2"),
    Wrong(check_sgd_update, lambda params, grads, lr: {k: lr * (v - grads[k]) for k, v in params.items()},
          "lr-times-all", "lr·(W − dW)"),
    Wrong(check_sgd_update, lambda params, grads, lr: {k: lr * g for k, g in grads.items()}, "steps-only",
          "the steps lr·dW"),
    Wrong(check_sgd_update, lambda params, grads, lr: {k: -lr * grads[k] for k in params}, "difference",
          "the change −lr·dW"),
    Wrong(check_sgd_update, sgd_in_place, "mutated", "params changed in place"),
    Wrong(check_sgd_update, sgd_shallow_copy, "mutated", "params.copy() shares the arrays"),
    Wrong(check_sgd_update, lambda params, grads, lr: {k: params[k] - lr * grads[k] for k in ("W1", "W2")}, "keys",
          "only the weights' keys"),
    Wrong(check_sgd_update, lambda params, grads, lr: {k: params[k] - lr * grads["d" + k] for k in params},
          "exception:key", "grads keyed dW1 as in notebook 06"),
    Wrong(check_sgd_update, lambda params, grads, lr: tuple(params[k] - lr * grads[k] for k in params), "type:dict",
          "a tuple"),
]

RIGHT = [
    # check_minibatches
    Right(check_minibatches, mb_generator, "a generator"),
    Right(check_minibatches, mb_shuffle, "arange, then rng.shuffle"),
    Right(check_minibatches, mb_lists, "Python lists cut in a while loop"),
    Right(check_minibatches, mb_split_points, "np.split at batch_size, 2·batch_size, …"),
    # check_sgd_update
    Right(check_sgd_update, sgd_deep_copy, "copy.deepcopy, then -= on the copy"),
    Right(check_sgd_update, sgd_loop, "a loop"),
    Right(check_sgd_update, lambda params, grads, lr: dict(zip(params, (params[k] - lr * grads[k] for k in params))),
          "dict(zip(...))"),
    Right(check_sgd_update, lambda params, grads, lr: {k: np.float32(v) - np.float32(lr) * np.float32(grads[k])
                                                       for k, v in params.items()}, "float32"),
]

MISTAKES = {check_minibatches: BATCH_MISTAKES, check_sgd_update: UPDATE_MISTAKES}

WRONG += [  # answers whose hint needed the engine to look closer
    Wrong(check_sgd_update, sgd_no_return, "none-returned", "no return"),
]
