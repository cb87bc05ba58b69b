"""Notebook 06: the backprop helpers, the exercise checks and the step-through widget."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils import backprop as bp
from lecture_utils.checks import backprop as cb

NAMES_3 = ["dY_pred", "dW3", "db3", "da2", "dZ2", "dW2", "db2", "da1", "dZ1", "dW1", "db1", "dX"]


def network(sizes=(3, 5, 4, 2), n=6, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, sizes[0])), rng.normal(size=(n, sizes[-1])), bp.random_params(list(sizes), seed=seed)


# --- lecture_utils.backprop ----------------------------------------------------------------

def test_forward_keeps_named_values_with_their_shapes():
    X, _, params = network()
    Y_pred, cache = bp.forward(X, params)
    assert list(cache) == ["X", "Z1", "a1", "g1", "Z2", "a2", "g2", "Y_pred"]
    assert cache["Z1"].shape == cache["a1"].shape == cache["g1"].shape == (6, 5)
    assert cache["Z2"].shape == (6, 4) and Y_pred.shape == (6, 2)
    assert np.array_equal(cache["a1"], np.maximum(cache["Z1"], 0))
    assert np.array_equal(cache["g1"], (cache["Z1"] > 0).astype(float))
    assert np.allclose(Y_pred, cache["a2"] @ params["W3"] + params["b3"])


def test_backward_names_every_step_in_reverse_order_with_shapes():
    X, Y, params = network()
    grads = bp.backward(Y, params, bp.forward(X, params)[1])
    assert list(grads) == NAMES_3
    for name in ("W1", "b1", "W2", "b2", "W3", "b3"):
        assert grads["d" + name].shape == params[name].shape
    assert grads["dX"].shape == X.shape and grads["da1"].shape == (6, 5)


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("sizes", [(3, 5, 4, 2), (2, 3, 1), (4, 1), (2, 3, 3, 3, 2)])
def test_backward_matches_the_reference_mlp(activation, sizes):
    X, Y, params = network(sizes, seed=len(sizes))
    mlp = lu.MLP(list(sizes), activation=activation)
    for name, value in params.items():
        mlp.params[name][...] = value
    loss, reference = mlp.loss_and_grads(X, Y, loss="half_mse")
    _, cache = bp.forward(X, params, activation)
    grads = bp.param_grads(bp.backward(Y, params, cache))
    assert np.isclose(bp.loss(X, Y, params, activation), loss)
    assert grads.keys() == reference.keys()
    for name in grads:
        assert np.allclose(grads[name], reference[name], rtol=1e-10, atol=1e-13), name


def test_backward_matches_finite_differences_including_dX():
    X, Y, params = network(seed=3)
    activation = "tanh"  # smooth: no kink can spoil the check
    grads = bp.backward(Y, params, bp.forward(X, params, activation)[1])
    for name in params:
        numeric = lu.numerical_gradient(lambda _: bp.loss(X, Y, params, activation), params[name])
        assert lu.relative_error(grads["d" + name], numeric) < 1e-7, name
    numeric_X = lu.numerical_gradient(lambda X_: bp.loss(X_, Y, params, activation), X.copy())
    assert lu.relative_error(grads["dX"], numeric_X) < 1e-7


def test_bias_gradient_is_the_sum_over_rows():
    X, Y, params = network(seed=4)
    grads = bp.backward(Y, params, bp.forward(X, params)[1])
    assert np.allclose(grads["db3"], grads["dY_pred"].sum(axis=0))
    assert np.allclose(grads["db2"], grads["dZ2"].sum(axis=0))


def test_deltas_are_the_pre_activation_gradients():
    X, Y, params = network(seed=5)
    _, cache = bp.forward(X, params)
    grads = bp.backward(Y, params, cache)
    delta = bp.deltas(Y, params, cache)
    assert len(delta) == 3
    assert np.allclose(delta[2], grads["dY_pred"])
    assert np.allclose(delta[1], grads["dZ2"]) and np.allclose(delta[0], grads["dZ1"])


def test_backward_steps_replay_their_formulas():
    X, Y, params = network(seed=6)
    _, cache = bp.forward(X, params)
    steps = bp.backward_steps(Y, params, cache)
    grads = bp.backward(Y, params, cache)
    assert [s.name for s in steps] == NAMES_3
    for s in steps:
        assert np.array_equal(s.value, grads[s.name])
        operands = [M for _, M in s.operands]
        if s.op == "@":
            assert np.allclose(operands[0] @ operands[1], s.value), s.name
        elif s.op == "⊙":
            assert np.allclose(operands[0] * operands[1], s.value), s.name
        elif s.op == "Σ rows":
            assert np.allclose(operands[0].sum(axis=0), s.value), s.name
        else:
            assert s.op == "−" and np.allclose((operands[0] - operands[1]) / len(X), s.value)
    assert steps[1].formula == "a2ᵀ @ dY_pred" and steps[4].formula == "da2 ⊙ g'(Z2)"


def test_cache_bytes_grow_with_depth_but_inference_peak_does_not():
    X = np.random.default_rng(0).normal(size=(32, 8))
    train, infer = [], []
    for depth in (1, 2, 4, 8):
        params = bp.random_params([8] * (depth + 1) + [1], seed=depth)
        _, cache = bp.forward(X, params)
        train.append(bp.cache_nbytes(cache))
        infer.append(bp.inference_peak_nbytes(X, params))
        assert train[-1] == 8 * 32 * (8 + 3 * 8 * depth + 1)
        assert infer[-1] == 8 * 32 * 16
    assert train == sorted(train) and len(set(train)) == 4
    assert len(set(infer)) == 1


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh", "identity"])
def test_the_lean_cache_gives_the_same_gradients_with_one_array_per_layer(activation):
    X, Y, params = network(sizes=(3, 5, 4, 4, 2), n=7, seed=3)
    X[0, :] = 0.0                                   # a row of zeros: some ReLU pre-activations are ≤ 0
    _, cache = bp.forward(X, params, activation)
    lean = bp.lean_cache(cache)
    assert list(lean) == ["X", "a1", "a2", "a3", "Y_pred"]
    assert all(lean[k] is cache[k] for k in lean)
    full, from_lean = bp.backward(Y, params, cache), bp.backward_lean(Y, params, lean, activation)
    assert list(full) == list(from_lean)
    for name in full:
        np.testing.assert_allclose(from_lean[name], full[name], rtol=1e-12, atol=1e-15, err_msg=name)
    assert bp.cache_nbytes(lean) == 8 * 7 * (3 + 5 + 4 + 4 + 2)


def test_lean_relu_mask_matches_relu_grad_at_exactly_zero():
    params = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.ones((2, 1)), "b2": np.zeros(1)}
    X, Y = np.array([[0.0, 1.0], [-1.0, 0.0]]), np.array([[1.0], [0.0]])
    _, cache = bp.forward(X, params)
    assert np.array_equal(cache["g1"], [[0.0, 1.0], [0.0, 0.0]])
    lean_grads = bp.backward_lean(Y, params, bp.lean_cache(cache))
    assert np.array_equal(lean_grads["dZ1"], bp.backward(Y, params, cache)["dZ1"])


def test_backward_lean_rejects_an_activation_it_cannot_invert():
    X, Y, params = network()
    _, cache = bp.forward(X, params)
    with pytest.raises(ValueError, match="relu"):
        bp.backward_lean(Y, params, bp.lean_cache(cache), "softplus")


def test_inference_leaves_its_inputs_alone_and_its_peak_is_what_numpy_allocates():
    X = np.random.default_rng(1).normal(size=(512, 32))
    params = bp.random_params([32, 32, 32, 32, 1], seed=1)
    X_copy, params_copy = X.copy(), {k: v.copy() for k, v in params.items()}
    tracemalloc.start()
    counted = bp.inference_peak_nbytes(X, params)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert counted <= peak <= counted + 2**19
    assert np.array_equal(X, X_copy) and all(np.array_equal(params[k], params_copy[k]) for k in params)


def test_float32_stays_float32():
    X, Y, params = network(seed=9)
    X, Y = X.astype(np.float32), Y.astype(np.float32)
    params = {k: v.astype(np.float32) for k, v in params.items()}
    Y_pred, cache = bp.forward(X, params)
    grads = bp.backward(Y, params, cache)
    assert Y_pred.dtype == np.float32 and all(v.dtype == np.float32 for v in cache.values())
    assert all(v.dtype == np.float32 for v in grads.values())
    assert bp.cache_nbytes(cache) == 4 * 6 * (3 + 3 * (5 + 4) + 2)


def test_random_params_and_layer_count():
    params = bp.random_params([3, 4, 2], seed=7)
    assert {k: v.shape for k, v in params.items()} == {"W1": (3, 4), "b1": (4,), "W2": (4, 2), "b2": (2,)}
    assert all(np.array_equal(params[k], bp.random_params([3, 4, 2], seed=7)[k]) for k in params)
    assert bp.num_layers(params) == 2
    with pytest.raises(ValueError, match="W1, b1"):
        bp.num_layers({"W1": params["W1"]})


# --- exercise checks -----------------------------------------------------------------------

def stub(*args):
    raise NotImplementedError


CHECKS = [
    (cb.check_two_layer_backward, cb._reference_two_layer, cb.TWO_LAYER_MISTAKES),
    (cb.check_output_bias_gradient, cb.output_bias_gradient, cb.BIAS_MISTAKES),
    (cb.check_gd_step, cb.gd_step, cb.GD_MISTAKES),
]


@pytest.mark.parametrize("check, reference, mistakes", CHECKS, ids=lambda x: getattr(x, "__name__", ""))
def test_check_reports_not_started_and_passed(check, reference, mistakes):
    assert "not started yet" in str(check(stub))
    passed = check(reference)
    assert passed.ok and "passed ✓" in str(passed)


def test_two_layer_check_names_a_transpose_in_the_second_layer_only():
    def only_dW2_transposed(X, Y, W1, b1, W2, b2):
        dW1, db1, dW2, db2 = cb.two_layer_backward(X, Y, W1, b1, W2, b2)
        return dW1, db1, dW2.T, db2

    text = str(cb.check_two_layer_backward(only_dW2_transposed))
    assert "dW2: expected" in text and "wrong transpose" in text


def test_two_layer_reference_agrees_with_the_mlp():
    rng = np.random.default_rng(2)
    X, Y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    mlp = lu.MLP([3, 4, 2], activation="relu", seed=3)
    grads = mlp.loss_and_grads(X, Y, loss="half_mse")[1]
    p = mlp.params
    assert all(np.allclose(a, grads[k]) for a, k in
               zip(cb.two_layer_backward(X, Y, p["W1"], p["b1"], p["W2"], p["b2"]), ("W1", "b1", "W2", "b2")))


def test_checks_survive_a_crashing_function():
    def crash(*args):
        raise KeyError("oops")

    text = str(cb.check_two_layer_backward(crash))
    assert "raised KeyError" in text


# --- the widget ----------------------------------------------------------------------------

ipywidgets = pytest.importorskip("ipywidgets")


@pytest.fixture
def stepper():
    from lecture_utils.widgets.backprop import backprop_stepper

    X, Y, params = network((3, 5, 3, 2), n=4, seed=8)
    return backprop_stepper(X, Y, params)


def test_stepper_redraws_when_the_step_changes(stepper):
    picture = stepper.fig.images[0]
    before_data, before_png, before_text = picture.get_array().copy(), stepper.png, stepper.text
    assert before_text.startswith("step 1/12: dY_pred")
    stepper.controls["step"].value = 6
    assert not np.array_equal(picture.get_array(), before_data)
    assert np.array_equal(picture.get_array(), stepper.frames[5])
    assert stepper.png != before_png and stepper.image.value == stepper.png
    assert stepper.text == "step 6/12: dW2 = a1ᵀ @ dZ2, shape (5, 3)"


def test_stepper_has_one_distinct_picture_per_step_and_keeps_the_default(stepper):
    assert len(stepper.frames) == 12
    assert all(f.shape == (480, 1980, 4) and f.dtype == np.uint8 for f in stepper.frames)  # 2 px per CSS px
    assert stepper.css_size == (990, 240)
    assert len({f.tobytes() for f in stepper.frames}) == 12
    default_png = stepper.default_png
    stepper.controls["step"].value = 12
    assert "dX = dZ1 @ W1ᵀ" in stepper.text
    assert stepper.default_png == default_png and default_png.startswith(b"\x89PNG")


def test_stepper_colours_by_sign_and_draws_one_cell_per_entry():
    from lecture_utils.widgets.backprop import FIELD, ROW, heat_colours, matrix_picture, px, render_texts

    colours = heat_colours(np.array([[-2.0, 0.0, 1.0]])).astype(int)
    assert colours[0, 0, 2] > colours[0, 0, 0]            # negative: blue
    assert colours[0, 1].min() >= 250                      # zero: white
    assert colours[0, 2, 0] > colours[0, 2, 2]            # positive: orange
    glyphs = render_texts({ch: {"s": ch, "family": "monospace", "fontsize": 6.5} for ch in "0123456789.-"})
    picture = matrix_picture(np.full((3, 40, 3), 255, np.uint8), np.array([[1.0, -1.0], [0.0, 2.0]]), glyphs, 5)
    assert picture.shape == (3 + px(2) + 2 * px(ROW), 2 * FIELD * 5, 3)
    assert (picture < 128).any()                           # the digits are drawn


def test_stepper_rejects_a_step_out_of_range():
    from lecture_utils.widgets.backprop import backprop_stepper

    X, Y, params = network((3, 4, 2), n=3)
    with pytest.raises(ValueError, match=r"1 … 8"):
        backprop_stepper(X, Y, params, step=9)
