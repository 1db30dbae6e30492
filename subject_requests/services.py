"""Business rules for data-subject requests: intake, deadlines, search, and each right's answer.

Every function that changes state writes an audit event whose reason is the
request number and whose details hold ids and counts only, never the
subject's personal data. Nothing about the subject's recordings leaves the
controller before their identity is verified (`_require_verified`).
Irreversible steps (crypto-shredding) run one recording at a time, each
committed on its own, so an interruption leaves every recording either intact
or unreadable, and the match rows say which.
"""

from __future__ import annotations

import logging
import secrets
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation

from audit.services import audit_record
from backups.models import DeletionKind
from backups.services import deletions_outbox_add
from recordings.errors import RecordingError
from recordings.models import Direction, Recording
from registers import permissions
from registers.models import Controller, LegalBasis, Membership, Processor, Register, Role
from registers.validators import PhoneNumberError, normalise_phone_number
from retention.errors import RetentionError
from retention.models import Hold, HoldKind
from retention.rules import add_months

from . import erasure_approval, letters, selectors
from .errors import RequestError
from .exports import build_package_zip
from .models import (
    OPEN_STATUSES,
    AppointmentStatus,
    DecisionOutcome,
    ErasureOutcome,
    ExportPackage,
    ExportPackageRecording,
    IdentityVerification,
    Letter,
    LetterKind,
    ListeningAppointment,
    MatchDecision,
    PackageKind,
    ProcessorTask,
    RecordingMatch,
    Rectification,
    RequestNumberSequence,
    RequestRight,
    RequestStatus,
    RightDecision,
    SubjectRequest,
    TaskStatus,
    VerificationOutcome,
)

logger = logging.getLogger(__name__)

PACKAGE_LINK_DAYS = 14
# A package whose download has started is deleted when the stream ends; the
# sweep waits this long before deleting one itself, so it never cuts a download short.
DOWNLOAD_GRACE = timedelta(hours=2)
MAX_EXTENSION_MONTHS = 2
PACKAGE_AAD = b"subject-request-package"
# Art. 20(1)(a): portability applies only to processing based on consent or a contract.
PORTABLE_BASES = (LegalBasis.CONSENT, LegalBasis.CONTRACT)
RECTIFIABLE_FIELDS = ("agent_name", "direction", "caller_number", "callee_number", "service_number")
# Rights whose answer is a reasoned decision the DPO writes (the others are carried out by services).
DECIDED_RIGHTS = (RequestRight.RECTIFICATION, RequestRight.OBJECTION, RequestRight.WITHDRAW_CONSENT)

HOLD_REFUSAL_REASONS = {
    HoldKind.COMPLAINT: {
        "fi": "Tallenne on säilytettävä, koska sitä tarvitaan vireillä olevan reklamaation käsittelyssä "
        "(oikeudellisen vaateen laatiminen, esittäminen tai puolustaminen, tietosuoja-asetuksen 17 artiklan "
        "3 kohdan e alakohta).",
        "en": "The recording must be kept because it is needed to handle a pending complaint (establishment, "
        "exercise or defence of legal claims, GDPR art. 17(3)(e)).",
    },
    HoldKind.CRIMINAL_INVESTIGATION: {
        "fi": "Tallenne on säilytettävä, koska se liittyy viranomaisen esitutkintaan (oikeudellisen vaateen "
        "laatiminen, esittäminen tai puolustaminen sekä rekisterinpitäjän lakisääteinen velvoite, 17 artiklan "
        "3 kohdan b ja e alakohta).",
        "en": "The recording must be kept because it concerns a criminal investigation by the authorities "
        "(legal obligation and the establishment, exercise or defence of legal claims, GDPR art. 17(3)(b) and (e)).",
    },
}
DEFAULT_HOLD_REFUSAL = {
    "fi": "Tallenne on säilytettävä, koska sitä tarvitaan oikeudellisen vaateen laatimiseen, esittämiseen tai "
    "puolustamiseen (17 artiklan 3 kohdan e alakohta).",
    "en": "The recording must be kept because it is needed for the establishment, exercise or defence of legal "
    "claims (GDPR art. 17(3)(e)).",
}
PORTABILITY_REFUSAL = {
    "fi": "Rekisterin {register} tietojen käsittely perustuu rekisterinpitäjän oikeutettuun etuun tai muuhun "
    "kuin suostumukseen tai sopimukseen. Oikeus siirtää tiedot järjestelmästä toiseen koskee vain suostumukseen "
    "tai sopimukseen perustuvaa käsittelyä (tietosuoja-asetuksen 20 artiklan 1 kohdan a alakohta). Voit "
    "kuitenkin saada tallenteesi oikeutesi nojalla saada pääsy tietoihin (15 artikla).",
    "en": "Processing in the register {register} is based on the controller's legitimate interests or another "
    "basis than consent or a contract. The right to data portability applies only to processing based on consent "
    "or a contract (GDPR art. 20(1)(a)). You may still receive your recordings under your right of access "
    "(art. 15).",
}


