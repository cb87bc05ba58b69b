"""The shared widget pattern (see ``lecture_utils.widgets``)."""

from __future__ import annotations

import base64
import html
import io
import struct
import zlib
from typing import Callable

import numpy as np

from ..plots import DPI, PIXEL_RATIO, use_style

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
DEFAULT_LINE = "Default state: "
"""How a widget's line of text for readers without a live widget begins (``tools.execute`` finds widgets by it)."""
RENDER_DPI = DPI * PIXEL_RATIO


def new_figure(width: float, height: float):
    """A matplotlib Figure outside pyplot, so it is never shown twice or leaked.

    ``width`` and ``height`` are in inches; the figure renders at ``RENDER_DPI``
    (``PIXEL_RATIO`` device pixels per CSS pixel) and is shown at ``DPI``.
    It also applies the house style (``use_style``), so that the axes and
    texts a widget then creates look the same in a notebook, a test or a script.
    """
    from matplotlib.figure import Figure

    use_style()
    return Figure(figsize=(width, height), dpi=RENDER_DPI, layout="constrained")


def figure_png(fig) -> bytes:
    """The figure rendered as PNG bytes at ``RENDER_DPI`` (deterministic for the same drawing)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=RENDER_DPI, metadata={"Software": None})
    return buf.getvalue()


def canvas_png(canvas) -> bytes:
    """PNG bytes of what an Agg canvas holds now, without drawing it again.

    A widget's picture has PIXEL_RATIO² times the pixels of its CSS size, so
    the encoder is what a redraw mostly waits for. This one writes RGB rows
    with no filter and compresses them with zlib at level 1, in two bands on
    two threads where threads exist (zlib releases the GIL). Each band is a
    raw deflate stream ended on a byte boundary, so the bands join into one
    valid zlib stream, as in pigz. The result decodes to the canvas's pixels
    exactly.
    """
    rgba = np.asarray(canvas.buffer_rgba())
    height, width = rgba.shape[:2]
    raw = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # a 0 byte (filter "none") opens every row
    bands = [(r[0], r[-1] + 1) for r in np.array_split(np.arange(height), 2 if height > 1 else 1)]

    def band(k: int) -> tuple[bytes, int]:
        top, bottom = bands[k]
        raw[top:bottom, 1:].reshape(bottom - top, width, 3)[...] = rgba[top:bottom, :, :3]
        deflate = zlib.compressobj(1, zlib.DEFLATED, -15)
        last = k == len(bands) - 1
        data = deflate.compress(raw[top:bottom]) + deflate.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
        return data, zlib.adler32(raw[top:bottom])

    pieces = _map(band, range(len(bands)))
    checksum = pieces[0][1]
    for (_, adler), (top, bottom) in zip(pieces[1:], bands[1:]):
        checksum = adler32_combine(checksum, adler, (bottom - top) * raw.shape[1])
    stream = b"\x78\x01" + b"".join(data for data, _ in pieces) + struct.pack(">I", checksum)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", stream) + _chunk(b"IEND", b"")


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ADLER_BASE = 65521


def adler32_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of two byte strings joined, from the checksum of each (as zlib's adler32_combine).

    Adler-32 keeps two sums modulo 65521: A = 1 + Σ bytes and B = Σ of A after each byte.
    Joining shifts the second string's B by its length times the first string's A − 1.
    """
    a1, b1 = first & 0xFFFF, first >> 16
    a2, b2 = second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % ADLER_BASE
    b = (b1 + b2 + second_length * (a1 - 1)) % ADLER_BASE
    return (b << 16) | a
_threads = []  # [] not tried yet; [pool] usable; [None] no threads here (Pyodide)


def _map(function, items) -> list:
    """``[function(x) for x in items]``, on two threads when the platform has them."""
    items = list(items)
    if not _threads:
        try:
            from concurrent.futures import ThreadPoolExecutor

            pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="lecture-png")
            pool.submit(int).result()
            _threads.append(pool)
        except RuntimeError:  # no threads, e.g. in the browser
            _threads.append(None)
    pool = _threads[0]
    if pool is None or len(items) < 2:
        return [function(x) for x in items]
    return list(pool.map(function, items))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def vertical_band(ax, x0: float, x1: float, **kwargs):
    """``ax.axvspan(x0, x1, **kwargs)``, always as a Rectangle, whose ``set_x`` and ``set_width`` move it.

    ``axvspan`` returns a Rectangle from matplotlib 3.9 on, but a Polygon before,
    which has neither method. The band spans the axes' height, in data x.
    """
    from matplotlib.patches import Rectangle

    band = Rectangle((x0, 0), x1 - x0, 1, transform=ax.get_xaxis_transform(), **kwargs)
    ax.add_patch(band)
    return band


