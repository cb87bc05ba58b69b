"""Notebook 03 (activation functions): answers to check_sigmoid and the three derivative checks."""

from __future__ import annotations

import math
import warnings

import numpy as np

import lecture_utils as lu
from lecture_utils.checks.activations import (
    RELU_GRAD_MISTAKES,
    SIGMOID_GRAD_MISTAKES,
    SIGMOID_MISTAKES,
    TANH_GRAD_MISTAKES,
    check_relu_grad,
    check_sigmoid,
    check_sigmoid_grad,
    check_tanh_grad,
)
from tests.catalogue import Right, Wrong

# ----------------------------------------------------------------------------- sigmoid


def sigmoid_naive(z):
    z = np.asarray(z, dtype=float)
    return 1 / (1 + np.exp(-z))


def sigmoid_naive_errstate(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-z))


def sigmoid_naive_seterr(z):
    z = np.asarray(z, dtype=float)
    old = np.seterr(all="ignore")
    s = 1 / (1 + np.exp(-z))
    np.seterr(**old)
    return s


def sigmoid_naive_no_warnings(z):
    z = np.asarray(z, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return 1 / (1 + np.exp(-z))


def sigmoid_exp_over_one_plus_exp(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z) / (1 + np.exp(z))


def sigmoid_where_naive(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def sigmoid_branches_swapped(z):
    z = np.asarray(z, dtype=float)
    u = np.exp(-np.abs(z))
    return np.where(z >= 0, u / (1 + u), 1 / (1 + u))


def sigmoid_u_without_abs(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(-z) / (1 + np.exp(-z)))


def sigmoid_if(z):
    z = np.asarray(z, dtype=float)
    if z >= 0:
        return 1 / (1 + np.exp(-z))
    return np.exp(z) / (1 + np.exp(z))


def sigmoid_math(z):
    return 1 / (1 + math.exp(-z))


def sigmoid_math_loop(z):
    return np.array([1 / (1 + math.exp(-x)) for x in z])


def sigmoid_stable_on_a_list(z):
    u = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + u), u / (1 + u))


def sigmoid_minus_in_denominator(z):
    z = np.asarray(z, dtype=float)
    return 1 / (1 - np.exp(-z))


def sigmoid_scalar_stable(x):
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)


def sigmoid_vectorized(z):
    return np.vectorize(sigmoid_scalar_stable, otypes=[float])(z)


def sigmoid_flat_loop(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    for i, x in enumerate(z.flat):
        out.flat[i] = lu.Value(x).sigmoid().data
    return out


def sigmoid_float32(z):
    z = np.asarray(z, dtype=np.float32)
    u = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + u), u / (1 + u))


# ----------------------------------------------------------------------------- derivatives


def s(z):
    return lu.sigmoid(z)


def tanh_grad_math(z):
    z = np.asarray(z, dtype=float)
    return np.array([1 - math.tanh(x) ** 2 for x in z.ravel()]).reshape(z.shape)


def relu_grad_if(z):
    z = np.asarray(z, dtype=float)
    if z > 0:
        return 1.0
    return 0.0


def relu_grad_loop(z):
    return np.array([1.0 if x > 0 else 0.0 for x in z])


def relu_grad_flat_loop(z):
    z = np.asarray(z, dtype=float)
    return np.array([1.0 if x > 0 else 0.0 for x in z.ravel()]).reshape(z.shape)


