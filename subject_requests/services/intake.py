"""Intake: a request is received, numbered and given its deadline; the subject's identity is verified."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from registers.models import Controller, Membership, Role
from registers.validators import PhoneNumberError, normalise_phone_number
from retention.rules import add_months

from .. import selectors
from ..errors import RequestError
from ..models import (
    IdentityVerification,
    LetterKind,
    RequestNumberSequence,
    RequestRight,
    RequestStatus,
    SubjectRequest,
    TaskStatus,
    VerificationOutcome,
)
from .common import _audit, _require_dpo, _require_open
from .letters import letter_write
from .processor_tasks import _processor_tasks_create

MAX_EXTENSION_MONTHS = 2


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
