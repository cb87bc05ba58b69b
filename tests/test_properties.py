"""Property tests (hypothesis) for softmax, one_hot and backpropagation."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lecture_utils import ACTIVATIONS, MLP, log_softmax, numerical_gradient, one_hot, softmax

FAST = settings(max_examples=30, deadline=None, database=None)

logit_matrices = arrays(
    np.float64,
    st.tuples(st.integers(1, 5), st.integers(1, 6)),
    elements=st.floats(-50, 50, allow_nan=False, allow_infinity=False),
)
wide_logit_matrices = arrays(
    np.float64,
    st.tuples(st.integers(1, 5), st.integers(2, 6)),
    elements=st.floats(-1000, 1000, allow_nan=False, allow_infinity=False),
)


@FAST
@given(logit_matrices)
def test_softmax_rows_are_probabilities(O):
    P = softmax(O)
    assert P.shape == O.shape
    assert np.all(P >= 0)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=0, atol=1e-12)


@FAST
@given(logit_matrices, st.floats(-100, 100, allow_nan=False))
def test_softmax_is_shift_invariant(O, shift):
    np.testing.assert_allclose(softmax(O + shift), softmax(O), rtol=1e-9, atol=1e-12)


@FAST
@given(wide_logit_matrices)
def test_log_softmax_equals_log_of_softmax_where_finite(O):
    P = softmax(O)
    normal = P >= np.finfo(np.float64).tiny
    with np.errstate(divide="ignore"):
        log_P = np.log(P)
    L = log_softmax(O)
    assert np.all(np.isfinite(L))
    np.testing.assert_allclose(L[normal], log_P[normal], rtol=1e-12, atol=1e-9)


@FAST
@given(st.integers(1, 8).flatmap(lambda k: st.tuples(st.just(k), st.lists(st.integers(0, k - 1), max_size=20))))
def test_one_hot_and_argmax_round_trip(k_and_labels):
    k, labels = k_and_labels
    Y = one_hot(np.array(labels, dtype=np.int64), k)
    assert Y.shape == (len(labels), k)
    np.testing.assert_array_equal(Y.sum(axis=1), 1.0)
    np.testing.assert_array_equal(Y.argmax(axis=1), labels)


network_sizes = st.lists(st.integers(1, 4), min_size=1, max_size=3).flatmap(
    lambda inner: st.tuples(st.integers(1, 3), st.just(inner), st.integers(2, 3))
)


@FAST
@given(
    sizes=network_sizes,
    n=st.integers(1, 4),
    activation=st.sampled_from(sorted(ACTIVATIONS)),
    loss=st.sampled_from(["cross_entropy", "half_mse"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_backprop_equals_numerical_gradient(sizes, n, activation, loss, seed):
    d_in, hidden, d_out = sizes
    net = MLP([d_in, *hidden, d_out], activation=activation, init="xavier", seed=seed % 1000)
    rng = np.random.default_rng(seed)
    for name in net.params:
        if name.startswith("b"):
            net.params[name] = rng.normal(scale=0.3, size=net.params[name].shape)
    X = rng.normal(size=(n, d_in))
    y = rng.integers(0, d_out, size=n) if loss == "cross_entropy" else rng.normal(size=(n, d_out))
    if activation in ("relu", "leaky_relu"):  # both have a kink at 0, where finite differences straddle it
        _, _, Zs = net.forward_cache(X)
        assume(all(np.min(np.abs(Z)) > 1e-3 for Z in Zs[:-1]))
    _, grads = net.loss_and_grads(X, y, loss=loss)
    for name, value in net.params.items():
        numeric = numerical_gradient(lambda _: net.loss(X, y, loss=loss), value)
        np.testing.assert_allclose(grads[name], numeric, rtol=1e-5, atol=1e-8, err_msg=name)
