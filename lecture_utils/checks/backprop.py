"""Checks for the exercises of notebook 06 (backpropagation in matrix form)."""

from __future__ import annotations

import numpy as np

from ..activations import relu, relu_grad, sigmoid, sigmoid_grad
from ._core import Case, CheckReport, Mistake, rows, run_check

# --- exercise 1: the backward pass of a 2-layer ReLU network --------------------------------


def two_layer_backward(X, Y, W1, b1, W2, b2, *, transpose=False, no_relu_grad=False, no_n=False, flip=False,
                       db_mean=False, db_unsummed=False, mask_after=False, W2_back=None, z_for_h=False):
    """Reference (and, with a flag set, a known mistake) for the 2-layer backward pass.

    Network: Z1 = X W1 + b1, H = relu(Z1), O = H W2 + b2, L = half_mse(O, Y) = (1/2n) Σ (O − Y)².
    ``W2_back`` replaces W2 in dH = dO W2ᵀ only (a W2 updated too early).

    Parameters
    ----------
    X : (n, d); Y : (n, p); W1 : (d, h); b1 : (h,); W2 : (h, p); b2 : (p,)

    Returns
    -------
    dW1 (d, h), db1 (h,), dW2 (h, p), db2 (p,)
    """
    X, Y, W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (X, Y, W1, b1, W2, b2))
    n = X.shape[0]
    Z1 = X @ W1 + b1
    H = relu(Z1)
    O = H @ W2 + b2
    dO = O - Y if no_n else (O - Y) / n
    if flip:
        dO = -dO
    A = Z1 if z_for_h else H
    dW2 = dO.T @ A if transpose else A.T @ dO
    db2 = dO.mean(axis=0) if db_mean else dO if db_unsummed else dO.sum(axis=0)
    dH = dO @ (W2 if W2_back is None else np.asarray(W2_back, dtype=float)).T
    dZ1 = dH if no_relu_grad else dH * relu_grad(Z1)
    if mask_after:
        dZ1 = dH * H
    dW1 = dZ1.T @ X if transpose else X.T @ dZ1
    db1 = dZ1.mean(axis=0) if db_mean else dZ1 if db_unsummed else dZ1.sum(axis=0)
    return dW1, db1, dW2, db2


def _reference_two_layer(X, Y, W1, b1, W2, b2):
    return two_layer_backward(X, Y, W1, b1, W2, b2)


def _cases_two_layer() -> list[Case]:
    rng = np.random.default_rng(601)

    def case(n, d, h, p):
        return (rng.normal(size=(n, d)), rng.normal(size=(n, p)), rng.normal(size=(d, h)),
                0.3 * rng.normal(size=h), rng.normal(size=(h, p)), 0.3 * rng.normal(size=p))

    X, Y, W1, b1, W2, b2 = case(3, 2, 3, 1)
    return [
        Case(case(3, 2, 4, 2), "a batch of n = 3 examples, d = 2 inputs, 4 hidden units, p = 2 outputs"),
        Case(case(6, 2, 4, 3), "n = 6, d = 2, 4 hidden units, p = 3"),
        Case(case(1, 3, 2, 2), "a single example (n = 1)"),
        Case(tuple(a.tolist() for a in (X, Y, W1, b1, W2, b2)), "inputs given as Python lists"),
    ]


def _db_keepdims(*args):
    dW1, db1, dW2, db2 = two_layer_backward(*args)
    return dW1, db1[None, :], dW2, db2[None, :]


def _over_size(*args):
    p = np.shape(args[1])[1]
    return tuple(g / p for g in two_layer_backward(*args))


