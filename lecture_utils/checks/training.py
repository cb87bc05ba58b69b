"""Checks for the exercises of notebook 08 (training a classifier).

1. ``check_minibatches(minibatch_indices)``: the index arrays of one epoch.
2. ``check_sgd_update(sgd_update)``: the update W := W − α ∂L/∂W of every parameter.
3. ``check_shuffled_batches(shuffled_batches)``: (X, y) batches shuffled by one permutation.
"""

from __future__ import annotations

import numpy as np

from ..training import minibatches
from ._core import Case, CheckReport, Mistake, function_name, run_check

# ----------------------------------------------------------------------------- minibatches

BATCH_PARTS = ("how often each index appears (every one exactly once)", "batch sizes",
               "shuffled (not in the order 0, 1, 2, …)", "the same seed gives the same batches",
               "another seed gives other batches",
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
        counts = np.bincount(order.astype(np.intp), minlength=n)  # int64 → int32 in the browser edition
    except (TypeError, ValueError):
        return batches
    return counts, np.array([len(p) for p in parts]), order


def batch_summary(make_batches, n: int, batch_size: int, seed: int):
    """What the check compares: (counts, sizes, shuffled, same, differs, order).

    ``counts``, ``sizes`` and ``order`` are ``describe_batches`` of one call; ``shuffled``
    says that ``order`` is not 0, 1, 2, …; ``same`` that a second call with ``seed`` gives
    the same batches (NumPy's global random state is moved in between, so code that ignores
    the seed gives other ones); ``differs`` that ``seed + 1`` gives another order. Output
    that ``describe_batches`` cannot read is returned unchanged.
    """
    batches = make_batches(n, batch_size, seed)
    first = describe_batches(batches, n)
    if first is batches:
        return batches
    counts, sizes, order = first
    state = np.random.get_state()  # noqa: NPY002 - the global state is what seed-ignoring code uses
    try:
        np.random.seed(seed + 7919)  # noqa: NPY002
        again = describe_batches(make_batches(n, batch_size, seed), n)
        other = describe_batches(make_batches(n, batch_size, seed + 1), n)
    finally:
        np.random.set_state(state)  # noqa: NPY002
    same = isinstance(again, tuple) and len(again) == 3 and all(
        np.array_equal(a, b) for a, b in zip(again, first))
    differs = not (isinstance(other, tuple) and len(other) == 3 and np.array_equal(other[2], order))
    shuffled = not np.array_equal(order, np.arange(len(order)))
    return counts, sizes, shuffled, same, differs, order


def _reference_batches(n, batch_size, seed):
    counts, sizes, order = describe_batches(list(minibatches(n, batch_size, rng=seed)), n)
    return counts, sizes, True, True, True, order


def _described(make_batches):
    """A function of (n, batch_size, seed) that returns ``batch_summary`` of ``make_batches``."""
    def run(n, batch_size, seed):
        return batch_summary(make_batches, n, batch_size, seed)
    return run


def _seed_fact(same=True, differs=True):
    """A mistake seen only in how the batches depend on the seed: the reference's summary with that fact changed."""
    def run(n, batch_size, seed):
        counts, sizes, shuffled, _, _, order = _reference_batches(n, batch_size, seed)
        return counts, sizes, shuffled, same, differs, order
    return run


def _split_from(order, batch_size, first, step):
    return [order[i:i + batch_size] for i in range(first, len(order), step)]


def _split_overlapping(order, batch_size):
    return [order[i:i + batch_size + 1] for i in range(0, len(order), batch_size)]


def _split(order, batch_size):
    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]


def _new_permutation_per_batch(n, batch_size, seed):
    rng = np.random.default_rng(seed)
    return [rng.permutation(n)[i:i + batch_size] for i in range(0, n, batch_size)]


