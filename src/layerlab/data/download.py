"""Download files over HTTP(S) with progress, cancellation and MD5 checks."""

from __future__ import annotations

import hashlib
import http.client
import os
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from layerlab.data.dataset import DataError
from layerlab.data.mnist import MNIST_FILES, IdxFile

MNIST_BASE_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/"
CHUNK_SIZE = 64 * 1024

Progress = Callable[[int, int | None], None]


class DownloadError(DataError):
    """A download failed, was cancelled or delivered the wrong bytes."""


def file_md5(path: str | os.PathLike[str]) -> str:
    """Return the hex MD5 digest of a file."""
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download_file(
    url: str,
    dest: str | os.PathLike[str],
    md5: str | None = None,
    progress: Progress | None = None,
    timeout: float = 30.0,
    cancel: Callable[[], bool] | None = None,
) -> Path:
    """Download ``url`` to ``dest`` via ``<dest>.part``, verify its MD5 and rename atomically.

    ``progress(bytes_done, total_or_None)`` is called once before the first chunk and after
    each chunk; ``cancel()`` returning True stops the download. Every failure raises
    DownloadError and leaves neither ``dest`` nor the part file behind.
    """
    dest = Path(dest)
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        digest = _fetch(url, part, progress, timeout, cancel)
        if md5 is not None and digest != md5.lower():
            raise DownloadError(
                f"checksum mismatch for {url}: expected MD5 {md5.lower()}, got {digest}"
            )
        os.replace(part, dest)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return dest


def _fetch(
    url: str,
    part: Path,
    progress: Progress | None,
    timeout: float,
    cancel: Callable[[], bool] | None,
) -> str:
    """Stream ``url`` into ``part`` and return the MD5 of the bytes received."""
    request = urllib.request.Request(url, headers={"User-Agent": "LayerLab"})
    digest, done = hashlib.md5(), 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, open(part, "wb") as f:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if progress:
                progress(0, total)
            while chunk := response.read(CHUNK_SIZE):
                if cancel is not None and cancel():
                    raise DownloadError(f"download of {url} was cancelled")
                f.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        raise DownloadError(_describe(url, exc, timeout)) from exc
    if total is not None and done != total:
        raise DownloadError(f"download of {url} broke off after {done} of {total} bytes")
    return digest.hexdigest()


def _describe(url: str, exc: BaseException, timeout: float) -> str:
    """Turn a network or file error into a message for the user."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"download of {url} failed: the server answered HTTP {exc.code} {exc.reason}"
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, ConnectionRefusedError):
        return f"download of {url} failed: the connection was refused"
    if isinstance(reason, TimeoutError):
        return f"download of {url} failed: no answer within {timeout:g} s (timed out)"
    if isinstance(exc, http.client.IncompleteRead):
        return f"download of {url} broke off after {len(exc.partial)} bytes"
    if isinstance(exc, urllib.error.URLError):
        return f"download of {url} failed: cannot reach the server ({reason})"
    return f"download of {url} failed: {exc}"


def download_mnist(
    dest_folder: str | os.PathLike[str],
    base_url: str = MNIST_BASE_URL,
    progress: Progress | None = None,
    timeout: float = 30.0,
    cancel: Callable[[], bool] | None = None,
    files: dict[str, IdxFile] = MNIST_FILES,
) -> Path:
    """Download the four MNIST files into ``dest_folder``, skipping verified ones already there.

    Files without a known MD5 are skipped whenever present. ``progress`` gets the bytes done
    over all files and their total size (None if unknown).
    """
    folder = Path(dest_folder)
    sizes = [info.size for info in files.values()]
    total = None if None in sizes else sum(s for s in sizes if s is not None)
    done = 0
    for info in files.values():
        dest = folder / info.name
        if not (dest.is_file() and (info.md5 is None or file_md5(dest) == info.md5)):
            url = base_url.rstrip("/") + "/" + info.name
            report = _Offset(progress, done, total) if progress else None
            download_file(url, dest, info.md5, report, timeout, cancel)
        done += dest.stat().st_size
        if progress:
            progress(done, total)
    return folder


class _Offset:
    """A progress callback for one file that reports the bytes done over all files."""

    def __init__(self, progress: Progress, offset: int, total: int | None) -> None:
        self.progress, self.offset, self.total = progress, offset, total

    def __call__(self, done: int, _file_total: int | None) -> None:
        self.progress(self.offset + done, self.total)
