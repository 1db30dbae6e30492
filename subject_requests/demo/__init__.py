"""Data-subject requests for the demo, so the demo DPO's request pages show a request at each stage.

Each request is taken through the same services a DPO's clicks call, by the
demo register's first DPO, so its audit trail, letters and deadlines are the
app's own. The subjects' telephone numbers are the other party's numbers of the
demo's calls (ranges no subscriber has), so the search finds those calls.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lib.timezones import HELSINKI
from recordings.models import Recording
from registers.demo import DEMO_PREFIXES, FOUR_EYES_REGISTER
from registers.models import Register

from .. import services
from ..erasure_approval import erasure_propose
from ..models import SubjectRequest, VerificationOutcome

REQUESTS_FILE = Path(__file__).with_name("requests.toml")
STAGES = ("searched", "proposed", "closed")


@dataclass(frozen=True)
class DemoRequest:
    stage: str
    rights: list[str]
    channel: str
    received_days_ago: int
    subject_name: str
    subject_postal_address: str
    description: str
    verification_method: str
    verification_note: str
    appointment_days_after: int = 0
    appointment_place: str = ""
    appointment_attendees: str = ""
    appointment_notes: str = ""
    processor_task_note: str = ""
    closing_note: str = ""


def demo_request_plans(path: Path = REQUESTS_FILE) -> list[DemoRequest]:
    with path.open("rb") as f:
        plans = [DemoRequest(**entry) for entry in tomllib.load(f)["requests"]]
    unknown = [plan.stage for plan in plans if plan.stage not in STAGES]
    if unknown:
        raise ValueError(f"{path.name}: unknown stage {unknown[0]!r}; one of {', '.join(STAGES)}")
    return plans


def _subject_numbers(register: Register) -> list[str]:
    """The other party's number of each of the register's calls, the oldest call's first, each number once."""
    numbers: list[str] = []
    for recording in Recording.objects.filter(register=register).order_by("started_at", "pk"):
        number = recording.caller_number if recording.direction == "inbound" else recording.callee_number
        if number and number not in numbers:
            numbers.append(number)
    return numbers


def demo_requests_load(*, plans: list[DemoRequest] | None = None) -> int:
    """Load the demo requests the four-eyes register's controller has not got yet. Returns how many were added.

    Nothing is loaded before the register has calls: a request about no call shows nothing of the workflow.
    """
    register = Register.objects.filter(slug=FOUR_EYES_REGISTER).select_related("controller").first()
    if register is None:
        return 0
    numbers = _subject_numbers(register)
    if not numbers:
        return 0
    dpo = get_user_model().objects.get(username=f"{DEMO_PREFIXES[register.slug]}.dpo")
    known = set(SubjectRequest.objects.filter(controller=register.controller).values_list("description", flat=True))
    added = 0
    for index, plan in enumerate(plans if plans is not None else demo_request_plans()):
        if plan.description in known:
            continue
        with transaction.atomic():
            _request_load(plan, register=register, dpo=dpo, number=numbers[index % len(numbers)])
        added += 1
    return added


def _request_load(plan: DemoRequest, *, register: Register, dpo, number: str) -> SubjectRequest:
    today = timezone.localdate()
    received_on = today - timedelta(days=plan.received_days_ago)
    request = services.request_receive(
        actor=dpo,
        controller=register.controller,
        rights=plan.rights,
        received_on=received_on,
        channel=plan.channel,
        subject_name=plan.subject_name,
        subject_postal_address=plan.subject_postal_address,
        phone_numbers=[number],
        description=plan.description,
    )
    services.request_verify_identity(
        subject_request=request,
        actor=dpo,
        method=plan.verification_method,
        outcome=VerificationOutcome.VERIFIED,
        note=plan.verification_note,
    )
    services.request_search(subject_request=request, actor=dpo)
    if plan.stage == "proposed":
        services.matches_include_pending(subject_request=request, actor=dpo)
        erase = list(request.matches.values_list("pk", flat=True))
        erasure_propose(subject_request=request, actor=dpo, erase=erase, refusals={})
    elif plan.stage == "closed":
        _close_after_an_appointment(
            plan, request, dpo=dpo, on=received_on + timedelta(days=plan.appointment_days_after)
        )
    return request


def _close_after_an_appointment(plan: DemoRequest, request: SubjectRequest, *, dpo, on: date) -> None:
    services.matches_include_pending(subject_request=request, actor=dpo)
    appointment = services.appointment_schedule(
        subject_request=request,
        actor=dpo,
        starts_at=datetime.combine(on, time(10), tzinfo=HELSINKI),
        place=plan.appointment_place,
        attendees=plan.appointment_attendees,
    )
    services.appointment_close(appointment=appointment, actor=dpo, held=True, notes=plan.appointment_notes)
    for task in request.processor_tasks.all():
        services.processor_task_complete(task=task, actor=dpo, note=plan.processor_task_note)
    services.request_close(subject_request=request, actor=dpo, note=plan.closing_note)
