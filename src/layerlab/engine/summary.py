"""Per-layer output shapes, parameters, mult-adds and memory; torchinfo- and Keras-style text."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from layerlab.engine.layers.base import fmt_shape
from layerlab.engine.memory import human_bytes
from layerlab.engine.optimizers import parse_optimizer
from layerlab.engine.planning import plan_program
from layerlab.engine.shapes import infer
from layerlab.engine.spec import NetworkSpec

FLOAT_BYTES = 4


@dataclass(frozen=True)
class LayerRow:
    """One layer of the summary. Bytes are for the whole batch."""

    id: str
    kind: str
    output_shape: tuple[int, ...]
    trainable: int
    non_trainable: int
    mult_adds: int
    activation_bytes: int
    activation_grad_bytes: int
    param_formula: str


@dataclass(frozen=True)
class Summary:
    """What a network costs for a batch size: counts per layer and memory by purpose."""

    input_shape: tuple[int, ...]
    batch_size: int
    optimizer: str
    rows: tuple[LayerRow, ...]
    optimizer_slots: int

    @property
    def trainable(self) -> int:
        return sum(r.trainable for r in self.rows)

    @property
    def non_trainable(self) -> int:
        return sum(r.non_trainable for r in self.rows)

    @property
    def total_params(self) -> int:
        return self.trainable + self.non_trainable

    @property
    def mult_adds(self) -> int:
        """Forward multiply-accumulates for the whole batch."""
        return sum(r.mult_adds for r in self.rows) * self.batch_size

    @property
    def memory(self) -> dict[str, int]:
        """Bytes: params, grads, optimizer state, input, activations, activation grads, totals."""
        inp = FLOAT_BYTES * self.batch_size * _prod(self.input_shape)
        m = {
            "params": FLOAT_BYTES * self.total_params,
            "grads": FLOAT_BYTES * self.trainable,
            # slots of state plus the update's scratch vector
            "optimizer_state": FLOAT_BYTES * self.trainable * (self.optimizer_slots + 1),
            "input": inp,
            "activations": sum(r.activation_bytes for r in self.rows),
            "activation_grads": sum(r.activation_grad_bytes for r in self.rows),
        }
        m["training_total"] = sum(m.values())
        m["inference_total"] = m["params"] + m["input"] + m["activations"]
        return m

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(
            trainable=self.trainable,
            non_trainable=self.non_trainable,
            mult_adds=self.mult_adds,
            memory=self.memory,
        )
        return d

    def torchinfo_text(self) -> str:
        """A table in the style of torchinfo.summary."""
        line = "=" * 78
        out = [
            line,
            f"{'Layer (type)':<30}{'Output Shape':<22}{'Param #':>12}{'Mult-Adds':>14}",
            line,
        ]
        for r in self.rows:
            shape = f"[{self.batch_size}, {', '.join(map(str, r.output_shape))}]"
            name = f"{r.id} ({r.kind})"
            out.append(
                f"{name:<30}{shape:<22}{r.trainable + r.non_trainable:>12,}"
                f"{r.mult_adds * self.batch_size:>14,}"
            )
        m = self.memory
        out += [
            line,
            f"Total params: {self.total_params:,}",
            f"Trainable params: {self.trainable:,}",
            f"Non-trainable params: {self.non_trainable:,}",
            f"Total mult-adds: {self.mult_adds:,}",
            line,
            f"Input size: {human_bytes(m['input'])}",
            f"Forward/backward pass size: {human_bytes(m['activations'] + m['activation_grads'])}",
            f"Params size: {human_bytes(m['params'])}",
            f"Gradients + {self.optimizer} state: {human_bytes(m['grads'] + m['optimizer_state'])}",
            f"Estimated training total: {human_bytes(m['training_total'])}",
            f"Estimated inference total: {human_bytes(m['inference_total'])}",
            line,
        ]
        return "\n".join(out)

    def keras_text(self) -> str:
        """A table in the style of Keras model.summary()."""
        line, thin = "=" * 65, "_" * 65
        out = [thin, f"{'Layer (type)':<29}{'Output Shape':<22}{'Param #':>14}", line]
        for i, r in enumerate(self.rows):
            shape = f"(None, {', '.join(map(str, r.output_shape))})"
            out.append(
                f"{r.id + ' (' + r.kind + ')':<29}{shape:<22}{r.trainable + r.non_trainable:>14,}"
            )
            out.append(line if i == len(self.rows) - 1 else thin)
        out += [
            f"Total params: {self.total_params:,}",
            f"Trainable params: {self.trainable:,}",
            f"Non-trainable params: {self.non_trainable:,}",
            thin,
        ]
        return "\n".join(out)


def _prod(shape: tuple[int, ...]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def summarize(spec: NetworkSpec, batch_size: int | None = None) -> Summary:
    """Measure ``spec`` for ``batch_size`` (default: the spec's); raises SpecError if invalid."""
    inf = infer(spec)
    inf.raise_if_invalid()
    batch = batch_size or spec.batch_size
    offsets = {
        f"{la.id}.{w.name}": 0 for la in inf.layers for w in la.weights(inf.in_shapes[la.id])
    }
    plan = plan_program(inf.layers, tuple(spec.input_shape), offsets, batch)
    rows = []
    for la in inf.layers:
        ws = la.weights(inf.in_shapes[la.id])
        a, da = plan.layer_floats[la.id]
        rows.append(
            LayerRow(
                la.id,
                la.kind,
                inf.out_shapes[la.id],
                sum(w.size for w in ws if w.trainable),
                sum(w.size for w in ws if not w.trainable),
                la.mult_adds(inf.in_shapes[la.id], inf.out_shapes[la.id]),
                FLOAT_BYTES * a,
                FLOAT_BYTES * da,
                la.param_formula(inf.in_shapes[la.id]),
            )
        )
    opt = parse_optimizer(spec.optimizer)
    return Summary(tuple(spec.input_shape), batch, opt.kind, tuple(rows), opt.state_slots)


__all__ = ["LayerRow", "Summary", "fmt_shape", "summarize"]
