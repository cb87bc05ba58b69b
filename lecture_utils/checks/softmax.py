"""Checks for the exercises of notebook 02 (softmax and cross-entropy).

Every check runs the student's function with NumPy's floating-point warnings
silenced: a naive ``np.exp(1000)`` then gives ``inf``/``nan`` quietly, and
the report (not a RuntimeWarning) explains what went wrong.
"""

from __future__ import annotations

import numpy as np

from ..losses import cross_entropy, log_softmax, one_hot, softmax, softmax_cross_entropy_grad
from ._core import Case, CheckReport, Mistake, rows, run_check

# ----------------------------------------------------------------------------- softmax

SUBTRACT_MAX = ("exp overflowed: e^1000 is inf in float64 (the limit is about e^709.78), and inf / inf is nan. "
                "Subtract the maximum of each row before np.exp: softmax(o − max(o)) = softmax(o), "
                "and then every exponent is ≤ 0.")


def _exp(O):
    return np.exp(np.asarray(O, dtype=float))


def _naive_softmax(O):
    E = _exp(O)
    return E / E.sum(axis=-1, keepdims=True)


def _global_max_softmax(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max())
    return E / E.sum(axis=-1, keepdims=True)


def _max_without_keepdims(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max(axis=-1))
    return E / E.sum(axis=-1, keepdims=True)


def _sum_without_keepdims(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1)


