"""Widget of notebook 08: train a small MLP on a 2-D set, a few epochs per click.

Controls: the learning rate α, the batch size m, the hidden width and the
activation. The button trains a few more epochs of minibatch SGD with the
current settings and redraws the loss curve and the decision regions; a
progress bar and the status line show how far it got. Changing the width or
the activation starts a new network; changing α or m only affects the
epochs trained from then on.
"""

from __future__ import annotations

import html

import numpy as np

from ..mlp import MLP
from ..plots import PALETTE, decision_grid
from ..training import evaluate, minibatches, sgd_step
from ._base import LiveFigure, canvas_png, cell_image, new_figure

BATCH_SIZES = {"1 (stochastic)": 1, "8": 8, "32": 32, "128": 128, "all (full batch)": None}
"""Label in the dropdown → m (None: all n examples, one update per epoch)."""

WIDTHS = (2, 4, 8, 16, 32, 64)
ACTIVATION_NAMES = ("relu", "tanh", "sigmoid")


class TrainingRun:
    """One network being trained: the MLP, its shuffling RNG and its history.

    Parameters
    ----------
    X : (n, 2) inputs; y : (n,) int labels
    width : units in each of the two hidden layers
    activation : "relu", "tanh" or "sigmoid"
    seed : seed of the initial weights and of the shuffling
    """

    def __init__(self, X, y, width: int, activation: str, seed: int = 0):
        self.X, self.y = X, y
        self.key = (width, activation)
        num_classes = int(y.max()) + 1
        self.net = MLP([X.shape[1], width, width, num_classes], activation=activation, seed=seed,
                       dtype=np.float32)
        self.rng = np.random.default_rng(seed)
        loss, accuracy = evaluate(self.net, X, y)
        self.losses, self.accuracies = [loss], [accuracy]
        self.updates = 0
        self.diverged = False

    @property
    def epochs(self) -> int:
        return len(self.losses) - 1

    def train_epoch(self, lr: float, batch_size: int | None) -> bool:
        """One pass over the data in minibatches; False (and nothing more) once the loss is not finite."""
        if self.diverged:
            return False
        n = len(self.X)
        with np.errstate(all="ignore"):  # a too-large α overflows; that is reported, not warned about
            for idx in minibatches(n, batch_size or n, self.rng):
                _, grads = self.net.loss_and_grads(self.X[idx], self.y[idx])
                sgd_step(self.net.params, grads, lr)
                self.updates += 1
            loss, accuracy = evaluate(self.net, self.X, self.y)
        self.losses.append(loss)
        self.accuracies.append(accuracy)
        self.diverged = not np.isfinite(loss)
        return not self.diverged


