"""LiveRecorders: the chunk hook that copies what the live views show into buffers.

Runs in the training thread after every chunk, under the session lock (training waits for it):
layer statistics into the LayerStatsRecorder's rings (within a time budget), and every
PROBE_INTERVAL_S a forward pass of the probe sample, a copy of the weights, the 2-D input grid
and any evaluation a view asked for, each into a double buffer that the GUI reads without the
lock. While training is paused no hook runs: views call ``sync()`` to capture on the GUI thread.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from layerlab.engine.layer_stats import LayerStatsRecorder, activation_of

if TYPE_CHECKING:
    from layerlab.app.session import Session
    from layerlab.engine.network import Network

PROBE_INTERVAL_S = 0.1
GRID_SIZE = 41  # points per axis of the 2-D input grid (odd: the centre is on the grid)
GRID_MAX_UNITS = 4096  # skip the per-neuron grid for wide 2-D-input networks
F32 = npt.NDArray[np.float32]
_RECORDERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class LayerInfo:
    """What views need to know about a layer (no engine objects)."""

    id: str
    kind: str
    activation: str
    shape: tuple[int, ...]  # per-sample output shape
    weight: str  # name of its kernel in ``weights()`` ('' when it has none)
    weight_shape: tuple[int, ...]


@dataclass(frozen=True)
class Layout:
    """The network the buffers were built for."""

    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    layers: tuple[LayerInfo, ...]
    loss: str

    @property
    def output_activation(self) -> str:
        return self.layers[-1].activation if self.layers else ""


@dataclass(frozen=True)
class Evaluation:
    """Predictions on a whole split; ``scores`` are probabilities when ``probabilities``."""

    step: int
    split: str
    y: npt.NDArray[np.int32]
    scores: F32  # (N, classes)
    probabilities: bool
    loss: float
    accuracy: float


class DoubleBuffer:
    """Two sets of named arrays: the writer fills ``back()`` and calls ``flip``; readers use
    ``read()``, whose arrays the writer does not touch until the next flip but one."""

    def __init__(self, shapes: dict[str, tuple[int, ...]]) -> None:
        self._sets = [{k: np.zeros(s, np.float32) for k, s in shapes.items()} for _ in range(2)]
        self._meta: list[dict[str, Any]] = [{}, {}]
        self.front_index = 0
        self.seq = 0  # flips so far

    def back(self) -> dict[str, F32]:
        return self._sets[1 - self.front_index]

    def flip(self, **meta: Any) -> None:
        self._meta[1 - self.front_index] = meta
        self.front_index ^= 1
        self.seq += 1

    def front(self) -> dict[str, F32]:
        return self._sets[self.front_index]

    def read(self) -> tuple[dict[str, F32], dict[str, Any]]:
        """The front arrays and what was written with them (one read of the index)."""
        i = self.front_index
        return self._sets[i], self._meta[i]


def scores_of(outputs: np.ndarray, layout: Layout) -> tuple[F32, bool]:
    """(N, classes) class scores from network outputs, and whether they are probabilities."""
    out = np.asarray(outputs, np.float32).reshape(len(outputs), -1)
    act = layout.output_activation
    if out.shape[1] == 1:  # one output: the probability (or score) of class 1
        if act in ("sigmoid", "step"):
            p1 = out[:, 0]
        elif layout.loss in ("binary_cross_entropy", "hinge"):
            p1 = 1.0 / (1.0 + np.exp(-out[:, 0]))
        else:
            p1 = np.clip(out[:, 0], 0.0, 1.0)
        return np.stack([1.0 - p1, p1], axis=1).astype(np.float32), True
    if act == "softmax":
        return out, True
    if layout.loss == "softmax_cross_entropy":
        e = np.exp(out - out.max(axis=1, keepdims=True))
        return (e / e.sum(axis=1, keepdims=True)).astype(np.float32), True
    return out, False


class LiveRecorders:
    """Buffers for the live views of one session; ``of(session)`` shares one per session."""

    @classmethod
    def of(cls, session: Session) -> LiveRecorders:
        if session not in _RECORDERS:
            _RECORDERS[session] = cls(session)
        return _RECORDERS[session]

    def __init__(self, session: Session) -> None:
        self._session = weakref.ref(session)
        self.net: Network | None = None
        self.layout: Layout | None = None
        self.stats: LayerStatsRecorder | None = None
        self.probe: DoubleBuffer | None = None
        self.weights_buffer: DoubleBuffer | None = None
        self.grid: DoubleBuffer | None = None
        self.evaluation: Evaluation | None = None
        self.probe_split, self.probe_index = "val", 0
        self._slots: dict[str, tuple[int, tuple[int, ...]]] = {}
        self._splits = None
        self._grid_net: Network | None = None
        self._grid_points: F32 | None = None
        self._eval_request: str | None = None
        self._next_capture = 0.0
        self._arena_clean = False  # the arena holds the last training batch
        self._captured: tuple | None = None
        self._probe_listeners: list[weakref.WeakMethod] = []
        session.add_chunk_hook(self)

    @property
    def session(self) -> Session | None:
        return self._session()

    # ---- requests from the GUI ----------------------------------------------------------------
    def set_probe(self, split: str, index: int) -> None:
        """Probe another sample (GUI thread); listeners redraw (the hook captures it soon)."""
        if (split, int(index)) == (self.probe_split, self.probe_index):
            return
        self.probe_split, self.probe_index = split, int(index)
        self._next_capture = 0.0
        for ref in list(self._probe_listeners):
            fn = ref()
            try:
                if fn is not None:
                    fn()
                    continue
            except RuntimeError:  # its widget was deleted on the C++ side
                pass
            self._probe_listeners.remove(ref)

    def add_probe_listener(self, ref: weakref.WeakMethod) -> None:
        """Call ``ref()()`` on the GUI thread when the probe sample changes."""
        self._probe_listeners.append(ref)

    def request_evaluation(self, split: str = "val") -> None:
        self._eval_request = split

    @property
    def evaluation_pending(self) -> bool:
        return self._eval_request is not None

    def dataset(self, split: str) -> Any:
        """The session's data set ``split`` (validation falls back to training)."""
        s = self.session
        splits = None if s is None else s.splits
        if splits is None:
            return None
        ds = getattr(splits, split, None)
        return ds if ds is not None else (splits.train if split == "val" else None)

    def weights(self) -> dict[str, F32]:
        """The latest copy of every parameter (views of the front buffer)."""
        if self.weights_buffer is None:
            return {}
        flat = self.weights_buffer.front()["P"]
        return {n: flat[o : o + int(np.prod(s))].reshape(s) for n, (o, s) in self._slots.items()}

    # ---- capturing ----------------------------------------------------------------------------
    def __call__(self, session: Session, result: Any) -> None:
        """The chunk hook: worker thread, session lock held."""
        self._arena_clean = True
        if session.net is self.net and self.net is not None:  # else: not adopted yet
            self._update(session, paused=False)

    def adopt_network(self) -> None:
        """GUI thread: build the buffers for a new network or data set (views call it first).

        Only the GUI thread replaces buffers, under the lock, so a view never sees a layout
        and buffers of two different networks; until then the hook records nothing.
        """
        s = self.session
        if s is None or s.net is None or (s.net is self.net and s.splits is self._splits):
            return
        with s.lock:
            self._rebuild(s.net, s)

    def sync(self) -> None:
        """Capture on the GUI thread while training is paused (no hook runs then)."""
        self.adopt_network()
        s = self.session
        if s is None or s.net is None or s.running:
            return
        with s.lock:
            if s.net is self.net:
                self._update(s, paused=True)

    def _update(self, session: Session, paused: bool) -> None:
        net, trainer = session.net, session.trainer
        step = trainer.step if trainer is not None else 0
        if step < self.stats.last_step:
            self.stats.clear()  # reset: the history restarts
        if self._arena_clean and step > 0:
            if not paused:
                self.stats.maybe_record(step)
            elif self.stats.last_step != step:
                self.stats.record(step)
        now = time.perf_counter()
        key = (step, self.probe_split, self.probe_index, _fingerprint(net.P))
        if (not paused and now >= self._next_capture) or (paused and key != self._captured):
            self._next_capture = now + PROBE_INTERVAL_S
            self._captured = key
            self._capture(session, step)
        if self._eval_request is not None:
            self._evaluate(session, step, self._eval_request)

    def _rebuild(self, net: Network, session: Session) -> None:
        kernels = {s.layer_id: n for n, s in net.slots.items() if s.weight.role == "kernel"}
        self._slots = {n: (s.offset, s.weight.shape) for n, s in net.slots.items()}
        infos = tuple(
            LayerInfo(
                layer.id,
                layer.kind,
                activation_of(layer.kind, layer.p),
                tuple(net.out_shapes[layer.id]),
                kernels.get(layer.id, ""),
                tuple(self._slots[kernels[layer.id]][1]) if layer.id in kernels else (),
            )
            for layer in net.layers
        )
        self.layout = Layout(net.input_shape, net.output_shape, infos, net.loss.name)
        self.stats = LayerStatsRecorder(net)
        self.probe = DoubleBuffer({"input": net.input_shape, **{i.id: i.shape for i in infos}})
        self.weights_buffer = DoubleBuffer({"P": net.P.shape})
        self._grid_net, self.grid, self._grid_points = None, None, None
        units = sum(int(np.prod(i.shape)) for i in infos)
        train = self.dataset("train")
        if net.input_shape == (2,) and units <= GRID_MAX_UNITS and train is not None:
            from layerlab.engine.network import Network  # loaded already: there is a network

            self._grid_net = Network(net.spec, batch_size=GRID_SIZE * GRID_SIZE)
            self.grid = DoubleBuffer({i.id: (GRID_SIZE * GRID_SIZE, *i.shape) for i in infos})
            self._grid_points, self._grid_extent = _grid(train.x)
        self._captured = None
        self._next_capture = 0.0
        self.evaluation = None
        self._splits = session.splits
        self.net = net  # last: the hook starts recording into the new buffers

    def _capture(self, session: Session, step: int) -> None:
        net = session.net
        w = self.weights_buffer.back()
        np.copyto(w["P"], net.P)
        self.weights_buffer.flip(step=step)
        self._capture_probe(net, step)
        if self._grid_net is not None:
            self._capture_grid(net, step)

    def _capture_probe(self, net: Network, step: int) -> None:
        ds, index = self.dataset(self.probe_split), self.probe_index
        if ds is None or not len(ds.x):
            return
        index = min(max(index, 0), len(ds.x) - 1)
        x = ds.x[index : index + 1]
        if int(np.prod(x.shape[1:])) != int(np.prod(net.input_shape)):
            return  # data of another shape (the session explains it when training starts)
        # forward reuses the training arena: fine here, training waits for the hook
        net.forward(x)
        self._arena_clean = False
        buf = self.probe.back()
        buf["input"][...] = x.reshape(net.input_shape)
        for lid, a in net.activations().items():
            buf[lid][...] = a[0]
        label = int(ds.y[index]) if ds.y.ndim == 1 else None
        self.probe.flip(step=step, split=self.probe_split, index=index, label=label)

    def grid_points(self) -> F32 | None:
        """(GRID_SIZE**2, 2) inputs of the grid: x varies fastest (row-major images)."""
        return self._grid_points

    def _capture_grid(self, net: Network, step: int) -> None:
        np.copyto(self._grid_net.P, net.P)
        self._grid_net.forward(self._grid_points)
        buf = self.grid.back()
        for lid, a in self._grid_net.activations().items():
            buf[lid][...] = a
        self.grid.flip(step=step, extent=self._grid_extent)

    def _evaluate(self, session: Session, step: int, split: str) -> None:
        self._eval_request = None
        ds, net = self.dataset(split), session.net
        if ds is None or not len(ds.x) or ds.y.ndim != 1:
            return
        loss, acc, out = net.evaluate(ds.x, ds.y)
        self._arena_clean = False
        scores, probs = scores_of(out, self.layout)
        self.evaluation = Evaluation(step, split, ds.y.copy(), scores, probs, loss, acc)


def _grid(x: np.ndarray) -> tuple[F32, tuple[float, float, float, float]]:
    """(GRID_SIZE**2, 2) points over the range of ``x`` plus 10%, x varying fastest."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    pad = 0.1 * np.maximum(hi - lo, 1e-6)
    xs = np.linspace(lo[0] - pad[0], hi[0] + pad[0], GRID_SIZE, dtype=np.float32)
    ys = np.linspace(lo[1] - pad[1], hi[1] + pad[1], GRID_SIZE, dtype=np.float32)
    gx, gy = np.meshgrid(xs, ys)
    points = np.stack([gx.ravel(), gy.ravel()], axis=1)
    return points, (float(xs[0]), float(xs[-1]), float(ys[0]), float(ys[-1]))


def _fingerprint(p: F32) -> int:
    """Changes when the weights do (a reset at the same step): 512 strided values."""
    return hash(p[:: max(1, len(p) // 512)].tobytes())
