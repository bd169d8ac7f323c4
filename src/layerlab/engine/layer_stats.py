"""LayerStatsRecorder: per-layer gradient norms, percentile bands and health flags in rings.

Written by the training thread after a chunk, from the network's arenas (no copies of whole
tensors); read by views that poll ``head``. Percentiles come from a fixed random subsample of
each tensor (indices drawn once), so one record costs about the same at every step.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:  # numba loads with the network module; this one needs numpy only
    from layerlab.engine.network import Network

QUANTILES = (0.0, 10.0, 25.0, 50.0, 75.0, 90.0, 100.0)
QUANTITIES = ("weights", "activations", "activation_grads")
VANISHING = 1e-2  # first/last gradient-norm ratio below this: gradients vanish on the way back
EXPLODING = 1e2
SATURATING = ("sigmoid", "tanh")
F32 = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Diagnostics:
    """Health of the latest record; NaN where a quantity does not apply (no ReLU layer...)."""

    step: int
    grad_ratio: float  # first weighted layer's gradient norm / the last one's
    vanishing: bool
    exploding: bool
    dead_fraction: float  # dead units / all units of ReLU layers
    saturated_fraction: float  # mean over sigmoid/tanh layers of sampled saturated outputs
    non_finite: tuple[str, ...]  # layers with NaN or Inf in weights, gradients or activations


@dataclass(frozen=True)
class _Group:
    """Subsamples of equal length: one gather and one sort for all of them."""

    rows: npt.NDArray[np.intp]  # rows of the (quantity * layer, quantile) band table
    index: npt.NDArray[np.intp]  # (rows, m) absolute indices into the arena
    lo: npt.NDArray[np.intp]
    hi: npt.NDArray[np.intp]
    frac: F32


def activation_of(kind: str, p: dict) -> str:
    """The function a layer applies to its output ('' for none)."""
    if kind in ("Dense", "Conv2D"):
        return str(p.get("activation", "identity"))
    if kind == "Activation":
        return str(p.get("fn", ""))
    return {"Softmax": "softmax", "PReLU": "prelu"}.get(kind, "")


def _group(rows: list[int], index: list[np.ndarray]) -> _Group:
    m = len(index[0])
    pos = np.asarray(QUANTILES) / 100.0 * (m - 1)  # numpy's default 'linear' percentile
    lo = np.floor(pos).astype(np.intp)
    hi = np.minimum(lo + 1, m - 1)
    return _Group(
        np.asarray(rows, np.intp),
        np.stack(index).astype(np.intp),
        lo,
        hi,
        (pos - lo).astype(np.float32),
    )


def _sorted_rows(v: F32) -> F32:
    """Sort each row of a fresh float32 array in place, as integer keys.

    Sorting the bit patterns (negatives' magnitude bits flipped, which orders them like the
    floats) is several times faster than a float sort on ReLU outputs (half zeros) and than
    np.partition at the 12 ranks numpy's linear percentiles need. NaNs end up at the ends.
    """
    k = v.view(np.int32)
    k ^= (k >> 31) & 0x7FFFFFFF
    k.sort(axis=1)
    k ^= (k >> 31) & 0x7FFFFFFF
    return v


def _groups(segments: list[tuple[int, np.ndarray]]) -> list[_Group]:
    by_len: dict[int, tuple[list[int], list[np.ndarray]]] = {}
    for row, idx in segments:
        rows, index = by_len.setdefault(len(idx), ([], []))
        rows.append(row)
        index.append(idx)
    return [_group(rows, index) for rows, index in by_len.values()]


class LayerStatsRecorder:
    """Per-layer statistics of ``net`` in rings of ``capacity`` records (one writer)."""

    def __init__(
        self, net: Network, capacity: int = 4096, sample: int = 2048, budget: float = 0.01
    ) -> None:
        self.net, self.sample, self.budget = net, sample, budget
        self.layer_ids = tuple(layer.id for layer in net.layers)
        self.activation = tuple(activation_of(layer.kind, layer.p) for layer in net.layers)
        self.relu = np.array([a == "relu" for a in self.activation])
        self.saturating = np.array([a in SATURATING for a in self.activation])
        self._weights = self._weight_slots()
        self.has_weights = np.array([bool(w) for w in self._weights])
        n = len(self.layer_ids)
        self.steps = np.full(capacity, -1, np.int64)
        self.grad_norm = np.full((capacity, n), np.nan, np.float32)
        self.weight_norm = np.full((capacity, n), np.nan, np.float32)
        self.bands = np.full((capacity, len(QUANTITIES), n, len(QUANTILES)), np.nan, np.float32)
        self.dead = np.full((capacity, n), np.nan, np.float32)
        self.saturated = np.full((capacity, n), np.nan, np.float32)
        self.non_finite = np.zeros((capacity, n), bool)
        self.head = 0  # records ever written; readers poll it
        self._p_groups = _groups(
            [(i, s.offset + self._draw(0, i, s.weight.size)) for i, s in self._first_slots()]
        )
        self._a_groups: dict[int, tuple[list[_Group], list[_Group]]] = {}
        self._arena = None
        self._credit, self._last_call = 0.0, None
        self._spans = [
            (i, [(s.offset, s.offset + s.weight.size) for s in ss])
            for i, ss in enumerate(self._weights)
            if ss
        ]
        self._relu_spans: list[tuple[int, int, int, int]] = []

    # ---- layout -------------------------------------------------------------------------------
    def _weight_slots(self) -> list[list]:
        """Per layer: its kernel slot, or its trainable slots when it has no kernel."""
        out: list[list] = [[] for _ in self.layer_ids]
        for s in self.net.slots.values():
            if s.weight.trainable:
                out[s.layer_index].append(s)
        return [[s for s in ss if s.weight.role == "kernel"] or ss for ss in out]

    def _first_slots(self) -> list[tuple[int, object]]:
        return [(i, ss[0]) for i, ss in enumerate(self._weights) if ss]

    def _draw(self, quantity: int, layer: int, size: int, rows: int = 0) -> npt.NDArray[np.intp]:
        """Fixed sorted indices of at most ``sample`` elements out of ``size``."""
        if size <= self.sample:
            return np.arange(size, dtype=np.intp)
        rng = np.random.default_rng([quantity, layer, rows, size])
        return np.sort(rng.choice(size, self.sample, replace=False)).astype(np.intp)

    def indices(self, quantity: str, layer_id: str, rows: int | None = None) -> np.ndarray:
        """Flat indices of the subsample into a layer's weights (raveled) or, for activations
        and their gradients, into the (rows, *shape) tensor of the last pass (raveled)."""
        q, i = QUANTITIES.index(quantity), self.layer_ids.index(layer_id)
        if q == 0:
            return self._draw(0, i, self._weights[i][0].weight.size)
        rows = self.net._last_n if rows is None else rows
        return self._draw(q, i, rows * self.net.outputs[layer_id].size, rows)

    def _activation_groups(self, rows: int) -> tuple[list[_Group], list[_Group]]:
        if self.net.A is not self._arena:  # first use, or a new batch size: new arena layout
            self._a_groups.clear()
            self._arena = self.net.A
            self._relu_spans = []
            for i in np.flatnonzero(self.relu):
                t = self.net.outputs[self.layer_ids[i]]
                self._relu_spans.append((int(i), t.offset, t.size, t.shape[-1]))
        if rows not in self._a_groups:
            n = len(self.layer_ids)
            acts, grads = [], []
            for i, lid in enumerate(self.layer_ids):
                t = self.net.outputs[lid]
                acts.append((n + i, t.offset + self._draw(1, i, rows * t.size, rows)))
                if t.grad >= 0:
                    grads.append((2 * n + i, t.grad + self._draw(2, i, rows * t.size, rows)))
            self._a_groups[rows] = (_groups(acts), _groups(grads))
        return self._a_groups[rows]

    # ---- writing ------------------------------------------------------------------------------
    def maybe_record(self, step: int) -> bool:
        """Record if the time budget allows (about ``budget`` of the time between calls)."""
        now = time.perf_counter()
        if self._last_call is not None:
            gap = min(now - self._last_call, 0.1)  # a pause earns no backlog of records
            self._credit = min(self._credit + self.budget * gap, 0.005)
        self._last_call = now
        if self._credit < 0.0:
            return False
        self.record(step)
        self._last_call = time.perf_counter()
        self._credit -= self._last_call - now
        return True

    @property
    def last_step(self) -> int:
        """The step of the latest record (-1 when there is none)."""
        return int(self.steps[(self.head - 1) % len(self.steps)]) if self.head else -1

    def clear(self) -> None:
        """Forget the history (the weights were reset)."""
        self.head = 0

    def record(self, step: int) -> None:
        """Write one record for the network's state after ``step`` training steps."""
        with np.errstate(all="ignore"):  # a diverging network is recorded (and flagged), quietly
            self._record(step)

    def _record(self, step: int) -> None:
        if step < self.last_step:
            self.clear()  # weights reset: start the history again
        r = self.head % len(self.steps)
        net, rows = self.net, max(self.net._last_n, 1)
        self.steps[r] = step
        self._norms(r)
        bands = self.bands[r].reshape(-1, len(QUANTILES))
        bands[:] = np.nan
        bad = np.zeros(len(bands), bool)
        acts, grads = self._activation_groups(rows)
        for arena, groups in ((net.P, self._p_groups), (net.A, acts), (net.dA, grads)):
            for g in groups:
                vals = _sorted_rows(arena[g.index])
                bad[g.rows] = ~(np.isfinite(vals[:, 0]) & np.isfinite(vals[:, -1]))
                a, b = vals[:, g.lo], vals[:, g.hi]
                bands[g.rows] = a + (b - a) * g.frac
                if arena is net.A:
                    self._saturation(r, g, vals)
        self.non_finite[r] = bad.reshape(len(QUANTITIES), -1).any(axis=0)
        self.non_finite[r] |= ~np.isfinite(self.grad_norm[r]) & self.has_weights
        self.non_finite[r] |= ~np.isfinite(self.weight_norm[r]) & self.has_weights
        self._dead(r, rows)
        self.head += 1

    def _norms(self, r: int) -> None:
        g, p = self.net.G, self.net.P
        for i, spans in self._spans:
            self.grad_norm[r, i] = np.sqrt(sum(float(np.dot(g[a:b], g[a:b])) for a, b in spans))
            self.weight_norm[r, i] = np.sqrt(sum(float(np.dot(p[a:b], p[a:b])) for a, b in spans))

    def _saturation(self, r: int, g: _Group, vals: F32) -> None:
        """Fraction of sampled outputs in the flat tails (``vals`` is sorted per row)."""
        n = len(self.layer_ids)
        for row, v in zip(g.rows, vals, strict=True):
            i = row - n
            if self.saturating[i]:
                if self.activation[i] == "sigmoid":
                    low, high = np.searchsorted(v, (0.01, 0.99), side="left")
                    high = len(v) - np.searchsorted(v, 0.99, side="right")
                else:
                    low = np.searchsorted(v, -0.99, side="left")
                    high = len(v) - np.searchsorted(v, 0.99, side="right")
                self.saturated[r, i] = (low + high) / len(v)

    def _dead(self, r: int, rows: int) -> None:
        """Units (features, or channels of feature maps) that are 0 for every sample."""
        for i, offset, size, units in self._relu_spans:
            a = self.net.A[offset : offset + rows * size].reshape(rows, size)
            # over samples first: a reduction along a short last axis is 20x slower
            peak = a.max(axis=0).reshape(-1, units).max(axis=0)
            self.dead[r, i] = float(np.mean(peak <= 0.0))

    # ---- reading ------------------------------------------------------------------------------
    def _order(self, count: int | None, head: int | None = None) -> np.ndarray:
        cap, head = len(self.steps), self.head if head is None else head
        n = min(head, cap if count is None else min(count, cap))
        return (head - n + np.arange(n)) % cap

    def latest(self, name: str, count: int | None = None, head: int | None = None) -> np.ndarray:
        """The most recent rows of a ring ('steps', 'grad_norm', 'bands', ...), oldest first.

        A reader in another thread passes the ``head`` it read once, so that several series
        it reads have the same records while the writer goes on."""
        return getattr(self, name)[self._order(count, head)]

    def band_series(
        self, quantity: str, layer_id: str, count: int | None = None, head: int | None = None
    ) -> F32:
        """(records, quantiles) percentiles of one quantity of one layer, oldest first."""
        q, i = QUANTITIES.index(quantity), self.layer_ids.index(layer_id)
        return self.bands[self._order(count, head), q, i]

    def diagnostics(self) -> Diagnostics:
        """Vanishing/exploding ratio, dead and saturated fractions, non-finite layers."""
        if not self.head:
            return Diagnostics(-1, np.nan, False, False, np.nan, np.nan, ())
        r = (self.head - 1) % len(self.steps)
        weighted = np.flatnonzero(self.has_weights)
        ratio = np.nan
        if len(weighted) >= 2:
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = float(self.grad_norm[r, weighted[0]] / self.grad_norm[r, weighted[-1]])
        units = [self.net.outputs[self.layer_ids[i]].shape[-1] for i in np.flatnonzero(self.relu)]
        dead = np.nan
        if units:
            dead = float(np.dot(self.dead[r, self.relu], units) / sum(units))
        sat = (
            float(np.mean(self.saturated[r, self.saturating])) if self.saturating.any() else np.nan
        )
        bad = tuple(lid for lid, b in zip(self.layer_ids, self.non_finite[r], strict=True) if b)
        return Diagnostics(
            int(self.steps[r]), ratio, ratio < VANISHING, ratio > EXPLODING, dead, sat, bad
        )
