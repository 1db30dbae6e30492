"""Reads for data-subject requests, scoped to what the DPO may see.

Who may see what is decided in registers.permissions: a user sees the requests
of the controllers in whose registers they hold the DPO role, and of each
request only the matches, packages and processor tasks of those registers;
everything else is 404, and is not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lib.timezones import HELSINKI
from recordings.models import Recording
from registers import permissions
from registers.models import Controller, Membership, Register, Role
from retention.models import Hold, HoldKind

from .models import (
    OPEN_STATUSES,
    ExportPackage,
    MatchDecision,
    ProcessorTask,
    RecordingMatch,
    SubjectRequest,
    TaskStatus,
)
from .stages import annotate_stages, with_stage_facts

HOLD_REVIEW_WINDOW_DAYS = 7


def dpo_controllers(user) -> QuerySet[Controller]:
    return permissions.dpo_controllers(user)


def dpo_registers(user, controller: Controller | None = None) -> QuerySet[Register]:
    """Registers in which the user is the DPO, optionally of one controller."""
    return permissions.dpo_registers(user, controller)


def registers_outside_search(user, controller: Controller) -> QuerySet[Register]:
    """The controller's registers the user is not DPO of: a search cannot cover them, so the page says so."""
    return controller.registers.exclude(pk__in=dpo_registers(user, controller).values("pk"))


def requests_visible_to(user) -> QuerySet[SubjectRequest]:
    # By the controllers' ids, which the page has read with the user's roles: no subquery joining the memberships.
    controllers = permissions.controller_ids_with_role(user, Role.DPO)
    return SubjectRequest.objects.filter(controller_id__in=controllers).select_related("controller")


def request_for(user, number: str) -> SubjectRequest:
    """The request with this number if the user is DPO at its controller, else 404."""
    subject_request = requests_visible_to(user).filter(number=number).first()
    if subject_request is None:
        raise Http404
    return subject_request


def matches_visible_to(user, subject_request: SubjectRequest) -> QuerySet[RecordingMatch]:
    """The request's matches in the registers where the user is the DPO; the others are not theirs to see."""
    return subject_request.matches.filter(register_id__in=permissions.dpo_register_ids(user))


def match_for(user, subject_request: SubjectRequest, match_id: int) -> RecordingMatch:
    """One of the request's matches if it is in a register where the user is the DPO, else 404."""
    match = (
        matches_visible_to(user, subject_request).select_related("recording", "register").filter(pk=match_id).first()
    )
    if match is None:
        raise Http404
    return match


def packages_visible_to(user, subject_request: SubjectRequest) -> QuerySet[ExportPackage]:
    """Packages holding calls of the user's registers only; a package with another register's calls is not theirs."""
    others = subject_request.controller.registers.exclude(pk__in=permissions.dpo_register_ids(user))
    return subject_request.packages.exclude(registers__in=others)


def package_for(user, subject_request: SubjectRequest, package_id: int) -> ExportPackage:
    package = packages_visible_to(user, subject_request).filter(pk=package_id).first()
    if package is None:
        raise Http404
    return package


def processor_tasks_visible_to(user, subject_request: SubjectRequest) -> QuerySet[ProcessorTask]:
    """Tasks for the processors of the user's registers."""
    return subject_request.processor_tasks.filter(processor__register_id__in=permissions.dpo_register_ids(user))


def processor_task_for(user, subject_request: SubjectRequest, task_id: int) -> ProcessorTask:
    task = processor_tasks_visible_to(user, subject_request).select_related("processor").filter(pk=task_id).first()
    if task is None:
        raise Http404
    return task


def open_requests_for_dashboard(user) -> list[SubjectRequest]:
    """Open requests, earliest deadline first, each with its stage, who it waits for, its target and overdue flags."""
    today = timezone.localdate()
    rows = list(with_stage_facts(requests_visible_to(user).open().by_due_date()))
    targets = _targets_by_controller({r.controller_id for r in rows})
    for row in rows:
        row.overdue = row.due_on < today
        row.due_soon = not row.overdue and row.due_on <= today + timedelta(days=HOLD_REVIEW_WINDOW_DAYS)
        days = targets.get(row.controller_id)
        row.target_on = row.received_on + timedelta(days=days) if days else None
        row.past_target = bool(row.target_on and row.target_on < today)
        row.open_tasks = row.open_task_count
    return annotate_stages(rows, today)


def _targets_by_controller(controller_ids: set[int]) -> dict[int, int]:
    """The tightest per-register answer target of each controller, in days."""
    targets: dict[int, int] = {}
    for controller_id, days in Register.objects.filter(
        controller_id__in=controller_ids, response_target_days__isnull=False
    ).values_list("controller_id", "response_target_days"):
        targets[controller_id] = min(days, targets.get(controller_id, days))
    return targets


@dataclass(frozen=True)
class ResponseTarget:
    register: Register
    days: int
    target_on: date


def response_targets(subject_request: SubjectRequest) -> list[ResponseTarget]:
    """Each register's own answer target (e.g. about a week), tighter than the legal month.

    Once the search has found recordings, only the registers they are in count.
    """
    registers = subject_request.controller.registers.filter(response_target_days__isnull=False)
    found = subject_request.matches.values("register_id")
    if subject_request.matches.exists():
        registers = registers.filter(pk__in=found)
    return [
        ResponseTarget(r, r.response_target_days, subject_request.received_on + timedelta(days=r.response_target_days))
        for r in registers.order_by("response_target_days", "name")
    ]


