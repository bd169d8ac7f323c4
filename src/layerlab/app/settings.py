"""Every persistent setting in one table over QSettings; the only module that reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    doc: str


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("window/geometry", QByteArray, QByteArray(), "main window geometry"),
        Setting("window/state", QByteArray, QByteArray(), "dock and toolbar layout"),
        Setting("recent_files", list, [], "recently opened projects, newest first"),
        Setting("language", str, "", "UI language: '' (system), 'en' or 'zh_CN'"),
        Setting("autosave_seconds", int, 60, "seconds between autosaves of a changed project"),
    )
}
MAX_RECENT = 8


class AppSettings:
    """Typed access to QSettings by the keys in SETTINGS."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings("LayerLab", "LayerLab")

    def get(self, key: str) -> Any:
        s = SETTINGS[key]
        value = self._q.value(key, s.default)
        if value is None:
            return s.default
        if s.type is list:
            return [value] if isinstance(value, str) else list(value)
        if s.type is int:
            try:
                return int(value)
            except (TypeError, ValueError):
                return s.default
        return value

    def set(self, key: str, value: Any) -> None:
        if key not in SETTINGS:
            raise KeyError(key)
        self._q.setValue(key, value)

    def add_recent(self, path: str) -> list[str]:
        """Put ``path`` first in the recent-files list; returns the new list."""
        files = [p for p in self.get("recent_files") if p != path]
        files.insert(0, path)
        files = files[:MAX_RECENT]
        self.set("recent_files", files)
        return files

    def sync(self) -> None:
        self._q.sync()
