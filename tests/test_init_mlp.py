"""Unit tests for init_weights and the MLP class."""

import numpy as np
import pytest

from lecture_utils import MLP, cross_entropy, half_mse, init_weights, numerical_gradient

HAND_ACTIVATIONS = {
    "relu": lambda z: np.maximum(z, 0.0),
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "tanh": np.tanh,
    "identity": lambda z: z,
}


def test_init_weights_gives_one_pair_per_layer_with_row_convention_shapes():
    layers = init_weights([4, 5, 3, 2], "he", 0)
    assert [(W.shape, b.shape) for W, b in layers] == [((4, 5), (5,)), ((5, 3), (3,)), ((3, 2), (2,))]


@pytest.mark.parametrize("scheme", ["zeros", "normal", "xavier", "he"])
def test_init_weights_biases_start_at_zero(scheme):
    for _, b in init_weights([3, 4, 2], scheme, 0):
        np.testing.assert_array_equal(b, 0.0)


def test_init_weights_zeros_scheme_gives_zero_weights():
    for W, _ in init_weights([3, 4, 2], "zeros", 0):
        np.testing.assert_array_equal(W, 0.0)


@pytest.mark.parametrize("scheme, std", [("normal", 0.05), ("xavier", np.sqrt(1 / 1000)), ("he", np.sqrt(2 / 1000))])
def test_init_weights_standard_deviation_on_a_large_layer(scheme, std):
    (W, _), = init_weights([1000, 1000], scheme, 0, std=0.05)
    np.testing.assert_allclose(W.std(), std, rtol=5e-3)
    np.testing.assert_allclose(W.mean(), 0.0, rtol=0, atol=5 * std / 1000)


def test_init_weights_normal_uses_the_default_std_of_0_01():
    (W, _), = init_weights([1000, 1000], "normal", 1)
    np.testing.assert_allclose(W.std(), 0.01, rtol=5e-3)


def test_init_weights_xavier_and_he_scale_with_the_fan_in():
    (W_small, _), (W_big, _) = init_weights([250, 4000, 250], "he", 2)
    np.testing.assert_allclose(W_small.std(), np.sqrt(2 / 250), rtol=5e-3)
    np.testing.assert_allclose(W_big.std(), np.sqrt(2 / 4000), rtol=5e-3)


def test_init_weights_is_reproducible_for_a_seed():
    first = init_weights([3, 4, 2], "he", 42)
    second = init_weights([3, 4, 2], "he", np.random.default_rng(42))
    for (W1, b1), (W2, b2) in zip(first, second):
        np.testing.assert_array_equal(W1, W2)
        np.testing.assert_array_equal(b1, b2)


def test_init_weights_differs_between_seeds():
    (W_a, _), = init_weights([3, 4], "he", 1)
    (W_b, _), = init_weights([3, 4], "he", 2)
    assert not np.array_equal(W_a, W_b)


def test_init_weights_rejects_an_unknown_scheme():
    with pytest.raises(ValueError, match="glorot"):
        init_weights([3, 2], "glorot", 0)


def small_net(activation="tanh", sizes=(3, 5, 4, 2), seed=0, dtype=np.float64):
    """An MLP with non-zero biases, so that a forgotten bias shows."""
    net = MLP(list(sizes), activation=activation, seed=seed, dtype=dtype)
    rng = np.random.default_rng(seed + 100)
    for k in net.params:
        if k.startswith("b"):
            net.params[k] = rng.normal(scale=0.5, size=net.params[k].shape).astype(dtype)
    return net


def hand_forward(params, X, f, num_layers):
    H = X
    for l in range(1, num_layers):
        H = f(H @ params[f"W{l}"] + params[f"b{l}"])
    return H @ params[f"W{num_layers}"] + params[f"b{num_layers}"]


def test_mlp_params_have_keys_w1_b1_to_wl_bl_with_row_convention_shapes():
    net = MLP([4, 6, 5, 3])
    assert list(net.params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    shapes = {k: v.shape for k, v in net.params.items()}
    assert shapes == {"W1": (4, 6), "b1": (6,), "W2": (6, 5), "b2": (5,), "W3": (5, 3), "b3": (3,)}


def test_mlp_same_seed_same_params():
    a, b = MLP([3, 4, 2], seed=5), MLP([3, 4, 2], seed=5)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])


@pytest.mark.parametrize("activation", sorted(HAND_ACTIVATIONS))
def test_mlp_forward_matches_a_hand_written_forward_pass(activation):
    net = small_net(activation)
    X = np.random.default_rng(1).normal(size=(6, 3))
    expected = hand_forward(net.params, X, HAND_ACTIVATIONS[activation], 3)
    np.testing.assert_allclose(net.forward(X), expected, rtol=1e-12, atol=1e-12)


def test_mlp_forward_of_a_single_layer_is_linear():
    net = small_net(sizes=(3, 2))
    X = np.random.default_rng(2).normal(size=(4, 3))
    np.testing.assert_allclose(net.forward(X), X @ net.params["W1"] + net.params["b1"], rtol=1e-12, atol=1e-12)


