"""Value at its edges: deep graphs, undefined operations, partial gradient display."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from lecture_utils import Value, draw_graph  # noqa: E402


def test_backward_through_a_graph_deeper_than_the_recursion_limit():
    x = Value(0.5, "x")
    y = x
    for _ in range(5000):
        y = y + x
    y.backward()
    assert x.grad == 5001.0


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda: Value(1.0) / Value(0.0), "base is 0"),
        (lambda: Value(1000.0).exp(), "overflows"),
        (lambda: Value(-2.0) ** 0.5, "negative base"),
        (lambda: Value(0.0).log(), "positive"),
        (lambda: Value(2.0) ** Value(2.0), "plain int or float"),
    ],
)
def test_undefined_operations_raise_a_clear_value_error(make, words):
    with pytest.raises(ValueError, match=words):
        make()


def _texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_draw_graph_shows_only_the_gradients_it_is_given():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    c = a * b
    c.label = "c"
    f = c + a
    f.label = "f"
    f.backward()
    texts = _texts(draw_graph(f, show_grad=[f, c]))
    assert "f = -4\ngrad 1" in texts and "c = -6\ngrad 1" in texts
    assert "a = 2\ngrad ?" in texts and "b = -3\ngrad ?" in texts
    assert not any("grad" in t for t in _texts(draw_graph(f, show_grad=False)))
    assert "a = 2\ngrad -2" in _texts(draw_graph(f))


def test_negative_zero_is_drawn_as_zero():
    z = Value(-0.0, "z")
    assert _texts(draw_graph(z * 1.0))[0] == "z = 0\ngrad 0"


def test_draw_graph_can_print_fixed_decimals_in_a_larger_font():
    x = Value(-0.0004, "x")
    y = x * 2.5
    y.label = "y"
    y.backward()
    ax = draw_graph(y, digits=3, fontsize=9).axes[0]
    texts = [t for t in ax.texts if "grad" in t.get_text()]
    assert "x = 0.000\ngrad 2.500" in [t.get_text() for t in texts]
    assert all(t.get_fontsize() == 9 for t in texts)