# ---------------------------------------------------------------------------
# Guards and small helpers


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


def request_due_on(received_on: date, *, extension_months: int = 0) -> date:
    """One calendar month after receipt (art. 12(3)), plus any extension, clamped to the month's last day.

    Received on 31 January, the answer is due on the last day of February.
    (Regulation 1182/71 would move a deadline falling on a weekend to the next
    working day; we keep the earlier date, which is never late.)
    """
    return add_months(received_on, 1 + extension_months)


def _next_sequence(year: int) -> int:
    """The next request number of `year`; the row lock serialises concurrent intakes, rollbacks leave no gap."""
    RequestNumberSequence.objects.bulk_create([RequestNumberSequence(year=year, last=0)], ignore_conflicts=True)
    RequestNumberSequence.objects.filter(year=year).update(last=F("last") + 1)
    return RequestNumberSequence.objects.get(year=year).last


def normalise_numbers(raw_numbers) -> list[str]:
    """E.164 forms of the numbers as typed, in order, without duplicates. Errors name the position, not the number."""
    numbers: list[str] = []
    for position, raw in enumerate(raw_numbers, start=1):
        if not (raw or "").strip():
            continue
        try:
            number = normalise_phone_number(raw)
        except PhoneNumberError as exc:
            raise RequestError(
                translation.gettext("Telephone number %(position)s: %(reason)s")
                % {"position": position, "reason": exc.user_message}
            ) from None
        if number not in numbers:
            numbers.append(number)
    return numbers


def resolve_subject_agent(controller: Controller, identifier: str):
    """The user an employee's agent identity names in the controller's registers, or None."""
    if not identifier:
        return None
    membership = (
        Membership.objects.filter(register__controller=controller, role=Role.AGENT)
        .filter(user__username=identifier)
        .select_related("user")
        .first()
    ) or (
        Membership.objects.filter(register__controller=controller, role=Role.AGENT, agent_identifier=identifier)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


# ---------------------------------------------------------------------------
# Letters


def _email_letter(letter: Letter, subject_request: SubjectRequest, *, body: str | None = None) -> bool:
    """Email the letter to the subject if they gave an address. A failure leaves it for sending again."""
    if not subject_request.subject_email:
        return False
    contact = letters.dpo_contact(subject_request.controller)
    message = EmailMessage(
        subject=letter.subject_line,
        body=body or letter.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subject_request.subject_email],
        reply_to=[contact.email] if contact and contact.email else None,
    )
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - a mail server failure must not undo the decision
        logger.warning(
            "letter %s of request %s was not emailed: %s", letter.pk, subject_request.number, type(exc).__name__
        )
        return False
    Letter.objects.filter(pk=letter.pk).update(emailed_at=timezone.now())
    letter.emailed_at = timezone.now()
    return True


def letter_write(
    *,
    subject_request: SubjectRequest,
    actor,
    kind: str,
    email: bool = True,
    http_request=None,
    email_context: dict | None = None,
    **context,
) -> Letter:
    """Render, keep and (where the subject gave an email address) send one letter.

    `email_context` overrides context for the emailed copy only: a download
    link goes to the subject but is not kept, since only its hash may be stored.
    """
    subject_line, body = letters.render_letter(kind, subject_request, **context)
    letter = Letter.objects.create(
        request=subject_request,
        kind=kind,
        language=subject_request.language,
        subject_line=subject_line,
        body=body,
        created_by=actor,
    )
    emailed = False
    if email:
        emailed_body = None
        if email_context:
            _, emailed_body = letters.render_letter(kind, subject_request, **{**context, **email_context})
        emailed = _email_letter(letter, subject_request, body=emailed_body)
    _audit(
        "request_change",
        subject_request,
        actor=actor,
        http_request=http_request,
        details={"letter": kind, "letter_id": letter.pk, "emailed": emailed},
    )
    return letter


def letter_resend(*, letter: Letter, actor, http_request=None) -> bool:
    """Email a kept letter again (e.g. after a mail server failure). Download links are never resent."""
    subject_request = letter.request
    _require_dpo(actor, subject_request.controller)
    if letter.kind == LetterKind.DELIVERY:
        raise RequestError("A download link is not kept and cannot be resent; create a new package instead.")
    if not subject_request.subject_email:
        raise RequestError("The request has no email address; send the letter by post.")
    emailed = _email_letter(letter, subject_request)
    _audit(
        "request_change",
        subject_request,
        actor=actor,
        http_request=http_request,
        details={"letter": letter.kind, "letter_id": letter.pk, "emailed": emailed, "resent": True},
    )
    return emailed


