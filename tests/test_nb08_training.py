"""Notebook 08: the training widget, the exercise checks, and the fast paths of MLP and training."""

from __future__ import annotations

import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils.checks.training import batch_summary, check_minibatches, check_sgd_update, describe_batches
from lecture_utils.data import make_blobs, make_spirals
from lecture_utils.mlp import cross_entropy_and_grad
from lecture_utils.training import evaluate, minibatches, sgd_step, train

# ----------------------------------------------------------------------------- exercise 1: minibatches


def good_batches(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def generator_batches(n, batch_size, seed):
    order = np.random.default_rng(seed).permutation(n)
    for i in range(0, n, batch_size):
        yield order[i:i + batch_size]


def stub_batches(n, batch_size, seed):
    raise NotImplementedError


@pytest.mark.parametrize("student", [good_batches, generator_batches], ids=["list", "generator"])
def test_check_minibatches_passes_a_correct_answer(student):
    report = check_minibatches(student)
    assert report.ok, str(report)
    assert "6/6 cases passed" in str(report)


def test_check_minibatches_says_not_started_for_the_stub():
    assert "not started yet" in str(check_minibatches(stub_batches))


def test_describe_batches_gives_counts_sizes_and_order():
    counts, sizes, order = describe_batches([np.array([2, 0]), np.array([1])], 4)
    np.testing.assert_array_equal(counts, [1, 1, 1, 0])
    np.testing.assert_array_equal(sizes, [2, 1])
    np.testing.assert_array_equal(order, [2, 0, 1])
    assert describe_batches("not batches", 3) == "not batches"


def test_batch_summary_adds_what_the_seed_does():
    counts, sizes, shuffled, same, differs, order = batch_summary(good_batches, 10, 3, 0)
    np.testing.assert_array_equal(counts, np.ones(10))
    np.testing.assert_array_equal(sizes, [3, 3, 3, 1])
    assert shuffled and same and differs
    np.testing.assert_array_equal(order, np.random.default_rng(0).permutation(10))
    ignores_seed = batch_summary(lambda n, m, seed: [np.random.permutation(n)], 10, 3, 0)  # noqa: NPY002
    assert ignores_seed[2:5] == (True, False, True)
    fixed_seed = batch_summary(lambda n, m, seed: good_batches(n, m, 0), 10, 3, 1)
    assert fixed_seed[2:5] == (True, True, False)
    assert batch_summary(lambda n, m, seed: None, 10, 3, 0) is None
    state = np.random.get_state()  # noqa: NPY002
    batch_summary(good_batches, 10, 3, 0)
    assert np.array_equal(np.random.get_state()[1], state[1])  # noqa: NPY002 - the global state is put back


def test_the_reference_of_exercise_1_is_lecture_utils_minibatches():
    for got, expected in zip(good_batches(23, 5, 7), minibatches(23, 5, rng=7)):
        np.testing.assert_array_equal(got, expected)


# ----------------------------------------------------------------------------- exercise 2: the update step


def stub_update(params, grads, lr):
    raise NotImplementedError


def test_check_sgd_update_says_not_started_for_the_stub():
    assert "not started yet" in str(check_sgd_update(stub_update))


# ----------------------------------------------------------------------------- the training widget

ipywidgets = pytest.importorskip("ipywidgets")

from lecture_utils.widgets.training import BATCH_SIZES, training_widget  # noqa: E402


@pytest.fixture
def widget():
    X, y = make_spirals(n_per_class=30, n_classes=3, seed=1)
    return training_widget(X, y, resolution=40)


def artists(w):
    ax_regions, ax_loss = w.fig.axes
    return ax_regions.images[0], ax_loss.lines[0]


def test_training_widget_has_the_four_controls_and_a_train_button(widget):
    assert set(widget.controls) == {"lr", "batch_size", "width", "activation"}
    assert widget.train_button.description == "Train 20 epochs"
    assert widget.train_button in widget.view.children[1].children
    assert widget.progress in widget.view.children[1].children


def test_train_some_trains_and_redraws_loss_curve_and_regions(widget):
    image, line = artists(widget)
    regions, png, text = image.get_array().copy(), widget.png, widget.text
    assert len(line.get_xdata()) == 1 and "epoch 0" in text
    summary = widget.train_some(10)
    assert summary == widget.text and "epoch 10" in summary
    assert len(line.get_xdata()) == 11
    assert line.get_ydata()[-1] < line.get_ydata()[0]
    assert not np.array_equal(image.get_array(), regions)
    assert widget.png != png and widget.image.value == widget.png
    assert widget.progress.value == 10 and widget.progress.max == 10
    assert widget.run.epochs == 10 and widget.run.updates == 10 * 3  # 90 points, m = 32


def test_the_button_click_trains_one_click_of_epochs(widget):
    widget.train_button.click()
    assert widget.run.epochs == widget.epochs_per_click == 20
    assert not widget.train_button.disabled


def test_changing_width_or_activation_starts_a_new_network(widget):
    image, line = artists(widget)
    widget.train_some(5)
    regions, png = image.get_array().copy(), widget.png
    widget.controls["width"].value = 8
    assert widget.run.epochs == 0 and widget.run.net.sizes == [2, 8, 8, 3]
    assert len(line.get_xdata()) == 1
    assert not np.array_equal(image.get_array(), regions) and widget.png != png
    widget.controls["activation"].value = "tanh"
    assert widget.run.net.activation == "tanh" and "tanh" in widget.text


def test_changing_lr_or_batch_size_keeps_the_network_and_updates_the_summary(widget):
    widget.train_some(3)
    run, png = widget.run, widget.png
    widget.controls["lr"].value = 0.01
    widget.controls["batch_size"].value = "1 (stochastic)"
    assert widget.run is run and widget.png == png
    assert "α = 0.01, m = 1 (90 updates per epoch)" in widget.text
    widget.train_some(1)
    assert widget.run.updates == 3 * 3 + 90


@pytest.mark.parametrize("label", list(BATCH_SIZES))
def test_every_batch_size_trains(widget, label):
    widget.controls["batch_size"].value = label
    widget.train_some(1)
    m = BATCH_SIZES[label] or 90
    assert widget.run.updates == -(-90 // m)


def test_reset_starts_again_from_the_same_weights(widget):
    first = widget.text
    widget.train_some(4)
    widget.reset()
    assert widget.text == first and widget.run.epochs == 0 and widget.progress.value == 0


def test_a_diverging_run_stops_without_warnings(widget):
    widget.run.net.params["W1"][:] = 1e30  # float32 overflows on the next forward pass
    summary = widget.train_some(5)
    assert widget.run.diverged and widget.run.epochs == 1
    assert "diverged" in summary
    assert widget.progress.value == 0


def test_display_shows_the_state_at_display_time(widget, capsys):
    widget.train_some(2)
    widget._ipython_display_()
    assert widget.default_png == widget.png and widget.default_text.startswith("epoch 2")
    assert "Default state: epoch 2" in capsys.readouterr().out


def test_every_control_shows_its_whole_description(widget):
    # The default description width cuts "hidden width" to "hidden wi…".
    for control in widget.controls.values():
        assert control.style.description_width == "initial", control.description


def test_train_some_redraws_during_training_only_once_displayed(widget, monkeypatch, capsys):
    renders = []
    render = widget._render
    monkeypatch.setattr(widget, "_render", lambda: (renders.append(widget.run.epochs), render())[1])
    widget.train_some(10)  # not displayed yet: no one sees the frames in between
    assert renders == [10]
    widget._ipython_display_()
    renders.clear()
    widget.train_some(10)  # displayed: a frame after every redraw_every = 5 epochs, and one at the end
    assert renders == [15, 20]


def test_training_widget_rejects_bad_input():
    with pytest.raises(ValueError, match=r"\(5, 3\)"):
        training_widget(np.zeros((5, 3)), np.zeros(5, dtype=int))
    with pytest.raises(ValueError, match="width"):
        training_widget(width=5)


# ----------------------------------------------------------------------------- the fast paths of MLP and training


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("labels", ["indices", "one-hot"])
def test_cross_entropy_and_grad_equals_the_contract_functions_bit_for_bit(dtype, labels):
    rng = np.random.default_rng(3)
    O = (5 * rng.normal(size=(7, 4))).astype(dtype)
    y = rng.integers(0, 4, size=7)
    target = y if labels == "indices" else lu.one_hot(y, 4, dtype=dtype)
    L, dO = cross_entropy_and_grad(O, target)
    assert np.asarray(L).dtype == dtype and dO.dtype == dtype
    assert L == lu.cross_entropy(O, target)
    np.testing.assert_array_equal(dO, lu.softmax_cross_entropy_grad(O, target))


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "identity"])
def test_backward_is_the_chain_rule_with_f_grad_of_z(activation):
    net = lu.MLP([3, 6, 5, 2], activation=activation, seed=2)
    X = np.random.default_rng(4).normal(size=(8, 3))
    O, Hs, Zs = net.forward_cache(X)
    dO = np.random.default_rng(5).normal(size=O.shape)
    grads = net.backward(dO, Hs, Zs)
    f_grad = lu.ACTIVATIONS[activation][1]
    dZ2 = (dO @ net.params["W3"].T) * f_grad(Zs[1])
    dZ1 = (dZ2 @ net.params["W2"].T) * f_grad(Zs[0])
    np.testing.assert_array_equal(grads["W2"], Hs[1].T @ dZ2)
    np.testing.assert_array_equal(grads["W1"], X.T @ dZ1)


