"""Checking a lesson's claims against its experiments' numbers (headless)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from layerlab.lessons.experiments import Result, get
from layerlab.lessons.format import Claim, Lesson


@dataclass(frozen=True)
class ClaimCheck:
    claim: Claim
    failures: tuple[str, ...]  # empty when the claim holds
    values: dict[str, Any]

    @property
    def ok(self) -> bool:
        return not self.failures


def check_value(name: str, value: Any, cond: Any) -> str | None:
    """None when ``value`` meets ``cond`` (a literal, or {eq/lt/le/gt/ge/approx(+tol|rel)}),
    else a message saying what was expected and what came."""
    if not isinstance(cond, dict):
        cond = {"eq": cond}
    for op, want in cond.items():
        if op in ("tol", "rel"):
            continue
        if op == "approx":
            tol = cond.get("tol", 0.0) + cond.get("rel", 0.0) * abs(want)
            ok = (
                isinstance(value, int | float) and math.isfinite(value) and abs(value - want) <= tol
            )
            if not ok:
                return f"{name} = {value!r}, expected {want!r} ± {tol:g}"
            continue
        if op == "eq":
            ok = value == want
        else:
            try:
                ok = {
                    "lt": value < want,
                    "le": value <= want,
                    "gt": value > want,
                    "ge": value >= want,
                }[op]
            except TypeError:
                ok = False
            ok = bool(ok) and not (isinstance(value, float) and math.isnan(value))
        if not ok:
            return f"{name} = {value!r}, expected {op} {want!r}"
    return None


def check_claim(claim: Claim, result: Result | None = None) -> ClaimCheck:
    """Run the claim's experiment (unless ``result`` is given) and test every expected value."""
    if result is None:
        result = get(claim.experiment).run(**claim.params)
    failures = []
    for name, cond in claim.expect.items():
        if name not in result.values:
            failures.append(f"{name} is not among the experiment's values {sorted(result.values)}")
            continue
        msg = check_value(name, result.values[name], cond)
        if msg:
            failures.append(msg)
    return ClaimCheck(claim, tuple(failures), dict(result.values))


def check_lesson(lesson: Lesson) -> list[ClaimCheck]:
    """Every claim of a lesson; runs identical (experiment, params) once."""
    cache: dict[str, Result] = {}
    out = []
    for claim in lesson.claims:
        key = f"{claim.experiment}:{sorted(claim.params.items())!r}"
        if key not in cache:
            cache[key] = get(claim.experiment).run(**claim.params)
        out.append(check_claim(claim, cache[key]))
    return out
