"""Unit tests for the scalar autodiff engine Value and draw_graph."""

import math
import re

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from lecture_utils import Value, draw_graph  # noqa: E402

EPS = 1e-6


def finite_difference(f, x):
    return (f(x + EPS) - f(x - EPS)) / (2 * EPS)


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


UNARY = {
    "exp": (lambda v: v.exp(), math.exp, 0.7),
    "log": (lambda v: v.log(), math.log, 1.8),
    "tanh": (lambda v: v.tanh(), math.tanh, -0.4),
    "sigmoid": (lambda v: v.sigmoid(), sigmoid, 0.9),
    "sigmoid_negative": (lambda v: v.sigmoid(), sigmoid, -1.3),
    "relu_positive": (lambda v: v.relu(), lambda x: max(x, 0.0), 1.2),
    "relu_negative": (lambda v: v.relu(), lambda x: max(x, 0.0), -0.8),
    "square": (lambda v: v**2, lambda x: x**2, -1.5),
    "cube": (lambda v: v**3, lambda x: x**3, 1.1),
    "power_half": (lambda v: v**0.5, lambda x: x**0.5, 2.3),
    "inverse": (lambda v: v**-1, lambda x: 1 / x, 0.6),
    "negate": (lambda v: -v, lambda x: -x, 0.8),
    "add_number": (lambda v: v + 2.5, lambda x: x + 2.5, 0.3),
    "radd_number": (lambda v: 2.5 + v, lambda x: 2.5 + x, 0.3),
    "sub_number": (lambda v: v - 4.0, lambda x: x - 4.0, 0.3),
    "rsub_number": (lambda v: 4.0 - v, lambda x: 4.0 - x, 0.3),
    "mul_number": (lambda v: v * 3.0, lambda x: x * 3.0, -0.6),
    "rmul_number": (lambda v: 3.0 * v, lambda x: 3.0 * x, -0.6),
    "div_number": (lambda v: v / 4.0, lambda x: x / 4.0, 1.4),
    "rdiv_number": (lambda v: 4.0 / v, lambda x: 4.0 / x, 1.4),
    "int_operands": (lambda v: 2 * v + 1, lambda x: 2 * x + 1, 0.5),
}

BINARY = {
    "add": (lambda a, b: a + b, 1.3, -0.4),
    "sub": (lambda a, b: a - b, 1.3, -0.4),
    "mul": (lambda a, b: a * b, 1.3, -0.4),
    "div": (lambda a, b: a / b, 1.3, -0.4),
}


