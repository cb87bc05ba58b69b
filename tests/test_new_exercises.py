"""The four exercises that meet an error that matters: their references, cases and reports.

05 ``check_backward_pass``, 06 ``check_sigmoid_net_backward`` and ``check_train_step``,
08 ``check_shuffled_batches``. Each reference is tested against something independent of
it (finite differences, ``lu.MLP``, or the definition written out), so a broken reference fails.
"""

from __future__ import annotations

import numpy as np
import pytest

import lecture_utils as lu
from lecture_utils.checks import backprop as cb
from lecture_utils.checks import chain_rule as cc
from lecture_utils.checks import training as ct
from tests.catalogue import new_exercises as catalogue

# ----------------------------------------------------------------------------- 05: backward_pass


def leaf_gradients_by_finite_differences(graph, values):
    """∂out/∂leaf for every input of ``graph``, by central differences on the leaves' values."""
    names = list(values)

    def out_at(p):
        return cc.BACKWARD_GRAPHS[graph](dict(zip(names, p)))[-1].data

    return lu.numerical_gradient(out_at, np.array([values[k] for k in names], dtype=float))


@pytest.mark.parametrize("case", cc._cases_backward_pass(), ids=lambda c: c.args[0])
def test_backward_pass_reference_agrees_with_finite_differences(case):
    graph, values = case.args
    first, second = cc.backward_pass_reference(graph, values)
    leaves = len(values)
    numeric = leaf_gradients_by_finite_differences(graph, values)
    assert lu.relative_error(first[:leaves], numeric) < 1e-7
    assert first[-1] == 1.0, "∂out/∂out = 1"
    np.testing.assert_array_equal(second, first)


def test_every_backward_graph_uses_a_node_more_than_once_except_the_neuron():
    for graph, build in cc.BACKWARD_GRAPHS.items():
        nodes = build({"x": 0.3, "y": -0.7, "w": 0.5, "b": 0.1})
        uses = {}
        for v in nodes[-1].topological_order():
            for child in v._prev:
                uses[id(child)] = uses.get(id(child), 0) + 1
        assert (max(uses.values()) > 1) == (graph != "ŷ = σ(w·x + b)"), graph


def test_backward_pass_first_case_tells_every_mistake_from_the_answer_and_from_each_other():
    first = cc._cases_backward_pass()[0]
    expected = cc.backward_pass_reference(*first.args)
    wrong = {m.key: m.wrong(*first.args) for m in cc.BACKWARD_MISTAKES}
    right_here = {key for key, result in wrong.items() if all(np.allclose(w, e) for w, e in zip(result, expected))}
    # on f = x·y + x a depth-first walk and a product with out.grad happen to give the answer; case 3 catches both
    assert right_here == {"recursive", "out-grad"}
    later = cc._cases_backward_pass()[2]
    for key in right_here:
        result = next(m for m in cc.BACKWARD_MISTAKES if m.key == key).wrong(*later.args)
        assert not all(np.allclose(w, e) for w, e in zip(result, cc.backward_pass_reference(*later.args))), key
    shown = [tuple(np.round(np.concatenate([np.asarray(p, dtype=float) for p in r]), 6))
             for key, r in wrong.items() if key not in right_here]
    assert len(set(shown)) == len(shown)


def test_backward_pass_assignment_is_caught_on_the_first_case_and_only_by_reuse():
    assign = catalogue.bp_assign
    report = cc.check_backward_pass(assign)
    assert report.status == "failed" and report.hint_key == "assign" and report.passed == 0
    # on the neuron, where every node is used once, = and += agree
    neuron = ("ŷ = σ(w·x + b)", {"w": 0.5, "x": 2.0, "b": -1.5})
    assert all(np.allclose(a, b) for a, b in zip(cc.run_backward_pass(assign, *neuron),
                                                  cc.backward_pass_reference(*neuron)))


def test_backward_pass_check_calls_the_function_twice():
    report = cc.check_backward_pass(catalogue.bp_no_reset)
    assert report.hint_key == "no-reset"
    assert "grads after a second call" in str(report)


def test_backward_pass_check_reports_stub_name_loop_and_non_function():
    def backward_pass(out):
        raise NotImplementedError

    def spins(out):
        while True:
            pass

    assert "not started yet" in str(cc.check_backward_pass(backward_pass))
    report = cc.check_backward_pass(spins, time_limit=0.3)
    assert report.hint_key == "timeout" and "check_backward_pass(spins)" in str(report)
    assert "expected a function" in str(cc.check_backward_pass(3))


