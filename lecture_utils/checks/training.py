"""Checks for the exercises of notebook 08 (training a classifier).

1. ``check_minibatches(minibatch_indices)``: the index arrays of one epoch.
2. ``check_sgd_update(sgd_update)``: the update W := W − α ∂L/∂W of every parameter.
"""

from __future__ import annotations

import numpy as np

from ..training import minibatches
from ._core import Case, CheckReport, Mistake, function_name, run_check

# ----------------------------------------------------------------------------- minibatches

BATCH_PARTS = ("how often each index appears (every one exactly once)", "batch sizes",
               "all batches joined, in order (from np.random.default_rng(seed).permutation(n))")


def describe_batches(batches, n: int):
    """(counts, sizes, order) of a list of index arrays: what the check compares.

    ``counts[i]`` is how often example i appears, ``sizes`` the length of every
    batch, ``order`` the batches joined end to end. Together they fix the batches.
    Output that is not a sequence of integer arrays is returned unchanged, so the
    report shows it as it is.
    """
    try:
        parts = [np.asarray(b).ravel() for b in batches]
        order = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        if order.dtype.kind not in "iu" or (order.size and order.min() < 0):
            return batches
        counts = np.bincount(order, minlength=n)
    except (TypeError, ValueError):
        return batches
    return counts, np.array([len(p) for p in parts]), order


def _reference_batches(n, batch_size, seed):
    return describe_batches(list(minibatches(n, batch_size, rng=seed)), n)


def _described(make_batches):
    """A function of (n, batch_size, seed) that returns ``describe_batches`` of ``make_batches``."""
    def run(n, batch_size, seed):
        return describe_batches(make_batches(n, batch_size, seed), n)
    return run


def _split(order, batch_size):
    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]


def _new_permutation_per_batch(n, batch_size, seed):
    rng = np.random.default_rng(seed)
    return [rng.permutation(n)[i:i + batch_size] for i in range(0, n, batch_size)]


BATCH_MISTAKES = (
    Mistake("the batches are not shuffled: take the order from np.random.default_rng(seed).permutation(n), "
            "not np.arange(n). Without shuffling every epoch sees the same batches in the same order.",
            _described(lambda n, m, seed: _split(np.arange(n), m)), "not-shuffled"),
    Mistake("the last, smaller batch is missing: when batch_size does not divide n, the leftover examples form "
            "one more batch (range(0, n, batch_size) gives every start), or they are never trained on.",
            _described(lambda n, m, seed: [b for b in _split(np.random.default_rng(seed).permutation(n), m)
                                           if len(b) == m]), "drop-last"),
    Mistake("some examples appear twice and others never: rng.integers / rng.choice draw WITH replacement. "
            "One epoch must visit every example once: use rng.permutation(n).",
            _described(lambda n, m, seed: _split(np.random.default_rng(seed).integers(0, n, size=n), m)),
            "with-replacement"),
    Mistake("a new permutation was drawn for every batch, so some examples land in several batches and "
            "others in none: draw ONE permutation per epoch and cut it into pieces.",
            _described(lambda n, m, seed: _new_permutation_per_batch(n, m, seed)), "permutation-per-batch"),
    Mistake("the permutation comes from another generator: use np.random.default_rng(seed).permutation(n), "
            "so that the same seed gives the same batches (np.random.permutation uses the global state).",
            _described(lambda n, m, seed: _split(np.random.RandomState(seed).permutation(n), m)), "legacy-rng"),
    Mistake("the batches overlap: consecutive batches start batch_size apart, order[i:i + batch_size] for "
            "i in range(0, n, batch_size); a step of 1 repeats examples.",
            _described(lambda n, m, seed: [np.random.default_rng(seed).permutation(n)[i:i + m] for i in range(n)]),
            "overlapping"),
    Mistake("the last batch is one short: slicing order[i:i + batch_size - 1] drops one example per batch.",
            _described(lambda n, m, seed: [b[:-1] for b in _split(np.random.default_rng(seed).permutation(n), m)
                                           if len(b) > 1]), "one-short"),
)


def _cases_minibatches() -> list[Case]:
    return [
        Case((10, 3, 0), "n = 10 examples in batches of 3: the last batch has 1 example"),
        Case((12, 4, 1), "batch_size divides n"),
        Case((7, 7, 2), "one batch of all n examples: full-batch gradient descent"),
        Case((5, 1, 3), "batches of one example: stochastic gradient descent"),
        Case((4, 10, 4), "batch_size larger than n: one batch of all 4"),
        Case((50, 16, 5), "n = 50 in batches of 16"),
    ]