def cell_image(ax, rgba, extent=None):
    """``ax.imshow(rgba, origin="lower", extent=extent, aspect="auto", interpolation="nearest")``, faster.

    ``rgba`` is a (rows, cols, 4) or (rows, cols, 3) uint8 grid, row 0 at the
    bottom. For an animated grid of coloured cells (decision regions,
    histograms): each screen pixel looks its cell up in index maps that are
    kept while the axes keep their size, instead of going through
    matplotlib's resampler, which at PIXEL_RATIO 2 cost about 9 ms a redraw.
    Returns the AxesImage; ``set_data`` and ``set_extent`` work as usual.
    """
    from matplotlib.image import AxesImage

    class CellImage(AxesImage):
        _maps = (None, None, None)

        def set_data(self, A) -> None:
            A = np.asarray(A, dtype=np.uint8)
            if A.shape[-1] == 3:  # RGB: opaque
                A = np.dstack([A, np.full(A.shape[:2], 255, dtype=np.uint8)])
            super().set_data(A)
            # One 32-bit word per cell, so that a lookup moves whole pixels.
            self._words = np.ascontiguousarray(A).view(np.uint32)[..., 0]

        def draw(self, renderer) -> None:
            if not self.get_visible():
                return
            x0, x1, y0, y1 = self.get_extent()
            (left, bottom), (right, top) = self.axes.transData.transform([(x0, y0), (x1, y1)])
            box = self.axes.bbox
            c0, c1 = int(np.floor(max(left, box.x0))), int(np.ceil(min(right, box.x1)))
            r0, r1 = int(np.floor(max(bottom, box.y0))), int(np.ceil(min(top, box.y1)))
            if c1 <= c0 or r1 <= r0:
                return
            rows, cols = self._words.shape
            key = (c0, c1, r0, r1, left, right, bottom, top, rows, cols)
            if self._maps[0] != key:
                x = ((np.arange(c0, c1) + 0.5 - left) / (right - left) * cols).astype(int).clip(0, cols - 1)
                y = ((np.arange(r0, r1) + 0.5 - bottom) / (top - bottom) * rows).astype(int).clip(0, rows - 1)
                self._maps = (key, y[:, None], x[None, :])  # Agg takes the bottom row first
            _, y, x = self._maps
            gc = renderer.new_gc()
            gc.set_clip_rectangle(box)
            renderer.draw_image(gc, c0, r0, self._words[y, x][..., None].view(np.uint8))
            gc.restore()
            self.stale = False

    image = CellImage(ax, origin="lower", interpolation="nearest")
    image.set_data(rgba)
    rows, cols = image.get_array().shape[:2]
    image.set_extent((-0.5, cols - 0.5, -0.5, rows - 0.5) if extent is None else extent)
    ax.add_image(image)
    ax.set_aspect("auto")
    return image


def frame_image(fig, frame: np.ndarray):
    """Put ``frame`` on ``fig`` as an animated figure image that draws by copying its pixels.

    For widgets that show prepared pictures, one per step (the backward-pass
    steppers). ``figimage`` or ``imshow`` mask, colour-map and resample their
    array at every draw, about 40 ms for a frame of 1980 × 480 pixels. A
    frame here is already the canvas's pixels (uint8 RGBA, exactly the
    figure's size in device pixels), so this image hands them to the renderer
    as they are, in about 1 ms; ``set_data`` swaps frames without a copy and
    ``get_array`` returns the frame shown.
    """
    from matplotlib.image import FigureImage

    class Frame(FigureImage):
        def set_data(self, A):
            self.frame = A
            self.stale = True

        def get_array(self):
            return self.frame

        def draw(self, renderer):
            gc = renderer.new_gc()
            renderer.draw_image(gc, 0, 0, self.frame[::-1])  # Agg takes the bottom row first
            gc.restore()
            self.stale = False

    picture = Frame(fig, origin="upper", animated=True)
    picture.set_data(frame)
    fig.images.append(picture)
    return picture


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
        # Shown at its CSS size (DPI per inch) whatever the output's width; the PNG has
        # PIXEL_RATIO times as many pixels, so it is sharp on a dense screen.
        self.css_size = (round(fig.get_figwidth() * DPI), round(fig.get_figheight() * DPI))
        self.image = w.Image(format="png", width=str(self.css_size[0]),
                             layout=w.Layout(max_width="100%", height="auto"))
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
        """Two outputs: the live widget, and a line of text for readers without one.

        The first output's richest type is the widget view, which JupyterLab shows
        while the kernel runs. Its fallback is the PNG of the default state, which
        GitHub, nbviewer, an HTML export or a slide show instead; ``tools.execute``
        stores only that fallback, since a view's model dies with its kernel. The
        second output is the default state's line of text. Its widget view has an
        empty model id, which ipywidgets renders as nothing: the line shows only
        where there is no widget manager, under the picture it describes.
        """
        from IPython.display import display

        view = self.view._repr_mimebundle_()[WIDGET_VIEW]
        line = DEFAULT_LINE + self.default_text
        display({WIDGET_VIEW: view, "image/png": base64.b64encode(self.default_png).decode("ascii"),
                 "text/plain": line},
                metadata={"image/png": {"width": self.css_size[0], "height": self.css_size[1]}}, raw=True)
        display({WIDGET_VIEW: {**view, "model_id": ""}, "text/plain": line}, raw=True)
