"""DigitPredictor: which network reads a drawn digit, its class probabilities, fine-tuning.

The shipped pretrained network answers until the session's network has been trained on a digit
data set (784 inputs or 28x28x1, ten outputs, classes '0'..'9'); then a private copy of that
network does, refreshed while it trains. The session's own arena is never run here: its weights
are copied, under the session's lock, into an inference copy of batch size 1 (or MC_PASSES for
Monte-Carlo dropout). The engine is imported lazily: its kernels are loaded from the disk cache
in a thread, after the engine warm-up, never compiled on the GUI thread.
"""

from __future__ import annotations

import atexit
import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QObject, Qt, QThread, Signal

from layerlab.data.digits import pretrained_paths

if TYPE_CHECKING:
    from layerlab.app.session import Session
    from layerlab.engine.spec import NetworkSpec

F32 = npt.NDArray[np.float32]
DIGITS = tuple(str(d) for d in range(10))
IMAGE_SHAPES = ((784,), (28, 28, 1), (28, 28))
MC_PASSES = 20  # stochastic forward passes, run as one batch
MC_SEED = 0x5EED  # reseeded per prediction: the same drawing gives the same estimate
UNCERTAIN_P = 0.6  # below this top probability the answer is flagged as uncertain
UNCERTAIN_STD = 0.15  # or above this spread of the top class across dropout passes
MAX_MAPS = 16  # feature maps shown, in rows of MAPS_PER_ROW
MAPS_PER_ROW = 8
UNITS_PER_ROW = 16  # dense activations wrap into rows of this many cells
FINE_TUNE_EPOCHS = 10
FINE_TUNE_BATCH = 16
FINE_TUNE_OPTIMIZER = {"kind": "adam", "lr": 1e-3}
NETWORK_CHANGED = "network_changed"  # fine_tune_finished's message when the result is dropped
_RUNNING: set[QThread] = set()  # jobs stay referenced until they finish, whoever started them


