"""Widget of notebook 07: depth, activation and initialisation against the gradient of every layer."""

from __future__ import annotations

import numpy as np

from ..mlp import MLP
from ..plots import PALETTE, STYLE
from ..vanishing import gradient_norms, hidden_activations, random_batch
from ._base import LiveFigure, cell_image, new_figure, vertical_band

INITS = {
    "N(0, 1)": ("normal", 1.0),
    "N(0, 0.01²)": ("normal", 0.01),
    "Xavier √(1/d_in)": ("xavier", 0.0),
    "He √(2/d_in)": ("he", 0.0),
}
"""Label in the dropdown → (init, std) for ``MLP``."""

VALUE_RANGE = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 4.0)}
"""The activation values the histograms cover; larger ReLU outputs are counted in the top bin."""

DROP_ZEROS = {"sigmoid": False, "tanh": False, "relu": True}
"""Whether the histograms leave exact zeros out. About half of all ReLU outputs are exactly 0; counted,
that one bin would set the colour scale and leave every other bin dark. The readout gives their share."""

BINS = 24
CMAP = "viridis"
UNUSED_RGBA = (225, 225, 225, 255)
"""Colour of the slots of layers that the current depth does not have."""


def layer_histograms(Hs, lo: float, hi: float, bins: int = BINS, drop_zeros: bool = False) -> np.ndarray:
    """Histogram of every hidden layer's outputs, as columns scaled to a peak of 1.

    Parameters
    ----------
    Hs : list of k arrays (n, d_l), the hidden layers' outputs
    lo, hi : value range; values outside it are counted in the first or last bin
    drop_zeros : leave the entries that are exactly 0 out of the counts (for ReLU layers)

    Returns
    -------
    (bins, k) array: column l − 1 is layer l's histogram divided by its largest count
        (a column of zeros if the layer has nothing left to count)
    """
    edges = np.linspace(lo, hi, bins + 1)
    columns = []
    for H in Hs:
        values = np.ravel(H)
        if drop_zeros:
            values = values[values != 0]
        counts, _ = np.histogram(np.clip(values, lo, hi), bins=edges)
        columns.append(counts / max(counts.max(), 1))
    return np.column_stack(columns)


def zero_fractions(Hs) -> list[float]:
    """The share of entries that are exactly 0 in each array of ``Hs`` (list of (n, d_l) arrays)."""
    return [float(np.mean(np.asarray(H) == 0)) for H in Hs]


class _Settings:
    """Gradient norms and histograms per (activation, init, depth), computed once and cached."""

    def __init__(self, X, y, num_classes: int, width: int, max_depth: int, seed: int):
        self.X, self.y, self.width, self.max_depth, self.seed = X, y, width, max_depth, seed
        self.num_classes = num_classes
        self._cache: dict = {}

    def sizes(self, depth: int) -> list[int]:
        return [self.X.shape[1]] + [self.width] * (depth - 1) + [self.num_classes]

    def get(self, activation: str, init: str, depth: int):
        key = (activation, init, depth)
        if key not in self._cache:
            scheme, std = INITS[init]
            model = MLP(self.sizes(depth), activation=activation, init=scheme, seed=self.seed, std=std)
            Hs = hidden_activations(model, self.X)
            norms = np.maximum(gradient_norms(model, self.X, self.y), 1e-300)
            lo, hi = VALUE_RANGE[activation]
            hist = layer_histograms(Hs, lo, hi, drop_zeros=DROP_ZEROS[activation])
            self._cache[key] = (norms, self.image(hist), [float(H.std()) for H in Hs], zero_fractions(Hs))
        return self._cache[key]

    def image(self, hist: np.ndarray) -> np.ndarray:
        """RGBA pixels (bins, max_depth − 1, 4) of the histograms; columns past the last hidden layer are grey."""
        from matplotlib import colormaps

        rgba = np.full((hist.shape[0], self.max_depth - 1, 4), UNUSED_RGBA, dtype=np.uint8)
        rgba[:, : hist.shape[1]] = colormaps[CMAP](hist, bytes=True)
        return rgba

    def norm_limits(self, activation: str, init: str) -> tuple[float, float]:
        """Log-axis limits, in whole decades, that hold the norms of every depth for this pair."""
        values = np.concatenate([self.get(activation, init, L)[0] for L in range(2, self.max_depth + 1)])
        return 10.0 ** np.floor(np.log10(values.min())), 10.0 ** np.ceil(np.log10(values.max()))


