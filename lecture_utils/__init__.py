"""Reference implementations for the lecture series on the mathematics of neural networks.

Row convention everywhere: a batch X is (n, d); a layer is Z = X @ W + b with
W (d, p) and b (p,). Every function computes in the dtype it is given.

Submodules not imported here (they load heavier libraries only when used):
``lecture_utils.data``, ``lecture_utils.plots``, ``lecture_utils.training``,
``lecture_utils.widgets``, ``lecture_utils.checks``.
"""

from .activations import ACTIVATIONS, relu, relu_grad, sigmoid, sigmoid_grad, tanh, tanh_grad
from .autodiff import Value, draw_graph
from .gradcheck import gradient_check, numerical_gradient, relative_error
from .init import init_weights
from .linear import least_squares, linear, linear_backward
from .losses import (
    cross_entropy,
    half_mse,
    half_mse_grad,
    log_softmax,
    one_hot,
    softmax,
    softmax_cross_entropy_grad,
)
from .mlp import MLP

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "MLP",
    "Value",
    "cross_entropy",
    "draw_graph",
    "gradient_check",
    "half_mse",
    "half_mse_grad",
    "init_weights",
    "linear",
    "linear_backward",
    "least_squares",
    "log_softmax",
    "numerical_gradient",
    "one_hot",
    "relative_error",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "softmax_cross_entropy_grad",
    "tanh",
    "tanh_grad",
]
