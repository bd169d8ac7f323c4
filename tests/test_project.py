"""Project files: round trip, atomic saves, refusal of unsafe or broken files, autosave."""

import io
import json
import os
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from layerlab import project as pj
from layerlab.engine.network import Network
from layerlab.engine.spec import NetworkSpec
from layerlab.engine.trainer import Trainer
from layerlab.project import Project, ProjectError, load_project, save_project

EXAMPLES = Path(pj.__file__).parent / "resources" / "examples"


@pytest.fixture
def spec() -> NetworkSpec:
    return NetworkSpec.load(EXAMPLES / "reference_bn.json")


@pytest.fixture
def trained(spec):
    """A project of the BN reference network after one short epoch."""
    net = Network(spec)
    rng = np.random.default_rng(0)
    x, y = rng.random((200, 784), dtype=np.float32), rng.integers(0, 10, 200)
    tr = Trainer(net, (x, y))
    tr.fit(2)
    return Project(
        spec,
        layout={"input": (0.0, -120.0), "fc1": (0.0, 0.0), "bn1": (10.5, 90.0)},
        edges=[*pj.edges_from_spec(spec), ("relu1", "drop9")],
        extra_nodes=[{"id": "drop9", "kind": "Dropout", "params": {"rate": 0.2}, "pos": (200, 5)}],
        weights=net.state_dict(),
        optimizer_state=tr.state.copy(),
        training={"step": tr.step, "epoch": tr.epoch, "optimizer": {"kind": "adam", "lr": 1e-3}},
        history=[dict(r) for r in tr.history.rows],
    )


def _write_zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def _project_json(spec: NetworkSpec, **changes) -> bytes:
    doc = {"format": "layerlab-project", "version": 1, "network": spec.to_dict(), **changes}
    return json.dumps(doc).encode()


def _npz(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


# ---- round trip ---------------------------------------------------------------------------------
def test_round_trip_keeps_spec_layout_graph_weights_optimizer_state_and_history(tmp_path, trained):
    path = tmp_path / "net.layerlab"
    save_project(trained, path)
    loaded = load_project(path)
    assert loaded.spec == trained.spec
    assert loaded.layout == trained.layout
    assert loaded.edges == trained.edges
    assert loaded.extra_nodes == [
        {"id": "drop9", "kind": "Dropout", "params": {"rate": 0.2}, "pos": (200.0, 5.0)}
    ]
    assert loaded.weights.keys() == trained.weights.keys()
    for name, value in trained.weights.items():
        np.testing.assert_array_equal(loaded.weights[name], value)
        assert loaded.weights[name].dtype == np.float32
    np.testing.assert_array_equal(loaded.optimizer_state, trained.optimizer_state)
    assert loaded.training == {**trained.training, "step": 4, "epoch": 2}
    assert loaded.history == trained.history and len(loaded.history) == 2


def test_project_file_is_a_deflated_zip_with_the_documented_members(tmp_path, trained):
    path = tmp_path / "net.layerlab"
    save_project(trained, path)
    with zipfile.ZipFile(path) as zf:
        assert set(zf.namelist()) == {"project.json", "weights.npz", "optimizer.npz"}
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in zf.infolist())
        doc = json.loads(zf.read("project.json"))
    assert doc["format"] == "layerlab-project" and doc["version"] == 1
    assert doc["created_with"] == "layerlab 0.1.0"
    assert doc["layout"]["input"] == [0.0, -120.0]
    assert ["relu1", "drop9"] in doc["edges"]
    assert {"step", "epoch", "optimizer"} <= set(doc["training"])


def test_loaded_weights_and_state_resume_the_same_network(tmp_path, trained, spec):
    save_project(trained, tmp_path / "a.layerlab")
    loaded = load_project(tmp_path / "a.layerlab")
    a, b = Network(spec), Network(spec)
    a.load_state_dict(trained.weights)
    b.load_state_dict(loaded.weights)
    x = np.random.default_rng(1).random((5, 784), dtype=np.float32)
    np.testing.assert_array_equal(a.forward(x), b.forward(x))


def test_a_project_without_weights_round_trips(tmp_path, spec):
    path = tmp_path / "plain.layerlab"
    save_project(Project(spec), path)
    loaded = load_project(path)
    assert loaded.weights is None and loaded.optimizer_state is None
    assert loaded.training == {"step": 0, "epoch": 0, "optimizer": spec.optimizer}
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == ["project.json"]