def test_a_saturated_sigmoid_unit_still_passes_its_tiny_gradient_in_float32():
    # H(1 - H) would round to exactly 0 here (σ(20) rounds to 1 in float32); σ'(20) ≈ 2e-9 does not.
    net = lu.MLP([1, 1, 2], activation="sigmoid", dtype=np.float32)
    net.params["W1"][:] = 20.0
    _, grads = net.loss_and_grads(np.ones((1, 1), dtype=np.float32), [0])
    assert grads["W1"][0, 0] != 0 and np.isfinite(grads["W1"][0, 0])


def test_sgd_step_keeps_float32_parameters_float32_work_for_a_numpy_float64_lr():
    net = lu.MLP([30, 40, 20], dtype=np.float32)
    X = np.random.default_rng(6).normal(size=(16, 30)).astype(np.float32)
    _, grads = net.loss_and_grads(X, np.arange(16))
    lr = np.float64(0.1)  # e.g. from np.logspace; not exactly representable in float32
    expected = {k: v - np.float32(lr) * grads[k] for k, v in net.params.items()}  # float32 arithmetic
    sgd_step(net.params, grads, lr)
    for k, v in net.params.items():
        assert v.dtype == np.float32
        np.testing.assert_array_equal(v, expected[k], err_msg=k)


