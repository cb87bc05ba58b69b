"""How long ``import lecture_utils`` takes in a fresh interpreter (target: at most 0.3 s).

Each run starts a new Python process, so nothing is cached in memory from the
previous import (the operating system's file cache is warm after the first
run, as it is for a student who imports the package twice). The time is taken
inside the child, around the import statement alone, so the interpreter's own
start-up is not counted; it is printed separately for comparison.

Run from the repository root:

    python benchmarks/bench_import.py            # 15 runs
    python benchmarks/bench_import.py --runs 31 --module lecture_utils.training
    python benchmarks/bench_import.py --importtime   # the slowest modules, from python -X importtime
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TARGET_S = 0.3
CHILD = ("import sys, time; sys.path.insert(0, {root!r}); t = time.perf_counter(); import {module}; "
         "print(time.perf_counter() - t)")


def import_seconds(module: str) -> float:
    code = CHILD.format(root=os.path.abspath(ROOT), module=module)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def startup_seconds() -> float:
    import time

    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - start


def slowest_imports(module: str, count: int = 12) -> list[tuple[int, str]]:
    """(cumulative µs, name) of the slowest imports, from ``python -X importtime``."""
    code = f"import sys; sys.path.insert(0, {os.path.abspath(ROOT)!r}); import {module}"
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", code], check=True, capture_output=True,
                         text=True).stderr
    rows = []
    for line in err.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = (part.strip() for part in line.split(":", 1)[1].split("|"))
            rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:count]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--module", default="lecture_utils")
    parser.add_argument("--importtime", action="store_true", help="also list the slowest modules")
    args = parser.parse_args(argv)

    import_seconds(args.module)  # warm the file cache
    times = [import_seconds(args.module) for _ in range(args.runs)]
    startups = [startup_seconds() for _ in range(5)]
    median = statistics.median(times)
    print(f"import {args.module}: median {median:.3f} s over {args.runs} fresh interpreters "
          f"(min {min(times):.3f}, max {max(times):.3f}); target ≤ {TARGET_S} s: "
          f"{'ok' if median <= TARGET_S else 'SLOW'}")
    print(f"(python start-up alone, not included: median {statistics.median(startups):.3f} s)")
    heavy = [m for m in ("sklearn", "scipy", "ipywidgets", "matplotlib", "matplotlib.pyplot", "IPython")
             if m in subprocess.run([sys.executable, "-c",
                                     f"import sys; sys.path.insert(0, {os.path.abspath(ROOT)!r}); "
                                     f"import {args.module}; print(' '.join(sorted(sys.modules)))"],
                                    check=True, capture_output=True, text=True).stdout.split()]
    print(f"heavy modules loaded by the import: {', '.join(heavy) or 'none'}")
    if args.importtime:
        print("slowest imports (cumulative ms):")
        for micros, name in slowest_imports(args.module):
            print(f"  {micros / 1000:8.1f}  {name}")
    return 0 if median <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