def holds_due_for_review(user, today: date | None = None) -> QuerySet[Hold]:
    """Active holds in the DPO's registers whose review date is within a week (or past)."""
    today = today or timezone.localdate()
    return (
        Hold.objects.active()
        .filter(register__in=dpo_registers(user), review_on__lte=today + timedelta(days=HOLD_REVIEW_WINDOW_DAYS))
        .select_related("register", "placed_by")
        .prefetch_related("recordings")
        .order_by("review_on", "pk")
    )


def subject_agent_identifiers(subject_request: SubjectRequest) -> set[str]:
    """Every name the telephony platform may use for the employee the request is about."""
    names = {subject_request.subject_agent_identifier} if subject_request.subject_agent_identifier else set()
    agent = subject_request.subject_agent
    if agent is not None:
        names.add(agent.get_username())
        names.update(
            Membership.objects.filter(user=agent, role=Role.AGENT, register__controller=subject_request.controller)
            .exclude(agent_identifier="")
            .values_list("agent_identifier", flat=True)
        )
    return {n for n in names if n}


def subject_recording_filter(subject_request: SubjectRequest) -> Q | None:
    numbers = [n for n in subject_request.subject_phone_numbers or [] if n]
    condition = Q()
    if numbers:
        condition |= Q(caller_number__in=numbers) | Q(callee_number__in=numbers)
    if subject_request.subject_agent_id:
        condition |= Q(agent_id=subject_request.subject_agent_id)
    identifiers = subject_agent_identifiers(subject_request)
    if identifiers:
        condition |= Q(agent_name__in=identifiers)
    return condition if condition else None


def subject_recordings(subject_request: SubjectRequest, registers) -> QuerySet[Recording]:
    """The subject's recordings in `registers`, matched on normalised numbers and agent identity."""
    condition = subject_recording_filter(subject_request)
    if condition is None:
        return Recording.objects.none()
    return Recording.objects.filter(register__in=registers).filter(condition).select_related("register")


def matched_on(recording: Recording, subject_request: SubjectRequest, identifiers: set[str]) -> list[str]:
    """Which identifier found this recording: caller, callee and/or agent."""
    numbers = set(subject_request.subject_phone_numbers or [])
    reasons = []
    if recording.caller_number and recording.caller_number in numbers:
        reasons.append("caller")
    if recording.callee_number and recording.callee_number in numbers:
        reasons.append("callee")
    if (subject_request.subject_agent_id and recording.agent_id == subject_request.subject_agent_id) or (
        recording.agent_name and recording.agent_name in identifiers
    ):
        reasons.append("agent")
    return reasons


def end_of_day(day: date) -> datetime:
    """The first moment after `day` in Helsinki: deadlines are whole Finnish days."""
    return datetime.combine(day + timedelta(days=1), time.min, HELSINKI)


def matches_for_review(subject_request: SubjectRequest, *, user=None) -> list[RecordingMatch]:
    """The request's matches with what the DPO needs to decide: expiring before the deadline, holds.

    With `user`, only the matches that user may see (matches_visible_to).
    """
    deadline = end_of_day(subject_request.due_on)
    matches_qs = subject_request.matches if user is None else matches_visible_to(user, subject_request)
    matches = list(
        matches_qs.select_related("register", "recording", "recording__agent", "decided_by").prefetch_related(
            Prefetch("recording__holds", queryset=Hold.objects.active().order_by("placed_at"), to_attr="active_holds")
        )
    )
    for match in matches:
        recording = match.recording
        match.active_holds = getattr(recording, "active_holds", []) if recording else []
        match.request_hold = any(
            h.kind == HoldKind.SUBJECT_REQUEST and h.reference == subject_request.number for h in match.active_holds
        )
        match.other_holds = [
            h
            for h in match.active_holds
            if not (h.kind == HoldKind.SUBJECT_REQUEST and h.reference == subject_request.number)
        ]
        match.expires_before_due = bool(
            recording and recording.expires_at and recording.expires_at < deadline and not match.active_holds
        )
    return matches


def included_matches(subject_request: SubjectRequest) -> QuerySet[RecordingMatch]:
    """Included matches whose recording still exists."""
    return (
        subject_request.matches.filter(decision=MatchDecision.INCLUDED, recording__isnull=False)
        .select_related("recording", "recording__register", "recording__agent", "register", "register__controller")
        .order_by("started_at", "pk")
    )


def open_processor_tasks(subject_request: SubjectRequest) -> QuerySet[ProcessorTask]:
    return subject_request.processor_tasks.filter(status=TaskStatus.OPEN)


def request_audit_trail(subject_request: SubjectRequest):
    """The request's own audit events, oldest first."""
    from audit.services import events_for_object

    return events_for_object("subject_requests.subjectrequest", subject_request.pk)


def live_packages(subject_request: SubjectRequest) -> list[ExportPackage]:
    """Packages whose link the subject can still use."""
    return [p for p in subject_request.packages.filter(deleted_at__isnull=True) if p.is_available]


def closed_requests(user, *, number: str = "", since: date | None = None, until: date | None = None, limit: int = 50):
    """Closed requests, newest first, found by (part of) their number and the period they were closed in."""
    found = requests_visible_to(user).exclude(status__in=OPEN_STATUSES)
    if number:
        found = found.filter(number__icontains=number.strip())
    if since:
        found = found.filter(closed_at__gte=datetime.combine(since, time.min, HELSINKI))
    if until:
        found = found.filter(closed_at__lt=end_of_day(until))
    return found.order_by("-closed_at", "-pk")[:limit]
