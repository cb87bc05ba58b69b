"""Notebook 05: the backward-pass stepper widget and the chain-rule exercise checks."""

from __future__ import annotations

import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils.checks import chain_rule as checks

# --- the step-through widget --------------------------------------------------------


def neuron():
    """ŷ = σ(w·x + b) with labelled nodes, as in the notebook."""
    w, x, b = lu.Value(0.5, label="w"), lu.Value(2.0, label="x"), lu.Value(-1.5, label="b")
    p = w * x
    p.label = "p"
    s = p + b
    s.label = "s"
    y = s.sigmoid()
    y.label = "y"
    return y, {"w": w, "x": x, "b": b, "p": p, "s": s, "y": y}


def two_paths():
    """f = a·b + a·c: a reaches f along two paths."""
    a, b, c = lu.Value(2.0, label="a"), lu.Value(-3.0, label="b"), lu.Value(0.5, label="c")
    u, v = a * b, a * c
    u.label, v.label = "u", "v"
    f = u + v
    f.label = "f"
    return f, {"a": a, "b": b, "c": c, "u": u, "v": v, "f": f}


def test_walk_leaves_the_original_graph_untouched():
    from lecture_utils.widgets.chain_rule import BackwardWalk

    y, nodes = neuron()
    walk = BackwardWalk(y)
    assert all(v.grad == 0.0 for v in nodes.values())
    assert len(walk) == 6


def test_walk_steps_give_the_final_gradients_in_reverse_topological_order():
    from lecture_utils.widgets.chain_rule import BackwardWalk

    f, nodes = two_paths()
    walk = BackwardWalk(f)
    f.backward()
    reached = [s.node.label for s in walk.steps]
    assert reached[0] == "f" and set(reached) == set(nodes)
    for i, step in enumerate(walk.steps):
        assert step.grad == pytest.approx(nodes[step.node.label].grad)
        # a node is reached only after every node that uses it
        users = [u for u in nodes.values() if any(c is nodes[step.node.label] for c in u._prev)]
        assert all(reached.index(u.label) < i for u in users)
    a_step = walk.steps[reached.index("a")]
    assert len(a_step.terms) == 2
    assert sum(local * g for _, local, g in a_step.terms) == pytest.approx(-3.0 + 0.5)


def test_walk_summary_spells_out_the_sum_over_paths():
    from lecture_utils.widgets.chain_rule import BackwardWalk

    f, _ = two_paths()
    walk = BackwardWalk(f)
    k = 1 + [s.node.label for s in walk.steps].index("a")
    assert walk.summary(k) == "step 6/6: ∂f/∂a = (-3)·1 [via u] + 0.5·1 [via v] = -2.5  (2 paths add)"
    assert walk.summary(0).startswith("step 0/6: forward pass done")
    assert walk.summary(1) == "step 1/6: start at the output, ∂f/∂f = 1"


def test_frames_hide_the_gradients_not_reached_yet():
    from lecture_utils.widgets.chain_rule import BackwardWalk

    y, _ = neuron()
    walk = BackwardWalk(y)
    images, texts = walk.frames()
    assert len(images) == len(texts) == 7
    node_texts = [[t for t in frame if "grad" in t] for frame in texts]
    assert len(node_texts[0]) == 6 and all(t.endswith("grad ?") for t in node_texts[0])
    assert not any("grad ?" in t for t in node_texts[-1])
    for k in range(7):
        assert sum(t.endswith("grad ?") for t in node_texts[k]) == 6 - k
    # step 2 has reached y and s: s shows σ'(s) = 0.235
    assert any(t.startswith("s = -0.5") and "grad 0.235" in t for t in node_texts[2])
    assert all(not np.array_equal(images[k], images[k + 1]) for k in range(6))


def test_stepper_redraws_on_slider_change():
    pytest.importorskip("ipywidgets")
    from lecture_utils.widgets.chain_rule import backward_stepper

    y, _ = neuron()
    live = backward_stepper(y, step=0)
    image = live.fig.images[0]
    before_data, before_png, before_text = np.asarray(image.get_array()).copy(), live.png, live.text
    assert before_text.startswith("step 0/6")
    live.controls["step"].value = 2
    assert not np.array_equal(np.asarray(image.get_array()), before_data)
    assert live.png != before_png and live.image.value == live.png
    assert live.text == "step 2/6: ∂y/∂s = 0.235·1 [via y] = 0.235"
    assert live.default_png == before_png and live.default_text == before_text
    live.controls["step"].value = 6
    assert live.text == "step 6/6: ∂y/∂w = 2·0.235 [via p] = 0.47"