class TrainingWidget(LiveFigure):
    """A ``LiveFigure`` plus a Train button, a Reset button and a progress bar.

    ``train_some(epochs)`` is what the button calls; tests and scripts call it
    directly. ``run`` is the current ``TrainingRun``. Before the widget is
    displayed nobody sees it, so ``train_some`` then skips the redraws during
    training and draws once at the end.
    """

    def __init__(self, fig, controls, update, state, epochs_per_click: int, redraw_every: int):
        import ipywidgets as w

        self._state = state
        self.epochs_per_click = epochs_per_click
        self.redraw_every = redraw_every
        self.shown = False
        self.train_button = w.Button(description=f"Train {epochs_per_click} epochs", button_style="primary",
                                     icon="play")
        self.reset_button = w.Button(description="Start again", icon="undo")
        self.progress = w.IntProgress(value=0, min=0, max=epochs_per_click, description="progress",
                                      layout=w.Layout(width="260px"))
        super().__init__(fig, controls, update)
        self.train_button.on_click(lambda _: self.train_some())
        self.reset_button.on_click(lambda _: self.reset())
        buttons = w.HBox([self.train_button, self.reset_button, self.progress])
        self.view = w.VBox([self.view.children[0], buttons, self.image, self.readout])

    @property
    def run(self) -> TrainingRun:
        return self._state["run"]

    def train_some(self, epochs: int | None = None) -> str:
        """Train ``epochs`` more epochs (default: one click's worth) and redraw; return the summary."""
        epochs = self.epochs_per_click if epochs is None else int(epochs)
        values = self.values()
        lr, batch_size = values["lr"], BATCH_SIZES[values["batch_size"]]
        self.progress.max, self.progress.value = max(epochs, 1), 0
        # The button says it is busy rather than being disabled: a disabled button loses
        # the keyboard focus, and a presenter pressing Enter would have to find it again.
        # (A second press waits for this one: the kernel handles one message at a time.)
        label, self.train_button.description = self.train_button.description, "Training…"
        try:
            for epoch in range(1, epochs + 1):
                if not self.run.train_epoch(lr, batch_size):
                    break
                self.progress.value = epoch
                if self.shown and epoch % self.redraw_every == 0 and epoch < epochs:
                    self.redraw()  # shows the regions moving while the click runs
        finally:
            self.train_button.description = label
        self.redraw()
        return self.text

    def redraw(self) -> None:
        """As ``LiveFigure.redraw``, but a change that leaves the figure as it is (α or m: they only
        matter for the epochs still to come) rewrites the summary without rendering again."""
        self.text = self._update(**self.values())
        if self._state.pop("changed", False) or self._background is None:
            self._render()
            self.png = canvas_png(self.canvas)
            self.image.value = self.png
        self.readout.value = f"<pre style='margin:0'>{html.escape(self.text)}</pre>"

    def reset(self) -> str:
        """A new network with the current width and activation (the same seed), untrained."""
        self._state["run"] = None
        self.progress.value = 0
        self.redraw()
        return self.text

    def _ipython_display_(self) -> None:
        # The static picture and summary show the widget as it is when displayed
        # (a notebook may train it first), not as it was built.
        self.default_png, self.default_text = self.png, self.text
        self.shown = True
        super()._ipython_display_()


