"""Generic hints: read off the relation between a wrong result and the right one.

Every hint comes with a short key (``"sign"``, ``"shape:transposed"``, …) so
that tests can assert which hint a wrong answer gets. A check's own
``Mistake`` objects are tried first; these apply when none of them matches.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Hint(NamedTuple):
    key: str
    text: str
    specific: bool = False  # True for a check's own Mistake, which wins over any generic hint


def safe_str(obj, limit: int = 300) -> str:
    """``str(obj)``, shortened, or a plain description when ``str`` itself fails; never raises."""
    try:
        text = str(obj)
    except BaseException:  # noqa: BLE001 - a student's __str__ may raise anything
        try:
            return f"<{type(obj).__name__} object whose str() fails>"
        except BaseException:  # noqa: BLE001
            return "<an object whose str() fails>"
    return text if len(text) <= limit else text[:limit] + " …"


def _close(a, b, rtol, atol) -> bool:
    return bool(np.allclose(a, b, rtol=rtol, atol=atol))


# ------------------------------------------------------------------ wrong shape

def shape_hint(g: np.ndarray, e: np.ndarray) -> Hint:
    """Why ``g`` (the student's array) has another shape than ``e`` (the answer)."""
    gs, es = g.shape, e.shape
    if e.ndim == 0:
        return Hint("shape:not-scalar", f"expected a single number, got an array of shape {gs}: "
                                        "reduce it to one number (a sum or a mean?), or index the entry you need.")
    if g.ndim == 0:
        return Hint("shape:scalar", f"expected an array of shape {es}, got a single number: "
                                    "did you sum or average over everything?")
    if g.ndim == 2 and e.ndim == 2 and gs == es[::-1]:
        return Hint("shape:transposed", f"the shape is transposed: expected {es}, got {gs}. "
                                        "Check the order of the factors in a matrix product, or a missing .T.")
    if g.ndim == e.ndim - 1 and gs == es[1:]:
        return Hint("shape:summed-rows", f"expected shape {es}, got {gs}: one row per example is missing. "
                                         "Did you sum or average over the rows (axis=0) instead of keeping them?")
    if g.ndim == e.ndim - 1 and gs == es[:-1]:
        return Hint("shape:summed-last", f"expected shape {es}, got {gs}: the last axis is gone. Did you sum or "
                                         "take a maximum over axis=-1 without keepdims=True?")
    if g.size == e.size and g.ndim > e.ndim and [n for n in gs if n != 1] == [n for n in es if n != 1]:
        return Hint("shape:extra-axis", f"the right number of entries with an extra axis of length 1: expected "
                                        f"{es}, got {gs}. Was it keepdims=True on a sum, a reshape(-1, 1), or a "
                                        "2-D input where a 1-D one belongs? Return shape "
                                        f"{es} (e.g. with .ravel()).")
    if g.ndim == e.ndim + 1 and gs[1:] == es:
        return Hint("shape:unsummed-rows", f"expected shape {es}, got {gs}: one row per example. The answer "
                                           "adds the rows up: sum over axis=0.")
    if g.ndim == 2 and e.ndim == 1 and gs == (es[0], es[0]):
        return Hint("shape:broadcast", f"expected shape {es}, got {gs}: an (n,) array combined with an (n, 1) one "
                                       "broadcasts to (n, n). Keep both (n,), or both (n, 1).")
    if g.ndim > e.ndim and e.ndim >= 1 and gs[-e.ndim:] == es:
        return Hint("shape:broadcast", f"expected shape {es}, got {gs}: broadcasting added axes. "
                                       "Check the shapes of the arrays you combine.")
    if g.size == e.size:
        return Hint("shape:reshaped", f"the right number of entries in the wrong shape: expected {es}, got {gs}.")
    return Hint("shape:other", f"expected shape {es}, got {gs}.")


# ------------------------------------------------------------------ same shape, other numbers

def value_hint(g: np.ndarray, e: np.ndarray, rtol: float, atol: float, n: int | None) -> Hint:
    """Why ``g`` differs from ``e`` (same shape). ``n`` is the exercise's number of rows, or None if it has none."""
    if not np.all(np.isfinite(g)) and np.all(np.isfinite(e)):
        return Hint("nonfinite", "got nan or inf where the answer is finite: an overflow? exp of a large number "
                                 "overflows; subtract the maximum first, or use a form that never exponentiates "
                                 "a large positive number.")
    if np.all(g == 0) and np.any(np.abs(e) > atol):
        what = "your result is 0" if e.size == 1 else "every entry is 0"
        return Hint("zero", f"{what}: an integer division (// rounds 1/4 down to 0), a factor that is 0, or a "
                            "result that was never filled in?")
    if np.any(np.abs(e) > atol) and _close(g, -e, rtol, atol):
        what = "your number is the negative" if e.size == 1 else "every entry is the negative"
        return Hint("sign", f"the sign is flipped: {what} of the expected one.")
    if e.ndim == 2 and e.shape[0] == e.shape[1] and e.shape[0] > 1 and _close(g, e.T, rtol, atol):
        return Hint("transpose", "you returned the transpose of the answer: check the order of the factors, "
                                 "or a missing .T.")
    if e.size > 1:
        shift = (g - e).ravel()[0]
        slack = atol + rtol * np.abs(e).max()
        if abs(shift) > 10 * slack and _close(g - e, shift, 0, slack):
            return Hint("offset", f"every entry is off by the same amount, {shift:+.4g}: an extra or missing "
                                  "constant term (a bias added twice or left out?).")
        if e.ndim == 2 and e.shape[0] > 1 and np.abs(g - e).max() > 10 * slack \
                and _close(g - e, (g - e)[:1], 0, slack):
            return Hint("offset", "every row is off by the same vector, " + np.array2string((g - e)[0], precision=4)
                        + ": an extra or missing term added to every row (a bias added twice or left out?).")
    if np.allclose(g, e, rtol=1e-2, atol=1e-2 * max(float(np.abs(e).max()), 1e-12)):
        gap = float(np.abs(g - e).max())
        return Hint("close", f"close to the answer but not within the tolerance (largest difference {gap:.2g}): "
                             "an approximation somewhere (a finite difference, a clipped input, an added epsilon), "
                             "or digits lost to float32? Compute the exact formula in float64.")
    ratio = _common_ratio(g, e)
    if ratio is not None:
        return _factor_hint(ratio, e.size, n)
    return Hint("differ", "the numbers differ" + _first_difference(g, e, rtol, atol)
                + "; check each step of your code against the exercise statement.")


def _common_ratio(g, e) -> float | None:
    mask = np.abs(e) > 1e-12
    if not np.any(mask) or np.any(g[~mask] != 0):
        return None
    ratios = (g[mask] / e[mask]).ravel()
    r = float(ratios[0])
    if not np.isfinite(r) or np.isclose(r, 1.0) or not np.allclose(ratios, r, rtol=1e-6):
        return None
    return r


def _is(r, value) -> bool:
    return bool(np.isclose(r, value, rtol=1e-6))


def _factor_hint(r: float, size: int, n: int | None) -> Hint:
    what = "your result is" if size == 1 else "every entry is"
    if n is not None and n > 1 and _is(r, n):
        return Hint("factor:n", f"{what} {r:.4g} times the expected one, and n = {n} here: "
                                "did you forget to divide by n (the number of rows)?")
    if n is not None and n > 1 and _is(r, 1 / n):
        return Hint("factor:n", f"{what} 1/{n} of the expected one, and n = {n} here: "
                                "did you divide by n once too often?")
    if _is(r, 2) or _is(r, 0.5):
        return Hint("factor:2", f"{what} {r:.4g} times the expected one: a factor 2 is extra or missing "
                                "(the 2 from differentiating a square? a ½ in front of a loss?).")
    if size == 1:
        return Hint("differ", f"your number is {r:.4g} times the expected one; compare your formula with the "
                              "derivation above, factor by factor.")
    return Hint("factor", f"{what} {r:.4g} times the expected one: a constant factor in your formula is "
                          "extra or missing.")


def _first_difference(g, e, rtol, atol) -> str:
    if e.size <= 1:
        return ""
    bad = ~np.isclose(g, e, rtol=rtol, atol=atol)
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    return f" (first at index {index if len(index) > 1 else index[0]}: expected {e[index]:.6g}, got {g[index]:.6g})"


# ------------------------------------------------------------------ an exception in the student's code

def exception_hint(exc: BaseException) -> Hint:
    """A hint for an exception raised by the student's code.

    A check that raises its own exception type around the student's code
    (e.g. to name an overflow) can attach the hint as ``exc.hint`` (and its
    key as ``exc.hint_key``).
    """
    custom = getattr(exc, "hint", None)
    if isinstance(custom, str) and custom:
        return Hint(getattr(exc, "hint_key", "exception:custom"), custom)
    text = safe_str(exc).lower()
    name = type(exc).__name__
    if name == "AxisError" or "out of bounds for array of dimension" in text:
        return Hint("exception:axis", "an axis the array does not have: the input here has fewer dimensions than "
                                      "your code assumes (a single example is 1-D). axis=-1 always means the last "
                                      "axis.")
    if any(word in text for word in ("matmul", "not aligned", "core dimension")):
        return Hint("exception:matmul", "a matrix-product shape error: A @ B needs as many columns in A as rows "
                                        "in B. Print the shapes: with one example per row a layer is X @ W with W "
                                        "of shape (d, p), and a weight gradient is Xᵀ @ dZ.")
    if "broadcast" in text:
        return Hint("exception:broadcast", "two arrays whose shapes do not broadcast, e.g. (n, p) and (n,): to "
                                           "combine one number per row with a matrix, keep that axis "
                                           "(keepdims=True, or v[:, None]).")
    if "truth value of an array" in text:
        return Hint("exception:if-on-array", "an `if` (or `and`, `or`) on an array: a condition must be one True or "
                                             "False. For a choice entry by entry, use np.where(condition, a, b).")
    if "cannot reshape" in text:
        return Hint("exception:reshape", "a reshape to a shape with another number of entries: a reshape keeps "
                                         "every entry, so check the shape you ask for.")
    if isinstance(exc, IndexError) and "too many indices" in text:
        return Hint("exception:index", "more indices than the array has axes: the input here is 1-D (a single "
                                       "example?), so A[i, j] does not exist. Use A[..., j] or axis=-1.")
    if isinstance(exc, TypeError) and any(s in text for s in ("only length-1", "only 0-dimensional",
                                                              "only size-1", "must be real number, not")):
        return Hint("exception:math-on-array", "a function of the math module (math.exp, math.log, …) takes one "
                                               "number; use np.exp, np.log, … on arrays.")
    if isinstance(exc, (TypeError, AttributeError)) and any(w in text for w in ("list", "tuple", "sequence",
                                                                                "only integer scalar arrays")):
        return Hint("exception:list", "an operation on a Python list: convert the inputs with np.asarray(...) "
                                      "first.")
    if isinstance(exc, KeyError):
        return Hint("exception:key", f"there is no key {safe_str(exc)}: print the keys (list(d)) and the range "
                                     "of your loop.")
    if isinstance(exc, RecursionError):
        return Hint("exception:recursion", "a function that calls itself without end: did you call your own "
                                           "function (or a name you rebound) instead of the library's?")
    if isinstance(exc, NameError):
        return Hint("exception:name", "a name that is not defined here: a typo, or a variable of another cell? "
                                      "Use only the function's arguments (and np, lu).")
    if isinstance(exc, FloatingPointError):
        return Hint("exception:float", "a floating-point error (an overflow or a division by zero): look for "
                                       "np.exp of a large number or a division by something that can be 0.")
    return Hint("exception", f"{name}: run your function on the case above in a cell of its own to see where "
                             "it fails.")
