"""Checks for the exercises of notebook 05 (the chain rule and computational graphs)."""

from __future__ import annotations

import numpy as np

from ..linear import linear_backward
from ._core import Case, CheckReport, Mistake, run_check

# --- Exercise 1: z = (x·y + 1)² -------------------------------------------------


def grad_z_reference(x, y):
    """(∂z/∂x, ∂z/∂y) of z = u², u = x·y + 1: (2u·y, 2u·x)."""
    u = x * y + 1.0
    return 2.0 * u * y, 2.0 * u * x


def _cases_grad_z() -> list[Case]:
    return [
        Case((2.0, 3.0), "x = 2, y = 3 (u = 7, z = 49)"),
        Case((-1.5, 0.5), "x = -1.5, y = 0.5 (u = 0.25)"),
        Case((0.5, -4.0), "x = 0.5, y = -4 (u = -1)"),
        Case((3.0, 1.0), "x = 3, y = 1"),
    ]


GRAD_Z_MISTAKES = (
    Mistake("you stopped at dz/du = 2u: multiply by the inner derivative too, ∂u/∂x = y and ∂u/∂y = x "
            "(chain rule: ∂z/∂x = dz/du · ∂u/∂x).",
            lambda x, y: (2.0 * (x * y + 1.0), 2.0 * (x * y + 1.0)), "outer-only"),
    Mistake("the inner derivatives are swapped: ∂(x·y + 1)/∂x = y (the OTHER factor), so ∂z/∂x = 2u·y.",
            lambda x, y: (2.0 * (x * y + 1.0) * x, 2.0 * (x * y + 1.0) * y), "inner-swapped"),
    Mistake("the outer derivative of u² is 2u, not u: you lost the factor 2.",
            lambda x, y: ((x * y + 1.0) * y, (x * y + 1.0) * x), "no-2"),
    Mistake("you used u = x·y and forgot the + 1 inside the square: u = x·y + 1.",
            lambda x, y: (2.0 * x * y * y, 2.0 * x * y * x), "no-plus-one"),
    Mistake("you differentiated z = u² as if u were x + y (handout A's example): here u = x·y + 1, "
            "so ∂u/∂x = y and ∂u/∂y = x.",
            lambda x, y: (2.0 * (x + y), 2.0 * (x + y)), "x-plus-y"),
    Mistake("the sign is flipped in one of the two results: both are 2u times the OTHER variable.",
            lambda x, y: (2.0 * (x * y + 1.0) * y, -2.0 * (x * y + 1.0) * x), "one-sign"),
    Mistake("you multiplied the two partial derivatives together: return them as a pair, "
            "(∂z/∂x, ∂z/∂y).", lambda x, y: 4.0 * (x * y + 1.0) ** 2 * x * y, "product"),
)


def check_grad_z(grad_z, *, time_limit: float | None = None) -> CheckReport:
    """Check ``grad_z(x, y) -> (dz_dx, dz_dy)`` for z = (x·y + 1)²."""
    return run_check("check_grad_z", grad_z, grad_z_reference, _cases_grad_z(), mistakes=GRAD_Z_MISTAKES,
                     output_names=("dz/dx", "dz/dy"), time_limit=time_limit)


# --- Exercise 2: the matrix-product node Y = X W ----------------------------------


def matmul_backward_reference(dY, X, W):
    """(∂L/∂X, ∂L/∂W) = (dY Wᵀ, Xᵀ dY) for Y = X W."""
    dX, dW, _ = linear_backward(dY, X, W)
    return dX, dW


