"""Notebook cells in which a student's function loops forever, exits, or rebinds a library function.

Shared by ``test_check_kernel.py`` (a real ipykernel through nbclient) and the
browser test (a real JupyterLab): after each check the next cell must still run.
"""

SETUP = ("import sys\nimport numpy as np\nimport lecture_utils as lu\n"
         "from lecture_utils.checks.softmax import check_softmax")

CELLS = [
    ("loop", "def softmax(O):\n    while True:\n        pass\n\ncheck_softmax(softmax, time_limit=1)"),
    ("exit", "def softmax(O):\n    sys.exit()\n\ncheck_softmax(softmax)"),
    ("rebind", "def softmax(O):\n    lu.softmax = None\n    E = np.exp(O - np.max(O, axis=-1, keepdims=True))\n"
               "    return E / E.sum(axis=-1, keepdims=True)\n\ncheck_softmax(softmax)"),
    ("after", "print('after:', lu.softmax(np.array([0.0, 0.0])))"),
]

EXPECTED = {
    "loop": "did not finish within 1 s",
    "exit": "raised SystemExit",
    "rebind": "put the original back",
    "after": "after: [0.5 0.5]",
}


def notebook():
    """The cells as an nbformat notebook."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SETUP)] + [nbformat.v4.new_code_cell(source) for _, source in CELLS]
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    return nb


def problems(cells: list[dict]) -> list[str]:
    """What is wrong with the executed cells (nbformat JSON dicts): errors, and missing report lines."""
    found = []
    for (key, _), cell in zip(CELLS, cells[1:]):
        text = ""
        for out in cell.get("outputs", []):
            if out["output_type"] == "error":
                found.append(f"{key}: {out['ename']}: {out['evalue']}")
            value = out.get("text") or out.get("data", {}).get("text/plain", "")
            text += "".join(value) if isinstance(value, list) else value
        if EXPECTED[key] not in text:
            found.append(f"{key}: {EXPECTED[key]!r} not in {text[:300]!r}")
    return found
