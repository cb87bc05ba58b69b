"""Every notebook keeps the series template (see DESIGN.md and the README)."""

from __future__ import annotations

import json
import re

import pytest

from tools.catalogue import ROOT, SERIES, notebook_paths
from tools.navigation import TAG, bottom_text, readme_list, top_text

NOTEBOOKS = notebook_paths()
HANGUL = re.compile(r"[\uac00-\ud7a3]")
PRESENT = {p.name for p in NOTEBOOKS}


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def markdown(nb) -> str:
    return "\n".join(source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_the_series_has_notebooks():
    assert NOTEBOOKS, "no notebook of the series exists"
    assert NOTEBOOKS[0].name == SERIES[0][1]


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def nb_path(request):
    return request.param


def test_title_with_korean_title(nb_path):
    nb = load(nb_path)
    titles = [source(c) for c in nb["cells"] if c["cell_type"] == "markdown" and source(c).startswith("# ")]
    assert titles, "no title cell (a Markdown cell starting with '# ')"
    first_line = titles[0].splitlines()[0]
    number = nb_path.name[:2]
    assert first_line.startswith(f"# {number} · "), first_line
    assert HANGUL.search(first_line), f"the title has no Korean title: {first_line!r}"


@pytest.mark.parametrize("heading", ["## Learning objectives", "## Summary", "## Exercises"])
def test_template_sections(nb_path, heading):
    assert re.search(rf"^{re.escape(heading)}\b", markdown(load(nb_path)), re.M), f"missing section {heading!r}"


def test_navigation_cells_are_generated_and_current(nb_path):
    cells = load(nb_path)["cells"]
    first, last = cells[0], cells[-1]
    assert TAG in first["metadata"].get("tags", []) and TAG in last["metadata"].get("tags", [])
    assert source(first) == top_text(nb_path.name, PRESENT), "run `python -m tools.navigation`"
    assert source(last) == bottom_text(nb_path.name, PRESENT), "run `python -m tools.navigation`"
    nav = [c for c in cells if TAG in c["metadata"].get("tags", [])]
    assert len(nav) == 2


def test_links_to_the_next_notebook(nb_path):
    names = [e[1] for e in SERIES]
    i = names.index(nb_path.name)
    if i + 1 < len(names):
        nxt = names[i + 1]
        expected = f"]({nxt})" if nxt in PRESENT else SERIES[i + 1][2]
        assert expected in source(load(nb_path)["cells"][-1])


def test_every_code_cell_executed_without_errors_or_stderr(nb_path):
    for i, cell in enumerate(load(nb_path)["cells"]):
        if cell["cell_type"] != "code" or not source(cell).strip():
            continue
        assert cell["execution_count"] is not None, f"cell {i} was never executed"
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"cell {i} stores an error: {out.get('ename')}"
            assert out.get("name") != "stderr", f"cell {i} stores stderr: {''.join(out['text'])[:200]!r}"


def test_execution_counts_run_top_to_bottom(nb_path):
    counts = [c["execution_count"] for c in load(nb_path)["cells"] if c["cell_type"] == "code" and source(c).strip()]
    assert counts == list(range(1, len(counts) + 1))


def test_kernelspec_is_python3(nb_path):
    assert load(nb_path)["metadata"]["kernelspec"]["name"] == "python3"


def test_file_is_small(nb_path):
    assert nb_path.stat().st_size < 500_000


# The widest picture a 1280 px window shows at 100% zoom beside JupyterLab's side bar.
MAX_CSS_WIDTH = 1010
FONTSIZE = re.compile(r"fontsize\s*=\s*([0-9.]+)")


def png_size(data: str) -> tuple[int, int]:
    """(width, height) of a base64 PNG, read from its IHDR chunk."""
    import base64
    import struct

    head = base64.b64decode(data[:64])
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


def test_figures_fit_the_window_and_text_is_large_enough(nb_path):
    """Every stored picture is at most MAX_CSS_WIDTH CSS px wide (its metadata width for a
    2x widget picture), and no code cell sets a font below MIN_FONT_PT."""
    from lecture_utils.plots import MIN_FONT_PT

    for i, cell in enumerate(load(nb_path)["cells"]):
        if cell["cell_type"] != "code":
            continue
        for size in FONTSIZE.findall(source(cell)):
            assert float(size) >= MIN_FONT_PT, f"cell {i}: fontsize={size}, below {MIN_FONT_PT} pt"
        for out in cell.get("outputs", []):
            if "image/png" not in out.get("data", {}):
                continue
            width, _ = png_size(out["data"]["image/png"])
            css_width = out.get("metadata", {}).get("image/png", {}).get("width", width)
            assert css_width <= MAX_CSS_WIDTH, f"cell {i}: a figure {css_width} CSS px wide (at most {MAX_CSS_WIDTH})"


def test_no_cell_ends_with_a_semicolon(nb_path):
    for i, cell in enumerate(load(nb_path)["cells"]):
        if cell["cell_type"] == "code":
            assert not source(cell).rstrip().endswith(";"), f"cell {i}: nbval ignores ';', use plt.show()"


def test_exercises_have_stub_check_and_hidden_solution(nb_path):
    cells = load(nb_path)["cells"]
    tags = [c["metadata"].get("tags", []) for c in cells]
    stubs = [i for i, t in enumerate(tags) if "exercise" in t]
    assert len(stubs) >= 2, "at least two exercises"
    for i in stubs:
        assert "NotImplementedError" in source(cells[i]), f"cell {i}: a stub raises NotImplementedError"
        assert "check" in tags[i + 1], f"cell {i + 1}: the check call follows the stub"
        assert "solution" in tags[i + 2], f"cell {i + 2}: the solution follows the check"
        solution = cells[i + 2]
        assert solution["metadata"].get("jupyter", {}).get("source_hidden") is True
        check_call = source(cells[i + 1]).strip().splitlines()[-1]
        # the same check, called on the solutions' own names: check_f(f, g) → check_f(f_solution, g_solution)
        solution_call = re.sub(r"([(,]\s*)(\w+)(?=\s*[,)])", r"\1\2_solution", check_call)
        assert source(solution).strip().splitlines()[-1] == solution_call, "the solution runs the same check"
        assert "not started yet" in json.dumps(cells[i + 1]["outputs"], ensure_ascii=False)
        assert "passed ✓" in json.dumps(solution["outputs"], ensure_ascii=False)


def test_readme_lists_every_notebook():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_list() in text, "run `python -m tools.navigation`"
