"""This process's resident memory, for comparing the estimate with what training really uses."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def process_rss_bytes() -> int | None:
    """Resident set size in bytes, or None where it cannot be read.

    Reads /proc/self/statm (Linux: the current size). Elsewhere falls back to the ``resource``
    module's peak resident size, which can only grow; Windows gives None.
    """
    try:
        resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
        return resident_pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if peak <= 0:
        return None
    return int(peak) if sys.platform == "darwin" else int(peak) * 1024  # macOS: bytes; else KB
