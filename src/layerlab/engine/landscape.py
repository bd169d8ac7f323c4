"""Loss landscapes of real networks: filter-normalised directions, loss grids, PCA paths.

A point (a, b) of the plane stands for the parameters theta0 + a*d1 + b*d2 (trainable part of
the arena; running statistics stay as they are). Grids are indexed ``[i, j]`` at
``(alphas[j], betas[i])``: rows follow beta, as an image with row-major axis order expects.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from layerlab.engine import codes
from layerlab.engine.errors import TrainingError
from layerlab.engine.kernels import landscape as lk
from layerlab.engine.network import Network

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
COARSE = 11  # points per axis of the first, coarse pass
TARGET_CALL_SECONDS = 0.03  # one kernel call per this much work keeps cancelling responsive
FAST_PATH_BYTES = 256 << 20  # most memory the first op's three stored outputs may take


def filter_normalize(net: Network, d: npt.ArrayLike) -> F32:
    """``d`` with every kernel's output-unit slices scaled to the norms of the weights' slices.

    Li et al. (2018): a Dense weight (in, out) is scaled per column (one output neuron), a
    Conv2D weight (kh, kw, c, f) per filter f. Biases, BatchNorm/LayerNorm gamma and beta and
    PReLU slopes get a zero direction.
    """
    d = np.asarray(d, np.float64).ravel()
    if d.size != net.n_trainable:
        raise ValueError(f"a direction needs {net.n_trainable} values, got {d.size}")
    out = np.zeros(net.n_trainable, np.float32)
    for slot in net.slots.values():
        w = slot.weight
        if w.role != "kernel":
            continue
        sl = slice(slot.offset, slot.offset + w.size)
        theta = net.P[sl].astype(np.float64).reshape(-1, w.shape[-1])
        piece = d[sl].reshape(theta.shape)
        norms = np.linalg.norm(piece, axis=0)
        scale = np.linalg.norm(theta, axis=0) / np.where(norms > 0, norms, 1.0)
        out[sl] = (piece * scale).ravel()
    return out


def random_directions(net: Network, seed: int = 0) -> tuple[F32, F32]:
    """Two Gaussian directions over the trainable parameters, filter-normalised."""
    rng = np.random.default_rng(seed)
    d1 = filter_normalize(net, rng.standard_normal(net.n_trainable))
    return d1, filter_normalize(net, rng.standard_normal(net.n_trainable))


def pca_directions(
    checkpoints: Sequence[npt.ArrayLike], final: npt.ArrayLike
) -> tuple[F32, F32, F64]:
    """The two principal directions of the checkpoints' offsets from ``final``.

    Returns (d1, d2, explained variance ratio of every component). Offsets are centred, as
    in PCA; each direction's sign makes training run towards +d (the first checkpoint lies on
    the negative side).
    """
    final = np.asarray(final, np.float64).ravel()
    m = np.stack([np.asarray(c, np.float64).ravel() - final for c in checkpoints])
    first = m[0].copy()
    m -= m.mean(axis=0)
    _, s, vt = np.linalg.svd(m, full_matrices=False)
    var = s**2
    ratio = var / var.sum() if var.sum() > 0 else np.zeros_like(var)
    dirs = [vt[i] if i < len(vt) else np.zeros_like(final) for i in range(2)]
    dirs = [-v if first @ v > 0 else v for v in dirs]
    return dirs[0].astype(np.float32), dirs[1].astype(np.float32), ratio


def project(
    checkpoints: Sequence[npt.ArrayLike],
    theta0: npt.ArrayLike,
    d1: npt.ArrayLike,
    d2: npt.ArrayLike,
) -> F64:
    """(k, 2) coordinates (a, b) with theta0 + a*d1 + b*d2 closest to each checkpoint."""
    basis = np.stack([np.asarray(d1, np.float64), np.asarray(d2, np.float64)], axis=1)
    theta0 = np.asarray(theta0, np.float64)
    rhs = np.stack([basis.T @ (np.asarray(c, np.float64) - theta0) for c in checkpoints])
    return rhs @ np.linalg.pinv(basis.T @ basis).T


def _out_size(row: np.ndarray) -> int:
    """Floats per sample written by a Dense or Conv2D op row."""
    d = codes.R_D
    if row[codes.R_CODE] == codes.OP_DENSE:
        return int(row[d + 1])
    return int(row[d + 9] * row[d + 10] * row[d + 11])


def _private_copy(net: Network, batch: int) -> Network:
    """A network of the same spec for batches of ``batch`` (fewer when memory is short)."""
    while True:
        try:
            return Network(net.spec, batch_size=batch)
        except TrainingError:
            if batch <= 16:
                raise
            batch //= 4


class PlaneLoss:
    """Evaluates a network's loss on (x, y) at points of the plane theta0 + a*d1 + b*d2.

    Works on a private copy of the network. ``fast`` is True when the first op is a Dense or
    Conv2D on the input: its outputs for theta0, d1 and d2 are computed once (``prepare``) and
    each point only combines them and runs the rest of the network.
    """

    def __init__(
        self,
        net: Network,
        x: npt.ArrayLike,
        y: npt.ArrayLike,
        d1: npt.ArrayLike,
        d2: npt.ArrayLike,
        theta0: npt.ArrayLike | None = None,
        fast: bool = True,
        batch: int = 1024,
    ) -> None:
        nt = net.n_trainable
        x = np.asarray(x, np.float32)
        n = len(x)
        if n == 0 or len(np.asarray(y)) != n:
            raise ValueError("need the same number (at least 1) of inputs and targets")
        self.X = np.ascontiguousarray(x.reshape(n, -1))
        if self.X.shape[1] != int(np.prod(net.input_shape)):
            raise ValueError(f"inputs of shape {x.shape[1:]} do not fit {net.input_shape}")
        self.net = _private_copy(net, min(n, batch))
        self.yi, self.yf, self.use_yf = self.net.labels(y)
        self.theta = net.P.copy()
        if theta0 is not None:
            self.theta[:nt] = np.asarray(theta0, np.float32).ravel()
        self.d = np.zeros((2, net.P.size), np.float32)
        for k, v in enumerate((d1, d2)):
            v = np.asarray(v, np.float32).ravel()
            if v.size != nt:
                raise ValueError(f"a direction needs {nt} values, got {v.size}")
            self.d[k, :nt] = v
        self.net.P[:] = self.theta
        ops = self.net.ops
        self.fast = bool(
            fast
            and len(ops)
            and ops[0, codes.R_CODE] in (codes.OP_DENSE, codes.OP_CONV)
            and ops[0, codes.R_X] == self.net.input_tensor.offset
            and 3 * 4 * n * _out_size(ops[0]) <= FAST_PATH_BYTES
        )
        skip = {int(ops[0, codes.R_P0]), int(ops[0, codes.R_P1])} if self.fast else set()
        self.ranges = self._moving_ranges(skip)
        self.rows = np.arange(n, dtype=np.int64)
        self.zz: F32 | None = None if self.fast else np.zeros((3, 1, 1), np.float32)
        self.setup_seconds = 0.0
        self._per_point: float | None = None

    def _moving_ranges(self, skip: set[int]) -> np.ndarray:
        """(k, 2) [start, stop) slices of P that move: trainable slots not in ``skip``."""
        out: list[list[int]] = []
        for s in sorted(self.net.slots.values(), key=lambda s: s.offset):
            if not s.weight.trainable or s.offset in skip:
                continue
            if out and out[-1][1] == s.offset:
                out[-1][1] += s.weight.size
            else:
                out.append([s.offset, s.offset + s.weight.size])
        return np.array(out, np.int64).reshape(-1, 2)

    def prepare(self) -> None:
        """Compute the first op's outputs for theta0, d1 and d2 (fast path; once)."""
        if self.zz is None:
            t0 = time.perf_counter()
            k = _out_size(self.net.ops[0])
            self.zz = np.empty((3, len(self.X), k), np.float32)
            self._run(np.zeros((0, 2)), prepare=True)
            self.setup_seconds = time.perf_counter() - t0

    def _run(self, coords: F64, prepare: bool = False) -> F64:
        out = np.zeros((len(coords), 2), np.float64)
        net = self.net
        lk.grid_losses(net.ops, net.fops, net.loss_row, net.P, net.A, net.dA, self.theta,
                       self.d[0], self.d[1], self.ranges, self.zz, int(self.fast), prepare,
                       self.X, self.yi, self.yf, self.use_yf, self.rows, net.batch_size,
                       net.input_tensor.offset, net.rng, coords, out)  # fmt: skip
        return out

    def evaluate(self, coords: npt.ArrayLike) -> F64:
        """(m, 2) (mean loss, accuracy) at each (a, b) row of coords (m, 2)."""
        self.prepare()
        return self._run(np.ascontiguousarray(np.asarray(coords, np.float64).reshape(-1, 2)))

    def seconds_per_point(self) -> float:
        """Measured once: the best of a few short timed runs, after a warm-up point."""
        if self._per_point is None:
            self.evaluate([[0.0, 0.0]])  # loads the compiled kernel, prepares the fast path
            pts = np.array([[0.1, 0.0], [0.0, 0.1]])
            best, start = np.inf, time.perf_counter()
            for _ in range(3):
                t0 = time.perf_counter()
                self.evaluate(pts)
                best = min(best, (time.perf_counter() - t0) / len(pts))
                if time.perf_counter() - start > 0.1:
                    break
            self._per_point = best
        return self._per_point

    def estimate_seconds(self, points: int) -> float:
        """Expected seconds to evaluate ``points`` points (the one-off setup is done by then)."""
        return points * self.seconds_per_point()


