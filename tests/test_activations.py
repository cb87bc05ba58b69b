"""Unit tests for sigmoid, tanh, ReLU, leaky ReLU, their derivatives, ACTIVATIONS and dead_fraction."""

import numpy as np
import pytest

from lecture_utils import (
    ACTIVATIONS,
    MLP,
    numerical_gradient,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    tanh,
    tanh_grad,
)
from lecture_utils.activations import LEAKY_SLOPE, dead_fraction, leaky_relu, leaky_relu_grad

Z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
Z_AWAY_FROM_ZERO = np.array([-3.0, -1.2, -0.3, 0.4, 1.1, 2.5])


def test_sigmoid_hand_values():
    np.testing.assert_allclose(sigmoid(0.0), 0.5, rtol=1e-15)
    np.testing.assert_allclose(sigmoid(Z), 1.0 / (1.0 + np.exp(-Z)), rtol=1e-14)
    np.testing.assert_allclose(sigmoid(2.0), 0.880797, rtol=0, atol=1e-6)


def test_sigmoid_is_symmetric_about_one_half():
    np.testing.assert_allclose(sigmoid(-Z), 1.0 - sigmoid(Z), rtol=0, atol=1e-15)


def test_tanh_hand_values():
    np.testing.assert_allclose(tanh(Z), (np.exp(Z) - np.exp(-Z)) / (np.exp(Z) + np.exp(-Z)), rtol=1e-14, atol=1e-16)
    np.testing.assert_allclose(tanh(1.0), 0.761594, rtol=0, atol=1e-6)


def test_relu_hand_values():
    np.testing.assert_array_equal(relu(Z), [0.0, 0.0, 0.0, 0.5, 2.0])


def test_sigmoid_grad_hand_values():
    s = 1.0 / (1.0 + np.exp(-Z))
    np.testing.assert_allclose(sigmoid_grad(Z), s * (1 - s), rtol=1e-14)
    np.testing.assert_allclose(sigmoid_grad(2.0), 0.104994, rtol=0, atol=1e-6)


def test_tanh_grad_hand_values():
    np.testing.assert_allclose(tanh_grad(Z), 1 - np.tanh(Z) ** 2, rtol=1e-14)
    np.testing.assert_allclose(tanh_grad(0.0), 1.0, rtol=1e-15)
    np.testing.assert_allclose(tanh_grad(1.0), 0.419974, rtol=0, atol=1e-6)


def test_relu_grad_hand_values():
    np.testing.assert_array_equal(relu_grad(Z), [0.0, 0.0, 0.0, 1.0, 1.0])


def test_relu_grad_at_zero_is_zero():
    assert relu_grad(0.0) == 0
    assert relu_grad(np.array([0.0]))[0] == 0


@pytest.mark.parametrize("f, f_grad", [(sigmoid, sigmoid_grad), (tanh, tanh_grad), (relu, relu_grad)],
                         ids=["sigmoid", "tanh", "relu"])
def test_derivative_matches_finite_differences(f, f_grad):
    z = Z_AWAY_FROM_ZERO.copy()
    numeric = numerical_gradient(lambda v: np.sum(f(v)), z)
    np.testing.assert_allclose(f_grad(z), numeric, rtol=1e-7, atol=1e-10)


def test_sigmoid_grad_is_at_most_a_quarter_with_the_maximum_at_zero():
    z = np.linspace(-10, 10, 2001)
    g = sigmoid_grad(z)
    np.testing.assert_allclose(g.max(), 0.25, rtol=1e-15)
    assert z[g.argmax()] == 0.0
    np.testing.assert_allclose(sigmoid_grad(0.0), 0.25, rtol=1e-15)


@pytest.mark.parametrize("f", [sigmoid, tanh, relu, sigmoid_grad, tanh_grad, relu_grad])
def test_element_wise_functions_keep_the_shape(f):
    z = np.arange(-6.0, 6.0).reshape(3, 4)
    assert f(z).shape == (3, 4)


@pytest.mark.parametrize("f", [sigmoid, tanh, relu, sigmoid_grad, tanh_grad, relu_grad])
def test_element_wise_functions_leave_the_input_unchanged(f):
    z = Z.copy()
    f(z)
    np.testing.assert_array_equal(z, Z)


def test_activations_has_the_four_contract_names_and_leaky_relu():
    assert set(ACTIVATIONS) == {"sigmoid", "tanh", "relu", "identity", "leaky_relu"}
    assert ACTIVATIONS["leaky_relu"] == (leaky_relu, leaky_relu_grad)


