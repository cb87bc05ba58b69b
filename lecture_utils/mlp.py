"""A multi-layer perceptron (다층 퍼셉트론) with forward and backward passes.

Row convention: for a batch X of shape (n, d_0),

    H0 = X
    Zl = H(l-1) @ Wl + bl          l = 1 … L
    Hl = f(Zl)                     l = 1 … L-1
    O  = ZL                        (the last layer is linear)

and backpropagation (역전파) runs l = L … 1:

    dWl = H(l-1).T @ dZl,  dbl = dZl summed over rows,
    dH(l-1) = dZl @ Wl.T,  dZ(l-1) = dH(l-1) * f'(Z(l-1)).

The code is written for speed as much as the maths allows, without hiding
it: everything stays in the model's dtype (float32 in, float32 work), the
softmax is computed once for both the loss and its gradient (P − Y)/n, and
∂L/∂X of the first layer is never computed because nothing trains the input.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, require_ndim
from .activations import get_activation
from .init import check_sizes, init_weights
from .losses import cross_entropy, cross_entropy_and_grad, half_mse, half_mse_grad, softmax_cross_entropy_grad

LOSSES = {
    "cross_entropy": (cross_entropy, softmax_cross_entropy_grad),
    "half_mse": (half_mse, half_mse_grad),
}

class MLP:
    """A fully connected network with one activation for every hidden layer.

    Parameters
    ----------
    sizes : list of int, [d_0, d_1, …, d_L]
        Input width, hidden widths, output width. L = len(sizes) − 1 layers.
    activation : {"relu", "sigmoid", "tanh", "identity", "leaky_relu"}
    init : {"he", "xavier", "normal", "zeros"}
        Weight initialisation, see ``init_weights``.
    seed : int
        Seed of the initial weights.
    dtype : numpy dtype
        Every parameter, and every computation, uses this dtype; inputs are
        cast to it, so float32 work never becomes float64.
    std : float
        Standard deviation of the weights for ``init="normal"`` (ignored by the other schemes).

    Attributes
    ----------
    params : dict
        ``"W1"`` (d_0, d_1), ``"b1"`` (d_1,), …, ``"WL"``, ``"bL"``.
    """

    def __init__(self, sizes, activation: str = "relu", init: str = "he", seed: int = 0, dtype=np.float64,
                 std: float = 0.01):
        self.sizes = check_sizes(sizes, "MLP")
        self.activation = activation
        self.f, self.f_grad = get_activation(activation)
        self.dtype = np.dtype(dtype)
        if self.dtype.kind != "f":
            raise ValueError(f"MLP: dtype must be a float type such as np.float32; got {self.dtype}.")
        self.params: dict[str, np.ndarray] = {}
        for l, (W, b) in enumerate(init_weights(self.sizes, init, seed, std=std, dtype=self.dtype), start=1):
            self.params[f"W{l}"] = W
            self.params[f"b{l}"] = b

    @property
    def num_layers(self) -> int:
        """L, the number of weight matrices."""
        return len(self.sizes) - 1

    def num_params(self) -> int:
        """Σ_l (d_{l-1} · d_l + d_l): every weight and bias."""
        return sum(a * b + b for a, b in zip(self.sizes[:-1], self.sizes[1:]))

    def _input(self, X) -> np.ndarray:
        X = as_float_array(X, "X", "MLP")
        require_ndim(X, (2,), "X", "MLP", f"(n, {self.sizes[0]}), one example per row")
        if X.shape[1] != self.sizes[0]:
            raise ValueError(f"MLP: X has shape {X.shape}; expected (n, {self.sizes[0]}) for sizes {self.sizes}.")
        return X.astype(self.dtype, copy=False)

    def forward_cache(self, X) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        """Forward propagation (순전파), keeping what backprop needs.

        Returns
        -------
        O : array, shape (n, d_L)
        Hs : list of L arrays, Hs[l] = H_l of shape (n, d_l), l = 0 … L-1 (Hs[0] = X)
        Zs : list of L arrays, Zs[l-1] = Z_l of shape (n, d_l), l = 1 … L
        """
        H = self._input(X)
        Hs, Zs = [], []
        for l in range(1, self.num_layers + 1):
            Hs.append(H)
            Z = H @ self.params[f"W{l}"] + self.params[f"b{l}"]
            Zs.append(Z)
            H = self.f(Z) if l < self.num_layers else Z
        return H, Hs, Zs

    def forward(self, X) -> np.ndarray:
        """The last layer's linear output O (logits), shape (n, d_L)."""
        return self.forward_cache(X)[0]

    def backward(self, dO, Hs, Zs) -> dict[str, np.ndarray]:
        """Backpropagate ∂L/∂O through the cached forward pass.

        Parameters
        ----------
        dO : array, shape (n, d_L)
        Hs, Zs : the lists returned by ``forward_cache``

        Returns
        -------
        grads : dict with the keys of ``params``; grads["Wl"] has Wl's shape.
            ∂L/∂X is not computed: nothing trains the input.
        """
        grads = {}
        dZ = dO
        for l in range(self.num_layers, 0, -1):
            grads[f"W{l}"] = Hs[l - 1].T @ dZ
            grads[f"b{l}"] = dZ.sum(axis=0)
            if l > 1:
                dH = dZ @ self.params[f"W{l}"].T
                dZ = dH * self.f_grad(Zs[l - 2])
        return {k: grads[k] for k in self.params}

    def loss_and_grads(self, X, y, loss: str = "cross_entropy") -> tuple[float, dict[str, np.ndarray]]:
        """Loss of the batch and its gradient for every parameter, by backprop.

        Parameters
        ----------
        X : array, shape (n, d_0)
        y : for "cross_entropy", int labels (n,) or one-hot (n, d_L);
            for "half_mse", targets of shape (n, d_L)
        loss : {"cross_entropy", "half_mse"}

        Returns
        -------
        loss : scalar
        grads : dict, same keys and shapes as ``params``
        """
        if loss not in LOSSES:
            raise ValueError(f"MLP.loss_and_grads: unknown loss {loss!r}; expected one of {sorted(LOSSES)}.")
        O, Hs, Zs = self.forward_cache(X)
        y = self._targets(y, O, loss)
        if loss == "cross_entropy":
            L, dO = cross_entropy_and_grad(O, y, "MLP.loss_and_grads")
        else:
            L, dO = half_mse(O, y), half_mse_grad(O, y)
        return L, self.backward(dO, Hs, Zs)

    def loss(self, X, y, loss: str = "cross_entropy"):
        """The loss of the batch alone (forward pass only, no gradients)."""
        if loss not in LOSSES:
            raise ValueError(f"MLP.loss: unknown loss {loss!r}; expected one of {sorted(LOSSES)}.")
        O = self.forward(X)
        return LOSSES[loss][0](O, self._targets(y, O, loss))

    def _targets(self, y, O, loss: str):
        if loss == "half_mse":
            y = as_float_array(y, "y", "MLP").astype(self.dtype, copy=False)
            if y.ndim == 1 and O.shape[1] == 1:
                y = y[:, None]
        return y

    def predict(self, X) -> np.ndarray:
        """Predicted class of every row: argmax of the logits, shape (n,).

        Softmax is not needed: it keeps the order of the logits. For a
        regression network use ``forward``.
        """
        if self.sizes[-1] == 1:
            raise ValueError("MLP.predict gives class labels, but this network has one output; use forward(X).")
        return self.forward(X).argmax(axis=1)

    def __repr__(self) -> str:
        return f"MLP(sizes={self.sizes}, activation={self.activation!r}, dtype={self.dtype.name})"