class LossGrid:
    """The loss (and accuracy) over an n x n grid of the plane, filled coarse to fine."""

    def __init__(
        self,
        net: Network | PlaneLoss,
        x: npt.ArrayLike | None = None,
        y: npt.ArrayLike | None = None,
        d1: npt.ArrayLike | None = None,
        d2: npt.ArrayLike | None = None,
        n: int = 21,
        alpha_range: tuple[float, float] = (-1.0, 1.0),
        beta_range: tuple[float, float] = (-1.0, 1.0),
        **plane_options,
    ) -> None:
        if isinstance(net, PlaneLoss):
            self.plane = net
        else:
            if d1 is None or d2 is None:
                d1, d2 = random_directions(net)
            self.plane = PlaneLoss(net, x, y, d1, d2, **plane_options)
        if n < 2:
            raise ValueError("a loss grid needs at least 2 points per axis")
        self.alpha_range, self.beta_range = tuple(alpha_range), tuple(beta_range)
        self.alphas = np.linspace(*alpha_range, n)
        self.betas = np.linspace(*beta_range, n)
        self.loss = np.full((n, n), np.nan, np.float32)
        self.accuracy = np.full((n, n), np.nan, np.float32)
        self.done = np.zeros((n, n), bool)
        self.coarse = np.unique(np.round(np.linspace(0, n - 1, min(n, COARSE))).astype(np.int64))

    @property
    def n(self) -> int:
        return len(self.alphas)

    def resized(
        self,
        n: int,
        alpha_range: tuple[float, float] | None = None,
        beta_range: tuple[float, float] | None = None,
    ) -> LossGrid:
        """An empty grid of another size or range over the same plane (setup kept)."""
        return LossGrid(
            self.plane,
            n=n,
            alpha_range=alpha_range or self.alpha_range,
            beta_range=beta_range or self.beta_range,
        )

    def estimate_seconds(self, n: int | None = None) -> float:
        """Expected seconds for a full n x n grid (default: this grid's size)."""
        n = self.n if n is None else n
        return self.plane.estimate_seconds(n * n)

    def _stages(self, coarse_to_fine: bool) -> list[np.ndarray]:
        """Flat indices still to compute: the coarse sub-grid, then the rest, row by row."""
        n = self.n
        todo = ~self.done.ravel()
        if not coarse_to_fine:
            return [np.flatnonzero(todo)]
        first = (self.coarse[:, None] * n + self.coarse[None, :]).ravel()
        rest = np.setdiff1d(np.arange(n * n), first)
        return [first[todo[first]], rest[todo[rest]]]

    def compute(
        self,
        coarse_to_fine: bool = True,
        cancel: Callable[[], bool] | None = None,
        on_progress: Callable[[float], None] | None = None,
    ) -> bool:
        """Fill the grid; returns False when ``cancel()`` said stop (call again to resume).

        With ``coarse_to_fine`` the coarse sub-grid (``coarse`` x ``coarse`` indices) is filled
        first, so ``preview`` has a whole picture early. Work goes in calls of about 30 ms,
        each preceded by a ``cancel`` check and followed by ``on_progress(fraction done)``.
        """
        chunk = 1
        for order in self._stages(coarse_to_fine):
            i = 0
            while i < len(order):
                if cancel is not None and cancel():
                    return False
                idx = order[i : i + chunk]
                chunk = self._fill(idx)
                i += len(idx)
                if on_progress is not None:
                    on_progress(float(self.done.mean()))
        return True

    def _fill(self, idx: np.ndarray) -> int:
        """Evaluate the flat grid indices idx; returns how many points fit in the next call."""
        rows, cols = np.divmod(idx, self.n)
        t0 = time.perf_counter()
        res = self.plane.evaluate(np.stack([self.alphas[cols], self.betas[rows]], axis=1))
        per_point = max(time.perf_counter() - t0, 1e-7) / len(idx)
        self.loss[rows, cols], self.accuracy[rows, cols] = res[:, 0], res[:, 1]
        self.done[rows, cols] = True
        return int(np.clip(TARGET_CALL_SECONDS / per_point, 1, 4096))

    def preview(self) -> F32:
        """The loss so far, gaps filled by bilinear interpolation of the coarse pass when done."""
        c = self.coarse
        if self.done.all() or not self.done[np.ix_(c, c)].all():
            return self.loss.copy()
        sub = self.loss[np.ix_(c, c)].astype(np.float64)
        across = np.stack([np.interp(self.alphas, self.alphas[c], r) for r in sub])
        full = np.stack([np.interp(self.betas, self.betas[c], col) for col in across.T], axis=1)
        return np.where(self.done, self.loss, full).astype(np.float32)

    def line(self, n: int | None = None) -> tuple[F64, F64, F64]:
        """A 1-D slice along d1 (b = 0): (alphas, loss, accuracy) at n points of alpha_range."""
        a = np.linspace(*self.alpha_range, self.n if n is None else n)
        res = self.plane.evaluate(np.stack([a, np.zeros_like(a)], axis=1))
        return a, res[:, 0], res[:, 1]

    def to_npz(self, path: str | Path) -> None:
        """Axes, loss, accuracy and the filled mask as plain arrays (loadable without pickle)."""
        arrays = {"alphas": self.alphas, "betas": self.betas, "loss": self.loss}
        np.savez(path, **arrays, accuracy=self.accuracy, done=self.done)

    def to_csv(self, path: str | Path) -> None:
        """One row per grid point: alpha, beta, loss, accuracy (nan where not computed)."""
        a, b = np.meshgrid(self.alphas, self.betas)
        table = np.stack([a.ravel(), b.ravel(), self.loss.ravel(), self.accuracy.ravel()], 1)
        np.savetxt(
            path, table, fmt="%.9g", delimiter=",", header="alpha,beta,loss,accuracy", comments=""
        )
