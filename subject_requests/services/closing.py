"""Closing: an answered request is closed, or the whole request refused; its own holds are released."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .. import letters, selectors
from ..errors import RequestError
from ..models import DecisionOutcome, LetterKind, RequestRight, RequestStatus, SubjectRequest, TaskStatus
from .common import _audit, _decision_record, _require_dpo, _require_open, _require_verified
from .letters import letter_write
from .review import _release_own_holds


def request_close(*, subject_request: SubjectRequest, actor, note: str = "", http_request=None) -> SubjectRequest:
    """Close an answered request: every right decided, every processor task finished."""
    _require_dpo(actor, subject_request.controller)
    _require_verified(subject_request)
    decided = set(subject_request.decisions.values_list("right", flat=True))
    missing = [dict(RequestRight.choices)[r] for r in subject_request.rights if r not in decided]
    if missing:
        raise RequestError("Answer every right first; still open: " + ", ".join(str(m) for m in missing) + ".")
    if selectors.open_processor_tasks(subject_request).exists():
        raise RequestError("A processor task is still open; mark it done or cancelled first.")
    with transaction.atomic():
        subject_request.status = RequestStatus.COMPLETED
        subject_request.closed_at = timezone.now()
        subject_request.closed_by = actor
        subject_request.closing_note = (note or "").strip()
        subject_request.save(update_fields=["status", "closed_at", "closed_by", "closing_note"])
        released = _release_own_holds(subject_request, actor)
        _audit(
            "request_change",
            subject_request,
            actor=actor,
            http_request=http_request,
            details={"status": subject_request.status, "holds_released": released},
        )
    return subject_request


def request_refuse(*, subject_request: SubjectRequest, actor, reason: str, http_request=None) -> SubjectRequest:
    """Refuse the whole request (identity not verified, manifestly unfounded or excessive: art. 11(2), 12(5))."""
    _require_dpo(actor, subject_request.controller)
    _require_open(subject_request)
    reason = (reason or "").strip()
    if not reason:
        raise RequestError("Give the reason for refusing the request: the subject is told it.")
    language = subject_request.language
    with transaction.atomic():
        for right in subject_request.rights:
            _decision_record(
                subject_request,
                actor=actor,
                right=right,
                outcome=DecisionOutcome.REFUSED,
                reasons=reason,
                http_request=http_request,
            )
        subject_request.processor_tasks.filter(status=TaskStatus.OPEN).update(
            status=TaskStatus.CANCELLED, completed_at=timezone.now(), completed_by=actor, note="request refused"
        )
        subject_request.status = RequestStatus.REFUSED
        subject_request.closed_at = timezone.now()
        subject_request.closed_by = actor
        subject_request.closing_note = reason
        subject_request.save(update_fields=["status", "closed_at", "closed_by", "closing_note"])
        released = _release_own_holds(subject_request, actor)
        _audit(
            "request_decision",
            subject_request,
            actor=actor,
            http_request=http_request,
            details={"status": subject_request.status, "holds_released": released},
        )
    letter_write(
        subject_request=subject_request,
        actor=actor,
        kind=LetterKind.REFUSAL,
        http_request=http_request,
        refused_rights=[
            {"right": name, "recordings": [], "reasons": ""}
            for name in letters.right_names(subject_request.rights, language)
        ],
        general_reason=reason,
    )
    return subject_request
