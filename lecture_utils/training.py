"""Gradient descent (경사하강법): full-batch, stochastic and minibatch.

One epoch (에폭) is one pass over the training set. With batch size m:
m = n is full-batch GD (one update per epoch), m = 1 is stochastic GD
(n updates per epoch), anything between is minibatch SGD (미니배치).
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


def sgd_step(params: dict, grads: dict, lr: float) -> None:
    """The update W := W − α ∂L/∂W for every parameter, in place."""
    lr = float(lr)  # a NumPy float64 α would make α · ∂L/∂W float64 for float32 parameters
    for name, value in params.items():
        value -= lr * grads[name]


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
    test_loss: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    examples_seen: list = field(default_factory=list)


def train(model, X, y, *, epochs: int, lr: float, batch_size: int | None = None, loss: str = "cross_entropy",
          seed: int = 0, X_test=None, y_test=None, callback=None) -> History:
    """Train ``model`` (an ``MLP``) in place with minibatch SGD.

    Parameters
    ----------
    X : (n, d) inputs; y : labels (n,) or targets (n, p)
    epochs : passes over the training set
    lr : learning rate α (학습률)
    batch_size : m; None means full batch (m = n)
    loss : "cross_entropy" or "half_mse"
    seed : seed of the shuffling, so a run repeats exactly
    X_test, y_test : optional held-out set, only evaluated, never trained on
    callback : optional f(epoch, model, history), called after every epoch

    Returns
    -------
    History, one entry per epoch (loss and accuracy on the whole training set)
    """
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
            sgd_step(model.params, grads, lr)
            updates += 1
        train_loss, train_accuracy = evaluate(model, X, y, loss)
        history.loss.append(train_loss)
        history.updates.append(updates)
        history.examples_seen.append(epoch * n)
        if train_accuracy is not None:
            history.accuracy.append(train_accuracy)
        if X_test is not None:
            test_loss, test_accuracy = evaluate(model, X_test, y_test, loss)
            history.test_loss.append(test_loss)
            if test_accuracy is not None:
                history.test_accuracy.append(test_accuracy)
        if callback is not None:
            callback(epoch, model, history)
    return history
