"""Widget of notebook 04: set the nine weights of a 2-2-1 network by hand on XOR."""

from __future__ import annotations

import numpy as np

from ..activations import ACTIVATIONS
from ..plots import PALETTE, STYLE
from ._base import LiveFigure, new_figure

HIDDEN_LIMITS = {"relu": (-0.3, 4.0), "sigmoid": (-0.1, 1.1), "tanh": (-1.15, 1.15), "identity": (-4.0, 4.0)}
"""Axis limits of the hidden-space panel, per activation (the range its units can reach)."""

START = {"W1_11": 1.0, "W1_12": -1.0, "W1_21": -1.0, "W1_22": 1.0, "b1_1": -0.5, "b1_2": -0.5,
         "W2_1": 1.0, "W2_2": 0.0, "b2": -0.5}
"""Starting weights: two mirrored ReLU units, h1 = relu(x1 − x2 − 0.5) and h2 = relu(x2 − x1 − 0.5),
but the output o = h1 − 0.5 ignores h2, so one XOR corner is lost (about 75%)."""


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


def xor_network_widget(X=None, y=None, activation: str = "relu", resolution: int = 80, **weights) -> LiveFigure:
    """Sliders for every weight of a 2-2-1 network; it predicts class 1 where o > 0.

    Left: the input plane coloured by the predicted class, the data, the
    misclassified points (×) and each hidden unit's line z_j = 0. Right: the
    data in hidden space (h1, h2), where the output layer is linear: the
    line o = 0 splits it into the two predicted classes.

    Parameters
    ----------
    X : (n, 2) inputs and y : (n,) labels 0/1; default ``make_xor(200, seed=1)``
    activation : "relu", "tanh", "sigmoid" or "identity"
    resolution : the class map is computed on a resolution × resolution grid
    weights : starting values, names as in ``START`` (W1_ij, b1_j, W2_j, b2)
    """
    import ipywidgets as widgets
    import matplotlib as mpl
    from matplotlib.patches import Polygon

    if X is None:
        from ..data import make_xor

        X, y = make_xor(n=200, noise=0.15, seed=1)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2 or y.shape != (len(X),):
        raise ValueError(f"xor_network_widget: expected X (n, 2) and y (n,); got X {X.shape} and y {y.shape}.")
    if activation not in HIDDEN_LIMITS:
        raise ValueError(f"xor_network_widget: activation must be one of {sorted(HIDDEN_LIMITS)}; got {activation!r}.")
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

    fig = new_figure(7.0, 2.9)
    with mpl.rc_context(STYLE):
        ax_in, ax_hid = fig.subplots(1, 2)
        regions = ax_in.imshow(class_rgba[np.zeros((resolution, resolution), dtype=int)], origin="lower",
                               extent=(x0, x1, y0, y1), aspect="auto", interpolation="nearest")
        points = ax_in.scatter(X[:, 0], X[:, 1], c=colours, s=8, edgecolors="none")
        wrong = ax_in.scatter([], [], marker="x", color="black", s=14, linewidths=0.8, label="misclassified")
        unit_lines = [ax_in.plot([], [], color=PALETTE[j + 1], linestyle="--", linewidth=1.1,
                                 label=f"unit {j}: $z_{j}$ = 0")[0] for j in (1, 2)]
        ax_in.set_xlim(*xlim)
        ax_in.set_ylim(*ylim)
        ax_in.set_xlabel("$x_1$")
        ax_in.set_ylabel("$x_2$")
        ax_in.set_title("input space: predicted class")
        ax_in.legend(loc="upper center", ncol=3, bbox_to_anchor=(0.5, -0.22), frameon=False)
        limits = HIDDEN_LIMITS[activation]
        # In hidden space the classes are two half-planes: a class-0 background and a class-1 polygon.
        ax_hid.set_facecolor(class_rgba[0] / 255)
        hidden_regions = Polygon(np.zeros((3, 2)), closed=True, facecolor=class_rgba[1] / 255, edgecolor="none")
        ax_hid.add_patch(hidden_regions)
        hidden = ax_hid.scatter(X[:, 0], X[:, 1], c=colours, s=7, edgecolors="none")
        (boundary,) = ax_hid.plot([], [], color="black", linewidth=1.1, label="o = 0")
        ax_hid.set_xlim(*limits)
        ax_hid.set_ylim(*limits)
        ax_hid.set_xlabel("$h_1$")
        ax_hid.set_ylabel("$h_2$")
        ax_hid.set_title("hidden space $(h_1, h_2)$")
        ax_hid.legend(loc="upper right")
    for ax in (ax_in, ax_hid):
        ax.grid(False)
    # The class maps are animated too, so everything drawn over them must be animated as well.
    for artist in (regions, points, wrong, *unit_lines, hidden_regions, hidden, boundary):
        artist.set_animated(True)
    live = []

    def update(activation: str, **values) -> str:
        limits = HIDDEN_LIMITS[activation]
        if ax_hid.get_xlim() != limits:
            ax_hid.set_xlim(*limits)
            ax_hid.set_ylim(*limits)
            if live:
                live[0].invalidate()
        W1, b1, W2, b2 = weights_from_values(values)
        O_grid = two_layer_forward(grid, W1, b1, W2, b2, activation)[1]
        regions.set_data(class_rgba[(O_grid[:, 0] > 0).reshape(resolution, resolution).astype(int)])
        H, O = two_layer_forward(X, W1, b1, W2, b2, activation)
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
        right = int(np.sum(~missed))
        return (f"{activation}: accuracy {right / len(y):.1%} ({right} of {len(y)} points right; "
                f"class 1 where o > 0)")

    def slider(name: str, label: str):
        return widgets.FloatSlider(value=start[name], min=-3, max=3, step=0.1, description=label,
                                   continuous_update=True, readout_format=".1f",
                                   layout=widgets.Layout(width="230px"))

    controls = {"activation": widgets.Dropdown(options=list(HIDDEN_LIMITS), value=activation, description="f",
                                               layout=widgets.Layout(width="230px"))}
    for name in START:
        part, index = name.split("_") if "_" in name else (name, "")
        label = f"{part}[{','.join(index)}]" if index else part
        controls[name] = slider(name, label)
    live.append(LiveFigure(fig, controls, update))
    return live[0]