def test_stepper_default_is_halfway_and_rejects_bad_input():
    pytest.importorskip("ipywidgets")
    from lecture_utils.widgets.chain_rule import backward_stepper

    y, _ = neuron()
    assert backward_stepper(y).controls["step"].value == 3
    with pytest.raises(ValueError, match="0 … 6"):
        backward_stepper(y, step=7)
    with pytest.raises(ValueError, match="Value"):
        backward_stepper(1.0)


# --- the exercise checks -------------------------------------------------------------


def stub(*args):
    raise NotImplementedError


CHECKS = [
    (checks.check_grad_z, checks.grad_z_reference, checks.GRAD_Z_MISTAKES),
    (checks.check_matmul_backward, checks.matmul_backward_reference, checks.MATMUL_MISTAKES),
    (checks.check_grad_h, checks.grad_h_reference, checks.GRAD_H_MISTAKES),
]
IDS = ["grad_z", "matmul_backward", "grad_h"]


def test_draw_graph_fixed_prints_every_number_to_the_same_decimals():
    import matplotlib.pyplot as plt
    from matplotlib.text import Annotation

    from lecture_utils.widgets.chain_rule import draw_graph_fixed

    y, nodes = neuron()
    y.backward()
    fig, ax = plt.subplots()
    lu.draw_graph(y, ax=ax)
    plain = {t.get_text(): t.get_fontsize() for t in ax.texts if not isinstance(t, Annotation)}
    fig, ax = plt.subplots()
    draw_graph_fixed(y, digits=3, text_scale=1.5, highlight=nodes["s"], ax=ax)
    texts = [t for t in ax.texts if not isinstance(t, Annotation)]
    boxes = [t.get_text() for t in texts if "grad" in t.get_text()]
    assert len(boxes) == 6
    assert "s = -0.500\ngrad 0.235" in boxes and "y = 0.378\ngrad 1.000" in boxes
    ops = [t for t in texts if "grad" not in t.get_text()]
    assert [t.get_fontsize() for t in ops] == [1.5 * plain[t.get_text()] for t in ops]
    assert all(t.get_fontsize() == 1.5 * plain["w = 0.5\ngrad 0.47"] for t in texts if "grad" in t.get_text())
    fig, ax = plt.subplots()
    draw_graph_fixed(y, show_grad=[y], ax=ax)
    boxes = [t.get_text() for t in ax.texts if "grad" in t.get_text()]
    assert "y = 0.378\ngrad 1.000" in boxes and sum(b.endswith("grad ?") for b in boxes) == 5
    plt.close("all")


@pytest.mark.parametrize("check, reference, mistakes", CHECKS, ids=IDS)
def test_check_says_not_started_for_a_stub(check, reference, mistakes):
    report = check(stub)
    assert report.status == "not started" and "not started yet" in str(report)


@pytest.mark.parametrize("check, reference, mistakes", CHECKS, ids=IDS)
def test_check_passes_the_reference(check, reference, mistakes):
    report = check(reference)
    assert report.ok and "passed ✓" in str(report)


def _parts(result):
    return result if isinstance(result, tuple) else (result,)


def _same_parts(a, b) -> bool:
    """Whether two results agree, part by part (a single array is not a pair)."""
    a, b = _parts(a), _parts(b)
    return len(a) == len(b) and all(
        np.shape(x) == np.shape(y) and np.allclose(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        for x, y in zip(a, b))


@pytest.mark.parametrize("check, reference, mistakes", CHECKS, ids=IDS)
def test_the_first_case_tells_every_mistake_from_the_answer(check, reference, mistakes):
    """The first case is the one a student meets first: each known mistake must fail there, by name."""
    cases = {"check_grad_z": checks._cases_grad_z, "check_matmul_backward": checks._cases_matmul,
             "check_grad_h": checks._cases_grad_h}[check.__name__]()
    first = cases[0]
    expected = reference(*first.args)
    for mistake in mistakes:
        wrong = mistake.wrong(*first.args)
        assert not _same_parts(wrong, expected), mistake.hint
        # and no two mistakes look alike there, so the hint names the right one
        others = [m for m in mistakes if m is not mistake]
        assert not any(_same_parts(wrong, m.wrong(*first.args)) for m in others), mistake.hint


def test_matmul_check_passes_the_plain_array_solution():
    """The exercise gives arrays: the two-line answer without np.asarray must pass."""
    def plain(dY, X, W):
        return dY @ W.T, X.T @ dY

    assert checks.check_matmul_backward(plain).ok
    assert all(isinstance(a, np.ndarray) for case in checks._cases_matmul() for a in case.args)


def test_matmul_check_never_raises():
    def crashes(dY, X, W):
        return np.asarray(dY) @ np.asarray(X)  # a shape error on the rectangular cases

    report = checks.check_matmul_backward(crashes)
    assert report.status == "failed"
