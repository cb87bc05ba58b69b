"""The prebuilt JupyterLab extension in labextension/ is the build of its source, and it is installed."""

from __future__ import annotations

import json
import re

from tools.catalogue import ROOT

SOURCE = ROOT / "labextension"
BUILT = SOURCE / "lecture_widgets_labextension" / "lecture-widgets"


def test_the_build_is_of_this_source():
    """Every string literal of index.js (selectors, class names, messages) is in the built code, so
    an edit of index.js without `bash labextension/build.sh` fails here."""
    source = json.loads((SOURCE / "package.json").read_text(encoding="utf-8"))
    built = json.loads((BUILT / "package.json").read_text(encoding="utf-8"))
    assert (built["name"], built["version"]) == (source["name"], source["version"])
    assert (BUILT / built["jupyterlab"]["_build"]["load"]).is_file()
    code = "\n".join(p.read_text(encoding="utf-8") for p in (BUILT / "static").glob("*.js"))
    text = (SOURCE / "index.js").read_text(encoding="utf-8")
    text = re.sub(r"//.*$", "", text, flags=re.M)  # comments are not built (index.js has no // in strings)
    literals = {m.group(2) for m in re.finditer(r"(['\"])([^'\"\n]{8,})\1", text)}
    assert len(literals) >= 5, literals
    missing = sorted(lit for lit in literals if lit not in code)
    assert not missing, f"built code lacks {missing}: run `bash labextension/build.sh`"


def test_it_offers_the_console_that_rise_lacks():
    built = json.loads((BUILT / "package.json").read_text(encoding="utf-8"))
    shared = built["jupyterlab"]["sharedPackages"]["@jupyterlab/console"]
    assert shared == {"bundled": True, "singleton": True}


def test_the_student_set_up_installs_it():
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "./labextension" in lines
    toml = (SOURCE / "pyproject.toml").read_text(encoding="utf-8")
    assert '"share/jupyter/labextensions/lecture-widgets/static"' in toml