@pytest.mark.parametrize("name", list(UNARY))
def test_unary_op_value_and_gradient(name):
    op, reference, x0 = UNARY[name]
    x = Value(x0)
    out = op(x)
    out.backward()
    np.testing.assert_allclose(out.data, reference(x0), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(x.grad, finite_difference(reference, x0), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", list(BINARY))
def test_binary_op_value_and_gradients(name):
    op, a0, b0 = BINARY[name]
    a, b = Value(a0), Value(b0)
    out = op(a, b)
    out.backward()
    np.testing.assert_allclose(out.data, op(a0, b0), rtol=1e-12)
    np.testing.assert_allclose(a.grad, finite_difference(lambda t: op(t, b0), a0), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(b.grad, finite_difference(lambda t: op(a0, t), b0), rtol=1e-6, atol=1e-9)


def test_relu_gradient_at_zero_is_zero():
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0


@pytest.mark.parametrize("a0, b0", [(2.0, -3.0), (-3.0, 2.0), (0.5, 0.4), (-1.0, -0.2)])
def test_max_routes_the_whole_gradient_to_the_larger_input(a0, b0):
    a, b = Value(a0), Value(b0)
    out = 1.5 * a.max(b)
    out.backward()
    assert out.data == 1.5 * max(a0, b0)
    np.testing.assert_allclose(a.grad, finite_difference(lambda t: 1.5 * max(t, b0), a0), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(b.grad, finite_difference(lambda t: 1.5 * max(a0, t), b0), rtol=1e-6, atol=1e-9)
    assert {a.grad, b.grad} == {1.5, 0.0}


@pytest.mark.parametrize("x0", [-0.8, 0.0, 1.2])
def test_max_with_zero_is_relu_including_the_tie(x0):
    x, y = Value(x0), Value(x0)
    x.max(0).backward()
    y.relu().backward()
    assert (x.grad, x.max(0).data) == (y.grad, y.relu().data)


def test_handout_example_square_of_a_sum():
    x, y = Value(1.5), Value(-0.5)
    z = (x + y) ** 2
    z.backward()
    np.testing.assert_allclose(z.data, 1.0, rtol=1e-15)
    np.testing.assert_allclose(x.grad, 2 * (1.5 - 0.5), rtol=1e-15)
    np.testing.assert_allclose(y.grad, 2 * (1.5 - 0.5), rtol=1e-15)


def test_handout_example_at_other_values():
    x, y = Value(3.0), Value(-7.0)
    ((x + y) ** 2).backward()
    np.testing.assert_allclose([x.grad, y.grad], [-8.0, -8.0], rtol=1e-15)


def test_a_node_used_twice_sums_its_paths():
    x = Value(3.0)
    out = x * x + x
    out.backward()
    np.testing.assert_allclose(x.grad, 2 * 3.0 + 1, rtol=1e-15)


def test_shared_intermediate_node_sums_its_paths():
    x = Value(0.5)
    h = x.tanh()
    out = h * h.exp()
    out.backward()
    t = math.tanh(0.5)
    expected = (1 - t * t) * (math.exp(t) + t * math.exp(t))
    np.testing.assert_allclose(x.grad, expected, rtol=1e-12)


def test_composite_expression_matches_finite_differences():
    def f(a, b):
        return ((a * b).tanh() + (a / b).exp() - a**2).sigmoid() * 3 - (b + 5).log()

    a0, b0 = 0.7, 1.9
    a, b = Value(a0), Value(b0)
    out = f(a, b)
    out.backward()

    def plain(s, t):
        return sigmoid(math.tanh(s * t) + math.exp(s / t) - s**2) * 3 - math.log(t + 5)

    np.testing.assert_allclose(out.data, plain(a0, b0), rtol=1e-12)
    np.testing.assert_allclose(a.grad, finite_difference(lambda s: plain(s, b0), a0), rtol=1e-6)
    np.testing.assert_allclose(b.grad, finite_difference(lambda t: plain(a0, t), b0), rtol=1e-6)


def test_backward_twice_gives_the_same_gradients():
    x, y = Value(0.8), Value(-1.1)
    out = (x * y + x.exp()) * x
    out.backward()
    first = (x.grad, y.grad)
    out.backward()
    assert (x.grad, y.grad) == first


def test_backward_sets_the_output_gradient_to_one():
    x = Value(2.0)
    out = x * 3.0
    out.backward()
    assert out.grad == 1.0


def test_value_rejects_non_numbers():
    with pytest.raises(ValueError):
        Value("abc")


def test_value_log_of_a_non_positive_number_raises_value_error():
    with pytest.raises(ValueError):
        Value(-1.0).log()


NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")


def _boxes(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def _shows(numbers, value):
    """True if one of the numbers is ``value`` printed with 3 to 6 significant digits."""
    shown = {float(f"{value:.{digits}g}") for digits in range(3, 7)}
    return any(float(n) in shown for n in numbers)


def _has_box_for(node, boxes):
    for box in boxes:
        if "grad" not in box:
            continue
        before, after = box.split("grad", 1)
        if _shows(NUMBER.findall(before), node.data) and _shows(NUMBER.findall(after), node.grad):
            return True
    return False


def test_draw_graph_returns_a_figure_with_every_value_and_gradient():
    x, y = Value(1.5, label="x"), Value(-0.5, label="y")
    s = x + y
    z = s**2
    z.backward()
    fig = draw_graph(z)
    assert isinstance(fig, Figure)
    boxes = _boxes(fig)
    for node in (x, y, s, z):
        assert _has_box_for(node, boxes), (node, boxes)
    assert any("x" in box and "1.5" in box for box in boxes)
    assert any("y" in box and "-0.5" in box for box in boxes)


def test_draw_graph_shows_each_node_value_and_grad_in_one_box():
    a, b = Value(0.25, label="a"), Value(4.0, label="b")
    h = a * b
    out = h.tanh()
    out.backward()
    boxes = _boxes(draw_graph(out))
    for node in (a, b, h, out):
        assert _has_box_for(node, boxes), (node, boxes)


def test_draw_graph_rejects_a_non_value():
    with pytest.raises(ValueError):
        draw_graph(3.0)