WRONG = [
    # check_sigmoid: σ(z) = 1 / (1 + e^(−z)) with no overflow at z = ±1000
    Wrong(check_sigmoid, sigmoid_naive, "overflow", "the naive formula"),
    Wrong(check_sigmoid, sigmoid_naive_errstate, "overflow", "the naive formula under np.errstate(over='ignore')"),
    Wrong(check_sigmoid, sigmoid_naive_seterr, "overflow", "the naive formula under np.seterr(all='ignore')"),
    Wrong(check_sigmoid, sigmoid_naive_no_warnings, "overflow", "the naive formula with warnings silenced"),
    Wrong(check_sigmoid, sigmoid_exp_over_one_plus_exp, "overflow", "e^z / (1 + e^z)"),
    Wrong(check_sigmoid, sigmoid_where_naive, "overflow", "np.where of two naive branches"),
    Wrong(check_sigmoid, lambda z: 1 / (1 + np.exp(np.asarray(z, dtype=float))), "minus-z", "1 / (1 + e^z)"),
    Wrong(check_sigmoid, sigmoid_branches_swapped, "minus-z", "the stable form, branches swapped"),
    Wrong(check_sigmoid, sigmoid_u_without_abs, "u-without-abs", "u = e^(−z) instead of e^(−|z|)"),
    Wrong(check_sigmoid, lambda z: 1 / np.exp(-np.asarray(z, dtype=float)), "exp", "1 / e^(−z)"),
    Wrong(check_sigmoid, np.tanh, "tanh", "np.tanh"),
    Wrong(check_sigmoid, sigmoid_minus_in_denominator, "minus-in-denominator", "1 / (1 − e^(−z))"),
    Wrong(check_sigmoid, sigmoid_if, "if-on-array", "if z >= 0 on an array"),
    Wrong(check_sigmoid, sigmoid_math, "exception:math-on-array", "math.exp on an array"),
    Wrong(check_sigmoid, sigmoid_math_loop, "exception:math-on-array", "math.exp in a loop that meets a row"),
    Wrong(check_sigmoid, sigmoid_stable_on_a_list, "exception:list", "the stable form, a list not converted"),
    # check_sigmoid_grad: σ(z)(1 − σ(z))
    Wrong(check_sigmoid_grad, lambda z: z * (1 - z), "z-not-sigma", "z(1 − z)"),
    Wrong(check_sigmoid_grad, lambda z: s(z), "sigma", "σ(z) itself"),
    Wrong(check_sigmoid_grad, lambda z: s(z) * (1 + s(z)), "one-plus", "σ(1 + σ)"),
    Wrong(check_sigmoid_grad, lambda z: np.exp(-z) / (1 + np.exp(-z)), "no-square", "the quotient rule, no square"),
    Wrong(check_sigmoid_grad, lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, "quotient-overflow",
          "the quotient rule as written: e^1000 overflows at z = −1000"),
    Wrong(check_sigmoid_grad, lambda z: 1 - s(z), "no-square", "1 − σ"),
    Wrong(check_sigmoid_grad, lambda z: s(z) ** 2, "sigma-squared", "σ²"),
    Wrong(check_sigmoid_grad, lambda z: 1 / (1 + np.exp(-z)) ** 2, "sigma-squared", "1 / (1 + e^(−z))²"),
    Wrong(check_sigmoid_grad, lambda z: s(z) * 1 - s(z), "brackets", "s * 1 - s"),
    Wrong(check_sigmoid_grad, lambda z: -s(z) * (1 - s(z)), "sign", "a minus in front"),
    Wrong(check_sigmoid_grad, lambda z: 1 - s(z) ** 2, "tanh-form", "1 − σ², tanh's formula"),
    Wrong(check_sigmoid_grad, lambda z: np.exp(-z) / (1 + np.exp(-z) ** 2), "square-misplaced",
          "the square on e^(−z) only"),
    Wrong(check_sigmoid_grad, lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2, "exception:math-on-array",
          "math.exp on an array"),
    # check_tanh_grad: 1 − tanh(z)²
    Wrong(check_tanh_grad, lambda z: 1 - np.tanh(z), "no-square", "1 − tanh"),
    Wrong(check_tanh_grad, lambda z: 1 - z ** 2, "z-squared", "1 − z²"),
    Wrong(check_tanh_grad, lambda z: np.tanh(z) ** 2, "tanh-squared", "tanh²"),
    Wrong(check_tanh_grad, lambda z: 1 / np.cosh(z), "one-over-cosh", "1 / cosh"),
    Wrong(check_tanh_grad, lambda z: 1 + np.tanh(z) ** 2, "one-plus", "1 + tanh²"),
    Wrong(check_tanh_grad, lambda z: s(z) * (1 - s(z)), "sigmoid-grad", "the sigmoid's derivative"),
    Wrong(check_tanh_grad, np.tanh, "tanh", "tanh itself"),
    Wrong(check_tanh_grad, lambda z: np.sinh(z) / np.cosh(z), "tanh", "sinh / cosh"),
    Wrong(check_tanh_grad, lambda z: 1 - np.tanh(z ** 2), "tanh-of-square", "1 − tanh(z²)"),
    Wrong(check_tanh_grad, lambda z: 1 - np.tanh(z) * 2, "times-two", "* 2 for ** 2"),
    Wrong(check_tanh_grad, lambda z: (1 - np.tanh(z)) ** 2, "square-of-difference", "(1 − tanh)²"),
    Wrong(check_tanh_grad, lambda z: np.tanh(z) ** 2 - 1, "sign", "tanh² − 1"),
    Wrong(check_tanh_grad, lambda z: 1 - math.tanh(z) ** 2, "exception:math-on-array", "math.tanh on an array"),
    # check_relu_grad: 1 where z > 0, else 0
    Wrong(check_relu_grad, lambda z: np.maximum(z, 0), "relu", "relu itself"),
    Wrong(check_relu_grad, lambda z: np.where(z > 0, z, 0), "relu", "np.where(z > 0, z, 0)"),
    Wrong(check_relu_grad, lambda z: (z >= 0).astype(float), "one-at-zero", "z >= 0"),
    Wrong(check_relu_grad, lambda z: np.heaviside(z, 1), "one-at-zero", "np.heaviside(z, 1)"),
    Wrong(check_relu_grad, lambda z: np.heaviside(z, 0.5), "half-at-zero", "np.heaviside(z, 0.5)"),
    Wrong(check_relu_grad, lambda z: (z <= 0).astype(float), "swapped", "z <= 0"),
    Wrong(check_relu_grad, lambda z: np.where(z < 0, 1.0, 0.0), "swapped", "np.where(z < 0, 1, 0)"),
    Wrong(check_relu_grad, np.sign, "sign", "np.sign"),
    Wrong(check_relu_grad, lambda z: z / np.abs(z), "sign", "z / |z|"),
    Wrong(check_relu_grad, lambda z: np.maximum(z, 1), "maximum-one", "np.maximum(z, 1)"),
    Wrong(check_relu_grad, lambda z: np.minimum(z, 1), "minimum-one", "np.minimum(z, 1)"),
    Wrong(check_relu_grad, relu_grad_if, "if-on-array", "if z > 0 on an array"),
    Wrong(check_relu_grad, relu_grad_loop, "if-on-array", "a loop over z that meets a row"),
    Wrong(check_relu_grad, lambda z: np.ones_like(z), "ones", "1 everywhere"),
]

