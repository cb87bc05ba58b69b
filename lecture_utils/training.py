"""Gradient descent (경사하강법): full-batch, stochastic and minibatch.

One epoch (에폭) is one pass over the training set. With batch size m:
m = n is full-batch GD (one update per epoch), m = 1 is stochastic GD
(n updates per epoch), anything between is minibatch SGD (미니배치).

Beyond the handouts: momentum and Adam (two update rules that remember past
gradients), and the largest curvature of the loss, estimated by power
iteration on Hessian-vector products, which limits the usable learning rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .losses import cross_entropy


def minibatches(n: int, batch_size: int, rng=None):
    """Yield index arrays that cover 0 … n−1 once, in batches of ``batch_size``.

    The order is shuffled with ``rng`` (a Generator or seed); ``rng=None``
    keeps the original order. The last batch may be smaller.
    """
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"minibatches: batch_size must be a positive integer; got {batch_size!r}.")
    order = np.arange(n) if rng is None else np.random.default_rng(rng).permutation(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


def _rate(lr, value: np.ndarray):
    """α for the parameter ``value``: a Python float (a NumPy float64 α would make α · ∂L/∂W float64
    for float32 parameters), or, for S stacked networks, the (S,) rates in ``value``'s dtype, shaped
    to broadcast over ``value`` of shape (S, …)."""
    if np.ndim(lr) == 0:
        return float(lr)
    lr = np.asarray(lr, dtype=value.dtype)
    return lr.reshape(lr.shape + (1,) * (value.ndim - lr.ndim))


def sgd_step(params: dict, grads: dict, lr: float) -> None:
    """The update W := W − α ∂L/∂W for every parameter, in place.

    ``lr`` is a number, or (S,) one rate per network when every parameter is a stack (S, …).
    """
    for name, value in params.items():
        value -= _rate(lr, value) * grads[name]


def momentum_step(params: dict, grads: dict, state: dict, lr: float, beta: float = 0.9) -> None:
    """Gradient descent with momentum (heavy ball), in place.

    v ← β v + ∂L/∂W, then W ← W − α v, for every parameter; v starts at 0.
    ``state`` is a dict the caller keeps between steps (start with ``{}``);
    it holds one velocity array per parameter, of the parameter's shape.
    ``lr`` as in ``sgd_step``.
    """
    beta = float(beta)
    for name, value in params.items():
        v = state.get(name)
        if v is None:
            v = state[name] = np.zeros_like(value)
        v *= beta
        v += grads[name]
        value -= _rate(lr, value) * v


def adam_step(params: dict, grads: dict, state: dict, lr: float, beta1: float = 0.9, beta2: float = 0.999,
              eps: float = 1e-8) -> None:
    """One Adam step (Kingma and Ba, 2015), in place.

    With g = ∂L/∂W and the step count t = 1, 2, …:
    m ← β₁ m + (1 − β₁) g,  s ← β₂ s + (1 − β₂) g²  (element-wise; both start at 0),
    m̂ = m / (1 − β₁ᵗ),  ŝ = s / (1 − β₂ᵗ)  (bias correction),
    W ← W − α m̂ / (√ŝ + ε).
    ``state`` is a dict the caller keeps between steps (start with ``{}``);
    it holds t and, per parameter, m and s of the parameter's shape.
    ``lr`` as in ``sgd_step``.
    """
    beta1, beta2, eps = float(beta1), float(beta2), float(eps)
    t = state["t"] = state.get("t", 0) + 1
    for name, value in params.items():
        g = grads[name]
        if name not in state:
            state[name] = (np.zeros_like(value), np.zeros_like(value))
        m, s = state[name]
        m *= beta1
        m += (1 - beta1) * g
        s *= beta2
        s += (1 - beta2) * g * g
        m_hat = m / (1 - beta1 ** t)
        s_hat = s / (1 - beta2 ** t)
        value -= _rate(lr, value) * m_hat / (np.sqrt(s_hat) + eps)


OPTIMIZERS = ("sgd", "momentum", "adam")
"""The update rules ``train`` knows."""


def _step_function(optimizer: str):
    """f(params, grads, state, lr) for the name ``optimizer``."""
    if optimizer == "sgd":
        return lambda params, grads, state, lr: sgd_step(params, grads, lr)
    if optimizer == "momentum":
        return momentum_step
    if optimizer == "adam":
        return adam_step
    raise ValueError(f"train: optimizer must be one of {OPTIMIZERS}; got {optimizer!r}.")


def flatten_params(params: dict) -> np.ndarray:
    """All parameters in one vector θ, in the order of ``params`` (float64)."""
    return np.concatenate([np.asarray(value, dtype=np.float64).ravel() for value in params.values()])


def unflatten_params(theta, like: dict) -> dict:
    """The inverse of ``flatten_params``: a dict with the names and shapes of ``like``, filled from θ."""
    theta = np.asarray(theta, dtype=np.float64)
    sizes = [np.size(value) for value in like.values()]
    if theta.shape != (sum(sizes),):
        raise ValueError(f"unflatten_params: expected a vector of {sum(sizes)} numbers; got shape {theta.shape}.")
    pieces = np.split(theta, np.cumsum(sizes)[:-1])
    return {name: piece.reshape(np.shape(value)).copy() for (name, value), piece in zip(like.items(), pieces)}


def hessian_vector_product(grad_fn, theta, v, eps: float = 1e-4) -> np.ndarray:
    """H v ≈ (∇L(θ + εv) − ∇L(θ − εv)) / (2ε), without ever forming the Hessian H.

    ``grad_fn(theta)`` returns ∇L at a vector θ (P,); v is (P,). The error is
    O(ε²) for a loss with continuous third derivatives.
    """
    theta, v = np.asarray(theta, dtype=np.float64), np.asarray(v, dtype=np.float64)
    return (np.asarray(grad_fn(theta + eps * v)) - np.asarray(grad_fn(theta - eps * v))) / (2 * eps)


def largest_curvature(grad_fn, theta, iters: int = 100, tol: float = 1e-6, seed: int = 0, eps: float = 1e-4,
                      v0=None):
    """λ_max, the eigenvalue of the Hessian at θ of largest size, by power iteration.

    Start from a random unit vector v and repeat v ← Hv / ‖Hv‖; the Rayleigh
    quotient λ = vᵀHv converges to the eigenvalue of largest |λ| (as
    |λ₂/λ₁|ᵏ) when that one is unique. Stops when λ changes by less than
    ``tol`` (relative) or after ``iters`` Hessian-vector products.
    ``v0`` (P,) is an optional starting vector (e.g. the eigenvector found at a
    nearby point); by default a random one from ``seed``.
    Check the result with the residual ‖Hv − λv‖ / |λ|: when two eigenvalues of
    (nearly) the same size compete, e.g. a pair ±λ, v never settles.

    Returns
    -------
    lam : float, the estimate of λ_max
    v : (P,) unit vector, the estimate of its eigenvector
    steps : int, the Hessian-vector products used
    """
    theta = np.asarray(theta, dtype=np.float64)
    v = np.random.default_rng(seed).standard_normal(theta.shape) if v0 is None else np.array(v0, dtype=np.float64)
    if v.shape != theta.shape:
        raise ValueError(f"largest_curvature: v0 must have the shape of theta {theta.shape}; got {v.shape}.")
    v /= np.linalg.norm(v)
    lam = np.nan
    for steps in range(1, iters + 1):
        Hv = hessian_vector_product(grad_fn, theta, v, eps)
        new = float(v @ Hv)
        norm = np.linalg.norm(Hv)
        if norm == 0:
            return 0.0, v, steps
        v = Hv / norm
        if abs(new - lam) <= tol * abs(new):
            return new, v, steps
        lam = new
    return lam, v, iters


def accuracy(model, X, y) -> float:
    """Fraction of rows whose predicted class equals the label."""
    return float(np.mean(model.predict(X) == np.asarray(y)))


def evaluate(model, X, y, loss: str = "cross_entropy") -> tuple[float, float | None]:
    """(loss, accuracy) of ``model`` on (X, y), from one forward pass.

    The same numbers as ``model.loss(X, y, loss)`` and ``accuracy(model, X, y)``
    at half the cost. The accuracy is None for a regression loss ("half_mse").
    """
    if loss != "cross_entropy":
        return float(model.loss(X, y, loss=loss)), None
    O = model.forward(X)
    return float(cross_entropy(O, y)), float(np.mean(O.argmax(axis=1) == np.asarray(y)))


@dataclass
class History:
    """What ``train`` records after every epoch."""

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    val_accuracy: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    examples_seen: list = field(default_factory=list)

    # The old names, from when the held-out set was called a test set.
    @property
    def test_loss(self) -> list:
        return self.val_loss

    @property
    def test_accuracy(self) -> list:
        return self.val_accuracy


def train(model, X, y, *, epochs: int, lr: float, batch_size: int | None = None, loss: str = "cross_entropy",
          seed: int = 0, X_val=None, y_val=None, optimizer: str = "sgd", callback=None,
          X_test=None, y_test=None) -> History:
    """Train ``model`` (an ``MLP``) in place with minibatch SGD, momentum or Adam.

    Parameters
    ----------
    X : (n, d) inputs; y : labels (n,) or targets (n, p)
    epochs : passes over the training set
    lr : learning rate α (학습률)
    batch_size : m; None means full batch (m = n)
    loss : "cross_entropy" or "half_mse"
    seed : seed of the shuffling, so a run repeats exactly
    X_val, y_val : optional validation set, evaluated after every epoch, never trained on;
        use it to choose α and the number of epochs (never pass the test set here)
    optimizer : "sgd" (W ← W − α ∂L/∂W), "momentum" (``momentum_step``, β = 0.9)
        or "adam" (``adam_step`` with its defaults)
    callback : optional f(epoch, model, history), called after every epoch
    X_test, y_test : the old names of X_val, y_val

    Returns
    -------
    History, one entry per epoch (loss and accuracy on the whole training set)
    """
    if X_test is not None:
        X_val, y_val = X_test, y_test
    step = _step_function(optimizer)
    state: dict = {}
    X = np.asarray(X)
    if X.dtype.kind == "f" and hasattr(model, "dtype"):
        X = X.astype(model.dtype, copy=False)  # cast once here, not once per minibatch
    y = np.asarray(y)
    n = len(X)
    m = n if batch_size is None else batch_size
    rng = np.random.default_rng(seed)
    history = History()
    updates = 0
    for epoch in range(1, epochs + 1):
        for idx in minibatches(n, m, rng):
            _, grads = model.loss_and_grads(X[idx], y[idx], loss=loss)
            step(model.params, grads, state, lr)
            updates += 1
        train_loss, train_accuracy = evaluate(model, X, y, loss)
        history.loss.append(train_loss)
        history.updates.append(updates)
        history.examples_seen.append(epoch * n)
        if train_accuracy is not None:
            history.accuracy.append(train_accuracy)
        if X_val is not None:
            val_loss, val_accuracy = evaluate(model, X_val, y_val, loss)
            history.val_loss.append(val_loss)
            if val_accuracy is not None:
                history.val_accuracy.append(val_accuracy)
        if callback is not None:
            callback(epoch, model, history)
    return history


# ----------------------------------------------------------------------------- many networks at once


def stacked_forward(params: dict, X, activation: str = "relu"):
    """The forward pass of S networks of the same sizes at once.

    Parameters
    ----------
    params : W1 (S, d_0, d_1), b1 (S, d_1), …, WL (S, d_(L-1), d_L), bL (S, d_L):
        network s is ``{k: v[s] for k, v in params.items()}``
    X : (n, d_0), the same rows for every network, or (S, n, d_0), one batch per network
    activation : the hidden layers' activation (a key of ``ACTIVATIONS``)

    Returns
    -------
    O : (S, n, d_L) logits; Hs, Zs : the per-layer lists of ``MLP.forward_cache``, each with a leading S axis
    """
    from .activations import get_activation

    f, _ = get_activation(activation)
    L = len(params) // 2
    H = X
    Hs, Zs = [], []
    for l in range(1, L + 1):
        Hs.append(H)
        Z = H @ params[f"W{l}"] + params[f"b{l}"][:, None, :]  # (S, n, d_l): one matrix product per network
        Zs.append(Z)
        H = f(Z) if l < L else Z
    return H, Hs, Zs


def _stacked_cross_entropy(O: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per network s: the mean cross-entropy (S,), the accuracy (S,) and ∂L_s/∂O_s = (P − Y)/n (S, n, C).

    O is (S, n, C); y is (S, n) int labels."""
    S = O - O.max(axis=2, keepdims=True)
    E = np.exp(S)
    total = E.sum(axis=2, keepdims=True)
    rows = np.arange(O.shape[1])[None, :]
    nets = np.arange(O.shape[0])[:, None]
    loss = -(S[nets, rows, y] - np.log(total[..., 0])).mean(axis=1)
    accuracy = (O.argmax(axis=2) == y).mean(axis=1)
    dO = E / total
    dO[nets, rows, y] -= 1
    return loss, accuracy, dO / O.dtype.type(O.shape[1])


