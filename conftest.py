"""Repository-wide pytest set-up, found from any working directory below the root."""

import os
from pathlib import Path

# The notebooks' matrices are small: one BLAS thread per process is faster than
# two fighting for two cores (and nbval's kernels inherit this environment).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent


def pytest_configure(config):
    # nbval reads this path relative to the working directory; make it absolute.
    if hasattr(config.option, "nbval_sanitize_with") and not config.option.nbval_sanitize_with:
        config.option.nbval_sanitize_with = str(ROOT / "tests" / "sanitize.cfg")


try:
    from hypothesis import settings
except ImportError:  # the student requirements do not include hypothesis
    pass
else:
    # Same examples on every run, so CI never flakes; no per-example deadline on a slow laptop.
    settings.register_profile("series", derandomize=True, deadline=None)
    settings.load_profile("series")


# Files that take much longer than the others, slowest first. pytest-xdist's loadfile mode
# hands out whole files in collection order, so starting with these keeps both workers busy
# to the end instead of leaving one to finish the student version alone (longest first).
SLOW_FIRST = ["tests/test_student.py", "notebooks/08_training.ipynb", "tests/test_nb08_training.py",
              "tests/test_nb07_vanishing_gradients.py", "notebooks/02_softmax.ipynb",
              "notebooks/07_vanishing_gradients.ipynb"]


def pytest_collection_modifyitems(config, items):
    def rank(item):
        path = Path(str(item.fspath)).resolve().relative_to(ROOT).as_posix()
        return SLOW_FIRST.index(path) if path in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)  # stable: the order within a file and among the rest is kept
