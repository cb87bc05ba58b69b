"""The static HTML export reads offline: math typeset by the bundled MathJax, no request leaves the folder."""

from __future__ import annotations

import re

import pytest

from tools.catalogue import notebook_paths
from tools.export import main as export

pytestmark = pytest.mark.browser

NAMES = [p.name for p in notebook_paths()]


@pytest.fixture(scope="module")
def html_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "html"
    assert export([str(out)]) == 0
    return out


@pytest.fixture
def offline(page):
    """The page with the network cut: only file:// loads; every other request is recorded and refused."""
    refused = []

    def route(request_route):
        if request_route.request.url.startswith("file:"):
            request_route.continue_()
        else:
            refused.append(request_route.request.url)
            request_route.abort()

    page.context.set_offline(True)
    page.context.route("**/*", route)
    page.refused = refused
    return page


def test_index_links_every_page(offline, html_dir, screenshots):
    shot = screenshots("export-index")
    offline.goto((html_dir / "index.html").as_uri())
    links = offline.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted(name.replace(".ipynb", ".html") for name in NAMES)
    assert all((html_dir / link).is_file() for link in links)
    offline.screenshot(path=shot("index"))
    assert not offline.refused, f"the index asked the network for {offline.refused}"


@pytest.mark.parametrize("name", NAMES)
def test_page_renders_math_offline(offline, html_dir, screenshots, name):
    page_name = name.replace(".ipynb", ".html")
    shot = screenshots("export-" + name.removesuffix(".ipynb"))
    offline.goto((html_dir / page_name).as_uri())
    offline.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30_000)
    offline.evaluate("() => MathJax.startup.promise")
    typeset = offline.evaluate("() => document.querySelectorAll('mjx-container').length")
    errors = offline.evaluate("() => document.querySelectorAll('mjx-merror').length")
    leftover = offline.evaluate(r"""() => [...document.querySelectorAll('.jp-RenderedMarkdown')].filter(e => {
        const c = e.cloneNode(true); c.querySelectorAll('mjx-container, code, pre').forEach(x => x.remove());
        return /\$[^$\s][^$]*\$|\\(frac|begin|mathbb|sum|partial)\b/.test(c.textContent); }).length""")
    assert typeset > 0, "MathJax typeset nothing"
    assert errors == 0, f"{errors} TeX error(s)"
    assert leftover == 0, f"{leftover} Markdown cell(s) still show raw TeX"
    figures = offline.evaluate("() => [...document.querySelectorAll('.jp-OutputArea-output img')]"
                               ".map(i => i.complete && i.naturalWidth > 0)")
    assert figures and all(figures), "a figure did not load"
    # Each widget's default state: its picture, sharp (2x, shown at its CSS size), then its line.
    widgets = offline.evaluate("""() => [...document.querySelectorAll('.jp-OutputArea-output pre')]
      .filter(p => p.innerText.startsWith('Default state:')).map(p => {
        const child = p.closest('.jp-OutputArea-child'), before = child && child.previousElementSibling;
        const img = before && before.querySelector('img');
        return img ? img.naturalWidth / img.getBoundingClientRect().width : 0; })""")
    assert widgets, "no widget's default state on the page"
    assert all(r >= 1.5 for r in widgets), f"widget pictures at {widgets} device px per CSS px (at least 1.5)"
    assert not offline.refused, f"the page asked the network for {offline.refused}"
    offline.screenshot(path=shot("top"))
    offline.locator("mjx-container[display='true']").nth(1).scroll_into_view_if_needed()
    offline.screenshot(path=shot("math"))
    links = offline.eval_on_selector_all(".jp-RenderedMarkdown a[href]", "as => as.map(a => a.getAttribute('href'))")
    for link in links:
        if not re.match(r"^[a-z]+:", link) and not link.startswith("#"):
            assert (html_dir / link.split("#")[0]).is_file(), f"{page_name} links to a missing {link}"
    solutions = offline.locator("details.lecture-solution")
    assert solutions.count() and not solutions.first.evaluate("d => d.open"), "solutions are folded away"
