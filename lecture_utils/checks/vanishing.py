"""Checks for the exercises of notebook 07 (vanishing gradients and initialisation)."""

from __future__ import annotations

import numpy as np

from ..init import init_std
from ..vanishing import dead_unit_fraction
from ._core import Case, Mistake, run_check

# Exercise 1: the 0.25 bound ---------------------------------------------------------------------------


def sigmoid_bound(L, w):
    """(w / 4)^(L − 1): the bound on ‖δ⁽¹⁾‖ / ‖δ⁽ᴸ⁾‖ in a sigmoid MLP whose W⁽²⁾ … W⁽ᴸ⁾ all have ‖W‖₂ = w."""
    return (0.25 * w) ** (L - 1)


def _cases_bound() -> list[Case]:
    return [
        Case((2, 1.0), "L = 2 layers, weights of norm w = 1"),
        Case((10, 1.0), "L = 10 layers, w = 1"),
        Case((1, 3.0), "L = 1: a single linear layer, no sigmoid between output and input"),
        Case((5, 2.0), "L = 5, w = 2"),
        Case((8, 4.0), "L = 8, w = 4: the weights cancel the 1/4 exactly"),
        Case((20, 0.5), "L = 20, w = 0.5"),
    ]


BOUND_MISTAKES = (
    Mistake("you used the exponent L. Between δ⁽ᴸ⁾ and δ⁽¹⁾ the signal crosses L − 1 sigmoid layers "
            "(and L − 1 weight matrices W⁽²⁾ … W⁽ᴸ⁾): one factor per crossing, so the exponent is L − 1.",
            lambda L, w: (0.25 * w) ** L),
    Mistake("you left out the weights: every layer crossed multiplies by σ' ≤ 1/4 AND by a weight matrix "
            "of norm w, so each crossing contributes w/4.",
            lambda L, w: 0.25 ** (L - 1)),
    Mistake("the weight norm must be raised to the same power as 1/4: there is one weight matrix per "
            "layer crossed, so the bound is (w/4)^(L − 1), not w · (1/4)^(L − 1).",
            lambda L, w: w * 0.25 ** (L - 1)),
    Mistake("0.5 is σ(0), the value of the sigmoid at 0. The largest DERIVATIVE is "
            "σ'(0) = σ(0)(1 − σ(0)) = 0.25.",
            lambda L, w: (0.5 * w) ** (L - 1)),
    Mistake("you added the layers' factors; the chain rule MULTIPLIES them, so the bound is a power.",
            lambda L, w: 0.25 * w * (L - 1)),
)


def check_sigmoid_bound(sigmoid_bound_fn) -> "CheckReport":  # noqa: F821
    """Check ``sigmoid_bound(L, w) -> (w/4)^(L−1)``."""
    return run_check("check_sigmoid_bound", sigmoid_bound_fn, sigmoid_bound, _cases_bound(),
                     mistakes=BOUND_MISTAKES, rtol=1e-9, atol=0.0)


# Exercise 2: Xavier and He initialisation ------------------------------------------------------------

INIT_OUTPUTS = ("shape of W", "standard deviation of W's entries")
INIT_RTOL = 0.03
"""Relative tolerance on the standard deviation: a sample of ≥ 10 000 entries is within about 1% of it."""


def _summary(W):
    """What the init check compares: (shape, standard deviation) of W, or W itself if it is not an array."""
    try:
        a = np.asarray(W, dtype=float)
    except (TypeError, ValueError):
        return W
    if a.ndim == 0 or a.size < 2:
        return W
    return (a.shape, float(a.std()))


def init_layer_summary(d_in, d_out, scheme, seed):
    """The correct (shape, standard deviation) for a layer with d_in inputs and d_out outputs."""
    return ((d_in, d_out), init_std(scheme, d_in))


def _wrong_std(std_fn):
    return lambda d_in, d_out, scheme, seed: ((d_in, d_out), std_fn(d_in, d_out, scheme))


def _gain(scheme):
    return 2.0 if scheme == "he" else 1.0


def _cases_init() -> list[Case]:
    return [
        Case((400, 100, "he", 0), "He, d_in = 400 inputs, d_out = 100 outputs"),
        Case((400, 100, "xavier", 1), "Xavier, d_in = 400, d_out = 100"),
        Case((50, 200, "he", 2), "He, d_in = 50, d_out = 200"),
        Case((50, 200, "xavier", 3), "Xavier, d_in = 50, d_out = 200"),
    ]


