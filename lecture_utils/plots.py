"""One house style for every figure in the series, and the recurring plots.

Figures are sized for a projector: one figure inch is ``DPI`` = 120 CSS
pixels at 100% zoom, and no text is smaller than 8 pt, which is 13.3 CSS px,
i.e. 10 pt on the reader's screen (``MIN_FONT_PT``). Widgets render at
``PIXEL_RATIO`` times that resolution and are shown at their CSS size, so
their text stays sharp on a high-density screen or a zoomed-in projector.
The palette is Okabe–Ito (colour-blind safe); axes are labelled. Every helper
draws into an ``ax`` if given one and returns the figure.
"""

from __future__ import annotations

import numpy as np

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
"""Okabe–Ito colours: blue, orange, green, vermillion, purple, sky blue, yellow, black."""

FIGSIZE = (4.0, 2.5)
DPI = 120
"""CSS pixels per figure inch at 100% zoom (a CSS inch is 96 px, so a figure shows 1.25× its size)."""
PIXEL_RATIO = 2
"""Widgets render at DPI × PIXEL_RATIO and are shown at DPI: two device pixels per CSS pixel."""
MIN_FONT_PT = 8
"""The smallest text of any figure: 8 pt at 120 dpi is 13.3 CSS px, which reads as 10 pt at 100% zoom."""

STYLE = {
    "figure.figsize": FIGSIZE,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "legend.fontsize": MIN_FONT_PT,
    "xtick.labelsize": MIN_FONT_PT,
    "ytick.labelsize": MIN_FONT_PT,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "lines.linewidth": 1.6,
    "figure.constrained_layout.use": True,
}


def use_style() -> None:
    """Apply the house style to matplotlib (call once at the top of a notebook)."""
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(STYLE)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=PALETTE)


def _axes(ax=None, ncols: int = 1, figsize=None):
    """Return (fig, ax): the given axes' figure, or a new pyplot figure."""
    if ax is not None:
        return ax.figure, ax
    import matplotlib.pyplot as plt

    w, h = figsize or (FIGSIZE[0] * (1 if ncols == 1 else 0.75 * ncols), FIGSIZE[1])
    fig, ax = plt.subplots(1, ncols, figsize=(w, h))
    return fig, ax


def plot_function_and_derivative(f, f_grad, lo: float = -6, hi: float = 6, name: str = "f", ax=None):
    """Plot f(z) and f'(z) on [lo, hi] in one axes."""
    fig, ax = _axes(ax)
    z = np.linspace(lo, hi, 401)
    ax.plot(z, f(z), color=PALETTE[0], label=f"{name}(z)")
    ax.plot(z, f_grad(z), color=PALETTE[1], linestyle="--", label=f"{name}'(z)")
    ax.set_xlabel("z")
    ax.set_ylabel("value")
    ax.legend(loc="best")
    return fig


def decision_grid(X, resolution: int = 150, margin: float = 0.5):
    """A grid covering the 2-D points X: returns (xx, yy, points) with points (r², 2)."""
    X = np.asarray(X)
    (x0, y0), (x1, y1) = X.min(axis=0) - margin, X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def plot_decision_regions(predict, X, y, ax=None, resolution: int = 150, title: str | None = None):
    """Colour the plane by ``predict`` (points (m, 2) → labels (m,)) and scatter (X, y)."""
    from matplotlib.colors import ListedColormap

    fig, ax = _axes(ax)
    X, y = np.asarray(X), np.asarray(y)
    xx, yy, grid = decision_grid(X, resolution)
    labels = np.asarray(predict(grid)).reshape(xx.shape)
    k = int(max(labels.max(), y.max())) + 1
    cmap = ListedColormap(PALETTE[:k])
    ax.contourf(xx, yy, labels, levels=np.arange(k + 1) - 0.5, cmap=cmap, alpha=0.25)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap=cmap, vmin=-0.5, vmax=k - 0.5, s=10, edgecolors="white", linewidths=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return fig


def plot_loss_curves(curves: dict, xlabel: str = "epoch", ylabel: str = "loss", log: bool = False, ax=None):
    """One line per entry of ``curves`` (name → sequence of values)."""
    fig, ax = _axes(ax)
    for name, values in curves.items():
        ax.plot(np.arange(1, len(values) + 1), values, label=name)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    ax.legend(loc="best")
    return fig


def plot_layer_bars(values, ylabel: str = "gradient norm", log: bool = True, label: str | None = None, ax=None):
    """A bar per layer (layer 1 on the left)."""
    fig, ax = _axes(ax)
    values = np.asarray(values, dtype=float)
    layers = np.arange(1, len(values) + 1)
    ax.bar(layers, values, color=PALETTE[0], label=label)
    ax.set_xticks(layers)
    ax.set_xlabel("layer")
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    return fig


def plot_layer_histograms(arrays, bins: int = 30, range_=None, xlabel: str = "activation", axes=None):
    """One small histogram per layer, side by side."""
    import matplotlib.pyplot as plt

    arrays = list(arrays)
    if axes is None:
        fig, axes = plt.subplots(1, len(arrays), figsize=(1.3 * len(arrays) + 0.6, 1.9), sharey=True, squeeze=False)
        axes = axes[0]
    fig = axes[0].figure
    for l, (ax, a) in enumerate(zip(axes, arrays), start=1):
        ax.hist(np.ravel(a), bins=bins, range=range_, color=PALETTE[l % len(PALETTE)])
        ax.set_title(f"layer {l}")
        ax.set_xlabel(xlabel)
    return fig


HANGUL_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "NanumBarunGothic", "Malgun Gothic",
                "AppleGothic", "UnDotum", "Baekmuk Gulim")


def use_hangul_font() -> str | None:
    """Opt in to Korean (Hangul) text in figures.

    Looks for an installed CJK font and puts it first in matplotlib's font
    list. Returns the font's name, or ``None`` after printing how to install
    one (e.g. ``sudo apt install fonts-noto-cjk`` or ``fonts-nanum``).
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in HANGUL_FONTS:
        if name in installed:
            mpl.rcParams["font.family"] = "sans-serif"
            mpl.rcParams["font.sans-serif"] = [name, *mpl.rcParams["font.sans-serif"]]
            mpl.rcParams["axes.unicode_minus"] = False
            return name
    print(
        "No Korean font found, so Hangul labels would show as boxes.\n"
        "Install one and restart the kernel, for example:\n"
        "  Debian/Ubuntu: sudo apt install fonts-noto-cjk   (or fonts-nanum)\n"
        "  macOS and Windows already have AppleGothic / Malgun Gothic.\n"
        "Then delete matplotlib's font cache (matplotlib.get_cachedir()) if it is still not found."
    )
    return None
