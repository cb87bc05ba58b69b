"""Every notebook, run for real in JupyterLab in headless Chromium; one notebook as a RISE deck."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from tools.catalogue import notebook_paths

pytestmark = pytest.mark.browser

NAMES = [p.name for p in notebook_paths()]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MINUS = "\u2212"  # slider readouts print U+2212, not "-"

# The notebook panel whose file is `name`, ready to run: the page and the model are loaded and
# the session has a connected, idle kernel (the toolbar says "idle" before any kernel exists).
READY = """(name) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return false;
  for (const w of app.shell.widgets('main')) {
    if (!w.context || !w.sessionContext || !w.context.path.endsWith(name)) continue;
    const sc = w.sessionContext, kernel = sc.session && sc.session.kernel;
    if (w.context.isReady && sc.isReady && kernel && kernel.connectionStatus === 'connected'
        && kernel.status === 'idle') { window.lecturePanel = w; return true; }
  }
  return false;
}"""

RUN_ALL = """async (ms) => {
  const panel = window.lecturePanel;
  window.jupyterapp.shell.activateById(panel.id);
  const run = window.jupyterapp.commands.execute('notebook:run-all-cells');
  const late = new Promise((_, no) => setTimeout(() => no(new Error(`Run All did not finish in ${ms} ms`)), ms));
  return await Promise.race([run, late]);
}"""

IDLE = """() => { const k = window.lecturePanel.sessionContext.session.kernel;
  return k.connectionStatus === 'connected' && k.status === 'idle'; }"""

MODEL = "() => window.lecturePanel.content.model.toJSON().cells"

# For each Markdown cell with $...$ in its source: has MathJax typeset it? Also TeX errors
# (mjx-merror) and TeX left as plain text (a $...$ or a \\command outside math, code and pre).
MATH = r"""() => {
  const cells = window.lecturePanel.content.widgets;
  const pending = [], raw = [];
  let typeset = 0;
  cells.forEach((cell, i) => {
    if (cell.model.type !== 'markdown') return;
    if (!/\$[^$]+\$/.test(cell.model.sharedModel.getSource())) return;
    const n = cell.node.querySelectorAll('mjx-container').length;
    if (n === 0) { pending.push(i); return; }
    typeset += n;
    const copy = cell.node.querySelector('.jp-RenderedMarkdown').cloneNode(true);
    copy.querySelectorAll('mjx-container, code, pre').forEach(e => e.remove());
    if (/\$[^$\s][^$]*\$|\\(frac|begin|mathbb|sum|partial)\b/.test(copy.textContent)) raw.push(i);
  });
  const errors = window.lecturePanel.node.querySelectorAll('mjx-merror').length;
  return {pending, raw, typeset, errors};
}"""

# Rendered widget views in the output areas, and whether each shows its live figure.
WIDGET_VIEWS = """() => [...window.lecturePanel.node.querySelectorAll('.jp-OutputArea-output')]
  .filter(o => o.querySelector('.jupyter-widgets'))
  .map(o => ({text: o.innerText.slice(0, 200),
              images: [...o.querySelectorAll('img.widget-image')].filter(i => i.src && i.naturalWidth > 0).length}))"""

# Per code cell with a live widget: its visible pictures, whether a "Default state:" line shows,
# and each live figure's natural width over the width it is shown at.
FIGURES_PER_WIDGET = """() => [...window.lecturePanel.node.querySelectorAll('.jp-CodeCell')]
  .filter(c => c.querySelector('.jupyter-widgets img.widget-image'))
  .map(c => {
    const seen = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const outputs = [...c.querySelectorAll('.jp-OutputArea-output')];
    return {pictures: [...c.querySelectorAll('.jp-OutputArea-output img')].filter(seen).length,
            line: outputs.some(o => seen(o) && o.innerText.includes('Default state:')),
            sharpness: [...c.querySelectorAll('img.widget-image')]
              .map(i => i.naturalWidth / i.getBoundingClientRect().width)};
  })"""

# A digest of the bytes an <img> shows (its src is a blob: URL that changes on every redraw).
IMAGE_DIGEST = """async (img) => {
  try {
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    let h = 2166136261;
    for (const b of bytes) { h ^= b; h = Math.imul(h, 16777619) >>> 0; }
    return `${bytes.length}:${h}`;
  } catch (e) { return null; }
}"""

# Mark the outermost controls of a widget box (a ToggleButtons holds buttons that also match).
MARK_CONTROLS = """(box, selector) => {
  const all = [...box.querySelectorAll(selector)];
  const outer = all.filter(c => !all.some(o => o !== c && o.contains(c)));
  outer.forEach((c, j) => c.setAttribute('data-lecture-control', String(j)));
  return outer.length;
}"""

CONTROLS = (".widget-slider, .widget-dropdown, .widget-toggle-buttons, .widget-radio, .widget-checkbox, "
            ".widget-toggle-button, .widget-text, .widget-button, .widget-play")


def wait_until(predicate, timeout: float, interval: float = 0.1):
    """Poll ``predicate`` until it returns something truthy; return it (or the last falsy value)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def text(out) -> str:
    value = out.get("text", "")
    return "".join(value) if isinstance(value, list) else value