def test_an_invalid_work_in_progress_network_can_be_saved_without_weights(tmp_path):
    spec = NetworkSpec.from_dict(
        {"input": {"shape": [28, 28, 1]}, "layers": [{"id": "fc", "kind": "Dense", "units": 3}]}
    )
    save_project(Project(spec), tmp_path / "wip.layerlab")
    assert load_project(tmp_path / "wip.layerlab").spec == spec


# ---- atomic writes ------------------------------------------------------------------------------
def test_failed_save_leaves_the_old_file_intact_and_no_temp_file(tmp_path, trained, monkeypatch):
    path = tmp_path / "net.layerlab"
    save_project(Project(trained.spec), path)
    before = path.read_bytes()

    def broken_savez(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "savez", broken_savez)
    with pytest.raises(OSError, match="disk full"):
        save_project(trained, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["net.layerlab"]


def test_failed_rename_removes_the_temp_file(tmp_path, trained, monkeypatch):
    def broken_replace(src, dst):
        raise PermissionError("locked")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(PermissionError):
        save_project(trained, tmp_path / "net.layerlab")
    assert os.listdir(tmp_path) == []


def test_saving_mismatched_weights_is_refused_before_touching_the_disk(tmp_path, trained):
    trained.weights["fc1.weight"] = np.zeros((3, 3), np.float32)
    with pytest.raises(ProjectError, match=r"'fc1.weight' has shape \(3, 3\)"):
        save_project(trained, tmp_path / "net.layerlab")
    assert os.listdir(tmp_path) == []


def test_saving_a_non_json_value_is_refused(tmp_path, spec):
    with pytest.raises(ProjectError, match="cannot save"):
        save_project(Project(spec, training={"data": object()}), tmp_path / "x.layerlab")
    assert os.listdir(tmp_path) == []


def test_resaving_keeps_the_file_mode(tmp_path, spec):
    path = tmp_path / "net.layerlab"
    save_project(Project(spec), path)
    path.chmod(0o640)
    save_project(Project(spec), path)
    assert path.stat().st_mode & 0o777 == 0o640


# ---- malformed files ----------------------------------------------------------------------------
def _refused(path: Path, pattern: str) -> ProjectError:
    before = path.read_bytes() if path.exists() else None
    with pytest.raises(ProjectError, match=pattern) as info:
        load_project(path)
    if before is not None:
        assert path.read_bytes() == before  # loading changes nothing
    return info.value


def test_missing_file(tmp_path):
    _refused(tmp_path / "nope.layerlab", "does not exist")


def test_not_a_zip(tmp_path):
    path = tmp_path / "x.layerlab"
    path.write_text("hello")
    _refused(path, "not a zip archive")


def test_truncated_zip(tmp_path, trained):
    path = tmp_path / "x.layerlab"
    save_project(trained, path)
    path.write_bytes(path.read_bytes()[:-200])
    _refused(path, "not a zip archive, or truncated")


def test_corrupt_member_data(tmp_path, spec):
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"project.json": _project_json(spec, history=[{"loss": 1.0}] * 500)})
    data = bytearray(path.read_bytes())
    data[60:80] = bytes(20)  # inside the compressed stream
    path.write_bytes(bytes(data))
    _refused(path, "corrupt")


def test_missing_project_json(tmp_path):
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"weights.npz": _npz(a=np.zeros(2))})
    _refused(path, "it has no project.json")


def test_bad_json_names_line_and_column(tmp_path):
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"project.json": b'{\n  "format": "layerlab-project",\n  "version": 1,,\n}'})
    _refused(path, r"not valid JSON: .* at line 3, column 16")


def test_wrong_format(tmp_path, spec):
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"project.json": json.dumps(spec.to_dict()).encode()})
    _refused(path, "not a LayerLab project .format 'layerlab-network'")


def test_newer_version_asks_for_a_newer_layerlab(tmp_path, spec):
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"project.json": _project_json(spec, version=2)})
    _refused(path, "made by a newer LayerLab")


def test_unknown_old_version(tmp_path, spec):
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"project.json": _project_json(spec, version="one")})
    _refused(path, "unsupported project version 'one'")


