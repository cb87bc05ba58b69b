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
from .init import init_weights
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
    y : (n,) int64, labels in 0 … num_classes − 1
    """
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)), rng.integers(0, num_classes, size=n)


def deep_mlp(sizes, activation: str = "sigmoid", scheme: str = "xavier", std: float = 0.01, seed: int = 0) -> MLP:
    """An ``MLP`` whose weights are ``init_weights(sizes, scheme, seed, std)``.

    ``MLP(sizes, init="normal")`` always uses standard deviation 0.01; this
    helper honours ``std``, so N(0, 1) can be compared with N(0, 0.01²).
    For every other scheme the weights equal those of
    ``MLP(sizes, activation, init=scheme, seed=seed)``.

    Parameters
    ----------
    sizes : [d_0, d_1, …, d_L]
    activation : "sigmoid", "tanh", "relu" or "identity"
    scheme : "zeros", "normal", "xavier" or "he"
    std : standard deviation for scheme "normal"
    seed : seed of the weights
    """
    model = MLP(sizes, activation=activation, init="zeros", seed=seed)
    for l, (W, b) in enumerate(init_weights(model.sizes, scheme, seed, std=std), start=1):
        model.params[f"W{l}"] = W
        model.params[f"b{l}"] = b
    return model


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
    delta = _output_grad(O, y, loss)
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
