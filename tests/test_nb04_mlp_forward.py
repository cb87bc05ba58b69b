"""Notebook 04 (the MLP forward pass): its exercise checks and its widget."""

from __future__ import annotations

import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils.checks.mlp import (
    _cases_count,
    check_count_params,
    check_forward,
    count_params_reference,
    forward_reference,
)


def stub(*args):
    raise NotImplementedError


def forward(X, params):
    L = len(params) // 2
    H = np.asarray(X, dtype=float)
    for l in range(1, L + 1):
        Z = H @ params[f"W{l}"] + params[f"b{l}"]
        H = np.maximum(Z, 0) if l < L else Z
    return H


def _loop(X, params, *, last_relu=False, bias=True, transpose=False):
    L = len(params) // 2
    H = np.asarray(X, dtype=float)
    for l in range(1, L + 1):
        W = params[f"W{l}"].T if transpose else params[f"W{l}"]
        Z = H @ W + (params[f"b{l}"] if bias else 0)
        H = np.maximum(Z, 0) if (l < L or last_relu) else Z
    return H


# ----------------------------------------------------------------- check_forward

def test_forward_stub_is_not_started_yet():
    assert "not started yet" in str(check_forward(stub))


def test_correct_forward_passes():
    report = check_forward(forward)
    assert report.ok and "6/6 cases passed" in str(report), str(report)


def test_forward_reference_equals_mlp_forward():
    net = lu.MLP([3, 5, 4, 2], activation="relu", seed=3)
    X = np.random.default_rng(0).normal(size=(7, 3))
    assert np.allclose(forward_reference(X, net.params), net.forward(X))


def test_transposed_weights_are_caught_on_the_first_square_case():
    report = str(check_forward(lambda X, p: _loop(X, p, transpose=True)))
    assert "0/6 cases passed" in report and "every W is square" in report


def test_report_shows_small_params_in_full():
    report = str(check_forward(lambda X, p: _loop(X, p, bias=False)))
    assert "params = {W1: [[1.0, -1.0], [2.0, 0.5]], b1: [0.5, -1.0]" in report


# ------------------------------------------------------------ check_count_params

def test_count_stub_is_not_started_yet():
    assert "not started yet" in str(check_count_params(stub))


def test_off_by_one_count_fails():
    assert not check_count_params(lambda s: count_params_reference(s) + 1).ok


def test_count_reference_values():
    assert [count_params_reference(c.args[0]) for c in _cases_count()] == [51, 9, 235_146, 4, 440]


# ------------------------------------------------------------------- the widget

@pytest.fixture
def widgets_module():
    pytest.importorskip("ipywidgets")
    from lecture_utils.widgets import mlp

    return mlp


@pytest.fixture
def widget(widgets_module):
    return widgets_module.xor_network_widget()


def _artists(widget):
    ax_in, ax_hid = widget.fig.axes
    return ax_in.images[0], ax_in.collections[1], ax_hid.patches[0], ax_hid.collections[0], ax_hid.lines[0]


def test_default_loses_one_corner(widget):
    assert widget.default_text.startswith("relu: accuracy 76.5% (153 of 200 points right")
    wrong = _artists(widget)[1]
    assert len(wrong.get_offsets()) == 47


def test_turning_on_the_second_unit_solves_xor(widget):
    regions, wrong, hidden_regions, hidden, boundary = _artists(widget)
    before = (regions.get_array().copy(), hidden_regions.get_xy().copy(), np.array(boundary.get_xydata()),
              widget.png)
    widget.controls["W2_2"].value = 1.0
    assert "accuracy 100.0% (200 of 200" in widget.text
    assert len(wrong.get_offsets()) == 0
    assert not np.array_equal(regions.get_array(), before[0])
    assert hidden_regions.get_xy().shape != before[1].shape or not np.allclose(hidden_regions.get_xy(), before[1])
    assert not np.allclose(np.array(boundary.get_xydata()), before[2])
    assert widget.png != before[3] and widget.image.value == widget.png


def test_hidden_points_are_the_hidden_layer(widget, widgets_module):
    from lecture_utils.data import make_xor

    widget.controls["b1_1"].value = 0.3
    X, _ = make_xor(n=200, noise=0.15, seed=1)
    W1, b1, W2, b2 = widgets_module.weights_from_values(widget.values())
    H = np.maximum(X @ W1 + b1, 0)
    assert np.allclose(_artists(widget)[3].get_offsets(), H)
    assert np.isclose(b1[0], 0.3)


def test_identity_cannot_separate_xor(widget):
    widget.controls["activation"].value = "identity"
    assert widget.text.startswith("identity: accuracy")
    lo, hi = widget.fig.axes[1].get_xlim()
    H = widget.fig.axes[1].collections[0].get_offsets()
    assert lo < H.min() and H.max() < hi and hi - lo < 7     # the limits follow the data
    accuracy = float(widget.text.split("accuracy ")[1].split("%")[0])
    assert accuracy <= 80.0


def test_unit_lines_follow_the_weights(widget):
    line = widget.fig.axes[0].lines[0]
    widget.controls["W1_11"].value = 0.0
    widget.controls["W1_21"].value = 1.0
    widget.controls["b1_1"].value = -0.5
    # unit 1 is z1 = x2 - 0.5: the horizontal line x2 = 0.5
    assert np.allclose(line.get_ydata(), 0.5)


