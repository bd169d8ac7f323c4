"""Undoable edits of a GraphDocument. Commands store ids and values, never items."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from layerlab.app.builder.document import GraphDocument, Node

_MERGE_PARAM = 1001
_MERGE_SETTING = 1002


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Builder", text, None, n)


class AddNodeCommand(QUndoCommand):
    """Add a node (with its edges, e.g. when dropped onto the end of the chain)."""

    def __init__(
        self,
        doc: GraphDocument,
        node: Node,
        edges: tuple[tuple[str, str], ...] = (),
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(tr("Add %s") % node.kind, parent)
        self._doc, self._node, self._edges = doc, copy.deepcopy(node), edges

    def redo(self) -> None:
        self._doc.add_node(copy.deepcopy(self._node))
        for s, d in self._edges:
            self._doc.add_edge(s, d)

    def undo(self) -> None:
        self._doc.remove_node(self._node.id)


class RemoveNodeCommand(QUndoCommand):
    """Remove a node; undo restores it and its edges in their old order."""

    def __init__(self, doc: GraphDocument, node_id: str, parent: QUndoCommand | None = None):
        super().__init__(tr("Delete %s") % node_id, parent)
        self._doc, self._id = doc, node_id
        self._node: Node | None = None
        self._edges: list[tuple[int, tuple[str, str]]] = []

    def redo(self) -> None:
        doc = self._doc
        self._edges = [(i, e) for i, e in enumerate(doc.edges) if self._id in e]
        self._node = copy.deepcopy(doc.remove_node(self._id))

    def undo(self) -> None:
        assert self._node is not None
        self._doc.add_node(copy.deepcopy(self._node))
        for i, (s, d) in self._edges:
            self._doc.add_edge(s, d, i)


class AddEdgeCommand(QUndoCommand):
    def __init__(
        self, doc: GraphDocument, src: str, dst: str, parent: QUndoCommand | None = None
    ) -> None:
        super().__init__(tr("Connect %s to %s") % (src, dst), parent)
        self._doc, self._edge = doc, (src, dst)

    def redo(self) -> None:
        self._doc.add_edge(*self._edge)

    def undo(self) -> None:
        self._doc.remove_edge(*self._edge)


class RemoveEdgeCommand(QUndoCommand):
    def __init__(
        self, doc: GraphDocument, src: str, dst: str, parent: QUndoCommand | None = None
    ) -> None:
        super().__init__(tr("Disconnect %s from %s") % (dst, src), parent)
        self._doc, self._edge, self._index = doc, (src, dst), 0

    def redo(self) -> None:
        self._index = self._doc.remove_edge(*self._edge)

    def undo(self) -> None:
        self._doc.add_edge(*self._edge, self._index)


class MoveNodesCommand(QUndoCommand):
    """One drag: every moved node's old and new position."""

    def __init__(
        self, doc: GraphDocument, moves: dict[str, tuple[tuple[float, float], tuple[float, float]]]
    ) -> None:
        super().__init__(tr("Move %n layer(s)", len(moves)))
        self._doc, self._moves = doc, dict(moves)

    def redo(self) -> None:
        for nid, (_, new) in self._moves.items():
            self._doc.set_pos(nid, new)

    def undo(self) -> None:
        for nid, (old, _) in self._moves.items():
            self._doc.set_pos(nid, old)


class SetParamCommand(QUndoCommand):
    """Change one hyper-parameter; repeated edits of the same field merge into one step."""

    def __init__(self, doc: GraphDocument, node_id: str, key: str, new: Any) -> None:
        super().__init__(tr("Change %s") % key)
        self._doc, self._id, self._key = doc, node_id, key
        self._old = copy.deepcopy(doc.nodes[node_id].params.get(key))
        self._new = copy.deepcopy(new)

    def id(self) -> int:
        return _MERGE_PARAM

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetParamCommand) or (other._id, other._key) != (
            self._id,
            self._key,
        ):
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        self._doc.set_param(self._id, self._key, copy.deepcopy(self._new))

    def undo(self) -> None:
        self._doc.set_param(self._id, self._key, copy.deepcopy(self._old))


class RenameNodeCommand(QUndoCommand):
    """Give a layer a new id (F2)."""

    def __init__(self, doc: GraphDocument, old: str, new: str) -> None:
        super().__init__(tr("Rename %s to %s") % (old, new))
        self._doc, self._old, self._new = doc, old, new

    def redo(self) -> None:
        self._doc.rename_node(self._old, self._new)

    def undo(self) -> None:
        self._doc.rename_node(self._new, self._old)