def _classification_batch(n=6, d=3, k=2, seed=3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.integers(0, k, size=n)


def _regression_batch(n=6, d=3, p=2, seed=4):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.normal(size=(n, p))


def test_mlp_loss_and_grads_returns_the_cross_entropy_of_the_forward_pass():
    net = small_net("relu")
    X, y = _classification_batch()
    loss, _ = net.loss_and_grads(X, y, loss="cross_entropy")
    np.testing.assert_allclose(loss, cross_entropy(net.forward(X), y), rtol=1e-12)


def test_mlp_loss_and_grads_returns_the_half_mse_of_the_forward_pass():
    net = small_net("relu")
    X, Y = _regression_batch()
    loss, _ = net.loss_and_grads(X, Y, loss="half_mse")
    np.testing.assert_allclose(loss, half_mse(net.forward(X), Y), rtol=1e-12)


def test_mlp_grads_have_the_keys_and_shapes_of_params():
    net = small_net()
    _, grads = net.loss_and_grads(*_classification_batch())
    assert list(grads) == list(net.params)
    assert all(grads[k].shape == net.params[k].shape for k in net.params)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
@pytest.mark.parametrize("loss", ["cross_entropy", "half_mse"])
def test_mlp_backprop_matches_numerical_gradient(activation, loss):
    net = small_net(activation)
    X, y = _classification_batch() if loss == "cross_entropy" else _regression_batch()
    _, grads = net.loss_and_grads(X, y, loss=loss)
    for name, value in net.params.items():
        numeric = numerical_gradient(lambda _: net.loss(X, y, loss=loss), value)
        np.testing.assert_allclose(grads[name], numeric, rtol=1e-5, atol=1e-8, err_msg=name)


def test_mlp_half_mse_accepts_a_1d_target_for_one_output():
    net = small_net("tanh", sizes=(3, 4, 1))
    X, Y = _regression_batch(p=1)
    loss_1d, grads_1d = net.loss_and_grads(X, Y[:, 0], loss="half_mse")
    loss_2d, grads_2d = net.loss_and_grads(X, Y, loss="half_mse")
    np.testing.assert_allclose(loss_1d, loss_2d, rtol=1e-12)
    for k in net.params:
        np.testing.assert_allclose(grads_1d[k], grads_2d[k], rtol=1e-12, atol=1e-15)


def test_mlp_predict_is_the_argmax_of_the_logits():
    net = small_net("relu", sizes=(3, 6, 4))
    X = np.random.default_rng(5).normal(size=(20, 3))
    predicted = net.predict(X)
    np.testing.assert_array_equal(predicted, np.argmax(net.forward(X), axis=1))
    assert predicted.shape == (20,)


def test_mlp_float32_in_float32_everywhere():
    net = MLP([3, 5, 2], activation="sigmoid", dtype=np.float32)
    X = np.random.default_rng(6).normal(size=(4, 3)).astype(np.float32)
    y = np.array([0, 1, 1, 0])
    assert all(v.dtype == np.float32 for v in net.params.values())
    O, Hs, Zs = net.forward_cache(X)
    assert O.dtype == np.float32
    assert all(a.dtype == np.float32 for a in [*Hs, *Zs])
    for loss, target in [("cross_entropy", y), ("half_mse", np.ones((4, 2), dtype=np.float32))]:
        value, grads = net.loss_and_grads(X, target, loss=loss)
        assert np.asarray(value).dtype == np.float32, loss
        assert {k: g.dtype for k, g in grads.items()} == dict.fromkeys(net.params, np.dtype(np.float32)), loss


def test_mlp_float32_model_casts_float64_input_down():
    net = MLP([3, 4, 2], dtype=np.float32)
    assert net.forward(np.ones((2, 3))).dtype == np.float32


@pytest.mark.parametrize("loss", ["cross_entropy", "half_mse"])
def test_mlp_never_modifies_its_inputs(loss):
    net = small_net("relu")
    X, y = _classification_batch() if loss == "cross_entropy" else _regression_batch()
    X0, y0 = X.copy(), y.copy()
    net.forward(X)
    net.loss_and_grads(X, y, loss=loss)
    net.loss(X, y, loss=loss)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


def test_mlp_loss_and_grads_leaves_params_unchanged():
    net = small_net("tanh")
    before = {k: v.copy() for k, v in net.params.items()}
    net.loss_and_grads(*_classification_batch())
    for k in before:
        np.testing.assert_array_equal(net.params[k], before[k])


def test_mlp_std_sets_the_spread_of_normal_weights_only():
    wide = MLP([400, 300, 10], init="normal", std=0.2, seed=3)
    assert abs(wide.params["W1"].std() - 0.2) < 0.005
    assert abs(MLP([400, 300, 10], init="normal", seed=3).params["W1"].std() - 0.01) < 0.0005
    he = MLP([400, 300, 10], init="he", std=0.2, seed=3).params["W1"].std()
    assert abs(he - (2 / 400) ** 0.5) < 0.003
