"""Widget of notebook 05: walk the backward pass of a computational graph node by node.

The backward pass visits the nodes in reverse topological order: a node is
reached only after every node that uses it, so at that moment its gradient
is final, the sum of one term per path ("경로 1 + 경로 2"). Step 0 shows
the graph after the forward pass (every value known, every gradient "?");
step k shows the first k nodes of the backward pass with their gradients and
the k-th node highlighted.

A full ``draw_graph`` redraw and render takes about 70 ms for a six-node
graph, more than the 30 ms a slider move may take, so every step is drawn
once when the widget is made (about 1 s) and a slider move only swaps the
picture: about 7 ms, mostly the PNG encoding.

The steps are drawn at ``RENDER_DPI`` and shown one frame pixel to one device
pixel: the widget's figure is the cropped frame's size at ``RENDER_DPI``, i.e.
the frame's size over ``PIXEL_RATIO`` in CSS pixels. At that size matplotlib
would still resample the image on every draw (about 25 ms for a 1500 × 400
frame), so the frame's pixels go to the renderer as they are (``frame_image``).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import numpy as np

from ..autodiff import Value, draw_graph
from ..plots import DPI, PIXEL_RATIO, STYLE
from ._base import RENDER_DPI, LiveFigure, frame_image, new_figure

GRAPH_FONTSIZE = inspect.signature(draw_graph).parameters["fontsize"].default
"""``draw_graph``'s font size (points), which ``text_scale`` multiplies."""
TITLE_FONTSIZE = STYLE["axes.titlesize"]
"""The step title above each frame of ``backward_stepper`` (points, the house title size)."""


def node_name(v: Value) -> str:
    """The label of a node, or its value when it has none (e.g. a constant)."""
    return v.label or f"{v.data:.4g}"


def _signed(a: float) -> str:
    return f"({a:.3g})" if a < 0 else f"{a:.3g}"