TWO_LAYER_MISTAKES = (
    Mistake("dW2 = Hᵀ dO uses the layer's INPUT H = relu(Z1), the activation, not the pre-activation Z1.",
            lambda *a: two_layer_backward(*a, z_for_h=True), "z-for-h"),
    Mistake("wrong transpose: a weight gradient has the weight's shape, dW = Aᵀ @ dZ "
            "(the layer's input transposed, on the LEFT); dZᵀ @ A is its transpose "
            "(handout D's wrong order).",
            lambda *a: two_layer_backward(*a, transpose=True), "transpose"),
    Mistake("you forgot the activation derivative: dZ1 = dH ⊙ relu'(Z1), which zeroes the rows "
            "where the hidden unit was off (Z1 ≤ 0).",
            lambda *a: two_layer_backward(*a, no_relu_grad=True), "no-relu-grad"),
    Mistake("no division by n: the loss is averaged over the batch, so dO = (O − Y) / n.",
            lambda *a: two_layer_backward(*a, no_n=True), "no-n"),
    Mistake("wrong sign: ∂L/∂O = (O − Y) / n, prediction minus target; (Y − O) is the negative gradient.",
            lambda *a: two_layer_backward(*a, flip=True), "sign"),
    Mistake("the sign is wrong AND the 1/n is missing: use dO = (O − Y) / n.",
            lambda *a: two_layer_backward(*a, no_n=True, flip=True), "sign-no-n"),
    Mistake("a bias gradient is the SUM of dZ over the rows, not the mean: the 1/n is already in dO, "
            "and b reaches the loss through every row.",
            lambda *a: two_layer_backward(*a, db_mean=True), "db-mean"),
    Mistake("db is not summed over the batch: b has shape (p,) and is added to every row, so "
            "db = dZ.sum(axis=0).", lambda *a: two_layer_backward(*a, db_unsummed=True), "db-unsummed"),
    Mistake("you multiplied dH by H = relu(Z1) instead of relu'(Z1): the mask is 1 where Z1 > 0 and 0 "
            "elsewhere, not the activation itself.", lambda *a: two_layer_backward(*a, mask_after=True), "times-h"),
    Mistake("your db has shape (1, …): sum(axis=0, keepdims=True) keeps the summed axis. A bias gradient has the "
            "bias's shape, one entry per unit: drop keepdims (dZ.sum(axis=0)).", _db_keepdims, "db-keepdims"),
    Mistake("you divided by n·p, the number of entries of O (np.mean over everything): the loss is "
            "(1/2n) Σ (O − Y)², an average over the n rows only, so dO = (O − Y) / n.", _over_size, "over-size"),
)


def check_two_layer_backward(backward, *, time_limit: float | None = None) -> CheckReport:
    """Check ``backward(X, Y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2)``.

    Network: H = relu(X W1 + b1), O = H W2 + b2, loss (1/2n) Σ (O − Y)².
    """
    return run_check("check_two_layer_backward", backward, _reference_two_layer, _cases_two_layer(),
                     mistakes=TWO_LAYER_MISTAKES, output_names=("dW1", "db1", "dW2", "db2"), n_rows=rows,
                     time_limit=time_limit)


# --- exercise 2: the output bias gradient over a batch -------------------------------------


def output_bias_gradient(Y_pred, Y_true):
    """∂L/∂b of the last layer for L = (1/2n) Σ (Y_pred − Y_true)²: Σ_rows (Y_pred − Y_true) / n, shape (p,)."""
    Y_pred, Y_true = np.asarray(Y_pred, dtype=float), np.asarray(Y_true, dtype=float)
    return ((Y_pred - Y_true) / len(Y_pred)).sum(axis=0)


def _cases_bias() -> list[Case]:
    rng = np.random.default_rng(602)
    # In the first case n/p is not 2: dividing by p there would look exactly like a missing ½ (a factor 2).
    return [
        Case((rng.normal(size=(5, 2)), rng.normal(size=(5, 2))), "n = 5 examples, p = 2 outputs"),
        Case((rng.normal(size=(3, 3)), rng.normal(size=(3, 3))), "a square batch: n = p = 3"),
        Case((rng.normal(size=(5, 1)), rng.normal(size=(5, 1))), "one output (p = 1)"),
        Case((rng.normal(size=(1, 3)), rng.normal(size=(1, 3))), "a single example (n = 1)"),
        Case(([[1.0, 2.0], [3.0, 4.0]], [[0.0, 0.0], [1.0, 1.0]]), "lists"),
    ]


def _dY(Y_pred, Y_true):
    Y_pred, Y_true = np.asarray(Y_pred, dtype=float), np.asarray(Y_true, dtype=float)
    return (Y_pred - Y_true) / len(Y_pred)


