"""Guards and helpers every stage of a request shares: who may act, the request's state, audit, decisions."""

from __future__ import annotations

from django.utils import timezone

from audit.services import audit_record
from registers import permissions
from registers.models import Controller, Register

from .. import letters, selectors
from ..errors import RequestError
from ..models import OPEN_STATUSES, MatchDecision, RecordingMatch, RequestRight, RightDecision, SubjectRequest


def _require_dpo(actor, controller: Controller) -> None:
    if not permissions.is_dpo_of_controller(actor, controller):
        raise RequestError("Only the controller's data protection officer may handle its requests.", status=404)


def _require_dpo_of_register(actor, register: Register) -> None:
    if not permissions.is_dpo(actor, register):
        raise RequestError(
            f"You are not the data protection officer of the register “{register.name}”; "
            "its DPO must handle its recordings.",
            status=403,
        )


def _require_open(subject_request: SubjectRequest) -> None:
    if subject_request.status not in OPEN_STATUSES:
        raise RequestError(f"Request {subject_request.number} is closed; nothing more can be done in it.")


def _require_verified(subject_request: SubjectRequest) -> None:
    """Nothing about the subject's data is disclosed or changed before their identity is verified."""
    _require_open(subject_request)
    if not subject_request.is_verified:
        raise RequestError(
            "Verify the subject's identity first: nothing is disclosed or changed before that (GDPR art. 12(6))."
        )


def _require_right(subject_request: SubjectRequest, right: str) -> None:
    if not subject_request.asks_for(right):
        label = dict(RequestRight.choices)[right]
        raise RequestError(f"Request {subject_request.number} does not ask for {label}.")


def _audit(
    action: str,
    subject_request: SubjectRequest,
    *,
    actor=None,
    http_request=None,
    obj=None,
    register=None,
    object_type: str = "",
    object_id: str = "",
    details: dict | None = None,
) -> None:
    """An audit event about the request: reason is its number, details hold ids and counts only."""
    audit_record(
        action=action,
        actor=actor,
        register=register,
        obj=obj if obj is not None else (None if object_type else subject_request),
        object_type=object_type,
        object_id=object_id,
        reason=subject_request.number,
        request=http_request,
        details={"request": subject_request.number, **(details or {})},
    )


def _included(subject_request: SubjectRequest, actor) -> list[RecordingMatch]:
    matches = list(selectors.included_matches(subject_request))
    for register in {m.register for m in matches}:
        _require_dpo_of_register(actor, register)
    return matches


def _decision_record(
    subject_request: SubjectRequest, *, actor, right: str, outcome: str, reasons: str = "", http_request=None
) -> RightDecision:
    decision, _ = RightDecision.objects.update_or_create(
        request=subject_request,
        right=right,
        defaults={"outcome": outcome, "reasons": reasons.strip(), "decided_by": actor, "decided_at": timezone.now()},
    )
    _audit(
        "request_decision",
        subject_request,
        actor=actor,
        http_request=http_request,
        details={"right": right, "outcome": outcome},
    )
    return decision


def _exclusion_reasons(subject_request: SubjectRequest) -> list[str]:
    return list(
        subject_request.matches.filter(decision=MatchDecision.EXCLUDED).values_list("exclusion_reason", flat=True)
    )


def _facts_for(registers, language: str) -> list[letters.RegisterFacts]:
    return [letters.register_facts(r, language) for r in sorted(registers, key=lambda r: r.name)]
