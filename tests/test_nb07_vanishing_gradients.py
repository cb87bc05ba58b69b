"""Notebook 07: vanishing-gradient helpers, exercise checks and the depth/activation/init widget."""

from __future__ import annotations

import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils.checks.vanishing import check_dead_fraction, check_init_layer, check_sigmoid_bound
from lecture_utils.vanishing import (
    backward_bound,
    backward_signals,
    backward_signals_from,
    clip_by_global_norm,
    dead_unit_fraction,
    deep_mlp,
    fan_mlp,
    fan_std,
    global_norm,
    gradient_descent,
    gradient_norms,
    hidden_activations,
    layer_variances,
    random_batch,
    update_ratios,
)

ACTS = ["sigmoid", "tanh", "relu"]


# The helpers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("activation", ACTS)
def test_backward_signals_reproduce_the_gradients_of_backprop(activation):
    X, y = random_batch(n=7, d=4, num_classes=3, seed=2)
    net = deep_mlp([4, 5, 6, 5, 3], activation=activation, scheme="xavier", seed=3)
    deltas = backward_signals(net, X, y)
    _, grads = net.loss_and_grads(X, y)
    Hs = net.forward_cache(X)[1]
    assert [d.shape for d in deltas] == [(7, 5), (7, 6), (7, 5), (7, 3)]
    for l in range(1, 5):
        np.testing.assert_allclose(Hs[l - 1].T @ deltas[l - 1], grads[f"W{l}"], rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(deltas[l - 1].sum(axis=0), grads[f"b{l}"], rtol=1e-10, atol=1e-14)


def test_backward_signals_agree_with_finite_differences_for_both_losses():
    X, _ = random_batch(n=6, d=3, seed=4)
    net = deep_mlp([3, 4, 4, 2], activation="tanh", scheme="xavier", seed=5)
    targets = {"cross_entropy": np.array([0, 1, 1, 0, 1, 0]), "half_mse": np.linspace(-1, 1, 12).reshape(6, 2)}
    for loss, y in targets.items():
        delta1 = backward_signals(net, X, y, loss=loss)[0]
        W1 = net.params["W1"]
        numeric = lu.numerical_gradient(lambda W, loss=loss, y=y: net.loss(X, y, loss=loss), W1)
        assert lu.relative_error(X.T @ delta1, numeric) < 1e-7


def test_backward_signals_reject_an_unknown_loss():
    X, y = random_batch(n=3, d=2, num_classes=2)
    with pytest.raises(ValueError, match="unknown loss"):
        backward_signals(deep_mlp([2, 3, 2]), X, y, loss="hinge")


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("depth", [2, 3, 6])
def test_the_sigmoid_bound_holds_and_is_the_formula(seed, depth):
    X, y = random_batch(n=16, d=8, num_classes=4, seed=seed)
    net = deep_mlp([8] + [12] * (depth - 1) + [4], activation="sigmoid", scheme="normal", std=0.6, seed=seed)
    deltas = backward_signals(net, X, y)
    ratio = np.linalg.norm(deltas[0]) / np.linalg.norm(deltas[-1])
    bound = backward_bound(net)
    spectral = [np.linalg.svd(net.params[f"W{l}"], compute_uv=False)[0] for l in range(2, depth + 1)]
    assert bound == pytest.approx(0.25 ** (depth - 1) * np.prod(spectral), rel=1e-12)
    assert ratio <= bound


def test_backward_bound_uses_derivative_one_for_tanh_and_relu():
    for activation in ["tanh", "relu"]:
        net = deep_mlp([3, 4, 4, 2], activation=activation, scheme="he", seed=1)
        expected = np.prod([np.linalg.norm(net.params[f"W{l}"], 2) for l in (2, 3)])
        assert backward_bound(net) == pytest.approx(expected)


def test_gradient_norms_are_the_norms_of_the_backprop_gradients():
    X, y = random_batch(n=10, d=6, num_classes=3, seed=7)
    net = deep_mlp([6, 5, 5, 3], activation="relu", scheme="he", seed=7)
    _, grads = net.loss_and_grads(X, y)
    expected = [np.sqrt(np.sum(grads[f"W{l}"] ** 2)) for l in (1, 2, 3)]
    np.testing.assert_allclose(gradient_norms(net, X, y), expected, rtol=1e-12)


def test_deep_sigmoid_gradients_vanish_but_tanh_and_relu_do_not():
    """The claim of section 3, on the notebook's own setting."""
    X, y = random_batch(n=64, d=64, num_classes=10, seed=0)
    sizes = [64] + [64] * 9 + [10]
    ratio = {}
    for activation, scheme in [("sigmoid", "xavier"), ("tanh", "xavier"), ("relu", "he")]:
        norms = gradient_norms(deep_mlp(sizes, activation, scheme, seed=0), X, y)
        ratio[activation] = norms[0] / norms[-1]
    assert ratio["sigmoid"] < 1e-4
    assert 0.1 < ratio["tanh"] < 10 and 0.1 < ratio["relu"] < 10


def test_deep_mlp_honours_std_and_matches_mlp_for_every_scheme():
    net = deep_mlp([50, 400, 3], activation="tanh", scheme="normal", std=1.0, seed=0)
    assert net.params["W1"].std() == pytest.approx(1.0, rel=0.02)
    assert deep_mlp([50, 400, 3], scheme="normal", std=0.01).params["W1"].std() == pytest.approx(0.01, rel=0.02)
    for scheme, std in [("xavier", 0.01), ("he", 0.01), ("zeros", 0.01), ("normal", 0.7)]:
        a = deep_mlp([5, 7, 3], activation="relu", scheme=scheme, std=std, seed=4)
        b = lu.MLP([5, 7, 3], activation="relu", init=scheme, seed=4, std=std)
        assert a.activation == b.activation
        for k in b.params:
            np.testing.assert_array_equal(a.params[k], b.params[k])


def test_hidden_activations_are_the_hidden_layers():
    X, _ = random_batch(n=5, d=3)
    net = deep_mlp([3, 4, 6, 2], activation="sigmoid", seed=0)
    Hs = hidden_activations(net, X)
    assert [H.shape for H in Hs] == [(5, 4), (5, 6)]
    np.testing.assert_allclose(Hs[0], lu.sigmoid(X @ net.params["W1"] + net.params["b1"]))


def test_best_linear_accuracy():
    from lecture_utils.data import make_xor
    from lecture_utils.vanishing import best_linear_accuracy

    square = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    assert best_linear_accuracy(square, np.array([0, 1, 1, 0])) == 0.75   # XOR: one line gets 3 of 4
    assert best_linear_accuracy(square, np.array([0, 0, 1, 1])) == 1.0    # separable by y = 0.5
    assert best_linear_accuracy(square, np.array([1, 1, 0, 0])) == 1.0    # the other side
    X, y = make_xor(n=200, seed=0)
    assert best_linear_accuracy(X, y) == pytest.approx(0.785)
    with pytest.raises(ValueError, match="best_linear_accuracy"):
        best_linear_accuracy(np.zeros((3, 3)), np.zeros(3, dtype=int))


def test_dead_unit_fraction():
    assert dead_unit_fraction(np.array([[0.0, 1.0, 0.0], [0.0, 2.0, 0.5]])) == pytest.approx(1 / 3)
    assert dead_unit_fraction(np.zeros((3, 4))) == 1.0
    assert dead_unit_fraction([[1.0, 2.0]]) == 0.0
    with pytest.raises(ValueError, match=r"\(4,\)"):
        dead_unit_fraction(np.zeros(4))


def test_a_dead_relu_unit_gets_no_gradient():
    X, y = random_batch(n=20, d=3, num_classes=2, seed=1)
    net = deep_mlp([3, 6, 2], activation="relu", scheme="he", seed=1)
    net.params["b1"][2] = -100.0
    assert dead_unit_fraction(hidden_activations(net, X)[0]) == pytest.approx(1 / 6)
    _, grads = net.loss_and_grads(X, y)
    assert np.all(grads["W1"][:, 2] == 0) and grads["b1"][2] == 0


def test_constant_initial_weights_keep_hidden_units_identical():
    """Section 4: the symmetry is never broken, however long we train."""
    from lecture_utils.data import make_xor
    from lecture_utils.training import sgd_step

    X, y = make_xor(n=50, seed=1)
    net = deep_mlp([2, 5, 5, 2], activation="tanh", scheme="zeros")
    for l in (1, 2, 3):
        net.params[f"W{l}"][...] = 0.5
    for _ in range(40):
        _, grads = net.loss_and_grads(X, y)
        sgd_step(net.params, grads, 0.5)
    for l in (1, 2):
        W = net.params[f"W{l}"]
        assert np.array_equal(W, np.repeat(W[:, :1], W.shape[1], axis=1))
    assert np.linalg.matrix_rank(hidden_activations(net, X)[0]) == 1


# Glorot's variance argument, exploding gradients, clipping, update ratios (sections 4, 5 and 7) --------------


def test_fan_std_rules():
    assert fan_std(100, 300, "in") == pytest.approx(0.1)
    assert fan_std(100, 400, "out") == pytest.approx(0.05)
    assert fan_std(100, 300, "glorot") == pytest.approx(np.sqrt(2 / 400))
    assert fan_std(64, 64, "glorot") == pytest.approx(fan_std(64, 64, "in"))
    with pytest.raises(ValueError, match="unknown rule"):
        fan_std(3, 4, "he")


def test_fan_mlp_scales_the_same_draws_layer_by_layer():
    sizes = [3, 5, 7]
    base = lu.MLP(sizes, init="normal", std=1.0, seed=2)
    for rule in ["in", "out", "glorot"]:
        net = fan_mlp(sizes, rule, seed=2)
        assert net.activation == "identity"
        for l in (1, 2):
            scale = fan_std(sizes[l - 1], sizes[l], rule)
            np.testing.assert_allclose(net.params[f"W{l}"], base.params[f"W{l}"] * scale)
            assert np.all(net.params[f"b{l}"] == 0)


@pytest.mark.parametrize("rule", ["in", "out", "glorot"])
def test_layer_variances_follow_the_forward_and_backward_argument(rule):
    """Linear layers: Var(Z(l)) = d_{l-1} s_l² Var(Z(l-1)) and Var(δ(l-1)) = d_l s_l² Var(δ(l)), within 10%."""
    sizes = [32, 64, 128, 256]
    X, _ = random_batch(n=400, d=32, seed=0)
    dO = np.random.default_rng(1).standard_normal((400, 256))
    var_Z, var_delta = layer_variances(fan_mlp(sizes, rule, seed=0), X, dO)
    s2 = np.array([fan_std(a, b, rule) ** 2 for a, b in zip(sizes[:-1], sizes[1:])])
    forward = np.cumprod(np.array(sizes[:-1]) * s2) * X.var()
    backward = np.append(np.cumprod((np.array(sizes[2:]) * s2[1:])[::-1])[::-1], 1.0) * dO.var()
    np.testing.assert_allclose(var_Z, forward, rtol=0.1)
    np.testing.assert_allclose(var_delta, backward, rtol=0.1)


def test_layer_variances_use_the_backward_recursion_and_check_the_shape():
    X, y = random_batch(n=9, d=4, num_classes=3, seed=3)
    net = lu.MLP([4, 6, 5, 3], activation="tanh", init="xavier", seed=3)
    O = net.forward(X)
    var_Z, var_delta = layer_variances(net, X, lu.softmax_cross_entropy_grad(O, y))
    np.testing.assert_allclose(var_delta, [d.var() for d in backward_signals(net, X, y)], rtol=1e-12)
    np.testing.assert_allclose(var_Z, [Z.var() for Z in net.forward_cache(X)[2]], rtol=1e-12)
    with pytest.raises(ValueError, match=r"expected \(9, 3\)"):
        layer_variances(net, X, np.zeros((9, 2)))
    deltas = backward_signals_from(net, X, lu.softmax_cross_entropy_grad(O, y))
    for a, b in zip(deltas, backward_signals(net, X, y)):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_relu_weights_scaled_by_c_multiply_the_backward_signal_by_c_per_layer():
    """Section 7: ReLU'(cz) = ReLU'(z) for c > 0, so with zero biases δ(1) grows by exactly c^(L-1) for a fixed δ(L)."""
    X, _ = random_batch(n=20, d=8, seed=5)
    sizes = [8, 16, 16, 16, 4]
    dO = np.random.default_rng(2).standard_normal((20, 4))
    ratios = []
    for c in (1.0, 2.0):
        net = lu.MLP(sizes, activation="relu", init="he", seed=5)
        for l in range(1, 5):
            net.params[f"W{l}"] *= c
        deltas = backward_signals_from(net, X, dO)
        ratios.append(np.linalg.norm(deltas[0]) / np.linalg.norm(deltas[-1]))
    assert ratios[1] / ratios[0] == pytest.approx(2.0 ** 3, rel=1e-12)


def test_global_norm_stacks_every_array():
    grads = {"W1": np.array([[3.0, 0.0]]), "b1": np.array([4.0]), "W2": np.zeros((2, 2))}
    assert global_norm(grads) == 5.0


def test_clip_by_global_norm_scales_everything_by_one_factor():
    rng = np.random.default_rng(0)
    grads = {"W1": rng.standard_normal((3, 4)), "b1": rng.standard_normal(4), "W2": rng.standard_normal((4, 2))}
    copies = {k: v.copy() for k, v in grads.items()}
    norm = global_norm(grads)
    clipped, before = clip_by_global_norm(grads, 0.5)
    assert before == pytest.approx(norm)
    assert global_norm(clipped) == pytest.approx(0.5)
    for k in grads:
        np.testing.assert_allclose(clipped[k], grads[k] * 0.5 / norm)   # same direction, same factor
        np.testing.assert_array_equal(grads[k], copies[k])               # input untouched
    unclipped, _ = clip_by_global_norm(grads, 2 * norm)
    for k in grads:
        np.testing.assert_array_equal(unclipped[k], grads[k])
    zero, zero_norm = clip_by_global_norm({"W": np.zeros((2, 2))}, 1.0)
    assert zero_norm == 0.0 and np.all(zero["W"] == 0)
    assert clip_by_global_norm({"W": np.ones(3, dtype=np.float32)}, 1.0)[0]["W"].dtype == np.float32
    for bad in (0.0, -1.0, np.nan, np.inf):
        with pytest.raises(ValueError, match="max_norm"):
            clip_by_global_norm(grads, bad)


def test_gradient_descent_is_plain_gd_and_clipping_bounds_each_step():
    from lecture_utils.training import sgd_step

    X, y = random_batch(n=30, d=3, num_classes=2, seed=1)
    a = lu.MLP([3, 8, 8, 2], activation="tanh", init="xavier", seed=1)
    b = lu.MLP([3, 8, 8, 2], activation="tanh", init="xavier", seed=1)
    run = gradient_descent(a, X, y, steps=5, lr=0.5)
    losses = []
    for _ in range(5):
        loss, grads = b.loss_and_grads(X, y)
        losses.append(loss)
        sgd_step(b.params, grads, 0.5)
    np.testing.assert_allclose(run["loss"], losses, rtol=1e-12)
    for k in a.params:
        np.testing.assert_allclose(a.params[k], b.params[k], rtol=1e-12)
    assert not run["diverged"] and run["grad_norm"].shape == (5,)

    net = lu.MLP([3, 8, 8, 2], activation="tanh", init="normal", std=3.0, seed=1)
    before = {k: v.copy() for k, v in net.params.items()}
    clipped = gradient_descent(net, X, y, steps=1, lr=0.5, max_norm=0.1)
    assert clipped["grad_norm"][0] > 0.1
    assert global_norm({k: net.params[k] - before[k] for k in before}) == pytest.approx(0.5 * 0.1)


def test_gradient_descent_stops_a_diverging_run_without_warnings():
    import warnings

    X, y = random_batch(n=30, d=3, num_classes=2, seed=1)
    net = lu.MLP([3, 16, 16, 16, 2], activation="relu", init="he", seed=1)
    for l in range(1, 5):
        net.params[f"W{l}"] *= 3.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = gradient_descent(net, X, y, steps=200, lr=1.0)
    assert run["diverged"] and len(run["loss"]) < 200
    assert not np.isfinite(run["loss"][-1]) or run["loss"][-1] > 1e6


def test_update_ratios():
    before = {"W1": np.ones((2, 2)), "b1": np.zeros(2), "W2": np.full((2, 1), 2.0), "b2": np.zeros(1)}
    after = {"W1": np.ones((2, 2)) * 1.5, "b1": np.ones(2), "W2": np.full((2, 1), 2.0), "b2": np.zeros(1)}
    np.testing.assert_allclose(update_ratios(before, after), [0.5, 0.0])


def test_deep_sigmoid_layers_barely_move_in_training_but_relu_layers_do():
    """Section 4 on the notebook's setting: 300 steps on the moons, α = 0.1."""
    from lecture_utils.data import make_moons

    X, y = make_moons(n=200, seed=0)
    sizes = [2] + [32] * 6 + [2]
    ratios, losses = {}, {}
    for activation, init in [("sigmoid", "xavier"), ("relu", "he")]:
        net = lu.MLP(sizes, activation=activation, init=init, seed=0)
        before = {k: v.copy() for k, v in net.params.items()}
        losses[activation] = gradient_descent(net, X, y, steps=300, lr=0.1)["loss"]
        ratios[activation] = update_ratios(before, net.params)
    assert ratios["sigmoid"][0] < 0.01 * ratios["sigmoid"][-1]
    assert ratios["relu"][0] > 0.05 * ratios["relu"][-1]
    assert losses["sigmoid"][-1] > 0.69 and losses["relu"][-1] < 0.01


# The exercise checks ------------------------------------------------------------------------------------


def stub(*args):
    raise NotImplementedError


def test_bound_check_states():
    assert "not started yet" in str(check_sigmoid_bound(stub))
    assert check_sigmoid_bound(lambda L, w: (w / 4) ** (L - 1)).ok
    assert "expected a function" in str(check_sigmoid_bound(0.25))


def _init_from(std_fn, shape=lambda a, b: (a, b)):
    def init_layer(d_in, d_out, scheme, seed):
        rng = np.random.default_rng(seed)
        return rng.standard_normal(shape(d_in, d_out)) * std_fn(d_in, d_out, scheme)
    return init_layer


def _gain(scheme):
    return 2.0 if scheme == "he" else 1.0


def test_init_check_states():
    assert "not started yet" in str(check_init_layer(stub))
    correct = _init_from(lambda a, b, s: np.sqrt(_gain(s) / a))
    assert check_init_layer(correct).ok
    no_return = str(check_init_layer(lambda a, b, s, seed: None))
    assert "weight matrix W" in no_return and "return" in no_return
    assert "weight matrix W" in str(check_init_layer(lambda a, b, s, seed: np.sqrt(2 / a)))
    assert "expected a function" in str(check_init_layer(None))
    transposed = _init_from(lambda a, b, s: np.sqrt(_gain(s) / a), shape=lambda a, b: (b, a))
    assert "(shape (2,))" not in str(check_init_layer(transposed))


def test_init_check_rejects_a_fixed_standard_deviation():
    report = check_init_layer(_init_from(lambda a, b, s: 0.01))
    assert report.status == "failed" and "0.0707107" in str(report)


def test_dead_fraction_check_states():
    assert "not started yet" in str(check_dead_fraction(stub))
    # The straightforward array solution of the statement must pass: every case gives H as an array.
    assert check_dead_fraction(lambda H: np.mean(np.all(H == 0, axis=0))).ok


def test_dead_fraction_check_catches_in_place_changes():
    def clobber(H):
        H[...] = 1.0
        return 0.0
    assert "in place" in str(check_dead_fraction(clobber))


# The widget -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built_widget():
    pytest.importorskip("ipywidgets")
    from lecture_utils.widgets.vanishing import vanishing_widget

    return vanishing_widget(depth=10, activation="sigmoid", init="Xavier √(1/d_in)")


@pytest.fixture
def widget(built_widget):
    """One widget for the module (building it trains nothing but costs ~1 s), set back to its
    default state before each test: a test sees what a fresh widget shows."""
    for name, value in (("activation", "sigmoid"), ("init", "Xavier √(1/d_in)"), ("depth", 10)):
        built_widget.controls[name].value = value
    assert built_widget.text == built_widget.default_text
    return built_widget


def _heights(widget):
    return [bar.get_height() for bar in widget.fig.axes[0].containers[0]]


def _visible(widget):
    return [bar.get_visible() for bar in widget.fig.axes[0].containers[0]]


def test_widget_default_state_matches_the_notebook_numbers(widget):
    X, y = random_batch(n=64, d=64, num_classes=10, seed=0)
    norms = gradient_norms(deep_mlp([64] + [64] * 9 + [10], "sigmoid", "xavier", seed=0), X, y)
    np.testing.assert_allclose(_heights(widget)[:10], norms)
    assert _visible(widget) == [True] * 10 + [False] * 2
    assert f"{norms[0]:.1e} (layer 1)" in widget.text
    assert widget.default_png.startswith(b"\x89PNG")


def test_widget_depth_slider_changes_bars_image_and_png(widget):
    heights, png, text = _heights(widget), widget.png, widget.text
    pixels = np.asarray(widget.fig.axes[1].images[0].get_array()).copy()
    widget.controls["depth"].value = 4
    assert _visible(widget) == [True] * 4 + [False] * 8
    assert _heights(widget)[:4] != heights[:4]
    assert not np.array_equal(np.asarray(widget.fig.axes[1].images[0].get_array()), pixels)
    assert widget.png != png and widget.image.value == widget.png
    assert widget.text != text and "L = 4" in widget.text
    from lecture_utils.widgets.vanishing import UNUSED_RGBA

    # The slots of the missing layers are greyed out: a band over layers 5 … 12, grey image columns 4 … 11.
    band = [p for p in widget.fig.axes[0].patches if p.get_animated() and p not in widget.fig.axes[0].containers[0]]
    assert len(band) == 1 and band[0].get_visible() and band[0].get_x() == 4.5
    pixels = np.asarray(widget.fig.axes[1].images[0].get_array())
    assert (pixels[:, 3:, :3] == UNUSED_RGBA[:3]).all() and not (pixels[:, :3, :3] == UNUSED_RGBA[:3]).all()
    widget.controls["depth"].value = 12
    assert not band[0].get_visible()


def test_widget_has_a_colour_bar_for_the_heat_map(widget):
    assert len(widget.fig.axes) == 3 and "count" in widget.fig.axes[2].get_ylabel()


def test_widget_summary_lines_fit_in_90_characters():
    from lecture_utils.widgets.vanishing import INITS, VALUE_RANGE, summary

    for activation in VALUE_RANGE:
        for init in INITS:
            for depth in (2, 12):
                text = summary(depth, activation, init, np.array([1.0e-300] + [1.5e-12] * (depth - 1)),
                               [3.2e-06] * (depth - 1), [1.0] * (depth - 1))
                assert len(text.split("\n")) == 3
                assert all(len(line) <= 90 for line in text.split("\n")), text


def test_widget_dropdowns_change_limits_and_numbers(widget):
    ax_grad, ax_hist = widget.fig.axes[:2]
    widget.controls["activation"].value = "tanh"
    assert ax_hist.images[0].get_extent()[2:] == [-1.0, 1.0]
    before = ax_grad.get_ylim()
    widget.controls["init"].value = "N(0, 0.01²)"
    assert ax_grad.get_ylim() != before and ax_grad.get_ylim()[0] <= 1e-12
    assert "tanh, N(0, 0.01²)" in widget.text
    widget.controls["activation"].value = "relu"
    widget.controls["init"].value = "He √(2/d_in)"
    X, y = random_batch(n=64, d=64, num_classes=10, seed=0)
    norms = gradient_norms(deep_mlp([64] + [64] * 9 + [10], "relu", "he", seed=0), X, y)
    np.testing.assert_allclose(_heights(widget)[:10], norms)
    lo, hi = ax_grad.get_ylim()
    assert lo <= norms.min() and norms.max() <= hi


def test_widget_keeps_its_default_state_for_static_readers(widget):
    png, text = widget.default_png, widget.default_text
    widget.controls["depth"].value = 3
    assert widget.default_png == png and widget.default_text == text


def test_widget_rejects_bad_arguments():
    pytest.importorskip("ipywidgets")
    from lecture_utils.widgets.vanishing import vanishing_widget

    with pytest.raises(ValueError, match="depth"):
        vanishing_widget(depth=1)
    with pytest.raises(ValueError, match="activation"):
        vanishing_widget(activation="softplus")
    with pytest.raises(ValueError, match=r"\(5, 3\)"):
        vanishing_widget(X=np.zeros((5, 3)), y=np.zeros(4, dtype=int))


def test_layer_histograms_peak_at_one_and_clip():
    from lecture_utils.widgets.vanishing import layer_histograms

    hist = layer_histograms([np.array([[0.1, 0.1, 0.9]]), np.array([[5.0, -3.0, 0.2]])], 0.0, 1.0, bins=4)
    assert hist.shape == (4, 2)
    np.testing.assert_allclose(hist[:, 0], [1.0, 0.0, 0.0, 0.5])
    np.testing.assert_allclose(hist[:, 1], [1.0, 0.0, 0.0, 0.5])


def test_layer_histograms_can_leave_exact_zeros_out():
    from lecture_utils.widgets.vanishing import layer_histograms, zero_fractions

    Hs = [np.array([[0.0, 0.0, 0.0, 0.1, 0.6, 0.7]]), np.zeros((2, 2))]
    np.testing.assert_allclose(layer_histograms(Hs, 0.0, 1.0, bins=2)[:, 0], [1.0, 0.5])
    kept = layer_histograms(Hs, 0.0, 1.0, bins=2, drop_zeros=True)
    np.testing.assert_allclose(kept[:, 0], [0.5, 1.0])     # the zeros no longer set the scale
    np.testing.assert_allclose(kept[:, 1], [0.0, 0.0])     # nothing left to count: an empty column, no warning
    assert zero_fractions(Hs) == [0.5, 1.0]


def test_widget_relu_histograms_are_not_swamped_by_the_zero_bin(widget):
    """Without the exact zeros, He's ReLU layers show their spread (the zero bin used to be the only bright row)."""
    widget.controls["activation"].value = "relu"
    widget.controls["init"].value = "He √(2/d_in)"
    ax_hist = widget.fig.axes[1]
    pixels = np.asarray(ax_hist.images[0].get_array())[:, :9, :3].astype(float)
    brightness = pixels.mean(axis=2)
    assert (brightness[1:] > brightness.min() + 60).any(axis=0).all()   # a bright bin above the first in every layer
    assert "nonzero" in ax_hist.get_title()
    line = widget.text.split("\n")[2]
    X, y = random_batch(n=64, d=64, num_classes=10, seed=0)
    H1 = hidden_activations(lu.MLP([64] + [64] * 9 + [10], "relu", "he", seed=0), X)[0]
    assert line.startswith("outputs exactly 0") and f"{np.mean(H1 == 0):.0%} (layer 1)" in line
    widget.controls["activation"].value = "tanh"
    assert len(widget.text.split("\n")) == 2 and "nonzero" not in ax_hist.get_title()


def test_widget_axis_labels_never_touch_their_tick_labels(widget):
    """The label positions are fixed (the layout is not redone on a change), so they must clear the
    widest tick labels: 10⁻¹⁸ … 10⁰ on the log axis (sigmoid, N(0, 0.01²)), minor labels such as
    4×10⁻¹ (tanh, Xavier), and −0.50 on the histogram (tanh). Checking these three settings, not all
    nine, keeps the test at a second; a new setting with wider labels belongs here."""
    touching = []
    for activation, init in [("sigmoid", "N(0, 0.01²)"), ("tanh", "Xavier √(1/d_in)"), ("tanh", "N(0, 1)")]:
        widget.controls["activation"].value, widget.controls["init"].value = activation, init
        renderer = widget.canvas.get_renderer()
        for ax in widget.fig.axes[:2]:
            label = ax.yaxis.label.get_window_extent(renderer)
            assert label.x0 >= 0, f"{activation}, {init}: {ax.get_ylabel()!r} is cut at the figure's edge"
            touching += [(activation, init, t.get_text()) for t in ax.get_yticklabels(which="both")
                         if t.get_visible() and t.get_text() and t.get_window_extent(renderer).overlaps(label)]
    assert not touching, touching
