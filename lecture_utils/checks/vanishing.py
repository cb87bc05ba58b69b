"""Checks for the exercises of notebook 07 (vanishing gradients and initialisation)."""

from __future__ import annotations

import numpy as np

from ..init import init_std
from ..vanishing import dead_unit_fraction
from ._core import Case, CheckReport, Mistake, function_name, run_check

# Exercise 1: the 0.25 bound ---------------------------------------------------------------------------


def sigmoid_bound(L, w):
    """(w / 4)^(L − 1): the bound on ‖δ⁽¹⁾‖ / ‖δ⁽ᴸ⁾‖ in a sigmoid MLP whose W⁽²⁾ … W⁽ᴸ⁾ all have ‖W‖₂ = w."""
    return (0.25 * w) ** (L - 1)


def _cases_bound() -> list[Case]:
    # The first case tells every known mistake apart; with w = 1 several of them agree (1 to any power is 1).
    return [
        Case((5, 2.0), "L = 5 layers, weights of norm w = 2"),
        Case((2, 1.0), "L = 2 layers, w = 1"),
        Case((10, 1.0), "L = 10 layers, w = 1"),
        Case((1, 3.0), "L = 1: a single linear layer, no sigmoid between output and input"),
        Case((8, 4.0), "L = 8, w = 4: the weights cancel the 1/4 exactly"),
        Case((20, 0.5), "L = 20, w = 0.5"),
    ]


BOUND_MISTAKES = (
    Mistake("you used the exponent L. Between δ⁽ᴸ⁾ and δ⁽¹⁾ the signal crosses L − 1 sigmoid layers "
            "(and L − 1 weight matrices W⁽²⁾ … W⁽ᴸ⁾): one factor per crossing, so the exponent is L − 1.",
            lambda L, w: (0.25 * w) ** L, "exponent-L"),
    Mistake("you left out the weights: every layer crossed multiplies by σ' ≤ 1/4 AND by a weight matrix "
            "of norm w, so each crossing contributes w/4.",
            lambda L, w: 0.25 ** (L - 1), "no-weights"),
    Mistake("the weight norm must be raised to the same power as 1/4: there is one weight matrix per "
            "layer crossed, so the bound is (w/4)^(L − 1), not w · (1/4)^(L − 1).",
            lambda L, w: w * 0.25 ** (L - 1), "w-not-powered"),
    Mistake("0.5 is σ(0), the value of the sigmoid at 0. The largest DERIVATIVE is "
            "σ'(0) = σ(0)(1 − σ(0)) = 0.25.",
            lambda L, w: (0.5 * w) ** (L - 1), "half"),
    Mistake("you added the layers' factors; the chain rule MULTIPLIES them, so the bound is a power.",
            lambda L, w: 0.25 * w * (L - 1), "added"),
    Mistake("w/4 is the factor of ONE layer crossing; raise it to the power L − 1, one factor per crossing.",
            lambda L, w: 0.25 * w, "no-power"),
    Mistake("you divided by 4 only once and raised w alone to the power: the bound is (w/4)^(L − 1), "
            "each crossing contributing both σ' ≤ 1/4 and ‖W‖ = w.",
            lambda L, w: w ** (L - 1) / 4, "quarter-once"),
    Mistake("you used 4w: σ' is at most 1/4, so each crossing multiplies by w/4, not by 4w.",
            lambda L, w: (4.0 * w) ** (L - 1), "four-w"),
    Mistake("`x ** L - 1` is x^L minus 1: ** binds more tightly than -, so put the exponent in parentheses, "
            "(w / 4) ** (L - 1).", lambda L, w: (0.25 * w) ** L - 1, "precedence"),
    Mistake("you used the exponent L − 2. Going back from δ⁽ᴸ⁾ to δ⁽¹⁾ takes L − 1 steps, one per weight matrix "
            "W⁽ᴸ⁾ … W⁽²⁾, and each step multiplies by σ' ≤ 1/4 and by ‖W‖ = w: the exponent is L − 1.",
            lambda L, w: (0.25 * w) ** (L - 2), "exponent-L-2"),
)


