"""Start JupyterLab for presenting one notebook to a room.

    python -m tools.present [NB] [--font PX] [--ip IP] [--port PORT] [--no-browser] [-- JUPYTERLAB OPTIONS]

NB is a notebook of the series by number or name (``04``, ``04_mlp_forward``;
default: the first). JupyterLab opens it in its simple interface (one
notebook, full width), with both side bars hidden, large text (``--font``,
the size of Markdown text in CSS px; code and menus scale with it), no news
pop-up, and slides one key away (Alt+R, or the RISE button in the toolbar).

The presenter's settings and layout live in a temporary folder that is
removed when JupyterLab stops, so an instructor's own JupyterLab settings
are neither used nor changed. ``--ip 0.0.0.0`` lets another computer (the lectern's)
reach it: anyone on the network with the address, token included, can run code.
Options after ``--`` go to JupyterLab as they are. Stop with Ctrl+C.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import webbrowser
from pathlib import Path
from urllib.parse import quote

from .catalogue import ROOT, notebook_paths

DEFAULT_FONT = 20


def find_notebook(name: str | None) -> Path:
    """The series notebook called ``name`` (a number such as "4" or "04", or a file name)."""
    paths = notebook_paths()
    if not name:
        return paths[0]
    for path in paths:
        number = path.name.split("_", 1)[0]
        if name in (path.name, path.stem) or (name.isdigit() and int(name) == int(number)):
            return path
    raise SystemExit(f"tools.present: no notebook {name!r}; choose one of: "
                     + ", ".join(p.stem for p in paths))


def settings(font: int) -> dict:
    """JupyterLab user settings for presenting: file → JSON value."""
    return {
        # Markdown text at `font` px; code a little smaller, menus smaller still.
        "@jupyterlab/apputils-extension/themes.jupyterlab-settings": {
            "overrides": {"content-font-size1": f"{font}px", "code-font-size": f"{round(font * 0.9)}px",
                          "ui-font-size1": f"{round(font * 0.75)}px"}},
        "@jupyterlab/application-extension/shell.jupyterlab-settings": {"startMode": "single"},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                            "checkForUpdates": False},
    }


def workspace(relative: str) -> dict:
    """The opening layout: the notebook alone, both side bars and the bottom panel hidden."""
    hidden = {"collapsed": True, "visible": False, "widgets": []}
    key = f"notebook:{relative}"
    return {"data": {"layout-restorer:data": {"main": {"dock": {"type": "tab-area", "currentIndex": 0,
                                                                "widgets": [key]}, "current": key},
                                              "left": hidden, "right": hidden,
                                              "down": {"size": 0, "collapsed": True, "widgets": []},
                                              "relativeSizes": [0, 1, 0]},
                     key: {"data": {"path": relative, "factory": "Notebook"}}},
            "metadata": {"id": "default"}}


def write_settings(settings_dir: Path, values: dict) -> None:
    """Write JupyterLab user settings (file under ``settings_dir`` → JSON value)."""
    for rel, value in values.items():
        path = settings_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value, indent=1), encoding="utf-8")


def write_profile(folder: Path, relative: str, font: int) -> tuple[Path, Path]:
    """Write the presenter's settings and workspace under ``folder``; return both directories."""
    from jupyterlab_server.workspaces_handler import WORKSPACE_EXTENSION, slugify

    settings_dir, workspaces_dir = folder / "settings", folder / "workspaces"
    write_settings(settings_dir, settings(font))
    workspaces_dir.mkdir(parents=True, exist_ok=True)
    (workspaces_dir / (slugify("default") + WORKSPACE_EXTENSION)).write_text(json.dumps(workspace(relative)),
                                                                            encoding="utf-8")
    return settings_dir, workspaces_dir


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(server, port: int, token: str, host: str = "127.0.0.1", seconds: float = 120) -> bool:
    """Wait until the server answers (so the browser does not open on a refused connection)."""
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while server.poll() is None and time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{host}:{port}/api/status?token={token}", timeout=2).close()
            return True
        except OSError:
            time.sleep(0.25)
    return False


def stop(server, seconds: float = 20) -> int:
    """Stop a server process: ask it to terminate, and kill it if it has not within ``seconds``."""
    server.terminate()
    try:
        return server.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        server.kill()
        return server.wait()


def command(settings_dir: Path, workspaces_dir: Path, port: int, token: str, relative: str,
            ip: str = "127.0.0.1") -> list[str]:
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # e.g. in a container
    return [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ip={ip}", f"--port={port}",
            "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={ROOT}", f"--LabApp.user_settings_dir={settings_dir}",
            f"--LabApp.workspaces_dir={workspaces_dir}", f"--LabApp.default_url=/doc/tree/{quote(relative)}", *as_root]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.present", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook", nargs="?", help="number or name of the notebook (default: the first)")
    parser.add_argument("--font", type=int, default=DEFAULT_FONT,
                        help=f"size of Markdown text in CSS px (default {DEFAULT_FONT}; JupyterLab's own is 14)")
    parser.add_argument("--ip", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1, this computer only; 0.0.0.0: every network)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--no-browser", action="store_true", help="print the address instead of opening it")
    argv = sys.argv[1:] if argv is None else list(argv)
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    if not 10 <= args.font <= 48:
        parser.error(f"--font must be between 10 and 48 px; got {args.font}")

    path = find_notebook(args.notebook)
    relative = path.relative_to(ROOT).as_posix()
    port, token = args.port or free_port(), secrets.token_hex(16)
    folder = Path(tempfile.mkdtemp(prefix="lecture-present-"))
    server = None
    # A terminate signal (a closed terminal, a test's teardown) stops JupyterLab as Ctrl+C does;
    # by default it would end this process alone and leave JupyterLab running.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        settings_dir, workspaces_dir = write_profile(folder, relative, args.font)
        host = "127.0.0.1" if args.ip in ("0.0.0.0", "") else args.ip  # 0.0.0.0 includes this computer
        url = f"http://{host}:{port}/doc/tree/{quote(relative)}?token={token}"
        server = subprocess.Popen(command(settings_dir, workspaces_dir, port, token, relative, args.ip) + extra,
                                  cwd=ROOT)
        if not wait_for(server, port, token, host):
            print(f"tools.present: JupyterLab did not start (exit code {server.poll()}); see its messages above.",
                  file=sys.stderr)
            return stop(server) or 1
        print(f"Presenting {path.name}: {url}", flush=True)
        if args.ip in ("0.0.0.0", ""):
            print("From another computer: put this computer's network address in place of 127.0.0.1. It listens "
                  "on every network: anyone with the address and token can run code.", flush=True)
        print("Slides: Alt+R (View → Render as Reveal Slideshow). Stop: Ctrl+C.", flush=True)
        if not args.no_browser:
            webbrowser.open(url)
        return server.wait()
    except KeyboardInterrupt:
        return stop(server) if server is not None else 130
    finally:
        if server is not None and server.poll() is None:
            stop(server)
        shutil.rmtree(folder, ignore_errors=True)


def _interrupt(signum, frame):
    raise KeyboardInterrupt

if __name__ == "__main__":
    raise SystemExit(main())