BIAS_MISTAKES = (
    Mistake("you took the MEAN over the rows: dY already holds the 1/n of the loss, so db is the SUM "
            "Σᵢ dYᵢ (b reaches the loss through every row, and the paths add).",
            lambda P, T: _dY(P, T).mean(axis=0), "mean"),
    Mistake("you did not sum over the batch: db must have b's shape (p,); b is added to every row, "
            "so its gradient is the sum of dY over the rows.",
            lambda P, T: _dY(P, T), "not-summed"),
    Mistake("you summed over the wrong axis: sum over the rows (axis=0), giving one entry per output.",
            lambda P, T: _dY(P, T).sum(axis=1), "wrong-axis"),
    Mistake("you summed (Y_pred − Y_true) without the 1/n of the averaged loss.",
            lambda P, T: (np.asarray(P, dtype=float) - np.asarray(T, dtype=float)).sum(axis=0), "no-n"),
    Mistake("wrong sign: the gradient uses prediction minus target, Y_pred − Y_true.",
            lambda P, T: -output_bias_gradient(P, T), "sign"),
    Mistake("you summed over everything, down to one number: sum over the rows only (axis=0), "
            "which leaves one entry per output, the shape of b.",
            lambda P, T: _dY(P, T).sum(), "sum-all"),
    Mistake("you divided by p, the number of outputs; the loss averages over the n rows, so divide by n.",
            lambda P, T: (np.asarray(P, dtype=float) - np.asarray(T, dtype=float)).sum(axis=0)
            / np.asarray(P).shape[1], "divided-by-p"),
    Mistake("your result has shape (1, p): sum(axis=0, keepdims=True) keeps the summed axis. b has shape (p,): "
            "drop keepdims.", lambda P, T: _dY(P, T).sum(axis=0, keepdims=True), "keepdims"),
    Mistake("you took the mean over axis=1, the outputs, which leaves one number per example: combine the rows "
            "(axis=0) instead, one entry per output.",
            lambda P, T: (np.asarray(P, dtype=float) - np.asarray(T, dtype=float)).mean(axis=1), "mean-axis-1"),
    Mistake("you divided by n·p, the number of entries (np.mean over everything): the loss averages over the "
            "n rows only, so db = Σ_rows (Y_pred − Y_true) / n.",
            lambda P, T: (np.asarray(P, dtype=float) - np.asarray(T, dtype=float)).sum(axis=0) / np.size(P),
            "over-size"),
)


def check_output_bias_gradient(db_output, *, time_limit: float | None = None) -> CheckReport:
    """Check ``db_output(Y_pred, Y_true) -> db`` of shape (p,) for L = (1/2n) Σ (Y_pred − Y_true)²."""
    return run_check("check_output_bias_gradient", db_output, output_bias_gradient, _cases_bias(),
                     mistakes=BIAS_MISTAKES, n_rows=rows, time_limit=time_limit)


# --- exercise 3: one step of gradient descent ----------------------------------------------


def gd_step(W, dW, lr):
    """One plain gradient-descent step on one array: W − lr · dW, a new array (W is not changed)."""
    return np.asarray(W, dtype=float) - lr * np.asarray(dW, dtype=float)


def _cases_gd() -> list[Case]:
    rng = np.random.default_rng(603)
    return [
        Case((rng.normal(size=(3, 2)), rng.normal(size=(3, 2)), 0.1), "a (3, 2) weight matrix, α = 0.1"),
        Case((rng.normal(size=4), rng.normal(size=4), 0.5), "a bias vector, α = 0.5"),
        Case(([[1.0, -1.0], [0.5, 2.0]], [[0.2, 0.0], [-0.4, 1.0]], 0.01), "lists, α = 0.01"),
    ]