def check_sigmoid_bound(sigmoid_bound_fn, *, time_limit: float | None = None) -> CheckReport:
    """Check ``sigmoid_bound(L, w) -> (w/4)^(L−1)``, a number."""
    return run_check("check_sigmoid_bound", sigmoid_bound_fn, sigmoid_bound, _cases_bound(),
                     mistakes=BOUND_MISTAKES, rtol=1e-9, atol=0.0, time_limit=time_limit)



# Exercise 2: Xavier and He initialisation ------------------------------------------------------------

INIT_OUTPUTS = ("shape of W", "standard deviation of W's entries", "mean of W's entries ≈ 0",
                "entries normally distributed", "the same seed gives the same W", "another seed gives another W")
INIT_RTOL = 0.03
"""Relative tolerance on the standard deviation: a sample of ≥ 10 000 entries is within about 1% of it."""
NORMAL_WITHIN_ONE_STD = 0.6827
"""P(|x − μ| < σ) for a normal distribution (a uniform one has 1/√3 ≈ 0.577)."""


def _statistics(W):
    """(shape, std, mean ≈ 0, looks normal) of W, or None when W is no 2-D array of numbers."""
    try:
        a = np.asarray(W, dtype=float)
    except (TypeError, ValueError):
        return None
    if a.ndim != 2 or a.size < 2:
        return None
    std = 0.0 if np.ptp(a) == 0 else float(a.std())  # a constant W: a.std() may round to 1e-17 instead of 0
    mean_ok = bool(abs(a.mean()) <= 4 * std / np.sqrt(a.size)) if std > 0 else bool(a.mean() == 0)
    within = float(np.mean(np.abs(a - a.mean()) < std)) if std > 0 else 1.0
    normal = bool(abs(within - NORMAL_WITHIN_ONE_STD) <= 4 * np.sqrt(0.2166 / a.size) + 0.005)
    return a.shape, std, mean_ok, normal


def init_summary(init_layer, d_in, d_out, scheme, seed):
    """What the init check compares: W's statistics and how it depends on the seed.

    ``init_layer`` runs three times: twice with ``seed`` (NumPy's global random
    state is moved in between, so code that ignores the seed gives two
    different matrices) and once with another seed.
    """
    W = init_layer(d_in, d_out, scheme, seed)
    stats = _statistics(W)
    if stats is None:
        return W
    state = np.random.get_state()  # noqa: NPY002 - the global state is what seed-ignoring code uses
    try:
        np.random.seed(seed + 7919)  # noqa: NPY002
        again = np.asarray(init_layer(d_in, d_out, scheme, seed), dtype=float)
        other = np.asarray(init_layer(d_in, d_out, scheme, seed + 1), dtype=float)
    finally:
        np.random.set_state(state)  # noqa: NPY002
    a = np.asarray(W, dtype=float)
    same = bool(again.shape == a.shape and np.array_equal(again, a))
    differs = bool(other.shape != a.shape or not np.array_equal(other, a))
    return (*stats, same, differs)


def init_layer_summary(d_in, d_out, scheme, seed):
    """The correct summary for a layer with d_in inputs and d_out outputs."""
    return (d_in, d_out), init_std(scheme, d_in), True, True, True, True