def open_notebook(page, lab, name: str) -> float:
    """Open ``name`` in JupyterLab and wait for a really ready kernel; return the seconds it took."""
    start = time.monotonic()
    page.goto(lab.notebook_url(name))
    page.wait_for_function(READY, arg=name, timeout=180_000, polling=250)
    return time.monotonic() - start


def run_all(page) -> list[dict]:
    """Run All, wait for the kernel to settle, and return the notebook model's cells (nbformat JSON)."""
    page.evaluate(RUN_ALL, 300_000)
    page.wait_for_function(IDLE, timeout=60_000, polling=250)
    return page.evaluate(MODEL)


def assert_ran_clean(cells: list[dict]) -> None:
    problems = []
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code" or not "".join(cell["source"]).strip():
            continue
        if cell.get("execution_count") is None:
            problems.append(f"cell {i} did not run (Run All stops at the first error)")
        for out in cell.get("outputs", []):
            if out["output_type"] == "error":
                problems.append(f"cell {i}: {out['ename']}: {out['evalue']}")
            elif out["output_type"] == "stream" and out.get("name") == "stderr":
                problems.append(f"cell {i} wrote to stderr: {text(out)[:300]!r}")
    assert not problems, "\n".join(problems)


def assert_math_rendered(page, shot) -> int:
    state = wait_until(lambda: (s := page.evaluate(MATH)) and not s["pending"] and s, timeout=60)
    state = state or page.evaluate(MATH)
    assert not state["pending"], f"MathJax did not typeset the Markdown cells {state['pending']}"
    assert state["typeset"] > 0
    assert state["errors"] == 0, f"{state['errors']} TeX error(s) (mjx-merror) on the page"
    assert not state["raw"], f"TeX left as plain text in Markdown cells {state['raw']}"
    display = page.locator(".jp-MarkdownCell:has(mjx-container[display='true'])").first
    if display.count():
        display.scroll_into_view_if_needed()
        display.screenshot(path=shot("math"))
    return state["typeset"]


def figure_digest(image) -> str:
    digest = wait_until(lambda: image.evaluate(IMAGE_DIGEST), timeout=10)
    assert digest, "cannot read the widget's figure"
    return digest


def readout(control) -> str:
    found = control.locator(".widget-readout")
    return found.first.inner_text().strip() if found.count() else ""


def move(page, control) -> str:
    """Change one control as a person would; return what was done (or '' if it is not a known kind)."""
    classes = control.get_attribute("class") or ""
    if "widget-slider" in classes:
        track, handle = control.locator(".noUi-base"), control.locator(".noUi-handle").first
        box, knob = track.bounding_box(), handle.bounding_box()
        at = (knob["x"] + knob["width"] / 2 - box["x"]) / box["width"]
        target = 0.8 if at < 0.5 else 0.2
        before = readout(control)
        page.mouse.click(box["x"] + target * box["width"], box["y"] + box["height"] / 2)
        after = wait_until(lambda: (r := readout(control)) != before and r, timeout=10) or readout(control)
        assert after != before, f"clicking the slider track did not move it (readout {before!r})"
        old, new = (float(v.replace(MINUS, "-")) if re.fullmatch(r"[−-]?[\d.]+(e[−-]?\d+)?", v) else None
                    for v in (before, after))
        if old is not None and new is not None:
            assert (new > old) == (target > at), f"the slider moved the wrong way: {before} → {after}"
        return f"slider {before} → {after}"
    if "widget-dropdown" in classes:
        select = control.locator("select")
        values = select.evaluate("s => [...s.options].map(o => o.value)")
        current = select.input_value()
        choice = next(v for v in values if v != current)
        select.select_option(choice)
        return f"dropdown → {choice}"
    if "widget-toggle-buttons" in classes:
        button = control.locator("button:not(.mod-active)").first
        label = button.inner_text()
        button.click()
        return f"toggle buttons → {label}"
    if "widget-radio" in classes:
        option = control.locator("input:not(:checked)").first
        option.check()
        return "radio button"
    if "widget-checkbox" in classes:
        control.locator("input[type=checkbox]").click()
        return "checkbox"
    if "widget-text" in classes:
        field = control.locator("input").first
        value = field.input_value().replace(MINUS, "-")
        try:
            new = str(float(value) + 1)
        except ValueError:
            new = value + "x"
        field.fill(new)
        field.press("Enter")
        return f"text {value} → {new}"
    if "widget-toggle-button" in classes or "widget-button" in classes or "widget-play" in classes:
        (control.locator("button").first if "widget-play" in classes else control).click()
        return "button"
    return ""