INIT_MISTAKES = (
    Mistake("W has the shape (d_out, d_in). In the row convention a layer computes X @ W with X of shape "
            "(n, d_in), so W must be (d_in, d_out).",
            lambda d_in, d_out, scheme, seed: ((d_out, d_in), init_std(scheme, d_in))),
    Mistake("you multiplied by the VARIANCE (2/d_in or 1/d_in): the standard normal must be scaled by the "
            "standard deviation, its square root.",
            _wrong_std(lambda d_in, d_out, scheme: _gain(scheme) / d_in)),
    Mistake("you used d_out: the scale depends on the number of INPUTS d_in, because each output sums "
            "d_in products w·h.",
            _wrong_std(lambda d_in, d_out, scheme: np.sqrt(_gain(scheme) / d_out))),
    Mistake("the 2 and the 1 are swapped: He (for ReLU) uses √(2/d_in), Xavier (for sigmoid and tanh) "
            "uses √(1/d_in).",
            _wrong_std(lambda d_in, d_out, scheme: np.sqrt((3.0 - _gain(scheme)) / d_in))),
    Mistake("√(2/(d_in + d_out)) is Glorot and Bengio's original Xavier formula. This series (like "
            "lu.init_weights) uses the simpler √(1/d_in), which only looks at the inputs.",
            _wrong_std(lambda d_in, d_out, scheme: np.sqrt(2.0 / (d_in + d_out)))),
    Mistake("the entries look uniformly distributed with the right half-width: a uniform U(−a, a) has standard "
            "deviation a/√3, not a. Draw from a normal distribution: rng.standard_normal((d_in, d_out)) * std.",
            _wrong_std(lambda d_in, d_out, scheme: np.sqrt(_gain(scheme) / d_in) / np.sqrt(3.0))),
)


def check_init_layer(init_layer) -> "CheckReport":  # noqa: F821
    """Check ``init_layer(d_in, d_out, scheme, seed) -> W`` of shape (d_in, d_out).

    The entries are random, so the check compares W's shape and the standard
    deviation of its entries with the scheme's: √(2/d_in) for "he",
    √(1/d_in) for "xavier" (within 3%).
    """
    if not callable(init_layer):
        return run_check("check_init_layer", init_layer, init_layer_summary, _cases_init())

    def summarised(d_in, d_out, scheme, seed):
        return _summary(init_layer(d_in, d_out, scheme, seed))

    report = run_check("check_init_layer", summarised, init_layer_summary, _cases_init(), mistakes=INIT_MISTAKES,
                       rtol=INIT_RTOL, atol=0.0, output_names=INIT_OUTPUTS)
    report.details = [_plain(line) for line in report.details]
    return report


def _plain(line: str) -> str:
    """Word the summary-based report in terms of W itself."""
    wanted = f"expected {len(INIT_OUTPUTS)} results ({', '.join(INIT_OUTPUTS)}), got "
    if line.startswith(wanted):
        got = line[len(wanted):]
        extra = " Did you forget the `return` statement?" if got == "None." else ""
        return f"expected the weight matrix W, an array of shape (d_in, d_out); got {got}{extra}"
    return line.replace("  (shape (2,))", "")


# Exercise 3: dead ReLU units ---------------------------------------------------------------------------


def _cases_dead() -> list[Case]:
    rng = np.random.default_rng(707)
    Z = rng.normal(size=(6, 8))
    Z[:, [1, 4, 5]] = -np.abs(Z[:, [1, 4, 5]])
    return [
        Case((np.array([[0.0, 1.0, 0.0], [0.0, 2.0, 0.5]]),), "2 examples, 3 units: unit 1 is 0 for both"),
        Case((np.maximum(Z, 0),), "ReLU outputs of 6 examples and 8 units"),
        Case((np.array([[0.3, 0.0], [0.0, 1.2], [2.0, 0.4]]),), "every unit is active for some example"),
        Case((np.zeros((4, 5)),), "a layer where everything is 0"),
    ]


DEAD_MISTAKES = (
    Mistake("you counted zero ENTRIES. A unit is dead only if its whole column is 0: it is 0 for every "
            "example. Use np.all(H == 0, axis=0).",
            lambda H: float(np.mean(np.asarray(H) == 0))),
    Mistake("you looked along the wrong axis: rows are examples, columns are units. A unit is dead if its "
            "column is all 0, np.all(H == 0, axis=0).",
            lambda H: float(np.mean(np.all(np.asarray(H) == 0, axis=1)))),
    Mistake("you returned the number of dead units; the exercise asks for the fraction (divide by the "
            "number of units, or use np.mean).",
            lambda H: float(np.sum(np.all(np.asarray(H) == 0, axis=0)))),
    Mistake("a unit that is 0 for SOME examples is normal for ReLU; dead means 0 for EVERY example "
            "(np.all, not np.any).",
            lambda H: float(np.mean(np.any(np.asarray(H) == 0, axis=0)))),
)


def check_dead_fraction(dead_fraction) -> "CheckReport":  # noqa: F821
    """Check ``dead_fraction(H) -> float``: the fraction of columns of H (n, d) that are 0 in every row."""
    return run_check("check_dead_fraction", dead_fraction, dead_unit_fraction, _cases_dead(),
                     mistakes=DEAD_MISTAKES, rtol=1e-9, atol=1e-12)
