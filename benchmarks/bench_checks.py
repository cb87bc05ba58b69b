"""What the time limit and the safety net cost per check call.

Every call of student code in a check runs through ``checks._sandbox.call``:
a SIGALRM timer (or a trace function), a snapshot of lecture_utils' names and
their restoration. This script times

* one sandboxed call of a trivial function against a plain call (the fixed cost);
* every exercise check on its correct solution, with the sandbox as shipped and
  with ``_sandbox.call`` swapped for a plain call (the cost a student sees).

Medians of interleaved repeats. Run from the repository root:

    python benchmarks/bench_checks.py            # 21 repeats
    python benchmarks/bench_checks.py --repeats 51
    python benchmarks/bench_checks.py --trace    # force the trace-function mechanism (as on Windows, Pyodide)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402

import lecture_utils as lu  # noqa: E402
from lecture_utils.checks import (  # noqa: E402
    _sandbox,
    activations,
    backprop,
    chain_rule,
    linear,
    mlp,
    softmax,
    training,
    vanishing,
)


def solutions():
    """(check, correct answer) for every exercise check of the series."""
    def fit(X, y):
        w, b = lu.least_squares(X, y)
        return w, float(b)

    def minibatch_indices(n, batch_size, seed):
        order = np.random.default_rng(seed).permutation(n)
        return [order[i:i + batch_size] for i in range(0, n, batch_size)]

    def init_layer(d_in, d_out, scheme, seed):
        return np.random.default_rng(seed).standard_normal((d_in, d_out)) * np.sqrt((2.0 if scheme == "he" else 1.0)
                                                                                   / d_in)

    return [
        (linear.check_predict, lu.linear),
        (linear.check_least_squares, fit),
        (softmax.check_softmax, lu.softmax),
        (softmax.check_one_hot, lu.one_hot),
        (softmax.check_cross_entropy, lambda O, y: float(lu.cross_entropy(O, y))),
        (softmax.check_softmax_cross_entropy_grad, lu.softmax_cross_entropy_grad),
        (activations.check_sigmoid, lu.sigmoid),
        (activations.check_sigmoid_grad, lu.sigmoid_grad),
        (activations.check_tanh_grad, lu.tanh_grad),
        (activations.check_relu_grad, lu.relu_grad),
        (mlp.check_forward, mlp.forward_reference),
        (mlp.check_count_params, mlp.count_params_reference),
        (chain_rule.check_grad_z, chain_rule.grad_z_reference),
        (chain_rule.check_matmul_backward, chain_rule.matmul_backward_reference),
        (chain_rule.check_grad_h, chain_rule.grad_h_reference),
        (backprop.check_two_layer_backward, backprop.two_layer_backward),
        (backprop.check_output_bias_gradient, backprop.output_bias_gradient),
        (backprop.check_gd_step, backprop.gd_step),
        (vanishing.check_sigmoid_bound, vanishing.sigmoid_bound),
        (vanishing.check_init_layer, init_layer),
        (vanishing.check_dead_fraction, lambda H: float(np.mean(np.all(np.asarray(H) == 0, axis=0)))),
        (training.check_minibatches, minibatch_indices),
        (training.check_sgd_update, lambda p, g, lr: {k: p[k] - lr * g[k] for k in p}),
        (chain_rule.check_backward_pass, lambda out: out.backward()),
        (backprop.check_sigmoid_net_backward, backprop.sigmoid_net_backward),
        (backprop.check_train_step, backprop.train_step_with),
        (training.check_shuffled_batches, training.shuffled_batches_reference),
    ]


def plain_call(fn, args=(), kwargs=None, *, time_limit=None):
    """``_sandbox.call`` without the timer and the snapshot: the baseline."""
    try:
        return _sandbox.Outcome("returned", fn(*args, **(kwargs or {})))
    except BaseException as exc:  # noqa: BLE001
        return _sandbox.Outcome("raised", error=exc)


def seconds(fn, repeats_inner: int) -> float:
    start = time.perf_counter()
    for _ in range(repeats_inner):
        fn()
    return (time.perf_counter() - start) / repeats_inner


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--trace", action="store_true", help="use the trace-function mechanism")
    args = parser.parse_args(argv)
    if args.trace:
        _sandbox.mechanism = lambda: "trace"
    shipped = _sandbox.call
    print(f"mechanism: {_sandbox.mechanism()}; Python {sys.version.split()[0]}, NumPy {np.__version__}")

    def trivial():
        return 1

    fixed, plain = [], []
    for _ in range(args.repeats):
        fixed.append(seconds(lambda: shipped(trivial), 200))
        plain.append(seconds(lambda: plain_call(trivial), 200))
    print(f"one call of a trivial function: {statistics.median(fixed) * 1e6:.1f} µs sandboxed, "
          f"{statistics.median(plain) * 1e6:.2f} µs plain")

    print(f"{'check':<36} {'calls':>5} {'with':>9} {'without':>9} {'cost':>9}")
    overheads = []
    for check, answer in solutions():
        calls = []

        def counting(fn, args=(), kwargs=None, *, time_limit=None, calls=calls):
            calls.append(1)
            return shipped(fn, args, kwargs, time_limit=time_limit)

        _sandbox.call = counting
        assert check(answer).ok, str(check(answer))
        n_calls = len(calls)
        with_limit, without = [], []
        for _ in range(args.repeats):
            _sandbox.call = shipped
            with_limit.append(seconds(lambda check=check, answer=answer: check(answer), 3))
            _sandbox.call = plain_call
            without.append(seconds(lambda check=check, answer=answer: check(answer), 3))
        _sandbox.call = shipped
        w, o = statistics.median(with_limit), statistics.median(without)
        overheads.append(w - o)
        print(f"{check.__name__:<36} {n_calls:>5} {w * 1e3:>7.2f}ms {o * 1e3:>7.2f}ms {(w - o) * 1e3:>7.2f}ms")
    print(f"median cost of the time limit and safety net per check call: {statistics.median(overheads) * 1e3:.2f} ms "
          f"(largest {max(overheads) * 1e3:.2f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
