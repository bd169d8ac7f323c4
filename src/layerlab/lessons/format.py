"""A lesson file: Markdown with a TOML front matter, both languages in one file.

    +++
    topic = "perceptron"
    order = 10
    title = { en = "The perceptron computes AND", zh = "感知机实现与门" }
    reproduces = { en = "...", zh = "..." }
    [setup]                      # what opening the lesson sets up (every key optional)
    preset = "perceptron_and"    # a network from resources/examples, or network = { spec }
    dataset = "and"              # with dataset_options = { ... }
    epochs = 20
    optimizer = { kind = "sgd", lr = 0.1 }   # replaces the network's optimizer settings
    batch_size = 1
    seed = 0
    views = ["lesson_figure", "network_diagram"]   # docks to show
    patience = 3                 # early stopping on (epochs without a better validation loss)
    [figure]                     # the experiment the lesson view runs and draws
    experiment = "perceptron.hand_weights"
    params = { gate = "and" }
    [[claims]]                   # what the lesson says happens; every claim is a test
    experiment = "perceptron.learn_gate"
    params = { gate = "xor" }
    expect = { converged = false, errors = { gt = 0 } }
    +++
    <!-- en -->
    Introduction in Markdown...

    1. (@train_button) Press **Train**: a numbered item is a step; (@name) points at a widget.
    2. ...
    <!-- zh -->
    ...

Nothing in a lesson file runs code: the front matter is data, experiments are looked up by name.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "zh")
CONDITIONS = ("eq", "lt", "le", "gt", "ge", "approx", "tol", "rel")
_TOP_KEYS = {"id", "topic", "order", "title", "reproduces", "setup", "figure", "claims", "budget_s"}
_SETUP_KEYS = {
    "preset",
    "network",
    "dataset",
    "dataset_options",
    "epochs",
    "optimizer",
    "batch_size",
    "seed",
    "views",
    "target_loss",
    "target_accuracy",
    "patience",
}
_STEP = re.compile(r"^(\d+)[.)]\s+(.*)$")
_POINTER = re.compile(r"^\(@([A-Za-z_][\w.]*)\)\s*")
_LANG_MARK = re.compile(r"^<!--\s*(\w+)\s*-->\s*$")


class LessonError(ValueError):
    """A lesson file that cannot be used; the message names the file and what to fix."""


@dataclass(frozen=True)
class Step:
    text: str  # Markdown
    widget: str | None = None  # object name of the widget the step points at


@dataclass(frozen=True)
class LessonText:
    intro: str  # Markdown before the first step
    steps: tuple[Step, ...]
    outro: str = ""  # Markdown after the steps


@dataclass(frozen=True)
class ExperimentCall:
    experiment: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Claim:
    experiment: str
    params: dict[str, Any]
    expect: dict[str, Any]  # value name -> literal or {lt/le/gt/ge/eq/approx(+tol|rel)}


@dataclass(frozen=True)
class Setup:
    preset: str | None = None
    network: dict[str, Any] | None = None
    dataset: str | None = None
    dataset_options: dict[str, Any] = field(default_factory=dict)
    epochs: int | None = None
    optimizer: dict[str, Any] | None = None
    batch_size: int | None = None
    seed: int | None = None
    views: tuple[str, ...] = ()
    target_loss: float | None = None
    target_accuracy: float | None = None
    patience: int = 0  # early stopping (epochs without a better validation loss); 0: off


@dataclass(frozen=True)
class Lesson:
    id: str
    topic: str
    order: int
    title: dict[str, str]
    reproduces: dict[str, str]
    text: dict[str, LessonText]
    setup: Setup
    figure: ExperimentCall | None
    claims: tuple[Claim, ...]
    budget_s: float = 30.0
    path: Path | None = None

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]

    def text_in(self, lang: str) -> LessonText:
        return self.text.get(lang) or self.text["en"]

    def experiments(self) -> set[str]:
        """Names of every experiment the lesson uses."""
        names = {c.experiment for c in self.claims}
        if self.figure is not None:
            names.add(self.figure.experiment)
        return names


def parse_lesson(source: str, name: str = "<lesson>", path: Path | None = None) -> Lesson:
    """Parse a lesson file's text. Raises LessonError saying what is wrong and where."""

    def fail(message: str) -> LessonError:
        return LessonError(f"lesson {name}: {message}")

    lines = source.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "+++":
        raise fail("the file must start with a '+++' line (the TOML front matter)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        raise fail("the front matter has no closing '+++' line") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as e:
        raise fail(f"the front matter is not valid TOML: {e}") from None
    unknown = set(meta) - _TOP_KEYS
    if unknown:
        raise fail(f"unknown front-matter key(s) {sorted(unknown)}; known: {sorted(_TOP_KEYS)}")
    for key in ("topic", "title"):
        if key not in meta:
            raise fail(f"the front matter needs '{key}'")
    title = _languages(meta["title"], "title", fail)
    reproduces = _languages(meta.get("reproduces", {"en": ""}), "reproduces", fail, need=False)
    text = _split_languages(lines[end + 1 :], fail)
    setup = _setup(meta.get("setup", {}), fail)
    figure = None
    if "figure" in meta:
        f = meta["figure"]
        if not isinstance(f, dict) or not isinstance(f.get("experiment"), str):
            raise fail('[figure] needs experiment = "topic.name"')
        figure = ExperimentCall(f["experiment"], _table(f.get("params", {}), "figure.params", fail))
    claims = tuple(_claim(c, i, fail, figure) for i, c in enumerate(meta.get("claims", []), 1))
    order, budget = meta.get("order", 1000), meta.get("budget_s", 30.0)
    if not isinstance(order, int) or not isinstance(budget, int | float) or budget <= 0:
        raise fail("order must be a whole number and budget_s a positive number of seconds")
    return Lesson(
        id=str(meta.get("id") or (path.stem if path else name)),
        topic=str(meta["topic"]),
        order=order,
        title=title,
        reproduces=reproduces,
        text=text,
        setup=setup,
        figure=figure,
        claims=claims,
        budget_s=float(budget),
        path=path,
    )


def load_lesson(path: str | Path) -> Lesson:
    """Read and parse one lesson file."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise LessonError(f"lesson {path.name}: cannot be read ({e})") from None
    return parse_lesson(source, path.name, path)


# ---- parts -------------------------------------------------------------------------------------
def _languages(value: Any, key: str, fail, need: bool = True) -> dict[str, str]:
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise fail(f'{key} must be a table of texts, e.g. {key} = {{ en = "...", zh = "..." }}')
    if need and "en" not in value:
        raise fail(f'{key} needs an English text (en = "...")')
    bad = set(value) - set(LANGUAGES)
    if bad:
        raise fail(f"{key} has unknown language(s) {sorted(bad)}; use {list(LANGUAGES)}")
    return dict(value)


def _table(value: Any, key: str, fail) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(f"{key} must be a table, e.g. {key} = {{ name = 1 }}")
    return dict(value)


def _setup(raw: Any, fail) -> Setup:
    raw = _table(raw, "[setup]", fail)
    unknown = set(raw) - _SETUP_KEYS
    if unknown:
        raise fail(f"[setup] has unknown key(s) {sorted(unknown)}; known: {sorted(_SETUP_KEYS)}")
    if "preset" in raw and "network" in raw:
        raise fail("[setup] takes a preset or a network, not both")
    for key in ("epochs", "batch_size", "seed", "patience"):
        low = 0 if key in ("seed", "patience") else 1
        if key in raw and (not isinstance(raw[key], int) or raw[key] < low):
            raise fail(f"[setup] {key} must be a whole number (at least {low}), not {raw[key]!r}")
    views = raw.get("views", [])
    if not isinstance(views, list) or not all(isinstance(v, str) for v in views):
        raise fail('[setup] views must be a list of view names, e.g. views = ["loss_curve"]')
    return Setup(
        preset=raw.get("preset"),
        network=_table(raw["network"], "network", fail) if "network" in raw else None,
        dataset=raw.get("dataset"),
        dataset_options=_table(raw.get("dataset_options", {}), "dataset_options", fail),
        epochs=raw.get("epochs"),
        optimizer=_table(raw["optimizer"], "optimizer", fail) if "optimizer" in raw else None,
        batch_size=raw.get("batch_size"),
        seed=raw.get("seed"),
        views=tuple(views),
        target_loss=raw.get("target_loss"),
        target_accuracy=raw.get("target_accuracy"),
        patience=raw.get("patience", 0),
    )


def _claim(raw: Any, index: int, fail, figure: ExperimentCall | None) -> Claim:
    where = f"claim {index}"
    raw = _table(raw, where, fail)
    name = raw.get("experiment", figure.experiment if figure else None)
    if not isinstance(name, str):
        raise fail(f'{where} needs experiment = "topic.name" (or a [figure] to default to)')
    params = raw.get("params", figure.params if figure and "experiment" not in raw else {})
    expect = _table(raw.get("expect"), f"{where} expect", fail) if "expect" in raw else None
    if not expect:
        raise fail(f"{where} needs expect = {{ value = condition }}")
    for key, cond in expect.items():
        if isinstance(cond, dict):
            bad = set(cond) - set(CONDITIONS)
            if bad or not cond:
                raise fail(
                    f"{where}: condition on {key!r} uses {sorted(bad)}; use {list(CONDITIONS)}"
                )
    return Claim(name, _table(params, f"{where} params", fail), expect)


def _split_languages(lines: list[str], fail) -> dict[str, LessonText]:
    parts: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        m = _LANG_MARK.match(line.strip())
        if m and m.group(1) in LANGUAGES:
            current = parts.setdefault(m.group(1), [])
        elif current is not None:
            current.append(line)
        elif line.strip():
            raise fail("text before the first language mark; start the text with <!-- en -->")
    if "en" not in parts:
        raise fail("the text needs an English part after a <!-- en --> line")
    return {lang: _text(body, lang, fail) for lang, body in parts.items()}


def _text(lines: list[str], lang: str, fail) -> LessonText:
    intro: list[str] = []
    outro: list[str] = []
    steps: list[list[str]] = []
    for line in lines:
        m = _STEP.match(line)
        if m:
            if int(m.group(1)) != len(steps) + 1:
                raise fail(f"{lang} text: step {m.group(1)} should be numbered {len(steps) + 1}")
            steps.append([m.group(2)])
        elif steps and (line.startswith("   ") or (not line.strip() and not outro)):
            steps[-1].append(line.strip())
        elif steps:
            outro.append(line)
        else:
            intro.append(line)
    out = []
    for body in steps:
        first = body[0]
        m = _POINTER.match(first)
        widget = m.group(1) if m else None
        body[0] = first[m.end() :] if m else first
        out.append(Step(" ".join(s for s in body if s).strip(), widget))
    return LessonText("\n".join(intro).strip(), tuple(out), "\n".join(outro).strip())
