"""Widget of notebook 02: move the logits and a temperature, watch softmax and the loss."""

from __future__ import annotations

import numpy as np

from ..losses import log_softmax, softmax
from ..plots import MIN_FONT_PT, PALETTE
from ._base import LiveFigure, new_figure, vertical_band

LOGIT_RANGE = 6.0


def softmax_widget(logits=(1.0, 2.0, 0.0), temperature: float = 1.0, label: int = 1) -> LiveFigure:
    """Sliders for p logits and a temperature T; a choice of the true label.

    Left: the logits o as bars. Right: the probabilities q = softmax(o / T) as
    bars, the chosen label's column shaded and its bar outlined, and the cross-entropy
    −log q_label in the title and the summary (three short lines).

    Parameters
    ----------
    logits : sequence of p numbers (2 ≤ p ≤ 6), each in [−6, 6]
        Starting values of the logit sliders.
    temperature : float in [0.1, 5]
        Starting temperature T; the probabilities are softmax(o / T).
    label : int in 0 … p−1
        Starting true class.
    """
    import ipywidgets as widgets

    o = np.asarray(logits, dtype=float)
    p = o.size
    if o.ndim != 1 or not 2 <= p <= 6:
        raise ValueError(f"softmax_widget: expected 2 to 6 logits in a 1-D sequence; got shape {o.shape}.")
    if np.any(np.abs(o) > LOGIT_RANGE):
        raise ValueError(f"softmax_widget: every logit must lie in [−6, 6]; got {o.tolist()}.")
    if not 0.1 <= temperature <= 5:
        raise ValueError(f"softmax_widget: temperature must lie in [0.1, 5]; got {temperature}.")
    if label not in range(p):
        raise ValueError(f"softmax_widget: label must be a class index 0 … {p - 1}; got {label!r}.")

    classes = np.arange(p)
    fig = new_figure(6.6, 2.5)
    ax_o, ax_p = fig.subplots(1, 2)
    logit_bars = ax_o.bar(classes, o, color=PALETTE[0], width=0.6)
    ax_o.axhline(0, color="0.3", linewidth=0.8)
    ax_o.set_ylim(-LOGIT_RANGE - 0.5, LOGIT_RANGE + 0.5)
    ax_o.set_xticks(classes)
    ax_o.set_xlabel("class k")
    ax_o.set_ylabel("logit $o_k$")
    ax_o.set_title("logits o: any real numbers")
    # The true label's column is shaded; x in data units, y spanning the whole axes.
    label_band = vertical_band(ax_p, label - 0.45, label + 0.45, color="0.88", zorder=0)
    prob_bars = ax_p.bar(classes, np.zeros(p), color=PALETTE[1], width=0.6, linewidth=1.5)
    prob_texts = [ax_p.text(k, 0.0, "", ha="center", va="bottom", fontsize=MIN_FONT_PT) for k in classes]
    ax_p.set_ylim(0, 1.15)
    ax_p.set_xticks(classes)
    ax_p.set_xlabel("class k")
    ax_p.set_ylabel("$q_k$ = softmax(o / T)$_k$")
    animated = [label_band, *logit_bars, *prob_bars, *prob_texts, ax_p.title]
    for artist in animated:
        artist.set_animated(True)

    def update(temperature: float, label: int, **values: float) -> str:
        o = np.array([values[f"o{k}"] for k in classes])
        q = softmax(o / temperature)
        loss = -float(log_softmax(o / temperature)[label])
        for k in classes:
            logit_bars[k].set_height(o[k])
            prob_bars[k].set_height(q[k])
            prob_bars[k].set_edgecolor(PALETTE[7] if k == label else "none")
            prob_texts[k].set_position((k, q[k] + 0.02))
            prob_texts[k].set_text(f"{q[k]:.3f}")
        label_band.set_x(label - 0.45)
        ax_p.set_title(f"true label {label}: loss {loss:.3f}")
        logits = ", ".join(f"{v:.2f}" for v in o)
        probs = ", ".join(f"{v:.4f}" for v in q)
        # Short lines: JupyterLab wraps a long output line anywhere, even mid-word.
        return "\n".join([
            f"o = ({logits}), T = {temperature:.2f}",
            f"q = ({probs}), predicted class {int(np.argmax(q))}",
            f"label {label}: loss −log q_{label} = {loss:.4f}",
        ])

    controls = {
        f"o{k}": widgets.FloatSlider(value=float(o[k]), min=-LOGIT_RANGE, max=LOGIT_RANGE, step=0.1,
                                     description=f"o{k}", continuous_update=True)
        for k in classes
    }
    controls["temperature"] = widgets.FloatSlider(value=float(temperature), min=0.1, max=5.0, step=0.05,
                                                  description="T", continuous_update=True)
    controls["label"] = widgets.Dropdown(options=[(f"class {k}", int(k)) for k in classes], value=int(label),
                                         description="label")
    return LiveFigure(fig, controls, update)
