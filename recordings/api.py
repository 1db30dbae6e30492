"""The recorder integration's API: upload a call, read back its metadata.

Authentication is `Authorization: Token <token>`, a token scoped to one
register. Every answer is JSON; errors are {"error": "..."} naming the problem.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from registers.models import Register
from vault.scratch import ScratchFileUploadHandler

from .errors import RecordingError, UploadTooLarge
from .models import IngestToken, Recording
from .services import parse_call_metadata, recording_ingest


class SizeLimitHandler(FileUploadHandler):
    """Stops an upload as soon as it passes INGEST_MAX_UPLOAD_BYTES, even without Content-Length."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.INGEST_MAX_UPLOAD_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def recording_json(recording: Recording) -> dict:
    return {
        "id": str(recording.public_id),
        "external_id": recording.external_id,
        "register": recording.register.slug,
        "started_at": recording.started_at.isoformat(),
        "ended_at": recording.ended_at.isoformat(),
        "duration_seconds": recording.duration_seconds,
        "direction": recording.direction,
        "format": recording.original_format,
        "codec": recording.codec,
        "sample_rate": recording.sample_rate,
        "channels": recording.channels,
        "sha256": recording.sha256,
        "rendition_status": recording.rendition_status,
        "expires_at": recording.expires_at.isoformat() if recording.expires_at else None,
    }


TOKEN_USE_PRECISION = timedelta(minutes=1)

# What an upload reads of its register: the slug, the retention rule and its version (the call's expiry) and the
# roles' owner.
# The register's sixty-odd notice fields stay in the database: loading them for every call cost more than
# the query (a refusal that quotes the rule loads what else it needs).
INGEST_REGISTER_FIELDS = (
    "slug",
    "controller",
    "retention_value",
    "retention_unit",
    "retention_trigger",
    "retention_rule_version",
)


def authenticate(request, slug: str) -> tuple[Register | None, IngestToken | None]:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, raw = header.partition(" ")
    if scheme != "Token" or not raw.strip():
        return None, None
    token = _active_token(IngestToken.hash(raw.strip()), slug)
    if token is None:
        return None, None
    # Kept to the minute: a write per upload is a commit per call on a row every worker process updates.
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_PRECISION:
        IngestToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.register, token


def _active_token(token_hash: str, slug: str) -> IngestToken | None:
    """The unrevoked token with this hash for this register, carrying what an upload reads of the register.

    Through the ORM, so every value passes the fields' converters: a hand-written statement saved half a
    millisecond an upload and once handed back a timestamp no arithmetic could use.
    """
    register_fields = (f"register__{name}" for name in INGEST_REGISTER_FIELDS)
    tokens = (
        IngestToken.objects.active()
        .filter(token_hash=token_hash, register__slug=slug)
        .select_related("register")
        .only("id", "prefix", "last_used_at", "register__id", *register_fields)
    )
    found = list(tokens[:1])
    return found[0] if found else None


def _clock() -> float:
    return time.time()


def rate_limited(token: IngestToken) -> JsonResponse | None:
    """A fixed one-minute window per token: a runaway integration cannot flood ingest."""
    limit = settings.INGEST_RATE_PER_MINUTE
    if not limit:
        return None
    now = _clock()
    window = int(now // 60)
    key = f"ingest-rate:{token.pk}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count <= limit:
        return None
    response = error(f"too many uploads: at most {limit} a minute per token, try again shortly", 429)
    response["Retry-After"] = str(60 - int(now) % 60)
    return response


def unauthorised() -> JsonResponse:
    response = error("missing or invalid token for this register", 401)
    response["WWW-Authenticate"] = "Token"
    return response


@csrf_exempt
@require_http_methods(["POST"])
def upload_recording(request, slug: str):
    register, token = authenticate(request, slug)
    if register is None:
        return unauthorised()
    limited = rate_limited(token)
    if limited is not None:
        return limited
    length = request.META.get("CONTENT_LENGTH") or "0"
    if length.isdigit() and int(length) > settings.INGEST_MAX_UPLOAD_BYTES:
        return error(f"upload larger than {settings.INGEST_MAX_UPLOAD_BYTES} bytes", UploadTooLarge.status)
    request.upload_handlers = [SizeLimitHandler(request), ScratchFileUploadHandler(request)]
    try:
        files, data = request.FILES, request.POST
    except Exception:  # noqa: BLE001 - a malformed multipart body is the client's error
        return error("the body is not valid multipart/form-data")
    if getattr(request, "upload_too_large", False):
        return error(f"upload larger than {settings.INGEST_MAX_UPLOAD_BYTES} bytes", UploadTooLarge.status)
    audio = files.get("audio")
    if audio is None:
        return error("audio: missing (send the file as multipart field “audio”)")
    if audio.size == 0:
        return error("audio: empty file")
    try:
        metadata = parse_call_metadata(data)
        recording, created = recording_ingest(
            register=register,
            audio_path=Path(audio.temporary_file_path()),
            metadata=metadata,
            actor_label=f"token {token.prefix}",
            request=request,
        )
    except RecordingError as exc:
        return error(exc.message, exc.status)
    finally:
        audio.close()
    return JsonResponse(recording_json(recording), status=201 if created else 200)


@require_http_methods(["GET"])
def recording_metadata(request, slug: str, external_id: str):
    register, _token = authenticate(request, slug)
    if register is None:
        return unauthorised()
    recording = Recording.objects.filter(register=register, external_id=external_id).first()
    if recording is None:
        return error("no such recording", 404)
    return JsonResponse(recording_json(recording))
