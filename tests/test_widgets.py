"""Widgets are driven from plain Python: set a control, the figure changes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("ipywidgets")

from lecture_utils.data import make_regression_1d  # noqa: E402
from lecture_utils.widgets.linear import linear_fit_widget  # noqa: E402


@pytest.fixture
def fit_widget():
    X, y = make_regression_1d(n=20, seed=3)
    return linear_fit_widget(X, y)


def test_linear_fit_widget_redraws_on_slider_change(fit_widget):
    line = fit_widget.fig.axes[0].lines[0]
    before_y, before_png, before_text = line.get_ydata().copy(), fit_widget.png, fit_widget.text
    fit_widget.controls["w"].value = 2.0
    assert not np.allclose(line.get_ydata(), before_y)
    assert fit_widget.png != before_png
    assert fit_widget.image.value == fit_widget.png
    assert fit_widget.text != before_text and "w = 2.00" in fit_widget.text


def test_linear_fit_widget_reports_the_error_of_the_current_line(fit_widget):
    X, y = make_regression_1d(n=20, seed=3)
    fit_widget.controls["w"].value = 1.5
    fit_widget.controls["b"].value = -0.5
    mse = np.mean((y - (1.5 * X[:, 0] - 0.5)) ** 2)
    assert f"mean squared error {mse:.3f}" in fit_widget.text


def test_default_state_is_kept_for_static_readers(fit_widget):
    default_png, default_text = fit_widget.default_png, fit_widget.default_text
    fit_widget.controls["b"].value = 3.0
    assert fit_widget.default_png == default_png and fit_widget.default_text == default_text
    assert default_png.startswith(b"\x89PNG")


def test_linear_fit_widget_rejects_bad_shapes():
    with pytest.raises(ValueError, match=r"\(5, 2\)"):
        linear_fit_widget(np.zeros((5, 2)), np.zeros(5))


def _toggle_widget():
    """A LiveFigure whose dropdown changes the axis limits (a static change) and a slider moves a line."""
    import ipywidgets as widgets

    from lecture_utils.widgets import LiveFigure
    from lecture_utils.widgets._base import new_figure

    fig = new_figure(3, 2)
    ax = fig.add_subplot()
    (line,) = ax.plot([0, 1], [0, 1])
    line.set_animated(True)
    live = None

    def update(top, slope):
        line.set_ydata([0, slope])
        if ax.get_ylim()[1] != top:
            ax.set_ylim(0, top)
            if live is not None:
                live.invalidate(key=top)
        return f"top {top}, slope {slope}"

    controls = {"top": widgets.Dropdown(options=[1.0, 10.0], value=1.0), "slope": widgets.FloatSlider(value=0.5)}
    live = LiveFigure(fig, controls, update)
    return live


def _full_redraw_png(live):
    """The picture of the current state drawn from scratch, without touching the cache."""
    key, live._key, live._background = live._key, None, None
    live.redraw()
    png = live.png
    live._key = key
    return png


def test_a_cached_background_gives_the_same_picture_as_a_full_redraw():
    live = _toggle_widget()
    for top in (10.0, 1.0, 10.0, 1.0):  # the last two visits come from the cache
        live.controls["top"].value = top
        live.controls["slope"].value = 0.3 if live.controls["slope"].value != 0.3 else 0.7
        shown = live.png
        assert shown == _full_redraw_png(live), f"top = {top}"
    assert set(live._backgrounds) == {1.0, 10.0}


def _every_widget():
    """One of each widget of the series, built with its defaults or a small data set."""
    from lecture_utils.autodiff import Value
    from lecture_utils.widgets.activations import activation_widget
    from lecture_utils.widgets.backprop import backprop_stepper
    from lecture_utils.widgets.chain_rule import backward_stepper
    from lecture_utils.widgets.mlp import xor_network_widget
    from lecture_utils.widgets.softmax import softmax_widget
    from lecture_utils.widgets.training import training_widget
    from lecture_utils.widgets.vanishing import vanishing_widget

    rng = np.random.default_rng(0)
    params = {"W1": rng.normal(size=(3, 4)), "b1": np.zeros(4), "W2": rng.normal(size=(4, 2)), "b2": np.zeros(2)}
    x, y = Value(2.0, label="x"), Value(-3.0, label="y")
    out = x * y + x
    out.label = "f"
    return {"linear": linear_fit_widget(*make_regression_1d(n=20, seed=3)), "softmax": softmax_widget(),
            "activations": activation_widget(), "mlp": xor_network_widget(),
            "backprop": backprop_stepper(rng.normal(size=(4, 3)), rng.normal(size=(4, 2)), params),
            "chain_rule": backward_stepper(out), "vanishing": vanishing_widget(), "training": training_widget()}


@pytest.fixture(scope="module")
def every_widget():
    return _every_widget()


def test_widgets_are_sharp_and_fit_the_window(every_widget):
    """Each widget's PNG has PIXEL_RATIO device pixels per CSS pixel and is shown at its CSS size."""
    import io

    from PIL import Image

    from lecture_utils.plots import PIXEL_RATIO

    for name, live in every_widget.items():
        natural = Image.open(io.BytesIO(live.png)).size
        css = live.css_size
        assert natural == (css[0] * PIXEL_RATIO, css[1] * PIXEL_RATIO), (name, natural, css)
        assert live.image.width == str(css[0]), name
        assert css[0] <= 1010, f"{name}: {css[0]} CSS px wide"


