"""Unit tests for lecture_utils.data and lecture_utils.training."""

import math

import numpy as np
import pytest

from lecture_utils import MLP
from lecture_utils.data import (
    load_digits,
    make_blobs,
    make_moons,
    make_regression_1d,
    make_spirals,
    make_xor,
    train_test_split,
    train_val_test_split,
)
from lecture_utils.training import minibatches, train

GENERATORS = {
    "regression_1d": lambda seed: make_regression_1d(n=40, seed=seed),
    "blobs": lambda seed: make_blobs(n_per_class=15, seed=seed),
    "xor": lambda seed: make_xor(n=60, seed=seed),
    "moons": lambda seed: make_moons(n=60, seed=seed),
    "spirals": lambda seed: make_spirals(n_per_class=20, n_classes=3, seed=seed),
}


@pytest.mark.parametrize("name", list(GENERATORS))
def test_generator_is_deterministic_for_a_seed(name):
    X1, y1 = GENERATORS[name](3)
    X2, y2 = GENERATORS[name](3)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)


@pytest.mark.parametrize("name", list(GENERATORS))
def test_generator_differs_between_seeds(name):
    X1, _ = GENERATORS[name](3)
    X2, _ = GENERATORS[name](4)
    assert not np.array_equal(X1, X2)


def test_make_regression_1d_shapes_and_line():
    X, y = make_regression_1d(n=50, w=2.0, b=1.0, noise=0.0, seed=0)
    assert X.shape == (50, 1) and y.shape == (50,)
    assert X.min() >= -3 and X.max() <= 3
    np.testing.assert_allclose(y, 2.0 * X[:, 0] + 1.0, rtol=1e-12)


def test_make_blobs_shapes_and_labels():
    X, y = make_blobs(n_per_class=10)
    assert X.shape == (30, 2) and y.shape == (30,)
    np.testing.assert_array_equal(y, np.repeat([0, 1, 2], 10))


def test_make_blobs_clusters_sit_at_their_centres():
    centers = np.array([[-5.0, 0.0], [5.0, 0.0]])
    X, y = make_blobs(n_per_class=400, centers=centers, std=0.5, seed=1)
    for k in range(2):
        np.testing.assert_allclose(X[y == k].mean(axis=0), centers[k], rtol=0, atol=0.1)


def test_make_xor_labels_follow_the_quadrants():
    X, y = make_xor(n=200, noise=0.1, seed=0)
    assert X.shape == (200, 2) and y.shape == (200,)
    assert set(np.unique(y)) == {0, 1}
    np.testing.assert_array_equal(y, (X[:, 0] > 0) ^ (X[:, 1] > 0))


def test_make_moons_shapes_and_balanced_labels():
    X, y = make_moons(n=100)
    assert X.shape == (100, 2) and y.shape == (100,)
    np.testing.assert_array_equal(np.bincount(y), [50, 50])


def test_make_spirals_shapes_and_labels():
    X, y = make_spirals(n_per_class=25, n_classes=4)
    assert X.shape == (100, 2) and y.shape == (100,)
    np.testing.assert_array_equal(np.bincount(y), [25] * 4)
    assert np.all(np.linalg.norm(X, axis=1) <= 1.0 + 1e-12)


def test_load_digits_shape_range_and_labels():
    X, y = load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(np.unique(y), np.arange(10))


def test_train_test_split_is_70_30_disjoint_and_complete():
    X = np.arange(100, dtype=float).reshape(50, 2)
    y = np.arange(50)
    X_train, X_test, y_train, y_test = train_test_split(X, y, seed=0)
    assert (len(X_train), len(X_test)) == (35, 15)
    assert not set(y_train) & set(y_test)
    assert sorted([*y_train, *y_test]) == list(range(50))
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)
    np.testing.assert_array_equal(X_test[:, 0], 2 * y_test)


def test_train_test_split_is_seeded():
    X, y = np.arange(40.0).reshape(20, 2), np.arange(20)
    first = train_test_split(X, y, seed=5)
    second = train_test_split(X, y, seed=5)
    other = train_test_split(X, y, seed=6)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[3], other[3])


def test_train_test_split_rejects_mismatched_lengths():
    with pytest.raises(ValueError):
        train_test_split(np.zeros((5, 2)), np.zeros(4))


