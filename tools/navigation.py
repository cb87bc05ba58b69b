"""Generate the navigation cells of every notebook and the README's notebook list.

    python -m tools.navigation

Each notebook starts and ends with a Markdown cell tagged ``navigation``;
their text comes only from here (never edit them by hand). The README's
list between ``<!-- notebooks:start -->`` and ``<!-- notebooks:end -->`` is
generated the same way.
"""

from __future__ import annotations

import hashlib

from .catalogue import ROOT, SERIES, existing, notebook_paths, read, write

TAG = "navigation"
README_START, README_END = "<!-- notebooks:start -->", "<!-- notebooks:end -->"


def _label(entry) -> str:
    number, _, title, korean = entry
    return f"{number} · {title} ({korean})"


def _link(entry) -> str:
    return f"[{_label(entry)}]({entry[1]})"


def neighbours(file_name: str):
    """(previous entry or None, next entry or None) in SERIES."""
    names = [e[1] for e in SERIES]
    i = names.index(file_name)
    return (SERIES[i - 1] if i > 0 else None), (SERIES[i + 1] if i + 1 < len(SERIES) else None)


def _ref(entry, present: set) -> str:
    return _link(entry) if entry[1] in present else f"{_label(entry)} (not written yet)"


def top_text(file_name: str, present: set) -> str:
    prev, nxt = neighbours(file_name)
    parts = ["[Contents](../README.md#the-notebooks)"]
    if prev:
        parts.append("← " + _ref(prev, present))
    if nxt:
        parts.append(_ref(nxt, present) + " →")
    return " · ".join(parts)


def bottom_text(file_name: str, present: set) -> str:
    prev, nxt = neighbours(file_name)
    if nxt:
        line = f"**Next:** {_ref(nxt, present)}"
    else:
        line = "**This is the last notebook of the series.**"
    extra = ["[Contents](../README.md#the-notebooks)"] + (["← " + _ref(prev, present)] if prev else [])
    return line + "  \n" + " · ".join(extra)


def _cell(text: str, position: str):
    import nbformat

    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["tags"] = [TAG]
    cell.id = f"nav-{position}"
    return cell


def update_notebook(nb, file_name: str, present: set):
    """Replace (or add) the first and last navigation cells of ``nb``."""
    cells = [c for c in nb.cells if TAG not in c.get("metadata", {}).get("tags", [])]
    nb.cells = [_cell(top_text(file_name, present), "top"), *cells, _cell(bottom_text(file_name, present), "bottom")]
    return nb


def readme_list() -> str:
    lines = []
    present = {e[1] for e in existing()}
    for entry in SERIES:
        if entry[1] in present:
            lines.append(f"- [{_label(entry)}](notebooks/{entry[1]})")
        else:
            lines.append(f"- {_label(entry)}: not written yet")
    return "\n".join(lines)


def update_readme() -> bool:
    path = ROOT / "README.md"
    text = path.read_text(encoding="utf-8")
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    new = text[:start] + "\n" + readme_list() + "\n" + text[end:]
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def stable_id(cell, index: int) -> str:
    """A cell id from the cell's position and source: the same input, the same id."""
    digest = hashlib.sha1(f"{index}:{cell.source}".encode()).hexdigest()[:8]
    return f"c{index:02d}-{digest}"


def main() -> None:
    present = {e[1] for e in existing()}
    for path in notebook_paths():
        nb = update_notebook(read(path), path.name, present)
        if write(nb, path):
            print(f"updated navigation of {path.name}")
    if update_readme():
        print("updated the notebook list in README.md")


if __name__ == "__main__":
    main()
