"""Checks for the exercises of notebook 03 (activation functions)."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np

from ..activations import relu, relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad
from ._core import Case, CheckReport, CheckReports, Mistake, function_name, run_check

OVERFLOW = (
    "overflow ({}). At z = −1000 the naive 1 / (1 + np.exp(-z)) computes exp(1000), which is "
    "larger than the biggest float64 (about 1.8e308); the form np.exp(z) / (1 + np.exp(z)) overflows at "
    "z = +1000 instead. np.where(z >= 0, a, b) computes BOTH a and b for every z, so it does not protect "
    "you either."
)
OVERFLOW_HINT = ("hint: only ever exponentiate a number ≤ 0: with u = np.exp(-np.abs(z)), "
                 "σ(z) = 1 / (1 + u) for z ≥ 0 and u / (1 + u) for z < 0.")


class ExpOverflowError(ArithmeticError):
    """Raised by the check when the student's sigmoid overflows."""

    hint = OVERFLOW_HINT.removeprefix("hint: ")
    hint_key = "overflow"


def _forced(kwargs: dict) -> dict:
    """Floating-point settings as asked, except that an overflow always raises."""
    settings = dict(kwargs)
    every = settings.pop("all", None)
    for kind in ("divide", "over", "under", "invalid"):
        if every is not None:
            settings.setdefault(kind, every)
    settings["over"] = "raise"
    return settings


@contextmanager
def _overflow_always_raises():
    """Overflow raises inside the student's code, whatever np.errstate or np.seterr it calls.

    ``np.errstate`` and ``np.seterr`` are replaced, for the duration of the
    call, by versions that keep ``over="raise"``; NumPy's own code does not
    look them up on the ``numpy`` module, so only the student's calls change.
    """
    errstate, seterr = np.errstate, np.seterr

    def forced_errstate(**kwargs):
        return errstate(**_forced(kwargs))

    def forced_seterr(**kwargs):
        return seterr(**_forced(kwargs))

    np.errstate, np.seterr = forced_errstate, forced_seterr
    try:
        with errstate(over="raise", invalid="raise", divide="raise"):
            yield
    finally:
        np.errstate, np.seterr = errstate, seterr


def _strict(student):
    """``student`` run with floating-point problems raised, and an overflow named as such.

    A RuntimeWarning would otherwise only be printed (or, under pytest, be an
    error), and the naive sigmoid's overflow at z = −1000 still returns the
    right number 0, so comparing values alone would not catch it. Setting
    ``np.errstate(over="ignore")`` does not hide it either.
    """

    def strict(z):
        with _overflow_always_raises():
            try:
                return student(z)
            except FloatingPointError as exc:
                if "overflow" in str(exc):
                    raise ExpOverflowError(OVERFLOW.format(exc)) from None
                raise

    return strict


def _cases_sigmoid() -> list[Case]:
    rng = np.random.default_rng(301)
    return [
        Case((np.array([-2.0, -1.0, 0.0, 1.0, 2.0]),), "small inputs: σ(0) = 0.5, σ(2) ≈ 0.8808"),
        Case((rng.normal(scale=3.0, size=(3, 4)),), "a (3, 4) array: the function is element-wise"),
        Case((np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0]),), "huge inputs: z = −1000 and z = +1000"),
        Case(([-3.0, 0.5, 3.0],), "input given as a Python list"),
        Case(([-2, 0, 3],), "integers given as a Python list: σ still returns fractions"),
    ]


def _float(z) -> np.ndarray:
    return np.asarray(z, dtype=float)


def _minus_in_denominator(z):
    """1 / (1 − e^(−z)) divides by zero at z = 0; the check raises that error, so this does too."""
    with np.errstate(divide="raise", over="raise", invalid="raise"):
        return 1 / (1 - np.exp(-_float(z)))


def _if_on_array(z):
    """A Python `if` on a whole array: it raises "The truth value of an array ... is ambiguous"."""
    return 1.0 if _float(z) > 0 else 0.0


