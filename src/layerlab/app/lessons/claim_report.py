"""A lesson's claims checked against one run's values, as lines for the lesson figure view."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from layerlab.lessons.claims import check_value
from layerlab.lessons.format import Claim, Lesson


def tr(text: str) -> str:
    return QCoreApplication.translate("LessonFigure", text)


_SYMBOLS = {"eq": "=", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}


@dataclass(frozen=True)
class ClaimLine:
    ok: bool
    name: str
    text: str  # "first = 0.8808 (expected ≈ 0.881 ± 0.0005)"


def same_params(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal parameters; numbers compared as numbers (a slider's 2.0 equals a lesson's 2)."""
    if set(a) != set(b):
        return False
    for key, x in a.items():
        y = b[key]
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (x, y))
        if numbers and not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12):
            return False
        if not numbers and x != y:
            return False
    return True


def describe(cond: Any) -> str:
    """A condition as a reader sees it: '≈ 0.881 ± 0.0005', '< 0.1', '= true'."""
    if not isinstance(cond, dict):
        cond = {"eq": cond}
    parts = []
    for op, want in cond.items():
        if op in ("tol", "rel"):
            continue
        if op == "approx":
            tol = cond.get("tol", 0.0) + cond.get("rel", 0.0) * abs(want)
            parts.append(f"≈ {format_value(want)} ± {tol:g}")
        else:
            parts.append(f"{_SYMBOLS.get(op, op)} {format_value(want)}")
    return ", ".join(parts)


def format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def matching_claims(lesson: Lesson, experiment: str, params: dict[str, Any]) -> list[Claim]:
    """The claims that a run of ``experiment`` with ``params`` can check."""
    return [
        c for c in lesson.claims if c.experiment == experiment and same_params(c.params, params)
    ]


def claim_lines(
    lesson: Lesson, experiment: str, params: dict[str, Any], values: dict[str, Any]
) -> list[ClaimLine]:
    """One line per expected value of every claim this run can check."""
    lines = []
    for claim in matching_claims(lesson, experiment, params):
        for name, cond in claim.expect.items():
            if name not in values:
                lines.append(ClaimLine(False, name, tr("%s: not among the run's values") % name))
                continue
            ok = check_value(name, values[name], cond) is None
            shown = tr("%s = %s (expected %s)") % (name, format_value(values[name]), describe(cond))
            lines.append(ClaimLine(ok, name, shown))
    return lines