def _build_figure(max_depth: int):
    """The figure with its artists: (fig, ax_grad, ax_hist, bars, image, unused band)."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    fig = new_figure(7.4, 2.7)
    ax_grad, ax_hist = fig.subplots(1, 2, width_ratios=[1.1, 1])
    layers = np.arange(1, max_depth + 1)
    bars = ax_grad.bar(layers, np.ones(max_depth), color=PALETTE[0])
    ax_grad.set_yscale("log")
    ax_grad.set_xlim(0.4, max_depth + 0.6)
    ax_grad.set_xticks(layers)
    ax_grad.set_xlabel("layer l (1 = next to the input)")
    ax_grad.set_ylabel("‖∂ℒ/∂W⁽ˡ⁾‖")
    # Grey band over the layer slots the current depth does not use (moved by update, so animated).
    unused = vertical_band(ax_grad, max_depth + 0.5, max_depth + 0.6, color=np.array(UNUSED_RGBA[:3]) / 255, lw=0)
    image = cell_image(ax_hist, np.zeros((BINS, max_depth - 1, 4), dtype=np.uint8))
    ax_hist.set_xticks(np.arange(1, max_depth))
    ax_hist.set_xlabel("hidden layer l")
    ax_hist.set_ylabel("activation value")
    ax_hist.set_title("histogram of each layer", fontsize=STYLE["axes.titlesize"])
    ax_hist.grid(False)
    colorbar = fig.colorbar(ScalarMappable(Normalize(0.0, 1.0), cmap=CMAP), ax=ax_hist,
                            fraction=0.08, pad=0.02)
    colorbar.set_label("count / layer's top count", fontsize=STYLE["xtick.labelsize"])
    colorbar.ax.tick_params(labelsize=STYLE["xtick.labelsize"])
    for ax in (ax_grad, ax_hist):
        # Ticks made later, at new limits, keep the house style whatever the global rcParams are.
        ax.tick_params(labelsize=STYLE["xtick.labelsize"])
        # A fixed label position leaves room for the widest tick labels of any setting, so the
        # layout never has to be redone when the limits change.
        ax.yaxis.set_label_coords(-0.2, 0.5)
    for artist in [unused, *bars, image]:
        artist.set_animated(True)
    return fig, ax_grad, ax_hist, bars, image, unused


def summary(depth: int, activation: str, init: str, norms, stds, zeros=None) -> str:
    """The widget's readout: lines of at most 90 characters, so a narrow page never breaks a word.

    ``zeros`` (the share of exact zeros per hidden layer) adds a third line; the widget passes it for ReLU,
    whose histograms leave the exact zeros out.
    """
    text = (f"L = {depth}, {activation}, {init}: ‖∂ℒ/∂W‖ {norms[0]:.1e} (layer 1) … "
            f"{norms[-1]:.1e} (layer {depth})\n"
            f"ratio layer 1 / layer {depth}: {norms[0] / norms[-1]:.1e}; "
            f"activation std {stds[0]:.2g} (layer 1) … {stds[-1]:.2g} (layer {depth - 1})")
    if zeros is not None:
        text += (f"\noutputs exactly 0 (left out of the histograms): {zeros[0]:.0%} (layer 1) … "
                 f"{zeros[-1]:.0%} (layer {depth - 1})")
    return text


def vanishing_widget(depth: int = 10, activation: str = "sigmoid", init: str = "Xavier √(1/d_in)",
                     max_depth: int = 12, width: int = 64, X=None, y=None, num_classes: int = 10,
                     seed: int = 0) -> LiveFigure:
    """Choose depth, activation and initialisation; see every layer's gradient and activations.

    Left: ‖∂ℒ/∂W⁽ˡ⁾‖ for l = 1 … L on a log scale, from one real backward
    pass. Right: one column per hidden layer, the histogram of its outputs
    (brightest = the most common value); for ReLU the exact zeros are left
    out of the histograms and their share is printed in the readout.

    Parameters
    ----------
    depth : starting number of layers L (weight matrices), 2 … max_depth
    activation : "sigmoid", "tanh" or "relu"
    init : a key of ``INITS``
    max_depth : largest L the slider offers
    width : units per hidden layer
    X, y : batch (n, d) and int labels (n,); default ``random_batch(64, width, num_classes, seed)``
    num_classes : outputs of the network, d_L
    seed : seed of the weights
    """
    import ipywidgets as widgets

    if X is None:
        X, y = random_batch(n=64, d=width, num_classes=num_classes, seed=seed)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or y.shape != (len(X),):
        raise ValueError(f"vanishing_widget: expected X (n, d) and labels y (n,); got X {X.shape} and y {y.shape}.")
    if y.min() < 0 or y.max() >= num_classes:
        raise ValueError(f"vanishing_widget: labels must lie in 0 … {num_classes - 1}; got {y.min()} … {y.max()}.")
    if not 2 <= depth <= max_depth:
        raise ValueError(f"vanishing_widget: depth must lie in 2 … {max_depth}; got {depth}.")
    if activation not in VALUE_RANGE or init not in INITS:
        raise ValueError(f"vanishing_widget: activation must be one of {list(VALUE_RANGE)} and init one of "
                         f"{list(INITS)}; got {activation!r} and {init!r}.")
    settings = _Settings(X, y, num_classes, width, max_depth, seed)

    fig, ax_grad, ax_hist, bars, image, unused = _build_figure(max_depth)
    state = {"pair": None}
    live = None

    def update(depth: int, activation: str, init: str) -> str:
        norms, pixels, stds, zeros = settings.get(activation, init, depth)
        for l, bar in enumerate(bars, start=1):
            bar.set_visible(l <= depth)
            if l <= depth:
                bar.set_height(norms[l - 1])
        image.set_data(pixels)
        # The axes keep room for max_depth layers (a full redraw per slider step would cost ~10×);
        # the slots of missing layers are greyed out instead.
        unused.set_x(depth + 0.5)
        unused.set_width(max_depth - depth + 0.1)
        unused.set_visible(depth < max_depth)
        if state["pair"] != (activation, init):
            # New axis limits and title: the cached background must be drawn again.
            state["pair"] = (activation, init)
            lo, hi = VALUE_RANGE[activation]
            image.set_extent((0.5, max_depth - 0.5, lo, hi))
            ax_grad.set_ylim(*settings.norm_limits(activation, init))
            ax_grad.set_title(f"{activation}, init {init}", fontsize=STYLE["axes.titlesize"])
            ax_hist.set_title("nonzero outputs of each layer" if DROP_ZEROS[activation] else "histogram of each layer",
                              fontsize=STYLE["axes.titlesize"])
            if live is not None:
                live.invalidate(key=(activation, init))
        return summary(depth, activation, init, norms, stds, zeros if DROP_ZEROS[activation] else None)

    controls = {
        "depth": widgets.IntSlider(value=depth, min=2, max=max_depth, step=1, description="layers L",
                                   continuous_update=True),
        "activation": widgets.Dropdown(options=list(VALUE_RANGE), value=activation, description="activation"),
        "init": widgets.Dropdown(options=list(INITS), value=init, description="init"),
    }
    live = LiveFigure(fig, controls, update)
    return live
