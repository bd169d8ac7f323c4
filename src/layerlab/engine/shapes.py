"""Validation and shape inference over a NetworkSpec; allocates nothing."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from layerlab.engine.errors import LayerShapeError, Problem, SpecError
from layerlab.engine.initializers import parse_initializer
from layerlab.engine.layers import LAYERS, Layer
from layerlab.engine.layers.base import Shape, fmt_shape
from layerlab.engine.losses import loss_info
from layerlab.engine.optimizers import parse_optimizer
from layerlab.engine.params import coerce
from layerlab.engine.spec import LayerSpec, NetworkSpec

INPUT_ID = "input"


@dataclass
class Inference:
    """Layers in execution order with their shapes, and every problem found."""

    layers: list[Layer] = field(default_factory=list)
    in_shapes: dict[str, Shape] = field(default_factory=dict)
    out_shapes: dict[str, Shape] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def output_shape(self) -> Shape | None:
        return self.out_shapes[self.layers[-1].id] if self.layers and self.ok else None

    def raise_if_invalid(self) -> None:
        if self.problems:
            raise SpecError(self.problems)


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def make_layer(ls: LayerSpec, problems: list[Problem]) -> Layer | None:
    """Instantiate a layer with coerced parameters, recording any problem."""
    cls = LAYERS.get(ls.kind)
    if cls is None:
        msg = f"layer '{ls.id}': unknown kind {ls.kind!r}{_suggest(ls.kind, list(LAYERS))}"
        problems.append(Problem(ls.id, "unknown_kind", msg))
        return None
    names = [p.name for p in cls.PARAMS]
    params, ok = {}, True
    for key in ls.params:
        if key not in names:
            hint = _suggest(key, names) or f"; {ls.kind} takes {', '.join(names) or 'none'}"
            msg = f"{ls.kind} '{ls.id}': unknown parameter {key!r}{hint}"
            problems.append(Problem(ls.id, "unknown_param", msg))
            ok = False
    for p in cls.PARAMS:
        try:
            params[p.name] = coerce(p, ls.params.get(p.name, p.default))
            if p.type == "init" and params[p.name] != "default":
                parse_initializer(params[p.name])
        except ValueError as e:
            problems.append(Problem(ls.id, "bad_param", f"{ls.kind} '{ls.id}': {e}"))
            ok = False
    return cls(ls.id, params) if ok else None


def chain_order(spec: NetworkSpec, problems: list[Problem]) -> list[LayerSpec]:
    """The layers as one chain from the input, following ``inputs`` when any layer sets it."""
    ids = [ls.id for ls in spec.layers]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem(dup, "duplicate_id", f"two layers are called '{dup}': rename one"))
    if INPUT_ID in ids:
        problems.append(
            Problem(INPUT_ID, "reserved_id", "'input' is reserved for the network input")
        )
    if not any(ls.inputs for ls in spec.layers):
        return list(spec.layers)
    by_id = {ls.id: ls for ls in spec.layers}
    consumers: dict[str, list[str]] = {}
    source: dict[str, str] = {}
    prev = INPUT_ID
    for ls in spec.layers:
        srcs = ls.inputs or (prev,)
        prev = ls.id
        source[ls.id] = srcs[0]
        if len(srcs) > 1:
            problems.append(
                Problem(
                    ls.id,
                    "merge",
                    f"layer '{ls.id}' has {len(srcs)} inputs: "
                    "merging branches is not supported yet",
                )
            )
        for s in srcs:
            if s == "":  # the builder's mark for a layer with no incoming edge
                msg = f"layer '{ls.id}' is not connected: draw an edge into it"
                problems.append(Problem(ls.id, "disconnected", msg))
                continue
            if s != INPUT_ID and s not in by_id:
                problems.append(
                    Problem(
                        ls.id,
                        "missing_input",
                        f"layer '{ls.id}' reads from '{s}', which does not exist",
                    )
                )
            consumers.setdefault(s, []).append(ls.id)
    for src, outs in consumers.items():
        if len(outs) > 1:
            problems.append(
                Problem(
                    src,
                    "branch",
                    f"'{src}' feeds {len(outs)} layers "
                    f"({', '.join(outs)}): branching is not supported yet",
                )
            )
    order, seen, cur = [], set(), INPUT_ID
    while consumers.get(cur) and consumers[cur][0] not in seen:
        cur = consumers[cur][0]
        seen.add(cur)
        order.append(by_id[cur])
    if consumers.get(cur) and consumers[cur][0] in seen:
        problems.append(Problem(cur, "cycle", f"layers form a cycle through '{cur}'"))
    for ls in spec.layers:
        if ls.id not in seen and not any(p.layer_id == ls.id for p in problems):
            if _on_cycle(ls.id, source):
                problems.append(Problem(ls.id, "cycle", f"layers form a cycle through '{ls.id}'"))
                continue
            problems.append(
                Problem(ls.id, "disconnected", f"layer '{ls.id}' is not connected to the input")
            )
    return order


def _on_cycle(start: str, source: dict[str, str]) -> bool:
    """Whether following first inputs back from ``start`` comes round to it again."""
    cur = source.get(start)
    for _ in range(len(source)):
        if cur == start:
            return True
        if cur not in source:
            return False
        cur = source[cur]
    return False


def _network_problems(spec: NetworkSpec, inf: Inference) -> None:
    try:
        info = loss_info(spec.loss)
        out = inf.output_shape
        if out is not None and out[-1] < info.min_outputs:
            inf.problems.append(
                Problem(
                    inf.layers[-1].id,
                    "loss_outputs",
                    f"{info.name} needs at "
                    f"least {info.min_outputs} outputs but the last layer gives {fmt_shape(out)}: "
                    "use binary_cross_entropy for one output",
                )
            )
    except ValueError as e:
        inf.problems.append(Problem(None, "loss", str(e)))
    try:
        parse_optimizer(spec.optimizer)
    except ValueError as e:
        inf.problems.append(Problem(None, "optimizer", str(e)))
    try:
        parse_initializer(spec.init)
    except ValueError as e:
        inf.problems.append(Problem(None, "init", str(e)))


def infer(spec: NetworkSpec) -> Inference:
    """Check every layer's parameters, the graph, shapes, loss and optimizer."""
    inf = Inference()
    order = chain_order(spec, inf.problems)
    layers = [make_layer(ls, inf.problems) for ls in order]
    if not order:
        inf.problems.append(Problem(None, "empty", "the network has no layers: add one"))
    shape: Shape | None = tuple(spec.input_shape)
    for layer in layers:
        if layer is None:
            shape = None
            continue
        inf.layers.append(layer)
        if shape is None:
            continue
        try:
            out = layer.output_shape(shape)
        except LayerShapeError as e:
            inf.problems.append(Problem(layer.id, e.code, str(e)))
            shape = None
            continue
        if min(out) < 1:
            msg = f"{layer.kind} '{layer.id}': output {fmt_shape(out)} is empty"
            inf.problems.append(Problem(layer.id, "empty_output", msg))
            shape = None
            continue
        inf.in_shapes[layer.id], inf.out_shapes[layer.id] = shape, out
        shape = out
    if len(inf.layers) != len(layers):
        inf.layers = [la for la in layers if la is not None]
    _network_problems(spec, inf)
    return inf
