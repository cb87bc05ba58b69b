"""Vanishing gradients (기울기 소실) and initial weights (초기값): helpers of notebook 07.

Row convention, as in ``lecture_utils.mlp``: for an MLP with L layers and a
batch X of shape (n, d_0),

    Z⁽ˡ⁾ = H⁽ˡ⁻¹⁾ W⁽ˡ⁾ + b⁽ˡ⁾,  H⁽ˡ⁾ = f(Z⁽ˡ⁾),  H⁽⁰⁾ = X,  O = Z⁽ᴸ⁾.

The backward signal of layer l is δ⁽ˡ⁾ = ∂L/∂Z⁽ˡ⁾, of shape (n, d_l). It obeys

    δ⁽ˡ⁻¹⁾ = (δ⁽ˡ⁾ W⁽ˡ⁾ᵀ) ⊙ f'(Z⁽ˡ⁻¹⁾),

so ‖δ⁽ˡ⁻¹⁾‖ ≤ max|f'| · ‖W⁽ˡ⁾‖₂ · ‖δ⁽ˡ⁾‖ (Frobenius norms for δ, the spectral
norm ‖·‖₂ for W). For the sigmoid max|f'| = 1/4.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, require_ndim
from .losses import half_mse_grad, softmax_cross_entropy_grad
from .mlp import MLP

MAX_DERIVATIVE = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "identity": 1.0}
"""Activation name → the largest value of its derivative, max_z |f'(z)|."""


def random_batch(n: int = 64, d: int = 64, num_classes: int = 10, seed: int = 0):
    """A seeded batch of standard-normal inputs and random class labels.

    Gradients at initialisation need no meaningful data: any batch shows how
    the backward signal changes from layer to layer.

    Returns
    -------
    X : (n, d) float64, entries from N(0, 1)
    y : (n,) np.intp (the platform's index integer), labels in 0 … num_classes − 1
    """
    rng = np.random.default_rng(seed)
    # Drawn as int64 so that the browser edition (32-bit) gets the same labels.
    return rng.standard_normal((n, d)), rng.integers(0, num_classes, size=n, dtype=np.int64).astype(np.intp)


def deep_mlp(sizes, activation: str = "sigmoid", scheme: str = "xavier", std: float = 0.01, seed: int = 0) -> MLP:
    """``MLP(sizes, activation, init=scheme, seed=seed, std=std)``, with this module's defaults (sigmoid, Xavier).

    Kept for existing material: ``MLP`` itself now takes ``std`` for ``init="normal"``, and notebook 07 uses it.

    Parameters
    ----------
    sizes : [d_0, d_1, …, d_L]
    activation : "sigmoid", "tanh", "relu" or "identity"
    scheme : "zeros", "normal", "xavier" or "he"
    std : standard deviation for scheme "normal"
    seed : seed of the weights
    """
    return MLP(sizes, activation=activation, init=scheme, seed=seed, std=std)


def _output_grad(O: np.ndarray, y, loss: str) -> np.ndarray:
    if loss == "cross_entropy":
        return softmax_cross_entropy_grad(O, y)
    if loss == "half_mse":
        y = as_float_array(y, "y", "backward_signals")
        return half_mse_grad(O, y[:, None] if y.ndim == 1 and O.shape[1] == 1 else y)
    raise ValueError(f"backward_signals: unknown loss {loss!r}; expected 'cross_entropy' or 'half_mse'.")


def backward_signals(model: MLP, X, y, loss: str = "cross_entropy") -> list[np.ndarray]:
    """The backward signal δ⁽ˡ⁾ = ∂L/∂Z⁽ˡ⁾ of every layer, from one backward pass.

    Parameters
    ----------
    model : MLP with L layers
    X : (n, d_0) batch; y : its labels or targets, as for ``MLP.loss_and_grads``
    loss : "cross_entropy" or "half_mse"

    Returns
    -------
    deltas : list of L arrays, deltas[l - 1] = δ⁽ˡ⁾ of shape (n, d_l), l = 1 … L.
        They agree with ``model.loss_and_grads``: ∂L/∂W⁽ˡ⁾ = H⁽ˡ⁻¹⁾ᵀ δ⁽ˡ⁾ and
        ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾ summed over the rows.
    """
    O, _, Zs = model.forward_cache(X)
    return _backward_from(model, Zs, _output_grad(O, y, loss))


