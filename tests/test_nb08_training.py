"""Notebook 08: the training widget, the exercise checks, and the fast paths of MLP and training."""

from __future__ import annotations

import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils.checks.training import batch_summary, check_minibatches, check_sgd_update, describe_batches
from lecture_utils.data import make_blobs, make_spirals
from lecture_utils.mlp import cross_entropy_and_grad
from lecture_utils.training import (
    adam_step,
    evaluate,
    flatten_params,
    hessian_vector_product,
    largest_curvature,
    minibatches,
    momentum_step,
    sgd_step,
    stacked_forward,
    train,
    train_stacked,
    unflatten_params,
    unstack,
)

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
    # Never disabled (a disabled button drops the keyboard focus); its label is back.
    assert not widget.train_button.disabled and widget.train_button.description == "Train 20 epochs"


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


def test_the_epoch_axis_has_whole_numbers_and_no_label_is_cut_off(widget):
    _, ax_loss = widget.fig.axes
    for epochs in (0, 30, 100):  # the axis ends at 20, then 40, then 160
        widget.train_some(epochs - widget.run.epochs)
        ticks = [t for t in ax_loss.get_xticks() if ax_loss.get_xlim()[0] <= t <= ax_loss.get_xlim()[1]]
        assert ticks and all(float(t).is_integer() for t in ticks), ticks
        renderer = widget.canvas.get_renderer()
        figure_box = widget.fig.bbox
        for tick, label in zip(ax_loss.get_xticks(), ax_loss.get_xticklabels()):
            if tick in ticks:  # a visible label keeps at least 6 px (0.07 in) from the figure's edges
                box = label.get_window_extent(renderer)
                assert figure_box.x0 + 6 <= box.x0 and box.x1 <= figure_box.x1 - 6, (label.get_text(), box.x1)


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


# ----------------------------------------------------------------------------- momentum and Adam

# L(θ) = ½ (θ₁² + 10 θ₂²), gradient (θ₁, 10 θ₂), from θ₀ = (1, 1) with α = 0.1; steps computed by hand:
# momentum: v₁ = (1, 10), θ₁ = (0.9, 0); v₂ = 0.9 (1, 10) + (0.9, 0) = (1.8, 9), θ₂ = (0.72, −0.9).
# Adam: m̂₁ = g₁, ŝ₁ = g₁², θ₁ = θ₀ − 0.1 sign(g₁) = (0.9, 0.9); g₂ = (0.9, 9), m₂ = (0.18, 1.8),
# s₂ = (0.001809, 0.1809); m̂₂ = m₂ / 0.19, ŝ₂ = s₂ / 0.001999, step 0.1 · 0.995877 in both coordinates.
SCALE = np.array([1.0, 10.0])


def quadratic_path(step, steps=2, **kwargs):
    params, state, path = {"theta": np.array([1.0, 1.0])}, {}, []
    for _ in range(steps):
        step(params, {"theta": SCALE * params["theta"]}, state, lr=0.1, **kwargs)
        path.append(params["theta"].copy())
    return np.array(path), state


def test_momentum_step_matches_the_hand_computed_steps():
    path, state = quadratic_path(momentum_step)
    np.testing.assert_allclose(path, [[0.9, 0.0], [0.72, -0.9]], atol=1e-12)
    np.testing.assert_allclose(state["theta"], [1.8, 9.0])


def test_momentum_with_beta_zero_is_plain_gradient_descent():
    path, _ = quadratic_path(momentum_step, steps=3, beta=0.0)
    expected = np.array([[0.9 ** k, 0.0] for k in (1, 2, 3)])  # 1 − 0.1·10 = 0: θ₂ lands on 0 in one step
    np.testing.assert_allclose(path, expected, atol=1e-12)


def test_adam_step_matches_the_hand_computed_steps_with_bias_correction():
    path, state = quadratic_path(adam_step)
    np.testing.assert_allclose(path[0], [0.9, 0.9], atol=1e-7)  # the first step is α sign(g)
    step2 = 0.1 * (0.18 / 0.19) / (np.sqrt(0.001809 / 0.001999) + 1e-8)
    np.testing.assert_allclose(path[1], [0.9 - step2, 0.9 - step2], rtol=1e-6)
    np.testing.assert_allclose(path[1], [0.800412, 0.800412], atol=1e-6)
    assert state["t"] == 2
    m, s = state["theta"]
    np.testing.assert_allclose(m, [0.18, 1.8])
    np.testing.assert_allclose(s, [0.001809, 0.1809])