def _wrong_std(std_fn):
    return lambda d_in, d_out, scheme, seed: ((d_in, d_out), std_fn(d_in, d_out, scheme), True, True, True, True)


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
            lambda d_in, d_out, scheme, seed: ((d_out, d_in), init_std(scheme, d_in), True, True, True, True),
            "shape-transposed"),
    Mistake("you multiplied by the VARIANCE (2/d_in or 1/d_in): the standard normal must be scaled by the "
            "standard deviation, its square root.",
            _wrong_std(lambda d_in, d_out, scheme: _gain(scheme) / d_in), "variance"),
    Mistake("you used d_out: the scale depends on the number of INPUTS d_in, because each output sums "
            "d_in products w·h.",
            _wrong_std(lambda d_in, d_out, scheme: np.sqrt(_gain(scheme) / d_out)), "d-out"),
    Mistake("the 2 and the 1 are swapped: He (for ReLU) uses √(2/d_in), Xavier (for sigmoid and tanh) "
            "uses √(1/d_in).",
            _wrong_std(lambda d_in, d_out, scheme: np.sqrt((3.0 - _gain(scheme)) / d_in)), "gain-swapped"),
    Mistake("√(2/(d_in + d_out)) is Glorot and Bengio's original Xavier formula. This series (like "
            "lu.init_weights) uses the simpler √(1/d_in), which only looks at the inputs.",
            _wrong_std(lambda d_in, d_out, scheme: np.sqrt(2.0 / (d_in + d_out))), "glorot"),
    Mistake("the entries look uniformly distributed with the right half-width: a uniform U(−a, a) has standard "
            "deviation a/√3, not a. Draw from a normal distribution: rng.standard_normal((d_in, d_out)) * std.",
            _wrong_std(lambda d_in, d_out, scheme: np.sqrt(_gain(scheme) / d_in) / np.sqrt(3.0)), "uniform-a"),
    Mistake("you divided by d_in inside the square root twice, or took √ of √: the standard deviation is "
            "√(gain / d_in).", _wrong_std(lambda d_in, d_out, scheme: (_gain(scheme) / d_in) ** 0.25),
            "fourth-root"),
    Mistake("the entries are not normally distributed: their spread is right, but the fraction within one "
            "standard deviation is not the normal's 68.3% (a uniform distribution gives 57.7%). Draw with "
            "rng.standard_normal((d_in, d_out)) and multiply by the standard deviation.",
            lambda d_in, d_out, scheme, seed: ((d_in, d_out), init_std(scheme, d_in), True, False, True, True),
            "not-normal"),
    Mistake("the entries are not centred on 0: draw from N(0, std²); a weight matrix starts with mean 0 so "
            "that no direction is preferred.",
            lambda d_in, d_out, scheme, seed: ((d_in, d_out), init_std(scheme, d_in), False, True, True, True),
            "not-centred"),
    Mistake("two calls with the same seed gave different matrices: the function ignores its seed (or uses "
            "NumPy's global random state). Make a generator from the seed, rng = np.random.default_rng(seed), "
            "and draw from it.",
            lambda d_in, d_out, scheme, seed: ((d_in, d_out), init_std(scheme, d_in), True, True, False, True),
            "seed-ignored"),
    Mistake("every seed gives the same matrix: the seed is fixed inside the function (default_rng(0)?). "
            "Use the argument: rng = np.random.default_rng(seed).",
            lambda d_in, d_out, scheme, seed: ((d_in, d_out), init_std(scheme, d_in), True, True, True, False),
            "seed-fixed"),
    Mistake("rng.random draws uniformly from [0, 1): every entry is positive, and the spread is too small. Draw "
            "from the standard normal instead, rng.standard_normal((d_in, d_out)), and multiply by the standard "
            "deviation.",
            lambda d_in, d_out, scheme, seed: ((d_in, d_out), init_std(scheme, d_in) / np.sqrt(12.0), False, False,
                                               True, True), "rng-random"),
    Mistake("every entry of W is the same (0?). If you computed the scale with // (1 // d_in is 0), use /. "
            "Otherwise draw random entries, rng.standard_normal((d_in, d_out)) * std: equal weights make every "
            "hidden unit compute the same thing and get the same gradient, so they never become different "
            "(section 4).",
            lambda d_in, d_out, scheme, seed: ((d_in, d_out), 0.0, True, False, True, False), "constant"),
)


