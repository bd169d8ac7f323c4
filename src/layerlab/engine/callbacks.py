"""Training callbacks: early stopping with best-weights restore, and target stops."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from layerlab.engine.trainer import Trainer


class Callback(Protocol):
    def on_epoch_end(self, trainer: Trainer, metrics: dict[str, float]) -> bool:
        """Return True to stop training."""
        ...


class EarlyStopping:
    """Stop when ``monitor`` has not improved by ``min_delta`` for ``patience`` epochs."""

    def __init__(
        self,
        monitor: str = "val_loss",
        patience: int = 5,
        min_delta: float = 0.0,
        restore_best: bool = True,
    ) -> None:
        self.monitor, self.patience, self.min_delta = monitor, patience, min_delta
        self.restore_best = restore_best
        self.best = np.inf
        self.best_epoch = -1
        self.best_state: dict[str, np.ndarray] | None = None
        self._wait = 0

    def _value(self, metrics: dict[str, float]) -> float:
        value = metrics.get(self.monitor, metrics.get("loss", np.inf))
        return -value if "acc" in self.monitor else value

    def on_epoch_end(self, trainer: Trainer, metrics: dict[str, float]) -> bool:
        value = self._value(metrics)
        if value < self.best - self.min_delta:
            self.best, self.best_epoch, self._wait = value, metrics["epoch"], 0
            if self.restore_best:
                self.best_state = trainer.net.state_dict()
            return False
        self._wait += 1
        if self._wait < self.patience:
            return False
        if self.restore_best and self.best_state is not None:
            trainer.net.load_state_dict(self.best_state)
        trainer.stop_reason = (
            f"early stopping: {self.monitor} has not improved for {self.patience} epochs; "
            f"best at epoch {self.best_epoch:g}"
            + (" (its weights restored)" if self.restore_best else "")
        )
        return True


class TargetStop:
    """Stop once the training (or validation) loss or accuracy reaches a target."""

    def __init__(
        self, loss: float | None = None, accuracy: float | None = None, use_validation: bool = False
    ) -> None:
        self.loss, self.accuracy = loss, accuracy
        self.prefix = "val_" if use_validation else ""

    def on_epoch_end(self, trainer: Trainer, metrics: dict[str, float]) -> bool:
        loss = metrics.get(self.prefix + "loss", np.inf)
        acc = metrics.get(self.prefix + "accuracy", 0.0)
        if self.loss is not None and loss <= self.loss:
            trainer.stop_reason = f"target reached: {self.prefix}loss {loss:.4g} <= {self.loss:g}"
            return True
        if self.accuracy is not None and acc >= self.accuracy:
            trainer.stop_reason = (
                f"target reached: {self.prefix}accuracy {acc:.4f} >= {self.accuracy:g}"
            )
            return True
        return False