def softmax_rows(z: F32) -> F32:
    """Row-wise softmax of (n, k) scores, stable for large ones."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def tile_maps(maps: F32) -> F32:
    """Up to MAX_MAPS feature maps (k, h, w) side by side, MAPS_PER_ROW to a row, with NaN
    (drawn transparent) between them."""
    k, h, w = maps.shape
    k = min(k, MAX_MAPS)
    cols = min(k, MAPS_PER_ROW)
    rows = -(-k // cols)
    out = np.full((rows * (h + 1) - 1, cols * (w + 1) - 1), np.nan, np.float32)
    for i in range(k):
        r, c = divmod(i, cols)
        out[r * (h + 1) : r * (h + 1) + h, c * (w + 1) : c * (w + 1) + w] = maps[i]
    return out


def tile_units(values: F32) -> F32:
    """A dense layer's activations wrapped into rows of UNITS_PER_ROW cells (NaN after the end)."""
    n = values.size
    out = np.full(-(-n // UNITS_PER_ROW) * UNITS_PER_ROW, np.nan, np.float32)
    out[:n] = values
    return out.reshape(-1, UNITS_PER_ROW)


def _feature_layer(spec: NetworkSpec) -> str | None:
    """The first Conv2D or Dense layer, or the activation that follows it (past any norm)."""
    layers = spec.layers
    for i, layer in enumerate(layers):
        if layer.kind in ("Conv2D", "Dense"):
            j = i + 1
            while j < len(layers) and layers[j].kind in ("BatchNorm", "LayerNorm"):
                j += 1
            if j < len(layers) and layers[j].kind in ("Activation", "PReLU"):
                return layers[j].id
            return layer.id
    return None


class _Model:
    """A private inference copy of a network, with its input buffer and output reading."""

    def __init__(self, spec: NetworkSpec) -> None:
        from layerlab.engine.network import Network

        kinds = {layer.kind for layer in spec.layers}
        # Batch norm would normalise with the statistics of the 20 copies: no MC through it.
        self.mc = "Dropout" in kinds and "BatchNorm" not in kinds
        self.spec = spec
        self.net = Network(spec, batch_size=MC_PASSES if self.mc else 1)
        last = spec.layers[-1]
        self.gives_probs = "softmax" in (
            last.kind.lower(),
            last.params.get("fn"),
            last.params.get("activation"),
        )
        self.feature_layer = _feature_layer(spec)
        self.x = np.zeros((MC_PASSES if self.mc else 1, *self.net.input_shape), np.float32)

    def run(self, image: F32) -> tuple[F32, F32 | None]:
        """Probabilities (10,) of one 28x28 image, and their std over dropout passes (or None)."""
        n = len(self.x)
        self.x.reshape(n, -1)[:] = np.asarray(image, np.float32).reshape(1, -1)
        if self.mc:
            self.net.rng[0] = np.uint64(MC_SEED)
        out = self.net.forward(self.x, training=self.mc).reshape(n, -1)
        probs = out if self.gives_probs else softmax_rows(out)
        if self.mc:
            return probs.mean(axis=0), probs.std(axis=0)
        return probs[0].copy(), None

    def features(self) -> tuple[str, int, F32] | None:
        """(layer id, number of maps (0 for a dense layer), tiled image) after the last run."""
        if self.feature_layer is None:
            return None
        a = self.net.activations().get(self.feature_layer)
        if a is None or not len(a):
            return None
        a = a[0]
        if a.ndim == 3:
            return self.feature_layer, a.shape[-1], tile_maps(np.moveaxis(a, -1, 0))
        return self.feature_layer, 0, tile_units(a.ravel())


def _load_model(spec_path: Path, weights_path: Path) -> _Model:
    """The shipped network, run once so that the kernels are in memory (a job's work)."""
    from layerlab.engine.spec import NetworkSpec

    model = _Model(NetworkSpec.load(spec_path))
    model.net.load_weights(weights_path)
    model.run(np.zeros((28, 28), np.float32))
    return model


def _fine_tuned(spec: NetworkSpec, P: F32, ux: F32, uy: np.ndarray, epochs: int) -> tuple:
    """(model, accuracy on the user's digits before, after): trained on them plus as many
    bundled MNIST digits (a job's work, off the GUI thread)."""
    from layerlab.data import load_bundled_mnist
    from layerlab.engine.network import Network
    from layerlab.engine.trainer import Trainer

    n = len(uy)
    mnist = load_bundled_mnist()
    rng = np.random.default_rng(n)
    idx = rng.choice(len(mnist.y), n, replace=n > len(mnist.y))
    x = np.concatenate([ux.reshape(n, -1), mnist.x[idx].reshape(n, -1)]).astype(np.float32)
    y = np.concatenate([uy, mnist.y[idx]]).astype(np.int32)
    net = Network(spec, batch_size=FINE_TUNE_BATCH)
    net.P[:] = P
    before = net.evaluate(ux, uy)[1]
    trainer = Trainer(net, (x, y), None, FINE_TUNE_OPTIMIZER, min(FINE_TUNE_BATCH, len(x)), 0)
    while trainer.epoch < epochs:
        result = trainer.run_chunk(64)
        if result.stopped:
            raise RuntimeError(result.stopped)
    after = net.evaluate(ux, uy)[1]
    model = _Model(spec)
    model.net.P[:] = net.P
    return model, float(before), float(after)


class _Job(QThread):
    """Runs one function off the GUI thread; reports its result or its error as a signal."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._fn = fn
        _RUNNING.add(self)
        self.finished.connect(self._forget, Qt.ConnectionType.QueuedConnection)

    def _forget(self) -> None:
        self.wait()
        _RUNNING.discard(self)

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as e:  # reported to the user, never raised in a thread
            self.failed.emit(f"{type(e).__name__}: {e}")
            return
        self.done.emit(result)


def wait_for_jobs(timeout_ms: int = 60_000) -> None:
    """Block until every preparation and fine-tuning thread has finished (at exit, in tests)."""
    for job in list(_RUNNING):
        job.wait(timeout_ms)


atexit.register(wait_for_jobs)  # a QThread destroyed while running aborts the process


class _WeightMailbox:
    """Weights the training thread copies after a chunk, only when the GUI has asked for them."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.want = False
        self.key: tuple | None = None  # (net, trainer, history) the staged copy came from
        self.step = -1
        self.P: F32 | None = None

    def on_chunk(self, session: Session, result: object) -> None:
        """Session chunk hook: runs in the worker thread, under the session's lock."""
        if not self.want:
            return
        net, trainer = session.net, session.trainer
        with self.lock:
            if self.P is None or self.P.shape != net.P.shape:
                self.P = np.empty_like(net.P)
            np.copyto(self.P, net.P)
            self.key, self.step = (net, trainer, trainer.history), trainer.step
            self.want = False

    def take(self, key: tuple, into: F32, after: int = -1) -> int:
        """Copy the staged weights into ``into`` if they came from ``key`` after step ``after``:
        their step, or -1."""
        with self.lock:
            if self.key is None or any(a is not b for a, b in zip(self.key, key, strict=True)):
                return -1
            if self.step <= after:
                return -1
            np.copyto(into, self.P)
            self.key = None
            return self.step


def _trained_on_digits(s: Session) -> bool:
    """The session's network has taken training steps on a 28x28, ten-digit data set."""
    net, trainer, splits = s.net, s.trainer, s.splits
    return (
        net is not None
        and trainer is not None
        and trainer.net is net
        and trainer.step > 0
        and splits is not None
        and tuple(splits.train.class_names) == DIGITS
        and tuple(net.input_shape) in IMAGE_SHAPES
        and tuple(net.output_shape) == (10,)
    )


class DigitPredictor(QObject):
    """Class probabilities of drawn digits from the shipped, the user's or a fine-tuned network.

    ``generation`` changes whenever the answering network or its weights change (compare it to
    know when to predict again).
    """

    prepared = Signal()  # the shipped network is loaded and the kernels are in memory
    failed = Signal(str)
    fine_tune_finished = Signal(bool, str)  # ok; '', NETWORK_CHANGED or the error

    def __init__(
        self,
        session: Session | None = None,
        pretrained: tuple[Path, Path] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._paths = pretrained or pretrained_paths()
        self._shipped: _Model | None = None
        self._user: _Model | None = None
        self._user_key: tuple | None = None
        self._user_step = -1
        self._tuned: _Model | None = None
        self._tuned_base: tuple | None = None
        self._tune_base: tuple | None = None
        self._mailbox = _WeightMailbox()
        self._preparing = False
        self._tuning = False
        self.model: _Model | None = None
        self.generation = 0
        self.std: F32 | None = None
        self.tune_accuracy: tuple[float, float] | None = None
        if session is not None:
            session.add_chunk_hook(self._mailbox.on_chunk)

    # ---- state ------------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self._shipped is not None

    @property
    def tuning(self) -> bool:
        return self._tuning

    @property
    def source(self) -> str:
        """'shipped', 'user' or 'fine_tuned': which network answers."""
        if self.model is None or self.model is self._shipped:
            return "shipped"
        return "fine_tuned" if self.model is self._tuned else "user"

    @property
    def user_step(self) -> int:
        """The training step of the user's weights in use (-1 when not following them)."""
        return self._user_step if self.model is self._user else -1

    @property
    def has_mc_dropout(self) -> bool:
        return self.model is not None and self.model.mc

    # ---- preparing and choosing --------------------------------------------------------------
    def prepare(self, wait: bool = False) -> None:
        """Load the shipped network and the kernels in a thread (or here, with ``wait``)."""
        if self.ready:
            return
        if wait:  # a job already started reports later; _on_prepared then ignores it
            self._on_prepared(_load_model(*self._paths))
            return
        if self._preparing:
            return
        self._preparing = True
        job = _Job(functools.partial(_load_model, *self._paths))
        job.done.connect(self._on_prepared)
        job.failed.connect(self._on_prepare_failed)
        job.start()

    def _on_prepared(self, model: _Model) -> None:
        self._preparing = False
        if self.ready:
            return
        self._shipped = model
        self.sync()
        self.prepared.emit()

    def _on_prepare_failed(self, message: str) -> None:
        self._preparing = False
        self.failed.emit(message)

    def sync(self) -> bool:
        """Choose the answering network and refresh the user's copy; True when either changed.

        Call it once per frame: while the session trains, it asks the worker for one copy of
        the weights after its next chunk and takes the previous one.
        """
        if not self.ready:
            return False
        before = (self.model, self._user_step)
        user = self._follow_user()
        base = user if user is not None else self._shipped
        if self._tuned is not None and self._tuned_base != self._base_key():
            self._tuned = None  # the network it was tuned from has moved on
        self.model = self._tuned or base
        changed = self.model is not before[0] or (
            self.model is self._user and self._user_step != before[1]
        )
        self.generation += changed
        return changed

    def _follow_user(self) -> _Model | None:
        s = self._session
        if s is None or not _trained_on_digits(s):
            self._user_key, self._user_step = None, -1
            return None
        net, trainer = s.net, s.trainer
        key = (net, trainer, trainer.history)  # a reset makes a new history: weights changed
        if self._user is None or (self._user.spec is not net.spec and self._user.spec != net.spec):
            self._user = _Model(net.spec)
        if self._user_key is None or any(
            a is not b for a, b in zip(self._user_key, key, strict=True)
        ):
            self._user_key, self._user_step = key, -1
        if trainer.step != self._user_step:
            if s.lock.acquire(blocking=False):  # between chunks, or not training
                try:
                    np.copyto(self._user.net.P, net.P)
                    self._user_step = trainer.step
                finally:
                    s.lock.release()
                self._mailbox.want = False
            else:  # the worker holds it: take the copy it made after its last chunk
                step = self._mailbox.take(key, self._user.net.P, after=self._user_step)
                self._user_step = max(self._user_step, step)
                self._mailbox.want = True
        return self._user if self._user_step >= 0 else None

    def _base_key(self) -> tuple:
        """What a fine-tuned copy derives from: the shipped network, or the user's at a step.

        Networks and trainers compare by identity, so a rebuilt network never matches."""
        if self._user_step < 0:
            return ("shipped",)
        return ("user", self._user_step, *self._user_key)

    @property
    def in_sync(self) -> bool:
        """The answering network holds the session's latest weights (if it follows them)."""
        s = self._session
        if s is None or not _trained_on_digits(s):
            return True
        return self._user_step == s.trainer.step

    # ---- predicting ---------------------------------------------------------------------------
    def predict(self, image28: npt.ArrayLike) -> F32:
        """Class probabilities (10,) of a 28x28 image in [0, 1]; with dropout layers the mean
        over MC_PASSES stochastic passes, whose std is left in ``self.std`` (else None)."""
        if self.model is None:
            if not self.ready:
                raise RuntimeError("the predictor is not prepared yet")
            self.sync()
        probs, self.std = self.model.run(np.asarray(image28, np.float32))
        return probs

    def uncertain(self, probs: F32) -> bool:
        """The top class is not clear: low probability, or a large spread across dropout."""
        top = int(np.argmax(probs))
        spread = 0.0 if self.std is None else float(self.std[top])
        return float(probs[top]) < UNCERTAIN_P or spread > UNCERTAIN_STD

    def features(self) -> tuple[str, int, F32] | None:
        """The first layer's outputs from the last prediction: (layer id, number of feature
        maps or 0 for a dense layer, an image tiling them)."""
        return self.model.features() if self.model is not None else None

    # ---- fine-tuning --------------------------------------------------------------------------
    def fine_tune(self, images: F32, labels: np.ndarray, epochs: int = FINE_TUNE_EPOCHS) -> bool:
        """Train a copy of the answering network on these digits (plus as many bundled MNIST
        ones) in a thread; it answers once done. False when busy or not ready."""
        if self.model is None or self._tuning or not len(labels):
            return False
        self._tuning = True
        self._tune_base = self._base_key()
        work = functools.partial(
            _fine_tuned,
            self.model.spec,
            self.model.net.P.copy(),
            np.array(images, np.float32),
            np.array(labels, np.int32),
            epochs,
        )
        job = _Job(work)
        job.done.connect(self._on_tuned)
        job.failed.connect(self._on_tune_failed)
        job.start()
        return True

    def _on_tuned(self, result: tuple) -> None:
        self._tuning = False
        model, before, after = result
        self.tune_accuracy = (before, after)
        if self._tune_base != self._base_key():
            self.fine_tune_finished.emit(False, NETWORK_CHANGED)
            return
        self._tuned, self._tuned_base = model, self._tune_base
        self.sync()
        self.fine_tune_finished.emit(True, "")

    def _on_tune_failed(self, message: str) -> None:
        self._tuning = False
        self.fine_tune_finished.emit(False, message)

    def forget_fine_tuning(self) -> None:
        """Answer with the shipped or the user's network again."""
        self._tuned = None
        self.sync()
