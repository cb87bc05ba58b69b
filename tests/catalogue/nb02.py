"""Notebook 02 (softmax and cross-entropy): answers to its four checks."""

from __future__ import annotations

import math

import numpy as np

import lecture_utils as lu
from lecture_utils.checks.softmax import (
    CROSS_ENTROPY_MISTAKES,
    GRAD_MISTAKES,
    ONE_HOT_MISTAKES,
    SOFTMAX_MISTAKES,
    check_cross_entropy,
    check_one_hot,
    check_softmax,
    check_softmax_cross_entropy_grad,
)
from tests.catalogue import Right, Wrong

# ----------------------------------------------------------------------------- softmax
# Every answer starts as the stub does, with O = np.asarray(O, dtype=float).


def softmax_textbook(O):
    O = np.asarray(O, dtype=float)
    return np.exp(O) / np.sum(np.exp(O))


def softmax_global_max_whole_sum(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - np.max(O))
    return E / np.sum(E)


def softmax_naive_rows(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O)
    return E / E.sum(axis=-1, keepdims=True)


def softmax_global_max(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max())
    return E / E.sum(axis=-1, keepdims=True)


def softmax_max_no_keepdims(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - np.max(O, axis=-1))
    return E / np.sum(E, axis=-1, keepdims=True)


def softmax_sum_no_keepdims(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1)


