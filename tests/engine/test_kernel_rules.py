"""Source rules (STYLE 2, 4, 7): kernels come from @kernel only; engine and data stay Qt-free."""

import ast
import importlib
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
from numba.core.registry import CPUDispatcher

import layerlab
from layerlab.engine.kernels import _jit

SRC = Path(layerlab.__file__).resolve().parent
KERNEL_FILES = sorted(
    p for p in (SRC / "engine" / "kernels").glob("*.py") if p.name not in ("_jit.py", "__init__.py")
)
# cpu.py's LLVM intrinsic is the one allowed non-kernel helper.
ALLOWED = {("cpu.py", "_or_mxcsr"): "intrinsic"}
FORBIDDEN = ("PySide6", "pyqtgraph", "shiboken6", "layerlab.app")


def _functions(tree):
    """Every function definition at any depth, with its decorator names."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node, [ast.unparse(d) for d in node.decorator_list]


def _is_nested(tree, fn):
    return any(fn in ast.walk(outer) and fn is not outer for outer, _ in _functions(tree))


def _bad_decorators(source: str, filename: str) -> list[tuple[str, list[str]]]:
    """Top-level functions whose decorators are not exactly [kernel] (or an allowed helper's)."""
    tree = ast.parse(source)
    return [
        (fn.name, decorators)
        for fn, decorators in _functions(tree)
        if not _is_nested(tree, fn)  # closures inside an intrinsic's codegen
        and decorators != [ALLOWED.get((filename, fn.name), "kernel")]
    ]


@pytest.mark.parametrize("path", KERNEL_FILES, ids=lambda p: p.name)
def test_every_kernel_module_function_is_decorated_with_kernel_only(path):
    assert _bad_decorators(path.read_text(), path.name) == []


def test_decorator_rule_rejects_bare_njit_and_undecorated_functions():
    source = (
        "@njit(cache=True)\ndef a(x):\n    return x\n\n"
        "def b(x):\n    return x\n\n@kernel\ndef c(x):\n    return x\n"
    )
    assert _bad_decorators(source, "dense.py") == [("a", ["njit(cache=True)"]), ("b", [])]


@pytest.mark.parametrize("path", KERNEL_FILES, ids=lambda p: p.name)
def test_kernel_modules_never_reach_for_njit_or_jit(path):
    source = path.read_text()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("numba"):
            names = {a.name for a in node.names}
            assert not names & {"njit", "jit", "vectorize", "guvectorize", "cfunc"}, path.name
        if isinstance(node, ast.Attribute) and node.attr in ("njit", "jit"):
            pytest.fail(f"{path.name}:{node.lineno} uses numba.{node.attr}")


@pytest.mark.parametrize("path", KERNEL_FILES, ids=lambda p: p.name)
def test_kernel_module_functions_are_nogil_cached_fastmath_dispatchers(path):
    module = importlib.import_module(f"layerlab.engine.kernels.{path.stem}")
    found = 0
    for name, obj in vars(module).items():
        if inspect.isfunction(obj) and obj.__module__ == module.__name__:
            assert (path.name, name) in ALLOWED, f"{name} in {path.name} is not a kernel"
        if isinstance(obj, CPUDispatcher) and obj.py_func.__module__ == module.__name__:
            opts = obj.targetoptions
            assert opts["nogil"] is True and opts["fastmath"] == _jit.FASTMATH, name
            assert obj._cache.__class__.__name__ != "NullCache", f"{name} is not cached"
            found += 1
    assert found >= 1


def test_fast_math_keeps_nan_and_inf_checks():
    assert not _jit.FASTMATH & {"nnan", "ninf", "fast"}


def _imports(path: Path, root: Path = SRC.parent) -> set[str]:
    """Absolute module names imported by a source file (relative imports resolved)."""
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}".rstrip(".")
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)
    return out


@pytest.mark.parametrize("package", ["engine", "data"])
def test_engine_and_data_sources_import_no_gui(package):
    files = sorted((SRC / package).rglob("*.py"))
    assert len(files) > 5
    for path in files:
        bad = {m for m in _imports(path) if m.split(".")[0] in FORBIDDEN or
               m.startswith("layerlab.app")}  # fmt: skip
        assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)}"


def test_import_walker_resolves_relative_imports(tmp_path):
    path = tmp_path / "layerlab" / "engine" / "probe.py"
    path.parent.mkdir(parents=True)
    path.write_text("from ..app import views\nimport PySide6.QtCore\nfrom . import spec\n")
    names = _imports(path, tmp_path)
    assert {"layerlab.app.views", "PySide6.QtCore", "layerlab.engine.spec"} <= names


def test_importing_every_engine_and_data_module_loads_no_gui():
    code = (
        "import importlib, pkgutil, sys, layerlab.engine, layerlab.data\n"
        "for pkg in (layerlab.engine, layerlab.data):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'pyqtgraph', 'shiboken6') or m.startswith('layerlab.app')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("root", ["src/layerlab/engine", "tests/engine"])
def test_modules_stay_under_500_lines(root):
    base = SRC.parents[1] / root
    for path in base.rglob("*.py"):
        lines = path.read_text().count("\n")
        assert lines < 500, f"{path.relative_to(base.parent)} has {lines} lines"