SIGMOID_MISTAKES = (
    Mistake("you computed σ(−z) = 1 − σ(z): check the sign of the exponent (σ(z) = 1 / (1 + e^(−z))), "
            "or whether the two branches of np.where are swapped.", lambda z: sigmoid(-_float(z)), "minus-z"),
    Mistake("you returned 1 / e^(−z) = e^z: the denominator is 1 + e^(−z).", lambda z: np.exp(_float(z)), "exp"),
    Mistake("you computed tanh(z); the sigmoid is 1 / (1 + e^(−z)) (note tanh(z) = 2σ(2z) − 1).",
            lambda z: tanh(z), "tanh"),
    # 1 − e^(−z) is 0 at z = 0: the check makes that division raise, and the Mistake raises the same error.
    Mistake("you wrote 1 / (1 − e^(−z)), which divides by zero at z = 0: the denominator is 1 PLUS e^(−z).",
            _minus_in_denominator, "minus-in-denominator"),
    # (np.where with its two branches swapped computes σ(−z) exactly, so "minus-z" above names it too.)
    Mistake("you used e^(−z) where the stable form needs e^(−|z|): u = np.exp(-np.abs(z)) is ≤ 1 for every z.",
            lambda z: np.where(_float(z) >= 0, 1 / (1 + np.exp(-_float(z))),
                               np.exp(-_float(z)) / (1 + np.exp(-_float(z)))), "u-without-abs"),
    Mistake("`if z >= 0:` needs ONE True or False, but z is an array: choose entry by entry with "
            "np.where(z >= 0, a, b), where both a and b must be safe for every z (use u = np.exp(-np.abs(z))).",
            _if_on_array, "if-on-array"),
)


def check_sigmoid(sigmoid_fn, *, time_limit: float | None = None) -> CheckReport:
    """Check ``sigmoid_fn(z)`` = 1 / (1 + e^(−z)), element-wise, with no overflow even at z = ±1000.

    An overflow counts as a failure whatever ``np.errstate`` the function sets.
    """
    student = _strict(sigmoid_fn) if callable(sigmoid_fn) else sigmoid_fn
    return run_check("check_sigmoid", student, sigmoid, _cases_sigmoid(), mistakes=SIGMOID_MISTAKES,
                     time_limit=time_limit, label=function_name(sigmoid_fn))


def _grad_inputs() -> np.ndarray:
    return np.array([-3.0, -1.0, -0.5, 0.5, 1.0, 3.0])


def _cases_grad() -> list[Case]:
    rng = np.random.default_rng(302)
    return [
        Case((_grad_inputs(),), "a few values on both sides of 0"),
        Case((rng.normal(scale=2.0, size=(2, 5)),), "a (2, 5) array: the derivative is element-wise"),
        Case((np.array([-8.0, -2.5, 2.5, 8.0]),), "far from 0, where sigmoid and tanh are flat"),
        Case((np.array([-1000.0, -50.0, 50.0, 1000.0]),), "saturated: the derivative is about 0 at z = ±1000, "
                                                           "and nothing may overflow"),
    ]


def _relu_cases() -> list[Case]:
    return [*_cases_grad(), Case((np.array([-2.0, 0.0, 2.0]),), "exactly z = 0: this series uses relu'(0) = 0")]


def _quotient_form(z):
    e = np.exp(-_float(z))
    return e / (1 + e) ** 2


