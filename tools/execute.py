"""Re-execute notebooks in place, deterministically, and normalise them.

    python -m tools.execute [NB ...]

With no arguments every notebook of the series is run. Each notebook gets
fresh navigation cells, runs top to bottom in a new python3 kernel with its
folder as the working directory, and is written back in canonical form:
no timing metadata, no widget state, no live-widget model ids, pictures in
a 256-colour palette (compact_png), stable cell
ids, solution cells collapsed. Running it again on an unchanged notebook
changes nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from .catalogue import ROOT, existing, notebook_paths, read, write
from .navigation import update_notebook, update_readme

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# RISE deck settings: a slide taller than the screen scrolls instead of being cut off.
RISE = {"scroll": True}
BOLD_LEAD = re.compile(r"\*\*[^*\n]+\*\*")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def shows_widget(cell) -> bool:
    """Whether a code cell's outputs hold a widget (its default state's line, see LiveFigure)."""
    from lecture_utils.widgets._base import DEFAULT_LINE

    for out in cell.get("outputs", []):
        text = out.get("data", {}).get("text/plain", "")
        if "".join(text).startswith(DEFAULT_LINE):
            return True
    return False


def slide_type(cell, previous=None) -> str:
    """RISE slide type, so that the notebook reads as a deck with one idea per slide.

    A title (#) or a section (##) starts a slide. A sub-slide starts at a subsection (###)
    and at every Markdown cell that begins a new step: one that follows a code cell (the
    code closed the previous step) or one that opens with a bold lead-in such as
    "**Worked example.**". A code cell that shows a widget starts a sub-slide too, so that
    its controls, figure and line fit on the screen. Any other cell continues the current
    slide; navigation cells are skipped. ``previous`` is the cell before ``cell`` (None for the first).
    """
    text = cell.source.lstrip()
    if "navigation" in cell.metadata.get("tags", []):
        return "skip"
    if cell.cell_type == "code" and shows_widget(cell):
        return "subslide"  # a widget needs the whole screen: its own slide, the text before it on the last
    if cell.cell_type != "markdown":
        return "-"
    if text.startswith("# ") or text.startswith("## "):
        return "slide"
    if text.startswith("### ") or BOLD_LEAD.match(text):
        return "subslide"
    if previous is not None and previous.cell_type == "code":
        return "subslide"
    return "-"


def compact_png(data: str) -> str:
    """A base64 PNG re-encoded with a palette of at most 256 colours, if that is smaller.

    A figure of the series has a few flat colours and their anti-aliased edges, so a
    median-cut palette without dithering looks the same and is about a third of the size:
    this keeps a notebook of 2x widget pictures and projector-sized figures under 500 KB.
    """
    import base64
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(data)))
    if image.mode == "P":
        return data
    small = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    small.save(buf, format="png", optimize=True)
    packed = base64.b64encode(buf.getvalue()).decode("ascii")
    return packed if len(packed) < len(data) else data


def normalise(nb):
    """Strip what varies between runs and enforce the cell conventions."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["rise"] = dict(RISE)
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata["slideshow"] = {"slide_type": slide_type(cell, nb.cells[i - 1] if i else None)}
        tags = cell.metadata.get("tags", [])
        if "solution" in tags:
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.outputs:
            out.pop("transient", None)
            data = out.get("data")
            if data is not None and WIDGET_VIEW in data:
                data.pop(WIDGET_VIEW)  # its model id is random and means nothing without a kernel
            if data is not None and "image/png" in data:
                data["image/png"] = compact_png(data["image/png"])
            previous = outputs[-1] if outputs else None
            if (out.output_type == "stream" and previous is not None and previous.output_type == "stream"
                    and previous.name == out.name):
                previous.text += out.text  # how printed text is split into messages varies from run to run
                continue
            outputs.append(out)
        cell.outputs = outputs
    return nb


def assign_ids(nb):
    """Keep every existing cell id; give new cells one derived from position and source."""
    from .navigation import stable_id

    seen = set()
    for i, cell in enumerate(nb.cells):
        if not cell.get("id") or cell.id in seen:
            cell.id = stable_id(cell, i)
        seen.add(cell.id)
    return nb


def execute(path: Path, timeout: int = 300) -> None:
    """Run one notebook in place."""
    from nbclient import NotebookClient

    present = {e[1] for e in existing()}
    nb = assign_ids(update_notebook(read(path), path.name, present))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            store_widget_state=False, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    changed = write(normalise(nb), path)
    print(f"{'updated' if changed else 'unchanged'}: {path.relative_to(ROOT)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.execute", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all)")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")  # small matrices: one BLAS thread is faster and repeatable
    paths = [p.resolve() for p in args.notebooks] or notebook_paths()
    for path in paths:
        if not path.exists():
            print(f"no such notebook: {path}", file=sys.stderr)
            return 2
        execute(path)
    update_readme()
    return 0


if __name__ == "__main__":
    sys.exit(main())