class SetSettingCommand(QUndoCommand):
    """Change a network setting (input shape, loss, optimizer, init, seed, batch size, name)."""

    def __init__(self, doc: GraphDocument, key: str, new: Any) -> None:
        super().__init__(tr("Change %s") % key)
        self._doc, self._key = doc, key
        self._old, self._new = copy.deepcopy(doc.settings[key]), copy.deepcopy(new)

    def id(self) -> int:
        return _MERGE_SETTING

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetSettingCommand) or other._key != self._key:
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        self._doc.set_setting(self._key, self._new)

    def undo(self) -> None:
        self._doc.set_setting(self._key, self._old)


# ---- composite edits built from the commands above ----------------------------------------------
class MacroCommand(QUndoCommand):
    """Several commands as one undo step, run from Python.

    Children are not given a Qt parent: Qt would then delete them while Python still owns
    their wrappers (a double free).
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.children: list[QUndoCommand] = []

    def redo(self) -> None:
        for child in self.children:
            child.redo()

    def undo(self) -> None:
        for child in reversed(self.children):
            child.undo()

    def add(self, child: QUndoCommand, apply: bool = False) -> QUndoCommand:
        self.children.append(child)
        if apply:
            child.redo()
        return child

    def roll_back(self) -> None:
        """Undo the children applied while building, so that the stack's push redoes them."""
        for child in reversed(self.children):
            child.undo()


def macro(text: str) -> MacroCommand:
    return MacroCommand(text)


def insert_between(doc: GraphDocument, node: Node, src: str, dst: str) -> QUndoCommand:
    """Replace edge src->dst by src->node->dst, as one undo step."""
    cmd = macro(tr("Insert %s") % node.kind)
    cmd.add(RemoveEdgeCommand(doc, src, dst))
    cmd.add(AddNodeCommand(doc, node, ((src, node.id), (node.id, dst))))
    return cmd


def append_to_chain(doc: GraphDocument, node: Node) -> QUndoCommand:
    """Add ``node`` after the last layer of the chain (or after the input)."""
    chain = doc.chain()
    src = chain[-1] if chain else "input"
    return AddNodeCommand(doc, node, ((src, node.id),))


def delete_nodes(doc: GraphDocument, ids: list[str], bridge: bool = True) -> QUndoCommand:
    """Delete nodes; with ``bridge``, a deleted chain link's neighbours are joined."""
    cmd = macro(tr("Delete %n layer(s)", len(ids)))
    for nid in ids:
        ins, outs = doc.incoming(nid), doc.outgoing(nid)
        cmd.add(RemoveNodeCommand(doc, nid), apply=True)  # later ids see the new edges
        if bridge and len(ins) == 1 and len(outs) == 1 and (ins[0], outs[0]) not in doc.edges:
            cmd.add(AddEdgeCommand(doc, ins[0], outs[0]), apply=True)
    cmd.roll_back()
    return cmd


def reorder(doc: GraphDocument, node_id: str, after: str) -> QUndoCommand:
    """Move ``node_id`` to directly after ``after`` in the chain."""
    cmd = macro(tr("Move %s") % node_id)
    ins, outs = doc.incoming(node_id), doc.outgoing(node_id)
    for s in ins:
        cmd.add(RemoveEdgeCommand(doc, s, node_id), apply=True)
    for d in outs:
        cmd.add(RemoveEdgeCommand(doc, node_id, d), apply=True)
    if len(ins) == 1 and len(outs) == 1:
        cmd.add(AddEdgeCommand(doc, ins[0], outs[0]), apply=True)
    for d in doc.outgoing(after):
        cmd.add(RemoveEdgeCommand(doc, after, d), apply=True)
        cmd.add(AddEdgeCommand(doc, node_id, d), apply=True)
    cmd.add(AddEdgeCommand(doc, after, node_id), apply=True)
    cmd.roll_back()
    return cmd


def paste_nodes(
    doc: GraphDocument,
    nodes: list[Node],
    edges: list[tuple[str, str]],
    offset: tuple[float, float] = (40.0, 40.0),
) -> tuple[QUndoCommand, dict[str, str]]:
    """Add copies of nodes (fresh ids, shifted) and the edges among them; returns the id map."""
    cmd = macro(tr("Paste %n layer(s)", len(nodes)))
    ids: dict[str, str] = {}
    taken = set(doc.nodes)
    for n in nodes:
        new_id = doc.new_id(n.kind)
        k = 1
        while new_id in taken:
            k += 1
            new_id = f"{n.kind.lower()}{len(taken) + k}"
        taken.add(new_id)
        ids[n.id] = new_id
        pos = (n.pos[0] + offset[0], n.pos[1] + offset[1])
        inner = tuple((ids[s], new_id) for s, d in edges if d == n.id and s in ids)
        cmd.add(AddNodeCommand(doc, Node(new_id, n.kind, copy.deepcopy(n.params), pos), inner))
    return cmd, ids
