"""Write the student version of every notebook: exercises kept, solutions removed.

    python -m tools.student OUT [--force]

OUT mirrors the repository: ``OUT/notebooks/NN_name.ipynb`` for every notebook
of the series that exists, ``OUT/README.md`` (a short student README whose
"The notebooks" section is what the navigation links point to), and any other
file the notebooks link to. In each notebook

* every cell tagged ``solution`` is removed, with its outputs;
* every stub (tag ``exercise``) and its check (tag ``check``) are kept;
* a check cell keeps its stored output only when that is the "not started yet"
  report (what the student sees on a first run); any other check output is
  cleared, and so is any stored output that reports a passed check;
* the sentence of the Exercises introduction that points to the solutions is
  replaced by a note that this copy has none;
* execution counts are renumbered 1, 2, ... so the copy reads as one clean run.

Everything else keeps its stored outputs (figures, printed checks, the default
state of every widget), so the student copy reads like the lecture.
``lecture_utils`` is not copied: it is installed in the course environment.

Overwriting (the ``--force`` rule): without ``--force`` an existing OUT is
refused. With ``--force`` a file in OUT is replaced only if the previous run of
this tool wrote it and nobody changed it since: its SHA-256 still matches the
record in ``OUT/.student-build.json``. If any file the tool is about to write
fails that test, nothing at all is written and the files are listed. Files the
tool does not write (a student's own notebook, checkpoints, notes) are never
touched; files of the previous build that are no longer produced are deleted
only if unchanged.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import re
import sys
from pathlib import Path

from .catalogue import NOTEBOOK_DIR, ROOT, SERIES, existing, notebook_paths, read

NOT_STARTED = "not started yet"
PASSED = re.compile(r"\d+/\d+ cases passed")
SOLUTION_SENTENCE = re.compile(r"[^.!?]*\bsolutions?\b[^.!?]*[.!?]\s*", re.I)
STUDENT_NOTE = "*This is the student version: it has no solutions. Try each exercise until its check passes.*"
LINK = re.compile(r"""\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|\bsrc\s*=\s*["']([^"']+)["']""")


# ---------------------------------------------------------------- writing OUT safely


class Refused(Exception):
    """OUT cannot be written without overwriting something the tool does not own."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class OutputFolder:
    """A folder that a tool writes, never overwriting what it did not write itself.

    The tool records every file it writes, with its SHA-256, in a manifest
    (``OUT/<manifest>``). A later run with ``force=True`` may replace exactly
    those files that are still unchanged; anything else in the way is refused.
    """

    def __init__(self, out: Path, manifest: str, tool: str):
        self.out, self.manifest_path, self.tool = out, out / manifest, tool

    def recorded(self) -> dict[str, str]:
        """relative path → SHA-256 of the files the previous build wrote (empty if none)."""
        if not self.manifest_path.exists():
            return {}
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            return dict(data["files"])
        except (ValueError, KeyError, TypeError) as exc:
            raise Refused(f"{self.manifest_path} is not a manifest this tool can read ({exc}); "
                          "move it away if OUT is yours to replace") from exc

    def check(self, files: dict[str, bytes], force: bool) -> None:
        """Raise Refused unless ``files`` can be written without losing anyone's work."""
        if self.out.exists() and not self.out.is_dir():
            raise Refused(f"{self.out} exists and is not a folder")
        if self.out.exists() and not force:
            raise Refused(f"{self.out} already exists: refusing to write into it.\n"
                          f"Choose a new folder, or add --force to rebuild a folder that {self.tool} made "
                          "(it replaces only its own files that nobody has changed).")
        if not self.out.exists():
            return
        recorded = self.recorded()
        blocked = []
        for rel in sorted(files):
            path = self.out / rel
            if not path.exists() and not path.is_symlink():
                continue
            if path.is_symlink() or not path.is_file():
                blocked.append(f"{rel} (not a regular file)")
            elif rel not in recorded:
                blocked.append(f"{rel} (not written by {self.tool})")
            elif sha256(path.read_bytes()) != recorded[rel]:
                blocked.append(f"{rel} (changed since {self.tool} wrote it)")
        if blocked:
            raise Refused(f"refusing to overwrite {len(blocked)} file(s) in {self.out} that {self.tool} "
                          "does not own:\n" + "\n".join(f"  {b}" for b in blocked)
                          + "\nNothing was written. Move these files away (or delete them) and run again.")

    def write(self, files: dict[str, bytes], force: bool) -> list[str]:
        """Check, then write every file and the manifest; return notes about stale files."""
        self.check(files, force)
        previous = self.recorded() if self.out.exists() else {}
        notes = []
        for rel, data in files.items():
            path = self.out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for rel in sorted(set(previous) - set(files)):
            path = self.out / rel
            if path.is_file() and not path.is_symlink() and sha256(path.read_bytes()) == previous[rel]:
                path.unlink()
                notes.append(f"removed {rel} (from an earlier build, no longer produced)")
            elif path.exists():
                notes.append(f"kept {rel}: an earlier build wrote it, it has changed since, so it is yours now")
        record = {"tool": self.tool, "files": {rel: sha256(data) for rel, data in sorted(files.items())}}
        self.manifest_path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        return notes


# ---------------------------------------------------------------- the student notebook


