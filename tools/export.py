"""Write a static HTML copy of the series that reads offline, math included.

    python -m tools.export OUT [--student] [--force]

OUT gets ``index.html`` (the list of notebooks), one ``NN_name.html`` per
notebook of the series that exists, and ``mathjax/`` with a local copy of
MathJax 3 (``tex-svg-full.js``: one file, no web fonts, so it also works from
``file://``). Nothing in a page is fetched from the internet: the figures are
embedded, the styles are inline, and the math is typeset by the local MathJax.

The pages show the stored outputs (no notebook is re-executed): every figure,
every printed check, and the default state of every widget as a picture. The
live widgets and the code need a kernel, so they only work in JupyterLab.
Solutions are folded into a "Solution" box that a reader opens on purpose;
with ``--student`` the pages are made from the student version instead
(solutions removed, see ``tools.student``). Links between notebooks point to
the pages, and the "Contents" link to the index.

OUT is never overwritten silently: the same rule as ``tools.student`` (an
existing OUT needs ``--force``, which replaces only the files this tool wrote
and nobody changed since; they are recorded in ``OUT/.export-build.json``).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

from .catalogue import NOTEBOOK_DIR, ROOT, SERIES, existing, notebook_paths, read
from .student import LINK, OutputFolder, Refused, student_notebook

MATHJAX_FILE = "tex-svg-full.js"

# The lab template with three changes: nothing loaded from a CDN (no require.js, no
# mermaid), MathJax 3 from the local copy, and solution cells folded away.
TEMPLATE = r"""
{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
<script>
window.MathJax = {
  tex: {inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]],
        processEscapes: true, processEnvironments: true},
  svg: {fontCache: "global"}
};
</script>
<script id="MathJax-script" defer src="{{ resources.lecture_mathjax }}"></script>
{%- endblock html_head_js_mathjax -%}
{% block extra_css %}
<style>
details.lecture-solution { margin: 4px 0 4px 64px; border-left: 3px solid #c8c8c8; padding-left: 8px; }
details.lecture-solution > summary { cursor: pointer; color: #555; font-style: italic; }
</style>
{% endblock extra_css %}
{% block codecell %}
{%- if 'solution' in cell.metadata.get('tags', []) -%}
<details class="lecture-solution"><summary>Solution (open it after trying the exercise)</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock codecell %}
"""

INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>The mathematics of neural networks</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.5;
        color: #222; }}
li {{ margin: 0.3em 0; }}
.missing {{ color: #888; }}
.note {{ font-size: 0.92em; color: #444; border-top: 1px solid #ddd; margin-top: 2em; padding-top: 0.5em; }}
</style>
</head>
<body>
<h1>The mathematics of neural networks, in NumPy</h1>
<p>{version}</p>
<h2 id="the-notebooks">The notebooks</h2>
<ol>
{items}
</ol>
<p class="note">These pages work offline: text, math (typeset by the copy of MathJax in <code>mathjax/</code>),
figures, printed results and the default state of every widget. Running code and moving the widgets'
controls need the notebooks themselves, open in JupyterLab.</p>
</body>
</html>
"""


def mathjax_dir() -> Path:
    """The MathJax 3 distribution installed by the ``django-static-mathjax`` package (plain static files)."""
    import importlib.util

    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("tools.export needs MathJax 3: pip install -r requirements-dev.txt "
                         "(it installs django-static-mathjax, a package of MathJax's static files)")
    folder = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax"
    if not (folder / "es5" / MATHJAX_FILE).is_file():
        raise SystemExit(f"no {MATHJAX_FILE} in {folder}: reinstall django-static-mathjax")
    return folder


def page_name(notebook_name: str) -> str:
    return Path(notebook_name).with_suffix(".html").name


def rewrite_links(source: str, present: set, extra: dict) -> str:
    """Point links at the pages: notebooks → .html, the README's list → index.html, copied files → files/…."""

    def replace(match):
        target = match.group(1) or match.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "/")):
            return match.group(0)
        path, sep, anchor = _split(target)
        if path in present:
            new = page_name(path) + sep + anchor
        elif path == "../README.md":
            new = "index.html" + ("#the-notebooks" if anchor else "")
        elif path in extra:
            new = extra[path] + sep + anchor
        else:
            return match.group(0)
        return match.group(0).replace(target, new, 1)

    return LINK.sub(replace, source)


def _split(target: str) -> tuple[str, str, str]:
    """'a.ipynb#x' → ('a.ipynb', '#', 'x')."""
    m = re.match(r"^([^#?]*)([#?]?)(.*)$", target)
    return m.group(1), m.group(2), m.group(3)


def linked_files(nb) -> dict[str, Path]:
    """Other files the Markdown links to (images, data): link target → file in the repository."""
    from .student import link_targets

    series = {e[1] for e in SERIES}
    found = {}
    for target in link_targets(nb):
        path = (NOTEBOOK_DIR / target).resolve()
        if target in series or target == "../README.md" or not path.is_file():
            continue
        try:
            path.relative_to(ROOT)
        except ValueError:
            continue
        found[target] = path
    return found


def exporter():
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", template_file="lecture.html.j2",
                        extra_loaders=[DictLoader({"lecture.html.j2": TEMPLATE})])


def build(student: bool = False) -> dict[str, bytes]:
    """Every file of the export: relative path in OUT → contents."""
    files: dict[str, bytes] = {}
    present = {e[1] for e in existing()}
    html_exporter = exporter()
    items = []
    titles = {e[1]: f"{e[0]} · {e[2]} ({e[3]})" for e in SERIES}
    for path in notebook_paths():
        nb = read(path)
        extra = {}
        for target, source in linked_files(nb).items():
            rel = "files/" + source.relative_to(ROOT).as_posix()
            files[rel] = source.read_bytes()
            extra[target] = rel
        if student:
            nb = student_notebook(nb)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = rewrite_links(cell.source, present, extra)
        nb.metadata["title"] = titles[path.name]
        body, _ = html_exporter.from_notebook_node(nb, resources={"lecture_mathjax": f"mathjax/{MATHJAX_FILE}"})
        files[page_name(path.name)] = body.encode()
    for number, name, title, korean in SERIES:
        label = html.escape(f"{number} · {title} ({korean})")
        if name in present:
            items.append(f'<li><a href="{page_name(name)}">{label}</a></li>')
        else:
            items.append(f'<li class="missing">{label}: not written yet</li>')
    version = ("Student version: the exercises without their solutions." if student else
               "The lecture notebooks as static pages. Each solution is folded away under its exercise.")
    files["index.html"] = INDEX.format(version=version, items="\n".join(items)).encode()
    mathjax = mathjax_dir()
    files[f"mathjax/{MATHJAX_FILE}"] = (mathjax / "es5" / MATHJAX_FILE).read_bytes()
    files["mathjax/LICENSE"] = (mathjax / "LICENSE").read_bytes()
    return files


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.export", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to create (refused if it exists, unless --force)")
    parser.add_argument("--student", action="store_true", help="export the student version (no solutions)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild an existing OUT, replacing only files this tool wrote that are unchanged")
    args = parser.parse_args(argv)
    folder = OutputFolder(args.out.resolve(), ".export-build.json", "tools.export")
    try:
        folder.check({}, args.force)
        files = build(student=args.student)
        notes = folder.write(files, args.force)
    except Refused as exc:
        print(f"tools.export: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(note)
    pages = sum(rel.endswith(".html") and rel != "index.html" for rel in files)
    print(f"wrote {pages} page(s) and index.html to {args.out}; open {args.out / 'index.html'} in a browser")
    return 0


if __name__ == "__main__":
    sys.exit(main())
