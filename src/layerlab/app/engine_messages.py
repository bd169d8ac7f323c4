"""The engine's problem messages in the interface language.

The engine builds English messages (the CLI and the tests read them). The app recognises each
kind of message by its pattern, takes out its names and numbers, and puts them into the
translated template (context "EngineMessages"); a message it does not recognise stays English.
Templates use {name} fields, which a translation must keep. The patterns of the file and data
problems (spec files, project files, data sets) are in ``engine_messages_files``.

A message of several lines (a SpecError lists one problem a line) is translated line by line;
a line may start with a layer ("Dense 'fc': ") or a file ("net.json: ") that stays as it is.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from layerlab.app.engine_messages_files import GENERAL_MESSAGES as _GENERAL_MESSAGES
from layerlab.app.engine_messages_files import MESSAGES as _FILE_MESSAGES

CONTEXT = "EngineMessages"
_ID = r"'(?P<id>[^']*)'"
_Q = r"'(?P<name>[^']*)'"

# (pattern, template): whole messages, or the part after a "Kind 'id': " prefix.
_MESSAGES: list[tuple[str, str]] = [
    (
        rf"layer {_ID} is not connected: draw an edge into it",
        QT_TRANSLATE_NOOP("EngineMessages", "layer '{id}' is not connected: draw an edge into it"),
    ),
    (
        rf"layer {_ID} is not connected to the input",
        QT_TRANSLATE_NOOP("EngineMessages", "layer '{id}' is not connected to the input"),
    ),
    (
        rf"layer {_ID} reads from '(?P<src>[^']*)', which does not exist",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "layer '{id}' reads from '{src}', which does not exist"
        ),
    ),
    (
        rf"layer {_ID} has (?P<n>\d+) inputs: merging branches is not supported yet",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "layer '{id}' has {n} inputs: merging branches is not supported yet"
        ),
    ),
    (
        r"'(?P<src>[^']*)' feeds (?P<n>\d+) layers \((?P<outs>[^)]*)\): "
        r"branching is not supported yet",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "'{src}' feeds {n} layers ({outs}): branching is not supported yet"
        ),
    ),
    (
        rf"layers form a cycle through {_ID}",
        QT_TRANSLATE_NOOP("EngineMessages", "layers form a cycle through '{id}'"),
    ),
    (
        rf"two layers are called {_ID}: rename one",
        QT_TRANSLATE_NOOP("EngineMessages", "two layers are called '{id}': rename one"),
    ),
    (
        r"the network has no layers: add one",
        QT_TRANSLATE_NOOP("EngineMessages", "the network has no layers: add one"),
    ),
    (
        rf"(?P<kind>\w+) {_ID} needs an image input \(height x width x channels\) but gets "
        r"(?P<shape>\S+): set the input shape to e\.g\. 28x28x1 or add a Reshape",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "{kind} '{id}' needs an image input (height x width x channels) but gets {shape}: "
            "set the input shape to e.g. 28x28x1 or add a Reshape",
        ),
    ),
    (
        rf"Dense {_ID} needs a flat input but gets (?P<shape>\S+): "
        r"insert a Flatten layer before it",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "Dense '{id}' needs a flat input but gets {shape}: insert a Flatten layer before it",
        ),
    ),
    (
        r"(?P<loss>\w+) needs at least (?P<n>\d+) outputs but the last layer gives "
        r"(?P<shape>\S+): use binary_cross_entropy for one output",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "{loss} needs at least {n} outputs but the last layer gives {shape}: "
            "use binary_cross_entropy for one output",
        ),
    ),
    (
        r"the network takes inputs of shape (?P<a>\([^)]*\)) \((?P<n>\d+) values\) but "
        r"(?P<ds>\S+) has samples of shape (?P<b>\([^)]*\)): "
        r"change the input shape or the data set",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "the network takes inputs of shape {a} ({n} values) but {ds} has samples of shape "
            "{b}: change the input shape or the data set",
        ),
    ),
    # the part after "Kind 'id': "
    (
        r"cannot reshape (?P<a>\S+) \((?P<n>\d+) values\) to (?P<b>\S+) \((?P<m>\d+) values\)",
        QT_TRANSLATE_NOOP("EngineMessages", "cannot reshape {a} ({n} values) to {b} ({m} values)"),
    ),
    (
        r"(?P<what>kernel|pool) (?P<k>\d+x\d+) is larger than its (?P<hw>\d+x\d+) input; "
        r"use a smaller size, padding 'same', or remove a pooling layer before it",
        QT_TRANSLATE_NOOP(
            "EngineMessages",
            "{what} {k} is larger than its {hw} input; use a smaller size, padding 'same', "
            "or remove a pooling layer before it",
        ),
    ),
    (
        r"padding (?P<pad>\d+) too big",
        QT_TRANSLATE_NOOP("EngineMessages", "padding {pad} too big"),
    ),
    (
        r"padding (?P<pad>\d+) must be smaller than the pool window (?P<k>\d+x\d+)",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "padding {pad} must be smaller than the pool window {k}"
        ),
    ),
    (
        r"output (?P<shape>\S+) is empty",
        QT_TRANSLATE_NOOP("EngineMessages", "output {shape} is empty"),
    ),
    (
        r"unknown parameter (?P<key>'[^']*')(?P<hint>.*)",
        QT_TRANSLATE_NOOP("EngineMessages", "unknown parameter {key}{hint}"),
    ),
    (
        r"unknown kind (?P<kind>'[^']*')(?P<hint>.*)",
        QT_TRANSLATE_NOOP("EngineMessages", "unknown kind {kind}{hint}"),
    ),
    (
        rf"{_Q} must be at least (?P<v>\S+), got (?P<got>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "'{name}' must be at least {v}, got {got}"),
    ),
    (
        rf"{_Q} must be at most (?P<v>\S+), got (?P<got>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "'{name}' must be at most {v}, got {got}"),
    ),
    (
        rf"{_Q} must be a whole number, got (?P<got>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "'{name}' must be a whole number, got {got}"),
    ),
    (
        rf"{_Q} must be a number, got (?P<got>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "'{name}' must be a number, got {got}"),
    ),
    (
        rf"{_Q} must be a finite number, got (?P<got>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "'{name}' must be a finite number, got {got}"),
    ),
    (
        rf"{_Q} must be one of (?P<choices>.+); got (?P<got>.+)",
        QT_TRANSLATE_NOOP("EngineMessages", "'{name}' must be one of {choices}; got {got}"),
    ),
    (
        rf"{_Q} must be 'same', 'valid' or a whole number >= 0",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "'{name}' must be 'same', 'valid' or a whole number >= 0"
        ),
    ),
    (
        rf"{_Q} must be a whole number or a pair \[height, width\]",
        QT_TRANSLATE_NOOP(
            "EngineMessages", "'{name}' must be a whole number or a pair [height, width]"
        ),
    ),
]
_COMPILED = [
    (re.compile(pattern + r"\Z"), template) for pattern, template in _MESSAGES + _FILE_MESSAGES
]
# tried last, once no prefix explains the line ("x.json: <a specific message>" is that one)
_GENERAL = [(re.compile(pattern + r"\Z"), template) for pattern, template in _GENERAL_MESSAGES]
MAX_LINE = 1000  # longer lines are no engine message: left as they are, and quickly
FILE_PREFIXES_TRIED = 2  # "path: message": the first ": " or two may end the path
_PREFIX = re.compile(r"(?P<who>(?:layer|[A-Z]\w*) '[^']*'): (?P<rest>.+)\Z", re.DOTALL)
_FIELD = re.compile(r"\{(\w+)\}")


def recognised(message: str) -> bool:
    """Whether templates cover ``message``, every line of it (tests check every engine message
    is)."""
    return all(_translate(line) is not None for line in message.split("\n") if line)


def translate_message(message: str) -> str:
    """``message`` in the interface language, line by line (a line that is not recognised
    stays as it is)."""
    return "\n".join(_translate(line) or line for line in message.split("\n"))


def _fill(template: str, fields: dict[str, str | None]) -> str:
    """The translated ``template`` with its {name} fields filled (other braces are text)."""
    values = {name: value or "" for name, value in fields.items()}
    if values.get("inner"):  # the JSON parser's own message
        values["inner"] = _translate(values["inner"], files=False) or values["inner"]
    if values.get("items"):  # "missing 'a'; unknown weight 'b'"
        items = values["items"].split("; ")
        values["items"] = "; ".join(_translate(v, files=False) or v for v in items)
    text = QCoreApplication.translate(CONTEXT, template)
    return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _translate(message: str, files: bool = True) -> str | None:
    if len(message) > MAX_LINE:
        return None
    found = _match(_COMPILED, message)
    if found is not None:
        return found
    m = _PREFIX.match(message)
    if m:
        rest = _translate(m.group("rest"), files=False)
        if rest is not None:
            return f"{m.group('who')}: {rest}"  # "Dense 'fc1': ..." stays a name and a colon
    if files:  # "net.json: <message>": a file or path names where, and stays as it is
        start = message.find(": ")
        for _ in range(FILE_PREFIXES_TRIED):
            if start <= 0:
                break
            rest = _translate(message[start + 2 :], files=False)
            if rest is not None:
                return f"{message[:start]}: {rest}"
            start = message.find(": ", start + 2)
    return _match(_GENERAL, message)


def _match(patterns: list[tuple[re.Pattern, str]], message: str) -> str | None:
    for pattern, template in patterns:
        m = pattern.match(message)
        if m:
            return _fill(template, m.groupdict())
    return None
