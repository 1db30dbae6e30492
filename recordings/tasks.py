"""Celery tasks: thin wrappers over recordings.renditions."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .models import ListeningGrant, Recording, RenditionStatus
from .renditions import rendition_make

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, max_retries=3, default_retry_delay=60)
def make_rendition_task(recording_id: int) -> str:
    recording = Recording.objects.filter(pk=recording_id, wrapped_key__isnull=False).first()
    if recording is None:
        return "gone"
    return rendition_make(recording).rendition_status


@shared_task
def make_pending_renditions(older_than_seconds: int = 120, limit: int = 200) -> int:
    """Sweep for renditions whose task never ran (broker down at ingest time)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        Recording.objects.filter(
            rendition_status=RenditionStatus.PENDING, created_at__lt=cutoff, wrapped_key__isnull=False
        ).values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        recording = Recording.objects.get(pk=pk)
        rendition_make(recording)
    return len(ids)


# An ended listening session is kept this long (a player still open at its end may ask once more), then forgotten.
ENDED_SESSIONS_KEPT = timedelta(days=1)


@shared_task
def forget_ended_listening_sessions() -> int:
    """Delete listening sessions that ended more than ENDED_SESSIONS_KEPT ago.

    A session only lets audio through while it is open; afterwards its row
    would keep who listened to which call, and why, a second time beside the
    audit log's "play" event, which is the record that stays.
    """
    deleted, _ = ListeningGrant.objects.filter(expires_at__lt=timezone.now() - ENDED_SESSIONS_KEPT).delete()
    return deleted