@pytest.mark.parametrize("n, m", [(10, 3), (12, 4), (7, 7), (5, 1), (4, 10)])
def test_minibatches_cover_every_index_once_with_the_right_sizes(n, m):
    batches = list(minibatches(n, m, rng=0))
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(n))
    sizes = [len(b) for b in batches]
    assert len(batches) == math.ceil(n / m)
    assert all(s == m for s in sizes[:-1]) and 1 <= sizes[-1] <= m


def test_minibatches_without_rng_keep_the_order():
    np.testing.assert_array_equal(np.concatenate(list(minibatches(7, 3))), np.arange(7))


def test_minibatches_shuffle_is_seeded():
    first = np.concatenate(list(minibatches(20, 6, rng=1)))
    second = np.concatenate(list(minibatches(20, 6, rng=1)))
    other = np.concatenate(list(minibatches(20, 6, rng=2)))
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(first, np.arange(20))
    assert not np.array_equal(first, other)


def test_minibatches_rejects_a_bad_batch_size():
    with pytest.raises(ValueError):
        list(minibatches(10, 0))


BLOBS = make_blobs(n_per_class=8, seed=2)


@pytest.mark.parametrize("batch_size, per_epoch", [(None, 1), (1, 24), (5, 5)],
                         ids=["full_batch", "stochastic", "minibatch"])
def test_train_lowers_the_loss_and_records_each_epoch(batch_size, per_epoch):
    X, y = BLOBS
    net = MLP([2, 8, 3], activation="tanh", seed=0)
    start = net.loss(X, y)
    history = train(net, X, y, epochs=4, lr=0.1, batch_size=batch_size, seed=0)
    assert len(history.loss) == len(history.accuracy) == len(history.updates) == 4
    assert history.loss[-1] < start
    assert history.updates == [per_epoch * e for e in range(1, 5)]
    assert history.examples_seen == [24 * e for e in range(1, 5)]
    np.testing.assert_allclose(history.loss[-1], net.loss(X, y), rtol=1e-12)


def test_train_is_reproducible_for_a_seed():
    X, y = BLOBS
    nets = [MLP([2, 6, 3], seed=1) for _ in range(2)]
    histories = [train(net, X, y, epochs=2, lr=0.1, batch_size=4, seed=9) for net in nets]
    assert histories[0].loss == histories[1].loss
    np.testing.assert_array_equal(nets[0].params["W1"], nets[1].params["W1"])


def test_train_evaluates_but_never_trains_on_the_validation_set():
    X, y = BLOBS
    X_val, y_val = make_blobs(n_per_class=4, seed=7)
    with_val = MLP([2, 6, 3], seed=1)
    without_val = MLP([2, 6, 3], seed=1)
    history = train(with_val, X, y, epochs=3, lr=0.1, batch_size=6, X_val=X_val, y_val=y_val)
    train(without_val, X, y, epochs=3, lr=0.1, batch_size=6)
    assert len(history.val_loss) == len(history.val_accuracy) == 3
    np.testing.assert_array_equal(with_val.params["W1"], without_val.params["W1"])
    np.testing.assert_allclose(history.val_loss[-1], with_val.loss(X_val, y_val), rtol=1e-12)
    assert history.val_accuracy[-1] == np.mean(with_val.predict(X_val) == y_val)


def test_train_still_accepts_the_old_names_x_test_and_y_test():
    X, y = BLOBS
    X_val, y_val = make_blobs(n_per_class=4, seed=7)
    old = train(MLP([2, 6, 3], seed=1), X, y, epochs=2, lr=0.1, batch_size=6, X_test=X_val, y_test=y_val)
    new = train(MLP([2, 6, 3], seed=1), X, y, epochs=2, lr=0.1, batch_size=6, X_val=X_val, y_val=y_val)
    assert old.val_loss == new.val_loss and old.test_loss is old.val_loss and old.test_accuracy == new.val_accuracy


# ----------------------------------------------------------------------------- train / validation / test


def labelled_rows(counts):
    """Rows (value, class) with counts[k] rows of class k; the value identifies the row."""
    y = np.repeat(np.arange(len(counts)), counts)
    return np.column_stack([np.arange(len(y)), y]).astype(float), y


