"""The engine's problem messages in the interface language.

The engine builds English messages (the CLI and the tests read them). The app recognises each
kind of message by its pattern, takes out its names and numbers, and puts them into the
translated template (context "EngineMessages"); a message it does not recognise stays English.
Templates use {name} fields, which a translation must keep.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

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
_COMPILED = [(re.compile(pattern + r"\Z"), template) for pattern, template in _MESSAGES]
_PREFIX = re.compile(r"(?P<who>(?:layer|[A-Z]\w*) '[^']*'): (?P<rest>.+)\Z", re.DOTALL)


def recognised(message: str) -> bool:
    """Whether a template covers ``message`` (tests check every engine message is)."""
    return _translate(message) is not None


def translate_message(message: str) -> str:
    """``message`` in the interface language (unchanged when it is not recognised)."""
    return _translate(message) or message


def _translate(message: str) -> str | None:
    for pattern, template in _COMPILED:
        m = pattern.match(message)
        if m:
            return QCoreApplication.translate(CONTEXT, template).format(**m.groupdict())
    m = _PREFIX.match(message)
    if m:
        rest = _translate(m.group("rest"))
        if rest is not None:
            return f"{m.group('who')}: {rest}"  # "Dense 'fc1': ..." stays a name and a colon
    return None
