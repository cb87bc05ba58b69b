"""Interactive figures for the notebooks: controls plus one figure.

Every widget is a ``LiveFigure``: ipywidgets controls, one matplotlib
figure redrawn in place on every change, and a one-line text summary. When
displayed it also shows its default state as an ordinary PNG output and
prints the summary, so the notebook reads well without a running kernel
(GitHub, HTML export, slides) and nbval compares the printed numbers.

A widget is driven from plain Python: set ``w.controls["name"].value`` and
the figure's artists, ``w.png`` and ``w.text`` change.

Each notebook's widgets live in a submodule (``widgets.linear`` for 01, …).
"""

from ._base import LiveFigure, figure_png

__all__ = ["LiveFigure", "figure_png"]