def _columns_softmax(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def _unnormalised(O):
    O = np.asarray(O, dtype=float)
    return np.exp(O - O.max(axis=-1, keepdims=True))


def _whole_batch_softmax(O):
    E = _exp(O)
    return E / np.sum(E)


def _whole_batch_stable_softmax(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max(axis=-1, keepdims=True))
    return E / np.sum(E)


def _whole_batch_global_max_softmax(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max())
    return E / np.sum(E)


def _numerator_shift_only(O):
    O = np.asarray(O, dtype=float)
    return np.exp(O - O.max(axis=-1, keepdims=True)) / _exp(O).sum(axis=-1, keepdims=True)


def _log_softmax(O):
    return log_softmax(np.asarray(O, dtype=float))


def _row_loop_softmax(O):
    """A loop over the rows of O: right for a batch, all ones for a single (1-D) example."""
    O = np.asarray(O, dtype=float)
    out = np.empty_like(O)
    for i in range(O.shape[0]):
        e = np.exp(O[i] - np.max(O[i]))
        out[i] = e / np.sum(e)
    return out


def _row_sum_scalar_softmax(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max(axis=-1, keepdims=True))
    return E / np.sum(E[0])


SOFTMAX_MISTAKES = (
    Mistake(SUBTRACT_MAX, _naive_softmax, "no-max"),
    Mistake("np.sum(E) adds up the WHOLE batch, so the rows together sum to 1 instead of each row: divide by "
            "each row's own sum, E.sum(axis=-1, keepdims=True). (For one example, 1-D, the two agree.)",
            _whole_batch_stable_softmax, "whole-batch-sum"),
    Mistake("the textbook exp(O) / np.sum(exp(O)) divides by the sum of the WHOLE batch and overflows for "
            "large logits: subtract each row's maximum, then divide by each row's own sum "
            "(axis=-1, keepdims=True).", _whole_batch_softmax, "whole-batch-naive"),
    Mistake("np.sum(E) adds up the WHOLE batch, and O.max() is the maximum of the whole batch: use each row's "
            "own, O.max(axis=-1, keepdims=True) and E.sum(axis=-1, keepdims=True). A row far below the global "
            "maximum underflows to 0.", _whole_batch_global_max_softmax, "whole-batch-global-max"),
    Mistake("you subtracted the maximum of the whole array; subtract each row's own maximum, "
            "O.max(axis=-1, keepdims=True). A row far below the global maximum underflows to 0 / 0 = nan.",
            _global_max_softmax, "global-max"),
    Mistake("the row maxima have shape (n,) and broadcast along the wrong axis: use "
            "O.max(axis=-1, keepdims=True), of shape (n, 1), so each row loses its own maximum.",
            _max_without_keepdims, "max-no-keepdims"),
    Mistake("the row sums have shape (n,) and broadcast along the wrong axis: use "
            "E.sum(axis=-1, keepdims=True), of shape (n, 1), so each row is divided by its own sum.",
            _sum_without_keepdims, "sum-no-keepdims"),
    Mistake("you normalised the columns: softmax works along each row (over the p classes of one example), "
            "so take the max and the sum with axis=-1.", _columns_softmax, "columns"),
    Mistake("you computed softmax(−O): the exponent is +o_k (subtract the row MAXIMUM, exp(o − max)), so the "
            "largest logit gets the largest probability.", lambda O: softmax(-np.asarray(O, dtype=float)),
            "minus-o"),
    Mistake("you forgot to divide by the sum: after np.exp, divide each row by its total so that it sums to 1.",
            _unnormalised, "no-sum"),
    Mistake("you divided every row by the first row's sum: each row needs its own sum, "
            "E.sum(axis=-1, keepdims=True).", _row_sum_scalar_softmax, "first-row-sum"),
    Mistake("you subtracted the maximum in the numerator only: softmax(o − max(o)) = softmax(o) holds when both "
            "the numerator and the sum use the shifted logits. Compute E = np.exp(O − max) once and divide E by "
            "its own row sums.", _numerator_shift_only, "shift-numerator-only"),
    Mistake("you returned log softmax(O), the logarithms of the probabilities: softmax itself is the exponential "
            "of that, E / E.sum(axis=-1, keepdims=True) with E = np.exp(O − max).", _log_softmax, "log-softmax"),
    Mistake("for a single example O is 1-D, so your loop over the rows visits single numbers, and each becomes "
            "exp(0) / exp(0) = 1. Work along axis=-1 with keepdims=True instead of looping; that covers (p,) and "
            "(n, p) alike.", _row_loop_softmax, "loop-1d"),
)


def _cases_softmax() -> list[Case]:
    rng = np.random.default_rng(201)
    return [
        Case((np.array([1.0, 2.0, 0.0]),), "the handout's vector o = [1, 2, 0] (one example, 1-D)"),
        # Huge logits in a batch come second: there the whole-batch softmax with the global maximum gives
        # finite numbers and the textbook one nan, so their hints can tell them apart.
        Case((np.array([[1000.0, 1001.0, 999.0], [1.0, 2.0, 0.0], [-1.0, 0.0, 1.0]]),),
             "three rows: huge logits, then two of the handout's"),
        Case((np.array([[1.0, 2.0, 0.0], [-1.0, 0.0, 1.0], [-10.0, 0.0, 10.0]]),), "the handout's three rows"),
        Case((rng.normal(size=(5, 4)),), "5 examples, p = 4 classes"),
        Case(([[0.5, -0.5], [3.0, 3.0]],), "logits given as a Python list"),
        Case((np.array([[1000.0, 1001.0, 999.0], [10000.0, 0.0, -10000.0]]),),
             "huge logits (about 1000 and more)"),
        Case((np.array([[1000.0, 1001.0, 999.0], [-1000.0, -999.0, -1001.0]]),),
             "one row of huge and one row of very negative logits"),
    ]


def check_softmax(softmax_fn, *, time_limit: float | None = None) -> CheckReport:
    """Check a stable ``softmax(O)`` along the last axis, for O of shape (n, p) or (p,).

    The cases include logits of about 1000, where the naive exp(O) / Σ exp(O) gives nan.
    """
    return run_check("check_softmax", softmax_fn, softmax, _cases_softmax(), mistakes=SOFTMAX_MISTAKES,
                     time_limit=time_limit)


# ----------------------------------------------------------------------------- one_hot

def _transposed_one_hot(labels, num_classes):
    return one_hot(labels, num_classes).T


def _max_label_one_hot(labels, num_classes):
    y = np.asarray(labels)
    return np.eye(int(y.max()) + 1)[y]


def _one_based_one_hot(labels, num_classes):
    return np.eye(num_classes)[np.asarray(labels) - 1]


def _one_vector(labels, num_classes):
    y = np.zeros(num_classes)
    y[np.asarray(labels)] = 1.0
    return y


def _no_newaxis_one_hot(labels, num_classes):
    return np.asarray(labels) == np.arange(num_classes)


def _n_columns_one_hot(labels, num_classes):
    y = np.asarray(labels)
    return np.eye(len(y))[y]


def _whole_column_one_hot(labels, num_classes):
    y = np.asarray(labels)
    Y = np.zeros((len(y), num_classes))
    Y[:, y] = 1.0
    return Y


ONE_HOT_MISTAKES = (
    Mistake("the result is transposed: one row per example, so the shape is (n, num_classes).",
            _transposed_one_hot, "transposed"),
    Mistake("use num_classes for the number of columns, not max(labels) + 1: a batch need not contain the "
            "largest class.", _max_label_one_hot, "max-label"),
    Mistake("classes are numbered from 0: label k puts the 1 in column k (not k − 1).", _one_based_one_hot,
            "one-based"),
    Mistake("Y[:, labels] = 1 sets whole columns (and Y[labels] = 1 whole rows), so a row gets a 1 for every "
            "label in the batch; set one entry per row with Y[np.arange(n), labels] = 1. (A list of rows built as "
            "[[0] * k] * n does the same: it repeats ONE row object n times.)", _whole_column_one_hot,
            "whole-column"),
    Mistake("you built one vector for the whole batch: one_hot returns one ROW per example, an array of shape "
            "(n, num_classes), with the 1 of row i in column labels[i].", _one_vector, "one-vector"),
    Mistake("labels == np.arange(num_classes) compares the two vectors entry by entry; give labels an axis, "
            "labels[:, None] == np.arange(num_classes), so that each row compares one label with every class.",
            _no_newaxis_one_hot, "no-newaxis"),
    Mistake("you used n, the number of examples, for the number of columns: the width is num_classes, "
            "whatever the batch.", _n_columns_one_hot, "n-columns"),
)


def _cases_one_hot() -> list[Case]:
    return [
        Case((np.array([1, 2, 0]), 3), "labels [1, 2, 0], 3 classes"),
        Case((np.array([0, 2, 1, 0]), 5), "4 examples, 5 classes (classes 3 and 4 do not occur)"),
        Case((np.array([0, 1]), 4), "2 examples, 4 classes (classes 2 and 3 do not occur)"),
        Case((np.array([2, 2, 2, 0, 1]), 3), "5 examples, repeated labels"),
        Case(([4], 5), "one example with the last class, labels as a Python list"),
    ]


def check_one_hot(one_hot_fn, *, time_limit: float | None = None) -> CheckReport:
    """Check ``one_hot(labels, num_classes)`` → (n, num_classes) with a single 1 per row."""
    return run_check("check_one_hot", one_hot_fn, one_hot, _cases_one_hot(), mistakes=ONE_HOT_MISTAKES,
                     atol=0.0, rtol=0.0, time_limit=time_limit)


# ----------------------------------------------------------------------------- cross_entropy

def _rows(O):
    return np.arange(np.asarray(O).shape[0])


def _log_probs_at_labels(O, y):
    return log_softmax(np.asarray(O, dtype=float))[_rows(O), np.asarray(y)]


CROSS_ENTROPY_MISTAKES = (
    Mistake("you forgot the minus sign: log p ≤ 0, so the loss is −mean(log p_y), a number ≥ 0.",
            lambda O, y: np.mean(_log_probs_at_labels(O, y)), "no-minus"),
    Mistake("you summed over the rows instead of averaging: divide the sum by n, the number of examples.",
            lambda O, y: -np.sum(_log_probs_at_labels(O, y)), "sum-not-mean"),
    Mistake("np.mean(Y * log P) divides by n·p, every entry of the matrix; the loss sums over the classes "
            "and averages over the n rows only.",
            lambda O, y: -np.mean(one_hot(y, np.asarray(O).shape[1]) * log_softmax(np.asarray(O, dtype=float))),
            "mean-over-all"),
    Mistake("log(softmax(O)) underflows: a probability of e^-1000 is stored as 0 and log 0 = −inf. "
            "Use log_softmax(O), which never takes the log of a rounded-off 0.",
            lambda O, y: -np.mean(np.log(softmax(np.asarray(O, dtype=float))[_rows(O), np.asarray(y)])),
            "log-of-softmax"),
    Mistake("you took the log of the logits: logits are not probabilities. Apply softmax first, i.e. use "
            "log_softmax(O) = O − max − log Σ exp(O − max).",
            lambda O, y: -np.mean(np.log(np.asarray(O, dtype=float)[_rows(O), np.asarray(y)])), "log-logits"),
    Mistake("you used the logit o_y as if it were log p_y: subtract log Σ_j exp(o_j), i.e. use log_softmax(O).",
            lambda O, y: -np.mean(np.asarray(O, dtype=float)[_rows(O), np.asarray(y)]), "logit-as-logp"),
    Mistake("indexing error: logP[:, y] takes n whole columns (an n × n block); take one entry per row with "
            "logP[np.arange(n), y].",
            lambda O, y: -np.mean(log_softmax(np.asarray(O, dtype=float))[:, np.asarray(y)]), "index-columns"),
    Mistake("indexing error: logP[y] selects rows, not the label's column in each row; use "
            "logP[np.arange(n), y].",
            lambda O, y: -np.mean(log_softmax(np.asarray(O, dtype=float))[np.asarray(y)]), "index-rows"),
    Mistake("the indices are swapped: logP[y, np.arange(n)] takes row y_i; the row is the example and the column "
            "its label, logP[np.arange(n), y].",
            lambda O, y: -np.mean(log_softmax(np.asarray(O, dtype=float))[np.asarray(y), _rows(O)]),
            "index-swapped"),
)


def _cases_cross_entropy() -> list[Case]:
    rng = np.random.default_rng(203)
    return [
        Case((np.array([[1.0, 2.0, 0.0], [-1.0, 0.0, 1.0], [-10.0, 0.0, 10.0]]), np.array([1, 2, 2])),
             "the handout's three rows, labels [1, 2, 2]"),
        Case((np.array([[2.0, 1.0, 0.5], [0.5, 3.0, 1.0]]), np.array([0, 2])), "positive logits, labels [0, 2]"),
        Case((rng.normal(size=(6, 4)), np.array([3, 0, 1, 1, 2, 0])), "6 examples, 4 classes"),
        Case((np.array([[0.0, 1000.0], [5.0, 0.0]]), np.array([0, 0])),
             "a confident wrong prediction: the true class gets e^-1000, yet the loss is finite (about 500)"),
    ]


def check_cross_entropy(cross_entropy_fn, *, time_limit: float | None = None) -> CheckReport:
    """Check ``cross_entropy(O, y)`` = −(1/n) Σ_i log softmax(O_i)_{y_i}, O (n, p), y (n,) integer labels."""
    return run_check("check_cross_entropy", cross_entropy_fn, _reference_cross_entropy, _cases_cross_entropy(),
                     mistakes=CROSS_ENTROPY_MISTAKES, n_rows=rows, time_limit=time_limit)


def _reference_cross_entropy(O, y):
    """lu.cross_entropy under the exercise's names, so that the report shows O and y."""
    return cross_entropy(O, y)


# ----------------------------------------------------------------------------- gradient

def _ce_grad_parts(O, y):
    O = np.asarray(O, dtype=float)
    return softmax(O), one_hot(y, O.shape[1]), O.shape[0]


def _grad_y_minus_p(O, y):
    P, Y, n = _ce_grad_parts(O, y)
    return (Y - P) / n


def _grad_no_mean(O, y):
    P, Y, _ = _ce_grad_parts(O, y)
    return P - Y


def _grad_no_y(O, y):
    P, _, n = _ce_grad_parts(O, y)
    return P / n


def _grad_logits_minus_y(O, y):
    _, Y, n = _ce_grad_parts(O, y)
    return (np.asarray(O, dtype=float) - Y) / n


def _grad_squeezed(O, y):
    return np.squeeze(softmax_cross_entropy_grad(O, y))


def _grad_by_p(O, y):
    P, Y, _ = _ce_grad_parts(O, y)
    return (P - Y) / P.shape[1]


def _grad_brackets(O, y):
    P, Y, n = _ce_grad_parts(O, y)
    return P - Y / n


def _grad_column_index(O, y):
    P, _, n = _ce_grad_parts(O, y)
    P[:, np.asarray(y)] -= 1.0
    return P / n


def _grad_columns_softmax(O, y):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max(axis=0, keepdims=True))
    return (E / E.sum(axis=0, keepdims=True) - one_hot(y, O.shape[1])) / O.shape[0]


