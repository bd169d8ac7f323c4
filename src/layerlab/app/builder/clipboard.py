"""Copy, paste and duplicate of selected layers (with the edges among them) as JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from layerlab.app.builder.commands import paste_nodes
from layerlab.app.builder.document import Node
from layerlab.engine.layers import LAYERS

if TYPE_CHECKING:
    from layerlab.app.builder.scene import BuilderScene

NODES_MIME = "application/x-layerlab-nodes"
STEP = 40.0  # each paste lands this much lower-right of the copied layers, until it is free


def selection_payload(scene: BuilderScene) -> dict[str, Any]:
    """{"nodes": [...], "edges": [...]} for the selected layers and the edges among them."""
    doc = scene.doc
    ids = scene.selected_node_ids()
    nodes = [
        {"id": n.id, "kind": n.kind, "params": n.params, "pos": list(n.pos)}
        for n in (doc.nodes[i] for i in ids)
    ]
    edges = [[s, d] for s, d in doc.edges if s in ids and d in ids]
    return {"nodes": nodes, "edges": edges}


def _parse(payload: Any) -> tuple[list[Node], list[tuple[str, str]]]:
    """Nodes and edges from a payload; anything malformed is skipped."""
    nodes: list[Node] = []
    if not isinstance(payload, dict):
        return [], []
    for raw in payload.get("nodes") or []:
        try:
            kind, pos = raw["kind"], raw.get("pos", (0.0, 0.0))
            node = Node(str(raw["id"]), kind, dict(raw.get("params") or {}), (pos[0], pos[1]))
        except (KeyError, TypeError, IndexError, ValueError, AttributeError):
            continue
        if kind in LAYERS:
            nodes.append(node)
    ids = {n.id for n in nodes}
    edges = [
        (e[0], e[1])
        for e in payload.get("edges") or []
        if isinstance(e, list | tuple) and len(e) == 2 and e[0] in ids and e[1] in ids
    ]
    return nodes, edges


def _free_offset(scene: BuilderScene, nodes: list[Node]) -> tuple[float, float]:
    """The first multiple of STEP at which no copy would sit exactly on an existing layer."""
    taken = {n.pos for n in scene.doc.nodes.values()}
    k = 1
    while any((n.pos[0] + k * STEP, n.pos[1] + k * STEP) in taken for n in nodes) and k < 100:
        k += 1
    return (k * STEP, k * STEP)


def paste_payload(scene: BuilderScene, payload: Any) -> list[str]:
    """Add copies of the payload's layers (fresh ids, shifted) as one undo step; select them."""
    nodes, edges = _parse(payload)
    if not nodes:
        return []
    cmd, ids = paste_nodes(scene.doc, nodes, edges, _free_offset(scene, nodes))
    scene.doc.undo_stack.push(cmd)
    new_ids = [ids[n.id] for n in nodes]
    scene.select_ids(new_ids)
    return new_ids


def copy_selection(scene: BuilderScene) -> bool:
    """Put the selected layers on the system clipboard; False when nothing is selected."""
    payload = selection_payload(scene)
    if not payload["nodes"]:
        return False
    text = json.dumps(payload, indent=1)
    mime = QMimeData()
    mime.setData(NODES_MIME, text.encode())
    mime.setText(text)
    QGuiApplication.clipboard().setMimeData(mime)
    return True


def paste(scene: BuilderScene) -> list[str]:
    """Paste layers from the clipboard (our mime type, or the same JSON as text)."""
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None:
        return []
    if mime.hasFormat(NODES_MIME):
        text = bytes(mime.data(NODES_MIME).data()).decode()
    elif mime.hasText():
        text = mime.text()
    else:
        return []
    try:
        payload = json.loads(text)
    except ValueError:
        return []
    return paste_payload(scene, payload)


def duplicate_selection(scene: BuilderScene) -> list[str]:
    """Ctrl+D: copy and paste the selection without touching the clipboard."""
    return paste_payload(scene, json.loads(json.dumps(selection_payload(scene))))
