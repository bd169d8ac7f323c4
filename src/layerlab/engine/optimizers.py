"""Optimizer settings: names, defaults (PyTorch's), validation, and the kernel's hyper vector."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from layerlab.engine import codes as k
from layerlab.engine.schedules import check_schedule

KINDS = {
    "sgd": k.SGD,
    "momentum": k.MOMENTUM,
    "nesterov": k.NESTEROV,
    "adagrad": k.ADAGRAD,
    "adadelta": k.ADADELTA,
    "rmsprop": k.RMSPROP,
    "adam": k.ADAM,
    "adamw": k.ADAMW,
}
_DEFAULTS: dict[str, dict[str, float]] = {
    "sgd": {"lr": 0.01},
    "momentum": {"lr": 0.01, "momentum": 0.9},
    "nesterov": {"lr": 0.01, "momentum": 0.9},
    "adagrad": {"lr": 0.01, "eps": 1e-10},
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6},
    "rmsprop": {"lr": 0.01, "rho": 0.99, "eps": 1e-8},
    "adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    "adamw": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01},
}
_COMMON = {"l2": 0.0, "l1": 0.0, "clip_norm": 0.0, "clip_value": 0.0}
_INDEX = {
    "momentum": k.H_MOMENTUM,
    "beta1": k.H_BETA1,
    "beta2": k.H_BETA2,
    "eps": k.H_EPS,
    "rho": k.H_RHO,
    "l2": k.H_L2,
    "l1": k.H_L1,
    "clip_norm": k.H_CLIP_NORM,
    "clip_value": k.H_CLIP_VALUE,
    "weight_decay": k.H_WEIGHT_DECAY,
}
STATE_SLOTS = {"sgd": 0, "momentum": 1, "nesterov": 1, "adagrad": 1, "rmsprop": 1}


def defaults(kind: str) -> dict[str, float]:
    """Every setting of optimizer ``kind`` with its default value."""
    return {**_DEFAULTS[kind], **_COMMON}


@dataclass(frozen=True)
class OptimizerConfig:
    """A validated optimizer: kind, settings, and an optional learning-rate schedule."""

    kind: str
    settings: dict[str, float]
    schedule: dict[str, Any] = field(default_factory=dict)

    @property
    def lr(self) -> float:
        return self.settings["lr"]

    @property
    def code(self) -> int:
        return KINDS[self.kind]

    @property
    def state_slots(self) -> int:
        return STATE_SLOTS.get(self.kind, 2)

    def hyper(self) -> np.ndarray:
        """The float64 vector the update kernel reads."""
        h = np.zeros(k.N_HYPER, np.float64)
        for name, value in self.settings.items():
            if name in _INDEX:
                h[_INDEX[name]] = value
        return h

    def with_settings(self, **changes: float) -> OptimizerConfig:
        return parse_optimizer(
            {"kind": self.kind, **self.settings, **changes, "schedule": self.schedule}
        )


def parse_optimizer(d: dict[str, Any]) -> OptimizerConfig:
    """Validate an optimizer object; raise ValueError naming the bad setting and the fix."""
    kind = d.get("kind", "sgd")
    if kind not in KINDS:
        raise ValueError(f"unknown optimizer {kind!r}; choose one of {', '.join(KINDS)}")
    settings = defaults(kind)
    schedule = d.get("schedule") or {}
    if not isinstance(schedule, dict) or (msg := check_schedule(schedule)):
        raise ValueError(
            f"optimizer schedule: {msg if isinstance(schedule, dict) else 'must be an object'}"
        )
    for key, value in d.items():
        if key in ("kind", "schedule"):
            continue
        if key not in settings:
            raise ValueError(
                f"optimizer {kind!r} has no setting {key!r}; its settings are {', '.join(settings)}"
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"optimizer setting {key!r} must be a number >= 0, got {value!r}")
        settings[key] = float(value)
    if settings["lr"] <= 0:
        raise ValueError("the learning rate 'lr' must be greater than 0")
    for key in ("momentum", "beta1", "beta2", "rho"):
        if settings.get(key, 0.0) >= 1.0:
            raise ValueError(f"optimizer setting {key!r} must be below 1, got {settings[key]}")
    return OptimizerConfig(kind, settings, dict(schedule))
