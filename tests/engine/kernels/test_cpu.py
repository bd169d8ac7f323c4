"""kernels/cpu.py: flushing denormals in the calling thread."""

import platform
import subprocess
import sys

import pytest

X86 = platform.machine().lower() in ("x86_64", "amd64", "i686", "x86")

# A fresh process: threads inherit MXCSR, and the engine's own calls set FTZ in this one.
SCRIPT = """
import numpy as np
from layerlab.engine.kernels.cpu import flush_denormals
tiny = np.float32(1e-39)
before = float(tiny * np.float32(1.0))
old = flush_denormals()
after = float(tiny * np.float32(1.0))
print(before, after, old & 0x8040, flush_denormals() & 0x8040)
"""


@pytest.mark.skipif(not X86, reason="FTZ/DAZ are x86 MXCSR flags")
def test_flush_denormals_sets_ftz_and_daz_and_returns_the_old_register():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    before, after, old_bits, new_bits = out.stdout.split()
    assert float(before) == pytest.approx(1e-39, rel=1e-3)  # IEEE denormal kept
    assert float(after) == 0.0  # flushed
    assert int(old_bits) == 0 and int(new_bits) == 0x8040
