"""requirements-oldest.txt pins exactly the lower bound of every range in requirements.txt."""

from __future__ import annotations

import re

from packaging.version import Version

from tools.catalogue import ROOT

RANGE = re.compile(r"^([A-Za-z0-9_.-]+)>=([0-9][0-9.]*)\s*,\s*<")


def specs(name: str) -> list[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith(("#", "-", "."))]


def test_the_oldest_set_up_pins_every_lower_bound():
    lower = {}
    for spec in specs("requirements.txt"):
        match = RANGE.match(spec)
        assert match, f"requirements.txt: {spec!r} is not a range 'name>=low,<high'"
        lower[match.group(1).lower()] = Version(match.group(2))
    pinned = {name: Version(v) for name, v in (spec.lower().split("==") for spec in specs("requirements-oldest.txt"))}
    assert pinned == lower, f"requirements-oldest.txt {pinned} != lower bounds {lower}"


def test_the_package_asks_for_the_same_lower_bounds():
    toml = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pinned = {name: Version(v) for name, v in (spec.lower().split("==") for spec in specs("requirements-oldest.txt"))}
    bounds = re.findall(r'"([A-Za-z0-9_-]+)>=([0-9][0-9.]*),', toml)
    assert bounds
    for name, low in bounds:
        oldest = pinned[name.lower()]
        assert Version(low) == oldest, f"pyproject.toml: {name}>={low}, requirements-oldest.txt: {oldest}"
