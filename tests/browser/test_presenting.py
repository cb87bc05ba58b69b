"""Presenting: a widget's picture when its live view cannot load, a widget live on a slide,
and tools.present's JupyterLab (simple interface, large text, no side bars, keyboard-driven widgets)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from test_notebooks import (
    CONTROLS,
    IDLE,
    MARK_CONTROLS,
    WIDGET_VIEW,
    exercise_by_keyboard,
    figure_digest,
    move,
    open_notebook,
    run_all,
    wait_until,
)

from tools.catalogue import ROOT
from tools.present import stop

pytestmark = pytest.mark.browser

NOTEBOOK = "04_mlp_forward.ipynb"

# Every output whose bundle holds a widget view with a model id: what it shows now.
WIDGET_OUTPUTS = """() => [...window.lecturePanel.content.widgets].flatMap((cell, i) => {
  if (cell.model.type !== 'code') return [];
  const outputs = cell.model.outputs, nodes = cell.node.querySelectorAll('.jp-OutputArea-output');
  const found = [];
  for (let k = 0; k < outputs.length; k++) {
    const view = outputs.get(k).data['application/vnd.jupyter.widget-view+json'];
    if (!view || !view.model_id) continue;
    const node = nodes[k], img = node && node.querySelector('.lecture-widget-picture img');
    found.push({cell: i, text: node ? node.innerText.slice(0, 300) : '(no node)',
                picture: !!img && img.complete && img.naturalWidth > 0,
                sharpness: img ? img.naturalWidth / img.getBoundingClientRect().width : 0,
                live: !!(node && node.querySelector('img.widget-image'))});
  }
  return found;
})"""

PANEL = """(name) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return false;
  for (const w of app.shell.widgets('main'))
    if (w.context && w.context.path.endsWith(name) && w.context.isReady) { window.lecturePanel = w; return true; }
  return false;
}"""


def test_a_saved_notebook_reopened_without_a_kernel_shows_each_widget_picture(page, lab, screenshots):
    """Run the notebook, save it (its bundles now hold live model ids), and open it again with
    every kernel request refused: each widget shows its default picture and line, no status text."""
    shot = screenshots("reload-" + NOTEBOOK.removesuffix(".ipynb"))
    open_notebook(page, lab, NOTEBOOK)
    cells = run_all(page)
    live = sum(bool(out.get("data", {}).get(WIDGET_VIEW, {}).get("model_id"))
               for cell in cells for out in cell.get("outputs", []))
    assert live, "the notebook displayed no widget"
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function("() => !window.lecturePanel.context.model.dirty", timeout=30_000)
    page.evaluate("() => window.lecturePanel.sessionContext.shutdown()")
    page.wait_for_function("() => !window.lecturePanel.sessionContext.session", timeout=30_000)

    refused = []

    def no_kernel(route):
        if route.request.method == "POST":
            refused.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/api/sessions**", no_kernel)
    page.route("**/api/kernels**", no_kernel)
    page.goto(lab.notebook_url(NOTEBOOK))
    page.wait_for_function(PANEL, arg=NOTEBOOK, timeout=120_000, polling=250)
    seen = []
    page.on("request", lambda r: seen.append(f"{r.method} {r.url}") if "/api/" in r.url else None)
    ok = wait_until(lambda: refused, timeout=30)
    page.screenshot(path=shot("debug"))
    assert ok, f"JupyterLab never asked for a kernel: {seen[:40]}"
    time.sleep(2)
    assert page.evaluate("() => !window.lecturePanel.sessionContext.session?.kernel"), "a kernel runs after all"
    shown = wait_until(lambda: (o := page.evaluate(WIDGET_OUTPUTS)) and len(o) == live
                       and all(x["picture"] for x in o) and o, timeout=60) or page.evaluate(WIDGET_OUTPUTS)
    assert len(shown) == live, f"{live} widget outputs saved, {len(shown)} found after the reload: {shown}"
    for out in shown:
        assert out["picture"], f"cell {out['cell']}: no picture after the reload, it shows {out['text']!r}"
        assert "Default state:" in out["text"], f"cell {out['cell']}: the picture has no line of text"
        assert "Loading widget" not in out["text"] and "Error displaying widget" not in out["text"], out["text"]
        assert not out["live"], f"cell {out['cell']}: a live view without a kernel?"
        assert out["sharpness"] >= 1.5, f"cell {out['cell']}: picture at {out['sharpness']:.2f} px per CSS px"
    page.locator(".lecture-widget-picture").first.scroll_into_view_if_needed()
    page.screenshot(path=shot("picture"))


def slide_of(page, text: str):
    """(h, v) of the first slide whose text contains ``text``, or None."""
    return page.evaluate("""(text) => {
      const stacks = [...document.querySelectorAll('.reveal .slides > section')];
      for (const [h, stack] of stacks.entries()) {
        const inner = stack.querySelectorAll(':scope > section');
        const list = inner.length ? [...inner] : [stack];
        for (const [v, s] of list.entries()) if (s.innerText.includes(text)) return [h, v];
      }
      return null; }""", text)


def test_a_widget_moves_on_a_slide(page, lab, screenshots):
    """Notebook 04 as a RISE deck: go to the widget's slide, run its cell there, move a control,
    and the figure changes. The slide shows the one live figure, sharp."""
    shot = screenshots("rise-widget-" + NOTEBOOK.removesuffix(".ipynb"))
    page.goto(lab.deck_url(NOTEBOOK))
    page.wait_for_selector(".reveal .slides section.present", timeout=120_000)
    where = wait_until(lambda: slide_of(page, "xor_network_widget()"), timeout=60)
    assert where, "no slide holds the widget's cell"
    page.evaluate("([h, v]) => { location.hash = `#/slide-${h}-${v}`; }", where)
    time.sleep(1)
    slide = page.locator(".reveal .slides section.present")
    cell = slide.locator(".jp-CodeCell", has_text="xor_network_widget()").first
    cell.wait_for(state="visible", timeout=30_000)
    page.screenshot(path=shot("before-run"))
    # The deck starts its kernel on its own; run the cell in place (Ctrl+Enter), again if it was early.
    figure = cell.locator(".jupyter-widgets img.widget-image").first
    for _attempt in range(6):
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+Enter")
        try:
            figure.wait_for(state="visible", timeout=20_000)
            break
        except Exception:  # the kernel was still starting: run it again
            continue
    figure.wait_for(state="visible", timeout=30_000)
    wait_until(lambda: figure.evaluate("i => i.complete && i.naturalWidth > 0"), timeout=20)
    pictures = cell.evaluate("c => [...c.querySelectorAll('.jp-OutputArea-output img')]"
                             ".filter(i => i.getBoundingClientRect().width > 0).length")
    assert pictures == 1, f"{pictures} figures on the slide while the widget is live"
    sharpness = figure.evaluate("i => i.naturalWidth / i.getBoundingClientRect().width")
    assert sharpness >= 1.5, f"the live figure has {sharpness:.2f} device px per CSS px"
    page.screenshot(path=shot("live"))
    box = cell.locator(".widget-vbox").first
    assert box.evaluate(MARK_CONTROLS, CONTROLS), "the widget on the slide has no control"
    slider = box.locator("[data-lecture-control].widget-slider").first
    before = figure_digest(figure)
    action = move(page, slider)
    assert wait_until(lambda: figure_digest(figure) != before, timeout=10), f"{action}: the figure did not change"
    page.screenshot(path=shot("moved"))



@pytest.fixture
def presenter(tmp_path):
    """``python -m tools.present 04 --no-browser`` on a free port; yields the address it prints."""
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"),
               IPYTHONDIR=str(tmp_path / "ipython"))
    server = subprocess.Popen([sys.executable, "-m", "tools.present", "04", "--no-browser", "--ip", "0.0.0.0", "--",
                               "--expose-app-in-browser"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True)
    url = None
    try:
        for line in server.stdout:
            if line.startswith("Presenting "):
                url = line.split(": ", 1)[1].strip()
                break
        assert url, "tools.present printed no address"
        import threading

        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        status = url.split("/doc/")[0] + "/api/status?" + url.split("?", 1)[1]
        import urllib.request

        def answers():
            try:
                urllib.request.urlopen(status, timeout=2).close()
                return True
            except OSError:
                return False

        assert wait_until(answers, timeout=90), "tools.present's JupyterLab did not answer"
        yield url
    finally:
        stop(server)
    assert url and wait_until(lambda: not answers(), timeout=30), "JupyterLab still runs after tools.present stopped"


def test_present_opens_the_notebook_large_and_alone_and_widgets_work_by_keyboard(page, presenter, screenshots):
    shot = screenshots("present-" + NOTEBOOK.removesuffix(".ipynb"))
    page.goto(presenter)
    page.wait_for_function(PANEL, arg=NOTEBOOK, timeout=120_000, polling=250)
    page.wait_for_selector(".jp-RenderedMarkdown p", timeout=60_000)
    time.sleep(1)
    layout = page.evaluate("""() => ({mode: window.jupyterapp.shell.mode,
      sidebars: [...document.querySelectorAll('.jp-SideBar')].filter(e => e.offsetWidth > 0).length,
      fileBrowser: [...document.querySelectorAll('.jp-FileBrowser')].some(e => e.offsetWidth > 0),
      text: parseFloat(getComputedStyle(document.querySelector('.jp-RenderedMarkdown p')).fontSize),
      news: document.body.innerText.includes('official Jupyter news')})""")
    page.screenshot(path=shot("opened"))
    assert layout["mode"] == "single-document", layout
    assert layout["sidebars"] == 0 and not layout["fileBrowser"], layout
    assert layout["text"] >= 18, f"Markdown text is {layout['text']} px"
    assert not layout["news"], "the news pop-up shows"

    page.wait_for_function(
        "() => { const k = window.lecturePanel.sessionContext.session?.kernel;"
        " return k && k.connectionStatus === 'connected' && k.status === 'idle'; }", timeout=180_000, polling=250)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(IDLE, timeout=300_000, polling=250)
    figure = page.locator(".jupyter-widgets img.widget-image").first
    figure.wait_for(state="visible", timeout=60_000)
    box = figure.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' widget-vbox ')][1]")
    box.scroll_into_view_if_needed()
    assert box.evaluate(MARK_CONTROLS, CONTROLS), "the widget has no control"
    done = exercise_by_keyboard(page, box, figure)
    page.screenshot(path=shot("after-keys"))
    unchanged = [label for label, changed in done if not changed]
    assert not unchanged, f"keys did not change the figure for controls {unchanged} (all: {done})"
    print("keyboard:", *done, sep="\n  ")
    page.evaluate("() => window.lecturePanel.sessionContext.shutdown()")


def test_present_refuses_an_unknown_notebook():
    result = subprocess.run([sys.executable, "-m", "tools.present", "99", "--no-browser"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "no notebook '99'" in result.stderr + result.stdout
    assert quote("04_mlp_forward") in result.stderr + result.stdout
