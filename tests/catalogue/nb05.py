"""Notebook 05 (the chain rule): answers a student might write for check_grad_z, check_matmul_backward, check_grad_h."""

from __future__ import annotations

import numpy as np

import lecture_utils as lu
from lecture_utils.checks.chain_rule import (
    GRAD_H_MISTAKES,
    GRAD_Z_MISTAKES,
    MATMUL_MISTAKES,
    check_grad_h,
    check_grad_z,
    check_matmul_backward,
)
from tests.catalogue import Right, Wrong

# --- exercise 1: z = (x·y + 1)² ------------------------------------------------------------------------------


def z_with_value_no_backward(x, y):
    x, y = lu.Value(x), lu.Value(y)
    z = (x * y + 1) ** 2  # noqa: F841 - the student forgot z.backward()
    return x.grad, y.grad


def z_with_value_nodes(x, y):
    x, y = lu.Value(x), lu.Value(y)
    z = (x * y + 1) ** 2
    z.backward()
    return x, y


def z_with_value(x, y):
    x, y = lu.Value(x), lu.Value(y)
    z = (x * y + 1) ** 2
    z.backward()
    return x.grad, y.grad


def z_central_difference(x, y, h=1e-4):
    def z(a, b):
        return (a * b + 1) ** 2
    return (z(x + h, y) - z(x - h, y)) / (2 * h), (z(x, y + h) - z(x, y - h)) / (2 * h)


# --- exercise 2: Y = X W ----------------------------------------------------------------------------------------


def matmul_loops(dY, X, W):
    N, D = X.shape
    K = W.shape[1]
    dX, dW = np.zeros((N, D)), np.zeros((D, K))
    for n in range(N):
        for d in range(D):
            for k in range(K):
                dX[n, d] += dY[n, k] * W[d, k]
                dW[d, k] += X[n, d] * dY[n, k]
    return dX, dW


def matmul_dw_only(dY, X, W):
    dX = dY @ W.T  # noqa: F841 - computed, then not returned
    dW = X.T @ dY
    return dW


def matmul_dx_only(dY, X, W):
    dX = dY @ W.T
    return dX


# --- exercise 3: two paths ----------------------------------------------------------------------------------


def h_with_value(h, v1, v2, q1, q2):
    h = lu.Value(h)
    f = (v1 * h - q1) ** 2 + (v2 * h - q2) ** 2
    f.backward()
    return h.grad


def h_paths_as_pair(h, v1, v2, q1, q2):
    path1 = 2 * (v1 * h - q1) * v1
    path2 = 2 * (v2 * h - q2) * v2
    return path1, path2


