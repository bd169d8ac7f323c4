"""The bundled example networks (course presets): their list, and loading one."""

from __future__ import annotations

import json
from importlib import resources

from layerlab.app.builder.document import GraphDocument
from layerlab.engine.spec import NetworkSpec

DEFAULT_PRESET = "reference_bn.json"


def presets() -> list[tuple[str, str]]:
    """(file name, display name) of every bundled example network."""
    folder = resources.files("layerlab") / "resources" / "examples"
    out = []
    for p in sorted(folder.iterdir(), key=lambda p: p.name):
        if p.name.endswith(".json"):
            out.append((p.name, json.loads(p.read_text(encoding="utf-8")).get("name", p.name)))
    return out


def load_preset(doc: GraphDocument, file_name: str) -> NetworkSpec:
    path = resources.files("layerlab") / "resources" / "examples" / file_name
    spec = NetworkSpec.from_json(path.read_text(encoding="utf-8"))
    doc.load_spec(spec)
    return spec
