"""A backup taken while calls keep arriving passes its own verification.

The manifest's counts and the dump come from one snapshot (pg_dump --snapshot
with the counting transaction's exported snapshot). Here calls are committed
while pg_dump runs and right after it, before anything else of the backup is
written: the dump and the counts must agree all the same.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from backups import services
from backups.services import backup_create, backup_verify
from recordings.models import Recording
from testkit import make_personas, unsaved_recording

pytestmark = pytest.mark.django_db(transaction=True)


def test_calls_committed_during_the_dump_do_not_break_the_backups_counts(tmp_path, monkeypatch):
    personas = make_personas()
    Recording.objects.bulk_create([unsaved_recording(personas.register) for _ in range(20)])
    dump = services._database_dump
    arriving = threading.Event()

    def recorder():
        # Another process's uploads, on a connection of their own.
        while not arriving.is_set():
            Recording.objects.bulk_create([unsaved_recording(personas.register) for _ in range(5)])
        connections.close_all()

    def dump_while_calls_arrive(*args, **kwargs):
        thread = threading.Thread(target=recorder)
        thread.start()
        try:
            return dump(*args, **kwargs)
        finally:
            arriving.set()
            thread.join()
            Recording.objects.bulk_create([unsaved_recording(personas.register) for _ in range(7)])

    monkeypatch.setattr(services, "_database_dump", dump_while_calls_arrive)
    manifest = backup_create(tmp_path / "backup")
    assert Recording.objects.count() > manifest["counts"]["recordings"] >= 20
    report = backup_verify(tmp_path / "backup")
    assert report.restored_counts == manifest["counts"]
