"""Errors that carry data: which layer, which problem code, and an English message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a spec. ``layer_id`` is None for network-level problems."""

    layer_id: str | None
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


class SpecError(ValueError):
    """A network spec that cannot be built; ``problems`` lists every issue found."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(p.message for p in self.problems))


class LayerShapeError(ValueError):
    """Raised by a layer whose input shape does not fit its parameters."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


class TrainingError(RuntimeError):
    """Training stopped: non-finite loss, or a network too large for memory."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)
