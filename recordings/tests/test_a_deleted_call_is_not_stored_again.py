"""A call deleted from a register (erasure, retention, an event's task) is never stored in it again.

A recorder that sends a call again (a retry, a nightly re-sync, a connector made anew on the same
PBX folder) would otherwise bring back a call a data subject had erased. The tombstone keeps a keyed
digest of the call's id, never the id itself, and ingest refuses an id whose digest it finds.
"""

from __future__ import annotations

import hashlib
import os

import pytest
from django.urls import reverse

from recordings.errors import IngestConflict
from recordings.models import IngestToken, Recording, Tombstone
from recordings.services import recording_shred, stored_copy

from .conftest import call_data


def upload(client, token, path, data, slug="register-a"):
    with open(path, "rb") as fh:
        return client.post(
            reverse("api_recording_upload", args=[slug]), {**data, "audio": fh}, HTTP_AUTHORIZATION=f"Token {token}"
        )


def blob_files(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    return {os.path.join(d, f) for d, _, files in os.walk(root) for f in files} if os.path.exists(root) else set()


@pytest.fixture
def erased_call(personas, client, ingest_token, audio_file):
    """A call uploaded through the API, then erased at a data subject's request."""
    path = audio_file("wav-mulaw", 3.0)
    data = call_data(3.0, external_id="1733570000.42")
    assert upload(client, ingest_token, path, data).status_code == 201
    recording = Recording.objects.get(external_id="1733570000.42")
    assert recording_shred(recording, reason="erasure", reference="SR-2026-0001")
    return path, data, recording


def test_the_recorder_sending_an_erased_call_again_is_refused_and_nothing_is_stored(
    erased_call, client, ingest_token, settings
):
    path, data, _recording = erased_call
    blobs = blob_files(settings)

    again = upload(client, ingest_token, path, data)

    assert again.status_code == 409, again.content
    assert again.json()["error"].startswith("external_id: this call was deleted from the register")
    assert not Recording.objects.filter(external_id="1733570000.42").exists()
    assert blob_files(settings) == blobs


def test_the_tombstone_keeps_a_keyed_digest_of_the_id_never_the_id(erased_call):
    _path, _data, recording = erased_call
    tombstone = Tombstone.objects.get(recording_public_id=recording.public_id)
    kept = tombstone.external_id_digest

    assert kept and "1733570000" not in kept
    # Not a plain hash of the id either: without the key, guessing ids does not find the call.
    for guess in ("1733570000.42", f"{recording.register_id}:1733570000.42"):
        assert kept != hashlib.sha256(guess.encode()).hexdigest()


def test_the_same_id_in_another_register_is_stored(erased_call, client, personas):
    path, data, _recording = erased_call
    _token, raw = IngestToken.issue(personas.other_register, name="other PBX")

    assert upload(client, raw, path, data, slug="register-b").status_code == 201


def test_a_call_the_purge_deleted_is_not_stored_again(personas, client, ingest_token, audio_file):
    from retention.purge import purge_expired_recordings

    path = audio_file("wav-mulaw", 3.0)
    data = call_data(3.0, external_id="pbx-purged-7")
    assert upload(client, ingest_token, path, data).status_code == 201
    # Expired early (as a rule shortened and recomputed would make it): the purge's own statement deletes it.
    Recording.objects.filter(external_id="pbx-purged-7").update(expires_at="2000-01-01T00:00:00Z")
    assert purge_expired_recordings().deleted == 1

    again = upload(client, ingest_token, path, data)

    assert again.status_code == 409 and "deleted" in again.json()["error"]


def test_a_connector_or_the_import_command_asking_first_is_told_too(erased_call, personas):
    path, data, _recording = erased_call

    with pytest.raises(IngestConflict, match="this call was deleted"):
        stored_copy(personas.register, data["external_id"], path)


def test_rotating_secret_key_does_not_let_an_erased_call_back(erased_call, client, ingest_token, settings):
    """The digest key is its own (CALL_ID_DIGEST_KEY): SECRET_KEY rotated after a leak, old fallbacks dropped."""
    path, data, _recording = erased_call
    settings.CALL_ID_DIGEST_KEY = settings.SECRET_KEY  # as the deploy check's hint says: today's key, kept
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-" + "x" * 32
    settings.SECRET_KEY_FALLBACKS = []

    assert upload(client, ingest_token, path, data).status_code == 409


def test_a_digest_key_changed_with_the_old_one_kept_as_a_fallback_still_finds_the_erased_call(
    erased_call, client, ingest_token, settings
):
    path, data, _recording = erased_call
    settings.CALL_ID_DIGEST_KEY_FALLBACKS = [settings.CALL_ID_DIGEST_KEY or settings.SECRET_KEY]
    settings.CALL_ID_DIGEST_KEY = "a-new-digest-key-" + "y" * 40

    assert upload(client, ingest_token, path, data).status_code == 409


def test_a_call_whose_deletion_was_interrupted_gets_the_digest_when_the_purge_finishes_it(
    personas, client, ingest_token, audio_file
):
    """A worker killed after the key went but before the tombstone: the purge writes the tombstone later."""
    from retention.purge import purge_expired_recordings

    path = audio_file("wav-mulaw", 3.0)
    data = call_data(3.0, external_id="pbx-keyless-9")
    assert upload(client, ingest_token, path, data).status_code == 201
    Recording.objects.filter(external_id="pbx-keyless-9").update(wrapped_key=None, key_id="")
    purge_expired_recordings()
    assert not Recording.objects.filter(external_id="pbx-keyless-9").exists()

    assert upload(client, ingest_token, path, data).status_code == 409


@pytest.mark.django_db(transaction=True)
def test_calls_stored_before_this_version_get_their_digest_when_the_database_is_migrated(personas):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from recordings.call_ids import external_id_digest
    from testkit import make_stored_recording

    recording = make_stored_recording(personas.register, external_id="before-the-change-1", external_id_digest="")
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()  # every app's: whatever depends on 0014 comes back too
    try:
        executor.migrate([("recordings", "0013_recording_expiry_rule_version")])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)

    with connection.cursor() as cursor:
        cursor.execute("SELECT external_id_digest FROM recordings_recording WHERE id = %s", [recording.pk])
        (digest,) = cursor.fetchone()
    assert digest == external_id_digest(personas.register.pk, "before-the-change-1")