# ---------------------------------------------------------------------------
# Intake, identity, deadline


def request_receive(
    *,
    actor,
    controller: Controller,
    rights: list[str],
    received_on: date,
    channel: str,
    language: str = "fi",
    subject_name: str = "",
    subject_email: str = "",
    subject_postal_address: str = "",
    phone_numbers: list[str] | tuple[str, ...] = (),
    agent_identifier: str = "",
    description: str = "",
    send_acknowledgement: bool = True,
    http_request=None,
) -> SubjectRequest:
    """Record a request as received: number, deadline, processor tasks, acknowledgement."""
    _require_dpo(actor, controller)
    rights = [r for r in RequestRight.values if r in set(rights)]
    if not rights:
        raise RequestError("Choose at least one right the subject asks for.")
    if received_on > timezone.localdate():
        raise RequestError("The date of receipt cannot be in the future.")
    numbers = normalise_numbers(phone_numbers)
    agent_identifier = (agent_identifier or "").strip()
    if not numbers and not agent_identifier:
        raise RequestError(
            "Give at least one telephone number or, for an employee, their agent identity: "
            "without one no recording can be found."
        )
    with transaction.atomic():
        sequence = _next_sequence(received_on.year)
        due = request_due_on(received_on)
        subject_request = SubjectRequest.objects.create(
            number=f"SR-{received_on.year}-{sequence:04d}",
            year=received_on.year,
            sequence=sequence,
            controller=controller,
            rights=rights,
            received_on=received_on,
            channel=channel,
            language=language,
            description=description,
            subject_name=subject_name.strip(),
            subject_email=subject_email.strip(),
            subject_postal_address=subject_postal_address.strip(),
            subject_phone_numbers=numbers,
            subject_agent=resolve_subject_agent(controller, agent_identifier),
            subject_agent_identifier=agent_identifier,
            initial_due_on=due,
            due_on=due,
            created_by=actor,
        )
        tasks = _processor_tasks_create(subject_request)
        _audit(
            "request_intake",
            subject_request,
            actor=actor,
            http_request=http_request,
            details={
                "rights": rights,
                "channel": channel,
                "numbers": len(numbers),
                "agent": bool(agent_identifier),
                "due_on": due.isoformat(),
                "processor_tasks": len(tasks),
            },
        )
    if send_acknowledgement:
        letter_write(
            subject_request=subject_request,
            actor=actor,
            kind=LetterKind.ACKNOWLEDGEMENT,
            http_request=http_request,
            targets=selectors.response_targets(subject_request),
        )
    return subject_request


def _processor_tasks_create(subject_request: SubjectRequest) -> list[ProcessorTask]:
    """One task per right for every processor in whose system one of the controller's registers is kept."""
    processors = Processor.objects.filter(register__controller=subject_request.controller, holds_register_data=True)
    tasks = []
    for processor in processors.select_related("register"):
        for right in subject_request.rights:
            task, _ = ProcessorTask.objects.get_or_create(
                request=subject_request,
                processor=processor,
                action=right,
                defaults={"due_on": subject_request.due_on},
            )
            tasks.append(task)
    return tasks


def request_verify_identity(
    *, subject_request: SubjectRequest, actor, method: str, outcome: str, note: str = "", http_request=None
) -> IdentityVerification:
    """Record an identity check. No copy or number of an identity document is ever stored."""
    _require_dpo(actor, subject_request.controller)
    _require_open(subject_request)
    with transaction.atomic():
        verification = IdentityVerification.objects.create(
            request=subject_request, method=method, outcome=outcome, note=note.strip(), verified_by=actor
        )
        if outcome == VerificationOutcome.VERIFIED and not subject_request.is_verified:
            subject_request.verified_at = verification.verified_at
            subject_request.status = RequestStatus.IN_PROGRESS
            subject_request.save(update_fields=["verified_at", "status"])
        _audit(
            "request_change",
            subject_request,
            actor=actor,
            http_request=http_request,
            details={"verification": outcome, "method": method, "status": subject_request.status},
        )
    return verification


