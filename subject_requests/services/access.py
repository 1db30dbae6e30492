"""Access (art. 15): a listening appointment, an export package, or the answer that nothing was found."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from recordings.models import Recording

from .. import letters, selectors
from ..errors import RequestError
from ..models import (
    AppointmentStatus,
    DecisionOutcome,
    ExportPackage,
    Letter,
    LetterKind,
    ListeningAppointment,
    MatchDecision,
    PackageKind,
    RequestRight,
    RightDecision,
    SubjectRequest,
)
from .common import (
    _audit,
    _decision_record,
    _exclusion_reasons,
    _facts_for,
    _included,
    _require_dpo,
    _require_dpo_of_register,
    _require_open,
    _require_right,
    _require_verified,
)
from .letters import letter_write
from .packages import _delivery_letter, _package_store


def appointment_schedule(
    *, subject_request: SubjectRequest, actor, starts_at: datetime, place: str, attendees: str, http_request=None
) -> ListeningAppointment:
    """Agree a time to listen on the premises, and send the subject the invitation with the art. 15 facts."""
    _require_dpo(actor, subject_request.controller)
    _require_verified(subject_request)
    _require_right(subject_request, RequestRight.ACCESS)
    matches = _included(subject_request, actor)
    if not matches:
        raise RequestError("Include at least one recording before arranging a listening appointment.")
    if not place.strip() or not attendees.strip():
        raise RequestError("Give the place and who will attend.")
    with transaction.atomic():
        appointment = ListeningAppointment.objects.create(
            request=subject_request,
            starts_at=starts_at,
            place=place.strip(),
            attendees=attendees.strip(),
            created_by=actor,
        )
        _audit(
            "request_change",
            subject_request,
            actor=actor,
            http_request=http_request,
            details={"appointment": appointment.pk, "scheduled": True, "recordings": len(matches)},
        )
    language = subject_request.language
    letter_write(
        subject_request=subject_request,
        actor=actor,
        kind=LetterKind.APPOINTMENT,
        http_request=http_request,
        appointment=appointment,
        attendees=[line.strip() for line in appointment.attendees.splitlines() if line.strip()],
        recordings=[letters.recording_line(m.recording, language) for m in matches],
        excluded=_exclusion_reasons(subject_request),
        facts=_facts_for({m.register for m in matches}, language),
    )
    return appointment


def appointment_playback(
    *, subject_request: SubjectRequest, recording: Recording, actor, http_request=None
) -> ListeningAppointment:
    """Open a listening session for one included recording during today's appointment, audited against the request."""
    _require_dpo(actor, subject_request.controller)
    _require_verified(subject_request)
    today = timezone.localdate()
    appointment = next(
        (
            a
            for a in subject_request.appointments.filter(
                status__in=[AppointmentStatus.SCHEDULED, AppointmentStatus.HELD]
            )
            if timezone.localtime(a.starts_at).date() == today
        ),
        None,
    )
    if appointment is None:
        raise RequestError("Recordings are played to the subject only during a listening appointment held today.")
    if not subject_request.matches.filter(recording=recording, decision=MatchDecision.INCLUDED).exists():
        raise RequestError("Only recordings included in the answer are played to the subject.", status=404)
    _require_dpo_of_register(actor, recording.register)
    from recordings.services import listening_open

    listening_open(
        user=actor,
        recording=recording,
        reason=subject_request.number,
        http_request=http_request,
        details={"request": subject_request.number, "appointment": appointment.pk},
    )
    return appointment


def appointment_close(
    *, appointment: ListeningAppointment, actor, held: bool, notes: str = "", http_request=None
) -> ListeningAppointment:
    """Mark the appointment held (access is then given) or cancelled."""
    subject_request = appointment.request
    _require_dpo(actor, subject_request.controller)
    _require_open(subject_request)
    if appointment.status != AppointmentStatus.SCHEDULED:
        raise RequestError("The appointment is already marked held or cancelled.")
    with transaction.atomic():
        appointment.status = AppointmentStatus.HELD if held else AppointmentStatus.CANCELLED
        appointment.held_at = timezone.now() if held else None
        appointment.notes = notes.strip()
        appointment.save(update_fields=["status", "held_at", "notes"])
        _audit(
            "request_change",
            subject_request,
            actor=actor,
            http_request=http_request,
            details={"appointment": appointment.pk, "status": appointment.status},
        )
        if held:
            _access_decision(subject_request, actor=actor, http_request=http_request)
    return appointment