@pytest.mark.django_db(transaction=True)
def test_a_resend_racing_the_deleting_statement_is_refused_by_the_database(personas, audio_file):
    """The early look cannot see a deletion that commits while the resend is on its way: the database decides.

    The purge's statement has deleted the row and written the tombstone but not committed; the resend's
    insert waits on the unique index for that row, then goes ahead once it is gone. A trigger on the
    insert, reading the tombstones after that wait, refuses it.
    """
    import threading
    import time

    from django.db import connection, connections, transaction
    from django.test import Client

    from retention.models import TombstoneReason
    from retention.purge import _destroy_keys

    _token, raw = IngestToken.issue(personas.register, name="racing PBX")
    path = audio_file("wav-mulaw", 3.0)
    data = call_data(3.0, external_id="pbx-race-1")
    assert upload(Client(), raw, path, data).status_code == 201
    recording = Recording.objects.get(external_id="pbx-race-1")
    Recording.objects.filter(pk=recording.pk).update(expires_at="2000-01-01T00:00:00Z")

    deleted, release, answers = threading.Event(), threading.Event(), []

    def purge_and_wait():
        try:
            with transaction.atomic():
                assert len(_destroy_keys([recording.pk], reason=TombstoneReason.RETENTION)) == 1
                deleted.set()
                release.wait(30)
        finally:
            connections.close_all()

    def resend():
        try:
            answers.append(upload(Client(), raw, path, data))
        finally:
            connections.close_all()

    purger = threading.Thread(target=purge_and_wait)
    purger.start()
    assert deleted.wait(30)
    sender = threading.Thread(target=resend)
    sender.start()
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:  # the resend waits for the purge's row lock
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the resend never waited for the deleting transaction")
    release.set()
    purger.join(30)
    sender.join(30)

    assert answers[0].status_code == 409, answers[0].content
    assert answers[0].json()["error"].startswith("external_id: this call was deleted")
    assert not Recording.objects.filter(external_id="pbx-race-1").exists()


def test_a_resend_while_the_deletion_is_between_its_key_and_its_row_is_refused(
    personas, client, ingest_token, audio_file
):
    """The key is destroyed (committed) and the row waits for its blobs to go: the call is deleted, not "stored"."""
    path = audio_file("wav-mulaw", 3.0)
    data = call_data(3.0, external_id="pbx-keyless-2")
    assert upload(client, ingest_token, path, data).status_code == 201
    Recording.objects.filter(external_id="pbx-keyless-2").update(wrapped_key=None, key_id="")

    again = upload(client, ingest_token, path, data)

    assert again.status_code == 409 and again.json()["error"].startswith("external_id: this call was deleted")
