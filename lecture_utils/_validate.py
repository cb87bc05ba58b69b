"""Input checks shared by every module.

Each helper turns array-like input into a NumPy array and raises a
``ValueError`` that names what it got and what it wanted.
"""

from __future__ import annotations

import numpy as np


def as_float_array(x, name: str, func: str) -> np.ndarray:
    """Return ``x`` as a floating-point array, keeping float32/float64.

    Integers and booleans become float64; a float array is returned as it is
    (no copy, no promotion).
    """
    a = np.asarray(x)
    if a.dtype.kind in "biu":
        return a.astype(np.float64)
    if a.dtype.kind != "f":
        raise ValueError(
            f"{func}: {name} must hold real numbers; got shape {a.shape} with dtype {a.dtype}. "
            "Expected a float or int array (or a nested list of numbers)."
        )
    return a


def require_classes(a: np.ndarray, axis: int, name: str, func: str) -> None:
    """Raise if ``a`` has no entries along ``axis`` (no classes to normalise over)."""
    if a.ndim == 0 or a.shape[axis] == 0:
        raise ValueError(f"{func}: {name} has shape {a.shape}; expected at least one entry along axis {axis}.")


def require_ndim(a: np.ndarray, ndims: tuple[int, ...], name: str, func: str, wanted: str) -> None:
    """Raise unless ``a.ndim`` is one of ``ndims``; ``wanted`` describes the shape."""
    if a.ndim not in ndims:
        raise ValueError(f"{func}: {name} has shape {a.shape} ({a.ndim}-D); expected {wanted}.")


def as_labels(labels, num_classes: int, func: str) -> np.ndarray:
    """Return integer class labels as an ``np.intp`` array, checking the range [0, num_classes).

    ``np.intp`` is the platform's index integer (int64 on a 64-bit computer, int32 in
    the browser edition), the type ``np.bincount`` and indexing take without a cast.
    """
    y = np.asarray(labels)
    if y.dtype.kind == "f":
        if not np.all(np.isfinite(y)) or np.any(y != np.round(y)):
            raise ValueError(
                f"{func}: labels must be whole class indices; got shape {y.shape} with "
                f"non-integer values {y.ravel()[:5]}."
            )
        y = y.astype(np.intp)
    elif y.dtype.kind not in "iub":
        raise ValueError(f"{func}: labels must be integer class indices; got shape {y.shape} with dtype {y.dtype}.")
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(
            f"{func}: labels must lie in 0..{num_classes - 1} for {num_classes} classes; "
            f"got labels of shape {y.shape} with values from {int(y.min())} to {int(y.max())}."
        )
    return y.astype(np.intp, copy=False)