def request_extend(
    *, subject_request: SubjectRequest, actor, months: int, reason: str, http_request=None
) -> SubjectRequest:
    """Extend the deadline by one or two months (art. 12(3)); the subject is told why, within the first month."""
    _require_dpo(actor, subject_request.controller)
    _require_open(subject_request)
    reason = (reason or "").strip()
    if months not in range(1, MAX_EXTENSION_MONTHS + 1):
        raise RequestError("An extension is one or two months (GDPR art. 12(3)).")
    if not reason:
        raise RequestError("Give the reason for the extension: the subject must be told why.")
    if subject_request.is_extended:
        raise RequestError(f"The deadline was already extended to {subject_request.due_on:%d.%m.%Y}.")
    if timezone.localdate() > subject_request.initial_due_on:
        raise RequestError("The one-month deadline has passed: an extension must be notified to the subject within it.")
    with transaction.atomic():
        subject_request.due_on = request_due_on(subject_request.received_on, extension_months=months)
        subject_request.extension_reason = reason
        subject_request.extended_at = timezone.now()
        subject_request.extended_by = actor
        subject_request.save(update_fields=["due_on", "extension_reason", "extended_at", "extended_by"])
        subject_request.processor_tasks.filter(status=TaskStatus.OPEN, due_on=subject_request.initial_due_on).update(
            due_on=subject_request.due_on
        )
        _audit(
            "request_change",
            subject_request,
            actor=actor,
            http_request=http_request,
            details={"extended_months": months, "due_on": subject_request.due_on.isoformat()},
        )
    letter_write(
        subject_request=subject_request,
        actor=actor,
        kind=LetterKind.EXTENSION,
        http_request=http_request,
        months=months,
        reason=reason,
    )
    return subject_request


# ---------------------------------------------------------------------------
# Search and review


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


# ---------------------------------------------------------------------------
# Access (art. 15): listening appointment or export package


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


def download_url(link_base: str, token: str, language: str) -> str:
    with translation.override(language):
        path = reverse("subject_requests:package_download", args=[token])
    return f"{link_base.rstrip('/')}{path}"


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


def _delivery_letter(subject_request, package, token, *, actor, link_base, http_request) -> Letter:
    return letter_write(
        subject_request=subject_request,
        actor=actor,
        kind=LetterKind.DELIVERY,
        http_request=http_request,
        package=package,
        link=None,
        email_context={"link": download_url(link_base, token, subject_request.language)},
    )


def _package_store(
    subject_request: SubjectRequest,
    *,
    actor,
    kind: str,
    matches: list[RecordingMatch],
    letter_text: str,
    with_listen_copies: bool = True,
) -> tuple[ExportPackage, str]:
    """Write the zip to a private temp dir, encrypt it into storage under a random name, keep the row."""
    from vault.blobs import delete_blob, new_data_key, store_encrypted
    from vault.keyring import get_keyring
    from vault.scratch import scratch_dir

    _require_no_live_package(subject_request, kind)
    token = secrets.token_urlsafe(32)
    package = ExportPackage(
        request=subject_request,
        kind=kind,
        token_hash=ExportPackage.hash_token(token),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=PACKAGE_LINK_DAYS),
    )
    agent_matched = {m.recording_id for m in matches if "agent" in (m.matched_on or [])}
    with scratch_dir("subject-package-") as tmp:
        path = tmp / "package.zip"
        try:
            package.recordings_count = build_package_zip(
                path,
                subject_request=subject_request,
                recordings=[m.recording for m in matches],
                agent_matched=agent_matched,
                letter_text=letter_text,
                with_listen_copies=with_listen_copies,
            )
        except RecordingError as exc:
            raise RequestError(f"A recording could not be read for the package: {exc.message}") from None
        from recordings.services import file_sha256

        package.sha256 = file_sha256(path)
        package.size = path.stat().st_size
        data_key = new_data_key()
        package.key_id, package.wrapped_key = get_keyring().wrap(data_key, context=package.key_context)
        package.blob = store_encrypted(path, data_key=data_key, associated_data=package.key_context + PACKAGE_AAD)
    try:
        with transaction.atomic():
            _package_contents_record(package, [m.recording for m in matches])
            package.registers.set({m.register_id for m in matches})
    except IntegrityError:
        # Another POST for the same request won the race (the constraint is the arbiter).
        delete_blob(package.blob)
        raise RequestError(LIVE_PACKAGE_MESSAGE, status=409) from None
    except BaseException:
        delete_blob(package.blob)
        raise
    return package, token


def _package_contents_record(package: ExportPackage, recordings: list[Recording]) -> None:
    """Save the package with the list of recordings it holds, unless one was deleted while it was built.

    Locking the recordings orders this against an erasure or purge of one of
    them: either the deletion committed first (and the package is refused
    here) or it waits and then finds this package among those to revoke.
    """
    ids = [r.pk for r in recordings]
    alive = Recording.objects.select_for_update(of=("self",)).filter(pk__in=ids, wrapped_key__isnull=False)
    if len(set(alive.values_list("pk", flat=True))) != len(set(ids)):
        raise RequestError("A recording was deleted while the package was being made; create the package again.")
    package.save()
    ExportPackageRecording.objects.bulk_create(
        [ExportPackageRecording(package=package, recording_public_id=r.public_id) for r in recordings],
        ignore_conflicts=True,
    )