# ----------------------------------------------------------------------------- 06: sigmoid_net_backward


def sigmoid_net_loss(X, Y, W1, b1, W2, b2):
    return lu.half_mse(lu.sigmoid(lu.sigmoid(X @ W1 + b1) @ W2 + b2), Y)


@pytest.mark.parametrize("case", cb._cases_sigmoid_net(), ids=lambda c: c.description[:30])
def test_sigmoid_net_reference_agrees_with_finite_differences(case):
    X, Y, W1, b1, W2, b2 = (np.array(a, dtype=float) for a in case.args)
    params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    grads = dict(zip(("W1", "b1", "W2", "b2"), cb._reference_sigmoid_net(X, Y, W1, b1, W2, b2)))
    for name, value in params.items():
        numeric = lu.numerical_gradient(lambda _: sigmoid_net_loss(X, Y, **params), value)
        assert grads[name].shape == value.shape
        assert lu.relative_error(grads[name], numeric) < 1e-6, name


def test_sigmoid_net_first_case_lets_the_wrong_h_run_and_tells_every_mistake_apart():
    first = cb._cases_sigmoid_net()[0]
    X, Y, W1, b1, W2, b2 = first.args
    assert W1.shape[1] == W2.shape[1], "hidden width = output width, so A1 and A2 have one shape"
    expected = cb._reference_sigmoid_net(*first.args)
    seen = []
    for mistake in cb.SIGMOID_NET_MISTAKES:
        wrong = mistake.wrong(*first.args)
        assert any(w.shape != e.shape or not np.allclose(w, e) for w, e in zip(wrong, expected)), mistake.key
        flat = tuple(np.round(np.concatenate([np.ravel(w) for w in wrong]), 9))
        assert flat not in seen, mistake.key
        seen.append(flat)


def test_sigmoid_net_check_names_the_factor_on_the_wrong_h():
    report = cb.check_sigmoid_net_backward(catalogue.sig_a2_in_hidden_layer)
    assert report.passed == 0 and report.hint_key == "a2-in-layer-1"


# ----------------------------------------------------------------------------- 06: train_step


