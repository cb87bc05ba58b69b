"""Widget of notebook 03: one activation unit g(x) = f(w x + b) and its slope."""

from __future__ import annotations

import numpy as np

from ..activations import ACTIVATIONS
from ..plots import PALETTE
from ._base import LiveFigure, new_figure

CHOICES = ("sigmoid", "tanh", "relu", "leaky_relu")
X_RANGE = (-4.0, 4.0)
G_LIMITS = (-1.3, 3.3)
SLOPE_LIMITS = {"sigmoid": (-0.85, 0.85), "tanh": (-3.3, 3.3), "relu": (-3.3, 3.3), "leaky_relu": (-3.3, 3.3)}
MAX_SLOPE = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "leaky_relu": 1.0}
"""max over z of f'(z): σ' peaks at 0.25, tanh' at 1 (both at z = 0), ReLU' and leaky ReLU' are 1 for z > 0."""


def unit_and_slope(name: str, x, w: float, b: float) -> tuple[np.ndarray, np.ndarray]:
    """g(x) = f(w x + b) and, by the chain rule, g'(x) = w · f'(w x + b).

    Parameters
    ----------
    name : a key of ``ACTIVATIONS``
    x : array, any shape (the unit's input)

    Returns
    -------
    g, g_prime : arrays of the shape of x
    """
    if name not in ACTIVATIONS:
        raise ValueError(f"unit_and_slope: unknown activation {name!r}; expected one of {sorted(ACTIVATIONS)}.")
    f, f_grad = ACTIVATIONS[name]
    a = w * np.asarray(x, dtype=float) + b
    return f(a), w * f_grad(a)


def activation_widget(activation: str = "sigmoid", w: float = 1.0, b: float = 0.0) -> LiveFigure:
    """Choose an activation f and move w and b in g(x) = f(w x + b).

    Left: g and, faint, f(x) itself. Right: the slope g'(x) = w f'(w x + b).
    A dotted vertical line marks x = −b/w, where the pre-activation w x + b crosses 0
    (the centre of sigmoid and tanh, the kink of ReLU and leaky ReLU). Curves outside the
    fixed axis limits are clipped; the slope axis zooms in for sigmoid, whose
    slope is at most 0.25·|w|.

    Parameters
    ----------
    activation : "sigmoid", "tanh", "relu" or "leaky_relu" (the starting choice)
    w, b : starting weight and bias, each in [−3, 3]
    """
    import ipywidgets as widgets

    if activation not in CHOICES:
        raise ValueError(f"activation_widget: activation must be one of {CHOICES}; got {activation!r}.")
    x = np.linspace(*X_RANGE, 321)

    fig = new_figure(7.0, 2.5)
    ax_g, ax_s = fig.subplots(1, 2)
    (reference,) = ax_g.plot(x, ACTIVATIONS[activation][0](x), color="0.6", linewidth=1.0, label="f(x)")
    (curve,) = ax_g.plot(x, x, color=PALETTE[0], label="g(x) = f(wx + b)")
    (slope,) = ax_s.plot(x, x, color=PALETTE[1], linestyle="--", label="g'(x) = w f'(wx + b)")
    centres = [ax.axvline(0.0, color=PALETTE[3], linestyle=":", linewidth=1.0) for ax in (ax_g, ax_s)]
    for ax, limits, label in ((ax_g, G_LIMITS, "g(x)"), (ax_s, SLOPE_LIMITS[activation], "g'(x)")):
        ax.set_xlim(*X_RANGE)
        ax.set_ylim(*limits)
        ax.set_xlabel("x")
        ax.set_ylabel(label)
        ax.axhline(0.0, color="0.3", linewidth=0.6)
        ax.legend(loc="upper left")
    ax_s.set_title("slope (chain rule: a factor w)")
    for artist in (reference, curve, slope, *centres, ax_g.title):
        artist.set_animated(True)

    def update(activation: str, w: float, b: float) -> str:
        if ax_s.get_ylim() != SLOPE_LIMITS[activation]:
            ax_s.set_ylim(*SLOPE_LIMITS[activation])  # σ' is small: zoom in so its peak of 0.25 is visible
            if live:
                live[0].invalidate()
        g, g_prime = unit_and_slope(activation, x, w, b)
        reference.set_ydata(ACTIVATIONS[activation][0](x))
        curve.set_ydata(g)
        slope.set_ydata(g_prime)
        name = f"{activation}({w:.2f}·x {'−' if b < 0 else '+'} {abs(b):.2f})"
        ax_g.set_title(name)
        if w == 0:
            for line in centres:
                line.set_visible(False)
            return f"{name}: w = 0, so g is the constant {float(g[0]):.3f} and its slope is 0 everywhere"
        x0 = -b / w
        for line in centres:
            line.set_xdata([x0, x0])
            line.set_visible(True)
        switch = "kink" if activation in ("relu", "leaky_relu") else "centre"
        return (f"{name}: {switch} at x = −b/w = {x0 + 0.0:.2f}; "
                f"steepest slope |w|·max f' = {abs(w) * MAX_SLOPE[activation]:.3f}")

    controls = {
        "activation": widgets.Dropdown(options=list(CHOICES), value=activation, description="f"),
        "w": widgets.FloatSlider(value=w, min=-3, max=3, step=0.05, description="w", continuous_update=True),
        "b": widgets.FloatSlider(value=b, min=-3, max=3, step=0.05, description="b", continuous_update=True),
    }
    live = []
    live.append(LiveFigure(fig, controls, update))
    return live[0]
