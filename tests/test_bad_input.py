"""Bad input raises a ValueError whose message names the shape it got."""

import numpy as np
import pytest

from lecture_utils import (
    MLP,
    Value,
    cross_entropy,
    draw_graph,
    gradient_check,
    half_mse,
    half_mse_grad,
    init_weights,
    least_squares,
    linear,
    linear_backward,
    log_softmax,
    numerical_gradient,
    one_hot,
    relative_error,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    softmax_cross_entropy_grad,
    tanh,
    tanh_grad,
)

STRINGS_3x4 = np.full((3, 4), "a")
STRING_LABELS = np.array(["a", "b", "c"])


def _net():
    return MLP([4, 5, 3], seed=0)


WRONG_SHAPES = {
    "linear X columns vs W rows": (lambda: linear(np.ones((3, 4)), np.ones((3, 2)), np.zeros(2)), "(3, 4)"),
    "linear X 3-D": (lambda: linear(np.ones((2, 3, 4)), np.ones((4, 2)), np.zeros(2)), "(2, 3, 4)"),
    "linear W 1-D": (lambda: linear(np.ones((3, 4)), np.ones(4), np.zeros(1)), "(4,)"),
    "linear b length": (lambda: linear(np.ones((3, 4)), np.ones((4, 2)), np.zeros(5)), "(5,)"),
    "linear_backward dZ shape": (lambda: linear_backward(np.ones((3, 5)), np.ones((3, 4)), np.ones((4, 2))),
                                 "(3, 5)"),
    "linear_backward X vs W": (lambda: linear_backward(np.ones((3, 2)), np.ones((3, 4)), np.ones((5, 2))),
                               "(3, 4)"),
    "least_squares y rows": (lambda: least_squares(np.ones((6, 2)), np.ones(5)), "(5,)"),
    "least_squares X 1-D": (lambda: least_squares(np.ones(6), np.ones(6)), "(6,)"),
    "softmax empty class axis": (lambda: softmax(np.ones((3, 0))), "(3, 0)"),
    "log_softmax empty class axis": (lambda: log_softmax(np.ones((3, 0))), "(3, 0)"),
    "one_hot 2-D labels": (lambda: one_hot(np.zeros((3, 4), dtype=int), 5), "(3, 4)"),
    "cross_entropy labels vs logits": (lambda: cross_entropy(np.zeros((3, 5)), np.zeros((3, 4))), "(3, 4)"),
    "cross_entropy index labels length": (lambda: cross_entropy(np.zeros((3, 5)), np.zeros(4, dtype=int)), "(4,)"),
    "cross_entropy 3-D logits": (lambda: cross_entropy(np.zeros((2, 3, 4)), np.zeros((2, 3), dtype=int)),
                                 "(2, 3, 4)"),
    "softmax_cross_entropy_grad labels vs logits": (
        lambda: softmax_cross_entropy_grad(np.zeros((3, 5)), np.zeros((3, 4))), "(3, 4)"),
    "softmax_cross_entropy_grad 3-D logits": (
        lambda: softmax_cross_entropy_grad(np.zeros((2, 3, 4)), np.zeros((2, 3), dtype=int)), "(2, 3, 4)"),
    "half_mse (n, 1) vs (n,)": (lambda: half_mse(np.zeros((3, 1)), np.zeros(3)), "(3, 1)"),
    "half_mse_grad (n, 1) vs (n,)": (lambda: half_mse_grad(np.zeros((3, 1)), np.zeros(3)), "(3, 1)"),
    "MLP.forward X width": (lambda: _net().forward(np.ones((5, 3))), "(5, 3)"),
    "MLP.forward X 1-D": (lambda: _net().forward(np.ones(4)), "(4,)"),
    "MLP.loss_and_grads labels length": (lambda: _net().loss_and_grads(np.ones((5, 4)), np.zeros(6, dtype=int)),
                                         "(6,)"),
    "MLP.loss_and_grads half_mse target": (
        lambda: _net().loss_and_grads(np.ones((5, 4)), np.zeros((5, 2)), loss="half_mse"), "(5, 2)"),
    "relative_error shapes": (lambda: relative_error(np.zeros((3, 4)), np.zeros((4, 3))), "(3, 4)"),
    "gradient_check grad shape": (
        lambda: gradient_check(lambda p: 0.0, {"W": np.zeros((2, 3))}, {"W": np.zeros((3, 4))}), "(3, 4)"),
}