@pytest.mark.parametrize("step", [momentum_step, adam_step])
def test_optimizer_steps_keep_float32_and_leave_the_gradients_alone(step):
    params = {"W": np.ones((3, 2), dtype=np.float32)}
    grads = {"W": np.full((3, 2), 0.5, dtype=np.float32)}
    state = {}
    step(params, grads, state, lr=np.float64(0.1))
    assert params["W"].dtype == np.float32 and np.all(params["W"] < 1)
    np.testing.assert_array_equal(grads["W"], 0.5)


def test_train_with_momentum_and_adam_lowers_the_loss_and_rejects_unknown_names():
    X, y = make_blobs(n_per_class=10, seed=4)
    for optimizer, lr in (("momentum", 0.05), ("adam", 0.01)):
        net = lu.MLP([2, 8, 3], seed=0)
        start = net.loss(X, y)
        history = train(net, X, y, epochs=5, lr=lr, batch_size=6, optimizer=optimizer)
        assert history.loss[-1] < start, optimizer
    with pytest.raises(ValueError, match="optimizer"):
        train(lu.MLP([2, 4, 3]), X, y, epochs=1, lr=0.1, optimizer="rmsprop")


# ----------------------------------------------------------------------------- curvature


def rotated_quadratic(eigenvalues, seed=0):
    Q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(len(eigenvalues),) * 2))
    return Q @ np.diag(eigenvalues) @ Q.T


def test_flatten_and_unflatten_are_inverse():
    net = lu.MLP([3, 4, 2], seed=0)
    theta = flatten_params(net.params)
    assert theta.shape == (3 * 4 + 4 + 4 * 2 + 2,)
    back = unflatten_params(theta, net.params)
    for k in net.params:
        np.testing.assert_array_equal(back[k], net.params[k])
    with pytest.raises(ValueError, match="26"):
        unflatten_params(theta[:-1], net.params)


def test_hessian_vector_product_of_a_quadratic_is_h_times_v():
    H = rotated_quadratic([4.0, -1.0, 0.5])
    v = np.array([0.3, -0.2, 0.9])
    np.testing.assert_allclose(hessian_vector_product(lambda th: H @ th + 1.0, np.ones(3), v), H @ v, rtol=1e-9)


def test_hessian_vector_product_of_a_network_matches_a_column_of_the_hessian():
    net = lu.MLP([3, 4, 2], activation="tanh", seed=1)
    X, y = np.random.default_rng(2).normal(size=(6, 3)), np.array([0, 1, 1, 0, 1, 0])

    def grad(theta):
        net.params = unflatten_params(theta, net.params)
        return flatten_params(net.loss_and_grads(X, y)[1])

    theta = flatten_params(net.params)
    e = np.zeros_like(theta)
    e[5] = 1.0
    column = lu.numerical_gradient(lambda t: grad(t)[5], theta.copy(), eps=1e-4)  # row 5 of H = column 5
    np.testing.assert_allclose(hessian_vector_product(grad, theta, e), column, atol=1e-6)


@pytest.mark.parametrize("eigenvalues, expected", [([5.0, 2.0, 1.0, 0.5], 5.0), ([0.3, -3.0, 1.0], -3.0),
                                                    ([1e-3, 2e-3, 7e-4], 2e-3)])
def test_largest_curvature_finds_the_eigenvalue_of_largest_size(eigenvalues, expected):
    H = rotated_quadratic(eigenvalues)
    lam, v, steps = largest_curvature(lambda th: H @ th, np.zeros(len(eigenvalues)), iters=500, tol=1e-12)
    assert lam == pytest.approx(expected, rel=1e-6)
    assert np.linalg.norm(H @ v - lam * v) < 1e-5 * abs(lam) and abs(np.linalg.norm(v) - 1) < 1e-12
    assert steps < 500