def test_line_in_box(widgets_module):
    xs, ys = widgets_module.line_in_box([1.0, 1.0], -1.0, (-2, 2), (-2, 2))
    assert np.allclose(np.add(xs, ys), 1.0)
    assert widgets_module.line_in_box([0.0, 0.0], 1.0, (0, 1), (0, 1)) == ([], [])
    xs, ys = widgets_module.line_in_box([2.0, 0.0], -1.0, (0, 1), (-3, 3))
    assert np.allclose(xs, 0.5) and list(ys) == [-3.0, 3.0]


def test_half_plane_in_box(widgets_module):
    from matplotlib.path import Path

    square = widgets_module.half_plane_in_box([1.0, 1.0], -1.0, 0.0, 2.0)   # x + y > 1 inside [0, 2]²
    inside = np.array([[1.5, 1.5], [1.9, 0.5], [0.2, 1.9]])
    path = Path(square)
    assert path.contains_points(inside).all() and not path.contains_point((0.2, 0.2))
    assert len(widgets_module.half_plane_in_box([0.0, 0.0], -1.0, 0.0, 1.0)) == 0
    assert len(widgets_module.half_plane_in_box([0.0, 0.0], 1.0, 0.0, 1.0)) == 4


def test_hidden_space_class_region_matches_the_output_sign(widget):
    from matplotlib.path import Path

    widget.controls["W2_2"].value = 1.0
    polygon = _artists(widget)[2]
    H = _artists(widget)[3].get_offsets()
    o = H[:, 0] * 1.0 + H[:, 1] * 1.0 - 0.5
    inside = Path(polygon.get_xy()).contains_points(H, radius=1e-9)
    visible = (H >= -0.3).all(axis=1) & (H <= 4.0).all(axis=1) & (np.abs(o) > 1e-6)
    assert np.array_equal(inside[visible], (o > 0)[visible])


def test_bad_arguments_are_refused(widgets_module):
    with pytest.raises(ValueError, match="W3_1"):
        widgets_module.xor_network_widget(W3_1=1.0)
    with pytest.raises(ValueError, match="softplus"):
        widgets_module.xor_network_widget(activation="softplus")
    with pytest.raises(ValueError, match=r"\(5, 3\)"):
        widgets_module.xor_network_widget(np.zeros((5, 3)), np.zeros(5, dtype=int))


def test_sliders_have_mathematical_labels(widget):
    labels = {name: control.description for name, control in widget.controls.items()}
    assert labels["W1_12"] == "W⁽¹⁾₁₂" and labels["W2_2"] == "W⁽²⁾₂₁" and labels["b2"] == "b⁽²⁾₁"
    assert not any("[" in label for label in labels.values())


def test_misclassified_points_get_a_hollow_ring(widget):
    wrong = _artists(widget)[1]
    assert len(wrong.get_offsets()) == 47
    assert len(wrong.get_facecolors()) == 0 and len(wrong.get_edgecolors()) == 1


def test_the_ring_colour_stands_apart_from_both_class_colours(widget):
    from matplotlib.colors import to_rgb

    from lecture_utils.plots import PALETTE

    wrong = _artists(widget)[1]
    ring = np.array(wrong.get_edgecolors()[0][:3])
    assert np.allclose(ring, 0.0) and wrong.get_linewidths()[0] >= 1.0        # black, a full point wide
    for class_colour in PALETTE[:2]:                                          # blue and orange
        assert np.linalg.norm(ring - np.array(to_rgb(class_colour))) > 0.6
    legend = widget.fig.axes[0].get_legend()
    marker = [h for h, t in zip(legend.legend_handles, legend.get_texts()) if t.get_text() == "misclassified"][0]
    assert np.allclose(to_rgb(marker.get_markeredgecolor()), ring)


def test_stacked_points_are_counted(widget, widgets_module):
    label = widget.fig.axes[1].texts[0]
    assert label.get_visible() and "100 class-0 points map here" in label.get_text()
    assert np.allclose(label.xy, (0.0, 0.0))
    spot, text = widgets_module.stacked_points(np.array([[0.0, 0.0]] * 3 + [[1.0, 2.0]]), np.array([1, 1, 1, 0]),
                                               min_count=3)
    assert np.allclose(spot, 0.0) and text == "all 3 class-1 points map here"
    assert widgets_module.stacked_points(np.arange(8.0).reshape(4, 2), np.zeros(4, dtype=int)) == (None, "")
    widget.controls["activation"].value = "identity"
    assert not label.get_visible()


def test_hidden_limits_follow_the_data(widget, widgets_module):
    assert widget.fig.axes[1].get_xlim() == (-0.5, 2.5)
    widget.controls["W1_11"].value = 3.0
    lo, hi = widget.fig.axes[1].get_xlim()
    assert hi > 2.5 and hi >= widget.fig.axes[1].collections[0].get_offsets().max()
    assert widgets_module.square_limits(np.array([[0.0, 0.0], [0.1, 0.2]])) == (-0.5, 0.5)


def test_both_panels_have_a_legend_outside_the_class_maps(widget):
    ax_in, ax_hid = widget.fig.axes
    texts_in = [t.get_text() for t in ax_in.get_legend().get_texts()]
    texts_hid = [t.get_text() for t in ax_hid.get_legend().get_texts()]
    assert {"class 0", "class 1", "misclassified"} <= set(texts_in)
    assert "o = 0" in texts_hid
