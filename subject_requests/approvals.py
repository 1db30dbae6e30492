"""What waits for a DPO's second approval: the four-eyes proposals another DPO made in the user's registers.

Erasure proposals (subject_requests.erasure_approval), retention rule changes
(retention.rule_proposals) and deletions after a retention event
(retention.events) each wait for a second DPO. This module gathers them for
one user, leaving out their own proposals, so the request list and the daily
digest tell the second DPO. It says nothing about a data subject: a request
number, a register, who proposed and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from registers import permissions
from retention.models import RetentionRuleProposal, RetentionTask, RetentionTaskStatus, RuleProposalStatus

from .models import ErasureProposal, ProposalStatus


@dataclass(frozen=True)
class AwaitingApproval:
    kind: str  # "erasure", "retention_rule", "retention_event" or "four_eyes_off"
    key: int
    what: str
    registers: str
    proposed_by: str
    proposed_at: datetime
    path: str


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def awaiting_approval_by(user) -> list[AwaitingApproval]:
    """Proposals by other DPOs that this user may approve, oldest first."""
    register_ids = permissions.dpo_register_ids(user)
    if not register_ids:
        return []
    found: list[AwaitingApproval] = []
    erasures = (
        ErasureProposal.objects.filter(status=ProposalStatus.PENDING, registers__in=register_ids)
        .exclude(proposed_by=user)
        .select_related("request", "proposed_by")
        .prefetch_related("registers")
        .distinct()
    )
    for proposal in erasures:
        registers = list(proposal.registers.all())
        if not {r.pk for r in registers} <= register_ids:
            continue
        found.append(
            AwaitingApproval(
                kind="erasure",
                key=proposal.pk,
                what=_("Erasure for request %(number)s") % {"number": proposal.request.number},
                registers=", ".join(sorted(r.name for r in registers)),
                proposed_by=_name(proposal.proposed_by),
                proposed_at=proposal.proposed_at,
                path=reverse("subject_requests:detail", args=[proposal.request.number]) + "#erasure",
            )
        )
    rules = (
        RetentionRuleProposal.objects.filter(status=RuleProposalStatus.PENDING, register_id__in=register_ids)
        .exclude(proposed_by=user)
        .select_related("register", "proposed_by")
    )
    for proposal in rules:
        found.append(
            AwaitingApproval(
                kind="retention_rule",
                key=proposal.pk,
                what=_("Retention rule change: %(rule)s") % {"rule": proposal.summary()},
                registers=proposal.register.name,
                proposed_by=_name(proposal.proposed_by),
                proposed_at=proposal.proposed_at,
                path=reverse("retention_overview", args=[proposal.register.slug]),
            )
        )
    tasks = (
        RetentionTask.objects.filter(
            status=RetentionTaskStatus.OPEN,
            approved_by__isnull=True,
            register_id__in=register_ids,
            register__erasure_needs_second_approver=True,
        )
        .exclude(recorded_by=user)
        .select_related("register", "recorded_by")
    )
    for task in tasks:
        found.append(
            AwaitingApproval(
                kind="retention_event",
                key=task.pk,
                what=_("Deletion after a retention event, due %(date)s")
                % {"date": f"{task.due_on.day}.{task.due_on.month}.{task.due_on.year}"},
                registers=task.register.name,
                proposed_by=_name(task.recorded_by),
                proposed_at=task.recorded_at,
                path=reverse("retention_overview", args=[task.register.slug]),
            )
        )
    found.extend(_four_eyes_off_awaiting(user, register_ids))
    return sorted(found, key=lambda a: (a.proposed_at, a.kind, a.key))


def _four_eyes_off_awaiting(user, register_ids: set[int]) -> list[AwaitingApproval]:
    from registers.models import FourEyesOffProposal

    proposals = (
        FourEyesOffProposal.objects.pending()
        .filter(register_id__in=register_ids)
        .exclude(proposed_by=user)
        .select_related("register", "proposed_by")
    )
    return [
        AwaitingApproval(
            kind="four_eyes_off",
            key=p.pk,
            what=_("Switching the second approver off"),
            registers=p.register.name,
            proposed_by=_name(p.proposed_by),
            proposed_at=p.proposed_at,
            path=reverse("register_settings", args=[p.register.slug]),
        )
        for p in proposals
    ]


__all__ = ["AwaitingApproval", "awaiting_approval_by"]
