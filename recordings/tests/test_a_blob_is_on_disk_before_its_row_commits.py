"""A stored call's audio is on the disk, not only in the page cache, before its row commits.

The recorder deletes its copy once the upload is answered 201; a power cut
after the commit must not leave a row whose blob was never written out (a
zero-length or torn file on a filesystem with delayed allocation). So the
blob is flushed (fsync), renamed into place and its folder flushed, all
before the INSERT of its row; a failure on the way leaves no file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import connection

from recordings.models import Recording
from recordings.services import parse_call_metadata, recording_ingest
from vault.blobs import PART_PREFIX, store_encrypted_stream

from .conftest import call_data

pytestmark = pytest.mark.django_db


def _files(root) -> list[Path]:
    return [Path(d) / f for d, _s, files in os.walk(root) for f in files]


def test_the_blob_and_its_folder_are_flushed_before_the_row_is_written(personas, audio_file, settings, monkeypatch):
    events: list[tuple[str, str]] = []
    real_fsync = os.fsync

    def watched_fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def watched_execute(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "recordings_recording"'):
            events.append(("insert", ""))
        return execute(sql, params, many, context)

    monkeypatch.setattr(os, "fsync", watched_fsync)
    with connection.execute_wrapper(watched_execute):
        recording, created = recording_ingest(
            register=personas.register,
            audio_path=audio_file("wav-mulaw", 3.0),
            metadata=parse_call_metadata(call_data(3.0)),
        )
    assert created
    blob = Path(settings.MEDIA_ROOT) / recording.original_blob
    assert blob.is_file() and blob.stat().st_size > 3 * 8000
    insert = events.index(("insert", ""))
    flushed = [path for kind, path in events[:insert] if kind == "fsync"]
    # The ciphertext was flushed under its temporary name, then the folder that now names it.
    assert any(Path(p).parent == blob.parent and Path(p).name.startswith(PART_PREFIX) for p in flushed), flushed
    assert str(blob.parent) in flushed, flushed
    assert flushed.index(str(blob.parent)) > max(
        i for i, p in enumerate(flushed) if Path(p).name.startswith(PART_PREFIX)
    )
    # Nothing but the blob is left in storage.
    assert _files(settings.MEDIA_ROOT) == [blob]


def test_a_write_that_fails_half_way_leaves_no_file(settings):
    def half_then_fail(writer):
        writer.write(b"x" * 200_000)
        raise OSError(5, "Input/output error")

    with pytest.raises(OSError):
        store_encrypted_stream(half_then_fail, data_key=os.urandom(32), associated_data=b"test")
    assert _files(settings.MEDIA_ROOT) == []


def test_a_part_file_a_killed_process_left_is_an_orphan_for_reconcile(personas, settings):
    from datetime import timedelta

    from retention.reconcile import reconcile_storage

    folder = Path(settings.MEDIA_ROOT) / "vault" / "ab"
    folder.mkdir(parents=True)
    (folder / f"{PART_PREFIX}killed").write_bytes(b"RAV1 half")
    report = reconcile_storage(fix=True, grace=timedelta(0))
    assert report.orphan_blobs == [f"vault/ab/{PART_PREFIX}killed"]
    assert _files(settings.MEDIA_ROOT) == []
    assert not Recording.objects.exists()
