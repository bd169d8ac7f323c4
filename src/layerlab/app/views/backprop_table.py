"""The side table of the backprop step-through: one stage's numbers, named as on the diagram."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QCoreApplication

from layerlab.engine.backprop_steps import BackpropTrace, Stage

DIGITS = 9  # as textbooks print them: Mazur's 0.298371109, 0.75136507


def tr(text: str) -> str:
    return QCoreApplication.translate("BackpropStepsView", text)


def num(value: float) -> str:
    return f"{value + 0.0:.{DIGITS}g}"  # + 0.0: no "-0" for a ReLU's zero gradient


@dataclass(frozen=True)
class Row:
    """One line of the table: what, its value, how it was computed."""

    quantity: str
    value: float
    how: str = ""


def stage_rows(t: BackpropTrace, stage: Stage) -> list[Row]:
    """The numbers of one stage, named as on the diagram."""
    if stage.kind == "input":
        rows = [Row(n, v, tr("input")) for n, v in zip(t.names.inputs, t.x, strict=True)]
        return rows + [
            Row(f"t[{n}]", v, tr("target"))
            for n, v in zip(t.names.units[-1], t.target, strict=True)
        ]
    if stage.kind == "loss":
        rows = [
            Row(f"a[{n}]", v, tr("output"))
            for n, v in zip(t.names.units[-1], t.output, strict=True)
        ]
        rows.append(Row("L", t.loss, t.loss_name))
        return rows + [
            Row(f"∂L/∂a[{n}]", v, "") for n, v in zip(t.names.units[-1], t.d_output, strict=True)
        ]
    if stage.kind == "update":
        return _update_rows(t)
    layer, units = t.layers[stage.layer], t.names.units[stage.layer]
    if stage.kind == "forward":
        rows = []
        for j, n in enumerate(units):
            rows.append(Row(f"z[{n}]", layer.z[j], "Σ a·w + b"))
            rows.append(Row(f"a[{n}]", layer.a[j], f"{layer.activation}(z)"))
        return rows
    rows = [Row(f"δ[{n}]", layer.delta[j], "∂L/∂z") for j, n in enumerate(units)]
    if layer.has_bias:
        rows += [Row(f"∂L/∂b[{n}]", layer.delta[j], "= δ") for j, n in enumerate(units)]
    names = t.names.weights[stage.layer]
    rows += [
        Row(f"∂L/∂{names[i, j]}", layer.d_weight[i, j], "a_prev × δ")
        for i, j in np.ndindex(names.shape)
    ]
    prev = t.names.inputs if stage.layer == 0 else t.names.units[stage.layer - 1]
    return rows + [Row(f"∂L/∂a[{n}]", layer.d_input[i], "Σ w × δ") for i, n in enumerate(prev)]


def _update_rows(t: BackpropTrace) -> list[Row]:
    rows = []
    for c, layer in enumerate(t.layers):
        names = t.names.weights[c]
        for i, j in np.ndindex(names.shape):
            how = f"{num(layer.weight[i, j])} - {t.lr:g} × {num(layer.d_weight[i, j])}"
            rows.append(Row(str(names[i, j]), layer.new_weight[i, j], how))
        if layer.has_bias:
            for j, n in enumerate(t.names.units[c]):
                how = f"{num(layer.bias[j])} - {t.lr:g} × {num(layer.delta[j])}"
                rows.append(Row(f"b[{n}]", layer.new_bias[j], how))
    return rows


def stage_title(t: BackpropTrace, stage: Stage) -> str:
    if stage.kind == "input":
        return tr("the sample")
    if stage.kind == "loss":
        return tr("the loss")
    if stage.kind == "update":
        return tr("one SGD step, learning rate %s") % f"{t.lr:g}"
    name = t.layers[stage.layer].layer_id
    if stage.kind == "forward":
        return tr("forward through %s") % name
    return tr("backward through %s") % name