GD_MISTAKES = (
    Mistake("the learning rate multiplies the gradient, not W: W − α ∂L/∂W, i.e. W - lr * dW.",
            lambda W, dW, lr: lr * np.asarray(W, dtype=float) - np.asarray(dW, dtype=float), "lr-on-w"),
    Mistake("you returned the step −α ∂L/∂W alone: add it to W, W_new = W − lr * dW.",
            lambda W, dW, lr: -lr * np.asarray(dW, dtype=float), "minus-step-only"),
    Mistake("+ instead of −: the gradient points uphill, so step against it, W := W − α ∂L/∂W.",
            lambda W, dW, lr: np.asarray(W, dtype=float) + lr * np.asarray(dW, dtype=float), "plus"),
    Mistake("you forgot the learning rate α: W := W − α ∂L/∂W (handout B drops α on one line).",
            lambda W, dW, lr: np.asarray(W, dtype=float) - np.asarray(dW, dtype=float), "no-lr"),
    Mistake("+ instead of − and no α: use W − α ∂L/∂W.",
            lambda W, dW, lr: np.asarray(W, dtype=float) + np.asarray(dW, dtype=float), "plus-no-lr"),
    Mistake("you divided by α: the step is α times the gradient, W − α ∂L/∂W.",
            lambda W, dW, lr: np.asarray(W, dtype=float) - np.asarray(dW, dtype=float) / lr, "divided"),
    Mistake("you returned the step α ∂L/∂W alone: subtract it from W.",
            lambda W, dW, lr: lr * np.asarray(dW, dtype=float), "step-only"),
    Mistake("the learning rate multiplies W as well: the step is W − α ∂L/∂W, not α (W − ∂L/∂W).",
            lambda W, dW, lr: lr * (np.asarray(W, dtype=float) - np.asarray(dW, dtype=float)), "lr-times-all"),
    Mistake("you returned the gradient step with W's sign flipped: W_new = W − α ∂L/∂W.",
            lambda W, dW, lr: lr * np.asarray(dW, dtype=float) - np.asarray(W, dtype=float), "reversed"),
    Mistake("the check also passes Python lists, and lr * a_list fails (a list can only be repeated by a whole "
            "number): turn both inputs into arrays first, np.asarray(dW, dtype=float).",
            lambda W, dW, lr: np.asarray(W, dtype=float) - lr * dW, "lists"),
)


def check_gd_step(step, *, time_limit: float | None = None) -> CheckReport:
    """Check ``step(W, dW, lr) -> W_new`` with W_new = W − lr · dW (a new array; W unchanged)."""
    return run_check("check_gd_step", step, gd_step, _cases_gd(), mistakes=GD_MISTAKES, time_limit=time_limit)


# --- exercise 4: handout B's sigmoid network, backward -------------------------------------



def sigmoid_net_backward(X, Y, W1, b1, W2, b2, *, factor2="A2", factor1="A1", flip=False, no_n=False,
                         db_unsummed=False, no_transpose=False, z1_for_a1=False):
    """Reference (and, with an option changed, a known mistake) for handout B's sigmoid network.

    Network: A1 = σ(X W1 + b1), A2 = σ(A1 W2 + b2), L = half_mse(A2, Y) = (1/2n) Σ (A2 − Y)².
    Backward: dZ2 = (A2 − Y)/n ⊙ A2(1 − A2), dW2 = A1ᵀ dZ2, dZ1 = dZ2 W2ᵀ ⊙ A1(1 − A1), dW1 = Xᵀ dZ1,
    each db the sum of its dZ over the rows.

    ``factor2`` / ``factor1`` name what the sigmoid factor of dZ2 / dZ1 is built from: "A2", "A1"
    (H(1 − H) of that layer's output), "Z2", "Z1" (Z(1 − Z)), "σ'(A2)", "σ'(A1)" (sigmoid_grad applied
    to A) or "none" (no factor).

    Parameters
    ----------
    X : (n, d); Y : (n, p); W1 : (d, h); b1 : (h,); W2 : (h, p); b2 : (p,)

    Returns
    -------
    dW1 (d, h), db1 (h,), dW2 (h, p), db2 (p,)
    """
    X, Y, W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (X, Y, W1, b1, W2, b2))
    Z1 = X @ W1 + b1
    A1 = sigmoid(Z1)
    Z2 = A1 @ W2 + b2
    A2 = sigmoid(Z2)
    factors = {"A2": A2 * (1.0 - A2), "A1": A1 * (1.0 - A1), "Z2": Z2 * (1.0 - Z2), "Z1": Z1 * (1.0 - Z1),
               "σ'(A2)": sigmoid_grad(A2), "σ'(A1)": sigmoid_grad(A1), "none": 1.0}
    E2 = (A2 - Y) if no_n else (A2 - Y) / len(X)
    if flip:
        E2 = -E2
    dZ2 = E2 * factors[factor2]
    dW2 = (Z1 if z1_for_a1 else A1).T @ dZ2
    E1 = dZ2 @ (W2 if no_transpose else W2.T)
    dZ1 = E1 * factors[factor1]
    dW1 = X.T @ dZ1
    db1, db2 = (dZ1, dZ2) if db_unsummed else (dZ1.sum(axis=0), dZ2.sum(axis=0))
    return dW1, db1, dW2, db2


