"""Checks for the exercises of notebook 03 (activation functions)."""

from __future__ import annotations

import numpy as np

from ..activations import relu, relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad
from ._core import Case, CheckReport, Mistake, run_check

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


def _strict(student):
    """``student`` run with floating-point problems raised, and an overflow named as such.

    A RuntimeWarning would otherwise only be printed (or, under pytest, be an
    error), and the naive sigmoid's overflow at z = −1000 still returns the
    right number 0, so comparing values alone would not catch it.
    """

    def strict(z):
        with np.errstate(over="raise", invalid="raise", divide="raise"):
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
    ]


def _float(z) -> np.ndarray:
    return np.asarray(z, dtype=float)


SIGMOID_MISTAKES = (
    Mistake("you computed σ(−z) = 1 − σ(z): check the sign of the exponent (σ(z) = 1 / (1 + e^(−z))), "
            "or whether the two branches of np.where are swapped.", lambda z: sigmoid(-_float(z))),
    Mistake("you returned 1 / e^(−z) = e^z: the denominator is 1 + e^(−z).", lambda z: np.exp(_float(z))),
    Mistake("you computed tanh(z); the sigmoid is 1 / (1 + e^(−z)) (note tanh(z) = 2σ(2z) − 1).",
            lambda z: tanh(z)),
)


def check_sigmoid(sigmoid_fn) -> CheckReport:
    """Check ``sigmoid_fn(z)`` = 1 / (1 + e^(−z)), element-wise, with no overflow even at z = ±1000."""
    report = run_check("check_sigmoid", _strict(sigmoid_fn), sigmoid, _cases_sigmoid(), mistakes=SIGMOID_MISTAKES)
    return report


def _grad_inputs() -> np.ndarray:
    return np.array([-3.0, -1.0, -0.5, 0.5, 1.0, 3.0])


def _cases_grad() -> list[Case]:
    rng = np.random.default_rng(302)
    return [
        Case((_grad_inputs(),), "a few values on both sides of 0"),
        Case((rng.normal(scale=2.0, size=(2, 5)),), "a (2, 5) array: the derivative is element-wise"),
        Case((np.array([-8.0, -2.5, 2.5, 8.0]),), "far from 0, where sigmoid and tanh are flat"),
    ]


def _relu_cases() -> list[Case]:
    return [*_cases_grad(), Case((np.array([-2.0, 0.0, 2.0]),), "exactly z = 0: this series uses relu'(0) = 0")]


SIGMOID_GRAD_MISTAKES = (
    Mistake("you wrote z(1 − z): the formula is σ(z)(1 − σ(z)), so compute s = σ(z) first, then s * (1 - s).",
            lambda z: _float(z) * (1 - _float(z))),
    Mistake("you returned σ(z) itself: the derivative is σ(z)(1 − σ(z)).", lambda z: sigmoid(z)),
    Mistake("you wrote σ(z)(1 + σ(z)): it is 1 MINUS σ(z), the probability of the other class.",
            lambda z: sigmoid(z) * (1 + sigmoid(z))),
)

TANH_GRAD_MISTAKES = (
    Mistake("you forgot the square: tanh'(z) = 1 − tanh(z)², not 1 − tanh(z).", lambda z: 1 - tanh(z)),
    Mistake("you wrote 1 − z²: square tanh(z), not z.", lambda z: 1 - _float(z) ** 2),
    Mistake("you returned tanh(z)²: the derivative is 1 − tanh(z)².", lambda z: tanh(z) ** 2),
)

RELU_GRAD_MISTAKES = (
    Mistake("you returned relu(z) = max(0, z) itself: the derivative is 1 where z > 0 and 0 where z < 0 "
            "(try (z > 0).astype(float)).", lambda z: relu(z)),
    Mistake("you used 1 at z = 0 (handout E's convention, z ≥ 0). That is a valid choice of subgradient, "
            "but this series (and lu.relu_grad) uses 0 at exactly z = 0: write z > 0, not z >= 0.",
            lambda z: (_float(z) >= 0).astype(float)),
    Mistake("the 0s and 1s are swapped: the slope is 1 where z > 0 and 0 where z < 0.",
            lambda z: (_float(z) <= 0).astype(float)),
)


def check_sigmoid_grad(sigmoid_grad_fn) -> CheckReport:
    """Check ``sigmoid_grad_fn(z)`` = σ(z)(1 − σ(z)), element-wise."""
    return run_check("check_sigmoid_grad", sigmoid_grad_fn, sigmoid_grad, _cases_grad(),
                     mistakes=SIGMOID_GRAD_MISTAKES)


def check_tanh_grad(tanh_grad_fn) -> CheckReport:
    """Check ``tanh_grad_fn(z)`` = 1 − tanh(z)², element-wise."""
    return run_check("check_tanh_grad", tanh_grad_fn, tanh_grad, _cases_grad(), mistakes=TANH_GRAD_MISTAKES)


def check_relu_grad(relu_grad_fn) -> CheckReport:
    """Check ``relu_grad_fn(z)`` = 1 where z > 0, else 0 (including z = 0)."""
    return run_check("check_relu_grad", relu_grad_fn, relu_grad, _relu_cases(), mistakes=RELU_GRAD_MISTAKES)


class CheckReports(list):
    """Several reports shown together, one after the other."""

    @property
    def ok(self) -> bool:
        return all(report.ok for report in self)

    def __str__(self) -> str:
        return "\n".join(str(report) for report in self)

    __repr__ = __str__

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(str(self))


def check_derivatives(sigmoid_grad_fn, tanh_grad_fn, relu_grad_fn) -> CheckReports:
    """Run the three derivative checks; each reports on its own line(s)."""
    return CheckReports([check_sigmoid_grad(sigmoid_grad_fn), check_tanh_grad(tanh_grad_fn),
                         check_relu_grad(relu_grad_fn)])