def backward_signals_from(model: MLP, X, dO) -> list[np.ndarray]:
    """The backward signals δ⁽¹⁾ … δ⁽ᴸ⁾ for a given output signal δ⁽ᴸ⁾ = ``dO`` instead of a loss's.

    Parameters
    ----------
    model : MLP with L layers
    X : (n, d_0) batch
    dO : (n, d_L) the backward signal at the output, ∂L/∂O

    Returns
    -------
    deltas : list of L arrays, deltas[l − 1] = δ⁽ˡ⁾ of shape (n, d_l); deltas[L − 1] is ``dO``
    """
    O, _, Zs = model.forward_cache(X)
    dO = as_float_array(dO, "dO", "backward_signals_from")
    if dO.shape != O.shape:
        raise ValueError(f"backward_signals_from: dO has shape {dO.shape}; expected {O.shape}, the output's shape.")
    return _backward_from(model, Zs, dO)


def _backward_from(model: MLP, Zs: list[np.ndarray], delta: np.ndarray) -> list[np.ndarray]:
    """δ⁽¹⁾ … δ⁽ᴸ⁾ from the output signal δ⁽ᴸ⁾ = ``delta`` and the pre-activations ``Zs`` of a forward pass."""
    deltas = [delta]
    for l in range(model.num_layers, 1, -1):
        delta = (delta @ model.params[f"W{l}"].T) * model.f_grad(Zs[l - 2])
        deltas.append(delta)
    return deltas[::-1]


def gradient_norms(model: MLP, X, y, loss: str = "cross_entropy") -> np.ndarray:
    """‖∂L/∂W⁽ˡ⁾‖ (Frobenius norm) of every layer, from ``model.loss_and_grads``.

    Returns
    -------
    norms : (L,) array, norms[l - 1] belongs to W⁽ˡ⁾ (layer 1 is next to the input)
    """
    _, grads = model.loss_and_grads(X, y, loss=loss)
    return np.array([np.linalg.norm(grads[f"W{l}"]) for l in range(1, model.num_layers + 1)])


def backward_bound(model: MLP) -> float:
    """The bound on ‖δ⁽¹⁾‖ / ‖δ⁽ᴸ⁾‖ that the recursion gives.

    max|f'|^(L−1) · ‖W⁽²⁾‖₂ ‖W⁽³⁾‖₂ ⋯ ‖W⁽ᴸ⁾‖₂: the signal crosses L − 1
    activations and L − 1 weight matrices (W⁽¹⁾ is not crossed) on its way
    from the output layer down to layer 1. For the sigmoid max|f'| = 1/4.
    """
    if model.activation not in MAX_DERIVATIVE:
        raise ValueError(f"backward_bound: no derivative bound for activation {model.activation!r}.")
    L = model.num_layers
    norms = [np.linalg.norm(model.params[f"W{l}"], 2) for l in range(2, L + 1)]
    return float(MAX_DERIVATIVE[model.activation] ** (L - 1) * np.prod(norms))


def hidden_activations(model: MLP, X) -> list[np.ndarray]:
    """The hidden layers' outputs H⁽¹⁾ … H⁽ᴸ⁻¹⁾ for the batch X (n, d_0).

    Returns
    -------
    list of L − 1 arrays, entry l − 1 has shape (n, d_l)
    """
    return model.forward_cache(X)[1][1:]


def dead_unit_fraction(H) -> float:
    """Fraction of units (columns of H, shape (n, d)) that output 0 for every example (row).

    A ReLU unit that is 0 for every input also has derivative 0 for every
    input, so its incoming weights and bias get zero gradient. In layer 1
    it stays dead; in a deeper layer it can revive when the layers below
    it change its input H⁽ˡ⁻¹⁾.
    """
    H = as_float_array(H, "H", "dead_unit_fraction")
    require_ndim(H, (2,), "H", "dead_unit_fraction", "(n, d): one example per row, one unit per column")
    return float(np.mean(np.all(H == 0, axis=0)))