def test_train_val_test_split_is_disjoint_complete_and_keeps_rows_with_labels():
    X, y = labelled_rows([50, 30, 20])
    X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(X, y, seed=0)
    ids = np.concatenate([X_tr[:, 0], X_va[:, 0], X_te[:, 0]])
    np.testing.assert_array_equal(np.sort(ids), np.arange(100))
    for part, labels in ((X_tr, y_tr), (X_va, y_va), (X_te, y_te)):
        np.testing.assert_array_equal(part[:, 1], labels)


def test_train_val_test_split_is_stratified_60_20_20():
    X, y = labelled_rows([50, 30, 20])
    _, _, _, y_tr, y_va, y_te = train_val_test_split(X, y, seed=3)
    np.testing.assert_array_equal(np.bincount(y_tr), [30, 18, 12])
    np.testing.assert_array_equal(np.bincount(y_va), [10, 6, 4])
    np.testing.assert_array_equal(np.bincount(y_te), [10, 6, 4])
    assert np.any(np.diff(y_tr) < 0), "the training part is shuffled, not sorted by class"


def test_train_val_test_split_on_the_digits_gives_359_validation_and_test_images():
    X, y = load_digits()
    X_tr, X_va, X_te, y_tr, y_va, y_te = train_val_test_split(X, y, seed=0)
    assert (len(X_tr), len(X_va), len(X_te)) == (1079, 359, 359)
    assert np.abs(np.bincount(y_va) - np.bincount(y) * 0.2).max() <= 0.5


def test_train_val_test_split_is_seeded_and_the_sizes_do_not_depend_on_the_seed():
    X, y = labelled_rows([50, 30, 20])
    first, again, other = (train_val_test_split(X, y, seed=s) for s in (5, 5, 6))
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0], other[0])
    assert [len(a) for a in first] == [len(a) for a in other]


def test_train_val_test_split_without_stratify_and_other_fractions():
    X, y = labelled_rows([90, 10])
    X_tr, X_va, X_te, *_ = train_val_test_split(X, y, fractions=(0.5, 0.3, 0.2), seed=0, stratify=False)
    assert (len(X_tr), len(X_va), len(X_te)) == (50, 30, 20)


@pytest.mark.parametrize("fractions", [(0.6, 0.2), (0.6, 0.3, 0.3), (0.8, 0.3, -0.1)])
def test_train_val_test_split_rejects_bad_fractions(fractions):
    X, y = labelled_rows([10, 10])
    with pytest.raises(ValueError, match="fractions"):
        train_val_test_split(X, y, fractions=fractions)
    with pytest.raises(ValueError, match="20 rows but y has 19"):
        train_val_test_split(X, y[:-1])


def test_train_one_full_batch_epoch_is_one_gradient_step():
    X, y = BLOBS
    net = MLP([2, 5, 3], seed=3)
    expected = {k: v.copy() for k, v in net.params.items()}
    _, grads = net.loss_and_grads(X, y)
    for k in expected:
        expected[k] -= 0.2 * grads[k]
    train(net, X, y, epochs=1, lr=0.2)
    for k in expected:
        np.testing.assert_allclose(net.params[k], expected[k], rtol=1e-12, atol=1e-14)


def test_train_calls_the_callback_after_every_epoch():
    X, y = BLOBS
    seen = []
    train(MLP([2, 4, 3]), X, y, epochs=3, lr=0.1, callback=lambda epoch, model, h: seen.append(len(h.loss)))
    assert seen == [1, 2, 3]


def test_train_with_half_mse_records_no_accuracy():
    X, _ = BLOBS
    Y = np.column_stack([X[:, 0] + X[:, 1], X[:, 0] - X[:, 1]])
    net = MLP([2, 6, 2], activation="tanh", seed=0)
    start = net.loss(X, Y, loss="half_mse")
    history = train(net, X, Y, epochs=5, lr=0.05, batch_size=6, loss="half_mse")
    assert history.accuracy == []
    assert history.loss[-1] < start


def test_load_digits_reads_the_same_data_as_scikit_learn_without_importing_it():
    import subprocess
    import sys

    code = ("import sys; from lecture_utils.data import load_digits; X, y = load_digits(); "
            "print(X.shape, int(y.sum()), 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    from sklearn.datasets import load_digits as sklearn_digits

    bunch = sklearn_digits()
    assert out.strip() == f"(1797, 64) {int(bunch.target.sum())} False"
    X, y = load_digits()
    np.testing.assert_array_equal(X, bunch.data / 16.0)
    np.testing.assert_array_equal(y, bunch.target)
