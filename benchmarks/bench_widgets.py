"""Median redraw time of every widget in ``lecture_utils.widgets``.

A redraw is what happens when a student moves a control: ``control.value = v``
runs the widget's update, re-renders the figure and encodes the PNG, all on the
Python side (the browser's part is not included). The target is a median of at
most 30 ms.

Widgets are found, not listed: every public function of a module in
``lecture_utils.widgets`` whose return annotation names a ``LiveFigure`` (or a
subclass, "...Widget") is a widget factory. A factory whose arguments all have
defaults is built as it is; one that needs data gets it from ``REGISTRY``
below, which holds a small default data set per factory. A new widget module
with a data-hungry factory shows up as "skipped: add it to REGISTRY" until its
entry is written. The control changes are generated from the controls
themselves: sliders sweep their range, dropdowns and toggles cycle their options.

Run from the repository root:

    python benchmarks/bench_widgets.py              # every widget, 20 changes each, 3 rounds
    python benchmarks/bench_widgets.py training     # only widgets whose module or name contains "training"
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import itertools
import os
import pkgutil
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import lecture_utils.widgets as widgets_package  # noqa: E402
from lecture_utils.plots import use_style  # noqa: E402

TARGET_MS = 30.0


def _linear_fit_args():
    from lecture_utils.data import make_regression_1d

    return make_regression_1d(n=50, seed=0), {}


def _backprop_stepper_args():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(4, 3))
    Y_true = rng.normal(size=(4, 2))
    params = {"W1": rng.normal(size=(3, 4)), "b1": np.zeros(4), "W2": rng.normal(size=(4, 3)), "b2": np.zeros(3),
              "W3": rng.normal(size=(3, 2)), "b3": np.zeros(2)}
    return (X, Y_true, params), {}


def _backward_stepper_args():
    from lecture_utils import Value

    x, y = Value(2.0), Value(-1.0)
    w = x + y
    return (w * w + x.sigmoid(),), {}


REGISTRY = {
    "linear_fit_widget": _linear_fit_args,
    "backprop_stepper": _backprop_stepper_args,
    "backward_stepper": _backward_stepper_args,
}
"""Factory name → function returning (args, kwargs): a small default data set for factories that need one."""


def discover(select: str | None = None):
    """(module name, factory name, factory) for every widget factory, in module order."""
    found = []
    for info in sorted(pkgutil.iter_modules(widgets_package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{widgets_package.__name__}.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or func.__module__ != module.__name__:
                continue
            returns = str(inspect.signature(func).return_annotation)
            if "LiveFigure" in returns or returns.endswith("Widget"):
                if select is None or select in info.name or select in name:
                    found.append((info.name, name, func))
    return found


def needs_arguments(func) -> bool:
    return any(p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
               for p in inspect.signature(func).parameters.values())


def control_values(control, count: int = 5) -> list:
    """Values to set a control to: a sweep of a slider's range, or every option of a choice."""
    options = getattr(control, "options", None)
    if options:
        labels = [o[1] if isinstance(o, tuple) else o for o in options]
        return [v for v in labels if v != control.value] + [control.value]
    if isinstance(control.value, bool):
        return [not control.value, control.value]
    lo, hi = getattr(control, "min", None), getattr(control, "max", None)
    if lo is None or hi is None:
        return []
    if type(control).__name__ == "FloatLogSlider":
        base = control.base
        values = [base ** e for e in np.linspace(lo, hi, count)]
    else:
        values = np.linspace(lo, hi, count)
    if isinstance(control.value, (int, np.integer)) and not isinstance(control.value, bool):
        values = sorted({int(round(v)) for v in values})
    else:
        values = [float(v) for v in values]
    return [v for v in values if v != control.value] + [control.value]


def moves_for(live, total: int = 20) -> list:
    """``total`` (control name, value) changes, taking the controls in turn."""
    per_control = {name: control_values(c) for name, c in live.controls.items()}
    per_control = {name: values for name, values in per_control.items() if values}
    if not per_control:
        return []
    cycles = {name: itertools.cycle(values) for name, values in per_control.items()}
    names = itertools.cycle(per_control)
    return [(name, next(cycles[name])) for name in itertools.islice(names, total)]


def time_moves(live, moves) -> tuple[list, list]:
    """Wall and CPU milliseconds of every change."""
    wall, cpu = [], []
    for name, value in moves:
        start, start_cpu = time.perf_counter(), time.process_time()
        live.controls[name].value = value
        wall.append(1000 * (time.perf_counter() - start))
        cpu.append(1000 * (time.process_time() - start_cpu))
    return wall, cpu


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Median redraw time of every widget in lecture_utils.widgets.")
    parser.add_argument("select", nargs="?", help="only widgets whose module or factory name contains this")
    parser.add_argument("--changes", type=int, default=20, help="control changes per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of changes (the first is also timed)")
    args = parser.parse_args(argv)
    use_style()

    print(f"target: median redraw ≤ {TARGET_MS:.0f} ms on the Python side; {args.changes} changes × "
          f"{args.rounds} rounds per widget; wall = perf_counter, cpu = process_time (all threads)")
    print(f"{'module.factory':42} {'build ms':>8} {'median':>7} {'cpu':>6} {'p90':>7} {'max':>7}  result")
    failures = 0
    for module, name, factory in discover(args.select):
        label = f"{module}.{name}"
        if needs_arguments(factory) and name not in REGISTRY:
            print(f"{label:42} skipped: it needs data; add a small default data set to REGISTRY")
            continue
        call_args, call_kwargs = REGISTRY[name]() if name in REGISTRY else ((), {})
        start = time.perf_counter()
        live = factory(*call_args, **call_kwargs)
        build_ms = 1000 * (time.perf_counter() - start)
        moves = moves_for(live, args.changes)
        if not moves:
            print(f"{label:42} {build_ms:8.0f} no control with values to move")
            continue
        wall, cpu = [], []
        for _ in range(args.rounds):
            w, c = time_moves(live, moves)
            wall += w
            cpu += c
        by_control = {}
        for (control, _), ms, cpu_ms in zip(moves * args.rounds, wall, cpu):
            by_control.setdefault(control, []).append((ms, cpu_ms))
        median = statistics.median(wall)
        ok = median <= TARGET_MS
        failures += not ok
        print(f"{label:42} {build_ms:8.0f} {median:7.1f} {statistics.median(cpu):6.1f} "
              f"{np.percentile(wall, 90):7.1f} {max(wall):7.1f}  {'ok' if ok else 'SLOW'}")
        if len(by_control) > 1:
            print(f"{'':42} median wall/cpu by control: " + ", ".join(
                f"{name} {statistics.median(w for w, _ in v):.1f}/{statistics.median(c for _, c in v):.1f}"
                for name, v in by_control.items()))
        if hasattr(live, "train_some"):  # a training widget: one button press, timed on its own
            clicks = []
            for _ in range(3):
                start = time.perf_counter()
                live.train_some()
                clicks.append(1000 * (time.perf_counter() - start))
            print(f"{'':42} one click (train_some, {live.epochs_per_click} epochs): median "
                  f"{statistics.median(clicks):.0f} ms, with a progress bar and a redraw every "
                  f"{live.redraw_every} epochs")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
