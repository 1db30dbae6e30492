"""A tombstone keeps the recording's expires_at (a date, not personal data), so purge lateness stays provable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from recordings.services import recording_shred
from retention.models import Tombstone
from retention.services import purge_expired_recordings
from testkit import make_stored_recording

pytestmark = pytest.mark.django_db


def test_purge_and_erasure_tombstones_carry_the_recordings_expiry(personas):
    expired_at = timezone.now() - timedelta(days=2, minutes=7)
    purged = make_stored_recording(personas.register, expires_at=expired_at)
    erased = make_stored_recording(personas.register, expires_at=timezone.now() + timedelta(days=30))
    purge_expired_recordings()
    recording_shred(erased, reason="erasure", reference="2026-0001")
    assert Tombstone.objects.get(recording_public_id=purged.public_id).expires_at == expired_at
    assert Tombstone.objects.get(recording_public_id=erased.public_id).expires_at == erased.expires_at


def test_a_recording_without_expiry_leaves_a_tombstone_without_one(personas):
    recording = make_stored_recording(personas.register, expires_at=None)
    recording_shred(recording, reason="erasure", reference="2026-0002")
    assert Tombstone.objects.get(recording_public_id=recording.public_id).expires_at is None