def tags(cell) -> list:
    return cell.get("metadata", {}).get("tags", [])


def output_text(cell) -> str:
    """All text a cell's stored outputs show (stream text and text/* data)."""
    parts = []
    for out in cell.get("outputs", []):
        text = out.get("text")
        if text is not None:
            parts.append("".join(text) if isinstance(text, list) else text)
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/"):
                parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def clear_outputs(cell) -> None:
    cell["outputs"] = []
    cell["execution_count"] = None


def reword_exercise_intro(source: str) -> str:
    """Drop the sentences that point to the solutions and say this copy has none."""
    head, _, body = source.partition("\n")
    body = SOLUTION_SENTENCE.sub("", body).rstrip()
    return f"{head}\n{body}\n\n{STUDENT_NOTE}" if body.strip() else f"{head}\n\n{STUDENT_NOTE}"


def student_notebook(nb, warn=lambda msg: None):
    """The student version of a notebook (a new object; ``nb`` is not changed)."""
    nb = copy.deepcopy(nb)
    cells = [cell for cell in nb.cells if "solution" not in tags(cell)]
    count = 0
    for i, cell in enumerate(cells):
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("## Exercises"):
            cell.source = reword_exercise_intro(cell.source.lstrip())
        if cell.cell_type != "code":
            continue
        text = output_text(cell)
        if "exercise" in tags(cell):
            cell.outputs = []
        elif "check" in tags(cell) and (NOT_STARTED not in text or PASSED.search(text)):
            clear_outputs(cell)
        elif PASSED.search(text):
            warn(f"cell {i}: its stored output reports a passed check; cleared in the student version")
            clear_outputs(cell)
        if cell.execution_count is not None:
            count += 1
            cell.execution_count = count
            for out in cell.outputs:
                if out.get("output_type") == "execute_result":
                    out["execution_count"] = count
    nb.cells = cells
    return nb


def notebook_bytes(nb) -> bytes:
    """The repository's canonical notebook text (as tools.catalogue.write produces)."""
    import nbformat

    return (json.dumps(nbformat.from_dict(nb), indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


# ---------------------------------------------------------------- what the notebooks link to


def link_targets(nb) -> set[str]:
    """Relative link and image targets of the Markdown cells, without #anchors or ?queries."""
    targets = set()
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for match in LINK.finditer(cell.source):
            target = match.group(1) or match.group(2)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "/")):
                continue  # an absolute URL, an anchor in the same notebook, or an absolute path
            target = re.split(r"[#?]", target)[0]
            if target:
                targets.add(target)
    return targets


def student_readme() -> str:
    lines = [
        "# The mathematics of neural networks: student version",
        "",
        "The lecture notebooks with every exercise and its check, but without the solutions.",
        "Open them with the course environment active (it installs `lecture_utils`, which the",
        "notebooks import): `jupyter lab notebooks/`.",
        "",
        "## The notebooks",
        "",
    ]
    present = {e[1] for e in existing()}
    for number, name, title, korean in SERIES:
        label = f"{number} · {title} ({korean})"
        lines.append(f"- [{label}](notebooks/{name})" if name in present else f"- {label}: not written yet")
    lines += [
        "",
        "## Exercises",
        "",
        "An exercise is a cell with a function to write, followed by a check call such as",
        "`check_predict(predict)`. Run the check after each attempt: it says **not started yet**,",
        "**all k/k cases passed**, or shows the first failing case with a hint. Run every cell",
        "above the exercises first (Run → Run All Cells), then work on the exercises in order.",
        "",
    ]
    return "\n".join(lines)


def build(warn=lambda msg: None) -> dict[str, bytes]:
    """Every file of the student version: relative path in OUT → contents."""
    files: dict[str, bytes] = {}
    linked: set[Path] = set()
    for path in notebook_paths():
        nb = read(path)
        files[f"notebooks/{path.name}"] = notebook_bytes(student_notebook(nb, lambda m, p=path: warn(f"{p.name}: {m}")))
        linked |= {(NOTEBOOK_DIR / t).resolve() for t in link_targets(nb)}
    files["README.md"] = student_readme().encode()
    series = {f"notebooks/{entry[1]}" for entry in SERIES}
    for target in sorted(linked):
        try:
            rel = target.relative_to(ROOT).as_posix()
        except ValueError:
            warn(f"a link points outside the repository, not copied: {target}")
            continue
        if rel in files or rel in series:
            continue  # a notebook of the series: written above, or not written yet
        if target.is_file():
            files[rel] = target.read_bytes()
        else:
            warn(f"a link points to {rel}, which does not exist; not copied")
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.student", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to create (refused if it exists, unless --force)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild an existing OUT, replacing only files this tool wrote that are unchanged")
    args = parser.parse_args(argv)

    def warn(msg):
        print(f"warning: {msg}", file=sys.stderr)

    folder = OutputFolder(args.out.resolve(), ".student-build.json", "tools.student")
    try:
        folder.check({}, args.force)  # refuse early, before any work
        files = build(warn)
        notes = folder.write(files, args.force)
    except Refused as exc:
        print(f"tools.student: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(note)
    count = sum(rel.endswith(".ipynb") for rel in files)
    print(f"wrote the student version of {count} notebook(s) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
