"""Widget of notebook 04: set the nine parameters (six weights, three biases) of a 2-2-1 network by hand on XOR."""

from __future__ import annotations

import numpy as np

from ..activations import ACTIVATIONS
from ..plots import MIN_FONT_PT, PALETTE
from ._base import LiveFigure, cell_image, new_figure

RING = PALETTE[7]
"""Edge colour of the ring around a misclassified point: black, which stands apart from both class colours
(blue and orange) for every kind of colour vision; vermillion was too close to the class-1 orange."""
RING_WIDTH = 1.0
"""Edge width of that ring, in points: thick enough to read at a glance."""
UNIT_COLOURS = (PALETTE[2], PALETTE[4])
"""Colours of the hidden units' lines z_j = 0 (green, purple)."""

ACTIVATION_NAMES = ("relu", "sigmoid", "tanh", "identity")
"""The activations the widget offers."""

START = {"W1_11": 1.0, "W1_12": -1.0, "W1_21": -1.0, "W1_22": 1.0, "b1_1": -0.5, "b1_2": -0.5,
         "W2_1": 1.0, "W2_2": 0.0, "b2": -0.5}
"""Starting weights: two mirrored ReLU units, h1 = relu(x1 − x2 − 0.5) and h2 = relu(x2 − x1 − 0.5),
but the output o = h1 − 0.5 ignores h2, so one XOR corner is lost (about 75%).

Names count from 1, as in the maths: W1_ij is W⁽¹⁾ᵢⱼ (NumPy ``W1[i-1, j-1]``), W2_j is W⁽²⁾ⱼ₁."""

LABELS = {"W1_11": "W⁽¹⁾₁₁", "W1_12": "W⁽¹⁾₁₂", "W1_21": "W⁽¹⁾₂₁", "W1_22": "W⁽¹⁾₂₂", "b1_1": "b⁽¹⁾₁",
          "b1_2": "b⁽¹⁾₂", "W2_1": "W⁽²⁾₁₁", "W2_2": "W⁽²⁾₂₁", "b2": "b⁽²⁾₁"}
"""Slider labels: the mathematical names (1-based), so nobody types them as NumPy indices."""


def _light(colour: str, alpha: float = 0.3) -> list[int]:
    """``colour`` blended with white, as opaque RGBA bytes (drawing an opaque uint8 image is fastest)."""
    from matplotlib.colors import to_rgb

    return [round(255 * (alpha * c + 1 - alpha)) for c in to_rgb(colour)] + [255]


