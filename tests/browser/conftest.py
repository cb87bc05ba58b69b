"""End-to-end tests in a real JupyterLab and headless Chromium: ``pytest -m browser``.

Every test here carries the ``browser`` marker. A plain ``pytest`` run skips
them (CI runs them in a step of its own, see ``.ci/run``) and
``pytest -m "not browser"`` deselects them.

The session starts one JupyterLab on 127.0.0.1 with a random free port and a
random token, serving a temporary copy of the notebooks, and one Chromium
(Debian's, never a Playwright download). Screenshots go to
``artifacts/browser/`` (ignored by git, kept by CI as artefacts).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from tools.catalogue import ROOT, notebook_paths
from tools.present import free_port, stop, write_settings

ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM = Path(os.environ.get("LECTURE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}


def browser_selected(config) -> bool:
    """True when ``-m`` asks for the browser tests (``-m browser``, ``-m "browser and ..."``)."""
    expr = config.getoption("markexpr", "") or ""
    return bool(re.search(r"(?<!not )\bbrowser\b", expr))


def pytest_collection_modifyitems(config, items):
    if browser_selected(config):
        return
    skip = pytest.mark.skip(reason="browser test: run it with `pytest -m browser`")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def artifacts():
    """artifacts/browser/, where the screenshots go (each test first removes its own old ones)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def fresh_shots(folder: Path, prefix: str):
    """Remove ``prefix``-*.png from an earlier run; return shot(what) → a new numbered path."""
    for old in folder.glob(f"{prefix}-*.png"):
        old.unlink()
    numbers = iter(range(1, 100))
    return lambda what: str(folder / f"{prefix}-{next(numbers):02d}-{what}.png")


@pytest.fixture
def screenshots(artifacts):
    """screenshots(prefix) → shot(what), a namer of numbered screenshot paths for one test."""
    return lambda prefix: fresh_shots(artifacts, prefix)


@dataclass
class Lab:
    """A running JupyterLab: its address, token and the folder it serves."""

    url: str
    token: str
    root: Path
    log: Path

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/notebooks/{quote(name)}?reset&token={self.token}"

    def deck_url(self, name: str) -> str:
        return f"{self.url}/rise/notebooks/{quote(name)}?token={self.token}"

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None


# User settings: no news fetch (no network), every cell kept in the DOM (windowing off).
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """JupyterLab on 127.0.0.1, a random port and token, serving a copy of the notebooks."""
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "course"
    (root / "notebooks").mkdir(parents=True)
    for path in notebook_paths():
        shutil.copy2(path, root / "notebooks" / path.name)
    shutil.copy2(ROOT / "README.md", root / "README.md")  # the navigation cells link to it
    write_settings(tmp / "settings", SETTINGS)
    port, token = free_port(), secrets.token_hex(24)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               IPYTHONDIR=str(tmp / "ipython"), PYTHONHASHSEED="0")
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", "--allow-root",
               "--expose-app-in-browser", f"--LabApp.user_settings_dir={tmp / 'settings'}",
               f"--LabApp.workspaces_dir={tmp / 'workspaces'}", f"--ServerApp.root_dir={root}"]
    log_path = tmp / "jupyterlab.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  env=env, cwd=root)
    running = Lab(url=f"http://127.0.0.1:{port}", token=token, root=root, log=log_path)
    try:
        deadline = time.monotonic() + 90
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with {server.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                running.api("status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer in 90 s:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.25)
        yield running
    finally:
        stop(server)
        if ARTIFACTS.exists():
            shutil.copy2(log_path, ARTIFACTS / "jupyterlab.log")


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (never `playwright install`)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, artifacts, request):
    """A fresh browser context and page; its console errors are in ``page.console_errors``."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(60_000)
    new_page = context.new_page()
    new_page.console_errors = []
    new_page.on("console", lambda msg: new_page.console_errors.append(msg.text) if msg.type == "error" else None)
    new_page.on("pageerror", lambda exc: new_page.console_errors.append(str(exc)))
    safe_name = re.sub(r"[^\w.-]+", "_", request.node.name)
    failed_shot = artifacts / f"FAILED-{safe_name}.png"
    failed_shot.unlink(missing_ok=True)
    yield new_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        try:
            new_page.screenshot(path=str(failed_shot))
        except Exception as exc:  # the page may be gone; the test's own error says more
            print(f"no failure screenshot: {exc}")
    context.close()
