"""CPU control: flush denormals to zero in the calling thread (x86 MXCSR FTZ+DAZ)."""

from __future__ import annotations

import platform

from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

from layerlab.engine.kernels._jit import kernel

_IS_X86 = platform.machine().lower() in ("x86_64", "amd64", "i686", "x86")
_FTZ_DAZ = 0x8040


@intrinsic
def _or_mxcsr(typingctx, bits):
    """OR ``bits`` into this thread's MXCSR register; return the previous value."""
    sig = types.int32(types.int32)

    def codegen(context, builder, signature, args):
        i32 = ir.IntType(32)
        slot = cgutils.alloca_once(builder, i32)
        ptr = builder.bitcast(slot, ir.IntType(8).as_pointer())
        fnty = ir.FunctionType(ir.VoidType(), [ir.IntType(8).as_pointer()])
        stmxcsr = cgutils.get_or_insert_function(builder.module, fnty, "llvm.x86.sse.stmxcsr")
        ldmxcsr = cgutils.get_or_insert_function(builder.module, fnty, "llvm.x86.sse.ldmxcsr")
        builder.call(stmxcsr, [ptr])
        old = builder.load(slot)
        builder.store(builder.or_(old, args[0]), slot)
        builder.call(ldmxcsr, [ptr])
        return old

    return sig, codegen


if _IS_X86:

    @kernel
    def flush_denormals() -> int:
        """Set FTZ and DAZ for the calling thread; returns the previous MXCSR."""
        return _or_mxcsr(_FTZ_DAZ)

else:  # pragma: no cover - other CPUs keep IEEE denormals (documented limitation)

    @kernel
    def flush_denormals() -> int:
        """No-op on non-x86 CPUs."""
        return 0