GRAD_MISTAKES = (
    Mistake("P[:, y] -= 1 subtracts 1 from whole columns (one for every label in the batch); subtract it once "
            "per row, at that row's label: P[np.arange(n), y] -= 1, i.e. P − Y.", _grad_column_index, "index-columns"),
    Mistake("your softmax runs down the columns (axis=0): each ROW is one example's logits, so take the max and "
            "the sum with axis=-1 (or use lu.softmax).", _grad_columns_softmax, "softmax-columns"),
    Mistake("the sign is flipped: ∂L/∂O = (P − Y)/n. Raising the logit of the true class lowers the loss, "
            "so that entry of the gradient is negative.", _grad_y_minus_p, "y-minus-p"),
    Mistake("you forgot to divide by n: the loss is a mean over the n rows, so its gradient is (P − Y)/n.",
            _grad_no_mean, "no-n"),
    Mistake("you left out Y: the derivative of −o_y contributes −1 at the label, so the gradient is (P − Y)/n.",
            _grad_no_y, "no-y"),
    Mistake("use the probabilities P = softmax(O), not the logits O: the gradient is (P − Y)/n.",
            _grad_logits_minus_y, "logits"),
    Mistake("with one example O has shape (1, p), and so has the gradient: keep the row axis (no np.squeeze, "
            "no sum or mean over axis 0).", _grad_squeezed, "squeezed"),
    Mistake("you divided by p = O.shape[1], the number of classes: the loss averages over the n examples, so "
            "divide by n = O.shape[0].", _grad_by_p, "divide-by-p"),
    Mistake("P - Y / n divides only Y by n: put brackets around the difference, (P - Y) / n.", _grad_brackets,
            "brackets"),
)


def _cases_grad() -> list[Case]:
    rng = np.random.default_rng(204)
    return [
        Case((np.array([[1.0, 2.0, 0.0]]), np.array([1])), "one example o = [1, 2, 0], label 1"),
        Case((np.array([[1.0, 2.0, 0.0], [-1.0, 0.0, 1.0], [-10.0, 0.0, 10.0]]), np.array([1, 2, 2])),
             "the handout's three rows, labels [1, 2, 2]"),
        Case((rng.normal(size=(5, 4)), np.array([0, 3, 3, 1, 2])), "5 examples, 4 classes"),
        Case((np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 0.0]]), np.array([2, 1])), "huge logits"),
    ]


def check_softmax_cross_entropy_grad(grad_fn, *, time_limit: float | None = None) -> CheckReport:
    """Check ``grad(O, y)`` = ∂L/∂O = (softmax(O) − one_hot(y)) / n, O (n, p), y (n,)."""
    return run_check("check_softmax_cross_entropy_grad", grad_fn, softmax_cross_entropy_grad, _cases_grad(),
                     mistakes=GRAD_MISTAKES, n_rows=rows, time_limit=time_limit)