def weights_from_values(v: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Slider values → (W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,)); W1_ij is row i (input), column j (unit)."""
    W1 = np.array([[v["W1_11"], v["W1_12"]], [v["W1_21"], v["W1_22"]]], dtype=float)
    b1 = np.array([v["b1_1"], v["b1_2"]], dtype=float)
    W2 = np.array([[v["W2_1"]], [v["W2_2"]]], dtype=float)
    b2 = np.array([v["b2"]], dtype=float)
    return W1, b1, W2, b2


def two_layer_forward(X, W1, b1, W2, b2, activation: str = "relu") -> tuple[np.ndarray, np.ndarray]:
    """H = f(X W1 + b1) and O = H W2 + b2.

    Parameters
    ----------
    X : (n, d); W1 : (d, h); b1 : (h,); W2 : (h, p); b2 : (p,)

    Returns
    -------
    H : (n, h) hidden values; O : (n, p) outputs
    """
    f = ACTIVATIONS[activation][0]
    H = f(np.asarray(X, dtype=float) @ W1 + b1)
    return H, H @ W2 + b2


def line_in_box(w, c: float, xlim, ylim) -> tuple[list, list]:
    """Two points of the line w[0]·x + w[1]·y + c = 0 that span the box (empty if w = 0)."""
    w0, w1 = float(w[0]), float(w[1])
    if abs(w0) < 1e-12 and abs(w1) < 1e-12:
        return [], []
    if abs(w1) >= abs(w0):
        xs = np.array(xlim, dtype=float)
        return list(xs), list(-(w0 * xs + c) / w1)
    ys = np.array(ylim, dtype=float)
    return list(-(w1 * ys + c) / w0), list(ys)


def square_limits(H, pad: float = 0.2, step: float = 0.5) -> tuple[float, float]:
    """Limits (lo, hi), multiples of ``step``, of a square box holding every row of H (n, 2) with a margin.

    Snapping to ``step`` keeps the limits unchanged for most small weight changes.
    """
    lo = np.floor((float(np.min(H)) - pad) / step) * step
    hi = np.ceil((float(np.max(H)) + pad) / step) * step
    return float(lo), float(max(hi, lo + 2 * step))


def stacked_points(H, y, min_count: int = 5) -> tuple[np.ndarray | None, str]:
    """The spot where most rows of H coincide (to 3 decimals), with a label, or (None, "") if fewer than min_count.

    ReLU maps whole groups of inputs to the same hidden point (every unit off: (0, 0));
    drawn there, they look like a single dot.
    """
    spots, inverse, counts = np.unique(np.round(H, 3), axis=0, return_inverse=True, return_counts=True)
    k = int(np.argmax(counts))
    if counts[k] < min_count:
        return None, ""
    here = inverse.reshape(-1) == k
    classes = np.unique(y[here])
    if len(classes) == 1:
        c = classes[0]
        text = f"all {counts[k]} class-{c} points" if here.sum() == np.sum(y == c) else f"{counts[k]} class-{c} points"
    else:
        text = f"{counts[k]} points"
    return spots[k], text + " map here"


def half_plane_in_box(w, c: float, lo: float, hi: float) -> np.ndarray:
    """Vertices (k, 2) of the part of the square [lo, hi]² where w[0]·x + w[1]·y + c > 0 (k = 0 if none).

    The square is clipped by one line: keep the corners on the positive side
    and add the points where the line crosses an edge.
    """
    corners = np.array([[lo, lo], [hi, lo], [hi, hi], [lo, hi]], dtype=float)
    values = corners @ np.asarray(w, dtype=float) + c
    kept = []
    for i in range(4):
        p, q, fp, fq = corners[i], corners[(i + 1) % 4], values[i], values[(i + 1) % 4]
        if fp > 0:
            kept.append(p)
        if fp * fq < 0:
            kept.append(p + (q - p) * fp / (fp - fq))
    return np.array(kept).reshape(-1, 2)


def xor_network_widget(X=None, y=None, activation: str = "relu", resolution: int = 120, **weights) -> LiveFigure:
    """Sliders for the nine parameters of a 2-2-1 network; it predicts class 1 where o > 0.

    Left: the input plane coloured by the predicted class, the data, a ring
    around each misclassified point and each hidden unit's line z_j = 0.
    Right: the data in hidden space (h1, h2), where the output layer is
    linear: the line o = 0 splits it into the two predicted classes. Its
    limits follow the data; a label counts points that land on one spot.

    Parameters
    ----------
    X : (n, 2) inputs and y : (n,) labels 0/1; default ``make_xor(200, seed=1)``
    activation : "relu", "tanh", "sigmoid" or "identity"
    resolution : the class map is computed on a resolution × resolution grid
    weights : starting values, names as in ``START`` (W1_ij, b1_j, W2_j, b2)
    """
    import ipywidgets as widgets
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Polygon

    if X is None:
        from ..data import make_xor

        X, y = make_xor(n=200, noise=0.15, seed=1)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2 or y.shape != (len(X),):
        raise ValueError(f"xor_network_widget: expected X (n, 2) and y (n,); got X {X.shape} and y {y.shape}.")
    if activation not in ACTIVATION_NAMES:
        raise ValueError(f"xor_network_widget: activation must be one of {list(ACTIVATION_NAMES)}; "
                         f"got {activation!r}.")
    unknown = set(weights) - set(START)
    if unknown:
        raise ValueError(f"xor_network_widget: unknown weights {sorted(unknown)}; expected names from {list(START)}.")
    start = {**START, **weights}

    (x0, y0), (x1, y1) = X.min(axis=0) - 0.4, X.max(axis=0) + 0.4
    xlim, ylim = (x0, x1), (y0, y1)
    gx, gy = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
    grid = np.column_stack([a.ravel() for a in np.meshgrid(gx, gy)])
    colours = np.array(PALETTE[:2])[y]
    class_rgba = np.array([_light(PALETTE[0]), _light(PALETTE[1])], dtype=np.uint8)

    fig = new_figure(7.0, 3.4)
    ax_in, ax_hid = fig.subplots(1, 2)
    regions = cell_image(ax_in, class_rgba[np.zeros((resolution, resolution), dtype=int)], extent=(x0, x1, y0, y1))
    points = ax_in.scatter(X[:, 0], X[:, 1], c=colours, s=8, edgecolors="none")
    wrong = ax_in.scatter([], [], marker="o", facecolors="none", edgecolors=RING, s=40, linewidths=RING_WIDTH)
    unit_lines = [ax_in.plot([], [], color=colour, linestyle="--", linewidth=1.1)[0] for colour in UNIT_COLOURS]
    ax_in.set_xlim(*xlim)
    ax_in.set_ylim(*ylim)
    ax_in.set_xlabel("$x_1$")
    ax_in.set_ylabel("$x_2$")
    ax_in.set_title("input space: predicted class")
    # In hidden space the classes are two half-planes: a class-0 background and a class-1 polygon.
    ax_hid.set_facecolor(class_rgba[0] / 255)
    hidden_regions = Polygon(np.zeros((3, 2)), closed=True, facecolor=class_rgba[1] / 255, edgecolor="none")
    ax_hid.add_patch(hidden_regions)
    hidden = ax_hid.scatter(X[:, 0], X[:, 1], c=colours, s=7, edgecolors="none")
    (boundary,) = ax_hid.plot([], [], color="black", linewidth=1.1)
    # A plain text beside the spot, its arrow a glyph: an annotation arrow would cost ~20 ms a redraw.
    stack_label = ax_hid.annotate("", xy=(0, 0), xytext=(2, 2), textcoords="offset points", fontsize=MIN_FONT_PT,
                                  bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                                        "alpha": 0.8})
    ax_hid.set_xlabel("$h_1$")
    ax_hid.set_ylabel("$h_2$")
    ax_hid.set_title("hidden space $(h_1, h_2)$")
    # The legends sit below the panels: inside, the animated class maps would paint over them.
    dot = {"marker": "o", "linestyle": "none", "markersize": 4, "markeredgecolor": "none"}
    ax_in.legend(handles=[Line2D([], [], color=PALETTE[0], label="class 0", **dot),
                          Line2D([], [], color=PALETTE[1], label="class 1", **dot),
                          Line2D([], [], marker="o", linestyle="none", markersize=6, markerfacecolor="none",
                                 markeredgecolor=RING, markeredgewidth=RING_WIDTH, label="misclassified"),
                          *[Line2D([], [], color=colour, linestyle="--", label=f"$z_{j}$ = 0 (unit $h_{j}$)")
                            for j, colour in zip((1, 2), UNIT_COLOURS)]],
                 loc="upper center", ncol=3, bbox_to_anchor=(0.5, -0.2), frameon=False, columnspacing=1.0)
    ax_hid.legend(handles=[Line2D([], [], color="black", label="o = 0"),
                           Patch(facecolor=class_rgba[0] / 255, edgecolor="0.6", linewidth=0.5,
                                 label="predicted 0 (o ≤ 0)"),
                           Patch(facecolor=class_rgba[1] / 255, edgecolor="0.6", linewidth=0.5,
                                 label="predicted 1 (o > 0)")],
                  loc="upper center", ncol=2, bbox_to_anchor=(0.5, -0.2), frameon=False, columnspacing=1.0)
    for ax in (ax_in, ax_hid):
        ax.grid(False)
    # The class maps are animated too, so everything drawn over them must be animated as well.
    for artist in (regions, points, wrong, *unit_lines, hidden_regions, hidden, boundary,
                   stack_label):
        artist.set_animated(True)
    live = []

    def update(activation: str, **values) -> str:
        W1, b1, W2, b2 = weights_from_values(values)
        H, O = two_layer_forward(X, W1, b1, W2, b2, activation)
        limits = square_limits(H)
        if ax_hid.get_xlim() != limits:
            ax_hid.set_xlim(*limits)
            ax_hid.set_ylim(*limits)
            if live:
                live[0].invalidate()
        O_grid = two_layer_forward(grid, W1, b1, W2, b2, activation)[1]
        regions.set_data(class_rgba[(O_grid[:, 0] > 0).reshape(resolution, resolution).astype(int)])
        predicted = (O[:, 0] > 0).astype(y.dtype)
        missed = predicted != y
        wrong.set_offsets(X[missed] if missed.any() else np.empty((0, 2)))
        for j, line in enumerate(unit_lines):
            line.set_data(*line_in_box(W1[:, j], b1[j], xlim, ylim))
        hidden.set_offsets(H)
        corners = half_plane_in_box(W2[:, 0], b2[0], *limits)
        hidden_regions.set_visible(len(corners) >= 3)
        if len(corners) >= 3:
            hidden_regions.set_xy(corners)
        boundary.set_data(*line_in_box(W2[:, 0], b2[0], limits, limits))
        spot, text = stacked_points(H, y)
        stack_label.set_visible(spot is not None)
        if spot is not None:
            middle = (limits[0] + limits[1]) / 2
            left, low = spot[0] <= middle, spot[1] <= middle
            arrow = {(True, True): "↙", (False, True): "↘", (True, False): "↖", (False, False): "↗"}[(left, low)]
            stack_label.xy = tuple(spot)
            stack_label.xyann = (3 if left else -3, 4 if low else -4)
            stack_label.set_horizontalalignment("left" if left else "right")
            stack_label.set_verticalalignment("bottom" if low else "top")
            stack_label.set_text(f"{arrow} {text}" if left else f"{text} {arrow}")
        right = int(np.sum(~missed))
        return (f"{activation}: accuracy {right / len(y):.1%} ({right} of {len(y)} points right; "
                f"class 1 where o > 0)")

    def slider(name: str, label: str):
        return widgets.FloatSlider(value=start[name], min=-3, max=3, step=0.1, description=label,
                                   continuous_update=True, readout_format=".1f",
                                   layout=widgets.Layout(width="230px"))

    controls = {"activation": widgets.Dropdown(options=list(ACTIVATION_NAMES), value=activation, description="f",
                                               layout=widgets.Layout(width="230px"))}
    for name in START:
        controls[name] = slider(name, LABELS[name])
    live.append(LiveFigure(fig, controls, update))
    return live[0]