def _reference_sigmoid_net(X, Y, W1, b1, W2, b2):
    return sigmoid_net_backward(X, Y, W1, b1, W2, b2)


def _cases_sigmoid_net() -> list[Case]:
    rng = np.random.default_rng(604)

    def case(n, d, h, p):
        return (rng.normal(size=(n, d)), rng.uniform(0.05, 0.95, size=(n, p)), rng.normal(size=(d, h)),
                0.5 * rng.normal(size=h), 1.5 * rng.normal(size=(h, p)), 0.5 * rng.normal(size=p))

    # The first case has as many hidden units as outputs (h = p = 2), so A1 and A2 have the same
    # shape: H(1 − H) built from the wrong layer runs without a shape error, and the check can name it.
    return [
        Case(case(4, 3, 2, 2), "n = 4 examples, d = 3 inputs, h = 2 hidden units, p = 2 outputs (h = p)"),
        Case(case(5, 2, 3, 1), "section 7's shapes: n = 5, d = 2, h = 3, p = 1"),
        Case(case(1, 2, 4, 3), "a single example (n = 1), h = 4, p = 3"),
        Case(case(6, 4, 3, 3), "n = 6, d = 4, h = p = 3"),
    ]


SIGMOID_NET_MISTAKES = (
    Mistake("dW2 = A1ᵀ dZ2 uses the hidden layer's OUTPUT A1 = σ(Z1), the input of layer 2, not Z1.",
            lambda *a: sigmoid_net_backward(*a, z1_for_a1=True), "z1-for-a1"),
    Mistake("the error of the hidden layer is E1 = dZ2 W2ᵀ: W2 has shape (h, p), so going back from p outputs to "
            "h hidden units multiplies by its TRANSPOSE (with h = p, dZ2 @ W2 runs but is wrong).",
            lambda *a: sigmoid_net_backward(*a, no_transpose=True), "no-transpose"),
    Mistake("the output layer's sigmoid factor is built from the wrong H: dZ2 = E2 ⊙ A2(1 − A2), with A2 = σ(Z2), "
            "the output of THIS layer; you used A1(1 − A1).",
            lambda *a: sigmoid_net_backward(*a, factor2="A1"), "a1-in-layer-2"),
    Mistake("the hidden layer's sigmoid factor is built from the wrong H: dZ1 = E1 ⊙ A1(1 − A1), with "
            "A1 = σ(Z1), the output of THIS layer; you used A2(1 − A2).",
            lambda *a: sigmoid_net_backward(*a, factor1="A2"), "a2-in-layer-1"),
    Mistake("the two sigmoid factors are swapped: each layer uses the derivative of its OWN output, "
            "dZ2 = E2 ⊙ A2(1 − A2) and dZ1 = E1 ⊙ A1(1 − A1).",
            lambda *a: sigmoid_net_backward(*a, factor2="A1", factor1="A2"), "factors-swapped"),
    Mistake("you wrote Z(1 − Z): the sigmoid's derivative is σ(Z)(1 − σ(Z)) = A(1 − A), built from the "
            "activation A = σ(Z), not from Z.",
            lambda *a: sigmoid_net_backward(*a, factor2="Z2", factor1="Z1"), "z-for-a"),
    Mistake("lu.sigmoid_grad expects the pre-activation Z: sigmoid_grad(Z) = σ(Z)(1 − σ(Z)). Applied to "
            "A = σ(Z) it applies σ twice. Use sigmoid_grad(Z) or A * (1 - A).",
            lambda *a: sigmoid_net_backward(*a, factor2="σ'(A2)", factor1="σ'(A1)"), "sigmoid-grad-of-a"),
    Mistake("the sigmoid factors are missing: each layer goes through σ, so dZ2 = E2 ⊙ A2(1 − A2) and "
            "dZ1 = E1 ⊙ A1(1 − A1).",
            lambda *a: sigmoid_net_backward(*a, factor2="none", factor1="none"), "no-factor"),
    Mistake("the output layer's sigmoid factor is missing: A2 = σ(Z2), so dZ2 = E2 ⊙ A2(1 − A2). "
            "(dZ2 = E2 holds for a linear output layer, as in exercise 1.)",
            lambda *a: sigmoid_net_backward(*a, factor2="none"), "no-output-factor"),
    Mistake("the hidden layer's sigmoid factor is missing: A1 = σ(Z1), so dZ1 = (dZ2 W2ᵀ) ⊙ A1(1 − A1).",
            lambda *a: sigmoid_net_backward(*a, factor1="none"), "no-hidden-factor"),
    Mistake("wrong sign: E2 = (A2 − Y)/n, prediction minus target. Handout B's first slide writes Y − A2; "
            "with that error the gradient is MINUS (e ⊙ g')A1ᵀ (section 7).",
            lambda *a: sigmoid_net_backward(*a, flip=True), "sign"),
    Mistake("db is not summed over the batch: b has one entry per unit and is added to every row, so "
            "db = dZ.sum(axis=0).", lambda *a: sigmoid_net_backward(*a, db_unsummed=True), "db-unsummed"),
    Mistake("no division by n: the loss is averaged over the n rows, so E2 = (A2 − Y) / n.",
            lambda *a: sigmoid_net_backward(*a, no_n=True), "no-n"),
)


