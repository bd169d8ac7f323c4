"""Applying a lesson's ``[setup]`` to the window: network, optimizer settings, data set, epochs,
targets and views. Everything is checked first (``plan_setup``) so that a bad setup changes
nothing; ``apply_setup`` then carries the plan out through the document and the panels."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from layerlab.app.builder.commands import SetSettingCommand, macro
from layerlab.app.engine_messages import translate_message
from layerlab.app.lessons.dock_access import find_dock, reveal
from layerlab.app.session import RunSettings
from layerlab.data import DATASETS
from layerlab.engine.errors import SpecError
from layerlab.engine.shapes import infer
from layerlab.engine.spec import NetworkSpec
from layerlab.lessons.format import Setup

if TYPE_CHECKING:
    from layerlab.app.main_window import MainWindow

OVERRIDES = ("optimizer", "batch_size", "seed")  # Setup fields that change network settings


def tr(text: str) -> str:
    return QCoreApplication.translate("Lessons", text)


class SetupError(ValueError):
    """A lesson setup that cannot be applied; the message says what to fix."""


@dataclass(frozen=True)
class SetupPlan:
    """What opening a lesson changes, checked and ready to apply.

    ``spec``: a whole network to load (preset or inline, overrides applied) or None;
    ``settings``: network settings to change on the current network when ``spec`` is None;
    ``run``: the training panel's new settings or None; ``views``: docks to show, in order."""

    spec: NetworkSpec | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    run: RunSettings | None = None
    views: tuple[str, ...] = ()

    @property
    def replaces_network(self) -> bool:
        return self.spec is not None


def preset_names() -> list[str]:
    """The bundled example networks, by the name a lesson uses (file name without .json)."""
    folder = resources.files("layerlab") / "resources" / "examples"
    return sorted(
        p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json")
    )


def preset_spec(name: str) -> NetworkSpec:
    """The example network ``name`` ("perceptron_and"); SetupError when there is none."""
    name = name.removesuffix(".json")
    if name not in preset_names():
        raise SetupError(
            tr("There is no preset network '%s'. Presets: %s") % (name, ", ".join(preset_names()))
        )
    path = resources.files("layerlab") / "resources" / "examples" / f"{name}.json"
    return NetworkSpec.from_json(path.read_text(encoding="utf-8"))


def _network(setup: Setup) -> NetworkSpec | None:
    try:
        if setup.preset is not None:
            spec = preset_spec(setup.preset)
        elif setup.network is not None:
            spec = NetworkSpec.from_dict(setup.network)
        else:
            return None
    except SpecError as e:
        text = translate_message(str(e))
        raise SetupError(tr("The lesson's network cannot be read:\n%s") % text) from None
    overrides = {k: getattr(setup, k) for k in OVERRIDES if getattr(setup, k) is not None}
    spec = dataclasses.replace(spec, **overrides)
    problems = infer(spec).problems
    if problems:
        text = "\n".join(translate_message(p.message) for p in problems[:5])
        raise SetupError(tr("The lesson's network has problems:\n%s") % text)
    return spec


def _settings(setup: Setup, current: NetworkSpec) -> dict[str, Any]:
    """Overrides of the current network's settings (when the lesson loads no network)."""
    settings = {k: getattr(setup, k) for k in OVERRIDES if getattr(setup, k) is not None}
    if settings:
        trial = dataclasses.replace(current, **settings)
        bad = [p.message for p in infer(trial).problems if p.code == "optimizer"]
        if bad:
            raise SetupError(tr("The lesson's optimizer settings are not valid:\n%s") % bad[0])
    return settings


def _run(setup: Setup, current: RunSettings, offered: list[str]) -> RunSettings | None:
    if (
        setup.dataset is None
        and setup.epochs is None
        and not setup.dataset_options
        and not setup.patience
    ):
        return None
    dataset = setup.dataset or current.dataset
    if dataset not in offered:
        if dataset in DATASETS:
            raise SetupError(
                tr("The data set '%s' is not on this computer (the README says where it goes).")
                % dataset
            )
        raise SetupError(
            tr("There is no data set '%s'. Data sets: %s") % (dataset, ", ".join(offered))
        )
    named = setup.dataset is not None or setup.dataset_options
    return RunSettings(
        dataset=dataset,
        options=dict(setup.dataset_options) if named else dict(current.options),
        epochs=setup.epochs if setup.epochs is not None else current.epochs,
        target_loss=setup.target_loss,
        target_accuracy=setup.target_accuracy,
        patience=setup.patience,
        restore_best=current.restore_best,
    )


def plan_setup(
    setup: Setup,
    current_spec: NetworkSpec,
    current_run: RunSettings,
    datasets: list[str],
    docks: list[str],
) -> SetupPlan:
    """Check ``setup`` against what the window offers (data sets in the training panel,
    docks) and return what applying it changes. Raises SetupError naming the problem."""
    unknown = [v for v in setup.views if v not in docks]
    if unknown:
        raise SetupError(
            tr("The lesson names unknown view(s) %s. Views: %s")
            % (", ".join(unknown), ", ".join(sorted(docks)))
        )
    spec = _network(setup)
    return SetupPlan(
        spec=spec,
        settings={} if spec is not None else _settings(setup, current_spec),
        run=_run(setup, current_run, datasets),
        views=tuple(setup.views),
    )


def plan_for_window(window: MainWindow, setup: Setup) -> SetupPlan:
    """``plan_setup`` against this window's document, training panel and docks."""
    from layerlab.app.lessons.dock_access import dock_names

    combo = window.training.dataset
    offered = [combo.itemData(i) for i in range(combo.count())]
    return plan_setup(
        setup, window.doc.to_spec(), window.training.run_settings(), offered, dock_names(window)
    )


def apply_setup(window: MainWindow, plan: SetupPlan) -> None:
    """Stop training and carry out ``plan``. A new network replaces the document (not
    undoable, like opening a preset; ask the user first); setting changes on the current
    network are one undoable step."""
    session, doc = window.session, window.doc
    session.stop()
    if plan.spec is not None:
        doc.load_spec(plan.spec)
        window.files.path = None
        window.files.path_changed.emit("")  # the title and the canvas follow
        session.reset()  # a lesson starts from the network's initial weights
    elif plan.settings:
        changes = {k: v for k, v in plan.settings.items() if doc.settings.get(k) != v}
        if changes:
            cmd = macro(tr("Lesson settings"))
            for key, value in changes.items():
                cmd.add(SetSettingCommand(doc, key, value))
            doc.undo_stack.push(cmd)
    if plan.run is not None:
        window.training.set_run_settings(plan.run)
    for name in reversed(plan.views):  # one tab group shows one dock: the first named wins
        dock = find_dock(window, name)
        if dock is not None:
            reveal(dock)
