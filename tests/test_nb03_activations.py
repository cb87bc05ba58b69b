"""Notebook 03 (activation functions): its exercise checks and its widget."""

from __future__ import annotations

import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils.checks.activations import (
    check_derivatives,
    check_relu_grad,
    check_sigmoid,
)


def stub(z):
    raise NotImplementedError


def stable_sigmoid(z):
    z = np.asarray(z, dtype=float)
    u = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + u), u / (1 + u))


def naive_sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


def other_naive_sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.exp(z) / (1 + np.exp(z))


def where_naive_sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


# ---------------------------------------------------------------- check_sigmoid

def test_sigmoid_stub_is_not_started_yet():
    assert "not started yet" in str(check_sigmoid(stub))


@pytest.mark.parametrize("correct", [stable_sigmoid, lu.sigmoid])
def test_stable_sigmoid_passes(correct):
    report = check_sigmoid(correct)
    assert report.ok and "5/5 cases passed" in str(report), str(report)


@pytest.mark.parametrize("naive", [naive_sigmoid, other_naive_sigmoid, where_naive_sigmoid])
def test_naive_sigmoid_overflow_is_caught_and_named(naive):
    report = str(check_sigmoid(naive))
    assert "2/5 cases passed" in report, report
    assert "z = −1000 and z = +1000" in report
    assert "overflow" in report and "ExpOverflowError" in report
    assert "np.exp(-np.abs(z))" in report  # the specific hint replaced the generic one
    assert "in a cell of its own" not in report


def test_naive_sigmoid_really_is_right_in_value_so_only_the_overflow_betrays_it():
    with np.errstate(over="ignore"):
        assert np.allclose(naive_sigmoid([-1000.0, 0.0, 1000.0]), lu.sigmoid([-1000.0, 0.0, 1000.0]))


def test_division_by_zero_is_reported_without_calling_it_an_overflow():
    report = str(check_sigmoid(lambda z: 1 / (1 - np.exp(-np.asarray(z, dtype=float)))))
    assert "FloatingPointError" in report and "divide by zero" in report
    assert "ExpOverflowError" not in report


def test_check_sigmoid_leaves_no_floating_point_state_behind():
    check_sigmoid(naive_sigmoid)
    assert np.geterr()["over"] != "raise"


# ------------------------------------------------------------- the derivatives

def test_derivative_stubs_are_not_started_yet():
    report = check_derivatives(stub, stub, stub)
    assert str(report).count("not started yet") == 3
    assert not report.ok


def test_correct_derivatives_pass():
    report = check_derivatives(lambda z: lu.sigmoid(z) * (1 - lu.sigmoid(z)),
                               lambda z: 1 - np.tanh(z) ** 2,
                               lambda z: (np.asarray(z) > 0).astype(float))
    assert report.ok, str(report)
    assert str(report).count("passed ✓") == 3


def test_one_wrong_derivative_does_not_hide_the_others():
    report = str(check_derivatives(lu.sigmoid_grad, lambda z: 1 - np.tanh(z), lu.relu_grad))
    lines = report.splitlines()
    assert lines[0].startswith("check_sigmoid_grad") and "passed ✓" in lines[0]
    assert "check_tanh_grad" in lines[1] and "✗" in lines[1]
    assert "check_relu_grad" in lines[-1] and "passed ✓" in lines[-1]


def test_handout_e_convention_fails_only_at_zero():
    report = str(check_relu_grad(lambda z: (np.asarray(z) >= 0).astype(float)))
    assert "4/5 cases passed" in report and "exactly z = 0" in report


# ------------------------------------------------------------------- the widget

@pytest.fixture
def widgets_module():
    pytest.importorskip("ipywidgets")
    from lecture_utils.widgets import activations

    return activations


@pytest.fixture
def widget(widgets_module):
    return widgets_module.activation_widget()


def _lines(widget):
    ax_g, ax_s = widget.fig.axes
    return ax_g.lines[0], ax_g.lines[1], ax_s.lines[0]


def test_moving_w_changes_the_curve_the_slope_and_the_png(widget):
    _, curve, slope = _lines(widget)
    before = curve.get_ydata().copy(), slope.get_ydata().copy(), widget.png, widget.text
    widget.controls["w"].value = 2.0
    assert not np.allclose(curve.get_ydata(), before[0])
    assert not np.allclose(slope.get_ydata(), before[1])
    assert widget.png != before[2] and widget.image.value == widget.png
    assert widget.text != before[3] and "sigmoid(2.00·x + 0.00)" in widget.text
    assert "steepest slope |w|·max f' = 0.500" in widget.text


def test_moving_b_moves_the_centre_to_minus_b_over_w(widget):
    widget.controls["w"].value = 2.0
    widget.controls["b"].value = 1.0
    centre = widget.fig.axes[0].lines[2]
    assert np.allclose(centre.get_xdata(), [-0.5, -0.5])
    assert "centre at x = −b/w = -0.50" in widget.text


def test_choosing_relu_draws_relu_and_rescales_the_slope_axis(widget):
    reference, curve, slope = _lines(widget)
    png = widget.png
    widget.controls["activation"].value = "relu"
    x = curve.get_xdata()
    assert np.allclose(reference.get_ydata(), np.maximum(x, 0))
    assert np.allclose(curve.get_ydata(), np.maximum(x, 0))
    assert np.allclose(slope.get_ydata(), (x > 0).astype(float))
    assert widget.fig.axes[1].get_ylim() == (-3.3, 3.3)
    assert "kink at x" in widget.text and widget.png != png


def test_choosing_leaky_relu_draws_its_small_negative_slope(widget):
    from lecture_utils.activations import leaky_relu

    _, curve, slope = _lines(widget)
    widget.controls["w"].value = 2.0
    widget.controls["activation"].value = "leaky_relu"
    x = curve.get_xdata()
    assert np.allclose(curve.get_ydata(), leaky_relu(2.0 * x))
    assert np.allclose(slope.get_ydata(), np.where(x > 0, 2.0, 0.02))     # g' = w · f'(wx), f' = 0.01 below 0
    assert "leaky_relu(2.00·x + 0.00): kink at x" in widget.text and "= 2.000" in widget.text


def test_w_zero_hides_the_centre_and_says_the_unit_is_constant(widget):
    widget.controls["w"].value = 0.0
    assert not widget.fig.axes[0].lines[2].get_visible()
    assert "constant 0.500" in widget.text


def test_default_state_is_kept(widget):
    default_png, default_text = widget.default_png, widget.default_text
    widget.controls["b"].value = -2.0
    assert widget.default_png == default_png and widget.default_text == default_text
    assert default_text.startswith("sigmoid(1.00·x + 0.00): centre at x = −b/w = 0.00")


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_unit_slope_is_the_chain_rule_derivative(name):
    from lecture_utils.widgets.activations import unit_and_slope

    x = np.linspace(-2, 2, 9)
    g, g_prime = unit_and_slope(name, x, w=1.7, b=-0.4)
    numeric = lu.numerical_gradient(lambda v: np.sum(unit_and_slope(name, v, 1.7, -0.4)[0]), x.copy())
    assert np.allclose(g, lu.ACTIVATIONS[name][0](1.7 * x - 0.4))
    assert lu.relative_error(g_prime, numeric) < 1e-7


def test_unknown_activation_is_refused(widgets_module):
    with pytest.raises(ValueError, match="softplus"):
        widgets_module.activation_widget("softplus")
