"""Notebook 07: vanishing-gradient helpers, exercise checks and the depth/activation/init widget."""

from __future__ import annotations

import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils.checks.vanishing import check_dead_fraction, check_init_layer, check_sigmoid_bound
from lecture_utils.vanishing import (
    backward_bound,
    backward_signals,
    dead_unit_fraction,
    deep_mlp,
    gradient_norms,
    hidden_activations,
    random_batch,
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


def test_deep_mlp_honours_std_and_matches_mlp_for_other_schemes():
    net = deep_mlp([50, 400, 3], activation="tanh", scheme="normal", std=1.0, seed=0)
    assert net.params["W1"].std() == pytest.approx(1.0, rel=0.02)
    assert deep_mlp([50, 400, 3], scheme="normal", std=0.01).params["W1"].std() == pytest.approx(0.01, rel=0.02)
    for scheme in ["xavier", "he", "zeros"]:
        a = deep_mlp([5, 7, 3], activation="relu", scheme=scheme, seed=4)
        b = lu.MLP([5, 7, 3], activation="relu", init=scheme, seed=4)
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

@pytest.fixture
def widget():
    pytest.importorskip("ipywidgets")
    from lecture_utils.widgets.vanishing import vanishing_widget

    return vanishing_widget(depth=10, activation="sigmoid", init="Xavier √(1/d_in)")


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
                               [3.2e-06] * (depth - 1))
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