def train_stacked(sizes, X, y, *, seeds, lr, epochs: int, batch_size: int, optimizer: str = "sgd",
                  activation: str = "relu", init: str = "he", dtype=np.float32, X_val=None, y_val=None,
                  record: bool = True, callback=None):
    """Train S networks at once, one per seed, with cross-entropy: vectorised over the networks.

    Network s starts from ``MLP(sizes, activation, init, seed=seeds[s], dtype)`` and shuffles with
    ``seeds[s]``, so it is the network ``train(that MLP, X_s, y_s, seed=seeds[s], lr=lr_s, …)``
    would give (up to rounding). Every step does one batched matrix product per layer for all S
    networks, instead of S separate small ones, which is where a Python loop loses its time.

    Parameters
    ----------
    sizes : [d_0, …, d_L]
    X : (n, d_0) shared by all networks, or (S, n, d_0), one training set per network (same n)
    y : (n,) or (S, n) int labels
    seeds : S seeds
    lr : one α for all, or (S,) one per network
    epochs, batch_size, optimizer : as in ``train`` (batch_size is required here)
    X_val, y_val : optional validation set(s), (n_val, d_0) and (n_val,), or with a leading S axis
    record : False skips the per-epoch evaluation on the training set (faster; history.loss stays empty)
    callback : optional f(epoch, params, histories), called after every epoch

    Returns
    -------
    params : dict of stacked parameters (S, …), see ``stacked_forward``
    histories : list of S ``History`` objects
    """
    from .mlp import MLP

    seeds = [int(seed) for seed in seeds]
    S = len(seeds)
    nets = [MLP(sizes, activation=activation, init=init, seed=seed, dtype=dtype) for seed in seeds]
    params = {k: np.stack([net.params[k] for net in nets]) for k in nets[0].params}
    f_grad = nets[0].f_grad
    X = np.asarray(X, dtype=dtype)
    y = np.asarray(y)
    shared = X.ndim == 2
    n = X.shape[-2]
    if (X.ndim not in (2, 3)) or (not shared and X.shape[0] != S) or y.shape[-1] != n:
        raise ValueError(f"train_stacked: expected X (n, d) or ({S}, n, d) and y (n,) or ({S}, n); "
                         f"got X {X.shape} and y {y.shape}.")
    if np.ndim(lr) == 1 and len(lr) != S:
        raise ValueError(f"train_stacked: lr must be a number or {S} rates, one per seed; got {len(lr)}.")
    Y = np.broadcast_to(y, (S, n))
    if X_val is not None:
        X_val = np.asarray(X_val, dtype=dtype)
        Y_val = np.broadcast_to(np.asarray(y_val), (S, X_val.shape[-2]))
    step = _step_function(optimizer)
    state: dict = {}
    rngs = [np.random.default_rng(seed) for seed in seeds]
    histories = [History() for _ in seeds]
    nets_axis = np.arange(S)[:, None]
    L = len(sizes) - 1
    updates = 0
    for epoch in range(1, epochs + 1):
        orders = np.stack([rng.permutation(n) for rng in rngs])  # (S, n): what minibatches(n, m, rng) draws
        for start in range(0, n, batch_size):
            idx = orders[:, start:start + batch_size]  # (S, m)
            Xb = X[idx] if shared else X[nets_axis, idx]
            O, Hs, Zs = stacked_forward(params, Xb, activation)
            _, _, dZ = _stacked_cross_entropy(O, Y[nets_axis, idx])
            grads = {}
            for l in range(L, 0, -1):
                grads[f"W{l}"] = np.swapaxes(Hs[l - 1], 1, 2) @ dZ
                grads[f"b{l}"] = dZ.sum(axis=1)
                if l > 1:
                    dZ = (dZ @ np.swapaxes(params[f"W{l}"], 1, 2)) * f_grad(Zs[l - 2])
            step(params, grads, state, lr)
            updates += 1
        if record:
            train_loss, train_accuracy = _stacked_cross_entropy(stacked_forward(params, X, activation)[0], Y)[:2]
        if X_val is not None:
            val_loss, val_accuracy = _stacked_cross_entropy(stacked_forward(params, X_val, activation)[0], Y_val)[:2]
        for s, history in enumerate(histories):
            history.updates.append(updates)
            history.examples_seen.append(epoch * n)
            if record:
                history.loss.append(float(train_loss[s]))
                history.accuracy.append(float(train_accuracy[s]))
            if X_val is not None:
                history.val_loss.append(float(val_loss[s]))
                history.val_accuracy.append(float(val_accuracy[s]))
        if callback is not None:
            callback(epoch, params, histories)
    return params, histories


def unstack(params: dict, s: int) -> dict:
    """The parameters of network s of a stack (copies), for ``MLP.params``."""
    return {name: value[s].copy() for name, value in params.items()}
