"""Widget of notebook 06: step through the backward pass, one matrix at a time.

Drawing text is the slow part of a matplotlib redraw, and every step shows
dozens of numbers. So the widget draws all its text once, in a single
matplotlib draw (each title and formula, and the twelve characters numbers
are made of), composes one picture per step from those pixels with NumPy,
and moving the slider only swaps the picture.

Sizes are in CSS pixels (``DPI`` = 120 per figure inch); the pixels are
``PIXEL_RATIO`` times as many each way, so the texts are drawn at
``RENDER_DPI`` and every length is scaled by ``px`` where it is used.
"""

from __future__ import annotations

import math

import numpy as np

from ..backprop import backward_steps, forward
from ..plots import DPI, MIN_FONT_PT, PALETTE, PIXEL_RATIO
from ._base import RENDER_DPI, LiveFigure, frame_image, new_figure

WIDTH, HEIGHT = 990, 240  # the picture in CSS pixels: 8.25 × 2 in at 120 dpi, exact in binary (multiples of 15 px)
LIST_W, PANEL_W, OP_W, TOP = 124, 250, 56, 42  # step list, panel and operator widths; top of the panels (CSS px)
LIST_TOP = 30  # top of the first line of the step list (CSS px)
GLYPHS = "0123456789.-"
FIELD, ROW = 6, 20  # a matrix entry is FIELD characters wide and ROW CSS pixels high
MONO = {"family": "monospace", "fontsize": MIN_FONT_PT}


def px(css: float) -> int:
    """CSS pixels → pixels of the picture (``PIXEL_RATIO`` per CSS pixel)."""
    return round(css * PIXEL_RATIO)


