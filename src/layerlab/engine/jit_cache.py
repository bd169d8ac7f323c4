"""Where the compiled kernels are cached on disk; computed without loading numba."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

KERNELS_DIR = Path(__file__).parent / "kernels"


def cache_dir() -> Path:
    """A folder keyed by the source of every kernel module (and of the codes they use).

    numba keys a cached function on its own file only, so a caller (the interpreter) would keep
    stale machine code after a callee in another file changed; one folder per source hash rules
    that out. NUMBA_CACHE_DIR, when set, wins.
    """
    if os.environ.get("NUMBA_CACHE_DIR"):
        return Path(os.environ["NUMBA_CACHE_DIR"])
    digest = hashlib.sha256()
    for path in [*sorted(KERNELS_DIR.glob("*.py")), Path(__file__).parent / "codes.py"]:
        digest.update(path.read_bytes())
    root = os.environ.get("LAYERLAB_CACHE_DIR") or Path.home() / ".cache" / "layerlab"
    return Path(root) / "numba" / digest.hexdigest()[:16]