WRONG = [
    # check_grad_z
    Wrong(check_grad_z, lambda x, y: (2 * (x * y + 1), 2 * (x * y + 1)), "outer-only", "only dz/du = 2u"),
    Wrong(check_grad_z, lambda x, y: (2 * (x * y + 1) * x, 2 * (x * y + 1) * y), "inner-swapped", "x and y swapped"),
    Wrong(check_grad_z, lambda x, y: ((x * y + 1) * y, (x * y + 1) * x), "no-2", "u·y: the 2 of u² lost"),
    Wrong(check_grad_z, lambda x, y: (2 * x * y * y, 2 * x * y * x), "no-plus-one", "u = x·y, no + 1"),
    Wrong(check_grad_z, lambda x, y: (2 * (x + y), 2 * (x + y)), "x-plus-y", "handout A's w = x + y"),
    Wrong(check_grad_z, lambda x, y: (2 * (x * y + 1) * y, -2 * (x * y + 1) * x), "one-sign", "dz/dy negated"),
    Wrong(check_grad_z, lambda x, y: (2 * (x * y + 1) * y) * (2 * (x * y + 1) * x), "product", "the two multiplied"),
    Wrong(check_grad_z, lambda x, y: (-2 * (x * y + 1) * y, -2 * (x * y + 1) * x), "sign", "both negated"),
    Wrong(check_grad_z, z_with_value_no_backward, "no-backward", "lu.Value without z.backward()"),
    Wrong(check_grad_z, z_with_value_nodes, "type:number", "returns the Value nodes, not their .grad"),
    Wrong(check_grad_z, lambda x, y: 2 * (x * y + 1) * y, "type:sequence", "only dz/dx"),
    Wrong(check_grad_z, lambda x, y: {"dz_dx": 2 * (x * y + 1) * y, "dz_dy": 2 * (x * y + 1) * x}, "type:sequence",
          "a dict instead of a pair"),
    Wrong(check_grad_z, lambda x, y: (x * y + 1) ** 2, "value-not-grad", "returns z itself"),
    Wrong(check_grad_z, lambda x, y: (str(2 * (x * y + 1) * y), str(2 * (x * y + 1) * x)), "type:str",
          "numbers as text"),
    # check_matmul_backward
    Wrong(check_matmul_backward, lambda dY, X, W: (dY @ W.T, dY @ X.T), "dw-wrong-order", "dW = dY Xᵀ"),
    Wrong(check_matmul_backward, lambda dY, X, W: (dY @ W.T, dY.T @ X), "dw-transposed", "dW = dYᵀ X"),
    Wrong(check_matmul_backward, lambda dY, X, W: (dY @ W.T, X @ dY), "dw-no-xt", "dW = X dY"),
    Wrong(check_matmul_backward, lambda dY, X, W: (dY @ W, X.T @ dY), "dx-no-wt", "dX = dY W"),
    Wrong(check_matmul_backward, lambda dY, X, W: (W.T @ dY, X.T @ dY), "dx-wrong-order", "dX = Wᵀ dY"),
    Wrong(check_matmul_backward, lambda dY, X, W: (dY @ W.T, X.T @ dY / len(X)), "dw-mean", "dW divided by N"),
    Wrong(check_matmul_backward, lambda dY, X, W: (X.T @ dY, dY @ W.T), "swapped", "(dW, dX) for (dX, dW)"),
    Wrong(check_matmul_backward, lambda dY, X, W: (dY @ W.T, W.T @ dY), "dw-with-w", "dW = Wᵀ dY: W for X"),
    Wrong(check_matmul_backward, lambda dY, X, W: (dY * W, X * dY), "elementwise", "* for @"),
    Wrong(check_matmul_backward, matmul_dw_only, "dw-only", "returns dW alone"),
    Wrong(check_matmul_backward, matmul_dx_only, "dx-only", "returns dX alone"),
    Wrong(check_matmul_backward, lambda dY, X, W: (dY @ W.T, -(X.T @ dY)), "sign", "dW negated"),
    Wrong(check_matmul_backward, lambda dY, X, W: (dY @ W.T, (X.T @ dY).T), "dw-transposed",
          "dW returned transposed, (K, D)"),
    Wrong(check_matmul_backward, lambda dY, X, W: (dY.dot(W.T).sum(axis=0), X.T @ dY), "shape:summed-rows",
          "dX summed over the rows"),
    # check_grad_h
    Wrong(check_grad_h, lambda h, v1, v2, q1, q2: 2 * (v1 * h - q1) * v1, "path-1-only", "only through y1"),
    Wrong(check_grad_h, lambda h, v1, v2, q1, q2: 2 * (v2 * h - q2) * v2, "path-2-only", "only through y2"),
    Wrong(check_grad_h, lambda h, v1, v2, q1, q2: (v1 * h - q1) * v1 + (v2 * h - q2) * v2, "no-2",
          "the 2 of the square lost"),
    Wrong(check_grad_h, lambda h, v1, v2, q1, q2: (2 * (v1 * h - q1) * v1 + 2 * (v2 * h - q2) * v2) / 2, "no-2",
          "the two paths averaged"),
    Wrong(check_grad_h, lambda h, v1, v2, q1, q2: 2 * (v1 * h - q1) + 2 * (v2 * h - q2), "no-v", "no ∂y/∂h = v"),
    Wrong(check_grad_h, lambda h, v1, v2, q1, q2: (2 * (v1 * h - q1) * v1) * (2 * (v2 * h - q2) * v2),
          "paths-multiplied", "two paths multiplied"),
    Wrong(check_grad_h, lambda h, v1, v2, q1, q2: 2 * (q1 - v1 * h) * v1 + 2 * (q2 - v2 * h) * v2, "sign",
          "target minus prediction"),
    Wrong(check_grad_h, lambda h, v1, v2, q1, q2: (v1 * h - q1) ** 2 + (v2 * h - q2) ** 2, "value-not-grad",
          "returns f"),
    Wrong(check_grad_h, lambda h, v1, v2, q1, q2: 2 * (v1 * h - q1) * h + 2 * (v2 * h - q2) * h, "times-h",
          "∂y/∂h taken as h"),
    Wrong(check_grad_h, lambda h, v1, v2, q1, q2: 2 * v1 * h * v1 + 2 * v2 * h * v2, "no-q", "targets left out"),
    Wrong(check_grad_h, h_paths_as_pair, "paths-not-added", "the two paths as a pair, not added"),
    Wrong(check_grad_h, lambda h, v1, v2, q1, q2: np.array([2 * (v1 * h - q1) * v1 + 2 * (v2 * h - q2) * v2]),
          "type:number", "an array of one entry"),
]