def _cases_matmul() -> list[Case]:
    rng = np.random.default_rng(505)
    # The first case is square (N = D = K = 2), so a transposed or swapped factor still
    # gives a 2×2 answer and can be recognised (and named) instead of raising a shape error.
    # Inputs are arrays, as the exercise states: `dY @ W.T` must work on them as written.
    return [
        Case((np.array([[1.0, -1.0], [0.5, 2.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]),
              np.array([[2.0, -1.0], [0.0, 3.0]])), "a batch of N = 2 rows, D = K = 2"),
        Case((rng.normal(size=(1, 2)), rng.normal(size=(1, 3)), rng.normal(size=(3, 2))),
             "one row: x (1, 3), W (3, 2), ∂L/∂y (1, 2)"),
        Case((rng.normal(size=(4, 2)), rng.normal(size=(4, 3)), rng.normal(size=(3, 2))),
             "a batch: X (4, 3), W (3, 2), ∂L/∂Y (4, 2)"),
    ]


def _a(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


MATMUL_MISTAKES = (
    Mistake("∂L/∂W = ∂L/∂Y · Xᵀ is the wrong order for Y = XW (handout D's first attempt; it is the "
            "right one only in the column convention Y = WX): the result must have W's shape (D, K), "
            "and only Xᵀ ∂L/∂Y, (D, N)(N, K), gives it.",
            lambda dY, X, W: (_a(dY) @ _a(W).T, _a(dY) @ _a(X).T), "dw-wrong-order"),
    Mistake("your ∂L/∂W is transposed: (∂L/∂Y)ᵀ X has shape (K, D); ∂L/∂W = Xᵀ ∂L/∂Y has W's shape (D, K).",
            lambda dY, X, W: (_a(dY) @ _a(W).T, _a(dY).T @ _a(X)), "dw-transposed"),
    Mistake("∂L/∂W needs Xᵀ, not X: ∂L/∂W = Xᵀ ∂L/∂Y, (D, N)(N, K) → (D, K).",
            lambda dY, X, W: (_a(dY) @ _a(W).T, _a(X) @ _a(dY)), "dw-no-xt"),
    Mistake("∂L/∂X needs Wᵀ: ∂L/∂X = ∂L/∂Y Wᵀ, (N, K)(K, D) → (N, D). With W itself the indices do not match.",
            lambda dY, X, W: (_a(dY) @ _a(W), _a(X).T @ _a(dY)), "dx-no-wt"),
    Mistake("∂L/∂X = ∂L/∂Y Wᵀ, in that order: Wᵀ ∂L/∂Y multiplies the wrong indices.",
            lambda dY, X, W: (_a(W).T @ _a(dY), _a(X).T @ _a(dY)), "dx-wrong-order"),
    Mistake("no averaging inside this node: the 1/N of a mean loss is already in ∂L/∂Y. "
            "∂L/∂W = Xᵀ ∂L/∂Y sums over the rows.",
            lambda dY, X, W: (_a(dY) @ _a(W).T, _a(X).T @ _a(dY) / len(_a(X))), "dw-mean"),
    Mistake("your results are swapped: return (∂L/∂X, ∂L/∂W) in that order.",
            lambda dY, X, W: (_a(X).T @ _a(dY), _a(dY) @ _a(W).T), "swapped"),
    Mistake("∂L/∂W = Xᵀ ∂L/∂Y, not Wᵀ-something: the weight gradient pairs the node's INPUT X with the "
            "gradient ∂L/∂Y.", lambda dY, X, W: (_a(dY) @ _a(W).T, _a(W) @ _a(dY).T @ _a(dY)), "dw-with-w"),
)


def check_matmul_backward(matmul_backward, *, time_limit: float | None = None) -> CheckReport:
    """Check ``matmul_backward(dY, X, W) -> (dX, dW)`` for Y = X W, X (N, D), W (D, K), dY (N, K)."""
    return run_check("check_matmul_backward", matmul_backward, matmul_backward_reference, _cases_matmul(),
                     mistakes=MATMUL_MISTAKES, output_names=("dX", "dW"), time_limit=time_limit)


# --- Exercise 3: one hidden value, two outputs -------------------------------------


def grad_h_reference(h, v1, v2, q1, q2):
    """∂f/∂h for f = (y₁ − q₁)² + (y₂ − q₂)², y₁ = v₁h, y₂ = v₂h: path 1 + path 2."""
    return 2.0 * (v1 * h - q1) * v1 + 2.0 * (v2 * h - q2) * v2


def _cases_grad_h() -> list[Case]:
    return [
        Case((0.5, 2.0, -1.0, 1.5, 1.0), "h = 0.5, v1 = 2, v2 = -1, q1 = 1.5, q2 = 1"),
        Case((1.5, 0.5, 3.0, -1.0, 2.0), "h = 1.5, v1 = 0.5, v2 = 3, q1 = -1, q2 = 2"),
        Case((-2.0, 1.5, 1.0, 0.0, 1.0), "h = -2, v1 = 1.5, v2 = 1, q1 = 0, q2 = 1"),
    ]


GRAD_H_MISTAKES = (
    Mistake("you counted only path 1 (through y1): h also reaches f through y2, and the chain rule "
            "adds the paths: ∂f/∂h = ∂f/∂y1·∂y1/∂h + ∂f/∂y2·∂y2/∂h.",
            lambda h, v1, v2, q1, q2: 2.0 * (v1 * h - q1) * v1, "path-1-only"),
    Mistake("you counted only path 2 (through y2): h also reaches f through y1, and the chain rule "
            "adds the paths: ∂f/∂h = ∂f/∂y1·∂y1/∂h + ∂f/∂y2·∂y2/∂h.",
            lambda h, v1, v2, q1, q2: 2.0 * (v2 * h - q2) * v2, "path-2-only"),
    Mistake("you got half the answer: the derivative of (y − q)² is 2(y − q), and the two paths are "
            "added, not averaged.",
            lambda h, v1, v2, q1, q2: (v1 * h - q1) * v1 + (v2 * h - q2) * v2, "no-2"),
    Mistake("each path ends with ∂y/∂h = v: you left out the factor v1 (or v2).",
            lambda h, v1, v2, q1, q2: 2.0 * (v1 * h - q1) + 2.0 * (v2 * h - q2), "no-v"),
    Mistake("you MULTIPLIED the two paths; the chain rule ADDS the contributions of the paths "
            "(경로 1 + 경로 2).",
            lambda h, v1, v2, q1, q2: (2.0 * (v1 * h - q1) * v1) * (2.0 * (v2 * h - q2) * v2), "paths-multiplied"),
    Mistake("wrong sign: ∂(y − q)²/∂y = 2(y − q), prediction minus target; you used 2(q − y).",
            lambda h, v1, v2, q1, q2: -grad_h_reference(h, v1, v2, q1, q2), "sign"),
    Mistake("you returned f itself, (y1 − q1)² + (y2 − q2)²; the exercise asks for its derivative ∂f/∂h.",
            lambda h, v1, v2, q1, q2: (v1 * h - q1) ** 2 + (v2 * h - q2) ** 2, "value-not-grad"),
)


def check_grad_h(grad_h, *, time_limit: float | None = None) -> CheckReport:
    """Check ``grad_h(h, v1, v2, q1, q2) -> ∂f/∂h`` for f = (v1·h − q1)² + (v2·h − q2)²."""
    return run_check("check_grad_h", grad_h, grad_h_reference, _cases_grad_h(), mistakes=GRAD_H_MISTAKES,
                     time_limit=time_limit)
