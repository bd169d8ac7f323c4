"""BuilderScene: canvas items mirroring a GraphDocument; user edits become undo commands."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneMouseEvent

from layerlab.app.builder import commands as c
from layerlab.app.builder.commands import tr
from layerlab.app.builder.document import GraphDocument, Node
from layerlab.app.builder.items import BoxItem, EdgeItem, InputItem, NodeItem
from layerlab.engine.shapes import INPUT_ID

SPACING = 90.0  # vertical distance between consecutive layers placed automatically
Pos = tuple[float, float]


def _below(doc: GraphDocument, node_id: str) -> Pos:
    x, y = doc.input_pos if node_id == INPUT_ID else doc.nodes[node_id].pos
    return (x, y + SPACING)


def append_node(
    doc: GraphDocument, kind: str, params: dict[str, Any], pos: Pos | None = None
) -> str:
    """Push the addition of a layer after the chain's end (below it unless ``pos``); its id."""
    chain = doc.chain()
    last = chain[-1] if chain else INPUT_ID
    x, y = pos or _below(doc, last)
    node = Node(doc.new_id(kind), kind, dict(params), (float(x), float(y)))
    # A chain ending in a cycle has no free end: the node is then left unconnected.
    edges = () if doc.outgoing(last) else ((last, node.id),)
    doc.undo_stack.push(c.AddNodeCommand(doc, node, edges))
    return node.id


