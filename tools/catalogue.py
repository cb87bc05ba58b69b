"""The fixed order of the series and where its files live."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"

# number, file name, title, Korean title: the order is fixed by the design.
SERIES = [
    ("01", "01_linear_model.ipynb", "The linear model", "선형모델"),
    ("02", "02_softmax.ipynb", "Softmax and cross-entropy", "소프트맥스와 교차 엔트로피"),
    ("03", "03_activations.ipynb", "Activation functions", "활성함수"),
    ("04", "04_mlp_forward.ipynb", "The MLP forward pass", "다층 퍼셉트론의 순전파"),
    ("05", "05_chain_rule.ipynb", "The chain rule and computational graphs", "연쇄법칙과 계산 그래프"),
    ("06", "06_backprop.ipynb", "Backpropagation in matrix form", "역전파"),
    ("07", "07_vanishing_gradients.ipynb", "Vanishing gradients and initialisation", "기울기 소실과 초기값"),
    ("08", "08_training.ipynb", "Training a real classifier", "경사하강법으로 분류기 학습"),
]


def existing() -> list[tuple[str, str, str, str]]:
    """The entries of SERIES whose notebook exists, in order."""
    return [entry for entry in SERIES if (NOTEBOOK_DIR / entry[1]).exists()]


def notebook_paths() -> list[Path]:
    """Every notebook of the series that exists, in order."""
    return [NOTEBOOK_DIR / entry[1] for entry in existing()]


def read(path: Path):
    """Load a notebook as an nbformat NotebookNode."""
    import nbformat

    return nbformat.read(path, as_version=4)


def write(nb, path: Path) -> bool:
    """Write ``nb`` in the repository's canonical form; return True if the file changed."""
    import nbformat

    text = json.dumps(nbformat.from_dict(nb), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if text == old:
        return False
    path.write_text(text, encoding="utf-8")
    return True
