"""Notebook 07 (vanishing gradients): answers a student might write for check_sigmoid_bound, check_init_layer,
check_dead_fraction."""

from __future__ import annotations

import math

import numpy as np

import lecture_utils as lu
from lecture_utils.checks.vanishing import (
    BOUND_MISTAKES,
    DEAD_MISTAKES,
    INIT_MISTAKES,
    check_dead_fraction,
    check_init_layer,
    check_sigmoid_bound,
)
from tests.catalogue import Right, Wrong

# --- exercise 1: the 1/4 bound ------------------------------------------------------------------------------


def bound_loop_L_times(L, w):
    bound = 1.0
    for _ in range(L):
        bound *= w / 4
    return bound


def bound_loop(L, w):
    bound = 1.0
    for _ in range(1, L):
        bound *= 0.25 * w
    return bound


# --- exercise 2: Xavier and He initial weights ----------------------------------------------------------------


def std_of(scheme, d_in):
    return math.sqrt((2.0 if scheme == "he" else 1.0) / d_in)


def init_transposed(d_in, d_out, scheme, seed):
    return np.random.default_rng(seed).standard_normal((d_out, d_in)) * std_of(scheme, d_in)


def init_variance(d_in, d_out, scheme, seed):
    gain = 2.0 if scheme == "he" else 1.0
    return np.random.default_rng(seed).normal(0.0, gain / d_in, size=(d_in, d_out))


def init_d_out(d_in, d_out, scheme, seed):
    gain = 2.0 if scheme == "he" else 1.0
    return np.random.default_rng(seed).standard_normal((d_in, d_out)) * np.sqrt(gain / d_out)


def init_gain_swapped(d_in, d_out, scheme, seed):
    gain = 1.0 if scheme == "he" else 2.0
    return np.random.default_rng(seed).standard_normal((d_in, d_out)) * np.sqrt(gain / d_in)


def init_he_capitalised(d_in, d_out, scheme, seed):
    gain = 2.0 if scheme == "He" else 1.0  # never true: the scheme is "he"
    return np.random.default_rng(seed).standard_normal((d_in, d_out)) * np.sqrt(gain / d_in)


def init_glorot(d_in, d_out, scheme, seed):
    return np.random.default_rng(seed).standard_normal((d_in, d_out)) * np.sqrt(2.0 / (d_in + d_out))


def init_uniform_half_width_std(d_in, d_out, scheme, seed):
    a = std_of(scheme, d_in)
    return np.random.default_rng(seed).uniform(-a, a, size=(d_in, d_out))


def init_uniform_right_std(d_in, d_out, scheme, seed):
    a = math.sqrt(3) * std_of(scheme, d_in)  # U(−a, a) has standard deviation a/√3
    return np.random.default_rng(seed).uniform(-a, a, size=(d_in, d_out))


def init_fourth_root(d_in, d_out, scheme, seed):
    return np.random.default_rng(seed).standard_normal((d_in, d_out)) * np.sqrt(std_of(scheme, d_in))


def init_rng_random(d_in, d_out, scheme, seed):
    return np.random.default_rng(seed).random((d_in, d_out)) * std_of(scheme, d_in)


def init_not_centred(d_in, d_out, scheme, seed):
    std = std_of(scheme, d_in)
    return np.random.default_rng(seed).normal(std, std, size=(d_in, d_out))


def init_global_randn(d_in, d_out, scheme, seed):
    return np.random.randn(d_in, d_out) * std_of(scheme, d_in)  # noqa: NPY002 - the seed is ignored


def init_unseeded_generator(d_in, d_out, scheme, seed):
    return np.random.default_rng().standard_normal((d_in, d_out)) * std_of(scheme, d_in)


def init_fixed_seed(d_in, d_out, scheme, seed):
    return np.random.default_rng(0).standard_normal((d_in, d_out)) * std_of(scheme, d_in)


def init_zeros(d_in, d_out, scheme, seed):
    return np.zeros((d_in, d_out))


def init_vector(d_in, d_out, scheme, seed):
    return np.random.default_rng(seed).standard_normal(d_in) * std_of(scheme, d_in)


def init_no_return(d_in, d_out, scheme, seed):
    W = np.random.default_rng(seed).standard_normal((d_in, d_out)) * std_of(scheme, d_in)  # noqa: F841