LIVE_PACKAGE_MESSAGE = (
    "A download link for this request is still valid; the subject has it. "
    "Withdraw that link first if a new one must be sent."
)


def _require_no_live_package(subject_request: SubjectRequest, kind: str) -> None:
    """One live link per request and kind; an expired link still on file is deleted so it does not block."""
    now = timezone.now()
    undelivered = ExportPackage.objects.filter(
        request=subject_request, kind=kind, deleted_at__isnull=True, downloaded_at__isnull=True
    )
    for package in undelivered.filter(expires_at__lte=now):
        export_package_delete(package, why="expired")
    if undelivered.filter(expires_at__gt=now).exists():
        raise RequestError(LIVE_PACKAGE_MESSAGE, status=409)


def export_package_claim(*, raw_token: str, http_request=None) -> ExportPackage:
    """Use up a download link: valid once, before it expires. Raises RequestError(410) otherwise."""
    token_hash = ExportPackage.hash_token(raw_token or "")
    with transaction.atomic():
        package = (
            ExportPackage.objects.select_for_update()
            .select_related("request", "request__controller")
            .filter(token_hash=token_hash)
            .first()
        )
        if package is None:
            raise RequestError("This link is not valid.", status=404)
        if package.is_withdrawn:
            raise RequestError("This link has been withdrawn.", status=410)
        if not package.is_available:
            raise RequestError("This link has expired or has already been used.", status=410)
        package.downloaded_at = timezone.now()
        package.save(update_fields=["downloaded_at"])
        _audit(
            "export",
            package.request,
            http_request=http_request,
            obj=package,
            details={"stage": "downloaded", "package": package.pk},
        )
    return package


def export_package_peek(raw_token: str) -> ExportPackage | None:
    """The package a link names, without using it up (for the page with the download button)."""
    return (
        ExportPackage.objects.select_related("request", "request__controller")
        .filter(token_hash=ExportPackage.hash_token(raw_token or ""))
        .first()
    )


def export_package_open(package: ExportPackage):
    """A decrypting reader over the package's zip."""
    from vault.blobs import open_reader
    from vault.keyring import get_keyring

    if not package.wrapped_key:
        raise RequestError("The package has been deleted.", status=410)
    data_key = get_keyring().unwrap(package.key_id, bytes(package.wrapped_key), context=package.key_context)
    return open_reader(package.blob, data_key=data_key, associated_data=package.key_context + PACKAGE_AAD)


def export_package_delete(
    package: ExportPackage, *, why: str, actor=None, http_request=None, keep_blob: bool = False
) -> bool:
    """Destroy the package's key first (any lingering copy becomes unreadable), then its blob.

    With `keep_blob` the caller deletes the blob after its own transaction commits.
    """
    with transaction.atomic():
        row = ExportPackage.objects.select_for_update().filter(pk=package.pk, deleted_at__isnull=True).first()
        if row is None:
            return False
        ExportPackage.objects.filter(pk=package.pk).update(wrapped_key=None, key_id="", deleted_at=timezone.now())
        # Journalled like a recording's deletion, so a restore of an older backup deletes it again
        # and a revoked link never works after a restore.
        deletions_outbox_add(
            [(row.public_id, None)], kind=DeletionKind.PACKAGE, reason=why[:20], reference=row.request.number
        )
        _audit(
            "export",
            row.request,
            actor=actor,
            http_request=http_request,
            obj=row,
            details={"stage": "deleted", "package": row.pk, "why": why},
        )
    if not keep_blob:
        export_package_blobs_delete([row.blob])
    package.deleted_at = timezone.now()
    return True


def export_package_blobs_delete(blobs: list[str]) -> None:
    """Delete the blobs of packages whose keys are destroyed."""
    from vault.blobs import delete_blob

    for blob in blobs:
        try:
            delete_blob(blob)
        except OSError as exc:
            # The key is gone, so the blob is unreadable already; reconcile_storage --fix removes it.
            logger.warning("blob of an export package not deleted yet: %s", type(exc).__name__)


def export_packages_revoke_holding(recording_public_ids, *, reason: str, reference: str = "") -> list[str]:
    """Revoke every live package holding a copy of one of these recordings, whose keys are being destroyed.

    Call it inside the transaction that destroys the recordings' keys, so a
    package's key goes with theirs and a kill in between leaves neither; then
    delete the returned blobs with `export_package_blobs_delete` after commit.
    """
    ids = list(recording_public_ids)
    if not ids:
        return []
    holding = ExportPackageRecording.objects.filter(recording_public_id__in=ids).values("package_id")
    why = f"recording deleted ({reason}{', ' + reference if reference else ''})"
    blobs = []
    for package in ExportPackage.objects.filter(deleted_at__isnull=True, pk__in=holding).select_related("request"):
        if export_package_delete(package, why=why, keep_blob=True):
            blobs.append(package.blob)
    return blobs