class BuilderScene(QGraphicsScene):
    """Follows the document's signals; pushes commands for moves and layer edits."""

    selection_changed_ids = Signal(list)  # selected layer ids (never 'input')

    def __init__(self, doc: GraphDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.setSceneRect(QRectF(-5000, -5000, 10000, 10000))
        self._boxes: dict[str, BoxItem] = {}
        self._edges: dict[tuple[str, str], EdgeItem] = {}
        self._press: dict[str, Pos] = {}
        self._add_box(InputItem(doc))
        for nid in doc.nodes:
            self._on_doc_node_added(nid)
        self._on_doc_validated()
        doc.node_added.connect(self._on_doc_node_added)
        doc.node_removed.connect(self._on_doc_node_removed)
        doc.node_moved.connect(self._on_doc_node_moved)
        doc.edge_added.connect(self._on_doc_edge_added)
        doc.edge_removed.connect(self._on_doc_edge_removed)
        doc.validated.connect(self._on_doc_validated)
        doc.settings_changed.connect(self._on_doc_validated)
        self.selectionChanged.connect(self._on_selection_changed)

    # ---- queries ----------------------------------------------------------------------------
    def node_item(self, node_id: str) -> BoxItem | None:
        """The box of a layer id, or of 'input'."""
        return self._boxes.get(node_id)

    def edge_item(self, src: str, dst: str) -> EdgeItem | None:
        return self._edges.get((src, dst))

    def edge_items(self) -> list[EdgeItem]:
        return list(self._edges.values())

    def selected_node_ids(self) -> list[str]:
        """Selected layer ids in document order (the input is not a layer)."""
        chosen = {i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        return [nid for nid in self.doc.nodes if nid in chosen]

    def selected_edges(self) -> list[tuple[str, str]]:
        return [i.key for i in self.selectedItems() if isinstance(i, EdgeItem)]

    def box_at(self, pos: QPointF) -> BoxItem | None:
        return next((i for i in self.items(pos) if isinstance(i, BoxItem)), None)

    def edge_at(self, pos: QPointF) -> EdgeItem | None:
        return next((i for i in self.items(pos) if isinstance(i, EdgeItem)), None)

    def select_ids(self, ids: list[str]) -> None:
        """Make exactly these layers selected."""
        self.clearSelection()
        for nid in ids:
            if (item := self._boxes.get(nid)) is not None:
                item.setSelected(True)

    # ---- following the document -------------------------------------------------------------
    def _add_box(self, item: BoxItem) -> None:
        self._boxes[item.node_id] = item
        pos = self.doc.input_pos if item.node_id == INPUT_ID else self.doc.nodes[item.node_id].pos
        item.setPos(*pos)
        item.moved.connect(self._on_item_moved)
        self.addItem(item)

    def _on_doc_node_added(self, node_id: str) -> None:
        self._add_box(NodeItem(self.doc, node_id))
        for src, dst in self.doc.edges:  # edges that named this node before it existed
            if node_id in (src, dst):
                self._on_doc_edge_added(src, dst)

    def _on_doc_node_removed(self, node_id: str) -> None:
        for key in [k for k in self._edges if node_id in k]:
            self._on_doc_edge_removed(*key)
        item = self._boxes.pop(node_id, None)
        if item is not None:
            item.moved.disconnect(self._on_item_moved)
            self.removeItem(item)

    def _on_doc_node_moved(self, node_id: str) -> None:
        item = self._boxes.get(node_id)
        if item is not None:
            pos = self.doc.input_pos if node_id == INPUT_ID else self.doc.nodes[node_id].pos
            item.setPos(*pos)

    def _on_doc_edge_added(self, src: str, dst: str) -> None:
        a, b = self._boxes.get(src), self._boxes.get(dst)
        if a is None or b is None or (src, dst) in self._edges:
            return
        edge = EdgeItem(self.doc, a, b)
        self._edges[(src, dst)] = edge
        self.addItem(edge)

    def _on_doc_edge_removed(self, src: str, dst: str) -> None:
        edge = self._edges.pop((src, dst), None)
        if edge is not None:
            self.removeItem(edge)

    def _on_doc_validated(self) -> None:
        self._on_doc_node_moved(INPUT_ID)  # load_graph sets input_pos without node_moved
        problems = self.doc.problems_by_node()
        for box in self._boxes.values():
            box.refresh(problems)
        for edge in self._edges.values():
            edge.refresh(problems)

    def _on_item_moved(self, node_id: str) -> None:
        for key, edge in self._edges.items():
            if node_id in key:
                edge.update_path()

    def _on_selection_changed(self) -> None:
        self.selection_changed_ids.emit(self.selected_node_ids())

    # ---- one move command per drag ----------------------------------------------------------
    def _selected_positions(self) -> dict[str, Pos]:
        boxes = [i for i in self.selectedItems() if isinstance(i, BoxItem)]
        return {b.node_id: (b.pos().x(), b.pos().y()) for b in boxes}

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = self._selected_positions()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or not self._press:
            return
        now = self._selected_positions()
        moves = {
            nid: (old, now[nid])
            for nid, old in self._press.items()
            if nid in now and now[nid] != old and (nid == INPUT_ID or nid in self.doc.nodes)
        }
        self._press = {}
        if moves:
            self.doc.undo_stack.push(c.MoveNodesCommand(self.doc, moves))

    # ---- layer edits (each one undo step) ---------------------------------------------------
    def _new_node(self, kind: str, params: dict[str, Any], pos: Pos) -> Node:
        return Node(self.doc.new_id(kind), kind, dict(params), (float(pos[0]), float(pos[1])))

    def _below(self, node_id: str) -> Pos:
        return _below(self.doc, node_id)

    def append_layer(self, kind: str, params: dict[str, Any], pos: Pos | None = None) -> str:
        """Add a layer after the end of the chain (at ``pos`` or below the last layer)."""
        node_id = append_node(self.doc, kind, params, pos)
        self.select_ids([node_id])
        return node_id

    def add_layer_after(
        self, anchor: str | None, kind: str, params: dict[str, Any], pos: Pos | None = None
    ) -> str:
        """Add a layer right after ``anchor`` (splitting its outgoing edge), else append it."""
        if anchor is None or (anchor != INPUT_ID and anchor not in self.doc.nodes):
            return self.append_layer(kind, params, pos)
        node = self._new_node(kind, params, pos or self._below(anchor))
        outs = self.doc.outgoing(anchor)
        stack = self.doc.undo_stack
        if not outs:
            stack.push(c.AddNodeCommand(self.doc, node, ((anchor, node.id),)))
        elif pos is not None:
            stack.push(c.insert_between(self.doc, node, anchor, outs[0]))
        else:  # placed automatically: make room by moving what follows down one step
            stack.beginMacro(tr("Insert %s") % kind)
            stack.push(self._shift_command(outs[0], SPACING))
            stack.push(c.insert_between(self.doc, node, anchor, outs[0]))
            stack.endMacro()
        self.select_ids([node.id])
        return node.id

    def add_layer_after_selection(self, kind: str, params: dict[str, Any]) -> str:
        """Quick add: after the (last) selected box, else at the end of the chain."""
        boxes = [i.node_id for i in self.selectedItems() if isinstance(i, BoxItem)]
        return self.add_layer_after(boxes[-1] if boxes else None, kind, params)

    def drop_layer(self, kind: str, params: dict[str, Any], pos: QPointF) -> str:
        """A palette drop: onto an edge inserts, onto a box adds after it, else appends."""
        at = (pos.x(), pos.y())
        if (edge := self.edge_at(pos)) is not None:
            node = self._new_node(kind, params, at)
            self.doc.undo_stack.push(c.insert_between(self.doc, node, *edge.key))
            self.select_ids([node.id])
            return node.id
        if (box := self.box_at(pos)) is not None:
            return self.add_layer_after(box.node_id, kind, params)
        return self.append_layer(kind, params, at)

    def _shift_command(self, first: str, dy: float) -> c.MoveNodesCommand:
        """Move ``first`` and the chain after it down by ``dy``."""
        moves, cur, seen = {}, first, set()
        while cur and cur not in seen and cur in self.doc.nodes:
            seen.add(cur)
            x, y = self.doc.nodes[cur].pos
            moves[cur] = ((x, y), (x, y + dy))
            outs = self.doc.outgoing(cur)
            cur = outs[0] if outs else ""
        return c.MoveNodesCommand(self.doc, moves)

    def connect_nodes(self, src: str, dst: str) -> bool:
        """Add the edge src -> dst unless it is a loop, a duplicate, or ends at the input."""
        if src == dst or dst == INPUT_ID or (src, dst) in self.doc.edges:
            return False
        if dst not in self.doc.nodes or (src != INPUT_ID and src not in self.doc.nodes):
            return False
        self.doc.undo_stack.push(c.AddEdgeCommand(self.doc, src, dst))
        return True

    def delete_selection(self) -> None:
        """Delete the selected edges and layers (bridging the chain) as one undo step."""
        ids, edges = self.selected_node_ids(), self.selected_edges()
        edges = [e for e in edges if not set(e) & set(ids)]
        if not ids and not edges:
            return
        stack = self.doc.undo_stack
        stack.beginMacro(tr("Delete"))
        for src, dst in edges:
            stack.push(c.RemoveEdgeCommand(self.doc, src, dst))
        if ids:
            stack.push(c.delete_nodes(self.doc, ids))
        stack.endMacro()

    def move_selected_in_chain(self, step: int) -> bool:
        """Alt+Up (-1) / Alt+Down (+1): swap the selected layer with its chain neighbour."""
        ids, chain = self.selected_node_ids(), self.doc.chain()
        if len(ids) != 1 or ids[0] not in chain:
            return False
        nid, i = ids[0], chain.index(ids[0])
        j = i + step
        if not 0 <= j < len(chain):
            return False
        other = chain[j]
        after = other if step > 0 else (chain[i - 2] if i >= 2 else INPUT_ID)
        p, q = self.doc.nodes[nid].pos, self.doc.nodes[other].pos
        stack = self.doc.undo_stack
        stack.beginMacro(tr("Move %s") % nid)
        stack.push(c.reorder(self.doc, nid, after))
        stack.push(c.MoveNodesCommand(self.doc, {nid: (p, q), other: (q, p)}))
        stack.endMacro()
        self.select_ids([nid])
        return True