def check_sigmoid_net_backward(backward, *, time_limit: float | None = None) -> CheckReport:
    """Check ``backward(X, Y, W1, b1, W2, b2) -> (dW1, db1, dW2, db2)`` for handout B's network.

    Network: A1 = σ(X W1 + b1), A2 = σ(A1 W2 + b2), loss (1/2n) Σ (A2 − Y)².
    """
    return run_check("check_sigmoid_net_backward", backward, _reference_sigmoid_net, _cases_sigmoid_net(),
                     mistakes=SIGMOID_NET_MISTAKES, output_names=("dW1", "db1", "dW2", "db2"), n_rows=rows,
                     time_limit=time_limit)


# --- exercise 5: one training step, every gradient from the old weights ----------------------

TRAIN_PARAMS = ("W1", "b1", "W2", "b2")


def train_step_with(X, Y, params, lr, *, w2_first=False, flip=False, no_lr=False, biases=True, no_n=False,
                    no_relu_grad=False, grads_only=False, db_mean=False):
    """Reference (and, with an option set, a known mistake) for one gradient-descent step.

    Network: H = relu(X W1 + b1), O = H W2 + b2, L = half_mse(O, Y). Returns a new dict
    {W1, b1, W2, b2}: every parameter minus lr times its gradient, all gradients taken at
    the OLD parameters. ``w2_first`` computes dZ1 from W2 after its update (the mistake).
    """
    W1, b1, W2, b2 = (np.asarray(params[k], dtype=float) for k in TRAIN_PARAMS)
    rate = 1.0 if no_lr else lr
    sign = 1.0 if flip else -1.0
    _, _, dW2, _ = two_layer_backward(X, Y, W1, b1, W2, b2, no_n=no_n)
    W2_new = W2 + sign * rate * dW2
    dW1, db1, dW2, db2 = two_layer_backward(X, Y, W1, b1, W2, b2, no_n=no_n, no_relu_grad=no_relu_grad,
                                            W2_back=W2_new if w2_first else None, db_mean=db_mean)
    if grads_only:
        return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
    new = {"W1": W1 + sign * rate * dW1, "b1": b1 + sign * rate * db1, "W2": W2_new, "b2": b2 + sign * rate * db2}
    if not biases:
        new["b1"], new["b2"] = b1, b2
    return new


