"""process_rss_bytes: this process's resident memory without psutil."""

from pathlib import Path

import numpy as np

from layerlab.app import process_memory
from layerlab.app.process_memory import process_rss_bytes


def test_rss_is_positive_and_grows_with_touched_memory():
    before = process_rss_bytes()
    assert before is not None and before > 1024 * 1024
    block = np.ones(64 * 1024 * 1024, dtype=np.uint8)  # 64 MB, every page written
    after = process_rss_bytes()
    assert after - before > 48 * 1024 * 1024
    del block


def test_falls_back_to_resource_when_proc_cannot_be_read(monkeypatch):
    def unreadable(self, *args, **kwargs):
        raise OSError("no /proc here")

    monkeypatch.setattr(Path, "read_text", unreadable)
    peak = process_memory.process_rss_bytes()
    assert peak is not None and peak > 1024 * 1024
