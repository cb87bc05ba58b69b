"""Time one training step of ``lecture_utils.MLP`` in float32, against a matmul peak and PyTorch.

One step is what ``lecture_utils.training.train`` does per minibatch: the
forward pass, softmax cross-entropy, backpropagation and the SGD update
W := W − α ∂L/∂W. Three networks:

* 784-256-128-10, ReLU, batch 128 (an MNIST-sized net: matmul-bound);
* 64-64-10, ReLU, batch 32 (a small net: Python overhead shows);
* 10 layers of width 64, sigmoid, batch 256 (a deep net: element-wise work shows).

For each it prints the median time of a step over repeats, the GFLOP/s of
the step's matrix products against the float32 matmul peak measured on the
same machine, a hand-written "clean" NumPy step for comparison, and, if
PyTorch is importable, the same step in PyTorch (autograd + torch.optim.SGD)
timed in the same run, interleaved, with the ratio NumPy time / PyTorch time.
PyTorch is not a dependency of the series; the benchmark skips it when absent.

By default NumPy's BLAS and PyTorch each get one thread, as the series' own
test and execution runs do (conftest.py, tools/execute.py): these matrices are
small, and on a 2-core machine two spinning thread pools (OpenBLAS's and
PyTorch's OpenMP) in one process starve each other, which makes an interleaved
multi-threaded comparison measure the contention rather than the code.

Run from the repository root:

    python benchmarks/bench_mlp.py                        # one thread each (the default)
    python benchmarks/bench_mlp.py --threads 0 --no-torch  # the libraries' own thread defaults, NumPy only
    python benchmarks/bench_mlp.py --quick                # a few seconds, for a smoke test
    python benchmarks/bench_mlp.py --ablation             # what each speed choice of MLP is worth
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS and torch threads (default 1; 0 keeps the libraries' own defaults)")
    parser.add_argument("--repeats", type=int, default=31, help="timed blocks per configuration (median taken)")
    parser.add_argument("--block-ms", type=float, default=20.0, help="target duration of one timed block")
    parser.add_argument("--quick", action="store_true", help="few repeats: checks that the script runs")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch even if it is installed")
    parser.add_argument("--ablation", action="store_true",
                        help="instead: the MLP step against variants that each undo one speed choice")
    return parser.parse_args(argv)


ARGS = parse_args() if __name__ == "__main__" else parse_args([])
if __name__ == "__main__" and ARGS.threads:  # before NumPy loads its BLAS
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(ARGS.threads)

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from lecture_utils import (  # noqa: E402
    ACTIVATIONS,
    MLP,
    cross_entropy,
    linear_backward,
    softmax_cross_entropy_grad,
)
from lecture_utils.training import sgd_step  # noqa: E402

CONFIGS = [
    ("784-256-128-10 relu, batch 128", [784, 256, 128, 10], "relu", 128),
    ("64-64-10 relu, batch 32", [64, 64, 10], "relu", 32),
    ("10 x 64 sigmoid, batch 256", [64] * 10 + [10], "sigmoid", 256),
]
LR = 0.01


def step_flops(sizes, n: int) -> int:
    """Floating-point operations of the matrix products in one training step.

    A product (n, a) @ (a, b) costs 2·n·a·b. Forward: Z_l = H_{l−1} W_l for every
    layer. Backward: dW_l = H_{l−1}ᵀ dZ_l for every layer, and dH_{l−1} = dZ_l W_lᵀ
    for every layer but the first (nobody needs ∂L/∂X). Element-wise work is not
    counted, as is usual for GFLOP/s figures.
    """
    per_layer = [2 * n * a * b for a, b in zip(sizes[:-1], sizes[1:])]
    return 2 * sum(per_layer) + sum(per_layer[1:])


def matmul_peak(size: int = 1024, repeats: int = 15) -> tuple[float, float]:
    """(best, median) GFLOP/s of a float32 (size × size) @ (size × size) product."""
    rng = np.random.default_rng(0)
    A = rng.standard_normal((size, size), dtype=np.float32)
    B = rng.standard_normal((size, size), dtype=np.float32)
    for _ in range(3):
        A @ B
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        A @ B
        rates.append(2 * size**3 / (time.perf_counter() - start) / 1e9)
    return max(rates), statistics.median(rates)


def make_batch(sizes, n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, sizes[0]), dtype=np.float32)
    y = rng.integers(0, sizes[-1], size=n)
    return X, y


def lecture_utils_step(net, X, y):
    """One step exactly as ``training.train`` takes it."""
    loss, grads = net.loss_and_grads(X, y)
    sgd_step(net.params, grads, LR)
    return loss


def clean_step(params: dict, activation: str, X, y):
    """The same step written out by hand in one function: the baseline to match.

    Everything stays float32; the softmax is computed once for the loss and its
    gradient (P − Y)/n, with Y never built; ∂L/∂X of the first layer is skipped.
    """
    L = len(params) // 2
    n = len(X)
    rows = np.arange(n)
    Hs = [X]
    for l in range(1, L + 1):
        Z = Hs[-1] @ params[f"W{l}"] + params[f"b{l}"]
        if l < L:
            Hs.append(np.maximum(Z, 0) if activation == "relu" else 1 / (1 + np.exp(-Z)))
    S = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(S)
    total = E.sum(axis=1, keepdims=True)
    loss = -(S[rows, y] - np.log(total[:, 0])).mean()
    dZ = E / total
    dZ[rows, y] -= 1
    dZ /= n
    for l in range(L, 0, -1):
        H = Hs[l - 1]
        dW, db = H.T @ dZ, dZ.sum(axis=0)
        if l > 1:
            dH = dZ @ params[f"W{l}"].T
            dZ = dH * (H > 0) if activation == "relu" else dH * H * (1 - H)
        params[f"W{l}"] -= LR * dW
        params[f"b{l}"] -= LR * db
    return loss


def textbook_step(net, X, y):
    """The same step written from the definitions, the way a first version does.

    The loss and its gradient each compute their own softmax (and each builds
    the one-hot Y), and every layer's backward pass goes through ``linear_backward``
    (which checks its inputs) and so also returns ∂L/∂X of the first layer.
    """
    O, Hs, Zs = net.forward_cache(X)
    loss = cross_entropy(O, y)
    dZ = softmax_cross_entropy_grad(O, y)
    f_grad = ACTIVATIONS[net.activation][1]
    grads = {}
    for l in range(net.num_layers, 0, -1):
        dH, grads[f"W{l}"], grads[f"b{l}"] = linear_backward(dZ, Hs[l - 1], net.params[f"W{l}"])
        if l > 1:
            dZ = dH * f_grad(Zs[l - 2])
    sgd_step(net.params, grads, LR)
    return loss


class WithFirstLayerDX(MLP):
    """MLP that also computes ∂L/∂X of the first layer, which nobody needs."""

    def backward(self, dO, Hs, Zs):
        grads, dZ = {}, dO
        for l in range(self.num_layers, 0, -1):
            grads[f"W{l}"] = Hs[l - 1].T @ dZ
            grads[f"b{l}"] = dZ.sum(axis=0)
            dH = dZ @ self.params[f"W{l}"].T  # for l = 1 this is ∂L/∂X, thrown away
            if l > 1:
                dZ = dH * self.f_grad(Zs[l - 2])
        return grads


class TwoSoftmaxes(MLP):
    """MLP whose loss and gradient each compute their own softmax."""

    def loss_and_grads(self, X, y, loss="cross_entropy"):
        O, Hs, Zs = self.forward_cache(X)
        return cross_entropy(O, y), self.backward(softmax_cross_entropy_grad(O, y), Hs, Zs)


FROM_OUTPUT = {"sigmoid": lambda H: H * (1 - H), "tanh": lambda H: 1 - H * H, "relu": lambda H: H > 0,
               "identity": lambda H: 1}


class FPrimeFromH(MLP):
    """MLP that reads f'(Z) off the stored H = f(Z) (handout B's A(1 − A)) instead of f_grad(Z).

    Faster for sigmoid and tanh, but H(1 − H) rounds to 0 once σ(Z) rounds to 1
    (|Z| > 17 in float32), where f_grad(Z) keeps the tiny true value: the
    MLP does not do this, so that a vanishing gradient is never a rounding artefact.
    """

    def backward(self, dO, Hs, Zs):
        grads, dZ = {}, dO
        for l in range(self.num_layers, 0, -1):
            grads[f"W{l}"] = Hs[l - 1].T @ dZ
            grads[f"b{l}"] = dZ.sum(axis=0)
            if l > 1:
                dZ = (dZ @ self.params[f"W{l}"].T) * FROM_OUTPUT[self.activation](Hs[l - 1])
        return grads


def promoted_update_step(net, X, y):
    """The MLP step, but the update multiplies by a NumPy float64 α (e.g. from np.logspace) without float():
    α · ∂L/∂W is then float64 and the float32 parameters are updated through float64 temporaries."""
    _, grads = net.loss_and_grads(X, y)
    for name, value in net.params.items():
        value -= np.float64(LR) * grads[name]


VARIANTS = {
    "MLP": (MLP, np.float32, lecture_utils_step),
    "textbook step (the next two together)": (MLP, np.float32, textbook_step),
    "+ ∂L/∂X of layer 1": (WithFirstLayerDX, np.float32, lecture_utils_step),
    "two softmaxes, Y built twice": (TwoSoftmaxes, np.float32, lecture_utils_step),
    "f'(Z) as H(1 − H) from the stored H": (FPrimeFromH, np.float32, lecture_utils_step),
    "update with a NumPy float64 α": (MLP, np.float32, promoted_update_step),
    "float64 parameters (data float32)": (MLP, np.float64, lecture_utils_step),
}
"""Name → (class, parameter dtype, step function): each row undoes one speed choice of MLP."""


def ablation(repeats: int, target_s: float) -> None:
    """Time every variant against the MLP, interleaved, on each network."""
    print(f"{'network':32} {'variant':42} {'ms':>7} {'× MLP':>6}")
    for label, sizes, activation, n in CONFIGS:
        X, y = make_batch(sizes, n)
        steps = {}
        for name, (cls, dtype, step) in VARIANTS.items():
            net = cls(sizes, activation=activation, dtype=dtype, seed=0)
            steps[name] = lambda step=step, net=net, X=X, y=y: step(net, X, y)
        t = time_interleaved(steps, repeats, target_s)
        for name, seconds in t.items():
            print(f"{label:32} {name:42} {seconds * 1e3:7.3f} {seconds / t['MLP']:6.2f}")


def torch_model(net, activation: str):
    """The same network in PyTorch, starting from the same weights."""
    import torch

    layers = []
    for l in range(1, net.num_layers + 1):
        W, b = net.params[f"W{l}"], net.params[f"b{l}"]
        linear = torch.nn.Linear(*W.shape)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T.copy()))  # torch stores W as (out, in)
            linear.bias.copy_(torch.from_numpy(b))
        layers.append(linear)
        if l < net.num_layers:
            layers.append(torch.nn.ReLU() if activation == "relu" else torch.nn.Sigmoid())
    model = torch.nn.Sequential(*layers)
    return model, torch.optim.SGD(model.parameters(), lr=LR)


def torch_step(model, optimizer, X, y):
    import torch

    optimizer.zero_grad(set_to_none=True)
    loss = torch.nn.functional.cross_entropy(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.detach()


def steps_per_block(step, target_s: float) -> int:
    """How many steps make a block of about ``target_s`` seconds (after a warm-up)."""
    for _ in range(5):
        step()
    start = time.perf_counter()
    count = 0
    while time.perf_counter() - start < 0.05:
        step()
        count += 1
    per_step = (time.perf_counter() - start) / count
    return max(1, round(target_s / per_step))


def time_interleaved(steps: dict, repeats: int, target_s: float) -> dict:
    """Median seconds per step of every entry, blocks of all entries taken in turn.

    Interleaving means that a slow moment of a shared machine hits every
    contender alike; the order inside a round rotates so that none always runs first.
    """
    counts = {name: steps_per_block(step, target_s) for name, step in steps.items()}
    samples = {name: [] for name in steps}
    names = list(steps)
    for r in range(repeats):
        for name in names[r % len(names):] + names[:r % len(names)]:
            step, k = steps[name], counts[name]
            start = time.perf_counter()
            for _ in range(k):
                step()
            samples[name].append((time.perf_counter() - start) / k)
    return {name: statistics.median(values) for name, values in samples.items()}


def describe_machine(torch_version) -> list[str]:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or cpu
    blas = "unknown BLAS"
    try:
        config = np.show_config(mode="dicts")
        info = config["Build Dependencies"]["blas"]
        blas = f"{info.get('name', '?')} {info.get('version', '')}".strip()
    except Exception:  # noqa: BLE001 - older NumPy has no mode="dicts"
        pass
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    lines = [
        f"machine : {os.cpu_count()} logical CPUs, {cpu}",
        f"software: Python {platform.python_version()}, NumPy {np.__version__} with {blas} (threads: {threads})",
    ]
    if torch_version:
        import torch

        lines.append(f"          PyTorch {torch_version} ({torch.get_num_threads()} threads)")
    return lines


def load_torch(threads):
    if ARGS.no_torch:
        return None
    try:
        import torch
    except ImportError:
        return None
    if threads:
        torch.set_num_threads(threads)
    return torch.__version__


def main() -> None:
    repeats = 5 if ARGS.quick else ARGS.repeats
    target_s = (5.0 if ARGS.quick else ARGS.block_ms) / 1000
    torch_version = load_torch(ARGS.threads)
    for line in describe_machine(torch_version):
        print(line)
    if ARGS.ablation:
        print(f"median of {repeats} interleaved blocks of about {target_s * 1000:.0f} ms; float32 unless named\n")
        ablation(repeats, target_s)
        return
    peak, peak_median = matmul_peak(repeats=5 if ARGS.quick else 15)
    print(f"float32 matmul 1024×1024×1024: peak {peak:.1f} GFLOP/s (median {peak_median:.1f})")
    print(f"one step = forward + softmax cross-entropy + backward + SGD update, float32; "
          f"median of {repeats} interleaved blocks of about {target_s * 1000:.0f} ms\n")
    header = (f"{'network':32} {'MFLOP':>7} {'MLP ms':>8} {'GFLOP/s':>8} {'% peak':>7} "
              f"{'clean ms':>9} {'MLP/clean':>9} {'textbook/MLP':>12}")
    if torch_version:
        header += f" {'torch ms':>9} {'MLP/torch':>9} {'clean/torch':>11}"
    print(header)
    for label, sizes, activation, n in CONFIGS:
        X, y = make_batch(sizes, n)
        net = MLP(sizes, activation=activation, dtype=np.float32, seed=0)
        clean_params = {k: v.copy() for k, v in net.params.items()}
        textbook_net = MLP(sizes, activation=activation, dtype=np.float32, seed=0)
        steps = {
            "mlp": lambda net=net, X=X, y=y: lecture_utils_step(net, X, y),
            "clean": lambda p=clean_params, a=activation, X=X, y=y: clean_step(p, a, X, y),
            "textbook": lambda net=textbook_net, X=X, y=y: textbook_step(net, X, y),
        }
        if torch_version:
            import torch

            model, optimizer = torch_model(net, activation)
            Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
            first_torch = float(torch_step(model, optimizer, Xt, yt))
            first_mlp = float(lecture_utils_step(net, X, y))
            if abs(first_torch - first_mlp) > 1e-4 * max(1.0, abs(first_mlp)):
                print(f"  warning: first losses differ: MLP {first_mlp:.6f}, torch {first_torch:.6f}")
            steps["torch"] = lambda m=model, o=optimizer, X=Xt, y=yt: torch_step(m, o, X, y)
        t = time_interleaved(steps, repeats, target_s)
        flops = step_flops(sizes, n)
        gflops = flops / t["mlp"] / 1e9
        row = (f"{label:32} {flops / 1e6:7.2f} {t['mlp'] * 1e3:8.3f} {gflops:8.1f} {100 * gflops / peak:6.1f}% "
               f"{t['clean'] * 1e3:9.3f} {t['mlp'] / t['clean']:9.2f} {t['textbook'] / t['mlp']:12.2f}")
        if torch_version:
            row += f" {t['torch'] * 1e3:9.3f} {t['mlp'] / t['torch']:9.2f} {t['clean'] / t['torch']:11.2f}"
        print(row)
    if not torch_version:
        print("\nPyTorch is not installed, so no comparison with it (it is not a dependency of the series).")


if __name__ == "__main__":
    main()