def _reference_train_step(X, Y, params, lr):
    return train_step_with(X, Y, params, lr)


def _cases_train_step() -> list[Case]:
    rng = np.random.default_rng(605)

    def case(n, d, h, p):
        params = {"W1": rng.normal(size=(d, h)), "b1": 0.5 * rng.normal(size=h),
                  "W2": rng.normal(size=(h, p)), "b2": 0.5 * rng.normal(size=p)}
        return rng.normal(size=(n, d)), 2.0 * rng.normal(size=(n, p)), params

    # The learning rates are large, so that W2 after its step differs from W2 before it by far more
    # than the tolerance: a dZ1 computed from the new W2 gives visibly other W1 and b1.
    return [
        Case((*case(4, 2, 3, 2), 0.5), "n = 4 examples, d = 2, 3 hidden units, p = 2 outputs, lr = 0.5"),
        Case((*case(6, 3, 4, 1), 1.0), "n = 6, d = 3, 4 hidden units, p = 1, lr = 1"),
        Case((np.array([[1.0, -0.5]]), np.array([[-1.0, 2.0]]),
              {"W1": np.array([[0.8, -0.6], [0.4, 0.9]]), "b1": np.array([0.1, 0.2]),
               "W2": np.array([[1.2, -0.7], [0.5, 1.0]]), "b2": np.array([0.1, -0.2])}, 0.8),
             "a single example (n = 1): hidden unit 1 on (Z1 = 0.7), unit 2 off (Z1 = -0.85), lr = 0.8"),
    ]


TRAIN_STEP_MISTAKES = (
    Mistake("a bias gradient is the SUM of dZ over the rows, not the mean: the 1/n is already in dO = (O − Y)/n.",
            lambda *a: train_step_with(*a, db_mean=True), "db-mean"),
    Mistake("W2 was updated before dZ1 was computed, so dZ1 = (dO W2ᵀ) ⊙ relu'(Z1) used the NEW W2. Every "
            "gradient is taken at the same, old weights: compute dW1, db1, dW2, db2 first, then update "
            "(section 7, 'Compute all gradients, then update').",
            lambda *a: train_step_with(*a, w2_first=True), "w2-updated-first"),
    Mistake("+ instead of −: the gradient points uphill, so each parameter steps against it, W − lr · dW.",
            lambda *a: train_step_with(*a, flip=True), "sign"),
    Mistake("the learning rate is missing: each parameter moves by lr times its gradient, W − lr · dW.",
            lambda *a: train_step_with(*a, no_lr=True), "no-lr"),
    Mistake("the biases were not updated: b1 and b2 are parameters too and take the step b − lr · db.",
            lambda *a: train_step_with(*a, biases=False), "biases-not-updated"),
    Mistake("no division by n in dO: the loss is averaged over the n rows, so dO = (O − Y) / n.",
            lambda *a: train_step_with(*a, no_n=True), "no-n"),
    Mistake("the ReLU derivative is missing: dZ1 = (dO W2ᵀ) ⊙ relu'(Z1), which is 0 where a hidden unit was off.",
            lambda *a: train_step_with(*a, no_relu_grad=True), "no-relu-grad"),
    Mistake("you returned the gradients: return the new parameters, params[name] − lr · (gradient of name).",
            lambda *a: train_step_with(*a, grads_only=True), "grads-returned"),
)


def check_train_step(train_step, *, time_limit: float | None = None) -> CheckReport:
    """Check ``train_step(X, Y, params, lr) -> new params`` for the 2-layer ReLU network of exercise 1.

    ``params`` is a dict with W1 (d, h), b1 (h,), W2 (h, p), b2 (p,); the function returns a NEW
    dict with the same keys after one gradient-descent step on half_mse, and leaves ``params``
    unchanged (the check passes copies and reports a change in place).
    """
    return run_check("check_train_step", train_step, _reference_train_step, _cases_train_step(),
                     mistakes=TRAIN_STEP_MISTAKES, time_limit=time_limit)
