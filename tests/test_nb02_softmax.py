"""Notebook 02: the softmax widget driven from Python, and every exercise check's feedback."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils.checks.softmax import (
    CROSS_ENTROPY_MISTAKES,
    GRAD_MISTAKES,
    ONE_HOT_MISTAKES,
    SOFTMAX_MISTAKES,
    check_cross_entropy,
    check_one_hot,
    check_softmax,
    check_softmax_cross_entropy_grad,
)

# ----------------------------------------------------------------------------- the widget


@pytest.fixture
def widget():
    pytest.importorskip("ipywidgets")
    from lecture_utils.widgets.softmax import softmax_widget

    return softmax_widget(logits=(1.0, 2.0, 0.0), temperature=1.0, label=1)


def _heights(bars):
    return np.array([bar.get_height() for bar in bars])


def _axes(widget):
    ax_o, ax_p = widget.fig.axes
    return ax_o, ax_p, ax_o.patches[:3], [patch for patch in ax_p.patches if patch.get_width() == 0.6]


def test_default_state_reproduces_the_handout_numbers(widget):
    _, _, logit_bars, prob_bars = _axes(widget)
    assert np.allclose(_heights(logit_bars), [1.0, 2.0, 0.0])
    assert np.allclose(_heights(prob_bars), [0.2447, 0.6652, 0.0900], atol=5e-5)
    assert "q = (0.2447, 0.6652, 0.0900)" in widget.default_text
    assert "−log q_1 = 0.4076" in widget.default_text
    assert widget.default_png.startswith(b"\x89PNG")


def test_moving_a_logit_changes_both_panels_and_the_png(widget):
    _, ax_p, logit_bars, prob_bars = _axes(widget)
    before_probs, before_png, before_text = _heights(prob_bars), widget.png, widget.text
    widget.controls["o2"].value = 3.0
    assert _heights(logit_bars)[2] == 3.0
    expected = lu.softmax(np.array([1.0, 2.0, 3.0]))
    assert np.allclose(_heights(prob_bars), expected)
    assert not np.allclose(_heights(prob_bars), before_probs)
    assert widget.png != before_png and widget.image.value == widget.png
    assert widget.text != before_text and "predicted class 2" in widget.text
    assert ax_p.texts[2].get_text() == f"{expected[2]:.3f}"


def test_temperature_sharpens_and_flattens_but_keeps_the_order(widget):
    _, _, _, prob_bars = _axes(widget)
    widget.controls["temperature"].value = 0.1
    sharp = _heights(prob_bars)
    assert np.allclose(sharp, lu.softmax(np.array([1.0, 2.0, 0.0]) / 0.1))
    assert sharp[1] > 0.9999
    widget.controls["temperature"].value = 5.0
    flat = _heights(prob_bars)
    assert np.allclose(flat, lu.softmax(np.array([1.0, 2.0, 0.0]) / 5.0))
    assert np.all(np.abs(flat - 1 / 3) < 0.07) and np.argmax(flat) == 1
    assert "T = 5.00" in widget.text


def test_temperature_five_gives_the_numbers_the_notebook_states(widget):
    # Notebook 02 says: at T = 5 (the slider's maximum) q = (0.329, 0.402, 0.269) and the loss of label 1 is
    # 0.912, still short of log 3 = 1.0986.
    _, _, _, prob_bars = _axes(widget)
    assert widget.controls["temperature"].max == 5.0
    widget.controls["temperature"].value = 5.0
    np.testing.assert_allclose(_heights(prob_bars), [0.329, 0.402, 0.269], atol=5e-4)
    assert "−log q_1 = 0.9119" in widget.text
    assert np.log(3) - 0.9119 > 0.18


def test_label_choice_changes_the_loss_title_and_highlight(widget):
    _, ax_p, _, prob_bars = _axes(widget)
    band = ax_p.patches[0]
    before_png = widget.png
    widget.controls["label"].value = 2
    loss = -np.log(lu.softmax(np.array([1.0, 2.0, 0.0]))[2])
    assert f"−log q_2 = {loss:.4f}" in widget.text and loss == pytest.approx(2.4076, abs=1e-4)
    assert ax_p.get_title() == f"true label 2: loss {loss:.3f}"
    assert band.get_x() == pytest.approx(1.55)
    assert prob_bars[2].get_edgecolor() != prob_bars[1].get_edgecolor()
    assert widget.png != before_png


def test_confident_wrong_answer_gives_a_large_finite_loss(widget):
    for name, value in (("o0", 6.0), ("o1", -6.0), ("o2", -6.0), ("temperature", 0.1)):
        widget.controls[name].value = value
    assert "−log q_1 = 120.0000" in widget.text


def test_summary_lines_are_short_enough_not_to_wrap():
    # JupyterLab breaks long output lines mid-word; the printed default state adds a prefix.
    pytest.importorskip("ipywidgets")
    from lecture_utils.widgets.softmax import softmax_widget

    wide = softmax_widget(logits=(-6.0,) * 6, temperature=0.1, label=5)
    for text in (wide.default_text, "Default state: " + wide.default_text):
        assert max(len(line) for line in text.splitlines()) <= 90
    assert len(wide.default_text.splitlines()) == 3


def test_the_default_image_is_kept_after_changes(widget):
    default_png, default_text = widget.default_png, widget.default_text
    widget.controls["o0"].value = -4.0
    assert widget.default_png == default_png and widget.default_text == default_text


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"logits": (1.0,)}, "2 to 6 logits"),
        ({"logits": np.zeros((2, 3))}, "2 to 6 logits"),
        ({"logits": (1.0, 9.0)}, r"\[−6, 6\]"),
        ({"temperature": 0.0}, "temperature"),
        ({"label": 3}, "label"),
    ],
)
def test_widget_rejects_bad_arguments(kwargs, match):
    pytest.importorskip("ipywidgets")
    from lecture_utils.widgets.softmax import softmax_widget

    with pytest.raises(ValueError, match=match):
        softmax_widget(**kwargs)


# ----------------------------------------------------------------------------- the checks


def _stub(*args):
    raise NotImplementedError


def _correct_softmax(O):
    O = np.asarray(O, dtype=float)
    E = np.exp(O - O.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True)


def _correct_one_hot(labels, num_classes):
    labels = np.asarray(labels)
    Y = np.zeros((len(labels), num_classes))
    Y[np.arange(len(labels)), labels] = 1.0
    return Y


def _correct_cross_entropy(O, y):
    O, y = np.asarray(O, dtype=float), np.asarray(y)
    return -np.mean(lu.log_softmax(O)[np.arange(len(y)), y])


def _correct_grad(O, y):
    O = np.asarray(O, dtype=float)
    return (lu.softmax(O) - lu.one_hot(y, O.shape[1])) / len(O)


CHECKS = [
    (check_softmax, _correct_softmax, SOFTMAX_MISTAKES),
    (check_one_hot, _correct_one_hot, ONE_HOT_MISTAKES),
    (check_cross_entropy, _correct_cross_entropy, CROSS_ENTROPY_MISTAKES),
    (check_softmax_cross_entropy_grad, _correct_grad, GRAD_MISTAKES),
]
IDS = [check.__name__ for check, _, _ in CHECKS]


@pytest.mark.parametrize(("check", "correct", "mistakes"), CHECKS, ids=IDS)
def test_a_stub_is_not_started(check, correct, mistakes):
    report = check(_stub)
    assert report.status == "not started" and "not started yet" in str(report)


@pytest.mark.parametrize(("check", "correct", "mistakes"), CHECKS, ids=IDS)
def test_the_correct_answer_passes(check, correct, mistakes):
    report = check(correct)
    assert report.ok, str(report)
    assert "passed ✓" in str(report)


def test_the_naive_softmax_fails_only_on_huge_logits_and_is_told_to_subtract_the_max():
    def naive(O):
        E = np.exp(np.asarray(O, dtype=float))
        return E / E.sum(axis=-1, keepdims=True)

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the check itself must not leak a RuntimeWarning
        report = check_softmax(naive)
    text = str(report)
    assert report.status == "failed" and report.passed == 1
    assert "huge logits" in text and "nan" in text
    assert "Subtract the maximum" in text


def test_cross_entropy_check_catches_log_of_softmax_only_at_the_extreme_case():
    def log_of_softmax(O, y):
        O = np.asarray(O, dtype=float)
        return -np.mean(np.log(lu.softmax(O)[np.arange(len(y)), y]))

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report = check_cross_entropy(log_of_softmax)
    assert report.passed == 3 and "Use log_softmax(O)" in str(report) and "inf" in str(report)


def test_checks_survive_any_exception_and_non_functions():
    def boom(*args):
        raise ZeroDivisionError("oops")

    for check, _, _ in CHECKS:
        assert "raised ZeroDivisionError" in str(check(boom))
        assert "expected a function" in str(check(42))
