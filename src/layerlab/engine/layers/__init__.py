"""Registry of layer kinds: the palette, shape inference and the summary all read it."""

from __future__ import annotations

from layerlab.engine.layers.activation import ActivationLayer, PReLULayer, SoftmaxLayer
from layerlab.engine.layers.base import Layer
from layerlab.engine.layers.conv import Conv2DLayer
from layerlab.engine.layers.dense import DenseLayer
from layerlab.engine.layers.dropout import DropoutLayer
from layerlab.engine.layers.norm import BatchNormLayer, LayerNormLayer
from layerlab.engine.layers.pool import AvgPool2DLayer, MaxPool2DLayer
from layerlab.engine.layers.reshape import FlattenLayer, ReshapeLayer

LAYERS: dict[str, type[Layer]] = {
    cls.kind: cls
    for cls in (
        DenseLayer,
        Conv2DLayer,
        MaxPool2DLayer,
        AvgPool2DLayer,
        FlattenLayer,
        ReshapeLayer,
        DropoutLayer,
        BatchNormLayer,
        LayerNormLayer,
        ActivationLayer,
        SoftmaxLayer,
        PReLULayer,
    )
}

__all__ = ["LAYERS", "Layer"]
