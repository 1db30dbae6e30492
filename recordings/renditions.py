"""A recording's encrypted audio: opening the original or the browser rendition, and making the rendition.

Apart from services.py so that the Celery tasks (recordings.tasks), which the
ingest enqueues, can make renditions without importing the ingest back.
"""

from __future__ import annotations

import logging

from audio.errors import AudioError
from audio.rendition import make_rendition
from audio.silence import silent_spans
from vault.blobs import delete_blob, open_reader, store_encrypted
from vault.keyring import get_keyring
from vault.scratch import scratch_dir

from .errors import RecordingError
from .models import Recording, RenditionStatus

# Bound into each blob's associated data, so an original cannot be served as a rendition or the other way round.
ORIGINAL = b"original"
RENDITION = b"rendition"

logger = logging.getLogger(__name__)


def data_key_for(recording: Recording) -> bytes:
    if not recording.wrapped_key:
        raise RecordingError("the recording's key has been destroyed", status=410)
    return get_keyring().unwrap(recording.key_id, bytes(recording.wrapped_key), context=recording.key_context)


def open_audio(recording: Recording, *, variant: str = "rendition"):
    """A SegmentedReader over the decrypted rendition (or original)."""
    data_key = data_key_for(recording)
    if variant == "original":
        return open_reader(recording.original_blob, data_key=data_key, associated_data=recording.key_context + ORIGINAL)
    if not recording.rendition_blob:
        raise RecordingError("the browser rendition is not ready yet", status=409)
    return open_reader(recording.rendition_blob, data_key=data_key, associated_data=recording.key_context + RENDITION)


def _decrypt_into(recording: Recording, variant: str, path):
    """Write one of the recording's audio variants, decrypted, to `path` (inside a scratch_dir); returns `path`."""
    reader = open_audio(recording, variant=variant)
    try:
        with open(path, "wb") as out:
            for chunk in reader.read_all():
                out.write(chunk)
    finally:
        reader.close()
    return path


def rendition_make(recording: Recording) -> Recording:
    """Decrypt the original to a private temp dir, transcode, encrypt the rendition, store peaks."""
    if recording.rendition_status == RenditionStatus.READY:
        return recording
    data_key = data_key_for(recording)
    with scratch_dir("rendition-") as tmp:
        src = _decrypt_into(recording, "original", tmp / "original")
        dst = tmp / "rendition.ogg"
        try:
            result = make_rendition(src, dst)
        except AudioError as exc:
            Recording.objects.filter(pk=recording.pk).update(
                rendition_status=RenditionStatus.FAILED, rendition_error=str(exc)[:300]
            )
            recording.refresh_from_db()
            return recording
        blob = store_encrypted(dst, data_key=data_key, associated_data=recording.key_context + RENDITION)
        size = dst.stat().st_size
    updated = Recording.objects.filter(
        pk=recording.pk,
        rendition_status__in=[RenditionStatus.PENDING, RenditionStatus.FAILED],
        wrapped_key__isnull=False,
    ).update(
        rendition_status=RenditionStatus.READY,
        rendition_error="",
        rendition_blob=blob,
        rendition_mime=result.mime_type,
        rendition_size=size,
        waveform=[round(p, 3) for p in result.peaks],
        silences=result.silences,
    )
    if not updated:
        # Another worker finished first, or the recording was shredded meanwhile.
        delete_blob(blob)
    recording.refresh_from_db()
    return recording


def rendition_silences(recording: Recording) -> list[list[float]]:
    """The rendition's silent stretches; measured from the rendition itself the first time for older renditions."""
    if recording.silences is not None:
        return recording.silences
    if recording.rendition_status != RenditionStatus.READY:
        raise RecordingError("the browser rendition is not ready yet", status=409)
    with scratch_dir("silences-") as tmp:
        src = _decrypt_into(recording, "rendition", tmp / "rendition.ogg")
        try:
            spans = silent_spans(src)
        except AudioError:
            # The rendition played once; if it no longer decodes, skipping silence is not worth a failed page.
            logger.warning("silences of recording %s could not be measured", recording.pk)
            return []
    Recording.objects.filter(pk=recording.pk, silences__isnull=True).update(silences=spans)
    recording.silences = spans
    return spans