# Keys that operate each kind of control once it has the focus, and the element that takes it.
KEYS = {"widget-slider": ["ArrowRight", "ArrowRight", "ArrowRight"], "widget-dropdown": ["ArrowDown"],
        "widget-toggle-buttons": ["Space"], "widget-button": ["Enter"], "widget-toggle-button": ["Space"],
        "widget-checkbox": ["Space"]}
FOCUSABLE = {"widget-slider": ".noUi-handle", "widget-dropdown": "select",
             "widget-toggle-buttons": "button:not(.mod-active)", "widget-checkbox": "input"}


def exercise_by_keyboard(page, box, image) -> list[tuple[str, bool]]:
    """Operate every control of a widget with the keyboard alone: focus the first, reach each
    next one with Tab, press its keys. Returns (label, figure changed) per control."""
    controls = box.locator("[data-lecture-control]")
    done = []
    for j in range(controls.count()):
        control = controls.nth(j)
        kind = next((k for k in KEYS if k in (control.get_attribute("class") or "").split()), None)
        assert kind, f"control {j + 1}: {control.get_attribute('class')!r} has no keyboard recipe here"
        has_label = control.locator(".widget-label").count()
        label = control.locator(".widget-label").first.inner_text() if has_label else f"control {j + 1}"
        if j == 0:
            (control.locator(FOCUSABLE[kind]).first if kind in FOCUSABLE else control).focus()
        trail = []
        for _press in range(12):
            if control.evaluate("c => c.contains(document.activeElement)"):
                break
            page.keyboard.press("Tab")
            trail.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 100)"))
        assert control.evaluate("c => c.contains(document.activeElement)"), \
            f"Tab does not reach control {label!r}: focus went {trail}"
        before = figure_digest(image)
        for key in KEYS[kind]:
            page.keyboard.press(key)
            time.sleep(0.1)
        assert control.evaluate("c => c.contains(document.activeElement)"), \
            f"{label!r}: its keys moved the focus away (a notebook or slide shortcut took them)"
        done.append((label, bool(wait_until(lambda b=before: figure_digest(image) != b, timeout=8))))
    return done


def exercise_widgets(page, cells, shot) -> list[str]:
    """Every widget shows its live figure, and moving its controls redraws it.

    Each control is moved as a person would (a click on the slider track, another option, ...);
    every widget must have at least one control whose move changes the figure's pixels, and
    what each control did is returned for the log.
    """
    # A widget displays two bundles with a widget view: the live one, and its line of text (model id "").
    expected = sum(bool(out.get("data", {}).get(WIDGET_VIEW, {}).get("model_id"))
                   for cell in cells for out in cell.get("outputs", []))
    views = wait_until(lambda: (v := page.evaluate(WIDGET_VIEWS)) and len(v) == expected
                       and all(x["images"] for x in v) and v, timeout=60) or page.evaluate(WIDGET_VIEWS)
    assert len(views) == expected, f"{expected} widget outputs in the model, {len(views)} rendered: {views}"
    for view in views:
        assert "Error displaying widget" not in view["text"], view["text"]
        assert view["images"], f"a widget shows no live figure: {view['text']!r}"
    for k, cell in enumerate(page.evaluate(FIGURES_PER_WIDGET)):
        assert cell["pictures"] == 1, f"widget {k + 1}: {cell['pictures']} figures show while it is live, not 1"
        assert not cell["line"], f"widget {k + 1}: the default state's line shows beside the live widget"
        assert all(r >= 1.5 for r in cell["sharpness"]), \
            f"widget {k + 1}: its PNG has {cell['sharpness']} device pixels per CSS pixel (at least 1.5)"
    done = []
    images = page.locator(".jp-OutputArea-output .jupyter-widgets img.widget-image")
    for k in range(images.count()):
        image = images.nth(k)
        box = image.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' widget-vbox ')][1]")
        box.scroll_into_view_if_needed()
        box.screenshot(path=shot(f"widget{k + 1}-before"))
        assert box.evaluate(MARK_CONTROLS, CONTROLS), f"widget {k + 1} has no control"
        controls = box.locator("[data-lecture-control]")
        figure_changes = 0
        for j in range(controls.count()):
            control = controls.nth(j)
            has_label = control.locator(".widget-label").count()
            label = control.locator(".widget-label").first.inner_text() if has_label else f"control {j + 1}"
            # In some states a control has no visible effect (every point already in one class, say):
            # then move it once more, the other way.
            for _attempt in range(2):
                figure = figure_digest(image)
                action = move(page, control)
                changed = bool(action) and wait_until(lambda i=image, f=figure: figure_digest(i) != f, timeout=8)
                if changed or not action:
                    break
            if not action:
                done.append(f"widget {k + 1}, {label}: not a control kind this test knows; left alone")
                continue
            figure_changes += changed
            done.append(f"widget {k + 1}, {label}: {action}; figure {'changed' if changed else 'UNCHANGED'}")
        assert figure_changes, f"widget {k + 1}: no control changed its figure"
        keyed = exercise_by_keyboard(page, box, image)
        assert any(changed for _, changed in keyed), f"widget {k + 1}: no key changed its figure: {keyed}"
        done.extend(f"widget {k + 1}, {label}: keys; figure {'changed' if changed else 'UNCHANGED'}"
                    for label, changed in keyed)
        box.screenshot(path=shot(f"widget{k + 1}-after"))
    return done


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_in_jupyterlab(page, lab, screenshots, name):
    shot = screenshots(name.removesuffix(".ipynb"))
    opened = open_notebook(page, lab, name)
    page.screenshot(path=shot("opened"))
    start = time.monotonic()
    cells = run_all(page)
    ran = time.monotonic() - start
    assert_ran_clean(cells)
    typeset = assert_math_rendered(page, shot)
    done = exercise_widgets(page, cells, shot)
    check = page.locator(".jp-CodeCell.lm-Widget:has(.jp-OutputArea-output)", has_text="not started yet").first
    if check.count():
        check.scroll_into_view_if_needed()
        page.screenshot(path=shot("exercise"))
    print(f"{name}: ready in {opened:.1f} s, ran in {ran:.1f} s, {typeset} formulas typeset")
    print("\n".join(done))
    if page.console_errors:
        print("browser console errors (not failures):", *page.console_errors[:10], sep="\n  ")
    page.evaluate("() => window.lecturePanel.sessionContext.shutdown()")