def check_minibatches(minibatch_indices, *, time_limit: float | None = None) -> CheckReport:
    """Check ``minibatch_indices(n, batch_size, seed)`` -> list of index arrays.

    Expected: one permutation ``np.random.default_rng(seed).permutation(n)``, cut
    into consecutive pieces of ``batch_size``; the last piece may be smaller.
    """
    def student(n, batch_size, seed):
        return describe_batches(minibatch_indices(n, batch_size, seed), n)

    return run_check("check_minibatches", student, _reference_batches, _cases_minibatches(),
                     mistakes=BATCH_MISTAKES, output_names=BATCH_PARTS, rtol=0, atol=0, time_limit=time_limit,
                     label=function_name(minibatch_indices))


# ----------------------------------------------------------------------------- the update step

PARAM_NAMES = ("W1", "b1", "W2", "b2")


def _reference_update(params, grads, lr):
    return {k: np.asarray(params[k]) - lr * np.asarray(grads[k]) for k in PARAM_NAMES}


def _wrong_update(rule):
    return lambda params, grads, lr: {k: rule(k, np.asarray(params[k]), np.asarray(grads[k]), lr)
                                      for k in PARAM_NAMES}


UPDATE_MISTAKES = (
    Mistake("you added the gradient: W + α ∂L/∂W climbs the loss. The gradient points uphill, so gradient "
            "descent (경사하강법) steps against it: W − α ∂L/∂W.",
            _wrong_update(lambda k, W, g, lr: W + lr * g), "plus"),
    Mistake("the learning rate α is missing: the step is W − α ∂L/∂W, with the gradient multiplied by lr.",
            _wrong_update(lambda k, W, g, lr: W - g), "no-lr"),
    Mistake("you divided by the learning rate: the step is W − α ∂L/∂W, so multiply the gradient by lr.",
            _wrong_update(lambda k, W, g, lr: W - g / lr), "divided"),
    Mistake("only the weights moved: the biases b1, b2 are parameters too and take the same step "
            "b − α ∂L/∂b.",
            _wrong_update(lambda k, W, g, lr: W - lr * g if k.startswith("W") else W), "weights-only"),
    Mistake("you multiplied the parameters by the learning rate as well: the step is W − α ∂L/∂W, "
            "not α (W − ∂L/∂W).",
            _wrong_update(lambda k, W, g, lr: lr * (W - g)), "lr-times-all"),
    Mistake("you returned the steps α ∂L/∂W, not the new parameters: subtract them from the parameters.",
            _wrong_update(lambda k, W, g, lr: lr * g), "steps-only"),
    Mistake("you returned the new parameters minus the old ones, −α ∂L/∂W; return W − α ∂L/∂W itself.",
            _wrong_update(lambda k, W, g, lr: -lr * g), "difference"),
    Mistake("the weights W1, W2 were left unchanged; only the biases moved. Every parameter takes the step.",
            _wrong_update(lambda k, W, g, lr: W - lr * g if k.startswith("b") else W), "biases-only"),
)


def _cases_update() -> list[Case]:
    rng = np.random.default_rng(801)

    def pair(d, h, p):
        params = dict(W1=rng.normal(size=(d, h)).round(2), b1=rng.normal(size=h).round(2),
                           W2=rng.normal(size=(h, p)).round(2), b2=rng.normal(size=p).round(2))
        grads = dict({k: rng.normal(size=v.shape).round(2) for k, v in params.items()})
        return params, grads

    small = (dict(W1=np.array([[1.0, -1.0]]), b1=np.array([0.5, 0.0]),
                       W2=np.array([[2.0], [1.0]]), b2=np.array([-1.0])),
             dict(W1=np.array([[0.5, 0.5]]), b1=np.array([-1.0, 2.0]),
                       W2=np.array([[1.0], [-2.0]]), b2=np.array([0.25])))
    return [
        Case((*small, 0.1), "a 1-2-1 network, α = 0.1"),
        Case((*pair(3, 4, 2), 0.5), "a 3-4-2 network, α = 0.5"),
        Case((*pair(2, 5, 3), 2.0), "α = 2 (larger than 1)"),
    ]


def check_sgd_update(sgd_update, *, time_limit: float | None = None) -> CheckReport:
    """Check ``sgd_update(params, grads, lr)`` -> new dict {name: params[name] − lr · grads[name]}.

    ``params`` and ``grads`` are dicts with the keys W1, b1, W2, b2; the
    function returns a NEW dict (a list or tuple is refused) and leaves
    ``params`` unchanged.
    """
    return run_check("check_sgd_update", sgd_update, _reference_update, _cases_update(),
                     mistakes=UPDATE_MISTAKES, time_limit=time_limit)
