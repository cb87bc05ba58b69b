"""The student version: solutions removed, stubs and checks kept, runs clean, never overwrites."""

from __future__ import annotations

import ast
import asyncio
import json
import re

import pytest

from tools.catalogue import NOTEBOOK_DIR, notebook_paths, read
from tools.student import NOT_STARTED, link_targets, main, tags

NOTEBOOKS = notebook_paths()
NAMES = [p.name for p in NOTEBOOKS]


def functions(source: str) -> dict[str, str]:
    """name → signature (``def name(args)``) of the top-level functions a cell defines."""
    tree = ast.parse(source)
    return {node.name: f"def {node.name}({ast.unparse(node.args)})" for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def cells_tagged(nb, tag: str) -> list:
    return [cell for cell in nb.cells if tag in tags(cell)]


def all_output_text(cell) -> str:
    return json.dumps(cell.get("outputs", []), ensure_ascii=False)


@pytest.fixture(scope="session")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student") / "course"
    assert main([str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def executed(student_dir):
    """Each student notebook, run once in a fresh python3 kernel (two at a time)."""
    from nbclient import NotebookClient

    notebooks = {name: read(student_dir / "notebooks" / name) for name in NAMES}
    clients = [NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True, record_timing=False,
                              resources={"metadata": {"path": str(student_dir / "notebooks")}})
               for nb in notebooks.values()]

    async def run_all():
        slots = asyncio.Semaphore(2)

        async def run(client):
            async with slots:
                await client.async_execute()

        await asyncio.gather(*(run(client) for client in clients))

    asyncio.run(run_all())
    return notebooks


def test_every_notebook_has_a_student_version(student_dir):
    assert NAMES, "no notebook of the series exists"
    written = sorted(p.name for p in (student_dir / "notebooks").glob("*.ipynb"))
    assert written == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_solutions_removed_and_every_stub_kept_with_its_check(student_dir, name):
    original, student = read(NOTEBOOK_DIR / name), read(student_dir / "notebooks" / name)
    assert cells_tagged(original, "solution"), "the original has solutions to remove"
    assert not cells_tagged(student, "solution")
    for tag in ("exercise", "check"):
        assert [c.source for c in cells_tagged(student, tag)] == [c.source for c in cells_tagged(original, tag)]
    for i, cell in enumerate(student.cells):
        if "exercise" in tags(cell):
            assert "check" in tags(student.cells[i + 1]), f"cell {i + 1}: the stub's check follows it"
    solutions = {c.source for c in cells_tagged(original, "solution")}
    assert not solutions & {c.source for c in student.cells}


SOLUTION_SUFFIX = "_solution"


@pytest.mark.parametrize("name", NAMES)
def test_every_stub_has_the_signature_of_its_solution(name):
    """The solution of stub ``f`` is ``f_solution``, with the same arguments."""
    nb = read(NOTEBOOK_DIR / name)
    solved = {}
    for cell in cells_tagged(nb, "solution"):
        for fname, signature in functions(cell.source).items():
            if fname.endswith(SOLUTION_SUFFIX):
                stub_name = fname.removesuffix(SOLUTION_SUFFIX)
                solved[stub_name] = signature.replace(f"def {fname}(", f"def {stub_name}(", 1)
    for cell in cells_tagged(nb, "exercise"):
        stubs = functions(cell.source)
        assert stubs, f"the stub defines no function:\n{cell.source}"
        for fname, signature in stubs.items():
            assert fname in solved, f"no solution defines {fname}{SOLUTION_SUFFIX}"
            assert signature == solved[fname], f"stub {signature} but solution {solved[fname]}"


@pytest.mark.parametrize("name", NAMES)
def test_a_solution_never_rebinds_the_students_function(name):
    """Run All must leave the student's own function (and its check's report) in place."""
    nb = read(NOTEBOOK_DIR / name)
    stubs = set()
    for cell in cells_tagged(nb, "exercise"):
        stubs |= set(functions(cell.source))
    for cell in cells_tagged(nb, "solution"):
        tree = ast.parse(cell.source)
        bound = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
        bound |= {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
        assert not bound & stubs, f"a solution cell rebinds {sorted(bound & stubs)}"
        called = {node.args[0].id for node in ast.walk(tree) if isinstance(node, ast.Call) and node.args
                  and isinstance(node.args[0], ast.Name) and getattr(node.func, "id", "").startswith("check_")}
        assert called and all(c.endswith(SOLUTION_SUFFIX) for c in called), f"the solution cell checks {called}"


@pytest.mark.parametrize("name", NAMES)
def test_no_stored_output_gives_an_answer_away(student_dir, name):
    student = read(student_dir / "notebooks" / name)
    for i, cell in enumerate(student.cells):
        text = all_output_text(cell)
        assert not re.search(r"\d+/\d+ cases passed", text), f"cell {i} stores a passed check"
        if "check" in tags(cell) and cell.outputs:
            assert NOT_STARTED in text, f"cell {i}: a stored check output other than {NOT_STARTED!r}"
    intro = [c.source for c in student.cells if c.cell_type == "markdown" and c.source.startswith("## Exercises")]
    assert intro and "student version" in intro[0]
    assert not re.search(r"\bsolutions? (is|are) in\b", intro[0], re.I), intro[0]


@pytest.mark.parametrize("name", NAMES)
def test_links_work_in_the_student_folder(student_dir, name):
    nb_dir = student_dir / "notebooks"
    for target in link_targets(read(nb_dir / name)):
        assert (nb_dir / target).exists(), f"{name} links to {target}, missing in the student folder"
    readme = (student_dir / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^## The notebooks$", readme, re.M), "the navigation cells link to #the-notebooks"
    assert f"(notebooks/{name})" in readme


@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_runs_clean_and_every_check_is_not_started(executed, name):
    nb = executed[name]
    checks = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", f"cell {i}: {out.ename}: {out.evalue}"
            assert out.get("name") != "stderr", f"cell {i} wrote to stderr: {out.text[:300]!r}"
        if "check" in tags(cell):
            checks += 1
            text = all_output_text(cell)
            assert NOT_STARTED in text, f"cell {i}: the check did not report {NOT_STARTED!r}: {text[:300]}"
            assert "passed" not in text
    assert checks == len(cells_tagged(read(NOTEBOOK_DIR / name), "check"))


# ------------------------------------------------------------------ never overwrite anyone's work


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_refuses_an_existing_folder_without_force(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("an instructor's notes")
    assert main([str(out)]) == 1
    message = capsys.readouterr().err
    assert "already exists" in message and "--force" in message
    assert snapshot(out) == {"mine.txt": b"an instructor's notes"}


def test_force_rebuilds_its_own_output_and_keeps_everything_else(tmp_path):
    out = tmp_path / "out"
    assert main([str(out)]) == 0
    (out / "notebooks" / "my_attempt.ipynb").write_text("{}")
    assert main([str(out)]) == 1, "an existing build is refused without --force"
    assert main([str(out), "--force"]) == 0
    assert (out / "notebooks" / "my_attempt.ipynb").read_text() == "{}"
    assert all((out / "notebooks" / name).exists() for name in NAMES)


def test_force_never_overwrites_a_changed_notebook(tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(out)]) == 0
    edited = out / "notebooks" / NAMES[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("raise NotImplementedError", "return 42"),
                      encoding="utf-8")
    before = snapshot(out)
    assert main([str(out), "--force"]) == 1
    assert f"notebooks/{NAMES[0]} (changed since" in capsys.readouterr().err
    assert snapshot(out) == before, "nothing is written when anything is refused"


def test_force_never_overwrites_files_it_did_not_write(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_text("an instructor's own README")
    assert main([str(out), "--force"]) == 1
    assert "README.md (not written by tools.student)" in capsys.readouterr().err
    assert snapshot(out) == {"README.md": b"an instructor's own README"}


# ------------------------------------------------------------------ presenting: every notebook is a deck

SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}


@pytest.mark.parametrize("name", NAMES)
def test_every_cell_carries_slide_metadata(name):
    from tools.execute import shows_widget

    for i, cell in enumerate(read(NOTEBOOK_DIR / name).cells):
        kind = cell.metadata.get("slideshow", {}).get("slide_type")
        assert kind in SLIDE_TYPES, f"cell {i} has no slide type (run python -m tools.execute)"
        text = cell.source.lstrip()
        if "navigation" in tags(cell):
            assert kind == "skip", f"cell {i}: navigation is not a slide"
        elif cell.cell_type == "markdown" and text.startswith(("# ", "## ")):
            assert kind == "slide", f"cell {i}: a title or section starts a slide"
        elif cell.cell_type == "markdown" and text.startswith("### "):
            assert kind == "subslide", f"cell {i}: a subsection starts a sub-slide"
        elif cell.cell_type == "code" and shows_widget(cell):
            assert kind == "subslide", f"cell {i}: a widget gets a slide of its own"
        elif cell.cell_type == "code":
            assert kind == "-", f"cell {i}: code stays on the slide of its explanation"


def test_slide_rule_gives_one_idea_per_slide():
    import nbformat

    from tools.execute import slide_type

    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nav = md("[Contents](../README.md)")
    nav.metadata["tags"] = ["navigation"]
    widget = code("linear_fit_widget(X, y)")
    widget.outputs = [nbformat.v4.new_output("display_data", {"text/plain": "Default state: w = 0.00"})]
    cells = [nav, md("# 01 · Title"), md("## 1. Section"), md("More of the derivation."), code("X = 1"),
             md("What the code showed."), md("**Worked example.** Numbers."), code("y = 2"), code("plt.show()"),
             md("### A subsection"), widget, md("What the widget showed.")]
    expected = ["skip", "slide", "slide", "-", "-", "subslide", "subslide", "-", "-", "subslide", "subslide",
                "subslide"]
    assert [slide_type(c, cells[i - 1] if i else None) for i, c in enumerate(cells)] == expected
