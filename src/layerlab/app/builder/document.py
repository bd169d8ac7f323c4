"""GraphDocument: the network being built (nodes, edges, settings); the one model views follow."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from layerlab.engine.errors import Problem
from layerlab.engine.layers import LAYERS
from layerlab.engine.shapes import INPUT_ID, Inference, infer
from layerlab.engine.spec import LayerSpec, NetworkSpec

SETTINGS_DEFAULTS: dict[str, Any] = {
    "input_shape": (784,),
    "loss": "softmax_cross_entropy",
    "optimizer": {"kind": "sgd", "lr": 0.01},
    "init": "glorot_uniform",
    "seed": 0,
    "batch_size": 32,
    "name": "network",
}


@dataclass
class Node:
    """A layer on the canvas: id, kind, hyper-parameters as written, and position."""

    id: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    pos: tuple[float, float] = (0.0, 0.0)


class GraphDocument(QObject):
    """Nodes, edges and network settings. Only QUndoCommands call the mutators."""

    node_added = Signal(str)
    node_removed = Signal(str)
    node_changed = Signal(str)
    node_moved = Signal(str)
    edge_added = Signal(str, str)
    edge_removed = Signal(str, str)
    settings_changed = Signal()
    validated = Signal()  # after every edit, once the spec has been re-checked

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.nodes: dict[str, Node] = {}
        self.edges: list[tuple[str, str]] = []
        self.settings: dict[str, Any] = copy.deepcopy(SETTINGS_DEFAULTS)
        self.input_pos: tuple[float, float] = (0.0, -120.0)
        self._inference: Inference | None = None

    # ---- queries --------------------------------------------------------------------------------
    def param(self, node_id: str, key: str) -> Any:
        """The value as written, or the kind's default."""
        node = self.nodes[node_id]
        if key in node.params:
            return node.params[key]
        for p in LAYERS[node.kind].PARAMS if node.kind in LAYERS else ():
            if p.name == key:
                return p.default
        return None

    def new_id(self, kind: str) -> str:
        """An unused id like 'dense3'."""
        base = kind.lower()
        i = 1
        while f"{base}{i}" in self.nodes or f"{base}{i}" == INPUT_ID:
            i += 1
        return f"{base}{i}"

    def incoming(self, node_id: str) -> list[str]:
        return [s for s, d in self.edges if d == node_id]

    def outgoing(self, node_id: str) -> list[str]:
        return [d for s, d in self.edges if s == node_id]

    def chain(self) -> list[str]:
        """Node ids reachable from the input by following single edges, in order."""
        order, cur, seen = [], INPUT_ID, set()
        while True:
            outs = self.outgoing(cur)
            if not outs or outs[0] in seen:
                return order
            cur = outs[0]
            seen.add(cur)
            order.append(cur)

    def to_spec(self) -> NetworkSpec:
        """The network the engine builds: every node, in chain order first, with its inputs."""
        order = self.chain()
        rest = [i for i in self.nodes if i not in order]
        layers = []
        for nid in order + rest:
            node = self.nodes[nid]
            inputs = tuple(self.incoming(nid)) or ("",)  # '' = not connected
            layers.append(LayerSpec(nid, node.kind, dict(node.params), inputs))
        s = self.settings
        return NetworkSpec(
            input_shape=tuple(s["input_shape"]),
            layers=tuple(layers),
            loss=s["loss"],
            optimizer=dict(s["optimizer"]),
            init=s["init"],
            seed=s["seed"],
            batch_size=s["batch_size"],
            name=s["name"],
        )

    def inference(self) -> Inference:
        """Shapes and problems of the current graph (cached until the next edit)."""
        if self._inference is None:
            self._inference = infer(self.to_spec())
        return self._inference

    def problems_by_node(self) -> dict[str | None, list[Problem]]:
        out: dict[str | None, list[Problem]] = {}
        for p in self.inference().problems:
            out.setdefault(p.layer_id, []).append(p)
        return out

    def edge_shape(self, src: str) -> tuple[int, ...] | None:
        """The tensor shape flowing out of ``src`` (None when unknown)."""
        if src == INPUT_ID:
            return tuple(self.settings["input_shape"])
        return self.inference().out_shapes.get(src)

    # ---- mutators (commands only) ---------------------------------------------------------------
    def _edited(self) -> None:
        self._inference = None
        self.validated.emit()

    def add_node(self, node: Node) -> None:
        self.nodes[node.id] = node
        self.node_added.emit(node.id)
        self._edited()

    def remove_node(self, node_id: str) -> Node:
        for s, d in [e for e in self.edges if node_id in e]:
            self.remove_edge(s, d)
        node = self.nodes.pop(node_id)
        self.node_removed.emit(node_id)
        self._edited()
        return node

    def set_param(self, node_id: str, key: str, value: Any) -> None:
        if value is None:
            self.nodes[node_id].params.pop(key, None)
        else:
            self.nodes[node_id].params[key] = value
        self.node_changed.emit(node_id)
        self._edited()

    def set_pos(self, node_id: str, pos: tuple[float, float]) -> None:
        if node_id == INPUT_ID:
            self.input_pos = pos
        else:
            self.nodes[node_id].pos = pos
        self.node_moved.emit(node_id)

    def add_edge(self, src: str, dst: str, index: int | None = None) -> None:
        if (src, dst) in self.edges:
            return
        self.edges.insert(len(self.edges) if index is None else index, (src, dst))
        self.edge_added.emit(src, dst)
        self._edited()

    def remove_edge(self, src: str, dst: str) -> int:
        index = self.edges.index((src, dst))
        del self.edges[index]
        self.edge_removed.emit(src, dst)
        self._edited()
        return index

    def rename_node(self, old: str, new: str) -> None:
        """Give node ``old`` the id ``new``, keeping its place, edges and their order."""
        edges = [(i, e) for i, e in enumerate(self.edges) if old in e]
        order = list(self.nodes)
        node = self.remove_node(old)
        node.id = new
        rest = self.nodes  # keep the node's place in the order
        self.nodes = {(new if n == old else n): (node if n == old else rest[n]) for n in order}
        self.node_added.emit(new)
        for i, (s, d) in edges:
            self.add_edge(new if s == old else s, new if d == old else d, i)
        self._edited()

    def set_setting(self, key: str, value: Any) -> None:
        self.settings[key] = copy.deepcopy(value)
        self.settings_changed.emit()
        self._edited()

    # ---- whole-document loads (not undoable: they clear the stack) ------------------------------
    def clear(self) -> None:
        for nid in list(self.nodes):
            self.remove_node(nid)
        self.settings = copy.deepcopy(SETTINGS_DEFAULTS)
        self.settings_changed.emit()
        self.undo_stack.clear()
        self._edited()

    def load_spec(
        self,
        spec: NetworkSpec,
        positions: dict[str, tuple[float, float]] | None = None,
        spacing: float = 90.0,
    ) -> None:
        """Replace everything with ``spec``: nodes in a column unless positions are given."""
        self.clear()
        self.settings.update(
            input_shape=tuple(spec.input_shape),
            loss=spec.loss,
            optimizer=dict(spec.optimizer),
            init=spec.init,
            seed=spec.seed,
            batch_size=spec.batch_size,
            name=spec.name,
        )
        self.settings_changed.emit()
        prev = INPUT_ID
        for i, ls in enumerate(spec.layers):
            pos = (positions or {}).get(ls.id, (0.0, i * spacing))
            self.add_node(Node(ls.id, ls.kind, dict(ls.params), tuple(pos)))
            for src in ls.inputs or (prev,):
                if src:
                    self.add_edge(src, ls.id)
            prev = ls.id
        self.undo_stack.clear()

    def load_graph(
        self,
        spec: NetworkSpec,
        layout: dict[str, Any],
        extra_nodes: list[dict],
        edges: list[tuple[str, str]] | None,
    ) -> None:
        """Replace everything with a saved graph: the chain, loose nodes, exact edges."""
        positions = {k: tuple(v) for k, v in layout.items() if k != INPUT_ID}
        self.load_spec(spec, positions)
        if INPUT_ID in layout:
            self.set_pos(INPUT_ID, tuple(layout[INPUT_ID]))
        for n in extra_nodes:
            self.add_node(Node(n["id"], n["kind"], dict(n.get("params", {})), tuple(n["pos"])))
        if edges is not None:
            for e in list(self.edges):
                self.remove_edge(*e)
            for s, d in edges:
                if (s == INPUT_ID or s in self.nodes) and d in self.nodes:
                    self.add_edge(s, d)
        self.undo_stack.clear()

    def chain_spec(self) -> NetworkSpec:
        """The connected chain only, as a plain spec (what files and exports save)."""
        full = self.to_spec()
        chain = set(self.chain())
        layers = tuple(LayerSpec(ls.id, ls.kind, ls.params) for ls in full.layers if ls.id in chain)
        return NetworkSpec(
            full.input_shape,
            layers,
            full.loss,
            full.optimizer,
            full.init,
            full.seed,
            full.batch_size,
            full.name,
        )

    def layout(self) -> dict[str, list[float]]:
        out = {nid: list(n.pos) for nid, n in self.nodes.items()}
        out[INPUT_ID] = list(self.input_pos)
        return out

    def extra_nodes(self) -> list[dict]:
        chain = set(self.chain())
        return [
            {"id": n.id, "kind": n.kind, "params": dict(n.params), "pos": list(n.pos)}
            for n in self.nodes.values()
            if n.id not in chain
        ]