def softmax_axis0(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def softmax_axis1(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def softmax_no_division(O):
    O = np.asarray(O, dtype=float)
    return np.exp(O - O.max(axis=-1, keepdims=True))


def softmax_stable_whole_sum(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max(axis=-1, keepdims=True))
    return E / E.sum()


def softmax_first_row_sum(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max(axis=-1, keepdims=True))
    return E / np.sum(E[0])


def softmax_shift_numerator_only(O):
    O = np.asarray(O, dtype=float)
    return np.exp(O - O.max(axis=-1, keepdims=True)) / np.sum(np.exp(O), axis=-1, keepdims=True)


def softmax_math_exp(O):
    O = np.asarray(O, dtype=float)
    E = math.exp(O - O.max())
    return E / E.sum()


def softmax_in_place(O):
    O = np.asarray(O, dtype=float)
    O -= O.max(axis=-1, keepdims=True)
    np.exp(O, out=O)
    O /= O.sum(axis=-1, keepdims=True)
    return O


def softmax_log(O):
    O = np.asarray(O, dtype=float)
    M = O.max(axis=-1, keepdims=True)
    return O - M - np.log(np.sum(np.exp(O - M), axis=-1, keepdims=True))


def softmax_rows_loop(O):
    O = np.asarray(O, dtype=float)
    out = np.empty_like(O)
    for i in range(O.shape[0]):
        e = np.exp(O[i] - O[i].max())
        out[i] = e / e.sum()
    return out


def softmax_lists(O):
    O = np.asarray(O, dtype=float)
    out = []
    for row in (O.tolist() if O.ndim == 2 else [O.tolist()]):
        m = max(row)
        e = [math.exp(o - m) for o in row]
        out.append([v / sum(e) for v in e])
    return out if O.ndim == 2 else out[0]


def softmax_float32(O):
    O = np.asarray(O, dtype=np.float32)
    E = np.exp(O - O.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True)


def softmax_logsumexp(O):
    O = np.asarray(O, dtype=float)
    return np.exp(O - np.logaddexp.reduce(O, axis=-1, keepdims=True))


# ----------------------------------------------------------------------------- one_hot


def one_hot_rows(labels, num_classes):
    labels = np.asarray(labels)
    Y = np.zeros((len(labels), num_classes))
    Y[labels] = 1
    return Y


def one_hot_columns(labels, num_classes):
    labels = np.asarray(labels)
    Y = np.zeros((len(labels), num_classes))
    Y[:, labels] = 1
    return Y


def one_hot_one_vector(labels, num_classes):
    labels = np.asarray(labels)
    y = np.zeros(num_classes)
    y[labels] = 1
    return y


def one_hot_class_by_example(labels, num_classes):
    labels = np.asarray(labels)
    Y = np.zeros((num_classes, len(labels)))
    Y[labels, np.arange(len(labels))] = 1
    return Y


def one_hot_n_by_n(labels, num_classes):
    labels = np.asarray(labels)
    Y = np.zeros((len(labels), len(labels)))
    for i, label in enumerate(labels):
        Y[i, label] = 1
    return Y


def one_hot_loop(labels, num_classes):
    rows = []
    for label in np.asarray(labels).tolist():
        row = [0.0] * num_classes
        row[label] = 1.0
        rows.append(row)
    return rows


# ----------------------------------------------------------------------------- cross_entropy


def ce_log_p(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    return lu.log_softmax(O)[np.arange(len(y)), y]


def ce_no_minus(O, y):
    return np.mean(ce_log_p(O, y))


def ce_sum(O, y):
    return -np.sum(ce_log_p(O, y))


def ce_mean_over_all(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    return -np.mean(lu.one_hot(y, O.shape[1]) * lu.log_softmax(O))


def ce_log_of_softmax(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    return -np.mean(np.log(lu.softmax(O)[np.arange(len(y)), y]))


def ce_naive(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    P = np.exp(O) / np.sum(np.exp(O), axis=1, keepdims=True)
    return -np.mean(np.log(P[np.arange(len(y)), y]))


def ce_log_logits(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    return -np.mean(np.log(O[np.arange(len(y)), y]))


def ce_logit_as_log_p(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    return -np.mean(O[np.arange(len(y)), y])


def ce_index_columns(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    return -np.mean(lu.log_softmax(O)[:, y])


def ce_index_rows(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    return -np.mean(lu.log_softmax(O)[y])


def ce_index_swapped(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    return -np.mean(lu.log_softmax(O)[y, np.arange(len(y))])


def ce_per_example(O, y):
    return -ce_log_p(O, y)


def ce_math_log(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    return -math.log(lu.softmax(O)[np.arange(len(y)), y]) / len(y)


def ce_as_array(O, y):
    return np.array([-np.mean(ce_log_p(O, y))])


def ce_loop(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    total = 0.0
    for o, label in zip(O.tolist(), y.tolist()):
        m = max(o)
        total += m + math.log(sum(math.exp(v - m) for v in o)) - o[label]
    return total / len(y)


def ce_one_hot_sum(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    return -np.sum(lu.one_hot(y, O.shape[1]) * lu.log_softmax(O)) / len(O)


def ce_float32(O, y):
    O, y = np.asarray(O, dtype=np.float32), np.asarray(y)
    return -np.mean(lu.log_softmax(O)[np.arange(len(y)), y])


# ----------------------------------------------------------------------------- the gradient


def grad_parts(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    return lu.softmax(O), lu.one_hot(y, O.shape[1]), O.shape[0]


def grad_y_minus_p(O, y):
    P, Y, n = grad_parts(O, y)
    return (Y - P) / n


def grad_no_n(O, y):
    P, Y, n = grad_parts(O, y)
    return P - Y


def grad_no_y(O, y):
    P, Y, n = grad_parts(O, y)
    return P / n


def grad_logits(O, y):
    O = np.asarray(O, dtype=float)
    _, Y, n = grad_parts(O, y)
    return (O - Y) / n


def grad_squeezed(O, y):
    P, Y, n = grad_parts(O, y)
    return np.squeeze((P - Y) / n)


def grad_mean_rows(O, y):
    P, Y, n = grad_parts(O, y)
    return (P - Y).mean(axis=0)


def grad_by_p(O, y):
    O = np.asarray(O, dtype=float)
    P, Y, _ = grad_parts(O, y)
    return (P - Y) / O.shape[1]


def grad_brackets(O, y):
    P, Y, n = grad_parts(O, y)
    return P - Y / n


def grad_naive_softmax(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    P = np.exp(O) / np.exp(O).sum(axis=1, keepdims=True)
    return (P - lu.one_hot(y, O.shape[1])) / len(y)


def grad_scalar(O, y):
    P, Y, n = grad_parts(O, y)
    return np.sum(P - Y) / n


def grad_subtract_in_place(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    G = lu.softmax(O)
    G[np.arange(len(y)), y] -= 1
    return G / len(y)


def grad_float32(O, y):
    O, y = np.asarray(O, dtype=np.float32), np.asarray(y)
    return (lu.softmax(O) - lu.one_hot(y, O.shape[1], dtype=np.float32)) / np.float32(len(y))


def grad_eye(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    E = np.exp(O - O.max(axis=1, keepdims=True))
    return (E / E.sum(axis=1, keepdims=True) - np.eye(O.shape[1])[y]) / len(O)


WRONG = [
    # check_softmax
    Wrong(check_softmax, softmax_textbook, "whole-batch-naive", "the textbook exp(O) / np.sum(exp(O))"),
    Wrong(check_softmax, softmax_global_max_whole_sum, "whole-batch-global-max", "the global max, the whole sum"),
    Wrong(check_softmax, softmax_stable_whole_sum, "whole-batch-sum", "each row's max, the whole sum"),
    Wrong(check_softmax, softmax_naive_rows, "no-max", "row sums, but no max subtracted"),
    Wrong(check_softmax, softmax_global_max, "global-max", "the global max subtracted"),
    Wrong(check_softmax, softmax_max_no_keepdims, "max-no-keepdims", "the max without keepdims"),
    Wrong(check_softmax, softmax_sum_no_keepdims, "sum-no-keepdims", "the sum without keepdims"),
    Wrong(check_softmax, softmax_axis0, "columns", "axis=0"),
    Wrong(check_softmax, softmax_axis1, "exception:axis", "axis=1 on a 1-D input"),
    Wrong(check_softmax, softmax_no_division, "no-sum", "no division by the sum"),
    Wrong(check_softmax, softmax_first_row_sum, "first-row-sum", "every row divided by the first row's sum"),
    Wrong(check_softmax, softmax_shift_numerator_only, "shift-numerator-only", "the max subtracted above only"),
    Wrong(check_softmax, softmax_math_exp, "exception:math-on-array", "math.exp on an array"),
    Wrong(check_softmax, softmax_in_place, "mutated", "the input overwritten in place"),
    Wrong(check_softmax, softmax_log, "log-softmax", "log softmax returned"),
    Wrong(check_softmax, softmax_rows_loop, "loop-1d", "a loop over the rows, run on a 1-D input"),
    # check_one_hot
    Wrong(check_one_hot, lambda labels, k: np.eye(k)[np.asarray(labels)].T, "transposed", "(k, n)"),
    Wrong(check_one_hot, one_hot_class_by_example, "transposed", "zeros((k, n)) filled at [labels, arange]"),
    Wrong(check_one_hot, lambda labels, k: np.eye(np.max(labels) + 1)[labels], "max-label", "max(labels) + 1 wide"),
    Wrong(check_one_hot, lambda labels, k: np.eye(k)[np.asarray(labels) - 1], "one-based", "label k in column k − 1"),
    Wrong(check_one_hot, one_hot_columns, "whole-column", "Y[:, labels] = 1"),
    Wrong(check_one_hot, one_hot_rows, "whole-column", "Y[labels] = 1"),
    Wrong(check_one_hot, one_hot_one_vector, "one-vector", "one vector for the whole batch"),
    Wrong(check_one_hot, lambda labels, k: np.asarray(labels) == np.arange(k), "no-newaxis",
          "labels == arange(k) without a new axis"),
    Wrong(check_one_hot, one_hot_n_by_n, "n-columns", "an n × n array"),
    Wrong(check_one_hot, lambda labels, k: np.eye(len(labels))[labels], "n-columns", "np.eye(n)[labels]"),
    # check_cross_entropy
    Wrong(check_cross_entropy, ce_no_minus, "no-minus", "the minus sign forgotten"),
    Wrong(check_cross_entropy, ce_sum, "sum-not-mean", "a sum over the rows"),
    Wrong(check_cross_entropy, ce_mean_over_all, "mean-over-all", "np.mean(Y * log P)"),
    Wrong(check_cross_entropy, ce_log_of_softmax, "log-of-softmax", "np.log(softmax(O))"),
    Wrong(check_cross_entropy, ce_naive, "log-of-softmax", "a naive softmax, then np.log"),
    Wrong(check_cross_entropy, ce_log_logits, "log-logits", "the log of the logits"),
    Wrong(check_cross_entropy, ce_logit_as_log_p, "logit-as-logp", "the logit o_y as log p_y"),
    Wrong(check_cross_entropy, ce_index_columns, "index-columns", "log_P[:, y]"),
    Wrong(check_cross_entropy, ce_index_rows, "index-rows", "log_P[y]"),
    Wrong(check_cross_entropy, ce_index_swapped, "index-swapped", "log_P[y, arange(n)]"),
    Wrong(check_cross_entropy, ce_math_log, "exception:math-on-array", "math.log on an array"),
    Wrong(check_cross_entropy, ce_as_array, "type:number", "the loss in a 1-entry array"),
    # check_softmax_cross_entropy_grad
    Wrong(check_softmax_cross_entropy_grad, grad_y_minus_p, "y-minus-p", "(Y − P) / n"),
    Wrong(check_softmax_cross_entropy_grad, grad_no_n, "no-n", "P − Y, not divided by n"),
    Wrong(check_softmax_cross_entropy_grad, grad_no_y, "no-y", "P / n"),
    Wrong(check_softmax_cross_entropy_grad, grad_logits, "logits", "(O − Y) / n"),
    Wrong(check_softmax_cross_entropy_grad, grad_squeezed, "squeezed", "np.squeeze: (3,) for one example"),
    Wrong(check_softmax_cross_entropy_grad, grad_mean_rows, "squeezed", "the mean over the rows"),
    Wrong(check_softmax_cross_entropy_grad, grad_by_p, "divide-by-p", "divided by p = O.shape[1]"),
    Wrong(check_softmax_cross_entropy_grad, grad_brackets, "brackets", "P − Y / n"),
    Wrong(check_softmax_cross_entropy_grad, grad_naive_softmax, "nonfinite", "a naive softmax inside"),
    Wrong(check_softmax_cross_entropy_grad, grad_scalar, "shape:scalar", "everything summed"),
    Wrong(check_softmax_cross_entropy_grad, lambda O, y: -(lu.softmax(O) - lu.one_hot(y, 3)) / len(O),
          "y-minus-p", "a minus in front"),
]

RIGHT = [
    Right(check_softmax, softmax_lists, "Python lists and math.exp"),
    Right(check_softmax, softmax_float32, "float32"),
    Right(check_softmax, softmax_logsumexp, "exp(O − logsumexp(O))"),
    Right(check_softmax, lambda O: lu.softmax(O), "lu.softmax"),
    Right(check_one_hot, lambda labels, k: np.eye(k, dtype=int)[np.asarray(labels)], "np.eye(k, dtype=int)[labels]"),
    Right(check_one_hot, lambda labels, k: np.asarray(labels)[:, None] == np.arange(k), "booleans, with a new axis"),
    Right(check_one_hot, one_hot_loop, "a loop, a list of lists"),
    Right(check_one_hot, lambda labels, k: lu.one_hot(labels, k), "lu.one_hot"),
    Right(check_one_hot, lambda labels, k: np.where(np.arange(k) == np.asarray(labels)[:, None], 1.0, 0.0),
          "np.where"),
    Right(check_cross_entropy, ce_loop, "a loop with math"),
    Right(check_cross_entropy, ce_one_hot_sum, "−Σ Y log P / n"),
    Right(check_cross_entropy, ce_float32, "float32"),
    Right(check_cross_entropy, lambda O, y: lu.cross_entropy(O, y), "lu.cross_entropy"),
    Right(check_softmax_cross_entropy_grad, grad_subtract_in_place, "softmax, then 1 subtracted at the labels"),
    Right(check_softmax_cross_entropy_grad, grad_float32, "float32"),
    Right(check_softmax_cross_entropy_grad, grad_eye, "np.eye for the one-hot rows"),
    Right(check_softmax_cross_entropy_grad, lambda O, y: lu.softmax_cross_entropy_grad(O, y).tolist(), "a list"),
]

# Need an engine change (see the report).
WRONG += [  # answers whose hint needed the engine to look closer
    Wrong(check_cross_entropy, ce_per_example, "shape:not-scalar", "one loss per example"),
]

MISTAKES = {
    check_softmax: SOFTMAX_MISTAKES,
    check_one_hot: ONE_HOT_MISTAKES,
    check_cross_entropy: CROSS_ENTROPY_MISTAKES,
    check_softmax_cross_entropy_grad: GRAD_MISTAKES,
}