RIGHT = [
    # check_grad_z
    Right(check_grad_z, z_with_value, "lu.Value and backward()"),
    Right(check_grad_z, lambda x, y: np.array([2 * (x * y + 1) * y, 2 * (x * y + 1) * x]), "np.array([dzdx, dzdy])"),
    Right(check_grad_z, lambda x, y: [2 * x * y * y + 2 * y, 2 * x * x * y + 2 * x], "z expanded first, a list"),
    Right(check_grad_z, lambda x, y: tuple(np.float32(2 * (x * y + 1)) * np.float32([y, x])), "float32"),
    Right(check_grad_z, z_central_difference, "central differences (exact for a quadratic)"),
    # check_matmul_backward
    Right(check_matmul_backward, lambda dY, X, W: (np.einsum("nk,dk->nd", dY, W), np.einsum("nd,nk->dk", X, dY)),
          "einsum"),
    Right(check_matmul_backward, lambda dY, X, W: (np.dot(dY, W.T), np.dot(X.T, dY)), "np.dot"),
    Right(check_matmul_backward, lambda dY, X, W: ((W @ dY.T).T, (dY.T @ X).T), "transposes of transposes"),
    Right(check_matmul_backward, lambda dY, X, W: ((dY @ W.T).tolist(), (X.T @ dY).tolist()), "Python lists"),
    Right(check_matmul_backward, lambda dY, X, W: (dY.astype(np.float32) @ W.T.astype(np.float32),
                                                   X.T.astype(np.float32) @ dY.astype(np.float32)), "float32"),
    Right(check_matmul_backward, matmul_loops, "three nested loops"),
    Right(check_matmul_backward, lambda dY, X, W: lu.linear_backward(dY, X, W)[:2], "lu.linear_backward"),
    # check_grad_h
    Right(check_grad_h, h_with_value, "lu.Value"),
    Right(check_grad_h, lambda h, v1, v2, q1, q2: 2 * h * (v1 ** 2 + v2 ** 2) - 2 * (q1 * v1 + q2 * v2),
          "f expanded first"),
    Right(check_grad_h, lambda h, v1, v2, q1, q2: 2 * np.dot(np.array([v1, v2]) * h - [q1, q2], [v1, v2]),
          "vectorised, a NumPy number"),
    Right(check_grad_h, lambda h, v1, v2, q1, q2: sum(2 * (v * h - q) * v for v, q in ((v1, q1), (v2, q2))),
          "a sum over the paths"),
]

MISTAKES = {check_grad_z: GRAD_Z_MISTAKES, check_matmul_backward: MATMUL_MISTAKES, check_grad_h: GRAD_H_MISTAKES}

WRONG += [  # answers whose hint needed the engine to look closer
    Wrong(check_grad_z, lambda x, y: None, "none-returned", "forgot the return"),
]
