"""Search and review: the subject's recordings are found, each included or excluded, and held until answered."""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from recordings.models import Recording
from retention.errors import RetentionError
from retention.models import Hold, HoldKind

from .. import selectors
from ..errors import RequestError
from ..models import MatchDecision, RecordingMatch, SubjectRequest
from .common import _audit, _require_dpo, _require_dpo_of_register, _require_open


def request_search(*, subject_request: SubjectRequest, actor, http_request=None) -> int:
    """Find the subject's recordings in every register of the controller where the actor is DPO.

    New finds are added for review; earlier decisions stand. Returns how many are new.
    """
    _require_dpo(actor, subject_request.controller)
    _require_open(subject_request)
    registers = selectors.dpo_registers(actor, subject_request.controller)
    identifiers = selectors.subject_agent_identifiers(subject_request)
    found = new = 0
    with transaction.atomic():
        known = set(subject_request.matches.values_list("recording_public_id", flat=True))
        for recording in selectors.subject_recordings(subject_request, registers).iterator():
            found += 1
            if recording.public_id in known:
                continue
            RecordingMatch.objects.create(
                request=subject_request,
                recording=recording,
                recording_public_id=recording.public_id,
                register=recording.register,
                started_at=recording.started_at,
                matched_on=selectors.matched_on(recording, subject_request, identifiers),
            )
            new += 1
        _audit(
            "request_change",
            subject_request,
            actor=actor,
            http_request=http_request,
            details={"search": True, "registers": registers.count(), "found": found, "new": new},
        )
        subject_request.searched_at = timezone.now()
        subject_request.save(update_fields=["searched_at"])
    return new


def match_decide(*, match: RecordingMatch, actor, include: bool, reason: str = "", http_request=None) -> RecordingMatch:
    """Include a found recording in the answer, or exclude it with a reason (e.g. others' rights, art. 15(4))."""
    subject_request = match.request
    _require_dpo(actor, subject_request.controller)
    _require_dpo_of_register(actor, match.register)
    _require_open(subject_request)
    reason = (reason or "").strip()
    if match.erasure_outcome:
        raise RequestError("The erasure decision on this recording is made; its review cannot change any more.")
    if not include and not reason:
        raise RequestError("Give the reason for excluding the recording, e.g. the rights of other people (art. 15(4)).")
    match.decision = MatchDecision.INCLUDED if include else MatchDecision.EXCLUDED
    match.exclusion_reason = "" if include else reason
    match.decided_by = actor
    match.decided_at = timezone.now()
    with transaction.atomic():
        match.save(update_fields=["decision", "exclusion_reason", "decided_by", "decided_at"])
        _audit(
            "request_change",
            subject_request,
            actor=actor,
            http_request=http_request,
            details={"match": match.pk, "recording": str(match.recording_public_id), "decision": match.decision},
        )
    return match


def matches_include_pending(*, subject_request: SubjectRequest, actor, http_request=None) -> int:
    """Include every match still waiting for review in the registers where the actor is the DPO."""
    count = 0
    for match in selectors.matches_visible_to(actor, subject_request).filter(decision=MatchDecision.PENDING):
        match_decide(match=match, actor=actor, include=True, http_request=http_request)
        count += 1
    return count


def matches_hold(*, subject_request: SubjectRequest, actor, matches, http_request=None) -> list[Hold]:
    """Keep found recordings past their expiry until the request is answered (a subject-request hold)."""
    from retention.services import hold_place

    _require_dpo(actor, subject_request.controller)
    _require_open(subject_request)
    already_held = set(_own_holds(subject_request).values_list("recordings", flat=True))
    by_register: dict[int, list[Recording]] = defaultdict(list)
    for match in matches:
        if match.request_id != subject_request.pk:
            raise RequestError("That recording was not found for this request.", status=404)
        if match.recording is None or match.recording_id in already_held:
            continue
        _require_dpo_of_register(actor, match.register)
        by_register[match.register_id].append(match.recording)
    holds = []
    # A late request must still be answered, so its recordings are kept: the hold is reviewed from today.
    review_on = max(subject_request.due_on, timezone.localdate())
    with _retention_rules_as_request_errors(), transaction.atomic():
        for recordings in by_register.values():
            holds.append(
                hold_place(
                    actor=actor,
                    recordings=recordings,
                    kind=HoldKind.SUBJECT_REQUEST,
                    reason=f"Data-subject request {subject_request.number}: keep until answered.",
                    review_on=review_on,
                    reference=subject_request.number,
                )
            )
    if holds:
        _audit(
            "request_change",
            subject_request,
            actor=actor,
            http_request=http_request,
            details={"holds": [h.pk for h in holds], "recordings": sum(len(r) for r in by_register.values())},
        )
    return holds


def _own_holds(subject_request: SubjectRequest):
    return Hold.objects.active().filter(
        kind=HoldKind.SUBJECT_REQUEST, reference=subject_request.number, register__controller=subject_request.controller
    )


def _release_own_holds(subject_request: SubjectRequest, actor) -> int:
    from retention.services import hold_release

    count = 0
    with _retention_rules_as_request_errors():
        for hold in _own_holds(subject_request):
            hold_release(actor=actor, hold=hold, reason=f"Data-subject request {subject_request.number} answered.")
            count += 1
    return count


@contextmanager
def _retention_rules_as_request_errors():
    """Holds are the retention app's: its refusals reach the DPO as this app's messages, not as a crash."""
    try:
        yield
    except RetentionError as exc:
        raise RequestError(f"Hold not changed: {exc}", status=400 if exc.status == 404 else exc.status) from None