def export_package_replay_deletion(entry: dict) -> bool:
    """After a restore: delete again a package the deletion journal names (registered with backups)."""
    from backups.journal import entry_object

    package = ExportPackage.objects.filter(public_id=entry_object(entry), deleted_at__isnull=True).first()
    if package is None:
        return False
    return export_package_delete(package, why=entry.get("reason") or "journal")


def export_package_revoke(*, package: ExportPackage, actor, http_request=None) -> bool:
    """The DPO withdraws a link (sent to a wrong address, say): a DPO of every register whose calls it holds."""
    _require_dpo(actor, package.request.controller)
    if not permissions.is_dpo_of_all(actor, package.registers.all()):
        raise RequestError("The package holds calls of registers where you are not the DPO.", status=404)
    return export_package_delete(package, why="revoked", actor=actor, http_request=http_request)


def export_packages_delete_expired(now: datetime | None = None) -> int:
    """Delete every package past its expiry, or downloaded a while ago. Safe to run twice at once."""
    now = now or timezone.now()
    due = ExportPackage.objects.filter(deleted_at__isnull=True).filter(
        Q(expires_at__lte=now) | Q(downloaded_at__lte=now - DOWNLOAD_GRACE)
    )
    deleted = 0
    for package in due.select_related("request"):
        if export_package_delete(package, why="expired" if package.expires_at <= now else "downloaded"):
            deleted += 1
    # A package holding a recording deleted without it (e.g. restored from a backup older than the
    # erasure) is found by the recording's tombstone.
    from retention.models import Tombstone

    holding_deleted = ExportPackageRecording.objects.filter(
        recording_public_id__in=Tombstone.objects.values("recording_public_id")
    ).values("package_id")
    for package in ExportPackage.objects.filter(deleted_at__isnull=True, pk__in=holding_deleted).select_related(
        "request"
    ):
        if export_package_delete(package, why="recording deleted"):
            deleted += 1
    return deleted


# ---------------------------------------------------------------------------
# Erasure (art. 17)


def erasure_default_refusal(match: RecordingMatch, language: str) -> str:
    """The reason a held recording is kept, in the letter's language, from the kind of its hold."""
    kinds = [h.kind for h in getattr(match, "other_holds", [])]
    for kind in (HoldKind.CRIMINAL_INVESTIGATION, HoldKind.COMPLAINT):
        if kind in kinds:
            return HOLD_REFUSAL_REASONS[kind][language]
    return DEFAULT_HOLD_REFUSAL[language]


def _erasure_kept_if(subject_request: SubjectRequest):
    """What keeps a recording from this request's erasure, as a condition the key-destroying statement checks.

    An active hold other than this request's own, or a restriction another request placed.
    """
    own_hold = Q(kind=HoldKind.SUBJECT_REQUEST, reference=subject_request.number)
    held = Exists(Hold.objects.active().filter(recordings=OuterRef("pk")).exclude(own_hold))
    restricted = Exists(
        RecordingMatch.objects.filter(
            recording=OuterRef("pk"), restricted_at__isnull=False, restriction_lifted_at__isnull=True
        ).exclude(request=subject_request)
    )
    return held | restricted


