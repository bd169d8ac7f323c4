"""Typed, validated hyper-parameters: one table per layer kind, read by builder and engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# Parameter types: "int", "float", "bool", "choice", "pair" (int or [h, w]), "padding" ('same',
# 'valid' or an int), "shape" (list of positive ints), "init" (initialiser name).


@dataclass(frozen=True)
class ParamDef:
    """Name, type, default, bounds and a one-line description of a hyper-parameter."""

    name: str
    type: str
    default: Any
    doc: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: Sequence[str] = field(default_factory=tuple)


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _check_bounds(p: ParamDef, v: float) -> str | None:
    if p.minimum is not None and v < p.minimum:
        return f"'{p.name}' must be at least {p.minimum:g}, got {v:g}"
    if p.maximum is not None and v > p.maximum:
        return f"'{p.name}' must be at most {p.maximum:g}, got {v:g}"
    return None


def _coerce_pair(p: ParamDef, value: Any) -> tuple[int, int]:
    items = [value, value] if _whole(value) is not None else value
    if not isinstance(items, list | tuple) or len(items) != 2:
        raise ValueError(f"'{p.name}' must be a whole number or a pair [height, width]")
    pair = tuple(_whole(v) for v in items)
    if None in pair:
        raise ValueError(f"'{p.name}' must be whole numbers, got {value!r}")
    for v in pair:
        if (msg := _check_bounds(p, v)) is not None:
            raise ValueError(msg)
    return pair  # type: ignore[return-value]


def coerce(p: ParamDef, value: Any) -> Any:
    """Return ``value`` converted to ``p``'s type, or raise ValueError with a clear message."""
    if p.type == "int":
        v = _whole(value)
        if v is None:
            raise ValueError(f"'{p.name}' must be a whole number, got {value!r}")
    elif p.type == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"'{p.name}' must be a number, got {value!r}")
        v = float(value)
        if v != v or v in (float("inf"), float("-inf")):
            raise ValueError(f"'{p.name}' must be a finite number, got {value!r}")
    elif p.type == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"'{p.name}' must be true or false, got {value!r}")
        return value
    elif p.type in ("choice", "init"):
        if not isinstance(value, str) or (p.choices and value.split(":")[0] not in p.choices):
            raise ValueError(f"'{p.name}' must be one of {', '.join(p.choices)}; got {value!r}")
        return value
    elif p.type == "pair":
        return _coerce_pair(p, value)
    elif p.type == "padding":
        if value in ("same", "valid"):
            return value
        v = _whole(value)
        if v is None or v < 0:
            raise ValueError(f"'{p.name}' must be 'same', 'valid' or a whole number >= 0")
        return v
    elif p.type == "shape":
        if not isinstance(value, list | tuple) or not value:
            raise ValueError(f"'{p.name}' must be a list of sizes like [28, 28, 1]")
        dims = tuple(_whole(v) for v in value)
        if None in dims or any(d < 1 for d in dims):  # type: ignore[operator]
            raise ValueError(f"'{p.name}' must hold whole numbers >= 1, got {value!r}")
        return dims
    else:  # pragma: no cover - a programming error in a layer's table
        raise AssertionError(p.type)
    if (msg := _check_bounds(p, v)) is not None:
        raise ValueError(msg)
    return v
