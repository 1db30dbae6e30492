"""An export package is zipped straight into its encryption: no byte of its plaintext is written to any file.

The watch is Python's audit hook (PEP 578): every file the process opens for
writing while the package is built is noted, opened for reading before it is
deleted (so a temporary file removed at once can still be read, its data
stays reachable through that descriptor), and read when the build is done.
An anonymous O_TMPFILE file could not be read back, so the watch refuses to
make one and `tempfile` falls back to a named file, as it does on a file
system without O_TMPFILE.
"""

from __future__ import annotations

import errno
import os
import sys

from recordings.services import open_audio
from subject_requests import services

from .conftest import LINK_BASE

_watch = None


def _audit(event: str, args: tuple) -> None:
    if _watch is not None:
        _watch.see(event, args)


sys.addaudithook(_audit)


class FilesWritten:
    """Every file the process opens for writing while watched, with what it held at the end."""

    def __init__(self):
        self.paths: set[str] = set()
        self.kept: list[tuple[str, int]] = []
        self._inside = False

    def __enter__(self) -> FilesWritten:
        global _watch
        _watch = self
        return self

    def __exit__(self, *exc) -> None:
        global _watch
        _watch = None

    def see(self, event: str, args: tuple) -> None:
        if self._inside:
            return
        self._inside = True
        try:
            if event == "open":
                self._opened(*args)
            elif event == "os.remove":
                path = self._resolve(*args)
                if path in self.paths and os.path.isfile(path):
                    self.kept.append((path, os.open(path, os.O_RDONLY)))
            elif event == "os.rename" and self._resolve(args[0], args[2]) in self.paths:
                self.paths.add(self._resolve(args[1], args[3]))
        finally:
            self._inside = False

    def _opened(self, path, mode, flags) -> None:
        if not isinstance(path, str | bytes | os.PathLike):
            return  # an already open descriptor
        if flags & os.O_TMPFILE == os.O_TMPFILE:
            raise OSError(errno.EOPNOTSUPP, "the watch cannot read an anonymous file back")
        if mode is not None:
            writes = any(c in mode for c in "wax+")
        else:
            writes = bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        if writes:
            self.paths.add(os.path.abspath(os.fsdecode(path)))

    @staticmethod
    def _resolve(path, dir_fd=None) -> str:
        path = os.fsdecode(path)
        if dir_fd is not None and not os.path.isabs(path):
            path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
        return os.path.abspath(path)

    def contents(self) -> list[tuple[str, bytes]]:
        """(path, bytes) of every file written: those still there, and those deleted, through the kept descriptor."""
        found = []
        for path in sorted(self.paths):
            if os.path.isfile(path):
                with open(path, "rb") as fh:
                    found.append((path, fh.read()))
        for path, fd in self.kept:
            os.lseek(fd, 0, os.SEEK_SET)
            with os.fdopen(fd, "rb") as fh:
                found.append((path, fh.read()))
        return found


def _plaintext_markers(subject_calls) -> dict[str, bytes]:
    """Bytes any copy of the package's plaintext holds verbatim: entry names, and stored (uncompressed) audio."""
    reader = open_audio(subject_calls["as_caller"], variant="original")
    try:
        audio = b"".join(reader.read_all())
    finally:
        reader.close()
    middle = len(audio) // 2
    return {
        "the letter's entry name": b"letter.txt",
        "the metadata's entry name": b"metadata.json",
        "the audio of a call": audio[middle : middle + 512],
    }


def test_no_byte_of_an_export_package_is_written_to_disk_unencrypted(personas, searched_request, subject_calls):
    subject_request = searched_request()
    markers = _plaintext_markers(subject_calls)

    with FilesWritten() as written:
        package, _token = services.export_package_create(
            subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
        )

    reader = services.export_package_open(package)
    try:
        plaintext = b"".join(reader.read_all())
    finally:
        reader.close()
    assert all(marker in plaintext for marker in markers.values()), (
        "the markers must be in the package to mean anything"
    )
    files = written.contents()
    assert files, "the encrypted package itself is written: the watch must have seen it"
    leaks = [f"{what} in {path}" for path, content in files for what, marker in markers.items() if marker in content]
    assert leaks == []