BATCH_MISTAKES = (
    # The two seed mistakes come first: only they have the right batches, and "not shuffled" also gives the
    # same batches for every seed.
    Mistake("two calls with the same seed gave different batches: the order does not come from the seed "
            "(np.random.permutation uses NumPy's global state, np.random.default_rng() a fresh one). Make the "
            "generator from the argument: rng = np.random.default_rng(seed).", _seed_fact(same=False),
            "seed-ignored"),
    Mistake("every seed gives the same batches: the seed is fixed inside the function (default_rng(0)?). Use the "
            "argument: rng = np.random.default_rng(seed).", _seed_fact(differs=False), "seed-fixed"),
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
    Mistake("the permutation comes from NumPy's legacy generator (np.random.seed, np.random.permutation, "
            "RandomState), which gives other numbers for the same seed: the exercise asks for "
            "np.random.default_rng(seed).permutation(n).",
            _described(lambda n, m, seed: _split(np.random.RandomState(seed).permutation(n), m)), "legacy-rng"),
    Mistake("the batches overlap: consecutive batches start batch_size apart, order[i:i + batch_size] for "
            "i in range(0, n, batch_size); a step of 1 repeats examples.",
            _described(lambda n, m, seed: [np.random.default_rng(seed).permutation(n)[i:i + m] for i in range(n)]),
            "overlapping"),
    Mistake("the batches are one example short: order[i:i + batch_size - 1] ends one before the next batch "
            "starts, so that example is never used. The end of a slice is not included: order[i:i + batch_size].",
            _described(lambda n, m, seed: [np.random.default_rng(seed).permutation(n)[i:i + m - 1]
                                           for i in range(0, n, m)]), "one-short"),
    Mistake("np.array_split makes pieces of nearly equal size; here every batch has batch_size indices and only "
            "the last one may be shorter: [order[i:i + batch_size] for i in range(0, n, batch_size)].",
            _described(lambda n, m, seed: np.array_split(np.random.default_rng(seed).permutation(n), -(-n // m))),
            "array-split"),
    Mistake("your slices overlap: order[i:i + batch_size + 1] takes one index of the next batch too. A slice "
            "a:b stops BEFORE b, so order[i:i + batch_size] is exactly batch_size long.",
            _described(lambda n, m, seed: _split_overlapping(np.random.default_rng(seed).permutation(n), m)),
            "slice-plus-one"),
    Mistake("np.array_split(order, k) makes k pieces, not pieces of size k: you asked for batch_size pieces. "
            "Cut consecutive slices instead: [order[i:i + batch_size] for i in range(0, n, batch_size)].",
            _described(lambda n, m, seed: np.array_split(np.random.default_rng(seed).permutation(n), m)),
            "split-into-batch-size"),
    Mistake("your batches start batch_size + 1 apart, so one index is skipped after every batch: the starts are "
            "range(0, n, batch_size).",
            _described(lambda n, m, seed: _split_from(np.random.default_rng(seed).permutation(n), m, 0, m + 1)),
            "stride"),
    Mistake("your first batch starts at 1, so order[0] is never used: slices start at 0, "
            "range(0, n, batch_size).",
            _described(lambda n, m, seed: _split_from(np.random.default_rng(seed).permutation(n), m, 1, m)),
            "start-at-1"),
    Mistake("you returned the permutation itself, so every index counts as a batch of its own: cut it into "
            "pieces of batch_size, [order[i:i + batch_size] for i in range(0, n, batch_size)].",
            _described(lambda n, m, seed: np.random.default_rng(seed).permutation(n)), "not-cut"),
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
    if not callable(minibatch_indices):
        return run_check("check_minibatches", minibatch_indices, _reference_batches, _cases_minibatches())

    def student(n, batch_size, seed):
        return batch_summary(minibatch_indices, n, batch_size, seed)

    report = run_check("check_minibatches", student, _reference_batches, _cases_minibatches(),
                       mistakes=BATCH_MISTAKES, output_names=BATCH_PARTS, rtol=0, atol=0, time_limit=time_limit,
                       label=function_name(minibatch_indices))
    if report.hint_key == "type:sequence":  # the engine's words are about the summary, not about the batches
        _word_as_batches(report)
    return report


def _word_as_batches(report: CheckReport) -> None:
    wanted = f"expected {len(BATCH_PARTS)} results ({', '.join(BATCH_PARTS)}), got "
    lines = [line for line in report.details if not line.startswith("hint: ")]
    returned_none = any(line == wanted + "None." for line in lines)
    report.details = [f"expected a list of integer index arrays, one per batch; got {line[len(wanted):]}"
                      if line.startswith(wanted) else line for line in lines]
    report.hint_key = "none-returned" if returned_none else "not-batches"
    report.details.append("hint: " + ("your function returned None: end it with `return batches`." if returned_none
                                      else "return a list of integer arrays of indices, e.g. "
                                           "[order[i:i + batch_size] for i in range(0, n, batch_size)]."))


# ----------------------------------------------------------------------------- the update step

PARAM_NAMES = ("W1", "b1", "W2", "b2")


def _reference_update(params, grads, lr):
    return {k: np.asarray(params[k]) - lr * np.asarray(grads[k]) for k in PARAM_NAMES}


def _wrong_update(rule):
    return lambda params, grads, lr: {k: rule(k, np.asarray(params[k]), np.asarray(grads[k]), lr)
                                      for k in PARAM_NAMES}


def _zipped_update(params, grads, lr):
    return {k: np.asarray(p) - lr * np.asarray(g) for (k, p), g in zip(params.items(), grads.values())}


UPDATE_MISTAKES = (
    Mistake("you subtracted the learning rate itself: the step is lr times the gradient, "
            "params[name] − lr * grads[name].", _wrong_update(lambda k, W, g, lr: W - lr), "lr-only"),
    Mistake("you paired params and grads by their ORDER (zip of the two dicts): a dict's order is how it was "
            "built, and here grads lists its keys differently. Look each gradient up by name: grads[name].",
            _zipped_update, "zip-order"),
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
        Case((small[0], dict(reversed(list(small[1].items()))), 0.5),
             "grads lists its keys in another order (b2, W2, b1, W1): look each gradient up by name"),
    ]


def check_sgd_update(sgd_update, *, time_limit: float | None = None) -> CheckReport:
    """Check ``sgd_update(params, grads, lr)`` -> new dict {name: params[name] − lr · grads[name]}.

    ``params`` and ``grads`` are dicts with the keys W1, b1, W2, b2; the
    function returns a NEW dict (a list or tuple is refused) and leaves
    ``params`` unchanged.
    """
    return run_check("check_sgd_update", sgd_update, _reference_update, _cases_update(),
                     mistakes=UPDATE_MISTAKES, time_limit=time_limit)


# ----------------------------------------------------------------------------- shuffling X and y together

PAIR_PARTS = ("rows with their labels", "batch sizes")


def describe_pairs(batches):
    """(rows, sizes) of a list of (X_batch, y_batch) pairs: what the check compares.

    ``rows`` stacks the rows of every X_batch, batches joined end to end, and appends to
    each row the label that y_batch gives it (last column): a row whose label is not its own
    shows at once. ``sizes`` holds (len(X_batch), len(y_batch)) for every batch. Output that
    is not a sequence of pairs of arrays comes back as (output, None), so that the report
    shows it as it is.
    """
    try:
        items = list(batches)
        if items and all(isinstance(a, np.ndarray) and a.ndim == 1 and a.dtype.kind in "iu" for a in items):
            return np.concatenate(items), None  # index arrays, not (X_batch, y_batch) pairs
        pairs = [tuple(pair) for pair in items]
        if any(len(pair) != 2 for pair in pairs):
            return items, None
        blocks, sizes = [], []
        for X_batch, y_batch in pairs:
            A, b = np.asarray(X_batch, dtype=float), np.asarray(y_batch, dtype=float)
            A, b = A.reshape(len(A), -1), b.reshape(len(b), -1)
            sizes.append((len(A), len(b)))
            m = min(len(A), len(b))
            blocks.append(np.hstack([A[:m], b[:m]]))
        width = {block.shape[1] for block in blocks}
        if len(width) > 1:
            return batches, None
        rows = np.vstack(blocks) if blocks else np.zeros((0, 0))
    except (TypeError, ValueError):
        return batches, None
    return rows, np.array(sizes, dtype=np.int64).reshape(-1, 2)


def shuffled_batches_reference(X, y, batch_size, seed):
    """One epoch of (X_batch, y_batch) pairs: ONE permutation of the rows indexes both X and y."""
    X, y = np.asarray(X), np.asarray(y)
    return [(X[idx], y[idx]) for idx in minibatches(len(X), batch_size, rng=seed)]


def _reference_pairs(X, y, batch_size, seed):
    return describe_pairs(shuffled_batches_reference(X, y, batch_size, seed))


def _pairs_with(*, shuffle_X=True, shuffle_y=True, same=True, drop_last=False, swapped=False, draw="permutation",
                indices=False, second_seed=False, columns=False):
    """A function of (X, y, batch_size, seed) giving ``describe_pairs`` of a known mistake's batches."""
    def run(X, y, batch_size, seed):
        X, y = np.asarray(X), np.asarray(y)
        n = len(X)
        rng = np.random.default_rng(seed)
        if draw == "legacy":
            order = np.random.RandomState(seed).permutation(n)
        elif draw == "with-replacement":
            order = rng.integers(0, n, size=n)
        else:
            order = rng.permutation(n)
        order_y = order if same else (np.random.default_rng(seed + 1) if second_seed else rng).permutation(n)
        if columns:
            return describe_pairs([(X[:, order[i:i + batch_size]], y[order[i:i + batch_size]])
                                   for i in range(0, n, batch_size)])
        Xs = X[order] if shuffle_X else X
        ys = y[order_y] if shuffle_y else y
        starts = range(0, n - batch_size + 1 if drop_last else n, batch_size)
        if indices:
            return describe_pairs([order[i:i + batch_size] for i in starts])
        pairs = [(Xs[i:i + batch_size], ys[i:i + batch_size]) for i in starts]
        return describe_pairs([(b, a) for a, b in pairs] if swapped else pairs)
    return run


class AnswerForm:
    """What a result looks like when it is not in the form the exercise asks for (shown in the report)."""

    def __init__(self, name: str, text: str):
        self.name, self.text = name, text

    def __repr__(self) -> str:
        return self.text


def _two_lists(result) -> bool:
    """True for (all X batches, all y batches): two lists of arrays instead of a list of pairs."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return False
    first, second = result
    if not all(isinstance(part, (tuple, list)) and part for part in (first, second)) or len(first) != len(second):
        return False
    ndims = [{np.ndim(a) for a in part} for part in (first, second)]
    return all(len(d) == 1 for d in ndims) and ndims[0] != ndims[1]


def _pair_form(result):
    if _two_lists(result):
        return AnswerForm("two-lists", f"two lists: {len(result[0])} X batches, then {len(result[1])} y batches")
    return describe_pairs(result)


PAIR_MISTAKES = (
    Mistake("you returned two lists, all the X batches and then all the y batches; return ONE list of pairs, "
            "[(X_batch, y_batch), …], e.g. list(zip(X_batches, y_batches)).",
            key="two-lists", spots=lambda got: isinstance(got, AnswerForm) and got.name == "two-lists"),
    Mistake("X was shuffled but y was not, so the rows of X_batch carry the labels of other examples (look at "
            "the last column): the network would learn from wrong labels. Index both with the SAME "
            "permutation: X[idx], y[idx].", _pairs_with(shuffle_y=False), "x-only"),
    Mistake("y was shuffled but X was not, so every label now sits beside another example's row (last "
            "column): index both with the SAME permutation, X[idx] and y[idx].",
            _pairs_with(shuffle_X=False), "y-only"),
    Mistake("X and y were shuffled with two different permutations (rng.permutation(n) called twice, or "
            "rng.shuffle on each), so the labels no longer match their rows. Draw ONE permutation and use it "
            "for both: idx = rng.permutation(n), then X[idx], y[idx].", _pairs_with(same=False), "two-permutations"),
    Mistake("X and y were shuffled by two different generators (two seeds), so the labels no longer match their "
            "rows. Draw ONE permutation, idx = np.random.default_rng(seed).permutation(n), and use it for both.",
            _pairs_with(same=False, second_seed=True), "two-generators"),
    Mistake("X[:, idx] picks COLUMNS (features); the examples are the rows, so take X[idx] (and y[idx]).",
            _pairs_with(columns=True), "columns"),
    Mistake("the batches are not shuffled: take the order from np.random.default_rng(seed).permutation(n), so "
            "that every epoch sees the examples in a new order.",
            _pairs_with(shuffle_X=False, shuffle_y=False), "not-shuffled"),
    Mistake("the last, smaller batch is missing: when batch_size does not divide n, the leftover examples form "
            "one more batch (range(0, n, batch_size) gives every start), or they are never trained on.",
            _pairs_with(drop_last=True), "drop-last"),
    Mistake("each pair is (y_batch, X_batch): return the pairs in the order (X_batch, y_batch), inputs first "
            "(the labels landed in the first column).", _pairs_with(swapped=True), "pairs-swapped"),
    Mistake("the permutation comes from another generator: use np.random.default_rng(seed).permutation(n), so "
            "that the same seed gives the same batches (np.random.seed and np.random.permutation use NumPy's "
            "old global generator).", _pairs_with(draw="legacy"), "legacy-rng"),
    Mistake("some examples appear twice and others never: rng.integers / rng.choice draw WITH replacement. One "
            "epoch must visit every example once: use rng.permutation(n).",
            _pairs_with(draw="with-replacement"), "with-replacement"),
    Mistake("you returned the index arrays of exercise 1: use each one to pick the batch itself, "
            "(X[idx], y[idx]).", _pairs_with(indices=True), "indices-only"),
)


def _cases_pairs() -> list[Case]:
    rng = np.random.default_rng(802)

    def data(n, d, classes):
        return rng.normal(size=(n, d)).round(2), rng.integers(0, classes, size=n)

    # The first case is small enough to read: example i is the row (i, 10 + i), its label i % 3.
    first = np.column_stack([np.arange(7.0), 10.0 + np.arange(7.0)]), np.arange(7) % 3
    return [
        Case((*first, 3, 0), "n = 7 examples (row i is (i, 10 + i), label i % 3) in batches of 3: the last has 1"),
        Case((*data(8, 3, 2), 4, 1), "batch_size divides n = 8"),
        Case((*data(5, 2, 3), 1, 2), "batches of one example: stochastic gradient descent"),
        Case((*data(4, 2, 2), 10, 3), "batch_size larger than n: one batch of all 4"),
        Case((*data(20, 3, 4), 6, 4), "n = 20 examples in batches of 6, 4 classes"),
    ]


def check_shuffled_batches(shuffled_batches, *, time_limit: float | None = None) -> CheckReport:
    """Check ``shuffled_batches(X, y, batch_size, seed)`` -> list of (X_batch, y_batch) pairs.

    Expected: one permutation ``idx = np.random.default_rng(seed).permutation(n)`` indexes both
    X and y, cut into consecutive pieces of ``batch_size`` (the last may be smaller), exactly as
    in exercise 1. The check compares every batch row with its label, and the batch sizes.
    """
    if not callable(shuffled_batches):
        return run_check("check_shuffled_batches", shuffled_batches, _reference_pairs, _cases_pairs())

    def student(X, y, batch_size, seed):
        return _pair_form(shuffled_batches(X, y, batch_size, seed))

    return run_check("check_shuffled_batches", student, _reference_pairs, _cases_pairs(), mistakes=PAIR_MISTAKES,
                     output_names=PAIR_PARTS, rtol=0, atol=0, time_limit=time_limit,
                     label=function_name(shuffled_batches))