SIGMOID_GRAD_MISTAKES = (
    Mistake("e^(−z) / (1 + e^(−z))² is right on paper but overflows at z = −1000: e^1000 is inf and inf / inf "
            "is nan. Use σ(z)(1 − σ(z)) with a stable σ (lu.sigmoid), or the same quotient on |z|, since σ' "
            "is even.", _quotient_form, "quotient-overflow"),
    Mistake("you wrote σ(z)(1 − z): the second factor is 1 − σ(z), the sigmoid again, not 1 − z.",
            lambda z: sigmoid(z) * (1 - _float(z)), "one-minus-z"),
    Mistake("you returned 0.25 everywhere: that is only the largest value, σ'(0). The derivative depends on z: "
            "σ(z)(1 − σ(z)).", lambda z: np.full(np.shape(z), 0.25), "constant"),
    Mistake("you wrote z(1 − z): the formula is σ(z)(1 − σ(z)), so compute s = σ(z) first, then s * (1 - s).",
            lambda z: _float(z) * (1 - _float(z)), "z-not-sigma"),
    Mistake("you returned σ(z) itself: the derivative is σ(z)(1 − σ(z)).", lambda z: sigmoid(z), "sigma"),
    Mistake("you wrote σ(z)(1 + σ(z)): it is 1 MINUS σ(z), the probability of the other class.",
            lambda z: sigmoid(z) * (1 + sigmoid(z)), "one-plus"),
    Mistake("the quotient rule gives σ'(z) = e^(−z) / (1 + e^(−z))², with the denominator SQUARED; "
            "e^(−z) / (1 + e^(−z)) is 1 − σ(z).", lambda z: 1 - sigmoid(z), "no-square"),
    Mistake("σ(z)² is not the derivative: σ'(z) = σ(z)(1 − σ(z)) = σ(z) − σ(z)².",
            lambda z: sigmoid(z) ** 2, "sigma-squared"),
    Mistake("every entry is 0: check the brackets. s * 1 - s is (s · 1) − s = 0; the derivative is "
            "s * (1 - s) with s = σ(z).", lambda z: sigmoid(z) * 1 - sigmoid(z), "brackets"),
    Mistake("1 − σ(z)² is the pattern of tanh's derivative; the sigmoid's is σ(z)(1 − σ(z)).",
            lambda z: 1 - sigmoid(z) ** 2, "tanh-form"),
    Mistake("you squared e^(−z) only: the quotient rule squares the whole denominator, "
            "e^(−z) / (1 + e^(−z))**2.", lambda z: np.exp(-_float(z)) / (1 + np.exp(-_float(z)) ** 2),
            "square-misplaced"),
)

TANH_GRAD_MISTAKES = (
    Mistake("you forgot the square: tanh'(z) = 1 − tanh(z)², not 1 − tanh(z).", lambda z: 1 - tanh(z), "no-square"),
    Mistake("you wrote 1 − z²: square tanh(z), not z.", lambda z: 1 - _float(z) ** 2, "z-squared"),
    Mistake("you returned tanh(z)²: the derivative is 1 − tanh(z)².", lambda z: tanh(z) ** 2, "tanh-squared"),
    Mistake("1 / cosh(z) is sech(z); the derivative is sech(z)² = 1 / cosh(z)² = 1 − tanh(z)²: square it.",
            lambda z: 1 / np.cosh(_float(z)), "one-over-cosh"),
    Mistake("you wrote 1 + tanh(z)²: the derivative is 1 MINUS tanh(z)².", lambda z: 1 + tanh(z) ** 2, "one-plus"),
    Mistake("you used the sigmoid's derivative σ(z)(1 − σ(z)); tanh'(z) = 1 − tanh(z)².",
            lambda z: sigmoid(z) * (1 - sigmoid(z)), "sigmoid-grad"),
    Mistake("you returned tanh(z) itself: the derivative is 1 − tanh(z)².", lambda z: tanh(z), "tanh"),
    Mistake("you wrote 1 − tanh(z²): square tanh(z), not z, i.e. 1 - np.tanh(z)**2.",
            lambda z: 1 - tanh(_float(z) ** 2), "tanh-of-square"),
    Mistake("you multiplied by 2 (tanh(z) * 2) where the square is meant: 1 - np.tanh(z)**2.",
            lambda z: 1 - 2 * tanh(z), "times-two"),
    Mistake("you squared the whole difference, (1 − tanh(z))²: only tanh(z) is squared, 1 - np.tanh(z)**2.",
            lambda z: (1 - tanh(z)) ** 2, "square-of-difference"),
)

