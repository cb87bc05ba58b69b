"""Checks for the exercises of notebook 05 (the chain rule and computational graphs)."""

from __future__ import annotations

import numpy as np

from ..autodiff import Value
from ..linear import linear_backward
from ._core import Case, CheckReport, Mistake, function_name, rows, run_check

# --- Exercise 1: z = (x·y + 1)² -------------------------------------------------


def grad_z_reference(x, y):
    """(∂z/∂x, ∂z/∂y) of z = u², u = x·y + 1: (2u·y, 2u·x)."""
    u = x * y + 1.0
    return 2.0 * u * y, 2.0 * u * x


def _cases_grad_z() -> list[Case]:
    return [
        Case((2.0, 3.0), "x = 2, y = 3 (u = 7, z = 49)"),
        Case((-1.5, 0.5), "x = -1.5, y = 0.5 (u = 0.25)"),
        Case((0.5, -4.0), "x = 0.5, y = -4 (u = -1)"),
        Case((3.0, 1.0), "x = 3, y = 1"),
    ]


GRAD_Z_MISTAKES = (
    Mistake("∂z/∂y is wrong: it is 2u·x (the OTHER factor of u = x·y + 1); you returned 2u·y twice.",
            lambda x, y: (2.0 * (x * y + 1.0) * y, 2.0 * (x * y + 1.0) * y), "copy-paste"),
    Mistake("you stopped at dz/du = 2u: multiply by the inner derivative too, ∂u/∂x = y and ∂u/∂y = x "
            "(chain rule: ∂z/∂x = dz/du · ∂u/∂x).",
            lambda x, y: (2.0 * (x * y + 1.0), 2.0 * (x * y + 1.0)), "outer-only"),
    Mistake("∂z/∂x and ∂z/∂y are swapped: ∂(x·y + 1)/∂x = y (the OTHER factor), so ∂z/∂x = 2u·y and "
            "∂z/∂y = 2u·x; return them in that order.",
            lambda x, y: (2.0 * (x * y + 1.0) * x, 2.0 * (x * y + 1.0) * y), "inner-swapped"),
    Mistake("the outer derivative of u² is 2u, not u: you lost the factor 2.",
            lambda x, y: ((x * y + 1.0) * y, (x * y + 1.0) * x), "no-2"),
    Mistake("you used u = x·y and forgot the + 1 inside the square: u = x·y + 1.",
            lambda x, y: (2.0 * x * y * y, 2.0 * x * y * x), "no-plus-one"),
    Mistake("you differentiated z = u² as if u were x + y (handout A's example): here u = x·y + 1, "
            "so ∂u/∂x = y and ∂u/∂y = x.",
            lambda x, y: (2.0 * (x + y), 2.0 * (x + y)), "x-plus-y"),
    Mistake("the sign is flipped in one of the two results: both are 2u times the OTHER variable.",
            lambda x, y: (2.0 * (x * y + 1.0) * y, -2.0 * (x * y + 1.0) * x), "one-sign"),
    Mistake("you multiplied the two partial derivatives together: return them as a pair, "
            "(∂z/∂x, ∂z/∂y).", lambda x, y: 4.0 * (x * y + 1.0) ** 2 * x * y, "product"),
    Mistake("both derivatives are 0: with lu.Value the gradients are filled in only by z.backward(); call it "
            "before you read x.grad and y.grad.", lambda x, y: (0.0, 0.0), "no-backward"),
    Mistake("you returned z = (x·y + 1)² itself; the exercise asks for its two partial derivatives, "
            "(∂z/∂x, ∂z/∂y).", lambda x, y: (x * y + 1.0) ** 2, "value-not-grad"),
)


def check_grad_z(grad_z, *, time_limit: float | None = None) -> CheckReport:
    """Check ``grad_z(x, y) -> (dz_dx, dz_dy)`` for z = (x·y + 1)²."""
    return run_check("check_grad_z", grad_z, grad_z_reference, _cases_grad_z(), mistakes=GRAD_Z_MISTAKES,
                     output_names=("dz/dx", "dz/dy"), time_limit=time_limit)


# --- Exercise 2: the matrix-product node Y = X W ----------------------------------


def matmul_backward_reference(dY, X, W):
    """(∂L/∂X, ∂L/∂W) = (dY Wᵀ, Xᵀ dY) for Y = X W."""
    dX, dW, _ = linear_backward(dY, X, W)
    return dX, dW