def best_linear_accuracy(X, y, num_angles: int = 3600) -> float:
    """The best training accuracy of a straight-line (linear) classifier on two-class 2-D data.

    Tries ``num_angles`` directions w = (cos θ, sin θ) spread over the full circle and, for each, every
    threshold between neighbouring projections x · w; class 1 is predicted above the threshold. The
    answer is a lower bound on the best half-plane's accuracy that becomes exact as the grid gets finer.

    Parameters
    ----------
    X : (n, 2) points; y : (n,) labels in {0, 1}

    Returns
    -------
    accuracy : float, the largest share of correctly classified points
    """
    X = as_float_array(X, "X", "best_linear_accuracy")
    require_ndim(X, (2,), "X", "best_linear_accuracy", "(n, 2): one point per row")
    labels = np.asarray(y)
    if X.shape[1] != 2 or labels.shape != (len(X),) or not np.isin(labels, (0, 1)).all():
        raise ValueError(f"best_linear_accuracy: expected X (n, 2) and labels y (n,) in {{0, 1}}; "
                         f"got X {X.shape} and y {labels.shape}.")
    theta = np.linspace(0.0, 2.0 * np.pi, num_angles, endpoint=False)
    proj = X @ np.stack([np.cos(theta), np.sin(theta)])        # (n, num_angles)
    ones = labels[np.argsort(proj, axis=0, kind="stable")]     # labels in order of projection, per direction
    zeros_below = np.vstack([np.zeros((1, num_angles)), np.cumsum(1 - ones, axis=0)])
    ones_above = ones.sum(axis=0) - np.vstack([np.zeros((1, num_angles)), np.cumsum(ones, axis=0)])
    return float((zeros_below + ones_above).max() / len(X))


FAN_RULES = ("in", "out", "glorot")
"""Rules for the weight variance s² of a layer with d_in inputs and d_out outputs: 1/d_in, 1/d_out, 2/(d_in + d_out)."""


def fan_std(d_in: int, d_out: int, rule: str) -> float:
    """Standard deviation s of the weights of one (d_in, d_out) layer under a fan rule.

    "in": s² = 1/d_in keeps the forward variance (Xavier as in ``init_weights``); "out": s² = 1/d_out keeps the
    backward variance; "glorot": s² = 2/(d_in + d_out), Glorot and Bengio's (2010) compromise between the two.
    """
    if rule not in FAN_RULES:
        raise ValueError(f"fan_std: unknown rule {rule!r}; expected one of {FAN_RULES}.")
    return float(np.sqrt({"in": 1.0 / d_in, "out": 1.0 / d_out, "glorot": 2.0 / (d_in + d_out)}[rule]))


def fan_mlp(sizes, rule: str, activation: str = "identity", seed: int = 0) -> MLP:
    """An ``MLP`` whose W⁽ˡ⁾ (d_{l−1}, d_l) has entries from N(0, fan_std(d_{l−1}, d_l, rule)²); biases zero.

    Every rule scales the same standard-normal draws (those of ``MLP(sizes, init="normal", std=1, seed=seed)``),
    so two rules differ only in the scale of each layer.
    """
    model = MLP(sizes, activation=activation, init="normal", seed=seed, std=1.0)
    for l in range(1, model.num_layers + 1):
        model.params[f"W{l}"] *= fan_std(model.sizes[l - 1], model.sizes[l], rule)
    return model


