"""LayerLab: build, train and look inside neural networks.

The public API is imported lazily, so ``import layerlab.data`` does not load numba.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
_API = {
    "Dataset": "layerlab.data",
    "Splits": "layerlab.data",
    "load_dataset": "layerlab.data",
    "EarlyStopping": "layerlab.engine.callbacks",
    "TargetStop": "layerlab.engine.callbacks",
    "Problem": "layerlab.engine.errors",
    "SpecError": "layerlab.engine.errors",
    "TrainingError": "layerlab.engine.errors",
    "Network": "layerlab.engine.network",
    "LayerSpec": "layerlab.engine.spec",
    "NetworkSpec": "layerlab.engine.spec",
    "Summary": "layerlab.engine.summary",
    "summarize": "layerlab.engine.summary",
    "Trainer": "layerlab.engine.trainer",
}
__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'layerlab' has no attribute {name!r}")