def test_evaluate_equals_loss_and_accuracy_from_separate_passes():
    X, y = make_blobs(n_per_class=10, seed=3)
    net = lu.MLP([2, 5, 3], seed=1)
    loss, acc = evaluate(net, X, y)
    assert loss == float(net.loss(X, y))
    assert acc == lu.training.accuracy(net, X, y)
    Y = np.column_stack([X[:, 0], X[:, 1], X.sum(axis=1)])
    mse, none = evaluate(net, X, Y, loss="half_mse")
    assert mse == float(net.loss(X, Y, loss="half_mse")) and none is None


def test_train_casts_float64_data_once_and_trains_like_per_batch_casting():
    X, y = make_blobs(n_per_class=10, seed=4)
    fast = lu.MLP([2, 6, 3], seed=2, dtype=np.float32)
    slow = lu.MLP([2, 6, 3], seed=2, dtype=np.float32)
    train(fast, X, y, epochs=2, lr=0.1, batch_size=7, seed=5)
    rng = np.random.default_rng(5)
    for _ in range(2):
        for idx in minibatches(len(X), 7, rng):
            _, grads = slow.loss_and_grads(X[idx], y[idx])  # float64 batch, cast inside the MLP
            sgd_step(slow.params, grads, 0.1)
    for k in fast.params:
        np.testing.assert_array_equal(fast.params[k], slow.params[k])