def test_jupyterlab_lists_the_rise_and_the_series_extensions():
    listing = subprocess.run([sys.executable, "-m", "jupyter", "labextension", "list"], capture_output=True,
                             text=True, timeout=120)
    text = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)
    for name in ("jupyterlab-rise", "lecture-widgets"):
        line = next((ln for ln in text.splitlines() if name in ln), "")
        assert "enabled" in line and "OK" in line, f"{name} is not listed as enabled and OK:\n{text}"


def test_first_notebook_as_a_rise_deck(page, lab, screenshots):
    name = NAMES[0]
    shot = screenshots("rise-" + name.removesuffix(".ipynb"))
    page.goto(lab.deck_url(name))
    page.wait_for_selector(".reveal .slides section.present", timeout=120_000)
    page.wait_for_function("() => document.querySelector('.reveal .slides section.present mjx-container')"
                           " || document.querySelectorAll('.reveal .slides > section').length > 1", timeout=60_000)
    slides = page.evaluate("() => document.querySelectorAll('.reveal .slides > section').length")
    assert slides > 3, f"the deck has only {slides} slides"
    page.screenshot(path=shot("title"))

    # Walk right with the deck's own control until a slide shows typeset display math.
    for _ in range(slides):
        page.locator(".reveal .controls .navigate-right").click()
        time.sleep(0.6)
        if page.locator(".reveal .slides section.present mjx-container[display='true']").count():
            break
    assert page.locator(".reveal .slides section.present mjx-container[display='true']").count(), \
        "no slide with typeset display math"
    page.screenshot(path=shot("math"))

    # The slide of a widget shows its default state as an ordinary figure (ipywidgets do not render in RISE).
    where = page.evaluate("""() => {
      const stacks = [...document.querySelectorAll('.reveal .slides > section')];
      for (const [h, stack] of stacks.entries()) {
        const inner = stack.querySelectorAll(':scope > section');
        const list = inner.length ? [...inner] : [stack];
        for (const [v, s] of list.entries()) if (s.innerText.includes('Default state:')) return [h, v];
      }
      return null; }""")
    assert where, "no slide shows a widget's default state"
    page.evaluate("([h, v]) => { location.hash = `#/slide-${h}-${v}`; }", where)
    figure = page.locator(".reveal .slides section.present .jp-OutputArea-output img").first
    figure.wait_for(state="visible", timeout=20_000)
    assert figure.evaluate("img => img.naturalWidth > 0"), "the widget's default figure did not load"
    time.sleep(0.5)
    page.screenshot(path=shot("widget-default"))
