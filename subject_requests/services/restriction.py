"""Restriction (art. 18): included recordings are played only by the DPO and kept from the purge, until lifted."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from recordings.models import Recording

from .. import letters
from ..errors import RequestError
from ..models import DecisionOutcome, LetterKind, RecordingMatch, RequestRight, SubjectRequest
from .common import (
    _audit,
    _decision_record,
    _included,
    _require_dpo,
    _require_dpo_of_register,
    _require_right,
    _require_verified,
)
from .letters import letter_write


def restriction_apply(*, subject_request: SubjectRequest, actor, http_request=None) -> int:
    """Restrict every included recording: only the DPO may play it and the purge keeps it."""
    _require_dpo(actor, subject_request.controller)
    _require_verified(subject_request)
    _require_right(subject_request, RequestRight.RESTRICTION)
    matches = [m for m in _included(subject_request, actor) if not m.is_restricted]
    if not matches:
        raise RequestError("No included recording is left to restrict.")
    language = subject_request.language
    now = timezone.now()
    with transaction.atomic():
        for match in matches:
            Recording.objects.filter(pk=match.recording_id).update(restricted=True)
            RecordingMatch.objects.filter(pk=match.pk).update(
                restricted_at=now, restriction_lifted_at=None, restriction_lift_reason=""
            )
            _audit(
                "restriction",
                subject_request,
                actor=actor,
                http_request=http_request,
                obj=match.recording,
                register=match.register,
                details={"restricted": True},
            )
        _decision_record(
            subject_request,
            actor=actor,
            right=RequestRight.RESTRICTION,
            outcome=DecisionOutcome.GRANTED,
            http_request=http_request,
        )
    letter_write(
        subject_request=subject_request,
        actor=actor,
        kind=LetterKind.DECISION,
        http_request=http_request,
        right=letters.right_names([RequestRight.RESTRICTION], language)[0],
        outcome=DecisionOutcome.GRANTED,
        restricted=[letters.recording_line(m.recording, language) for m in matches],
    )
    return len(matches)


def restriction_lift(*, match: RecordingMatch, actor, reason: str, http_request=None) -> RecordingMatch:
    """Lift a restriction; the subject is told before it takes effect for them (art. 18(3))."""
    subject_request = match.request
    _require_dpo(actor, subject_request.controller)
    reason = (reason or "").strip()
    if not reason:
        raise RequestError("Give the reason for lifting the restriction: the subject is told it.")
    if not match.is_restricted or match.recording is None:
        raise RequestError("The recording is not restricted by this request.")
    _require_dpo_of_register(actor, match.register)
    language = subject_request.language
    with transaction.atomic():
        RecordingMatch.objects.filter(pk=match.pk).update(
            restriction_lifted_at=timezone.now(), restriction_lift_reason=reason
        )
        still_restricted = RecordingMatch.objects.filter(
            recording=match.recording, restricted_at__isnull=False, restriction_lifted_at__isnull=True
        ).exclude(pk=match.pk)
        if not still_restricted.exists():
            Recording.objects.filter(pk=match.recording_id).update(restricted=False)
        _audit(
            "restriction",
            subject_request,
            actor=actor,
            http_request=http_request,
            obj=match.recording,
            register=match.register,
            details={"restricted": False, "lifted": True},
        )
    letter_write(
        subject_request=subject_request,
        actor=actor,
        kind=LetterKind.DECISION,
        http_request=http_request,
        right=letters.right_names([RequestRight.RESTRICTION], language)[0],
        outcome="lifted",
        lifted=[letters.recording_line(match.recording, language)],
        reasons=reason,
    )
    match.refresh_from_db()
    return match