def erasure_decide(
    *,
    subject_request: SubjectRequest,
    actor,
    refusals: dict[int, str] | None = None,
    erase=None,
    approved_proposal=None,
    http_request=None,
) -> RightDecision:
    """Erase the included recordings (crypto-shred), except those refused with a reason.

    A recording under an active hold other than this request's own cannot be
    erased: it is refused, with the DPO's reason or the hold's standard one.
    With `erase` (match ids), every pending recording must be named in
    `erase` or `refusals`: the DPO's page passes it, so nothing is erased by
    default and a recording included after the confirmation is not erased unseen.
    """
    _require_dpo(actor, subject_request.controller)
    _require_verified(subject_request)
    _require_right(subject_request, RequestRight.ERASURE)
    refusals = {int(k): (v or "").strip() for k, v in (refusals or {}).items()}
    language = subject_request.language
    pending = [
        m
        for m in selectors.matches_for_review(subject_request)
        if m.is_included and m.recording is not None and not m.erasure_outcome
    ]
    if not pending:
        raise RequestError("No included recording is waiting for an erasure decision.")
    if erase is not None:
        chosen = {int(pk) for pk in erase} | set(refusals)
        if any(m.pk not in chosen for m in pending):
            raise RequestError("Choose whether to erase or keep each recording; nothing was erased.")
    # A register may ask for a second DPO's approval (erasure_approval): then only an approved proposal erases.
    erasure_approval.require_approval(pending, approved_proposal)
    for match in pending:
        _require_dpo_of_register(actor, match.register)
        if match.pk in refusals and not refusals[match.pk]:
            raise RequestError("Give the reason for refusing to erase each recording you keep.")
        if match.other_holds and match.pk not in refusals:
            refusals[match.pk] = erasure_default_refusal(match, language)

    from recordings.errors import RecordingKept
    from recordings.services import recording_shred

    kept = _erasure_kept_if(subject_request)
    erased, refused = [], []
    for match in pending:
        recording = match.recording
        if match.pk not in refusals:
            line = letters.recording_line(recording, language)
            recording_pk, register = recording.pk, recording.register
            try:
                recording_shred(recording, reason="erasure", reference=subject_request.number, kept_if=kept)
            except RecordingKept:
                # A hold or another request's restriction arrived after the review: it wins.
                refusals[match.pk] = DEFAULT_HOLD_REFUSAL[language]
            except OSError as exc:
                # The data key is destroyed and committed before blobs are deleted, so the
                # audio is unreadable already; the reconcile sweep removes the leftovers.
                logger.warning("recording %s erased but a blob remains: %s", recording_pk, type(exc).__name__)
        if match.pk in refusals:
            RecordingMatch.objects.filter(pk=match.pk).update(
                erasure_outcome=ErasureOutcome.REFUSED, erasure_reason=refusals[match.pk]
            )
            refused.append((match, refusals[match.pk]))
            continue
        RecordingMatch.objects.filter(pk=match.pk).update(erasure_outcome=ErasureOutcome.ERASED, erasure_reason="")
        _audit(
            "erasure",
            subject_request,
            actor=actor,
            http_request=http_request,
            register=register,
            object_type="recordings.recording",
            object_id=str(recording_pk),
            details={"recording": str(match.recording_public_id)},
        )
        erased.append(line)

    if erased and refused:
        outcome = DecisionOutcome.PARTIALLY_GRANTED
    elif erased:
        outcome = DecisionOutcome.GRANTED
    else:
        outcome = DecisionOutcome.REFUSED
    refused_lines = [{**letters.recording_line(m.recording, language), "reason": reason} for m, reason in refused]
    reasons = "\n".join(f"- {r['started']}: {r['reason']}" for r in refused_lines)
    with transaction.atomic():
        decision = _decision_record(
            subject_request,
            actor=actor,
            right=RequestRight.ERASURE,
            outcome=outcome,
            reasons=reasons,
            http_request=http_request,
        )
    if erased:
        letter_write(
            subject_request=subject_request,
            actor=actor,
            kind=LetterKind.ERASURE,
            http_request=http_request,
            erased=erased,
            refused=refused_lines,
        )
    else:
        letter_write(
            subject_request=subject_request,
            actor=actor,
            kind=LetterKind.REFUSAL,
            http_request=http_request,
            refused_rights=[
                {
                    "right": letters.right_names([RequestRight.ERASURE], language)[0],
                    "recordings": refused_lines,
                    "reasons": "",
                }
            ],
        )
    return decision


# ---------------------------------------------------------------------------
# Restriction (art. 18), rectification (art. 16), the decided rights


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


def right_decide(
    *, subject_request: SubjectRequest, actor, right: str, outcome: str, reasons: str = "", http_request=None
) -> RightDecision:
    """Record the answer to rectification, objection or withdrawal of consent, and tell the subject."""
    _require_dpo(actor, subject_request.controller)
    _require_verified(subject_request)
    _require_right(subject_request, right)
    if right not in DECIDED_RIGHTS:
        raise RequestError("That right is answered by carrying it out, not by a written decision alone.")
    reasons = (reasons or "").strip()
    if outcome != DecisionOutcome.GRANTED and not reasons:
        raise RequestError("Give the reasons: a refusal must tell the subject why (art. 12(4)).")
    language = subject_request.language
    with transaction.atomic():
        decision = _decision_record(
            subject_request, actor=actor, right=right, outcome=outcome, reasons=reasons, http_request=http_request
        )
    right_name = letters.right_names([right], language)[0]
    if outcome == DecisionOutcome.REFUSED:
        letter_write(
            subject_request=subject_request,
            actor=actor,
            kind=LetterKind.REFUSAL,
            http_request=http_request,
            refused_rights=[{"right": right_name, "recordings": [], "reasons": reasons}],
        )
    else:
        rectified = []
        if right == RequestRight.RECTIFICATION:
            for item in subject_request.rectifications.select_related("match"):
                rectified.append(
                    {
                        "started": _letter_time(item.match.started_at, language),
                        "fields": [letters.field_name(f, language) for f in item.fields],
                    }
                )
        letter_write(
            subject_request=subject_request,
            actor=actor,
            kind=LetterKind.DECISION,
            http_request=http_request,
            right=right_name,
            outcome=outcome,
            reasons=reasons,
            rectified=rectified,
        )
    return decision