def test_widget_text_is_at_least_the_minimum_size(every_widget):
    """Every text a widget's figure draws (ticks, labels, titles, legends, annotations)."""
    from matplotlib.text import Text

    from lecture_utils.plots import MIN_FONT_PT

    for name, live in every_widget.items():
        texts = [t for t in live.fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
        small = sorted({(t.get_fontsize(), t.get_text()[:30]) for t in texts if t.get_fontsize() < MIN_FONT_PT})
        assert not small, f"{name}: text below {MIN_FONT_PT} pt: {small[:5]}"


def test_a_widget_displays_once_with_its_picture_as_fallback(fit_widget):
    """The live view's bundle carries the default PNG (shown at CSS size) for readers without a
    widget manager, and the line of text comes in a bundle whose empty model id renders as nothing."""
    import base64

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display

    from lecture_utils.widgets._base import WIDGET_VIEW

    shell = InteractiveShell.instance()
    shown = []
    publisher = shell.display_pub.publish
    shell.display_pub.publish = lambda data, metadata=None, **kw: shown.append((data, metadata or {}))
    try:
        display(fit_widget)
    finally:
        shell.display_pub.publish = publisher
    assert len(shown) == 2, shown
    (live, meta), (line, _) = shown
    assert live[WIDGET_VIEW]["model_id"] == fit_widget.view.model_id
    assert base64.b64decode(live["image/png"]) == fit_widget.default_png
    assert meta["image/png"] == {"width": fit_widget.css_size[0], "height": fit_widget.css_size[1]}
    assert line[WIDGET_VIEW]["model_id"] == ""
    assert line["text/plain"] == live["text/plain"] == f"Default state: {fit_widget.default_text}"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.binary(max_size=400))
def test_adler32_combine_is_the_checksum_of_the_joined_bytes(first, second):
    import zlib

    from lecture_utils.widgets._base import adler32_combine

    assert adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second)) == zlib.adler32(first + second)


@pytest.mark.parametrize("size", [(1.0, 0.05), (3.0, 2.0), (7.0, 3.4)])
def test_canvas_png_decodes_to_the_canvas_pixels(size):
    """The two-band PNG is a valid PNG of exactly the canvas, from 12 pixel rows to 816."""
    import io

    from PIL import Image

    from lecture_utils.widgets._base import canvas_png, new_figure

    fig = new_figure(*size)
    fig.set_layout_engine("none")  # a figure 12 pixels high has no room for a layout
    ax = fig.add_axes((0, 0, 1, 1))
    ax.plot([0, 1], [1, 0], color="C3")
    ax.text(0.5, 0.5, "pixels")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    decoded = Image.open(io.BytesIO(canvas_png(canvas)))
    decoded.load()
    assert decoded.mode == "RGB"
    assert np.array_equal(np.asarray(decoded), np.asarray(canvas.buffer_rgba())[..., :3])
