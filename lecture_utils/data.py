"""Small data sets made from a seed, and scikit-learn's bundled digits.

Nothing is downloaded. Every generator returns float64 arrays and is
deterministic for a given ``seed``.
"""

from __future__ import annotations

import numpy as np


def make_regression_1d(n: int = 50, w: float = 2.0, b: float = 1.0, noise: float = 0.5, seed: int = 0):
    """Points on the line y = w·x + b with Gaussian noise.

    Returns
    -------
    X : (n, 1) inputs in [−3, 3]
    y : (n,) targets
    """
    rng = np.random.default_rng(seed)
    X = rng.uniform(-3, 3, size=(n, 1))
    y = w * X[:, 0] + b + noise * rng.standard_normal(n)
    return X, y


def make_blobs(n_per_class: int = 50, centers=((-2.0, -1.0), (2.0, -1.0), (0.0, 2.0)), std: float = 0.8, seed: int = 0):
    """Gaussian clusters, one per centre. Returns X (k·n, 2) and labels y (k·n,)."""
    rng = np.random.default_rng(seed)
    centers = np.asarray(centers, dtype=float)
    X = np.concatenate([c + std * rng.standard_normal((n_per_class, centers.shape[1])) for c in centers])
    y = np.repeat(np.arange(len(centers)), n_per_class)
    return X, y


def make_xor(n: int = 200, noise: float = 0.15, seed: int = 0):
    """Four clusters at (±1, ±1); label 1 where exactly one coordinate is positive.

    No straight line separates the classes. Returns X (n, 2), y (n,).
    """
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 2, size=(n, 2))
    X = (2.0 * corners - 1.0) + noise * rng.standard_normal((n, 2))
    y = (corners[:, 0] ^ corners[:, 1]).astype(np.intp)
    return X, y


def make_moons(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Two interleaving half circles. Returns X (n, 2), y (n,)."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    t = rng.uniform(0, np.pi, size=n)
    X = np.where(y[:, None] == 0,
                 np.column_stack([np.cos(t), np.sin(t)]),
                 np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)]))
    return X + noise * rng.standard_normal((n, 2)), y.astype(np.intp)


def make_spirals(n_per_class: int = 100, n_classes: int = 3, noise: float = 0.2, seed: int = 0):
    """Interleaved spiral arms, one per class. Returns X (k·n, 2), y (k·n,)."""
    rng = np.random.default_rng(seed)
    r = np.linspace(0.05, 1.0, n_per_class)
    X, y = [], []
    for k in range(n_classes):
        theta = np.linspace(k * 2 * np.pi / n_classes, k * 2 * np.pi / n_classes + 4.0, n_per_class)
        theta = theta + noise * rng.standard_normal(n_per_class)
        X.append(np.column_stack([r * np.sin(theta), r * np.cos(theta)]))
        y.append(np.full(n_per_class, k))
    return np.concatenate(X), np.concatenate(y).astype(np.intp)


def load_digits():
    """scikit-learn's bundled 8×8 handwritten digits (1797 images, no download).

    Returns
    -------
    X : (1797, 64) float64, pixel intensities scaled to [0, 1]
    y : (1797,) np.intp (the platform's index integer), the digit 0–9
    """
    import importlib.util
    from pathlib import Path

    # scikit-learn ships the data as a small CSV file. Reading it directly is
    # five times faster than importing scikit-learn (which imports SciPy).
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("load_digits: scikit-learn is not installed; run `pip install -r requirements.txt`.")
    path = Path(spec.submodule_search_locations[0]) / "datasets" / "data" / "digits.csv.gz"
    if path.exists():
        data = np.loadtxt(path, delimiter=",")
        return data[:, :-1] / 16.0, data[:, -1].astype(np.intp)
    from sklearn.datasets import load_digits as _load  # a scikit-learn that stores the file elsewhere

    bunch = _load()
    return bunch.data / 16.0, bunch.target.astype(np.intp)


def train_test_split(X, y, test_fraction: float = 0.3, seed: int = 0):
    """Shuffle with ``seed`` and split into train and test parts.

    The test part (default 30%) must never be used for training.

    Returns
    -------
    X_train, X_test, y_train, y_test
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"train_test_split: X has {len(X)} rows but y has {len(y)}; expected the same number.")
    if not 0 < test_fraction < 1:
        raise ValueError(f"train_test_split: test_fraction must be between 0 and 1; got {test_fraction}.")
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = int(round(test_fraction * len(X)))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def train_val_test_split(X, y, fractions=(0.6, 0.2, 0.2), seed: int = 0, stratify: bool = True):
    """Shuffle with ``seed`` and split into training, validation and test parts.

    The training part fits the weights. The validation part (검증 세트) chooses
    everything else: the learning rate, the number of epochs, the optimiser. The
    test part is looked at once, at the very end, to report how the chosen model
    does on new data.

    Parameters
    ----------
    X : (n, d) inputs; y : (n,) int labels
    fractions : (train, validation, test) shares, positive, summing to 1
    seed : seed of the shuffle
    stratify : if True, split every class on its own, so that each part holds
        the classes in (nearly) the same proportions as the whole set, and the
        part sizes do not depend on ``seed``

    Returns
    -------
    X_train, X_val, X_test, y_train, y_val, y_test
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"train_val_test_split: X has {len(X)} rows but y has {len(y)}; expected the same number.")
    fractions = np.asarray(fractions, dtype=float)
    if fractions.shape != (3,) or np.any(fractions <= 0) or abs(fractions.sum() - 1) > 1e-9:
        raise ValueError(f"train_val_test_split: fractions must be three positive numbers summing to 1; "
                         f"got {fractions.tolist()}.")
    rng = np.random.default_rng(seed)
    groups = [np.flatnonzero(y == label) for label in np.unique(y)] if stratify else [np.arange(len(y))]
    parts = ([], [], [])
    for members in groups:
        members = rng.permutation(members)
        n_val = int(round(fractions[1] * len(members)))
        n_test = int(round(fractions[2] * len(members)))
        parts[2].append(members[:n_test])
        parts[1].append(members[n_test:n_test + n_val])
        parts[0].append(members[n_test + n_val:])
    # one more shuffle inside each part, so that the classes are not in blocks
    train, val, test = (rng.permutation(np.concatenate(p)) for p in parts)
    return X[train], X[val], X[test], y[train], y[val], y[test]