def render_texts(texts: dict) -> dict:
    """Draw many short texts in one matplotlib draw and cut them apart.

    Parameters
    ----------
    texts : dict key → keyword arguments of ``Figure.text``, the string under "s"

    Returns
    -------
    dict key → uint8 RGB array (height, width, 3): dark text on white, drawn at
    ``RENDER_DPI`` (``PIXEL_RATIO`` pixels per CSS pixel), 1 pixel of margin
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.transforms import IdentityTransform

    fig = Figure(figsize=(1, 1), dpi=RENDER_DPI)
    renderer = FigureCanvasAgg(fig).get_renderer()
    blocks, y = [], 2
    for key, spec in texts.items():
        text = fig.text(1, y + 1, ha="left", va="bottom", transform=IdentityTransform(), **spec)
        box = text.get_window_extent(renderer)
        w, h = math.ceil(box.width) + 2, math.ceil(box.height) + 2
        blocks.append((key, w, y, y + h))
        y += h + 4
    fig.set_size_inches(max(w for _, w, _, _ in blocks) / RENDER_DPI, y / RENDER_DPI)
    fig.canvas.draw()
    buffer = np.asarray(fig.canvas.buffer_rgba())[:, :, :3]
    rows = buffer.shape[0]
    return {key: buffer[rows - top: rows - bottom, :w].copy() for key, w, bottom, top in blocks}


def _paste(frame: np.ndarray, piece: np.ndarray, x: int, y: int) -> None:
    """Multiply ``piece`` onto ``frame`` with its top-left corner at (x, y): white leaves the frame as it was."""
    region = frame[y:y + piece.shape[0], x:x + piece.shape[1]]
    region[...] = region.astype(np.uint16) * piece[: region.shape[0], : region.shape[1]] // 255


def heat_colours(M: np.ndarray) -> np.ndarray:
    """uint8 RGB colour of every entry (r, c, 3): blue negative, white 0, orange positive, scaled to max |M|."""
    from matplotlib.colors import LinearSegmentedColormap

    cmap = LinearSegmentedColormap.from_list("bwo", ["#7fb8d8", "#ffffff", "#f3cf80"])
    lim = float(np.max(np.abs(M))) or 1.0
    return (cmap((M + lim) / (2 * lim))[..., :3] * 255).astype(np.uint8)


def matrix_picture(title: np.ndarray, M: np.ndarray, glyphs: dict, advance: int) -> np.ndarray:
    """A heatmap of M with each value written in its cell (two decimals), under a title.

    Parameters
    ----------
    title : RGB pixels of the title (from ``render_texts``)
    M : array, shape (r, c)
    glyphs : character → RGB pixels, for every character in GLYPHS
    advance : pixels from one character to the next (a monospace font)

    Returns
    -------
    uint8 RGB array (title + px(2) + r·px(ROW), max(title, c·FIELD·advance), 3)
    """
    r, c = M.shape
    cell, row = FIELD * advance, px(ROW)
    body = np.repeat(np.repeat(heat_colours(M), row, axis=0), cell, axis=1)
    for i in range(r):
        for j in range(c):
            s = f"{M[i, j] + 0.0:.2f}"  # + 0.0 turns −0 into 0
            x = j * cell + (cell - len(s) * advance) // 2
            for ch in s:
                g = glyphs[ch]
                _paste(body, g, x + (advance - g.shape[1]) // 2, i * row + (row - g.shape[0]) // 2)
                x += advance
    width = max(body.shape[1], title.shape[1])
    out = np.full((title.shape[0] + px(2) + body.shape[0], width, 3), 255, dtype=np.uint8)
    _paste(out, title, (width - title.shape[1]) // 2, 0)
    _paste(out, body, (width - body.shape[1]) // 2, title.shape[0] + px(2))
    return out


def backprop_stepper(X, Y_true, params: dict, activation: str = "relu", step: int = 1) -> LiveFigure:
    """A slider over the steps of the backward pass of ``lecture_utils.backprop.backward``.

    Each step shows its formula, its operands and its result: every matrix
    with its name, its shape and its values, coloured by sign and size
    (blue negative, white 0, orange positive; each matrix on its own scale).
    A list on the left marks where the step sits in the pass.

    Parameters
    ----------
    X : (n, d0) a small batch (a few rows and columns, so that the values stay readable)
    Y_true : (n, dL) targets
    params : W1 (d0, d1), b1 (d1,), …, WL, bL
    activation : activation of the hidden layers
    step : the step shown first (1 = dL/dY_pred)

    Returns
    -------
    LiveFigure with one IntSlider "step", shown at WIDTH × HEIGHT CSS pixels;
    its ``frames`` attribute holds the K pictures, one per step, uint8 RGBA
    (px(HEIGHT), px(WIDTH), 4): PIXEL_RATIO pixels per CSS pixel each way.
    """
    import ipywidgets as widgets

    _, cache = forward(X, params, activation)
    steps = backward_steps(Y_true, params, cache)
    K = len(steps)
    if not 1 <= step <= K:
        raise ValueError(f"backprop_stepper: step must be in 1 … {K}; got {step}.")

    # What each step shows: [operand, operand, result]; a single operand goes in the middle.
    matrices, layouts = {}, []
    for s in steps:
        items = [*s.operands, (s.name, s.value)]
        titles = [None] if len(items) == 2 else []
        for label, M in items:
            titles.append(f"{label}  ({'×'.join(str(d) for d in np.shape(M))})")
            matrices[titles[-1]] = np.atleast_2d(M)  # a bias gradient (p,) is drawn as a row
        layouts.append(titles)
    texts = {f"glyph {ch}": {"s": ch, **MONO} for ch in GLYPHS}
    texts["advance"] = {"s": "0" * 20, **MONO}
    texts.update({title: {"s": title, "fontsize": MIN_FONT_PT} for title in matrices})
    texts.update({f"header {k}": {"s": f"step {k}/{K}:   {s.name} = {s.formula}", "fontsize": 9}
                  for k, s in enumerate(steps, start=1)})
    texts.update({f"op {s.op}": {"s": s.op, "fontsize": MIN_FONT_PT if len(s.op) > 1 else 11} for s in steps})
    texts["op ="] = {"s": "=", "fontsize": 11}
    texts["list title"] = {"s": "backward pass", "fontsize": MIN_FONT_PT, "weight": "bold"}
    texts.update({f"list {k}": {"s": f"{k:>2}. {s.name}", **MONO} for k, s in enumerate(steps, start=1)})
    pixels = render_texts(texts)
    advance = round((pixels["advance"].shape[1] - 2) / 20)
    glyphs = {ch: pixels[f"glyph {ch}"] for ch in GLYPHS}
    pictures = {title: matrix_picture(pixels[title], M, glyphs, advance) for title, M in matrices.items()}

    width, height = px(WIDTH), px(HEIGHT)
    list_w, panel_w, op_w, top, list_top = map(px, (LIST_W, PANEL_W, OP_W, TOP, LIST_TOP))
    line = (height - list_top - px(4)) // K
    accent = np.array([int(PALETTE[1][i:i + 2], 16) for i in (1, 3, 5)])
    lefts = [list_w + j * (panel_w + op_w) for j in range(3)]
    frames = []
    for k, (s, titles) in enumerate(zip(steps, layouts), start=1):
        frame = np.full((height, width, 3), 255, dtype=np.uint8)
        band = slice(list_top + (k - 1) * line, list_top + k * line)
        frame[band, px(3):list_w - px(4)] = (255 * 0.55 + accent * 0.45).astype(np.uint8)
        _paste(frame, pixels["list title"], px(4), px(6))
        for j in range(1, K + 1):
            piece = pixels[f"list {j}"]
            _paste(frame, piece, px(8), list_top + (j - 1) * line + (line - piece.shape[0]) // 2)
        _paste(frame, pixels[f"header {k}"], list_w, px(4))
        tallest = 0
        for left, title in zip(lefts, titles):
            if title is not None:
                piece = pictures[title]
                _paste(frame, piece, left + (panel_w - piece.shape[1]) // 2, top)
                tallest = max(tallest, piece.shape[0])
        head = pixels[titles[-1]].shape[0] + px(2)  # a matrix title and its gap: every title is as high
        middle = top + head + (tallest - head) // 2  # level with the matrices, below their titles
        symbols = [None, f"op {s.op}"] if titles[0] is None else [f"op {s.op}", "op ="]
        for left, key in zip(lefts[1:], symbols):
            if key is not None:
                piece = pixels[key]
                _paste(frame, piece, left - (op_w + piece.shape[1]) // 2, middle - piece.shape[0] // 2)
        frames.append(np.dstack([frame, np.full((height, width), 255, dtype=np.uint8)]))  # RGBA draws fastest

    fig = new_figure(WIDTH / DPI, HEIGHT / DPI)  # WIDTH × HEIGHT CSS px, px(WIDTH) × px(HEIGHT) pixels
    fig.set_layout_engine("none")
    picture = frame_image(fig, frames[step - 1])

    def update(step: int) -> str:
        s = steps[step - 1]
        picture.set_data(frames[step - 1])
        return f"step {step}/{K}: {s.name} = {s.formula}, shape {s.value.shape}"

    slider = widgets.IntSlider(value=step, min=1, max=K, step=1, description="step", continuous_update=True)
    live = LiveFigure(fig, {"step": slider}, update)
    live.frames = frames
    return live
