"""Project files (.layerlab: a zip of project.json, weights.npz, optimizer.npz) and autosaves.

Nothing in a file can run code: JSON is data, arrays load with allow_pickle=False after their
headers are checked, names and sizes are checked before unpacking, nothing is extracted to disk.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import tempfile
import time
import zipfile
import zlib
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from layerlab import __version__
from layerlab.engine.errors import Problem, SpecError
from layerlab.engine.shapes import INPUT_ID, infer
from layerlab.engine.spec import NetworkSpec

FORMAT = "layerlab-project"
VERSION = 1
SUFFIX = ".layerlab"
PROJECT_JSON, WEIGHTS_NPZ, OPTIMIZER_NPZ = "project.json", "weights.npz", "optimizer.npz"
AUTOSAVE_JSON = "autosave.json"  # only in autosaves: which project file they belong to
MAX_MEMBER_BYTES = 1 << 30  # uncompressed size of any one member
MAX_JSON_BYTES = 64 << 20
MAX_TOTAL_BYTES = 2 << 30
MAX_RATIO = 1100  # deflate cannot beat ~1032:1, so more means a crafted (nested) bomb
MAX_MEMBERS = 4096
PathLike = str | os.PathLike[str]


class ProjectError(ValueError):
    """A project file that cannot be read or written; ``problems`` holds spec problems if any."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems = list(problems or [])
        super().__init__(message)


@dataclass(eq=False)
class Project:
    """Everything a project file holds; ``weights`` and ``optimizer_state`` may be None."""

    spec: NetworkSpec
    layout: dict[str, tuple[float, float]] = field(default_factory=dict)
    edges: list[tuple[str, str]] = field(default_factory=list)
    extra_nodes: list[dict[str, Any]] = field(default_factory=list)
    weights: dict[str, np.ndarray] | None = None
    optimizer_state: np.ndarray | None = None
    training: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, float]] = field(default_factory=list)


# ---- checking (shared by save and load) -------------------------------------------------------
def _number(v: Any) -> bool:
    return isinstance(v, int | float | np.number) and not isinstance(v, bool)


def _pos(value: Any, where: str) -> tuple[float, float]:
    ok = isinstance(value, list | tuple) and len(value) == 2 and all(map(_number, value))
    if not ok or not all(math.isfinite(v) for v in value):
        raise ProjectError(f"{where} must be a position [x, y], got {value!r}")
    return float(value[0]), float(value[1])


def _graph(project: Project) -> tuple[dict, list, list]:
    if not isinstance(project.layout, dict):
        raise ProjectError("'layout' must map node ids to positions [x, y]")
    layout = {str(k): _pos(v, f"layout of '{k}'") for k, v in project.layout.items()}
    edges = []
    for e in project.edges if isinstance(project.edges, list | tuple) else [None]:
        if not (isinstance(e, list | tuple) and len(e) == 2 and all(isinstance(s, str) for s in e)):
            raise ProjectError(f"'edges' must be a list of [source id, target id] pairs, got {e!r}")
        edges.append((e[0], e[1]))
    nodes = []
    for n in project.extra_nodes if isinstance(project.extra_nodes, list | tuple) else [None]:
        ok = isinstance(n, dict) and isinstance(n.get("id"), str) and isinstance(n.get("kind"), str)
        if not ok or not isinstance(n.get("params", {}), dict):
            raise ProjectError(f"each extra node needs an 'id', a 'kind' and 'params': {n!r}")
        pos = _pos(n.get("pos", (0.0, 0.0)), f"position of node '{n['id']}'")
        nodes.append(
            {"id": n["id"], "kind": n["kind"], "params": dict(n.get("params", {})), "pos": pos}
        )
    return layout, edges, nodes


def _training(training: Any, spec: NetworkSpec) -> dict[str, Any]:
    if not isinstance(training, dict):
        raise ProjectError("'training' must be an object with 'step', 'epoch' and 'optimizer'")
    opt = training.get("optimizer") or spec.optimizer
    if not isinstance(opt, dict):
        raise ProjectError(f"training 'optimizer' must be an object, got {opt!r}")
    out = {**training, "optimizer": dict(opt)}
    for key in ("step", "epoch"):
        v = training.get(key, 0)
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 0:
            raise ProjectError(f"training '{key}' must be a whole number >= 0, got {v!r}")
        out[key] = int(v)
    return out


def _history(rows: Any) -> list[dict[str, float]]:
    out = []
    for i, row in enumerate(rows if isinstance(rows, list | tuple) else [None]):
        if not isinstance(row, dict) or not all(
            isinstance(k, str) and _number(v) for k, v in row.items()
        ):
            raise ProjectError(f"history row {i + 1} must map metric names to numbers: {row!r}")
        out.append({k: float(v) for k, v in row.items()})
    return out