def _letter_time(moment, language: str) -> str:
    local = timezone.localtime(moment, letters.HELSINKI)
    return local.strftime("%-d.%-m.%Y %H:%M") if language == "fi" else local.strftime("%Y-%m-%d %H:%M")


# ---------------------------------------------------------------------------
# Portability (art. 20)


def portability_answer(
    *, subject_request: SubjectRequest, actor, link_base: str, http_request=None
) -> tuple[RightDecision, ExportPackage | None, str | None]:
    """Give the data in machine-readable form where the legal basis allows it; refuse with reasons elsewhere."""
    _require_dpo(actor, subject_request.controller)
    _require_verified(subject_request)
    _require_right(subject_request, RequestRight.PORTABILITY)
    language = subject_request.language
    matches = _included(subject_request, actor)
    registers = {m.register for m in matches} or set(selectors.dpo_registers(actor, subject_request.controller))
    portable = {r for r in registers if r.legal_basis in PORTABLE_BASES}
    refused_registers = sorted(registers - portable, key=lambda r: r.name)
    refusal_reasons = [
        PORTABILITY_REFUSAL[language].format(register=letters.register_facts(r, language).name)
        for r in refused_registers
    ]
    portable_matches = [m for m in matches if m.register in portable]
    package = token = None
    if portable_matches:
        _s, cover = letters.render_letter(
            LetterKind.DECISION,
            subject_request,
            right=letters.right_names([RequestRight.PORTABILITY], language)[0],
            outcome=DecisionOutcome.GRANTED,
            reasons="",
            portable=True,
        )
        package, token = _package_store(
            subject_request,
            actor=actor,
            kind=PackageKind.PORTABILITY,
            matches=portable_matches,
            letter_text=cover,
            with_listen_copies=False,
        )
        _audit(
            "export",
            subject_request,
            actor=actor,
            http_request=http_request,
            obj=package,
            details={
                "stage": "created",
                "package": package.pk,
                "kind": PackageKind.PORTABILITY,
                "recordings": package.recordings_count,
            },
        )
    if package and refusal_reasons:
        outcome = DecisionOutcome.PARTIALLY_GRANTED
    elif package:
        outcome = DecisionOutcome.GRANTED
    else:
        outcome = DecisionOutcome.REFUSED
        if not refusal_reasons:
            refusal_reasons = [
                "Tallenteita ei löytynyt rekistereistä, joiden käsittely perustuu suostumukseen tai sopimukseen."
                if language == "fi"
                else "No recordings were found in registers whose processing is based on consent or a contract."
            ]
    reasons = "\n\n".join(refusal_reasons)
    with transaction.atomic():
        decision = _decision_record(
            subject_request,
            actor=actor,
            right=RequestRight.PORTABILITY,
            outcome=outcome,
            reasons=reasons,
            http_request=http_request,
        )
    right_name = letters.right_names([RequestRight.PORTABILITY], language)[0]
    if package is None:
        letter_write(
            subject_request=subject_request,
            actor=actor,
            kind=LetterKind.REFUSAL,
            http_request=http_request,
            refused_rights=[{"right": right_name, "recordings": [], "reasons": reasons}],
        )
    else:
        letter_write(
            subject_request=subject_request,
            actor=actor,
            kind=LetterKind.DECISION,
            http_request=http_request,
            right=right_name,
            outcome=outcome,
            reasons=reasons,
            portable=True,
        )
        _delivery_letter(subject_request, package, token, actor=actor, link_base=link_base, http_request=http_request)
    return decision, package, token


# ---------------------------------------------------------------------------
# Processor tasks, closing


def processor_task_complete(
    *, task: ProcessorTask, actor, note: str = "", cancelled: bool = False, http_request=None
) -> ProcessorTask:
    """Mark a processor's task done (the processor confirmed) or cancelled (with a note why)."""
    subject_request = task.request
    _require_dpo(actor, subject_request.controller)
    _require_dpo_of_register(actor, task.processor.register)
    if not task.is_open:
        raise RequestError("The task is already closed.")
    note = (note or "").strip()
    if cancelled and not note:
        raise RequestError("Say why the task is cancelled.")
    with transaction.atomic():
        task.status = TaskStatus.CANCELLED if cancelled else TaskStatus.DONE
        task.note = note
        task.completed_at = timezone.now()
        task.completed_by = actor
        task.save(update_fields=["status", "note", "completed_at", "completed_by"])
        _audit(
            "request_change",
            subject_request,
            actor=actor,
            http_request=http_request,
            details={
                "processor_task": task.pk,
                "processor": task.processor_id,
                "action": task.action,
                "status": task.status,
            },
        )
    return task


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