def test_invalid_spec_wraps_the_engine_messages(tmp_path, spec):
    bad = {**spec.to_dict(), "batch_size": 0, "colour": "red"}
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"project.json": json.dumps({"format": "layerlab-project", "version": 1,
                                                   "network": bad}).encode()})  # fmt: skip
    err = _refused(path, "network in x.layerlab is invalid")
    assert "unknown key 'colour'" in str(err) and "'batch_size' must be" in str(err)
    assert {p.code for p in err.problems} == {"unknown_key", "batch_size"}


def test_bad_layout_is_refused(tmp_path, spec):
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"project.json": _project_json(spec, layout={"fc1": [1, "a"]})})
    _refused(path, "layout of 'fc1' must be a position")


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"fc1.weight": np.zeros((784, 100))}, "missing 'fc1.bias'"),
        ({"fc1.weight": np.zeros((10, 100))}, r"'fc1.weight' has shape \(10, 100\)"),
        ({"mystery.weight": np.zeros(3)}, "unknown weight 'mystery.weight'"),
    ],
)
def test_weights_that_do_not_match_the_spec_say_which(tmp_path, trained, weights, message):
    path = tmp_path / "x.layerlab"
    full = {**trained.weights, **weights} if "fc1.bias" not in message else weights
    _write_zip(path, {"project.json": _project_json(trained.spec), "weights.npz": _npz(**full)})
    _refused(path, f"weights do not match the network: .*{message}")


def test_object_arrays_are_refused_as_unsafe(tmp_path, trained):
    path = tmp_path / "x.layerlab"
    evil = {**trained.weights, "fc1.bias": np.array([{"a": 1}] * 100, dtype=object)}
    _write_zip(path, {"project.json": _project_json(trained.spec), "weights.npz": _npz(**evil)})
    _refused(path, "unsafe or corrupt weights")


def test_garbage_weights_member_is_refused(tmp_path, spec):
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"project.json": _project_json(spec), "weights.npz": b"not an npz"})
    _refused(path, "unsafe or corrupt weights")


def test_array_header_claiming_more_data_than_stored_is_refused(tmp_path, spec):
    npy = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        npy, {"descr": "<f4", "fortran_order": False, "shape": (10**6, 10**6)}
    )
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("fc1.weight.npy", npy.getvalue() + b"\0" * 64)
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"project.json": _project_json(spec), "weights.npz": inner.getvalue()})
    _refused(path, "'fc1.weight.npy' is truncated")


def test_wrong_optimizer_state_shape(tmp_path, trained):
    path = tmp_path / "x.layerlab"
    _write_zip(
        path,
        {
            "project.json": _project_json(trained.spec),
            "weights.npz": _npz(**trained.weights),
            "optimizer.npz": _npz(state=np.zeros((2, 5), np.float32)),
        },
    )
    _refused(path, r"optimizer state has shape \(2, 5\) but the network needs \(2, 79710\)")


@pytest.mark.parametrize("name", ["../evil.json", "/etc/evil", "a/../../b", "C:evil"])
def test_unsafe_member_paths_are_refused(tmp_path, spec, name):
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"project.json": _project_json(spec), name: b"x"})
    _refused(path, "unsafe path")