def test_largest_curvature_starts_from_v0_and_checks_its_shape():
    H = rotated_quadratic([5.0, 2.0, 1.0])
    _, v, _ = largest_curvature(lambda th: H @ th, np.zeros(3), tol=1e-12)
    _, _, steps = largest_curvature(lambda th: H @ th, np.zeros(3), tol=1e-9, v0=v)
    assert steps <= 3  # already an eigenvector
    with pytest.raises(ValueError, match="v0"):
        largest_curvature(lambda th: H @ th, np.zeros(3), v0=np.ones(2))


def test_largest_curvature_of_a_zero_hessian_is_zero():
    lam, _, steps = largest_curvature(lambda th: np.zeros_like(th), np.ones(4))
    assert lam == 0.0 and steps == 1


# ----------------------------------------------------------------------------- many networks at once


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_train_stacked_gives_the_networks_train_gives(optimizer):
    X, y = make_blobs(n_per_class=12, seed=3)
    X_val, y_val = make_blobs(n_per_class=4, seed=8)
    seeds, rates = [0, 1, 2], [0.1, 0.03, 0.01]
    params, histories = train_stacked([2, 6, 5, 3], X, y, seeds=seeds, lr=rates, epochs=3, batch_size=7,
                                      optimizer=optimizer, activation="tanh", X_val=X_val, y_val=y_val)
    for s, (seed, lr) in enumerate(zip(seeds, rates)):
        net = lu.MLP([2, 6, 5, 3], activation="tanh", seed=seed, dtype=np.float32)
        history = train(net, X, y, epochs=3, lr=lr, batch_size=7, seed=seed, optimizer=optimizer,
                        X_val=X_val, y_val=y_val)
        for k, value in unstack(params, s).items():
            np.testing.assert_allclose(value, net.params[k], rtol=1e-5, atol=1e-6, err_msg=k)
        np.testing.assert_allclose(histories[s].loss, history.loss, rtol=1e-5)
        np.testing.assert_allclose(histories[s].val_loss, history.val_loss, rtol=1e-5)
        assert histories[s].accuracy == history.accuracy and histories[s].val_accuracy == history.val_accuracy
        assert histories[s].updates == history.updates


def test_train_stacked_with_one_training_set_per_network_and_no_record():
    X1, y1 = make_blobs(n_per_class=10, seed=1)
    X2, y2 = make_blobs(n_per_class=10, seed=2)
    params, histories = train_stacked([2, 4, 3], np.stack([X1, X2]), np.stack([y1, y2]), seeds=[5, 5], lr=0.1,
                                      epochs=2, batch_size=8, record=False)
    assert histories[0].loss == [] and histories[0].updates == [4, 8]
    for s, (X, y) in enumerate(((X1, y1), (X2, y2))):
        net = lu.MLP([2, 4, 3], seed=5, dtype=np.float32)
        train(net, X, y, epochs=2, lr=0.1, batch_size=8, seed=5)
        np.testing.assert_allclose(unstack(params, s)["W1"], net.params["W1"], rtol=1e-5, atol=1e-6)
        O = stacked_forward(params, np.stack([X1, X2]).astype(np.float32))[0][s]
        np.testing.assert_allclose(O, net.forward(X if s == 0 else X2), rtol=1e-5, atol=1e-6)


def test_train_stacked_rejects_mismatched_shapes():
    X, y = make_blobs(n_per_class=5, seed=1)
    with pytest.raises(ValueError, match=r"\(2, n, d\)"):
        train_stacked([2, 4, 3], np.stack([X, X, X]), y, seeds=[0, 1], lr=0.1, epochs=1, batch_size=5)
    with pytest.raises(ValueError, match="2 rates"):
        train_stacked([2, 4, 3], X, y, seeds=[0, 1], lr=[0.1, 0.2, 0.3], epochs=1, batch_size=5)


def test_the_button_says_it_is_training_while_it_trains(widget):
    seen = []
    widget.train_button.observe(lambda change: seen.append(change["new"]), names="description")
    widget.train_some(2)
    assert seen == ["Training…", "Train 20 epochs"]