def layer_variances(model: MLP, X, dO) -> tuple[np.ndarray, np.ndarray]:
    """The variance of every layer's pre-activations Z⁽ˡ⁾ and of its backward signal δ⁽ˡ⁾, for a given output signal.

    Parameters
    ----------
    model : MLP with L layers
    X : (n, d_0) batch
    dO : (n, d_L) the backward signal at the output, δ⁽ᴸ⁾ = ∂L/∂O. The variance argument assumes it is
        independent of the weights, so a random ``dO`` tests the argument itself (a loss would tie δ⁽ᴸ⁾ to O).

    Returns
    -------
    var_Z : (L,) array, var_Z[l − 1] = Var of the entries of Z⁽ˡ⁾ (n, d_l)
    var_delta : (L,) array, var_delta[l − 1] = Var of the entries of δ⁽ˡ⁾ (n, d_l), from
        δ⁽ˡ⁻¹⁾ = (δ⁽ˡ⁾ W⁽ˡ⁾ᵀ) ⊙ f'(Z⁽ˡ⁻¹⁾)
    """
    Zs = model.forward_cache(X)[2]
    deltas = backward_signals_from(model, X, dO)
    return np.array([Z.var() for Z in Zs]), np.array([d.var() for d in deltas])


def global_norm(grads: dict) -> float:
    """‖g‖ = √(Σ_k ‖G_k‖²): the Euclidean norm of all gradient arrays G_k of ``grads`` stacked into one vector."""
    return float(np.sqrt(sum(np.sum(np.square(G)) for G in grads.values())))


def clip_by_global_norm(grads: dict, max_norm: float) -> tuple[dict, float]:
    """Gradient clipping (기울기 클리핑) by the global norm: g ← g · min(1, τ / ‖g‖) with τ = ``max_norm``.

    Every array is scaled by the same factor, so the clipped gradient points the same way as g and has norm
    min(‖g‖, τ). ``grads`` is not modified.

    Parameters
    ----------
    grads : dict name → array, e.g. the gradients of ``MLP.loss_and_grads``
    max_norm : τ > 0

    Returns
    -------
    clipped : dict with the same keys and shapes
    norm : ‖g‖ before clipping
    """
    if not np.isfinite(max_norm) or max_norm <= 0:
        raise ValueError(f"clip_by_global_norm: max_norm must be a positive number; got {max_norm!r}.")
    norm = global_norm(grads)
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    # A Python float keeps each array's dtype (float32 stays float32).
    return {k: np.asarray(G) * scale for k, G in grads.items()}, norm


def gradient_descent(model: MLP, X, y, steps: int, lr: float, max_norm: float | None = None,
                     loss: str = "cross_entropy", stop_above: float = 1e6) -> dict:
    """Full-batch gradient descent on ``model`` (updated in place), optionally with clipping by the global norm.

    Each step computes (loss, grads) at the current weights, clips the gradients to norm ``max_norm`` if given,
    then takes W := W − α g. A run that diverges stops early: once the loss is not finite or exceeds
    ``stop_above`` (floating-point overflow is then expected and not warned about).

    Returns
    -------
    dict with "loss" (the loss before each step) and "grad_norm" (‖g‖ before clipping), arrays of equal length
    (``steps``, or fewer if the run stopped), and "diverged" (bool)
    """
    from .training import sgd_step

    losses, norms = [], []
    diverged = False
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            value, grads = model.loss_and_grads(X, y, loss=loss)
            losses.append(float(value))
            norms.append(global_norm(grads))
            if not np.isfinite(value) or value > stop_above:
                diverged = True
                break
            if max_norm is not None:
                grads, _ = clip_by_global_norm(grads, max_norm)
            sgd_step(model.params, grads, lr)
    return {"loss": np.array(losses), "grad_norm": np.array(norms), "diverged": diverged}


def update_ratios(before: dict, after: dict) -> np.ndarray:
    """‖W⁽ˡ⁾_after − W⁽ˡ⁾_before‖ / ‖W⁽ˡ⁾_before‖ (Frobenius norms) for l = 1 … L: how far training moved each layer.

    Parameters
    ----------
    before, after : parameter dicts ``W1, b1, …, WL, bL`` (as ``MLP.params``) of the same network

    Returns
    -------
    (L,) array, entry l − 1 belongs to W⁽ˡ⁾
    """
    L = sum(1 for k in before if k.startswith("W"))
    return np.array([np.linalg.norm(after[f"W{l}"] - before[f"W{l}"]) / np.linalg.norm(before[f"W{l}"])
                     for l in range(1, L + 1)])