RIGHT = [
    Right(check_sigmoid, lambda z: 0.5 * (1 + np.tanh(np.asarray(z, dtype=float) / 2)), "½(1 + tanh(z/2))"),
    Right(check_sigmoid, sigmoid_vectorized, "np.vectorize of a stable scalar function with math.exp"),
    Right(check_sigmoid, sigmoid_flat_loop, "a loop over lu.Value(x).sigmoid()"),
    Right(check_sigmoid, sigmoid_float32, "float32"),
    Right(check_sigmoid, lambda z: np.exp(-np.logaddexp(0, -np.asarray(z, dtype=float))), "exp(−log(1 + e^(−z)))"),
    Right(check_sigmoid, lu.sigmoid, "lu.sigmoid"),
    Right(check_sigmoid_grad, lambda z: np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))) ** 2,
          "the quotient rule on |z| (σ' is even)"),
    Right(check_sigmoid_grad, lambda z: s(z) - s(z) ** 2, "σ − σ²"),
    Right(check_sigmoid_grad, lambda z: 0.25 / np.cosh(z / 2) ** 2, "¼ sech²(z/2)"),
    Right(check_sigmoid_grad, lambda z: (s(z) * (1 - s(z))).astype(np.float32), "float32"),
    Right(check_tanh_grad, lambda z: 1 / np.cosh(z) ** 2, "sech²"),
    Right(check_tanh_grad, lambda z: 4 * lu.sigmoid_grad(2 * z), "4 σ'(2z)"),
    Right(check_tanh_grad, tanh_grad_math, "math.tanh entry by entry"),
    Right(check_tanh_grad, lambda z: 1 - np.tanh(z.astype(np.float32)) ** 2, "float32"),
    Right(check_relu_grad, lambda z: z > 0, "booleans"),
    Right(check_relu_grad, lambda z: np.where(z > 0, 1, 0), "np.where with ints"),
    Right(check_relu_grad, lambda z: np.heaviside(z, 0), "np.heaviside(z, 0)"),
    Right(check_relu_grad, relu_grad_flat_loop, "a loop over z.ravel()"),
]

MISTAKES = {
    check_sigmoid: SIGMOID_MISTAKES,
    check_sigmoid_grad: SIGMOID_GRAD_MISTAKES,
    check_tanh_grad: TANH_GRAD_MISTAKES,
    check_relu_grad: RELU_GRAD_MISTAKES,
}