def expected_weights(spec: NetworkSpec) -> dict[str, tuple[tuple[int, ...], bool]]:
    """Parameter name -> (shape, trainable) for ``spec``; ProjectError if the spec is invalid."""
    inf = infer(spec)
    if not inf.ok:
        text = "\n".join(p.message for p in inf.problems)
        raise ProjectError(
            f"the network has problems, so weights cannot go with it:\n{text}", inf.problems
        )
    return {
        f"{la.id}.{w.name}": (tuple(w.shape), w.trainable)
        for la in inf.layers
        for w in la.weights(inf.in_shapes[la.id])
    }


def _weights(weights: Any, spec: NetworkSpec) -> dict[str, np.ndarray] | None:
    if weights is None:
        return None
    expected = expected_weights(spec)
    wrong = [f"missing '{n}'" for n in expected if n not in weights]
    for name, arr in weights.items():
        if name not in expected:
            wrong.append(f"unknown weight '{name}'")
        elif np.shape(arr) != expected[name][0]:
            wrong.append(
                f"'{name}' has shape {np.shape(arr)} but the network needs {expected[name][0]}"
            )
        elif not np.issubdtype(np.asarray(arr).dtype, np.number):
            wrong.append(f"'{name}' holds {np.asarray(arr).dtype} values, not numbers")
    if wrong:
        raise ProjectError("the weights do not match the network: " + "; ".join(wrong))
    return {n: np.ascontiguousarray(weights[n], dtype=np.float32) for n in expected}


def _optimizer_state(state: Any, spec: NetworkSpec) -> np.ndarray | None:
    if state is None:
        return None
    n = sum(math.prod(shape) for shape, trainable in expected_weights(spec).values() if trainable)
    if np.shape(state) != (2, n) or not np.issubdtype(np.asarray(state).dtype, np.number):
        raise ProjectError(
            f"the optimizer state has shape {np.shape(state)} but the network needs (2, {n})"
        )
    return np.ascontiguousarray(state, dtype=np.float32)


def check_project(project: Project) -> Project:
    """A normalised copy (tuples, float32 arrays, floats), or ProjectError saying what is wrong."""
    if not isinstance(project.spec, NetworkSpec):
        raise ProjectError("a project needs a NetworkSpec")
    layout, edges, nodes = _graph(project)
    weights = _weights(project.weights, project.spec)
    state = _optimizer_state(project.optimizer_state, project.spec)
    training, history = _training(project.training, project.spec), _history(project.history)
    return Project(project.spec, layout, edges, nodes, weights, state, training, history)


# ---- reading ----------------------------------------------------------------------------------
def _check_members(infos: list[zipfile.ZipInfo], what: str) -> None:
    """Refuse unsafe names, duplicates and sizes that a real file of ours never has."""
    if len(infos) > MAX_MEMBERS:
        raise ProjectError(f"{what} has {len(infos)} members; a LayerLab file has a handful")
    names, total = set(), 0
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or "\0" in name or ":" in parts[0]:
            raise ProjectError(f"{what} contains an unsafe path {name!r}; it was not opened")
        if name in names:
            raise ProjectError(f"{what} contains {name!r} twice; it is corrupt or crafted")
        names.add(name)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES or ratio > MAX_RATIO:
            raise ProjectError(
                f"{what}: {name!r} would unpack to {info.file_size:,} bytes "
                f"({ratio:.0f} times its packed size); refusing it as a possible zip bomb"
            )


def _read_member(zf: zipfile.ZipFile, name: str, what: str, limit: int) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > limit:
        raise ProjectError(f"{what}: {name} is {info.file_size:,} bytes, more than {limit:,}")
    try:
        with zf.open(info) as f:
            return f.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        raise ProjectError(f"{what} is corrupt: cannot unpack {name} ({e})") from None
    except (RuntimeError, NotImplementedError) as e:  # encrypted, unknown compression
        raise ProjectError(f"{what}: cannot unpack {name} ({e})") from None


def _check_npy_headers(zf: zipfile.ZipFile, what: str) -> None:
    """Refuse object arrays and headers claiming more data than the member holds."""
    for info in zf.infolist():
        with zf.open(info) as f:
            major = min(np.lib.format.read_magic(f)[0], 2)
            shape, _, dtype = getattr(np.lib.format, f"read_array_header_{major}_0")(f)
        if dtype.hasobject or dtype.kind not in "biuf":
            raise ProjectError(
                f"unsafe or corrupt weights in {what}: '{info.filename}' holds {dtype} values "
                "(object arrays could run code and are never loaded)"
            )
        if math.prod(shape) * dtype.itemsize > info.file_size:
            raise ProjectError(f"corrupt weights in {what}: '{info.filename}' is truncated")