def check_init_layer(init_layer, *, time_limit: float | None = None) -> CheckReport:
    """Check ``init_layer(d_in, d_out, scheme, seed) -> W`` of shape (d_in, d_out).

    The entries are random, so the check compares what must hold for them:
    the shape; the standard deviation of the entries against the scheme's,
    √(2/d_in) for "he" and √(1/d_in) for "xavier" (within 3%); a mean of 0
    (within 4 standard errors); a normal distribution (68.3% of the entries
    within one standard deviation, within 4 standard errors); the same W for
    the same seed; and another W for another seed.
    """
    if not callable(init_layer):
        return run_check("check_init_layer", init_layer, init_layer_summary, _cases_init())

    def summarised(d_in, d_out, scheme, seed):
        return init_summary(init_layer, d_in, d_out, scheme, seed)

    report = run_check("check_init_layer", summarised, init_layer_summary, _cases_init(), mistakes=INIT_MISTAKES,
                       rtol=0.0, atol=0.0, output_names=INIT_OUTPUTS, part_rtol={INIT_OUTPUTS[1]: INIT_RTOL},
                       time_limit=time_limit, label=function_name(init_layer))
    report.details = [_plain(line) for line in report.details]
    if report.hint_key == "type:sequence":  # the engine's words are about the summary, not about W
        returned_none = any(line.endswith("Did you forget the `return` statement?") for line in report.details)
        report.hint_key = "none-returned" if returned_none else "not-a-matrix"
        hint = ("end your function with `return W`." if returned_none else
                "W is a 2-D array, one row per input and one column per output: draw it with "
                "rng.standard_normal((d_in, d_out)).")
        report.details = [line for line in report.details if not line.startswith("hint: ")] + ["hint: " + hint]
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
    # The first two cases tell every known mistake apart where it first fails: no dead unit but a unit that is
    # never 0 (np.any over the columns is not np.any over the rows), then a dead unit and an example that is 0
    # everywhere (axis=1 is not H < 0).
    return [
        Case((np.array([[0.3, 0.0, 0.8], [0.0, 1.2, 0.1], [2.0, 0.4, 0.5], [1.0, 0.2, 0.3]]),),
             "4 examples, 3 units: every unit is active for some example"),
        Case((np.array([[0.0, 1.0, 0.0], [0.0, 2.0, 0.5], [0.0, 0.0, 0.0]]),),
             "3 examples, 3 units: the first unit is 0 for all of them (and the last example is 0 everywhere)"),
        Case((np.maximum(Z, 0),), "ReLU outputs of 6 examples and 8 units"),
        Case((np.zeros((4, 5)),), "a layer where everything is 0"),
    ]


DEAD_MISTAKES = (
    Mistake("you counted zero ENTRIES. A unit is dead only if its whole column is 0: it is 0 for every "
            "example. Use np.all(H == 0, axis=0).",
            lambda H: float(np.mean(np.asarray(H) == 0)), "entries"),
    Mistake("you looked along the wrong axis: rows are examples, columns are units. A unit is dead if its "
            "column is all 0, np.all(H == 0, axis=0).",
            lambda H: float(np.mean(np.all(np.asarray(H) == 0, axis=1))), "rows"),
    Mistake("you returned the number of dead units; the exercise asks for the fraction (divide by the "
            "number of units, or use np.mean).",
            lambda H: float(np.sum(np.all(np.asarray(H) == 0, axis=0))), "count"),
    Mistake("a unit that is 0 for SOME examples is normal for ReLU; dead means 0 for EVERY example "
            "(np.all, not np.any).",
            lambda H: float(np.mean(np.any(np.asarray(H) == 0, axis=0))), "any"),
    Mistake("you returned the fraction of LIVE units: dead ones are those whose column is all 0, "
            "so it is 1 minus your number.",
            lambda H: 1.0 - float(np.mean(np.all(np.asarray(H) == 0, axis=0))), "alive"),
    Mistake("you used np.any along the rows: a unit is a COLUMN, and it is dead when every entry of that "
            "column is 0, np.all(H == 0, axis=0).",
            lambda H: float(np.mean(np.any(np.asarray(H) == 0, axis=1))), "any-rows"),
    Mistake("you tested H < 0: a ReLU output is never negative, so a dead unit shows as H == 0 (or H <= 0).",
            lambda H: float(np.mean(np.all(np.asarray(H) < 0, axis=0))), "negative"),
    Mistake("you divided by the number of examples n, not by the number of units: the fraction is "
            "(dead units) / (all units), i.e. a mean over the columns.",
            lambda H: float(np.sum(np.all(np.asarray(H) == 0, axis=0)) / np.asarray(H).shape[0]), "over-n"),
    Mistake("you rounded the fraction: return it as it is (round only when you print it); the check compares "
            "it to about 9 digits.", lambda H: round(dead_unit_fraction(H), 2), "rounded"),
)


def check_dead_fraction(dead_fraction, *, time_limit: float | None = None) -> CheckReport:
    """Check ``dead_fraction(H) -> float``: the fraction of columns of H (n, d) that are 0 in every row."""
    return run_check("check_dead_fraction", dead_fraction, dead_unit_fraction, _cases_dead(),
                     mistakes=DEAD_MISTAKES, rtol=1e-9, atol=1e-12, time_limit=time_limit)

