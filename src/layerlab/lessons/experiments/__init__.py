"""The lessons' experiments: functions that run headless (numpy and the engine) and return the
numbers a lesson claims and the figure it shows.

An experiment module registers its functions with :func:`experiment`; a lesson file names them
(``experiment = "perceptron.learn_gate"``) with parameters. :data:`EXPERIMENTS` holds them all
once :func:`load_all` has imported every module of this package.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from layerlab.lessons.figure import Figure


@dataclass
class Result:
    """``values``: named numbers, booleans or short strings (what claims test); ``figure``: what
    the lesson view draws (None for a claim-only run)."""

    values: dict[str, Any]
    figure: Figure | None = None


@dataclass(frozen=True)
class Slider:
    """A parameter the learner moves in the lesson view; the experiment reruns on release."""

    name: str
    label: str
    minimum: float
    maximum: float
    step: float
    default: float
    log: bool = False


@dataclass(frozen=True)
class Experiment:
    name: str
    fn: Callable[..., Result]
    doc: str
    sliders: tuple[Slider, ...] = field(default_factory=tuple)

    def run(self, **params: Any) -> Result:
        return self.fn(**params)


EXPERIMENTS: dict[str, Experiment] = {}


def experiment(name: str, sliders: tuple[Slider, ...] = ()) -> Callable:
    """Register ``fn(**params) -> Result`` as experiment ``name`` ("topic.what")."""

    def register(fn: Callable[..., Result]) -> Callable[..., Result]:
        if name in EXPERIMENTS:
            raise ValueError(f"experiment {name!r} is registered twice")
        EXPERIMENTS[name] = Experiment(name, fn, (fn.__doc__ or "").strip(), tuple(sliders))
        return fn

    return register


def load_all() -> dict[str, Experiment]:
    """Import every experiment module once; returns the registry."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return EXPERIMENTS


def get(name: str) -> Experiment:
    load_all()
    try:
        return EXPERIMENTS[name]
    except KeyError:
        known = ", ".join(sorted(EXPERIMENTS))
        raise KeyError(f"no experiment named {name!r}; known: {known}") from None
