"""Exercise checks: instant, specific feedback that never raises.

A check runs the student's function on a list of cases and compares each
result with the reference implementation. It reports

* ``not started yet`` while the stub still raises ``NotImplementedError``;
* ``k/k cases passed`` when everything agrees;
* otherwise the first failing case: its input, expected against got, and a
  hint that names the likely mistake.

The student's function always receives copies of the inputs, and any
exception it raises is caught and reported. Lists are accepted wherever an
array is natural.

Each notebook's checks live in a submodule (``checks.linear`` for 01, …)
built on ``run_check``.
"""

from ._core import Case, CheckReport, Mistake, run_check

__all__ = ["Case", "CheckReport", "Mistake", "run_check"]
