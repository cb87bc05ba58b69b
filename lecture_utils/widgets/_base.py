"""The shared widget pattern (see ``lecture_utils.widgets``)."""

from __future__ import annotations

import html
import io
from typing import Callable

from ..plots import DPI, use_style


def new_figure(width: float, height: float):
    """A matplotlib Figure outside pyplot, so it is never shown twice or leaked.

    It also applies the house style (``use_style``), so that the axes and
    texts a widget then creates look the same in a notebook, a test or a script.
    """
    from matplotlib.figure import Figure

    use_style()
    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def figure_png(fig) -> bytes:
    """The figure rendered as PNG bytes (deterministic for the same drawing)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def canvas_png(canvas) -> bytes:
    """PNG bytes of what an Agg canvas holds now, without drawing it again."""
    from PIL import Image

    buf = io.BytesIO()
    Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).save(buf, format="png", compress_level=1)
    return buf.getvalue()


class LiveFigure:
    """Controls plus one figure that ``update`` redraws in place.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Made with ``new_figure``; its artists are created once.
    controls : dict name → ipywidgets control (anything with a ``value``)
    update : callable, update(**values) -> str
        Changes the figure's artists for the control values and returns a
        one-line summary (the numbers a reader needs).

    Artists that ``update`` changes should be marked ``set_animated(True)``:
    the rest of the figure (axes, ticks, contours, data) is then drawn once
    and kept as a background, and a redraw paints only the animated artists
    on it. An ``update`` that changes anything else (axis limits, say) must
    call ``self.invalidate()`` so that the background is drawn again.
    """

    def __init__(self, fig, controls: dict, update: Callable[..., str]):
        import ipywidgets as w
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self._background = None
        self._backgrounds = {}  # key → background, for figures whose static part has a few states
        self._key = None
        self._animated = []
        self.controls = dict(controls)
        self._update = update
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.readout = w.HTML()
        self.text = ""
        self.png = b""
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.view = w.VBox([w.HBox(list(self.controls.values()), layout=w.Layout(flex_flow="row wrap")),
                            self.image, self.readout])
        self.redraw()
        self.default_png, self.default_text = self.png, self.text

    def values(self) -> dict:
        """The current value of every control."""
        return {name: control.value for name, control in self.controls.items()}

    def invalidate(self, key=None) -> None:
        """The static part of the figure changed: the next redraw draws everything.

        Give a ``key`` (any hashable naming the static state, e.g. the axis
        limits chosen) to keep one background per state: coming back to a
        state then only repaints the animated artists.
        """
        self._key = key
        self._background = self._backgrounds.get(key) if key is not None else None

    def _render(self) -> None:
        if self._background is None:
            self.canvas.draw()  # animated artists are left out of a full draw
            self.fig.set_layout_engine("none")  # freeze the layout so the background stays valid
            self._background = self.canvas.copy_from_bbox(self.fig.bbox)
            self._animated = self.fig.findobj(lambda a: a.get_animated())
            if self._key is not None:
                self._backgrounds[self._key] = self._background
        else:
            self.canvas.restore_region(self._background)
        for artist in self._animated:
            if artist.get_visible():
                artist.axes.draw_artist(artist) if artist.axes else self.fig.draw_artist(artist)

    def redraw(self) -> None:
        """Update the figure for the current values and re-render it."""
        self.text = self._update(**self.values())
        self._render()
        self.png = canvas_png(self.canvas)
        self.image.value = self.png
        self.readout.value = f"<pre style='margin:0'>{html.escape(self.text)}</pre>"

    def _on_change(self, change) -> None:
        self.redraw()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display({"image/png": self.default_png}, raw=True)
        print(f"Default state: {self.default_text}")
        bundle = self.view._repr_mimebundle_()
        bundle["text/plain"] = "(live widget: move the controls in a running notebook)"
        display(bundle, raw=True)
