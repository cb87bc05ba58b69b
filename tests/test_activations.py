"""Unit tests for sigmoid, tanh, ReLU, their derivatives and ACTIVATIONS."""

import numpy as np
import pytest

from lecture_utils import (
    ACTIVATIONS,
    numerical_gradient,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    tanh,
    tanh_grad,
)

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


def test_activations_has_exactly_the_four_names():
    assert set(ACTIVATIONS) == {"sigmoid", "tanh", "relu", "identity"}
    assert len(ACTIVATIONS) == 4


def test_activations_maps_names_to_the_functions_and_derivatives():
    assert ACTIVATIONS["sigmoid"] == (sigmoid, sigmoid_grad)
    assert ACTIVATIONS["tanh"] == (tanh, tanh_grad)
    assert ACTIVATIONS["relu"] == (relu, relu_grad)


def test_identity_activation_and_its_derivative():
    f, f_grad = ACTIVATIONS["identity"]
    np.testing.assert_array_equal(f(Z), Z)
    np.testing.assert_array_equal(f_grad(Z), np.ones_like(Z))
