"""Widget of notebook 01: fit a line by hand and watch the squared error."""

from __future__ import annotations

import numpy as np

from ..linear import least_squares
from ..plots import MIN_FONT_PT, PALETTE
from ._base import LiveFigure, new_figure


def mean_squared_error_grid(X, y, ws, bs) -> np.ndarray:
    """(1/n) Σ (y − (w x + b))² for every pair on the grid: shape (len(bs), len(ws))."""
    x = np.asarray(X)[:, 0]
    # Expand the square so the grid costs O(grid) after O(n) sums.
    n = len(x)
    sx, sy, sxx, sxy, syy = x.sum(), y.sum(), x @ x, x @ y, y @ y
    W, B = np.meshgrid(ws, bs)
    return (syy - 2 * W * sxy - 2 * B * sy + W * W * sxx + 2 * W * B * sx + n * B * B) / n


def linear_fit_widget(X, y, w: float = 0.0, b: float = 0.0) -> LiveFigure:
    """Sliders for w and b of ŷ = w x + b over 1-D data.

    Left: the data, the line and every residual yᵢ − ŷᵢ. Right: the mean
    squared error over (w, b), the current point and the least-squares one.

    Parameters
    ----------
    X : (n, 1) inputs; y : (n,) targets
    w, b : starting values of the sliders
    """
    import ipywidgets as widgets

    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or X.shape[1] != 1 or y.shape != (len(X),):
        raise ValueError(f"linear_fit_widget: expected X (n, 1) and y (n,); got X {X.shape} and y {y.shape}.")
    w_star, b_star = least_squares(X, y)
    w_star, b_star = float(w_star[0]), float(b_star)
    x = X[:, 0]
    err_star = float(np.mean((y - (w_star * x + b_star)) ** 2))

    fig = new_figure(7.0, 2.6)
    ax_fit, ax_err = fig.subplots(1, 2)
    ax_fit.scatter(x, y, s=12, color=PALETTE[0], label="data")
    xs = np.array([x.min() - 0.3, x.max() + 0.3])
    (line,) = ax_fit.plot(xs, w * xs + b, color=PALETTE[3], label="ŷ = w x + b")
    residuals = ax_fit.vlines(x, y, y, color=PALETTE[3], linewidth=0.7, alpha=0.6)
    ax_fit.set_xlabel("x")
    ax_fit.set_ylabel("y")
    ax_fit.set_ylim(y.min() - 2, y.max() + 2)
    ax_fit.legend(loc="upper left")
    ws, bs = np.linspace(-1, 5, 121), np.linspace(-3, 5, 121)
    E = mean_squared_error_grid(X, y, ws, bs)
    contours = ax_err.contour(ws, bs, E, levels=np.quantile(E, [0.01, 0.03, 0.1, 0.2, 0.4, 0.7]),
                              colors="0.6", linewidths=0.7)
    # The outermost contour runs under the legend: it keeps no label.
    ax_err.clabel(contours, contours.levels[:-1], fmt="%.3g", fontsize=MIN_FONT_PT)
    ax_err.plot([w_star], [b_star], marker="*", markersize=10, color=PALETTE[2], linestyle="none",
                label="least squares")
    (point,) = ax_err.plot([w], [b], marker="o", color=PALETTE[3], linestyle="none", label="your (w, b)")
    ax_err.set_xlabel("w")
    ax_err.set_ylabel("b")
    ax_err.set_title("mean squared error")
    ax_err.legend(loc="upper right")
    for artist in (line, residuals, point, ax_fit.title):
        artist.set_animated(True)

    def update(w: float, b: float) -> str:
        y_hat = w * x + b
        line.set_ydata(w * xs + b)
        residuals.set_segments([[(xi, yi), (xi, hi)] for xi, yi, hi in zip(x, y, y_hat)])
        point.set_data([w], [b])
        err = float(np.mean((y - y_hat) ** 2))
        ax_fit.set_title(f"w = {w:.2f}, b = {b:.2f}: error {err:.3f}")
        return (f"w = {w:.2f}, b = {b:.2f} → mean squared error {err:.3f} "
                f"(least squares: w = {w_star:.2f}, b = {b_star:.2f}, error {err_star:.3f})")

    controls = {
        "w": widgets.FloatSlider(value=w, min=-1, max=5, step=0.05, description="w", continuous_update=True),
        "b": widgets.FloatSlider(value=b, min=-3, max=5, step=0.05, description="b", continuous_update=True),
    }
    return LiveFigure(fig, controls, update)
