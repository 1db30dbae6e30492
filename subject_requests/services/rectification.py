"""Rectification (art. 16): a recording's metadata is corrected; the audit names fields, never values."""

from __future__ import annotations

from django.db import transaction

from recordings.models import Direction, Recording
from registers.validators import PhoneNumberError, normalise_phone_number

from ..errors import RequestError
from ..models import RecordingMatch, Rectification, RequestRight
from .common import _audit, _require_dpo, _require_dpo_of_register, _require_right, _require_verified

RECTIFIABLE_FIELDS = ("agent_name", "direction", "caller_number", "callee_number", "service_number")


def rectification_apply(
    *, match: RecordingMatch, actor, changes: dict, reason: str, http_request=None
) -> Rectification:
    """Correct a recording's metadata. The audit names the fields changed, never their values."""
    from recordings.services import resolve_agent

    subject_request = match.request
    _require_dpo(actor, subject_request.controller)
    _require_verified(subject_request)
    _require_right(subject_request, RequestRight.RECTIFICATION)
    reason = (reason or "").strip()
    if not reason:
        raise RequestError("Give the reason for the correction.")
    if not match.is_included or match.recording is None:
        raise RequestError("Only an included recording that still exists can be corrected.")
    _require_dpo_of_register(actor, match.register)
    recording = Recording.objects.get(pk=match.recording_id)
    updates: dict = {}
    for field_name, raw in changes.items():
        if field_name not in RECTIFIABLE_FIELDS or raw is None:
            continue
        value = (raw or "").strip()
        if field_name.endswith("_number") and value:
            try:
                value = normalise_phone_number(value)
            except PhoneNumberError as exc:
                raise RequestError(f"{field_name.replace('_', ' ')}: {exc}.") from None
        if field_name == "direction" and value not in Direction.values:
            raise RequestError("Direction must be inbound, outbound or internal.")
        if getattr(recording, field_name) != value:
            updates[field_name] = value
    if not updates:
        raise RequestError("Nothing to correct: the values are the same as stored.")
    if "agent_name" in updates:
        updates["agent"] = resolve_agent(recording.register, updates["agent_name"])
    with transaction.atomic():
        Recording.objects.filter(pk=recording.pk).update(**updates)
        fields = sorted(k for k in updates if k != "agent")
        rectification = Rectification.objects.create(
            request=subject_request, match=match, fields=fields, reason=reason, made_by=actor
        )
        _audit(
            "rectification",
            subject_request,
            actor=actor,
            http_request=http_request,
            obj=recording,
            register=recording.register,
            details={"fields": fields, "rectification": rectification.pk},
        )
    return rectification
