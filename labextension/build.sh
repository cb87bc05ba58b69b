#!/usr/bin/env bash
# Rebuild the prebuilt extension in lecture_widgets_labextension/ from index.js and package.json.
# Needs Node.js >= 18 and npm (the npm registry), and pip (PyPI). Run from anywhere:
#     bash labextension/build.sh
# The build is made against JupyterLab 4.3.4's core package list, the JupyterLab that the
# RISE app is built from, so that the @jupyterlab/console it offers matches RISE's packages.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/index.js" "$work/"
cd "$work"
npm ci --no-audit --no-fund
# JupyterLab's core package list (its staging/package.json) is not on npm; take it from the wheel.
python3 -m pip download --no-deps --quiet --dest "$work/wheel" "jupyterlab==4.3.4"
python3 - "$work" <<'PY'
import sys, zipfile, pathlib
work = pathlib.Path(sys.argv[1])
wheel = next((work / "wheel").glob("jupyterlab-*.whl"))
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith("jupyterlab/staging/package.json"))
    (work / "core").mkdir()
    (work / "core" / "package.json").write_bytes(z.read(name))
PY
node node_modules/@jupyterlab/builder/lib/build-labextension.js --core-path "$work/core" .
rm -rf "$here/lecture_widgets_labextension"
cp -r lecture_widgets_labextension "$here/"
echo "built: $here/lecture_widgets_labextension/lecture-widgets"