def init_rng_normal(d_in, d_out, scheme, seed):
    return np.random.default_rng(seed).normal(0, std_of(scheme, d_in), (d_in, d_out))


def init_float32(d_in, d_out, scheme, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((d_in, d_out), dtype=np.float32) * np.float32(std_of(scheme, d_in))


def init_lists(d_in, d_out, scheme, seed):
    rng = np.random.default_rng(seed)
    std = std_of(scheme, d_in)
    return [[std * rng.standard_normal() for _ in range(d_out)] for _ in range(d_in)]


def init_reshaped(d_in, d_out, scheme, seed):
    flat = np.random.default_rng(seed).standard_normal(d_in * d_out)
    return flat.reshape(d_in, d_out) * np.sqrt({"he": 2, "xavier": 1}[scheme] / d_in)


# --- exercise 3: dead units ---------------------------------------------------------------------------------------


def dead_loop(H):
    dead = 0
    for j in range(H.shape[1]):
        if all(H[i, j] == 0 for i in range(H.shape[0])):
            dead += 1
    return dead / H.shape[1]


WRONG = [
    # check_sigmoid_bound
    Wrong(check_sigmoid_bound, lambda L, w: 0.25 ** L * w ** L, "exponent-L", "exponent L"),
    Wrong(check_sigmoid_bound, bound_loop_L_times, "exponent-L", "a loop over range(L)"),
    Wrong(check_sigmoid_bound, lambda L, w: (w / 4) ** (L - 2), "exponent-L-2", "exponent L − 2"),
    Wrong(check_sigmoid_bound, lambda L, w: 1 / 4 ** (L - 1), "no-weights", "weights left out"),
    Wrong(check_sigmoid_bound, lambda L, w: w * 0.25 ** (L - 1), "w-not-powered", "w · (1/4)^(L−1)"),
    Wrong(check_sigmoid_bound, lambda L, w: 0.5 ** (L - 1) * w ** (L - 1), "half", "σ(0) = 0.5 for σ'(0)"),
    Wrong(check_sigmoid_bound, lambda L, w: (L - 1) * w / 4, "added", "factors added"),
    Wrong(check_sigmoid_bound, lambda L, w: w / 4, "no-power", "one layer's factor"),
    Wrong(check_sigmoid_bound, lambda L, w: w ** (L - 1) / 4, "quarter-once", "1/4 not powered"),
    Wrong(check_sigmoid_bound, lambda L, w: (4 * w) ** (L - 1), "four-w", "4w for w/4"),
    Wrong(check_sigmoid_bound, lambda L, w: (w / 4) ** L - 1, "precedence", "** L - 1 without parentheses"),
    Wrong(check_sigmoid_bound, lambda L, w: -((w / 4) ** (L - 1)), "sign", "a minus sign"),
    Wrong(check_sigmoid_bound, lambda L, w: f"{(w / 4) ** (L - 1):.3g}", "type:str", "the bound as text"),
    Wrong(check_sigmoid_bound, lambda L, w: np.array([(w / 4) ** (L - 1)]), "type:number", "an array of one entry"),
    # check_init_layer
    Wrong(check_init_layer, init_transposed, "shape-transposed", "shape (d_out, d_in)"),
    Wrong(check_init_layer, init_variance, "variance", "normal(0, 2/d_in): the variance as scale"),
    Wrong(check_init_layer, init_d_out, "d-out", "√(2/d_out)"),
    Wrong(check_init_layer, init_gain_swapped, "gain-swapped", "He 1, Xavier 2"),
    Wrong(check_init_layer, init_he_capitalised, "gain-swapped", "scheme == 'He': He gets Xavier's gain"),
    Wrong(check_init_layer, init_glorot, "glorot", "√(2/(d_in + d_out))"),
    Wrong(check_init_layer, init_uniform_half_width_std, "uniform-a", "U(−std, std)"),
    Wrong(check_init_layer, init_uniform_right_std, "not-normal", "uniform with the right standard deviation"),
    Wrong(check_init_layer, init_fourth_root, "fourth-root", "√ of the standard deviation"),
    Wrong(check_init_layer, init_rng_random, "rng-random", "rng.random: uniform on [0, 1)"),
    Wrong(check_init_layer, init_not_centred, "not-centred", "normal(std, std): mean std"),
    Wrong(check_init_layer, init_global_randn, "seed-ignored", "np.random.randn: the seed ignored"),
    Wrong(check_init_layer, init_unseeded_generator, "seed-ignored", "default_rng() without the seed"),
    Wrong(check_init_layer, init_fixed_seed, "seed-fixed", "default_rng(0): a fixed seed"),
    Wrong(check_init_layer, init_zeros, "constant", "np.zeros"),
    Wrong(check_init_layer, lambda d_in, d_out, scheme, seed: np.full((d_in, d_out), std_of(scheme, d_in)), "constant",
          "np.full with the standard deviation"),
    Wrong(check_init_layer, init_vector, "not-a-matrix", "a vector of d_in entries"),
    Wrong(check_init_layer, init_no_return, "none-returned", "no return"),
    # check_dead_fraction
    Wrong(check_dead_fraction, lambda H: np.count_nonzero(H == 0) / H.size, "entries", "zero entries counted"),
    Wrong(check_dead_fraction, lambda H: np.mean((H == 0).all(axis=1)), "rows", "axis=1"),
    Wrong(check_dead_fraction, lambda H: int((H.max(axis=0) == 0).sum()), "count", "the count of dead units"),
    Wrong(check_dead_fraction, lambda H: np.mean((H == 0).any(axis=0)), "any", "np.any for np.all"),
    Wrong(check_dead_fraction, lambda H: np.mean(H.any(axis=0)), "alive", "the live fraction"),
    Wrong(check_dead_fraction, lambda H: np.mean(np.any(H == 0, axis=1)), "any-rows", "np.any over axis=1"),
    Wrong(check_dead_fraction, lambda H: np.mean(np.all(H < 0, axis=0)), "negative", "H < 0 for H == 0"),
    Wrong(check_dead_fraction, lambda H: np.all(H == 0, axis=0).sum() / len(H), "over-n", "divided by n"),
    Wrong(check_dead_fraction, lambda H: 100 * np.mean(np.all(H == 0, axis=0)), "differ", "a percentage"),
    Wrong(check_dead_fraction, lambda H: round(float(np.mean(np.all(H == 0, axis=0))), 2), "rounded",
          "rounded to 2 decimals"),
    Wrong(check_dead_fraction, lambda H: f"{np.mean(np.all(H == 0, axis=0)):.0%}", "type:str", "as text"),
]

RIGHT = [
    # check_sigmoid_bound
    Right(check_sigmoid_bound, bound_loop, "a loop over range(1, L)"),
    Right(check_sigmoid_bound, lambda L, w: math.pow(w / 4, L - 1), "math.pow"),
    Right(check_sigmoid_bound, lambda L, w: (lu.sigmoid_grad(0.0) * w) ** (L - 1), "σ'(0) from lu.sigmoid_grad"),
    Right(check_sigmoid_bound, lambda L, w: np.prod(np.full(L - 1, w / 4)), "np.prod of L − 1 factors"),
    # check_init_layer
    Right(check_init_layer, init_rng_normal, "default_rng(seed).normal(0, std, size)"),
    Right(check_init_layer, init_float32, "float32"),
    Right(check_init_layer, init_lists, "lists, one draw at a time"),
    Right(check_init_layer, init_reshaped, "a flat draw reshaped, gain from a dict"),
    # check_dead_fraction
    Right(check_dead_fraction, lambda H: np.mean(np.all(H == 0, axis=0)), "the solution's one line"),
    Right(check_dead_fraction, lambda H: float((H.sum(axis=0) == 0).sum() / H.shape[1]), "column sums are 0"),
    Right(check_dead_fraction, lambda H: np.mean(~(H > 0).any(axis=0)), "no example is positive"),
    Right(check_dead_fraction, dead_loop, "loops"),
    Right(check_dead_fraction, lambda H: sum(max(col) == 0 for col in H.T.tolist()) / len(H[0]), "lists"),
]

MISTAKES = {check_sigmoid_bound: BOUND_MISTAKES, check_init_layer: INIT_MISTAKES, check_dead_fraction: DEAD_MISTAKES}

WRONG += [  # answers whose hint needed the engine to look closer
    Wrong(check_dead_fraction, lambda H: np.all(H == 0, axis=0), "shape:not-scalar", "the mask, not its mean"),
]
RIGHT += [
    Right(check_dead_fraction, lambda H: np.mean(np.all(H == 0, axis=0), dtype=np.float32), "float32"),
]