def test_activations_maps_names_to_the_functions_and_derivatives():
    assert ACTIVATIONS["sigmoid"] == (sigmoid, sigmoid_grad)
    assert ACTIVATIONS["tanh"] == (tanh, tanh_grad)
    assert ACTIVATIONS["relu"] == (relu, relu_grad)


def test_identity_activation_and_its_derivative():
    f, f_grad = ACTIVATIONS["identity"]
    np.testing.assert_array_equal(f(Z), Z)
    np.testing.assert_array_equal(f_grad(Z), np.ones_like(Z))


# ------------------------------------------------------------------ leaky ReLU

def test_leaky_relu_hand_values():
    assert LEAKY_SLOPE == 0.01
    np.testing.assert_allclose(leaky_relu(Z), [-0.02, -0.005, 0.0, 0.5, 2.0], rtol=1e-15)
    np.testing.assert_allclose(leaky_relu(Z, gamma=0.2), [-0.4, -0.1, 0.0, 0.5, 2.0], rtol=1e-15)
    np.testing.assert_array_equal(leaky_relu(Z, gamma=0.0), relu(Z))


def test_leaky_relu_grad_hand_values_and_the_convention_at_zero():
    np.testing.assert_array_equal(leaky_relu_grad(Z), [0.01, 0.01, 0.01, 1.0, 1.0])
    assert leaky_relu_grad(0.0, gamma=0.1) == 0.1                    # the left slope, as relu_grad(0) == 0
    np.testing.assert_array_equal(leaky_relu_grad(Z, gamma=0.0), relu_grad(Z))


@pytest.mark.parametrize("gamma", [0.01, 0.1, 0.3])
def test_leaky_relu_grad_matches_finite_differences(gamma):
    z = Z_AWAY_FROM_ZERO.copy()
    numeric = numerical_gradient(lambda v: np.sum(leaky_relu(v, gamma)), z)
    np.testing.assert_allclose(leaky_relu_grad(z, gamma), numeric, rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("f", [leaky_relu, leaky_relu_grad])
def test_leaky_relu_keeps_float32_and_the_shape(f):
    z = np.arange(-6.0, 6.0, dtype=np.float32).reshape(3, 4)
    out = f(z)
    assert out.dtype == np.float32 and out.shape == (3, 4)


def test_leaky_relu_is_finite_and_silent_at_extremes():
    z = np.array([-1e308, -1e4, 1e4, 1e308])
    with np.errstate(all="raise"):
        assert np.all(np.isfinite(leaky_relu(z))) and np.all(np.isfinite(leaky_relu_grad(z)))


@pytest.mark.parametrize("gamma", [-0.1, 1.0, 2.0, "0.1", np.array([0.1, 0.2])])
def test_leaky_relu_refuses_a_bad_slope(gamma):
    with pytest.raises(ValueError, match="gamma"):
        leaky_relu(Z, gamma)


def test_mlp_with_leaky_relu_matches_a_hand_forward_pass_and_backprop():
    net = MLP([3, 4, 2], activation="leaky_relu", init="xavier", seed=2)
    X = np.random.default_rng(0).normal(size=(5, 3))
    Z1 = X @ net.params["W1"] + net.params["b1"]
    H1 = np.where(Z1 > 0, Z1, 0.01 * Z1)
    np.testing.assert_allclose(net.forward(X), H1 @ net.params["W2"] + net.params["b2"], rtol=1e-12, atol=1e-12)
    assert np.min(np.abs(Z1)) > 1e-3                                   # no kink inside a finite-difference step
    y = np.array([0, 1, 1, 0, 1])
    _, grads = net.loss_and_grads(X, y)
    for name, value in net.params.items():
        numeric = numerical_gradient(lambda _: net.loss(X, y), value)
        np.testing.assert_allclose(grads[name], numeric, rtol=1e-6, atol=1e-9, err_msg=name)


# ---------------------------------------------------------------- dead_fraction

def test_dead_fraction_counts_units_whose_derivative_is_zero_on_every_row():
    Z = np.array([[-1.0, 2.0, 0.0, -0.5],
                  [-3.0, -1.0, 0.0, 0.5]])
    assert dead_fraction(Z) == 0.5                     # columns 0 and 2 (relu'(0) == 0); column 1, 3 live once
    assert dead_fraction(Z, "leaky_relu") == 0.0
    assert dead_fraction(Z, "sigmoid") == 0.0
    assert dead_fraction(np.full((4, 3), -1.0)) == 1.0


def test_dead_fraction_refuses_a_vector():
    with pytest.raises(ValueError, match=r"\(5,\)"):
        dead_fraction(np.zeros(5))
