"""Patterns and templates of the file problems (see ``engine_messages``).

Network spec files (layerlab.engine.spec) and project files (layerlab.project); the data sets'
(layerlab.data) are in ``engine_messages_data``, and MESSAGES here lists them all in the order
they are tried. Each entry is (pattern, template) in context "EngineMessages"; the pattern is a
whole message or the part after a "<file>: " prefix. Fields named ``inner`` are translated
again (the JSON parser's message); ``items`` is a "; "-separated list translated item by item.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from layerlab.app.engine_messages_data import DATA_MESSAGES

_Q = r"'(?P<name>[^']*)'"
_GOT = r"(?P<got>.+)"
_TUPLE = r"\([^)]*\)"

# What Python's json module says, inside "not valid JSON: {inner} at line ..., column ...".
JSON_MESSAGES: list[tuple[str, str]] = [
    (r"Expecting value", QT_TRANSLATE_NOOP("EngineMessages", "Expecting value")),
    (
        r"Expecting property name enclosed in double quotes",
        QT_TRANSLATE_NOOP("EngineMessages", "Expecting property name enclosed in double quotes"),
    ),
    (
        r"Expecting (?P<delim>'[:,]') delimiter",
        QT_TRANSLATE_NOOP("EngineMessages", "Expecting {delim} delimiter"),
    ),
    (
        r"Unterminated string starting at",
        QT_TRANSLATE_NOOP("EngineMessages", "Unterminated string starting at"),
    ),
    (
        r"Invalid control character at",
        QT_TRANSLATE_NOOP("EngineMessages", "Invalid control character at"),
    ),
    (r"Invalid \\escape", QT_TRANSLATE_NOOP("EngineMessages", "Invalid \\escape")),
    (r"Invalid \\uXXXX escape", QT_TRANSLATE_NOOP("EngineMessages", "Invalid \\uXXXX escape")),
    (r"Extra data", QT_TRANSLATE_NOOP("EngineMessages", "Extra data")),
    (
        r"Illegal trailing comma before end of object",
        QT_TRANSLATE_NOOP("EngineMessages", "Illegal trailing comma before end of object"),
    ),
    (
        r"Illegal trailing comma before end of array",
        QT_TRANSLATE_NOOP("EngineMessages", "Illegal trailing comma before end of array"),
    ),
]

# layerlab.engine.spec: NetworkSpec.from_dict / from_json / load
SPEC_MESSAGES: list[tuple[str, str]] = [
    (
        r"a network spec must be a JSON object",
        QT_TRANSLATE_NOOP("EngineMessages", "a network spec must be a JSON object"),
    ),
    (
        r"unknown key (?P<key>.+) in the network spec",
        QT_TRANSLATE_NOOP("EngineMessages", "unknown key {key} in the network spec"),
    ),
    (
        rf"not a layerlab-network file: {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "not a layerlab-network file: {got}"),
    ),
    (
        rf"unsupported version {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "unsupported version {got}"),
    ),
    (
        r"'input' must be \{\"shape\": \[sizes >= 1\]\}, e\.g\. \[784\]",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "'input' must be {\"shape\": [sizes >= 1]}, e.g. [784]"
        ),
    ),
    (
        r"'layers' must be a list of layer objects",
        QT_TRANSLATE_NOOP("EngineMessages", "'layers' must be a list of layer objects"),
    ),
    (
        r"layer #(?P<n>\d+) must be an object with a 'kind'",
        QT_TRANSLATE_NOOP("EngineMessages", "layer #{n} must be an object with a 'kind'"),
    ),
    (
        r"layer #(?P<n>\d+): 'id' must be a non-empty string",
        QT_TRANSLATE_NOOP("EngineMessages", "layer #{n}: 'id' must be a non-empty string"),
    ),
    (  # after "layer 'id': "
        r"'inputs' must list layer ids",
        QT_TRANSLATE_NOOP("EngineMessages", "'inputs' must list layer ids"),
    ),
    (
        rf"{_Q} must be a string, got {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "'{name}' must be a string, got {got}"),
    ),
    (
        rf"{_Q} must be a loss name, got {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "'{name}' must be a loss name, got {got}"),
    ),
    (
        rf"{_Q} must be an initialiser name, got {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "'{name}' must be an initialiser name, got {got}"),
    ),
    (
        rf"{_Q} must be a whole number >= 1, got {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "'{name}' must be a whole number >= 1, got {got}"),
    ),
    (
        rf"{_Q} must be an object like (?P<example>\{{\"kind\": \"adam\", \"lr\": 0\.001\}}), "
        rf"got {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "'{name}' must be an object like {example}, got {got}"),
    ),
    (
        rf"{_Q} must be a data set name like (?P<a>\"mnist5k\") or (?P<b>\"spiral\"), got {_GOT}",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "'{name}' must be a data set name like {a} or {b}, got {got}"
        ),
    ),
    (
        r"not valid JSON: (?P<inner>.+) at line (?P<line>\d+), column (?P<col>\d+)",
        QT_TRANSLATE_NOOP("EngineMessages", "not valid JSON: {inner} at line {line}, column {col}"),
    ),
]

# layerlab.project: ProjectError (loading and saving .layerlab files, opening spec files)
PROJECT_MESSAGES: list[tuple[str, str]] = [
    (
        rf"layout of {_Q} must be a position \[x, y\], got {_GOT}",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "layout of '{name}' must be a position [x, y], got {got}"
        ),
    ),
    (
        rf"position of node {_Q} must be a position \[x, y\], got {_GOT}",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "position of node '{name}' must be a position [x, y], got {got}"
        ),
    ),
    (
        r"'layout' must map node ids to positions \[x, y\]",
        QT_TRANSLATE_NOOP("EngineMessages", "'layout' must map node ids to positions [x, y]"),
    ),
    (
        rf"'edges' must be a list of \[source id, target id\] pairs, got {_GOT}",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "'edges' must be a list of [source id, target id] pairs, got {got}"
        ),
    ),
    (
        rf"each extra node needs an 'id', a 'kind' and 'params': {_GOT}",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "each extra node needs an 'id', a 'kind' and 'params': {got}"
        ),
    ),
    (
        r"'training' must be an object with 'step', 'epoch' and 'optimizer'",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "'training' must be an object with 'step', 'epoch' and 'optimizer'"
        ),
    ),
    (
        rf"training 'optimizer' must be an object, got {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "training 'optimizer' must be an object, got {got}"),
    ),
    (
        rf"training {_Q} must be a whole number >= 0, got {_GOT}",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "training '{name}' must be a whole number >= 0, got {got}"
        ),
    ),
    (
        rf"history row (?P<n>\d+) must map metric names to numbers: {_GOT}",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "history row {n} must map metric names to numbers: {got}"
        ),
    ),
    (  # the problems follow, one a line
        r"the network has problems, so weights cannot go with it:",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "the network has problems, so weights cannot go with it:"
        ),
    ),
    (
        r"the weights do not match the network: (?P<items>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "the weights do not match the network: {items}"),
    ),
    (  # the items of that list
        rf"missing {_Q}",
        QT_TRANSLATE_NOOP("EngineMessages", "missing '{name}'"),
    ),
    (
        rf"unknown weight {_Q}",
        QT_TRANSLATE_NOOP("EngineMessages", "unknown weight '{name}'"),
    ),
    (
        rf"{_Q} has shape (?P<a>{_TUPLE}) but the network needs (?P<b>{_TUPLE})",
        QT_TRANSLATE_NOOP("EngineMessages", "'{name}' has shape {a} but the network needs {b}"),
    ),
    (
        rf"{_Q} holds (?P<dtype>\S+) values, not numbers",
        QT_TRANSLATE_NOOP("EngineMessages", "'{name}' holds {dtype} values, not numbers"),
    ),
    (
        rf"the optimizer state has shape (?P<a>{_TUPLE}) but the network needs (?P<b>{_TUPLE})",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "the optimizer state has shape {a} but the network needs {b}"
        ),
    ),
    (
        r"(?P<file>.+) has (?P<n>\d+) members; a LayerLab file has a handful",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "{file} has {n} members; a LayerLab file has a handful"
        ),
    ),
    (
        r"(?P<file>.+) contains an unsafe path (?P<member>.+); it was not opened",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "{file} contains an unsafe path {member}; it was not opened"
        ),
    ),
    (
        r"(?P<file>.+) contains (?P<member>.+) twice; it is corrupt or crafted",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "{file} contains {member} twice; it is corrupt or crafted"
        ),
    ),
    (  # after "<file>: "
        r"(?P<member>.+) would unpack to (?P<size>[\d,]+) bytes \((?P<ratio>\d+) times its "
        r"packed size\); refusing it as a possible zip bomb",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "{member} would unpack to {size} bytes ({ratio} times its packed size); "
            "refusing it as a possible zip bomb",
        ),
    ),
    (  # after "<file>: "
        r"(?P<member>.+) is (?P<size>[\d,]+) bytes, more than (?P<limit>[\d,]+)",
        QT_TRANSLATE_NOOP("EngineMessages", "{member} is {size} bytes, more than {limit}"),
    ),
    (
        r"(?P<file>.+) is corrupt: cannot unpack (?P<member>\S+) \((?P<reason>.*)\)",
        QT_TRANSLATE_NOOP("EngineMessages", "{file} is corrupt: cannot unpack {member} ({reason})"),
    ),
    (  # after "<file>: "
        r"cannot unpack (?P<member>\S+) \((?P<reason>.*)\)",
        QT_TRANSLATE_NOOP("EngineMessages", "cannot unpack {member} ({reason})"),
    ),
    (
        rf"unsafe or corrupt weights in (?P<file>.+?): {_Q} holds (?P<dtype>\S+) values "
        r"\(object arrays could run code and are never loaded\)",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "unsafe or corrupt weights in {file}: '{name}' holds {dtype} values "
            "(object arrays could run code and are never loaded)",
        ),
    ),
    (
        rf"corrupt weights in (?P<file>.+?): {_Q} is truncated",
        QT_TRANSLATE_NOOP("EngineMessages", "corrupt weights in {file}: '{name}' is truncated"),
    ),
    (
        r"unsafe or corrupt weights in (?P<file>.+?): (?P<reason>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "unsafe or corrupt weights in {file}: {reason}"),
    ),
    (
        r"(?P<file>.+) is not UTF-8 text",
        QT_TRANSLATE_NOOP("EngineMessages", "{file} is not UTF-8 text"),
    ),
    (
        r"(?P<file>.+) is not valid JSON: (?P<inner>.+) at line (?P<line>\d+), "
        r"column (?P<col>\d+)",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "{file} is not valid JSON: {inner} at line {line}, column {col}"
        ),
    ),
    (
        r"(?P<file>.+) is nested too deeply",
        QT_TRANSLATE_NOOP("EngineMessages", "{file} is nested too deeply"),
    ),
    (  # the spec's problems follow, one a line
        r"the network in (?P<file>.+) is invalid:",
        QT_TRANSLATE_NOOP("EngineMessages", "the network in {file} is invalid:"),
    ),
    (  # after "<file>: "
        r"not a LayerLab project \(format (?P<got>.+)\)",
        QT_TRANSLATE_NOOP("EngineMessages", "not a LayerLab project (format {got})"),
    ),
    (
        r"(?P<file>.+) was made by a newer LayerLab \(project version (?P<v>\d+); this one "
        r"reads version (?P<ours>\d+) and older\): update LayerLab to open it",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "{file} was made by a newer LayerLab (project version {v}; this one reads "
            "version {ours} and older): update LayerLab to open it",
        ),
    ),
    (  # after "<file>: "
        rf"unsupported project version {_GOT}",
        QT_TRANSLATE_NOOP("EngineMessages", "unsupported project version {got}"),
    ),
    (
        r"(?P<file>.+) has no 'network'",
        QT_TRANSLATE_NOOP("EngineMessages", "{file} has no 'network'"),
    ),
    (
        r"(?P<file>.+) is not a LayerLab project: not a zip archive, or truncated",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "{file} is not a LayerLab project: not a zip archive, or truncated"
        ),
    ),
    (
        r"(?P<file>.+) is not a LayerLab project: it has no (?P<member>project\.json)",
        QT_TRANSLATE_NOOP("EngineMessages", "{file} is not a LayerLab project: it has no {member}"),
    ),
    (
        r"(?P<file>.+) must hold one array called 'state'",
        QT_TRANSLATE_NOOP("EngineMessages", "{file} must hold one array called 'state'"),
    ),
    (
        r"(?P<file>.+) is too large for a network spec",
        QT_TRANSLATE_NOOP("EngineMessages", "{file} is too large for a network spec"),
    ),
    (
        r"cannot save the project: (?P<reason>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "cannot save the project: {reason}"),
    ),
]

# Last: the most general ones (a specific "cannot read ... file" comes first).
GENERAL_MESSAGES: list[tuple[str, str]] = [
    (
        r"cannot read (?P<path>.+?): (?P<reason>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "cannot read {path}: {reason}"),
    ),
    (
        r"(?P<path>.+) does not exist",
        QT_TRANSLATE_NOOP("EngineMessages", "{path} does not exist"),
    ),
]

MESSAGES = SPEC_MESSAGES + PROJECT_MESSAGES + DATA_MESSAGES + JSON_MESSAGES  # GENERAL: last