def read_npz(data: bytes, what: str) -> dict[str, np.ndarray]:
    """Arrays of an .npz held in memory, checked before loading; never unpickles."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _check_members(zf.infolist(), what)
            _check_npy_headers(zf, what)
        with np.load(io.BytesIO(data), allow_pickle=False) as f:
            return {k: f[k] for k in f.files}
    except ProjectError:
        raise
    except (ValueError, OSError, EOFError, zlib.error, zipfile.BadZipFile, RuntimeError) as e:
        raise ProjectError(f"unsafe or corrupt weights in {what}: {e}") from None


def _parse_json(data: bytes, what: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProjectError(f"{what} is not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise ProjectError(
            f"{what} is not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}"
        ) from None
    except RecursionError:
        raise ProjectError(f"{what} is nested too deeply") from None


def _spec(data: Any, what: str) -> NetworkSpec:
    try:
        return NetworkSpec.from_dict(data)
    except SpecError as e:
        raise ProjectError(f"the network in {what} is invalid:\n{e}", e.problems) from None


def _from_json(doc: Any, where: str) -> Project:
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        got = doc.get("format") if isinstance(doc, dict) else type(doc).__name__
        raise ProjectError(f"{where}: not a LayerLab project (format {got!r})")
    version = doc.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise ProjectError(
            f"{where} was made by a newer LayerLab (project version {version}; this one reads "
            f"version {VERSION} and older): update LayerLab to open it"
        )
    if version != VERSION:
        raise ProjectError(f"{where}: unsupported project version {version!r}")
    if "network" not in doc:
        raise ProjectError(f"{where} has no 'network'")
    spec = _spec(doc["network"], where)
    layout = doc.get("layout", {})
    return Project(
        spec,
        layout if isinstance(layout, dict) else None,  # type: ignore[arg-type]
        doc.get("edges", []),
        doc.get("extra_nodes", []),
        training=doc.get("training", {}),
        history=doc.get("history", []),
    )


def _read_archive(path: Path, wanted: tuple[str, ...]) -> tuple[dict[str, bytes], str]:
    """The ``wanted`` members that exist (project.json must), checked and unpacked."""
    what = path.name
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ProjectError(f"{path} does not exist") from None
    except zipfile.BadZipFile:
        raise ProjectError(
            f"{what} is not a LayerLab project: not a zip archive, or truncated"
        ) from None
    except OSError as e:
        raise ProjectError(f"cannot read {path}: {e.strerror or e}") from None
    with zf:
        _check_members(zf.infolist(), what)
        names = set(zf.namelist())
        if PROJECT_JSON not in names:
            raise ProjectError(f"{what} is not a LayerLab project: it has no {PROJECT_JSON}")
        limits = {PROJECT_JSON: MAX_JSON_BYTES, AUTOSAVE_JSON: 1 << 16}
        found = [n for n in wanted if n in names]
        return {n: _read_member(zf, n, what, limits.get(n, MAX_MEMBER_BYTES)) for n in found}, what


def load_project(path: PathLike) -> Project:
    """Read a .layerlab file; ProjectError (nothing changed) if unsafe, corrupt or invalid."""
    members, what = _read_archive(Path(path), (PROJECT_JSON, WEIGHTS_NPZ, OPTIMIZER_NPZ))
    project = _from_json(_parse_json(members[PROJECT_JSON], f"{what}/{PROJECT_JSON}"), what)
    if WEIGHTS_NPZ in members:
        project.weights = read_npz(members[WEIGHTS_NPZ], f"{what}/{WEIGHTS_NPZ}")
    if OPTIMIZER_NPZ in members:
        arrays = read_npz(members[OPTIMIZER_NPZ], f"{what}/{OPTIMIZER_NPZ}")
        if set(arrays) != {"state"}:
            raise ProjectError(f"{what}/{OPTIMIZER_NPZ} must hold one array called 'state'")
        project.optimizer_state = arrays["state"]
    try:
        return check_project(project)
    except ProjectError as e:
        raise ProjectError(f"{what}: {e}", e.problems) from None


def edges_from_spec(spec: NetworkSpec) -> list[tuple[str, str]]:
    """The builder's edges for a spec: each layer's inputs, or the layer before it."""
    edges, prev = [], INPUT_ID
    for ls in spec.layers:
        edges += [(src, ls.id) for src in ls.inputs or (prev,) if src]
        prev = ls.id
    return edges


def load_any(path: PathLike) -> Project:
    """A .layerlab project, or a plain network spec .json (no layout, no weights)."""
    p = Path(path)
    if p.suffix.lower() == SUFFIX or (p.is_file() and zipfile.is_zipfile(p)):
        return load_project(p)
    try:
        if p.stat().st_size > MAX_JSON_BYTES:
            raise ProjectError(f"{p.name} is too large for a network spec")
        spec = NetworkSpec.from_json(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise ProjectError(f"cannot read {p}: {e}") from None
    except SpecError as e:
        raise ProjectError(f"{p.name}: {e}", e.problems) from None
    return Project(spec, {}, edges_from_spec(spec), [], None, None, _training({}, spec), [])


# ---- writing ----------------------------------------------------------------------------------
def _document(p: Project) -> bytes:
    layout = {k: list(v) for k, v in p.layout.items()}
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "network": p.spec.to_dict(),
        "layout": layout,
        "extra_nodes": [{**n, "pos": list(n["pos"])} for n in p.extra_nodes],
        "edges": [list(e) for e in p.edges],
        "training": p.training,
        "history": p.history,
        "created_with": f"layerlab {__version__}",
    }
    try:
        return json.dumps(doc, indent=1).encode("utf-8")
    except (TypeError, ValueError) as e:
        raise ProjectError(f"cannot save the project: {e}") from None


def _npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def _atomic_write(path: Path, project: Project, doc: bytes, extra: dict[str, bytes]) -> None:
    """Write the zip beside ``path``, flush it to disk, then rename it over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr(PROJECT_JSON, doc)
                if project.weights is not None:
                    zf.writestr(WEIGHTS_NPZ, _npz_bytes(project.weights))
                if project.optimizer_state is not None:
                    zf.writestr(OPTIMIZER_NPZ, _npz_bytes({"state": project.optimizer_state}))
                for name, data in extra.items():
                    zf.writestr(name, data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    with suppress(OSError):  # make the rename itself durable (POSIX; not possible on Windows)
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def save_project(project: Project, path: PathLike, _extra: dict[str, bytes] | None = None) -> None:
    """Write ``project`` atomically: the old file stays whole until the new one is complete.

    Raises ProjectError (before touching the disk) if the project is inconsistent, and
    OSError if the file cannot be written.
    """
    checked = check_project(project)
    _atomic_write(Path(path), checked, _document(checked), _extra or {})


# ---- autosave and recovery ----------------------------------------------------------------------
def autosave_dir() -> Path:
    """$LAYERLAB_AUTOSAVE_DIR, else ~/.cache/layerlab/autosave (XDG_CACHE_HOME respected)."""
    if os.environ.get("LAYERLAB_AUTOSAVE_DIR"):
        return Path(os.environ["LAYERLAB_AUTOSAVE_DIR"])
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "layerlab" / "autosave"


def autosave_path(project_path: PathLike | None) -> Path:
    """Where the autosave of ``project_path`` goes (None: this session's unsaved project)."""
    if project_path is None:
        return autosave_dir() / f"untitled-{os.getpid()}{SUFFIX}"
    full = str(Path(project_path).expanduser().resolve())
    digest = hashlib.sha256(full.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return autosave_dir() / f"{Path(full).stem[:40]}-{digest}{SUFFIX}"


def write_autosave(project: Project, for_path: PathLike | None) -> Path:
    """Save a recovery copy of ``project`` (which belongs at ``for_path``); returns its path."""
    target = autosave_path(for_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    full = str(Path(for_path).expanduser().resolve()) if for_path else None
    info = {"for": full, "time": time.time()}
    save_project(project, target, {AUTOSAVE_JSON: json.dumps(info).encode("utf-8")})
    return target


def autosave_target(autosave: PathLike) -> Path | None:
    """The project file an autosave belongs to (None: unsaved); ProjectError if unreadable."""
    members, what = _read_archive(Path(autosave), (AUTOSAVE_JSON,))
    info = _parse_json(members.get(AUTOSAVE_JSON, b"{}"), f"{what}/{AUTOSAVE_JSON}")
    target = info.get("for") if isinstance(info, dict) else None
    return Path(target) if isinstance(target, str) else None


def find_recovery() -> list[Path]:
    """Autosaves newer than their project file, or of unsaved projects; newest first."""
    folder = autosave_dir()
    found = []
    for auto in folder.glob(f"*{SUFFIX}") if folder.is_dir() else ():
        try:
            target = autosave_target(auto)
            mtime = auto.stat().st_mtime
        except (ProjectError, OSError):
            continue  # a damaged autosave is not worth offering
        if target is None or not target.exists() or target.stat().st_mtime < mtime:
            found.append((mtime, auto))
    return [p for _, p in sorted(found, reverse=True)]


def discard_autosave(path: PathLike | None) -> None:
    """Delete an autosave, given as the autosave itself or as the project it belongs to."""
    p = Path(path) if path is not None else None
    folder = autosave_dir().resolve()
    auto = p if p is not None and p.resolve().parent == folder else autosave_path(p)
    with suppress(FileNotFoundError):
        auto.unlink()
