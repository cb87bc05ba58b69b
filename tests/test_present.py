"""tools.present's parts that need no server: notebook lookup, settings, workspace, command line."""

from __future__ import annotations

import json

import pytest

from tools.present import command, find_notebook, settings, workspace, write_profile


def test_finds_a_notebook_by_number_or_name():
    assert find_notebook("4").name == find_notebook("04").name == find_notebook("04_mlp_forward").name
    assert find_notebook(None).name.startswith("01_")
    with pytest.raises(SystemExit, match="no notebook '99'"):
        find_notebook("99")


def test_the_profile_opens_the_notebook_alone_and_large(tmp_path):
    settings_dir, workspaces_dir = write_profile(tmp_path, "notebooks/04_mlp_forward.ipynb", 24)
    themes = json.loads((settings_dir / "@jupyterlab/apputils-extension/themes.jupyterlab-settings").read_text())
    assert themes["overrides"]["content-font-size1"] == "24px"
    [saved] = list(workspaces_dir.iterdir())
    layout = json.loads(saved.read_text())["data"]["layout-restorer:data"]
    assert layout["left"]["visible"] is False and layout["right"]["visible"] is False
    assert layout["main"]["current"] == "notebook:notebooks/04_mlp_forward.ipynb"
    assert settings(20)["@jupyterlab/application-extension/shell.jupyterlab-settings"] == {"startMode": "single"}
    assert workspace("x.ipynb")["metadata"] == {"id": "default"}


@pytest.mark.parametrize("ip", ["127.0.0.1", "0.0.0.0"])
def test_the_command_names_ip_and_port_once(tmp_path, ip):
    """JupyterLab refuses an option given twice ("ip only accepts one value")."""
    line = command(tmp_path / "s", tmp_path / "w", 8123, "tok", "notebooks/01_linear_model.ipynb", ip)
    assert [a for a in line if a.startswith("--ip")] == [f"--ip={ip}"]
    assert [a for a in line if a.startswith("--port")] == ["--port=8123"]
    assert "--LabApp.default_url=/doc/tree/notebooks/01_linear_model.ipynb" in line