def _cases_matmul() -> list[Case]:
    rng = np.random.default_rng(505)
    # The first case is square (N = D = K = 2), so a transposed or swapped factor still
    # gives a 2×2 answer and can be recognised (and named) instead of raising a shape error.
    # Inputs are arrays, as the exercise states: `dY @ W.T` must work on them as written.
    return [
        Case((np.array([[1.0, -1.0], [0.5, 2.0]]), np.array([[1.0, 2.0], [3.0, 4.0]]),
              np.array([[2.0, -1.0], [0.0, 3.0]])), "a batch of N = 2 rows, D = K = 2"),
        Case((rng.normal(size=(1, 2)), rng.normal(size=(1, 3)), rng.normal(size=(3, 2))),
             "one row: x (1, 3), W (3, 2), ∂L/∂y (1, 2)"),
        Case((rng.normal(size=(4, 2)), rng.normal(size=(4, 3)), rng.normal(size=(3, 2))),
             "a batch: X (4, 3), W (3, 2), ∂L/∂Y (4, 2)"),
    ]


def _a(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


MATMUL_MISTAKES = (
    Mistake("Xᵀ ∂L/∂Y adds up products row by row, Σ_n x_n ⊗ dy_n; the outer product of the two column sums "
            "is not the same. Use X.T @ dY.",
            lambda dY, X, W: (_a(dY) @ _a(W).T, np.outer(_a(X).sum(axis=0), _a(dY).sum(axis=0))), "product-of-sums"),
    Mistake("∂L/∂W = ∂L/∂Y · Xᵀ is the wrong order for Y = XW (handout D's first attempt; it is the "
            "right one only in the column convention Y = WX): the result must have W's shape (D, K), "
            "and only Xᵀ ∂L/∂Y, (D, N)(N, K), gives it.",
            lambda dY, X, W: (_a(dY) @ _a(W).T, _a(dY) @ _a(X).T), "dw-wrong-order"),
    Mistake("your ∂L/∂W is transposed: (∂L/∂Y)ᵀ X has shape (K, D); ∂L/∂W = Xᵀ ∂L/∂Y has W's shape (D, K).",
            lambda dY, X, W: (_a(dY) @ _a(W).T, _a(dY).T @ _a(X)), "dw-transposed"),
    Mistake("∂L/∂W needs Xᵀ, not X: ∂L/∂W = Xᵀ ∂L/∂Y, (D, N)(N, K) → (D, K).",
            lambda dY, X, W: (_a(dY) @ _a(W).T, _a(X) @ _a(dY)), "dw-no-xt"),
    Mistake("∂L/∂X needs Wᵀ: ∂L/∂X = ∂L/∂Y Wᵀ, (N, K)(K, D) → (N, D). With W itself the indices do not match.",
            lambda dY, X, W: (_a(dY) @ _a(W), _a(X).T @ _a(dY)), "dx-no-wt"),
    Mistake("∂L/∂X = ∂L/∂Y Wᵀ, in that order: Wᵀ ∂L/∂Y multiplies the wrong indices.",
            lambda dY, X, W: (_a(W).T @ _a(dY), _a(X).T @ _a(dY)), "dx-wrong-order"),
    Mistake("no averaging inside this node: the 1/N of a mean loss is already in ∂L/∂Y. "
            "∂L/∂W = Xᵀ ∂L/∂Y sums over the rows.",
            lambda dY, X, W: (_a(dY) @ _a(W).T, _a(X).T @ _a(dY) / len(_a(X))), "dw-mean"),
    Mistake("your results are swapped: return (∂L/∂X, ∂L/∂W) in that order.",
            lambda dY, X, W: (_a(X).T @ _a(dY), _a(dY) @ _a(W).T), "swapped"),
    Mistake("you used W where X belongs: ∂L/∂W = Xᵀ ∂L/∂Y pairs the node's INPUT X with the gradient ∂L/∂Y "
            "(Wᵀ ∂L/∂Y only has the right shape when the matrices are square).",
            lambda dY, X, W: (_a(dY) @ _a(W).T, _a(W).T @ _a(dY)), "dw-with-w"),
    Mistake("you multiplied entry by entry (*): the node is a matrix product, so its gradients are matrix "
            "products too, ∂L/∂X = ∂L/∂Y @ Wᵀ and ∂L/∂W = Xᵀ @ ∂L/∂Y.",
            lambda dY, X, W: (_a(dY) * _a(W), _a(X) * _a(dY)), "elementwise"),
    Mistake("you returned ∂L/∂W alone: Y = XW has two inputs, so return both gradients, (∂L/∂X, ∂L/∂W).",
            lambda dY, X, W: _a(X).T @ _a(dY), "dw-only"),
    Mistake("you returned ∂L/∂X alone: Y = XW has two inputs, so return both gradients, (∂L/∂X, ∂L/∂W).",
            lambda dY, X, W: _a(dY) @ _a(W).T, "dx-only"),
)


def check_matmul_backward(matmul_backward, *, time_limit: float | None = None) -> CheckReport:
    """Check ``matmul_backward(dY, X, W) -> (dX, dW)`` for Y = X W, X (N, D), W (D, K), dY (N, K)."""
    return run_check("check_matmul_backward", matmul_backward, matmul_backward_reference, _cases_matmul(),
                     mistakes=MATMUL_MISTAKES, output_names=("dX", "dW"), n_rows=rows, time_limit=time_limit)


# --- Exercise 3: one hidden value, two outputs -------------------------------------


def grad_h_reference(h, v1, v2, q1, q2):
    """∂f/∂h for f = (y₁ − q₁)² + (y₂ − q₂)², y₁ = v₁h, y₂ = v₂h: path 1 + path 2."""
    return 2.0 * (v1 * h - q1) * v1 + 2.0 * (v2 * h - q2) * v2


def _cases_grad_h() -> list[Case]:
    # The first case tells every known mistake apart (at h = 0.5, v1 = 2 "∂y/∂h = h" equals "path 1 only").
    return [
        Case((1.5, 0.5, 3.0, -1.0, 2.0), "h = 1.5, v1 = 0.5, v2 = 3, q1 = -1, q2 = 2"),
        Case((0.5, 2.0, -1.0, 1.5, 1.0), "h = 0.5, v1 = 2, v2 = -1, q1 = 1.5, q2 = 1"),
        Case((-2.0, 1.5, 1.0, 0.0, 1.0), "h = -2, v1 = 1.5, v2 = 1, q1 = 0, q2 = 1"),
    ]


GRAD_H_MISTAKES = (
    Mistake("you returned the two paths separately: ∂f/∂h is ONE number, the sum of the contributions of "
            "path 1 and path 2 (return path1 + path2).",
            lambda h, v1, v2, q1, q2: (2.0 * (v1 * h - q1) * v1, 2.0 * (v2 * h - q2) * v2), "paths-not-added"),
    Mistake("you counted only path 1 (through y1): h also reaches f through y2, and the chain rule "
            "adds the paths: ∂f/∂h = ∂f/∂y1·∂y1/∂h + ∂f/∂y2·∂y2/∂h.",
            lambda h, v1, v2, q1, q2: 2.0 * (v1 * h - q1) * v1, "path-1-only"),
    Mistake("you counted only path 2 (through y2): h also reaches f through y1, and the chain rule "
            "adds the paths: ∂f/∂h = ∂f/∂y1·∂y1/∂h + ∂f/∂y2·∂y2/∂h.",
            lambda h, v1, v2, q1, q2: 2.0 * (v2 * h - q2) * v2, "path-2-only"),
    Mistake("you got half the answer: the derivative of (y − q)² is 2(y − q), and the two paths are "
            "added, not averaged.",
            lambda h, v1, v2, q1, q2: (v1 * h - q1) * v1 + (v2 * h - q2) * v2, "no-2"),
    Mistake("each path ends with ∂y/∂h = v: you left out the factor v1 (or v2).",
            lambda h, v1, v2, q1, q2: 2.0 * (v1 * h - q1) + 2.0 * (v2 * h - q2), "no-v"),
    Mistake("you MULTIPLIED the two paths; the chain rule ADDS the contributions of the paths "
            "(경로 1 + 경로 2).",
            lambda h, v1, v2, q1, q2: (2.0 * (v1 * h - q1) * v1) * (2.0 * (v2 * h - q2) * v2), "paths-multiplied"),
    Mistake("wrong sign: ∂(y − q)²/∂y = 2(y − q), prediction minus target; you used 2(q − y).",
            lambda h, v1, v2, q1, q2: -grad_h_reference(h, v1, v2, q1, q2), "sign"),
    Mistake("you returned f itself, (y1 − q1)² + (y2 − q2)²; the exercise asks for its derivative ∂f/∂h.",
            lambda h, v1, v2, q1, q2: (v1 * h - q1) ** 2 + (v2 * h - q2) ** 2, "value-not-grad"),
    Mistake("∂y1/∂h is v1, not h: y1 = v1·h grows by v1 when h grows by 1. Each path is 2(y − q)·v.",
            lambda h, v1, v2, q1, q2: 2.0 * (v1 * h - q1) * h + 2.0 * (v2 * h - q2) * h, "times-h"),
    Mistake("you left out the targets: ∂f/∂y1 = 2(y1 − q1), prediction minus target, with y1 = v1·h.",
            lambda h, v1, v2, q1, q2: 2.0 * v1 * h * v1 + 2.0 * v2 * h * v2, "no-q"),
)


def check_grad_h(grad_h, *, time_limit: float | None = None) -> CheckReport:
    """Check ``grad_h(h, v1, v2, q1, q2) -> ∂f/∂h`` for f = (v1·h − q1)² + (v2·h − q2)²."""
    return run_check("check_grad_h", grad_h, grad_h_reference, _cases_grad_h(), mistakes=GRAD_H_MISTAKES,
                     time_limit=time_limit)


# --- Exercise 4: the backward pass of Value, written out ------------------------------



def _named(node, label: str):
    node.label = label
    return node


def _graph_reuse_in_sum(v):
    x, y = Value(v["x"], label="x"), Value(v["y"], label="y")
    p = _named(x * y, "p")
    return [x, y, p, _named(p + x, "f")]


def _graph_square_by_product(v):
    x = Value(v["x"], label="x")
    return [x, _named(x * x, "f")]


def _graph_handout_a(v):
    x, y = Value(v["x"], label="x"), Value(v["y"], label="y")
    w = _named(x + y, "w")
    return [x, y, w, _named(w * w, "z")]


def _graph_diamond(v):
    x, y = Value(v["x"], label="x"), Value(v["y"], label="y")
    w = _named(x * y, "w")
    u, s = _named(w.tanh(), "u"), _named(w.sigmoid(), "s")
    return [x, y, w, u, s, _named(u * s, "f")]


def _graph_neuron(v):
    w, x, b = Value(v["w"], label="w"), Value(v["x"], label="x"), Value(v["b"], label="b")
    p = _named(w * x, "p")
    s = _named(p + b, "s")
    return [w, x, b, p, s, _named(s.sigmoid(), "ŷ")]


def _graph_cube(v):
    x = Value(v["x"], label="x")
    q = _named(x * x, "q")
    return [x, q, _named(q * x, "f")]


BACKWARD_GRAPHS = {
    "f = x·y + x": _graph_reuse_in_sum,
    "f = x·x": _graph_square_by_product,
    "z = w·w with w = x + y": _graph_handout_a,
    "f = tanh(w)·σ(w) with w = x·y": _graph_diamond,
    "ŷ = σ(w·x + b)": _graph_neuron,
    "f = (x·x)·x": _graph_cube,
}
BACKWARD_PARTS = ("grads after one call", "grads after a second call")


def run_backward_pass(backward_pass, graph: str, values: dict):
    """Build ``graph`` afresh, call ``backward_pass(out)`` twice, and read every node's ``.grad``.

    Returns (grads after the first call, grads after the second), each listed in the
    order of the graph's nodes: its inputs first, its output ``out`` last.
    """
    nodes = BACKWARD_GRAPHS[graph](values)
    backward_pass(nodes[-1])
    first = [v.grad for v in nodes]
    backward_pass(nodes[-1])
    return first, [v.grad for v in nodes]


def backward_pass_reference(graph, values):
    """What ``Value.backward`` gives: the same gradients after the first and the second call."""
    first, second = run_backward_pass(Value.backward, graph, values)
    return np.array(first, dtype=float), np.array(second, dtype=float)


def _cases_backward_pass() -> list[Case]:
    return [
        Case(("f = x·y + x", {"x": 2.0, "y": -3.0}),
             "section 5's example: x is used twice, by the product and by the sum; grads of x, y, p, f"),
        Case(("f = x·x", {"x": 3.0}), "one product whose two inputs are both x; grads of x, f"),
        Case(("z = w·w with w = x + y", {"x": 1.5, "y": 2.0}),
             "handout A's z = (x + y)², with the square written as w·w; grads of x, y, w, z"),
        Case(("f = tanh(w)·σ(w) with w = x·y", {"x": 0.5, "y": -1.2}),
             "a diamond: w feeds u = tanh(w) and s = σ(w), which meet again in f; grads of x, y, w, u, s, f"),
        Case(("ŷ = σ(w·x + b)", {"w": 0.5, "x": 2.0, "b": -1.5}),
             "section 4's neuron, every node used once; grads of w, x, b, p, s, ŷ"),
        Case(("f = (x·x)·x", {"x": -1.5}), "x used three times; grads of x, q = x·x, f"),
    ]


def _backward_with(*, reset=True, seed=True, reverse=True, accumulate=True, upstream="node", pairing="same"):
    """A backward pass with one step done right or wrong: the known mistakes of the exercise."""
    def backward_pass(out):
        order = out.topological_order()
        if reset:
            for v in order:
                v.grad = 0.0
        if seed:
            out.grad = 1.0
        for v in (reversed(order) if reverse else order):
            locals_ = v._local if pairing == "same" else tuple(reversed(v._local))
            for child, local in zip(v._prev, locals_):
                step = {"node": local * v.grad, "child": local * child.grad, "none": v.grad,
                        "out": local * out.grad}[upstream]
                child.grad = child.grad + step if accumulate else step
    return lambda graph, values: run_backward_pass(backward_pass, graph, values)


def _recursive_walk(out):
    """The known mistake of a depth-first walk: each node passes its gradient on at once, complete or not."""
    def visit(v):
        for child, local in zip(v._prev, v._local):
            child.grad += local * v.grad
            visit(child)

    for v in out.topological_order():
        v.grad = 0.0
    out.grad = 1.0
    visit(out)


BACKWARD_MISTAKES = (
    Mistake("a node that is used twice must collect the gradient of both uses, and `child.grad = local * v.grad` "
            "keeps only the last one (section 5: the paths add). Accumulate: child.grad += local * v.grad.",
            _backward_with(accumulate=False), "assign"),
    Mistake("the first call is right; the second adds onto the gradients the first one left behind. Set every "
            "node's grad to 0 first (for v in order: v.grad = 0.0), then seed the output, as Value.backward "
            "does (section 3).", _backward_with(reset=False), "no-reset"),
    Mistake("every gradient stayed 0, the output's too: nothing started the backward pass. After the reset, "
            "seed the output with out.grad = 1.0 (∂out/∂out = 1); a seed set before the reset is wiped out.",
            _backward_with(seed=False), "no-seed"),
    Mistake("you visited the nodes inputs first. A node may pass its gradient on only once it is complete, after "
            "every node that uses it: loop over reversed(out.topological_order()).",
            _backward_with(reverse=False), "forward-order"),
    Mistake("you multiplied the local derivative by the INPUT's own gradient. The chain rule multiplies it by "
            "the gradient of the node you are visiting: child.grad += local * v.grad.",
            _backward_with(upstream="child"), "child-grad"),
    Mistake("each input got the other input's local derivative: v._local[i] belongs to v._prev[i] (for a "
            "product a·b, ∂/∂a is b). Pair them in order with zip(v._prev, v._local).",
            _backward_with(pairing="swapped"), "swapped-locals"),
    Mistake("you passed v.grad on unchanged: each input gets the local derivative TIMES the node's gradient, "
            "child.grad += local * v.grad.", _backward_with(upstream="none"), "no-local"),
    Mistake("you multiplied by out.grad, which is always 1, instead of the gradient of the node you are "
            "visiting: child.grad += local * v.grad.", _backward_with(upstream="out"), "out-grad"),
    Mistake("a node passed its gradient on before every node that uses it had added its part: a recursive "
            "walk reaches a shared node once per path and sends on a partial gradient each time. Visit every "
            "node once, in reversed(out.topological_order()).",
            lambda graph, values: run_backward_pass(_recursive_walk, graph, values), "recursive"),
)


def check_backward_pass(backward_pass, *, time_limit: float | None = None) -> CheckReport:
    """Check ``backward_pass(out)``, which fills ``.grad`` of every node of the graph that ends in ``out``.

    The check builds each graph afresh from ``lu.Value``s, calls the function twice on its
    output and compares the ``.grad`` of every node after each call with ``Value.backward``'s.
    """
    if not callable(backward_pass):
        return run_check("check_backward_pass", backward_pass, backward_pass_reference, _cases_backward_pass())

    def student(graph, values):
        return run_backward_pass(backward_pass, graph, values)

    return run_check("check_backward_pass", student, backward_pass_reference, _cases_backward_pass(),
                     mistakes=BACKWARD_MISTAKES, output_names=BACKWARD_PARTS, time_limit=time_limit,
                     label=function_name(backward_pass))