def training_widget(X=None, y=None, lr: float = 0.1, batch_size: str = "32", width: int = 32,
                    activation: str = "relu", epochs_per_click: int = 20, redraw_every: int = 5,
                    resolution: int = 120, seed: int = 0) -> TrainingWidget:
    """Train a [2, width, width, k] MLP on 2-D points a few epochs per click.

    Left: the decision regions (the predicted class at every point of a grid)
    and the data. Right: the training loss after every epoch.

    Parameters
    ----------
    X, y : (n, 2) points and (n,) int labels; default ``make_spirals(seed=0)`` (3 arms, 300 points)
    lr : starting learning rate α
    batch_size : a key of ``BATCH_SIZES``
    width : starting hidden width, one of ``WIDTHS``
    activation : one of ``ACTIVATION_NAMES``
    epochs_per_click : epochs one press of the button trains
    redraw_every : during a click, redraw after this many epochs
    resolution : grid points per side of the decision-region image
    seed : seed of the weights and of the shuffling
    """
    import ipywidgets as widgets
    from matplotlib.colors import ListedColormap
    from matplotlib.ticker import MaxNLocator

    if X is None:
        from ..data import make_spirals

        X, y = make_spirals(seed=0)
    X, y = np.asarray(X, dtype=np.float32), np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2 or y.shape != (len(X),):
        raise ValueError(f"training_widget: expected X (n, 2) and labels y (n,); got X {X.shape} and y {y.shape}.")
    if batch_size not in BATCH_SIZES or width not in WIDTHS or activation not in ACTIVATION_NAMES:
        raise ValueError(f"training_widget: batch_size must be one of {list(BATCH_SIZES)}, width one of {WIDTHS} "
                         f"and activation one of {ACTIVATION_NAMES}; got {batch_size!r}, {width!r}, {activation!r}.")
    k = int(y.max()) + 1
    xx, yy, grid = decision_grid(X, resolution=resolution)
    grid = grid.astype(np.float32)
    cmap = ListedColormap(PALETTE[:k])

    fig = new_figure(7.0, 2.8)
    # The layout is fixed at the first draw; the right padding keeps room for the last epoch label
    # (it overhangs the axes by half its width, and the axis limits grow to 40, 80, … later).
    fig.get_layout_engine().set(w_pad=0.12)
    ax_regions, ax_loss = fig.subplots(1, 2)
    # Each class's colour at 30 % over white, as opaque pixels: no colour mapping on a redraw.
    colours = np.array([cmap(c) for c in range(k)])[:, :3]
    lut = np.round(255 * (0.3 * colours + 0.7)).astype(np.uint8)
    regions = cell_image(ax_regions, lut[np.zeros(xx.shape, dtype=int)],
                         extent=(xx.min(), xx.max(), yy.min(), yy.max()))
    points = ax_regions.scatter(X[:, 0], X[:, 1], c=y, cmap=cmap, vmin=-0.5, vmax=k - 0.5, s=8,
                                edgecolors="white", linewidths=0.3)
    ax_regions.set_xlabel("$x_1$")
    ax_regions.set_ylabel("$x_2$")
    ax_regions.grid(False)
    (loss_line,) = ax_loss.plot([], [], color=PALETTE[0], marker=".", markersize=3)
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("training loss")
    ax_loss.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))  # whole epochs
    ax_loss.set_xlim(0, 20)
    ax_loss.set_ylim(0, 2.0)
    # The points are animated too, so that they are drawn after (on top of) the regions.
    for artist in (regions, points, loss_line, ax_regions.title):
        artist.set_animated(True)

    state = {"run": None, "drawn": None}
    live: list[TrainingWidget] = []

    def fit_limits(run: TrainingRun) -> bool:
        """Fit the loss axes to the curve in coarse steps (epochs 0–20, 40, 80 …; loss 0–2, 3, 4 …)
        so that they rarely change; True if they did."""
        finite = [v for v in run.losses if np.isfinite(v)]
        right = 20
        while right < run.epochs:
            right *= 2
        top = max(2.0, float(np.ceil(1.05 * max(finite)))) if finite else 2.0
        if (right, top) == (ax_loss.get_xlim()[1], ax_loss.get_ylim()[1]):
            return False
        ax_loss.set_xlim(0, right)
        ax_loss.set_ylim(0, top)
        return True

    def update(lr: float, batch_size: str, width: int, activation: str) -> str:
        run = state["run"]
        if run is None or run.key != (width, activation):
            run = state["run"] = TrainingRun(X, y, width, activation, seed)
        if state["drawn"] != (id(run), run.epochs):
            with np.errstate(all="ignore"):
                labels = run.net.predict(grid).reshape(xx.shape)
            regions.set_data(lut[labels])
            loss_line.set_data(np.arange(run.epochs + 1), run.losses)
            where = "diverged" if run.diverged else f"accuracy {run.accuracies[-1]:.0%}"
            ax_regions.set_title(f"epoch {run.epochs} ({run.updates} updates): {where}")
            state["drawn"] = (id(run), run.epochs)
            state["changed"] = True
            if fit_limits(run) and live:
                live[0].invalidate()
        m = BATCH_SIZES[batch_size] or len(X)
        per_epoch = -(-len(X) // m)
        if run.diverged:
            result = f"diverged after {run.epochs} epochs (the loss overflowed): lower α and press Start again"
        else:
            result = (f"epoch {run.epochs}: training loss {run.losses[-1]:.3f}, "
                      f"accuracy {run.accuracies[-1]:.1%}")
        return (f"{result} · next epochs: α = {lr:.3g}, m = {m} ({per_epoch} updates per epoch), "
                f"hidden width {width}, {activation}")

    label = {"description_width": "initial"}  # the whole description, never cut to "hidden wi…"
    controls = {
        "lr": widgets.FloatLogSlider(value=lr, base=10, min=-3, max=1, step=0.1, description="α (lr)",
                                     readout_format=".3g", continuous_update=False, style=label),
        "batch_size": widgets.Dropdown(options=list(BATCH_SIZES), value=batch_size, description="batch m",
                                       style=label),
        "width": widgets.Dropdown(options=list(WIDTHS), value=width, description="hidden width", style=label),
        "activation": widgets.Dropdown(options=list(ACTIVATION_NAMES), value=activation, description="activation",
                                       style=label),
    }
    widget = TrainingWidget(fig, controls, update, state, epochs_per_click, redraw_every)
    live.append(widget)
    return widget
