"""In JupyterLab itself: a student's endless loop, sys.exit() and a rebound library function each get a report."""

from __future__ import annotations

import nbformat
import pytest

from tests import hostile_cells
from tests.browser.test_notebooks import open_notebook, run_all

pytestmark = pytest.mark.browser


def test_hostile_student_code_leaves_a_report_and_a_working_notebook(lab, page, screenshots):
    shot = screenshots("hostile")
    name = "hostile_student_code.ipynb"
    nbformat.write(hostile_cells.notebook(), lab.root / "notebooks" / name)
    open_notebook(page, lab, name)
    cells = run_all(page)
    page.screenshot(path=shot("reports"), full_page=True)
    found = hostile_cells.problems(cells)
    assert not found, "\n".join(found)
