"""A scalar automatic-differentiation (자동미분) engine.

Each ``Value`` remembers the numbers it was made from and how to pass a
gradient back to them. ``backward()`` visits the graph in reverse
topological order and applies the chain rule (연쇄법칙) at every node; where
a node feeds several others, the contributions from all paths add up.
"""

from __future__ import annotations

import math


class Value:
    """A scalar in a computational graph.

    Attributes
    ----------
    data : float
        The value computed in the forward pass.
    grad : float
        ∂out/∂self after ``out.backward()``.
    label : str
        A name for drawing.
    """

    def __init__(self, data, label: str = "", _children: tuple = (), _op: str = ""):
        if isinstance(data, Value):
            raise ValueError("Value: data is already a Value; expected a plain number.")
        try:
            self.data = float(data)
        except (TypeError, ValueError):
            raise ValueError(f"Value: data must be a real number; got {data!r}.") from None
        self.grad = 0.0
        self.label = label
        self._prev = tuple(_children)
        self._op = _op
        self._local = ()  # ∂self/∂child for each child, filled by the operation

    # --- building blocks -------------------------------------------------
    @staticmethod
    def _lift(other) -> "Value":
        if isinstance(other, Value):
            return other
        return Value(other, label=f"{other:g}" if isinstance(other, (int, float)) else "")

    def _node(self, data: float, children: tuple, op: str, local: tuple) -> "Value":
        out = Value(data, _children=children, _op=op)
        out._local = local
        return out

    def __add__(self, other) -> "Value":
        other = self._lift(other)
        return self._node(self.data + other.data, (self, other), "+", (1.0, 1.0))

    def __mul__(self, other) -> "Value":
        other = self._lift(other)
        return self._node(self.data * other.data, (self, other), "×", (other.data, self.data))

    def __pow__(self, k) -> "Value":
        if not isinstance(k, (int, float)) or isinstance(k, bool):
            raise ValueError(f"Value ** k: k must be a plain int or float; got {type(k).__name__}.")
        if self.data == 0 and k < 1:
            raise ValueError(f"Value ** {k:g}: the base is 0, where x**{k:g} (or its derivative) is undefined; "
                             "expected a non-zero base (is this a division by zero?).")
        if self.data < 0 and not float(k).is_integer():
            raise ValueError(f"Value ** {k:g}: a negative base ({self.data:g}) with a non-integer exponent has no "
                             "real value; expected a positive base or an integer exponent.")
        return self._node(self.data**k, (self,), f"**{k:g}", (k * self.data ** (k - 1),))

    def exp(self) -> "Value":
        if self.data > 709.0:
            raise ValueError(f"Value.exp: exp({self.data:g}) overflows a float; expected an input ≤ 709.")
        e = math.exp(self.data)
        return self._node(e, (self,), "exp", (e,))

    def log(self) -> "Value":
        if self.data <= 0:
            raise ValueError(f"Value.log: the input must be positive; got {self.data:g}.")
        return self._node(math.log(self.data), (self,), "log", (1.0 / self.data,))

    def tanh(self) -> "Value":
        t = math.tanh(self.data)
        return self._node(t, (self,), "tanh", (1.0 - t * t,))

    def sigmoid(self) -> "Value":
        x = self.data
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        return self._node(s, (self,), "σ", (s * (1.0 - s),))

    def relu(self) -> "Value":
        return self._node(max(self.data, 0.0), (self,), "relu", (1.0 if self.data > 0 else 0.0,))

    def max(self, other) -> "Value":
        """max(self, other): the backward pass routes the whole gradient to the larger input.

        Local derivatives are (1, 0) if self > other, else (0, 1): at a tie the
        gradient goes to ``other``, so ``x.max(0)`` has the derivative of
        ``x.relu()`` everywhere, 0 at x = 0 included.
        """
        other = self._lift(other)
        first = self.data > other.data
        return self._node(self.data if first else other.data, (self, other), "max",
                          (1.0, 0.0) if first else (0.0, 1.0))

    # --- operators built from the ones above -----------------------------
    def __neg__(self) -> "Value":
        return self * -1

    def __sub__(self, other) -> "Value":
        return self + (-self._lift(other))

    def __truediv__(self, other) -> "Value":
        return self * self._lift(other) ** -1

    def __radd__(self, other) -> "Value":
        return self + other

    def __rsub__(self, other) -> "Value":
        return self._lift(other) - self

    def __rmul__(self, other) -> "Value":
        return self * other

    def __rtruediv__(self, other) -> "Value":
        return self._lift(other) / self

    # --- backpropagation -------------------------------------------------
    def topological_order(self) -> list["Value"]:
        """Every node this one depends on, each after all of its inputs.

        Iterative (an explicit stack), so a graph of any depth works.
        """
        order, seen = [], {id(self)}
        stack = [(self, iter(self._prev))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if id(child) not in seen:
                    seen.add(id(child))
                    stack.append((child, iter(child._prev)))
                    break
            else:
                stack.pop()
                order.append(node)
        return order

    def backward(self) -> None:
        """Fill ``.grad`` of every node with ∂self/∂node.

        All gradients in the graph are reset first, so calling it twice gives
        the same numbers rather than doubling them.
        """
        order = self.topological_order()
        for v in order:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):
            for child, local in zip(v._prev, v._local):
                child.grad += local * v.grad

    def __repr__(self) -> str:
        name = f"{self.label}: " if self.label else ""
        return f"Value({name}data={self.data:.4g}, grad={self.grad:.4g})"