def draw_graph_fixed(out: Value, digits: int = 3, text_scale: float = 1.0, ax=None, **kwargs):
    """``draw_graph`` with every number to ``digits`` decimals and the text scaled by ``text_scale``.

    A graph with a dozen nodes reads better with one fixed precision and, when
    the figure is made wide enough for it, a larger font. The font is
    ``GRAPH_FONTSIZE`` (9 pt) times ``text_scale``, and never below
    ``plots.MIN_FONT_PT`` (8 pt): ``text_scale = 8 / 9`` is the smallest.

    Parameters
    ----------
    out : Value
        The output node.
    digits : int
        Decimals of every value and gradient.
    text_scale : float
        Factor applied to ``draw_graph``'s font size in every box and operation circle.
    ax : matplotlib Axes, optional
    **kwargs
        ``show_grad`` and ``highlight``, passed to ``draw_graph``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    return draw_graph(out, ax=ax, digits=digits, fontsize=GRAPH_FONTSIZE * text_scale, **kwargs)


@dataclass(frozen=True)
class BackwardStep:
    """One step of the backward pass.

    Attributes
    ----------
    node : Value
        The node reached at this step (in the walk's copy of the graph).
    grad : float
        ∂out/∂node, final at this step.
    terms : tuple of (user name, ∂user/∂node, ∂out/∂user)
        One term per path from the node to the output through one use; the
        gradient is the sum of the products. Empty for the output itself.
    """

    node: Value
    grad: float
    terms: tuple


def copy_graph(out: Value) -> Value:
    """A copy of the graph that ends in ``out`` (same values, labels, operations), gradients 0."""
    if not isinstance(out, Value):
        raise ValueError(f"copy_graph: expected a Value; got {type(out).__name__}.")
    copies: dict[int, Value] = {}
    for v in out.topological_order():
        c = Value(v.data, label=v.label, _children=tuple(copies[id(p)] for p in v._prev), _op=v._op)
        c._local = v._local
        copies[id(v)] = c
    return copies[id(out)]


class BackwardWalk:
    """The backward pass of ``out``, recorded step by step on a copy of its graph.

    The graph of ``out`` itself is not touched (its ``.grad`` fields keep
    whatever they held).

    Attributes
    ----------
    out : Value
        The copy's output node.
    order : list of Value
        The copy's nodes, each after its inputs (forward order).
    steps : list of BackwardStep
        One per node, in the order the backward pass reaches them.
    """

    def __init__(self, out: Value):
        self.out = copy_graph(out)
        self.order = self.out.topological_order()
        self.out.backward()
        self._final = {id(v): v.grad for v in self.order}
        self.steps = [self._step(v) for v in reversed(self.order)]

    def _step(self, v: Value) -> BackwardStep:
        terms = tuple((node_name(u), local, u.grad)
                      for u in self.order for child, local in zip(u._prev, u._local) if child is v)
        return BackwardStep(v, v.grad, terms)

    def __len__(self) -> int:
        return len(self.steps)

    def known(self, k: int) -> list[Value]:
        """The nodes whose gradient is known after ``k`` steps (0 ≤ k ≤ len(self))."""
        if not 0 <= k <= len(self):
            raise ValueError(f"BackwardWalk: step must lie in 0 … {len(self)}; got {k!r}.")
        return [s.node for s in self.steps[:k]]

    def summary(self, k: int) -> str:
        """One line: what step ``k`` computes."""
        n, out = len(self), node_name(self.out)
        if k == 0:
            return f"step 0/{n}: forward pass done, every value stored; no gradient known yet (?)"
        step = self.steps[k - 1]
        name = node_name(step.node)
        if not step.terms:
            return f"step {k}/{n}: start at the output, ∂{out}/∂{out} = 1"
        parts = " + ".join(f"{_signed(local)}·{_signed(g)} [via {user}]" for user, local, g in step.terms)
        paths = f"  ({len(step.terms)} paths add)" if len(step.terms) > 1 else ""
        return f"step {k}/{n}: ∂{out}/∂{name} = {parts} = {step.grad:.3g}{paths}"

    def draw(self, k: int, ax=None):
        """``draw_graph`` of step ``k``: known gradients shown, the others "?", the k-th node highlighted.

        Parameters
        ----------
        k : int, 0 … len(self)
        ax : matplotlib Axes, optional
            Draw into it (after removing what it holds) instead of a new figure.

        Returns
        -------
        matplotlib.figure.Figure
        """
        current = self.steps[k - 1].node if k else None
        if ax is not None:
            for artist in [*ax.patches, *ax.texts, *ax.lines, *ax.collections, *ax.images]:
                artist.remove()
        return draw_graph(self.out, show_grad=list(self.known(k)), highlight=current, ax=ax)

    def frames(self, dpi: float = RENDER_DPI) -> tuple[list[np.ndarray], list[list[str]]]:
        """Every step 0 … len(self) as an RGBA image (h, w, 4) uint8, and the texts drawn in each.

        Each frame is ``draw_graph``'s own figure, made taller for a title
        ("backward pass: step k of n"), rendered at ``dpi`` pixels per inch
        (default ``RENDER_DPI``: ``PIXEL_RATIO`` pixels per CSS pixel). One
        figure is made and redrawn, which is much cheaper than a new figure per step.
        """
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        images, texts = [], []
        fig = self.draw(0)
        fig.set_dpi(dpi)
        fig.set_figheight(fig.get_figheight() + 2.2 * TITLE_FONTSIZE / 72)  # room for the title
        fig.set_layout_engine("constrained")  # the title gets the added room, the graph keeps its scale
        canvas = FigureCanvasAgg(fig)
        title = fig.axes[0].set_title("", fontsize=TITLE_FONTSIZE)
        for k in range(len(self) + 1):
            if k:
                self.draw(k, ax=fig.axes[0])
            title.set_text(f"backward pass: step {k} of {len(self)}")
            canvas.draw()
            images.append(np.asarray(canvas.buffer_rgba()).copy())
            texts.append([t.get_text() for t in fig.axes[0].texts])
        return images, texts


def _span(ink: np.ndarray, margin: int, multiple: int) -> tuple[int, int]:
    """[start, stop) of the inked indices plus ``margin``, its length a multiple of ``multiple`` when it fits."""
    where = np.flatnonzero(ink)
    start, stop = max(where[0] - margin, 0), min(where[-1] + margin + 1, ink.size)
    extra = -(stop - start) % multiple
    grow = min(extra, ink.size - stop)  # grow at the end, else at the start
    return int(max(start - (extra - grow), 0)), int(stop + grow)


def _crop(frames: list[np.ndarray], margin: int = 6 * PIXEL_RATIO) -> list[np.ndarray]:
    """Cut the white border shared by all frames, keeping ``margin`` pixels (6 CSS px).

    The result's height and width are multiples of ``PIXEL_RATIO`` (when the
    frames allow it), so that its CSS size is a whole number of pixels.
    """
    ink = np.zeros(frames[0].shape[:2], dtype=bool)
    for f in frames:
        ink |= np.any(f[..., :3] < 250, axis=-1)
    if not ink.any():
        return frames
    r0, r1 = _span(ink.any(axis=1), margin, PIXEL_RATIO)
    c0, c1 = _span(ink.any(axis=0), margin, PIXEL_RATIO)
    return [np.ascontiguousarray(f[r0:r1, c0:c1]) for f in frames]


def backward_stepper(out: Value, step: int | None = None) -> LiveFigure:
    """A slider "step" that walks the backward pass of ``out`` node by node.

    Step 0 is the graph after the forward pass; step k shows the gradients
    of the first k nodes the backward pass reaches, the k-th highlighted,
    and the summary line shows how its gradient is made: one product
    ∂user/∂node · ∂out/∂user per use, summed.

    Every step is drawn once here; a slider move swaps the picture.

    Parameters
    ----------
    out : Value
        The output of a small graph (up to about a dozen nodes reads well).
        Its own ``.grad`` fields are not changed.
    step : int, optional
        Starting step, 0 … number of nodes; default: halfway.
    """
    import ipywidgets as widgets

    walk = BackwardWalk(out)
    n = len(walk)
    step = n // 2 if step is None else step
    if not isinstance(step, (int, np.integer)) or not 0 <= step <= n:
        raise ValueError(f"backward_stepper: step must be an integer in 0 … {n}; got {step!r}.")
    frames = _crop(walk.frames(dpi=RENDER_DPI)[0])
    height, width = frames[0].shape[:2]

    # One frame pixel per device pixel: the figure is the frame's size at RENDER_DPI,
    # i.e. width / PIXEL_RATIO CSS pixels wide.
    fig = new_figure(width / PIXEL_RATIO / DPI, height / PIXEL_RATIO / DPI)
    fig.set_layout_engine("none")
    picture = frame_image(fig, frames[step])

    def update(step: int) -> str:
        picture.set_data(frames[step])
        return walk.summary(step)

    controls = {"step": widgets.IntSlider(value=int(step), min=0, max=n, step=1, description="step",
                                          continuous_update=True)}
    live = LiveFigure(fig, controls, update)
    live.walk = walk
    return live

