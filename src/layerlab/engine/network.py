"""Network: a spec built into flat arenas and an op table, run by the numba interpreter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from layerlab.engine import initializers
from layerlab.engine.errors import Problem, SpecError
from layerlab.engine.kernels import activations as act
from layerlab.engine.kernels import losses as lk
from layerlab.engine.kernels import program as prog
from layerlab.engine.losses import loss_info
from layerlab.engine.memory import check_fits
from layerlab.engine.planning import plan_program
from layerlab.engine.program_builder import WeightDef
from layerlab.engine.shapes import infer
from layerlab.engine.spec import NetworkSpec

F32 = npt.NDArray[np.float32]


@dataclass(frozen=True)
class WeightSlot:
    """Where a named parameter lives in P (and, when trainable, in G)."""

    layer_id: str
    layer_index: int
    weight: WeightDef
    offset: int


class Network:
    """Forward, backward and named parameters of a network built from a NetworkSpec."""

    def __init__(self, spec: NetworkSpec, batch_size: int | None = None, input_grad: bool = False):
        inf = infer(spec)
        inf.raise_if_invalid()
        self.spec = spec
        self.layers = inf.layers
        self.in_shapes, self.out_shapes = inf.in_shapes, inf.out_shapes
        self.input_shape: tuple[int, ...] = tuple(spec.input_shape)
        self.output_shape: tuple[int, ...] = inf.out_shapes[self.layers[-1].id]
        self.loss = loss_info(spec.loss)
        self.input_grad = input_grad
        self._layout_weights()
        self.reinitialize(spec.seed)
        self.rng = np.array([0x9E3779B97F4A7C15 ^ (spec.seed + 1)], np.uint64)
        self._last_n = 0
        self.set_batch_size(batch_size or spec.batch_size)

    @classmethod
    def from_spec(cls, spec: NetworkSpec | dict | str, batch_size: int | None = None) -> Network:
        """Build from a NetworkSpec, a parsed JSON dict, or JSON text."""
        if isinstance(spec, str):
            spec = NetworkSpec.from_json(spec)
        elif isinstance(spec, dict):
            spec = NetworkSpec.from_dict(spec)
        return cls(spec, batch_size)

    # ---- parameters -------------------------------------------------------------------------
    def _layout_weights(self) -> None:
        defs = [
            (i, layer, w)
            for i, layer in enumerate(self.layers)
            for w in layer.weights(self.in_shapes[layer.id])
        ]
        n_train = sum(w.size for _, _, w in defs if w.trainable)
        off_t, off_f = 0, n_train
        self.slots: dict[str, WeightSlot] = {}
        for i, layer, w in defs:
            if w.trainable:
                off, off_t = off_t, off_t + w.size
            else:
                off, off_f = off_f, off_f + w.size
            self.slots[f"{layer.id}.{w.name}"] = WeightSlot(layer.id, i, w, off)
        self.n_trainable = n_train
        self.P = np.zeros(off_f, np.float32)
        self.G = np.zeros(n_train, np.float32)
        self.decay_mask = np.zeros(n_train, np.float32)
        for s in self.slots.values():
            if s.weight.decays:
                self.decay_mask[s.offset : s.offset + s.weight.size] = 1.0

    def _init_text(self, slot: WeightSlot) -> str:
        layer = self.layers[slot.layer_index]
        chosen = layer.p.get("init", "default")
        scheme = self.spec.init if chosen == "default" else chosen
        role = slot.weight.role
        if role == "kernel":
            return scheme
        if role == "bias":
            return "torch_default" if scheme == "torch_default" else "zeros"
        if role == "alpha":
            return f"constant:{layer.p['alpha_init']}"
        return "ones" if role in ("gamma", "running_var") else "zeros"

    def reinitialize(self, seed: int | None = None) -> None:
        """Draw fresh weights; the same seed always gives the same weights."""
        seed = self.spec.seed if seed is None else seed
        for j, (_, slot) in enumerate(self.slots.items()):
            w = slot.weight
            rng = np.random.default_rng([seed, slot.layer_index, j])
            values = initializers.initialize(
                self._init_text(slot), w.shape, w.fan_in, w.fan_out, rng
            )
            self.P[slot.offset : slot.offset + w.size] = values.ravel()

    @property
    def params(self) -> dict[str, F32]:
        """Every parameter (running statistics included) as a writable view of its shape."""
        return {n: self._view(self.P, s) for n, s in self.slots.items()}

    @property
    def grads(self) -> dict[str, F32]:
        """Gradients of the trainable parameters from the last backward pass (views)."""
        return {n: self._view(self.G, s) for n, s in self.slots.items() if s.weight.trainable}

    @staticmethod
    def _view(arena: F32, s: WeightSlot) -> F32:
        return arena[s.offset : s.offset + s.weight.size].reshape(s.weight.shape)

    # ---- program ----------------------------------------------------------------------------
    @property
    def batch_size(self) -> int:
        return self._batch

    def set_batch_size(self, batch: int) -> None:
        """(Re)allocate activation arenas for batches of up to ``batch`` samples."""
        if batch < 1:
            raise ValueError("batch size must be at least 1")
        offsets = {n: s.offset for n, s in self.slots.items()}
        plan = plan_program(self.layers, self.input_shape, offsets, batch, self.input_grad)
        b = plan.builder
        check_fits(4 * (b.a_size + b.da_size), f"a batch of {batch} in this network")
        self.input_tensor, self.outputs = plan.input_tensor, plan.outputs
        self.ops, self.fops = b.tables()
        self.A = np.zeros(b.a_size, np.float32)
        self.dA = np.zeros(b.da_size, np.float32)
        self._batch = batch
        self.loss_row = self._loss_row()
        self._no_targets = np.zeros((1, int(np.prod(self.output_shape))), np.float32)

    def _loss_row(self) -> np.ndarray:
        out = self.outputs[self.layers[-1].id]
        row = np.zeros(prog.LOSS_WIDTH, np.int64)
        row[[prog.L_KIND, prog.L_FUSED, prog.L_Z, prog.L_DZ]] = (
            self.loss.code,
            0,
            out.offset,
            out.grad,
        )
        row[prog.L_LAST] = len(self.ops) - 1
        row[prog.L_K] = row[prog.L_OUT_K] = out.size
        row[prog.L_OUT] = out.offset
        if len(self.ops):
            last = self.ops[-1]
            code = last[prog.R_CODE]
            softmax = code == prog.OP_SOFTMAX and self.loss.code == lk.SOFTMAX_CE
            sigmoid = (
                code == prog.OP_ACT
                and last[prog.R_D + 1] == act.SIGMOID
                and self.loss.code == lk.BINARY_CE
            )
            if softmax or sigmoid:  # the loss takes the logits: exact and stable
                row[prog.L_FUSED] = lk.FUSED_SOFTMAX if softmax else lk.FUSED_SIGMOID
                row[prog.L_Z], row[prog.L_DZ] = last[prog.R_X], last[prog.R_DX]
                row[prog.L_LAST] = len(self.ops) - 2
        return row

    # ---- running ----------------------------------------------------------------------------
    def _as_batch(self, x: npt.ArrayLike) -> F32:
        x = np.ascontiguousarray(x, dtype=np.float32)
        if x.shape == self.input_shape:
            x = x[None]
        if x.shape[1:] != self.input_shape and x.reshape(len(x), -1).shape[1] == np.prod(
            self.input_shape
        ):
            x = x.reshape((len(x), *self.input_shape))
        if x.shape[1:] != self.input_shape:
            raise ValueError(
                f"input of shape {x.shape[1:]} does not match the network's {self.input_shape}"
            )
        return x

    def forward(self, x: npt.ArrayLike, training: bool = False) -> F32:
        """Outputs (n, *output_shape) for inputs (n, *input_shape), in batches of batch_size."""
        x2 = self._as_batch(x).reshape(-1, int(np.prod(self.input_shape)))
        out = np.empty((len(x2), int(np.prod(self.output_shape))), np.float32)
        self._run_rows(x2, np.zeros(len(x2), np.int32), self._no_targets, False, out, training)
        return out.reshape(len(x2), *self.output_shape)

    def _run_rows(
        self, x2: F32, yi: np.ndarray, yf: np.ndarray, use_yf: bool, out: F32, training: bool
    ) -> tuple[float, int]:
        """One interpreter call over every row of x2 (n, features); returns (loss sum, correct)."""
        idx = np.arange(len(x2), dtype=np.int64)
        total, correct = prog.evaluate_rows(
            self.ops,
            self.fops,
            self.loss_row,
            self.P,
            self.A,
            self.dA,
            x2,
            yi,
            yf,
            use_yf,
            idx,
            self._batch,
            self.input_tensor.offset,
            self.rng,
            out,
            training,
        )
        self._last_n = (len(x2) - 1) % self._batch + 1 if len(x2) else 0
        return total, correct

    def labels(self, y: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray, bool]:
        """(int labels, float targets, use_float) in the kernel's layout; checks the range."""
        y = np.asarray(y)
        k = int(np.prod(self.output_shape))
        if np.issubdtype(y.dtype, np.integer) and y.ndim == 1:
            hi = 2 if k == 1 else k
            if len(y) and (y.min() < 0 or y.max() >= hi) and self.loss.name != "mse":
                raise ValueError(f"class labels must be in 0..{hi - 1}; found {y.min()}..{y.max()}")
            return y.astype(np.int32), np.zeros((1, k), np.float32), False
        yf = np.ascontiguousarray(y, dtype=np.float32).reshape(len(y), -1)
        if yf.shape[1] != k:
            raise ValueError(
                f"targets have {yf.shape[1]} values per sample; the network outputs {k}"
            )
        return np.zeros(1, np.int32), yf, True

    def loss_and_grads(self, x: npt.ArrayLike, y: npt.ArrayLike, training: bool = True) -> float:
        """Mean loss on (x, y); fills ``grads`` (and ``input_gradient`` when enabled).

        Gradients are left as they were when the loss is not finite.
        """
        x2 = self._as_batch(x).reshape(-1, int(np.prod(self.input_shape)))
        n = len(x2)
        if n > self._batch:
            self.set_batch_size(n)
        yi, yf, use_yf = self.labels(y)
        loss = np.zeros(1)
        prog.train_steps(
            self.ops,
            self.fops,
            self.loss_row,
            self.P,
            self.G,
            np.zeros((2, 1), np.float32),
            self.decay_mask,
            self.G,
            self.A,
            self.dA,
            np.zeros(10),
            -1,
            np.zeros(1),
            0,
            x2,
            yi,
            yf,
            use_yf,
            np.arange(n, dtype=np.int64)[None],
            self.input_tensor.offset,
            self.rng,
            loss,
            np.zeros(1, np.int64),
            training,
        )
        self._last_n = n
        return float(loss[0])

    def evaluate(self, x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[float, float, F32]:
        """(mean loss, accuracy, outputs) in evaluation mode over all of x."""
        x2 = self._as_batch(x).reshape(-1, int(np.prod(self.input_shape)))
        yi, yf, use_yf = self.labels(y)
        out = np.empty((len(x2), int(np.prod(self.output_shape))), np.float32)
        total, correct = self._run_rows(x2, yi, yf, use_yf, out, False)
        n = max(len(x2), 1)
        return total / n, correct / n, out.reshape(len(x2), *self.output_shape)

    def activations(self) -> dict[str, F32]:
        """Each layer's output from the last forward pass (views of the arena)."""
        n = self._last_n
        return {
            k: self.A[t.offset : t.offset + n * t.size].reshape(n, *t.shape)
            for k, t in self.outputs.items()
        }

    def activation_grads(self) -> dict[str, F32]:
        """dLoss/d(layer output) from the last backward pass (views); fused outputs omitted."""
        n, out = self._last_n, {}
        for k, t in self.outputs.items():
            if t.grad >= 0:
                out[k] = self.dA[t.grad : t.grad + n * t.size].reshape(n, *t.shape)
        return out

    def input_gradient(self) -> F32:
        """dLoss/dinput of the last backward (needs ``input_grad=True`` at construction)."""
        t = self.input_tensor
        if t.grad < 0:
            raise ValueError("build the network with input_grad=True to get input gradients")
        n = self._last_n
        return self.dA[t.grad : t.grad + n * t.size].reshape(n, *t.shape).copy()

    # ---- saving -----------------------------------------------------------------------------
    def state_dict(self) -> dict[str, F32]:
        return {k: v.copy() for k, v in self.params.items()}

    def load_state_dict(self, state: dict[str, np.ndarray]) -> None:
        """Copy matching arrays in; names and shapes must match exactly."""
        problems = []
        for name, view in self.params.items():
            if name not in state:
                problems.append(Problem(None, "missing_weight", f"weights file lacks '{name}'"))
            elif tuple(np.shape(state[name])) != view.shape:
                problems.append(
                    Problem(
                        None,
                        "weight_shape",
                        f"'{name}' has shape "
                        f"{np.shape(state[name])} in the file but {view.shape} in the network",
                    )
                )
        extra = sorted(set(state) - set(self.slots))
        if extra:
            problems.append(Problem(None, "extra_weight", f"unknown weights: {', '.join(extra)}"))
        if problems:
            raise SpecError(problems)
        for name, view in self.params.items():
            view[...] = state[name]

    def save_weights(self, path: str | Path) -> None:
        np.savez(path, **self.state_dict())

    def load_weights(self, path: str | Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as f:
                state = {k: f[k] for k in f.files}
        except (OSError, ValueError) as e:
            raise SpecError(
                Problem(None, "bad_weights", f"cannot read weights {path}: {e}")
            ) from None
        self.load_state_dict(state)