def _as_ids(nodes) -> set:
    if nodes is None or isinstance(nodes, bool):
        return set()
    return {id(v) for v in ([nodes] if isinstance(nodes, Value) else nodes)}


def _number(x: float, digits) -> str:
    """x with 4 significant digits, or ``digits`` decimals; never "-0"."""
    text = f"{x + 0.0:.4g}" if digits is None else f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0.0 else text


def draw_graph(value: Value, show_grad=True, highlight=None, ax=None, digits=None, fontsize: float = 9):
    """Draw the computational graph that ends in ``value`` with matplotlib.

    Inputs are on the left, ``value`` on the right. Each box shows a node's
    label, its value and (if ``show_grad``) its gradient; each operation is a
    circle between its inputs and its result.

    Parameters
    ----------
    value : Value
        The output node.
    show_grad : bool or iterable of Value
        True: print ``grad`` in every box; False: in none; a collection of
        nodes: print it for those and "grad ?" for the rest (a backward pass
        part of the way through).
    highlight : Value or iterable of Value, optional
        Nodes drawn in the accent colour (e.g. the current step of a backward pass).
    ax : matplotlib Axes, optional
        Draw into it. Without one, a figure of its own is made at ``plots.DPI``
        with ``fontsize / 15`` inches per data unit (0.6 in at 9 pt), so that a
        box (1.6 × 0.8 units) holds two lines of up to 7 em, e.g. "-t1 = -1.000"
        over "grad -2.245". In a given axes the room is the caller's to give: the
        graph spans 3c - 1 units across for c columns and 1.25r + 0.2 units down
        for r rows, with equal scales, and a box holds lines of up to 7 em when
        the axes give ``fontsize / 15`` inches per unit (less room: fewer digits).
    digits : int, optional
        Print every value and gradient with this many decimals; by default
        values get 4 and gradients 3 significant digits.
    fontsize : float
        Size of the text in the boxes (points); the operation circles use 0.93
        of it. Neither is ever below ``plots.MIN_FONT_PT`` (8 pt).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle, FancyBboxPatch

    from .plots import DPI, MIN_FONT_PT, PALETTE

    if not isinstance(value, Value):
        raise ValueError(f"draw_graph: expected a Value; got {type(value).__name__}.")
    marked = _as_ids(highlight)
    known = None if isinstance(show_grad, bool) else _as_ids(show_grad)
    order = value.topological_order()
    depth: dict[int, int] = {}
    for v in order:
        depth[id(v)] = 0 if not v._prev else 1 + max(depth[id(c)] for c in v._prev)
    # An input sits just left of the first operation that uses it, so no arrow crosses a column.
    for v in reversed(order):
        if not v._prev:
            users = [depth[id(u)] for u in order if any(c is v for c in u._prev)]
            depth[id(v)] = min(users) - 1 if users else 0
    columns: dict[int, list[Value]] = {}
    for v in order:
        columns.setdefault(depth[id(v)], []).append(v)
    pos = {}
    for d, nodes in columns.items():
        for i, v in enumerate(nodes):
            pos[id(v)] = (3.0 * d, 1.25 * ((len(nodes) - 1) / 2 - i))
    box_font, op_font = max(fontsize, MIN_FONT_PT), max(0.93 * fontsize, MIN_FONT_PT)
    if ax is None:
        unit = box_font / 15  # inches per data unit
        width = unit * (3.0 * len(columns) - 1.0)
        height = unit * (1.25 * max(len(c) for c in columns.values()) + 0.2)
        fig = Figure(figsize=(width, height), dpi=DPI)
        ax = fig.add_subplot()
    fig = ax.figure
    for v in order:
        x, y = pos[id(v)]
        grad = f"{v.grad + 0.0:.3g}" if digits is None else _number(v.grad, digits)
        text = (f"{v.label} = " if v.label else "") + _number(v.data, digits)
        if (known is None and show_grad) or (known is not None and id(v) in known):
            text += f"\ngrad {grad}"
        elif known is not None:
            text += "\ngrad ?"
        colour = PALETTE[1] if id(v) in marked else PALETTE[5]
        ax.add_patch(FancyBboxPatch((x - 0.8, y - 0.4), 1.6, 0.8, boxstyle="round,pad=0.04",
                                    facecolor=colour, alpha=0.35, edgecolor="black", linewidth=0.8))
        ax.text(x, y, text, ha="center", va="center", fontsize=box_font)
        if v._prev:
            ox = x - 1.5
            ax.add_patch(Circle((ox, y), 0.32, facecolor="white", edgecolor="black", linewidth=0.8))
            ax.text(ox, y, v._op, ha="center", va="center", fontsize=op_font)
            ax.annotate("", xy=(x - 0.84, y), xytext=(ox + 0.32, y), arrowprops=dict(arrowstyle="->", lw=0.8))
            for child in v._prev:
                cx, cy = pos[id(child)]
                # An arrow that skips a column bends over it instead of crossing its boxes.
                bend = 0.0 if x - cx <= 3.0 else -0.35
                ax.annotate("", xy=(ox - 0.32, y), xytext=(cx + 0.84, cy),
                            arrowprops=dict(arrowstyle="->", lw=0.8, color="0.3",
                                            connectionstyle=f"arc3,rad={bend}"))
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 1.0, max(xs) + 1.0)
    ax.set_ylim(min(ys) - 0.55, max(ys) + 0.55)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return fig
