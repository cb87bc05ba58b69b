"""Widgets are driven from plain Python: set a control, the figure changes."""

from __future__ import annotations

import numpy as np
import pytest

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