@pytest.mark.parametrize("case", cb._cases_train_step(), ids=lambda c: c.description[:30])
def test_train_step_reference_is_one_step_along_the_finite_difference_gradient(case):
    X, Y, params, lr = case.args
    params = {k: v.copy() for k, v in params.items()}
    new = cb._reference_train_step(X, Y, params, lr)

    def loss(_):
        H = lu.relu(X @ params["W1"] + params["b1"])
        return lu.half_mse(H @ params["W2"] + params["b2"], Y)

    assert list(new) == ["W1", "b1", "W2", "b2"]
    for name in params:
        numeric = lu.numerical_gradient(loss, params[name])
        np.testing.assert_allclose(new[name], params[name] - lr * numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("case", cb._cases_train_step(), ids=lambda c: c.description[:30])
def test_train_step_reference_agrees_with_lu_mlp(case):
    X, Y, params, lr = case.args
    d, h = params["W1"].shape
    net = lu.MLP([d, h, params["W2"].shape[1]], activation="relu")
    net.params = {k: v.copy() for k, v in params.items()}
    _, grads = net.loss_and_grads(X, Y, loss="half_mse")
    new = cb._reference_train_step(X, Y, params, lr)
    for name in params:
        np.testing.assert_allclose(new[name], params[name] - lr * grads[name], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("case", cb._cases_train_step(), ids=lambda c: c.description[:30])
def test_train_step_stale_w2_differs_far_above_the_tolerance(case):
    right = cb._reference_train_step(*case.args)
    stale = cb.train_step_with(*case.args, w2_first=True)
    scale = np.abs(right["W1"]).max()
    assert np.abs(stale["W1"] - right["W1"]).max() > 1e-2 * scale
    np.testing.assert_array_equal(stale["W2"], right["W2"])


def test_train_step_mistakes_differ_from_the_answer_on_the_first_case():
    first = cb._cases_train_step()[0]
    expected = cb._reference_train_step(*first.args)
    for mistake in cb.TRAIN_STEP_MISTAKES:
        wrong = mistake.wrong(*first.args)
        assert any(not np.allclose(wrong[k], expected[k]) for k in expected), mistake.key


def test_train_step_in_place_update_is_reported_as_a_change_in_place():
    def train_step(X, Y, params, lr):
        H = lu.relu(X @ params["W1"] + params["b1"])
        dO = (H @ params["W2"] + params["b2"] - Y) / len(X)
        dZ1 = dO @ params["W2"].T * lu.relu_grad(X @ params["W1"] + params["b1"])
        for name, g in (("W1", X.T @ dZ1), ("b1", dZ1.sum(0)), ("W2", H.T @ dO), ("b2", dO.sum(0))):
            params[name] -= lr * g
        return params

    report = cb.check_train_step(train_step)
    assert report.hint_key == "mutated" and "changed its input params in place" in str(report)


# ----------------------------------------------------------------------------- 08: shuffled_batches


@pytest.mark.parametrize("case", ct._cases_pairs(), ids=lambda c: c.description[:30])
def test_shuffled_batches_reference_keeps_every_example_with_its_label(case):
    X, y, batch_size, seed = case.args
    batches = ct.shuffled_batches_reference(X, y, batch_size, seed)
    order = np.random.default_rng(seed).permutation(len(X))  # the convention of exercise 1, written out
    starts = list(range(0, len(X), batch_size))
    assert len(batches) == len(starts)
    for start, (X_batch, y_batch) in zip(starts, batches):
        idx = order[start:start + batch_size]
        np.testing.assert_array_equal(X_batch, X[idx])
        np.testing.assert_array_equal(y_batch, y[idx])
    rows = np.vstack([b[0] for b in batches])
    assert sorted(map(tuple, rows)) == sorted(map(tuple, X)), "every example exactly once"


def test_describe_pairs_puts_each_label_beside_its_row():
    X, y = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), np.array([7, 8, 9])
    rows, sizes = ct.describe_pairs([(X[[2, 0]], y[[2, 0]]), (X[[1]], y[[1]])])
    np.testing.assert_array_equal(rows, [[5, 6, 9], [1, 2, 7], [3, 4, 8]])
    np.testing.assert_array_equal(sizes, [[2, 2], [1, 1]])
    assert ct.describe_pairs(None) == (None, None)


def test_shuffled_batches_first_case_tells_every_mistake_from_the_answer_and_from_each_other():
    first = ct._cases_pairs()[0]
    expected = ct._reference_pairs(*first.args)
    seen = []
    for mistake in ct.PAIR_MISTAKES:
        if mistake.wrong is None:
            continue  # known by the form of the answer, not by its numbers
        try:
            rows, sizes = mistake.wrong(*first.args)
        except IndexError:
            continue  # known by the error it raises (X[:, idx] on a 2-column X), which the check matches

        rows = np.asarray(rows, dtype=float)
        assert rows.shape != expected[0].shape or not np.array_equal(rows, expected[0]), mistake.key
        key = (rows.shape, tuple(rows.ravel()))
        assert key not in seen, mistake.key
        seen.append(key)


def test_shuffled_batches_x_only_is_named_on_the_first_case():
    def shuffled_batches(X, y, batch_size, seed):
        idx = np.random.default_rng(seed).permutation(len(X))
        X = X[idx]
        return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]

    report = ct.check_shuffled_batches(shuffled_batches)
    assert report.passed == 0 and report.hint_key == "x-only"
    assert "check_shuffled_batches(shuffled_batches)" in str(report)


def test_shuffled_batches_check_reports_stub_loop_and_non_function():
    def shuffled_batches(X, y, batch_size, seed):
        raise NotImplementedError

    def forever(X, y, batch_size, seed):
        while True:
            pass

    assert "not started yet" in str(ct.check_shuffled_batches(shuffled_batches))
    assert ct.check_shuffled_batches(forever, time_limit=0.3).hint_key == "timeout"
    assert "expected a function" in str(ct.check_shuffled_batches("not a function"))


# ----------------------------------------------------------------------------- all four


@pytest.mark.parametrize("check, answer", [
    (cc.check_backward_pass, lambda out: out.backward()),
    (cb.check_sigmoid_net_backward, cb._reference_sigmoid_net),
    (cb.check_train_step, cb._reference_train_step),
    (ct.check_shuffled_batches, ct.shuffled_batches_reference),
], ids=["backward_pass", "sigmoid_net_backward", "train_step", "shuffled_batches"])
def test_each_new_check_passes_its_reference(check, answer):
    report = check(answer)
    assert report.ok, str(report)
