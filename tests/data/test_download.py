"""Tests for layerlab.data.download, against a loopback HTTP server only."""

from __future__ import annotations

import hashlib
import itertools
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from layerlab.data.download import (
    CHUNK_SIZE,
    DownloadError,
    download_file,
    download_mnist,
    file_md5,
)
from layerlab.data.mnist import IdxFile


class _Server(ThreadingHTTPServer):
    block_on_close = False

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.requests: list[str] = []
        self.release = threading.Event()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        if self.path == "/truncated":
            self._send_head(1000)
            self.wfile.write(b"x" * 500)
            self.close_connection = True
        elif self.path == "/slow":
            self.server.release.wait(5)
            self.send_error(503)
        else:
            path = self.server.root / self.path.lstrip("/")
            if not path.is_file():
                self.send_error(404, "Not Found")
                return
            body = path.read_bytes()
            self._send_head(len(body))
            self.wfile.write(body)

    def _send_head(self, length: int) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Server]:
    """A loopback HTTP server serving tmp_path/'served'; no proxy may intervene."""
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    root = tmp_path / "served"
    root.mkdir()
    srv = _Server(root)
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield srv
    srv.release.set()
    srv.shutdown()
    srv.server_close()
    thread.join(5)


def _url(srv: _Server, name: str) -> str:
    return f"http://127.0.0.1:{srv.server_address[1]}/{name}"


def _serve(srv: _Server, name: str, size: int) -> bytes:
    body = np.random.default_rng(size).integers(0, 256, size, dtype=np.uint8).tobytes()
    (srv.root / name).write_bytes(body)
    return body


def test_download_with_the_right_md5_writes_the_file(server: _Server, tmp_path: Path) -> None:
    body = _serve(server, "data.bin", 1000)
    dest = tmp_path / "out" / "data.bin"
    got = download_file(_url(server, "data.bin"), dest, md5=hashlib.md5(body).hexdigest())
    assert got == dest
    assert dest.read_bytes() == body
    assert list(dest.parent.iterdir()) == [dest]


def test_md5_mismatch_raises_and_leaves_no_file(server: _Server, tmp_path: Path) -> None:
    body = _serve(server, "data.bin", 1000)
    dest = tmp_path / "out" / "data.bin"
    with pytest.raises(
        DownloadError, match=f"expected MD5 {'0' * 32}, got {hashlib.md5(body).hexdigest()}"
    ):
        download_file(_url(server, "data.bin"), dest, md5="0" * 32)
    assert list(dest.parent.iterdir()) == []


def test_http_404_is_reported_with_its_status(server: _Server, tmp_path: Path) -> None:
    dest = tmp_path / "out" / "nothing.bin"
    with pytest.raises(DownloadError, match="the server answered HTTP 404 Not Found"):
        download_file(_url(server, "nothing.bin"), dest)
    assert list(dest.parent.iterdir()) == []


def test_body_shorter_than_its_content_length_is_reported(server: _Server, tmp_path: Path) -> None:
    dest = tmp_path / "out" / "t.bin"
    with pytest.raises(DownloadError, match="broke off after 500 of 1000 bytes"):
        download_file(_url(server, "truncated"), dest)
    assert list(dest.parent.iterdir()) == []


def test_connection_refused_is_reported(tmp_path: Path) -> None:
    with socket.socket() as sock:  # find a loopback port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(DownloadError, match="the connection was refused"):
        download_file(f"http://127.0.0.1:{port}/x", tmp_path / "x")


def test_a_silent_server_times_out(server: _Server, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match=r"no answer within 0\.2 s"):
        download_file(_url(server, "slow"), tmp_path / "slow.bin", timeout=0.2)
    assert not (tmp_path / "slow.bin.part").exists()


def test_progress_counts_up_to_the_total(server: _Server, tmp_path: Path) -> None:
    size = 2 * CHUNK_SIZE + 123
    _serve(server, "big.bin", size)
    calls: list[tuple[int, int | None]] = []
    download_file(
        _url(server, "big.bin"), tmp_path / "big.bin", progress=lambda d, t: calls.append((d, t))
    )
    done = [d for d, _ in calls]
    assert calls[0] == (0, size)
    assert calls[-1] == (size, size)
    assert all(b > a for a, b in itertools.pairwise(done))
    assert {t for _, t in calls} == {size}


def test_cancel_stops_the_download_and_removes_the_part_file(
    server: _Server, tmp_path: Path
) -> None:
    _serve(server, "big.bin", 3 * CHUNK_SIZE)
    seen: list[int] = []
    dest = tmp_path / "out" / "big.bin"
    with pytest.raises(DownloadError, match="cancelled"):
        download_file(
            _url(server, "big.bin"),
            dest,
            progress=lambda d, t: seen.append(d),
            cancel=lambda: len(seen) >= 2,
        )
    assert seen == [0, CHUNK_SIZE]
    assert list(dest.parent.iterdir()) == []


def test_an_existing_file_is_replaced_only_on_success(server: _Server, tmp_path: Path) -> None:
    dest = tmp_path / "data.bin"
    dest.write_bytes(b"old")
    with pytest.raises(DownloadError):
        download_file(_url(server, "missing.bin"), dest)
    assert dest.read_bytes() == b"old"
    body = _serve(server, "data.bin", 10)
    download_file(_url(server, "data.bin"), dest)
    assert dest.read_bytes() == body


def test_file_md5_matches_hashlib(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"abc")
    assert file_md5(path) == "900150983cd24fb0d6963f7d28e17f72"


def _fake_mnist(server: _Server) -> dict[str, IdxFile]:
    files = {}
    for k, role in enumerate(["train_images", "train_labels", "test_images", "test_labels"]):
        name = f"{role}.gz"
        body = _serve(server, name, 100 * (k + 1))
        files[role] = IdxFile(name, hashlib.md5(body).hexdigest(), len(body))
    return files


def test_download_mnist_fetches_all_files_and_reports_overall_progress(
    server: _Server, tmp_path: Path
) -> None:
    files = _fake_mnist(server)
    calls: list[tuple[int, int | None]] = []
    folder = download_mnist(
        tmp_path / "mnist", _url(server, ""), lambda d, t: calls.append((d, t)), files=files
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(f.name for f in files.values())
    assert calls[-1] == (1000, 1000)  # 100 + 200 + 300 + 400 bytes
    done = [d for d, _ in calls]
    assert done == sorted(done)


def test_download_mnist_skips_files_already_present_with_the_right_md5(
    server: _Server, tmp_path: Path
) -> None:
    files = _fake_mnist(server)
    folder = tmp_path / "mnist"
    folder.mkdir()
    (folder / "train_images.gz").write_bytes((server.root / "train_images.gz").read_bytes())
    (folder / "test_labels.gz").write_bytes(b"stale")
    download_mnist(folder, _url(server, ""), files=files)
    assert sorted(server.requests) == ["/test_images.gz", "/test_labels.gz", "/train_labels.gz"]
    assert file_md5(folder / "test_labels.gz") == files["test_labels"].md5
