"""Plans a network's program: tensors, caches and ops per layer, for a given batch size."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from layerlab.engine.layers import Layer
from layerlab.engine.layers.activation import ActivationLayer
from layerlab.engine.program_builder import ProgramBuilder, Tensor


@dataclass
class Plan:
    """The laid-out program and what each layer allocated (floats per arena)."""

    builder: ProgramBuilder
    input_tensor: Tensor
    outputs: dict[str, Tensor] = field(default_factory=dict)
    layer_floats: dict[str, tuple[int, int]] = field(default_factory=dict)  # (A, dA)


def plan_program(
    layers: list[Layer],
    input_shape: tuple[int, ...],
    weight_offsets: dict[str, int],
    batch: int,
    input_grad: bool = False,
) -> Plan:
    """Lay out every layer's tensors and ops; ``weight_offsets`` maps 'layer.weight' to P."""
    b = ProgramBuilder(batch)
    x = b.tensor(input_shape, grad=input_grad)
    plan = Plan(b, x)
    for layer in layers:
        a0, d0 = b.a_size, b.da_size
        # A loss fused with a final softmax/sigmoid writes its gradient into that op's dx slot.
        if layer.needs_dx_slot or (layer is layers[-1] and isinstance(layer, ActivationLayer)):
            x = b.with_grad(x)
            if x.offset == plan.input_tensor.offset:  # keep the input's own shape (Reshape)
                plan.input_tensor = replace(plan.input_tensor, grad=x.grad)
        prefix = layer.id + "."
        w = {n[len(prefix) :]: off for n, off in weight_offsets.items() if n.startswith(prefix)}
        x = layer.emit(b, x, w)
        plan.outputs[layer.id] = x
        plan.layer_floats[layer.id] = (b.a_size - a0, b.da_size - d0)
    if layers:
        last = layers[-1].id
        plan.outputs[last] = b.with_grad(x)
    return plan