WRONG_DTYPES = {
    "linear X strings": (lambda: linear(STRINGS_3x4, np.ones((4, 2)), np.zeros(2)), "(3, 4)"),
    "linear_backward dZ strings": (lambda: linear_backward(STRINGS_3x4, np.ones((3, 2)), np.ones((2, 4))),
                                   "(3, 4)"),
    "least_squares X strings": (lambda: least_squares(STRINGS_3x4, np.ones(3)), "(3, 4)"),
    "softmax strings": (lambda: softmax(STRINGS_3x4), "(3, 4)"),
    "log_softmax strings": (lambda: log_softmax(STRINGS_3x4), "(3, 4)"),
    "one_hot string labels": (lambda: one_hot(STRING_LABELS, 3), "(3,)"),
    "one_hot fractional labels": (lambda: one_hot(np.array([0.0, 1.5, 2.0]), 3), "(3,)"),
    "cross_entropy string logits": (lambda: cross_entropy(STRINGS_3x4, np.zeros(3, dtype=int)), "(3, 4)"),
    "cross_entropy string labels": (lambda: cross_entropy(np.zeros((3, 4)), STRING_LABELS), "(3,)"),
    "softmax_cross_entropy_grad string logits": (
        lambda: softmax_cross_entropy_grad(STRINGS_3x4, np.zeros(3, dtype=int)), "(3, 4)"),
    "half_mse string pred": (lambda: half_mse(STRINGS_3x4, np.zeros((3, 4))), "(3, 4)"),
    "half_mse_grad string target": (lambda: half_mse_grad(np.zeros((3, 4)), STRINGS_3x4), "(3, 4)"),
    "sigmoid strings": (lambda: sigmoid(STRINGS_3x4), "(3, 4)"),
    "sigmoid_grad strings": (lambda: sigmoid_grad(STRINGS_3x4), "(3, 4)"),
    "tanh strings": (lambda: tanh(STRINGS_3x4), "(3, 4)"),
    "tanh_grad strings": (lambda: tanh_grad(STRINGS_3x4), "(3, 4)"),
    "relu strings": (lambda: relu(STRINGS_3x4), "(3, 4)"),
    "relu_grad strings": (lambda: relu_grad(STRINGS_3x4), "(3, 4)"),
    "MLP.forward strings": (lambda: _net().forward(np.full((3, 4), "a")), "(3, 4)"),
    "numerical_gradient int array": (lambda: numerical_gradient(np.sum, np.zeros((3, 4), dtype=int)), "(3, 4)"),
}

OUT_OF_RANGE_LABELS = {
    "one_hot": (lambda: one_hot(np.array([0, 5, 1, 2]), 3), "(4,)"),
    "one_hot negative": (lambda: one_hot(np.array([0, -1, 1, 2]), 3), "(4,)"),
    "cross_entropy": (lambda: cross_entropy(np.zeros((4, 3)), np.array([0, 3, 1, 2])), "(4,)"),
    "softmax_cross_entropy_grad": (
        lambda: softmax_cross_entropy_grad(np.zeros((4, 3)), np.array([0, 3, 1, 2])), "(4,)"),
    "MLP.loss_and_grads": (lambda: _net().loss_and_grads(np.ones((4, 4)), np.array([0, 1, 7, 2])), "(4,)"),
}


def _message(call):
    with pytest.raises(ValueError) as info:
        call()
    return str(info.value)


@pytest.mark.parametrize("case", list(WRONG_SHAPES))
def test_wrong_shape_raises_value_error_naming_the_shape(case):
    call, got_shape = WRONG_SHAPES[case]
    assert got_shape in _message(call)


@pytest.mark.parametrize("case", list(WRONG_DTYPES))
def test_wrong_dtype_raises_value_error_naming_the_shape(case):
    call, got_shape = WRONG_DTYPES[case]
    assert got_shape in _message(call)


@pytest.mark.parametrize("case", list(WRONG_DTYPES))
def test_wrong_dtype_message_names_the_dtype_or_values(case):
    call, _ = WRONG_DTYPES[case]
    message = _message(call)
    assert any(word in message for word in ("dtype", "<U1", "int64", "whole", "1.5"))


@pytest.mark.parametrize("case", list(OUT_OF_RANGE_LABELS))
def test_out_of_range_labels_raise_value_error_naming_the_range(case):
    call, _ = OUT_OF_RANGE_LABELS[case]
    message = _message(call)
    assert "0..2" in message or "0..3" in message or "0 to" in message


@pytest.mark.parametrize("case", list(OUT_OF_RANGE_LABELS))
def test_out_of_range_labels_raise_value_error_naming_the_shape(case):
    call, got_shape = OUT_OF_RANGE_LABELS[case]
    assert got_shape in _message(call)


def test_linear_shape_error_names_the_wanted_shape_too():
    message = _message(lambda: linear(np.ones((3, 4)), np.ones((3, 2)), np.zeros(2)))
    assert "(3, 2)" in message and "(4, p)" in message


def test_one_hot_rejects_a_non_positive_number_of_classes():
    assert "0" in _message(lambda: one_hot([0], 0))


def test_cross_entropy_rejects_one_hot_rows_that_do_not_sum_to_one():
    _message(lambda: cross_entropy(np.zeros((2, 3)), np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 0.0]])))


def test_init_weights_rejects_bad_sizes_and_names_them():
    assert "[3]" in _message(lambda: init_weights([3], "he", 0))
    assert "-2" in _message(lambda: init_weights([3, -2], "he", 0))


def test_init_weights_rejects_an_unknown_scheme_and_lists_the_known_ones():
    message = _message(lambda: init_weights([3, 2], "uniform", 0))
    assert "uniform" in message and "xavier" in message


def test_mlp_rejects_an_unknown_activation_and_loss():
    assert "swish" in _message(lambda: MLP([2, 3, 2], activation="swish"))
    assert "hinge" in _message(lambda: _net().loss_and_grads(np.ones((2, 4)), [0, 1], loss="hinge"))


def test_gradient_check_rejects_missing_gradients():
    assert "W" in _message(lambda: gradient_check(lambda p: 0.0, {"W": np.zeros(2)}, {}))


def test_value_rejects_a_string_and_a_value_exponent():
    assert "'abc'" in _message(lambda: Value("abc"))
    _message(lambda: Value(2.0) ** Value(3.0))


def test_draw_graph_rejects_a_plain_number():
    assert "float" in _message(lambda: draw_graph(2.0))