def _access_decision(subject_request: SubjectRequest, *, actor, http_request=None) -> RightDecision:
    excluded = _exclusion_reasons(subject_request)
    if excluded:
        reasons = "\n".join(f"- {r}" for r in excluded)
        return _decision_record(
            subject_request,
            actor=actor,
            right=RequestRight.ACCESS,
            outcome=DecisionOutcome.PARTIALLY_GRANTED,
            reasons=reasons,
            http_request=http_request,
        )
    return _decision_record(
        subject_request,
        actor=actor,
        right=RequestRight.ACCESS,
        outcome=DecisionOutcome.GRANTED,
        http_request=http_request,
    )


def access_answer_without_recordings(*, subject_request: SubjectRequest, actor, http_request=None) -> Letter:
    """Answer an access request when the search found nothing to give: the subject is told so."""
    _require_dpo(actor, subject_request.controller)
    _require_verified(subject_request)
    _require_right(subject_request, RequestRight.ACCESS)
    if subject_request.searched_at is None:
        raise RequestError("Search for the subject's recordings first.")
    if selectors.included_matches(subject_request).exists():
        raise RequestError("Recordings are included in the answer: give access by a package or an appointment.")
    if subject_request.matches.filter(decision=MatchDecision.PENDING).exists():
        raise RequestError("Found recordings still wait for review: include or exclude each one first.")
    _access_decision(subject_request, actor=actor, http_request=http_request)
    return letter_write(
        subject_request=subject_request,
        actor=actor,
        kind=LetterKind.ACCESS,
        http_request=http_request,
        recordings=[],
        excluded=_exclusion_reasons(subject_request),
        facts=[],
        delivery="none",
    )


def export_package_create(
    *, subject_request: SubjectRequest, actor, link_base: str, http_request=None, kind: str = PackageKind.ACCESS
) -> tuple[ExportPackage, str]:
    """Build the access package, store it encrypted, and send the subject a single-use link.

    Returns the package and the raw token; only its hash is kept, so the
    caller shows the link once and it is gone.
    """
    _require_dpo(actor, subject_request.controller)
    _require_verified(subject_request)
    _require_right(subject_request, RequestRight.ACCESS)
    matches = _included(subject_request, actor)
    if not matches:
        raise RequestError("Include at least one recording before creating a package.")
    language = subject_request.language
    excluded = _exclusion_reasons(subject_request)
    facts = _facts_for({m.register for m in matches}, language)
    _subject, cover_letter = letters.render_letter(
        LetterKind.ACCESS,
        subject_request,
        recordings=[letters.recording_line(m.recording, language) for m in matches],
        excluded=excluded,
        facts=facts,
        delivery="package",
    )
    package, token = _package_store(subject_request, actor=actor, kind=kind, matches=matches, letter_text=cover_letter)
    with transaction.atomic():
        _audit(
            "export",
            subject_request,
            actor=actor,
            http_request=http_request,
            obj=package,
            details={"stage": "created", "package": package.pk, "kind": kind, "recordings": package.recordings_count},
        )
        _access_decision(subject_request, actor=actor, http_request=http_request)
    letter_write(
        subject_request=subject_request,
        actor=actor,
        kind=LetterKind.ACCESS,
        http_request=http_request,
        email=False,
        recordings=[letters.recording_line(m.recording, language) for m in matches],
        excluded=excluded,
        facts=facts,
        delivery="package",
    )
    _delivery_letter(subject_request, package, token, actor=actor, link_base=link_base, http_request=http_request)
    return package, token