RELU_GRAD_MISTAKES = (
    Mistake("np.clip(z, 0, 1) equals z for 0 < z < 1; the slope of relu there is exactly 1. Use "
            "(z > 0).astype(float).", lambda z: np.clip(_float(z), 0, 1), "clip"),
    Mistake("you returned relu(z) = max(0, z) itself: the derivative is 1 where z > 0 and 0 where z < 0 "
            "(try (z > 0).astype(float)).", lambda z: relu(z), "relu"),
    Mistake("you used 1 at z = 0 (handout E's convention, z ≥ 0). That is a valid choice of subgradient, "
            "but this series (and lu.relu_grad) uses 0 at exactly z = 0: write z > 0, not z >= 0.",
            lambda z: (_float(z) >= 0).astype(float), "one-at-zero"),
    Mistake("the 0s and 1s are swapped: the slope is 1 where z > 0 and 0 where z < 0.",
            lambda z: (_float(z) <= 0).astype(float), "swapped"),
    Mistake("np.sign(z) is −1 for negative z; the slope of relu there is 0, not −1. Use (z > 0).astype(float).",
            lambda z: np.sign(_float(z)), "sign"),
    Mistake("np.maximum(z, 1) is not the derivative: relu'(z) is 1 where z > 0 and 0 elsewhere.",
            lambda z: np.maximum(_float(z), 1), "maximum-one"),
    Mistake("np.minimum(z, 1) is not the derivative: it is z for z < 1. relu'(z) is 1 where z > 0, else 0.",
            lambda z: np.minimum(_float(z), 1), "minimum-one"),
    Mistake("np.heaviside(z, 0.5) puts 0.5 at z = 0; this series uses relu'(0) = 0, so write np.heaviside(z, 0) "
            "or (z > 0).astype(float).", lambda z: np.heaviside(_float(z), 0.5), "half-at-zero"),
    Mistake("relu'(z) is 1 only where z > 0: where z < 0 relu is flat, so its slope is 0. Use (z > 0).astype(float).",
            lambda z: np.ones_like(_float(z)), "ones"),
    Mistake("`if z > 0:` needs ONE True or False, but z is an array (and a loop over a 2-D z meets whole rows): "
            "compare entry by entry, (z > 0).astype(float) or np.where(z > 0, 1.0, 0.0).", _if_on_array,
            "if-on-array"),
)


def check_sigmoid_grad(sigmoid_grad_fn, *, time_limit: float | None = None) -> CheckReport:
    """Check ``sigmoid_grad_fn(z)`` = σ(z)(1 − σ(z)), element-wise."""
    return run_check("check_sigmoid_grad", sigmoid_grad_fn, sigmoid_grad, _cases_grad(),
                     mistakes=SIGMOID_GRAD_MISTAKES, time_limit=time_limit)


def check_tanh_grad(tanh_grad_fn, *, time_limit: float | None = None) -> CheckReport:
    """Check ``tanh_grad_fn(z)`` = 1 − tanh(z)², element-wise."""
    return run_check("check_tanh_grad", tanh_grad_fn, tanh_grad, _cases_grad(), mistakes=TANH_GRAD_MISTAKES,
                     time_limit=time_limit)


def check_relu_grad(relu_grad_fn, *, time_limit: float | None = None) -> CheckReport:
    """Check ``relu_grad_fn(z)`` = 1 where z > 0, else 0 (including z = 0)."""
    return run_check("check_relu_grad", relu_grad_fn, relu_grad, _relu_cases(), mistakes=RELU_GRAD_MISTAKES,
                     time_limit=time_limit)


def check_derivatives(sigmoid_grad_fn, tanh_grad_fn, relu_grad_fn, *,
                      time_limit: float | None = None) -> CheckReports:
    """Run the three derivative checks; each reports on its own line(s)."""
    return CheckReports([check_sigmoid_grad(sigmoid_grad_fn, time_limit=time_limit),
                         check_tanh_grad(tanh_grad_fn, time_limit=time_limit),
                         check_relu_grad(relu_grad_fn, time_limit=time_limit)])