def _declare_size(path: Path, member: str, size: int) -> None:
    """Patch the central directory so ``member`` claims ``size`` uncompressed bytes."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")  # first central-directory header
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_len] == member.encode():
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def test_member_declaring_a_huge_size_is_refused_as_a_zip_bomb(tmp_path, spec):
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"project.json": _project_json(spec), "weights.npz": b"\0" * 1000})
    _declare_size(path, "weights.npz", 0xFFFF0000)
    _refused(path, "possible zip bomb")


def test_members_over_the_limits_are_refused(tmp_path, spec, monkeypatch):
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"project.json": _project_json(spec), "weights.npz": b"\0" * 200_000})
    monkeypatch.setattr(pj, "MAX_RATIO", 100)
    _refused(path, "times its packed size")
    monkeypatch.setattr(pj, "MAX_RATIO", 1100)
    monkeypatch.setattr(pj, "MAX_MEMBER_BYTES", 100_000)
    _refused(path, "would unpack to 200,000 bytes")


def test_deeply_nested_json_is_refused(tmp_path):
    path = tmp_path / "x.layerlab"
    _write_zip(path, {"project.json": b"[" * 100_000 + b"]" * 100_000})
    _refused(path, "nested too deeply")


def test_project_code_never_unpickles():
    source = Path(pj.__file__).read_text()
    assert "import pickle" not in source and "allow_pickle=True" not in source


# ---- load_any -----------------------------------------------------------------------------------
def test_load_any_reads_a_plain_spec_with_the_chain_as_edges(spec):
    p = pj.load_any(EXAMPLES / "reference_bn.json")
    assert p.spec == spec and p.layout == {} and p.weights is None
    assert p.edges == [("input", "fc1"), ("fc1", "bn1"), ("bn1", "relu1"), ("relu1", "fc2")]


def test_load_any_reads_a_project(tmp_path, trained):
    save_project(trained, tmp_path / "net.layerlab")
    assert pj.load_any(tmp_path / "net.layerlab").weights is not None


def test_load_any_reports_bad_spec_json_with_line_and_column(tmp_path):
    path = tmp_path / "net.json"
    path.write_text('{"input": {"shape": [2]},\n "layers": [}')
    with pytest.raises(ProjectError, match="line 2, column"):
        pj.load_any(path)


def test_load_any_refuses_a_project_named_layerlab_that_is_not_a_zip(tmp_path):
    path = tmp_path / "net.layerlab"
    path.write_text("{}")
    with pytest.raises(ProjectError, match="not a zip"):
        pj.load_any(path)


# ---- autosave and recovery ----------------------------------------------------------------------
@pytest.fixture
def autosave_dir(tmp_path, monkeypatch):
    folder = tmp_path / "autosave"
    monkeypatch.setenv("LAYERLAB_AUTOSAVE_DIR", str(folder))
    return folder


def test_autosave_paths_live_in_the_autosave_folder(autosave_dir, tmp_path):
    a, b = (
        pj.autosave_path(tmp_path / "one.layerlab"),
        pj.autosave_path(tmp_path / "x/one.layerlab"),
    )
    assert a.parent == autosave_dir and a != b and a.name.startswith("one-")
    assert pj.autosave_path(None).name == f"untitled-{os.getpid()}.layerlab"


def test_autosave_of_an_unsaved_project_is_offered_then_discarded(autosave_dir, spec):
    auto = pj.write_autosave(Project(spec), None)
    assert pj.find_recovery() == [auto]
    assert pj.autosave_target(auto) is None
    assert load_project(auto).spec == spec
    pj.discard_autosave(auto)
    assert pj.find_recovery() == [] and not auto.exists()


def test_autosave_is_offered_only_while_newer_than_its_project(autosave_dir, tmp_path, trained):
    path = tmp_path / "net.layerlab"
    save_project(trained, path)
    auto = pj.write_autosave(trained, path)
    os.utime(path, (1_000_000, 1_000_000))
    assert pj.find_recovery() == [auto]
    assert pj.autosave_target(auto) == path.resolve()
    assert load_project(auto).weights.keys() == trained.weights.keys()
    save_project(trained, path)  # saved after the autosave: nothing to recover
    os.utime(auto, (1_000_000, 1_000_000))
    assert pj.find_recovery() == []
    pj.discard_autosave(path)  # by project path
    assert not auto.exists()


def test_autosave_of_a_deleted_project_is_offered(autosave_dir, tmp_path, spec):
    auto = pj.write_autosave(Project(spec), tmp_path / "gone.layerlab")
    assert pj.find_recovery() == [auto]


def test_recovery_skips_damaged_autosaves_and_lists_newest_first(autosave_dir, spec):
    autosave_dir.mkdir()
    (autosave_dir / "junk.layerlab").write_text("not a zip")
    old = pj.write_autosave(Project(spec), autosave_dir / "elsewhere" / "old.layerlab")
    os.utime(old, (1_000_000, 1_000_000))
    new = pj.write_autosave(Project(spec), None)
    assert pj.find_recovery() == [new, old]


def test_find_recovery_without_a_folder_is_empty(autosave_dir):
    assert pj.find_recovery() == []
    pj.discard_autosave(None)  # nothing to discard is fine
