"""In a real Jupyter kernel: an endless loop, sys.exit() and a rebound library function each leave a report."""

from __future__ import annotations

import time

from tests import hostile_cells


def test_a_real_kernel_survives_every_hostile_student_function(tmp_path):
    from nbclient import NotebookClient

    nb = hostile_cells.notebook()
    start = time.monotonic()
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert time.monotonic() - start < 45
    cells = [dict(cell) for cell in nb.cells]
    assert not hostile_cells.problems(cells), hostile_cells.problems(cells)
