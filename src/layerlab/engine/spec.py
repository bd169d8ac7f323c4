"""NetworkSpec and LayerSpec: a network as data, with a JSON round trip."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from layerlab.engine.errors import Problem, SpecError

FORMAT = "layerlab-network"
VERSION = 1
_TOP_KEYS = {
    "format",
    "version",
    "name",
    "input",
    "layers",
    "loss",
    "optimizer",
    "init",
    "seed",
    "batch_size",
    "dataset",
}
_LAYER_KEYS = {"id", "kind", "inputs"}


@dataclass(frozen=True)
class LayerSpec:
    """One layer: a unique id, a kind from the registry, its hyper-parameters as written."""

    id: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    inputs: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "kind": self.kind, **self.params}
        if self.inputs:
            d["inputs"] = list(self.inputs)
        return d


@dataclass(frozen=True)
class NetworkSpec:
    """Input shape, layers in order, loss, optimizer (with regularisation), init, seed, batch,
    and optionally the name of the data set it was made for."""

    input_shape: tuple[int, ...]
    layers: tuple[LayerSpec, ...]
    loss: str = "softmax_cross_entropy"
    optimizer: dict[str, Any] = field(default_factory=lambda: {"kind": "sgd", "lr": 0.01})
    init: str = "glorot_uniform"
    seed: int = 0
    batch_size: int = 32
    name: str = "network"
    dataset: str = ""  # the data set it was made for (the app selects it; the engine ignores it)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "input": {"shape": list(self.input_shape)},
            "layers": [layer.to_dict() for layer in self.layers],
            "loss": self.loss,
            "optimizer": dict(self.optimizer),
            "init": self.init,
            "seed": self.seed,
            "batch_size": self.batch_size,
        }
        if self.dataset:
            d["dataset"] = self.dataset
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    @classmethod
    def from_json(cls, text: str) -> NetworkSpec:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise SpecError(
                Problem(
                    None,
                    "bad_json",
                    f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}",
                )
            ) from None
        return cls.from_dict(data)

    @classmethod
    def load(cls, path: str | Path) -> NetworkSpec:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise SpecError(Problem(None, "unreadable", f"cannot read {path}: {e}")) from None
        return cls.from_json(text)

    @classmethod
    def from_dict(cls, data: Any) -> NetworkSpec:
        """Build from parsed JSON; structural problems raise SpecError (parameters are checked
        later, with shapes, by ``layerlab.engine.shapes.infer``)."""
        problems: list[Problem] = []
        if not isinstance(data, dict):
            raise SpecError(Problem(None, "not_object", "a network spec must be a JSON object"))
        for key in sorted(set(data) - _TOP_KEYS):
            problems.append(
                Problem(None, "unknown_key", f"unknown key {key!r} in the network spec")
            )
        if data.get("format", FORMAT) != FORMAT:
            problems.append(Problem(None, "format", f"not a {FORMAT} file: {data.get('format')!r}"))
        if data.get("version", VERSION) != VERSION:
            problems.append(
                Problem(None, "version", f"unsupported version {data.get('version')!r}")
            )
        input_shape = _input_shape(data.get("input"), problems)
        layers = _layers(data.get("layers"), problems)
        extras = _scalars(data, problems)
        if problems:
            raise SpecError(problems)
        return cls(input_shape=input_shape, layers=layers, **extras)


def _input_shape(value: Any, problems: list[Problem]) -> tuple[int, ...]:
    shape = value.get("shape") if isinstance(value, dict) else value
    ok = (
        isinstance(shape, list)
        and shape
        and all(isinstance(d, int) and not isinstance(d, bool) and d >= 1 for d in shape)
    )
    if not ok:
        problems.append(
            Problem(None, "input_shape", "'input' must be {\"shape\": [sizes >= 1]}, e.g. [784]")
        )
        return (1,)
    return tuple(shape)


def _layers(value: Any, problems: list[Problem]) -> tuple[LayerSpec, ...]:
    if not isinstance(value, list):
        problems.append(Problem(None, "layers", "'layers' must be a list of layer objects"))
        return ()
    out = []
    for i, item in enumerate(value):
        where = f"layer #{i + 1}"
        if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
            problems.append(Problem(None, "layer", f"{where} must be an object with a 'kind'"))
            continue
        lid = item.get("id", f"{item['kind'].lower()}{i + 1}")
        if not isinstance(lid, str) or not lid:
            problems.append(Problem(None, "layer_id", f"{where}: 'id' must be a non-empty string"))
            continue
        inputs = item.get("inputs", [])
        if isinstance(inputs, str):
            inputs = [inputs]
        if not isinstance(inputs, list) or not all(isinstance(s, str) for s in inputs):
            problems.append(Problem(lid, "inputs", f"layer '{lid}': 'inputs' must list layer ids"))
            inputs = []
        params = {k: v for k, v in item.items() if k not in _LAYER_KEYS}
        out.append(LayerSpec(lid, item["kind"], params, tuple(inputs)))
    return tuple(out)


def _scalars(data: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    checks = {
        "name": (str, "a string"),
        "loss": (str, "a loss name"),
        "init": (str, "an initialiser name"),
        "seed": (int, "a whole number"),
        "batch_size": (int, "a whole number >= 1"),
        "optimizer": (dict, 'an object like {"kind": "adam", "lr": 0.001}'),
        "dataset": (str, 'a data set name like "mnist5k" or "spiral"'),
    }
    for key, (typ, what) in checks.items():
        if key not in data:
            continue
        v = data[key]
        if not isinstance(v, typ) or isinstance(v, bool) or (key == "batch_size" and v < 1):
            problems.append(Problem(None, key, f"'{key}' must be {what}, got {v!r}"))
        else:
            out[key] = v
    return out
