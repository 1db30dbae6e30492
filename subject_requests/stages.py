"""Where each open request stands, and who it waits for: the DPO's request list reads this.

A request moves through identity check, search, review of what was found, and
the answer (with its package, letter or processor tasks); in a register that
asks for four eyes an erasure then waits for a second DPO. The stage is read
from what has been recorded, never stored, so it cannot drift from the facts.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import ErasureProposal, MatchDecision, ProposalStatus, SubjectRequest, TaskStatus


class Stage(models.TextChoices):
    IDENTITY = "identity", gettext_lazy("Identity check")
    SEARCH = "search", gettext_lazy("Searching the recordings")
    REVIEW = "review", gettext_lazy("Reviewing what was found")
    PACKAGE = "package", gettext_lazy("Answer and package")
    SECOND_APPROVER = "second_approver", gettext_lazy("Second approver")


def with_stage_facts(requests: models.QuerySet[SubjectRequest]) -> models.QuerySet[SubjectRequest]:
    """The counts and the waiting proposal `stage_of` needs, read in the list's own queries."""
    return requests.annotate(
        pending_matches=Count("matches", filter=Q(matches__decision=MatchDecision.PENDING), distinct=True),
        open_task_count=Count("processor_tasks", filter=Q(processor_tasks__status=TaskStatus.OPEN), distinct=True),
    ).prefetch_related(
        Prefetch(
            "erasure_proposals",
            queryset=ErasureProposal.objects.filter(status=ProposalStatus.PENDING).select_related("proposed_by"),
            to_attr="waiting_proposals",
        )
    )


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def stage_of(subject_request: SubjectRequest) -> Stage:
    if getattr(subject_request, "waiting_proposals", None):
        return Stage.SECOND_APPROVER
    if not subject_request.is_verified:
        return Stage.IDENTITY
    if subject_request.searched_at is None:
        return Stage.SEARCH
    if getattr(subject_request, "pending_matches", 0):
        return Stage.REVIEW
    return Stage.PACKAGE


def waiting_for(subject_request: SubjectRequest, stage: Stage) -> str:
    """Who must act next, in words for the list."""
    if stage == Stage.SECOND_APPROVER:
        proposal = subject_request.waiting_proposals[0]
        return _("Another data protection officer (proposed by %(name)s)") % {"name": _name(proposal.proposed_by)}
    tasks = getattr(subject_request, "open_task_count", 0)
    if stage == Stage.PACKAGE and tasks:
        return ngettext("Processor (%(count)s open task)", "Processors (%(count)s open tasks)", tasks) % {
            "count": tasks
        }
    return _("Data protection officer")


def deadline_words(due_on: date, today: date | None = None) -> str:
    days = (due_on - (today or timezone.localdate())).days
    if days < 0:
        return ngettext("%(days)s day late", "%(days)s days late", -days) % {"days": -days}
    if days == 0:
        return _("due today")
    return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}


def annotate_stages(rows: list[SubjectRequest], today: date | None = None) -> list[SubjectRequest]:
    for row in rows:
        row.stage = stage_of(row)
        row.stage_label = row.stage.label
        row.waiting_for = waiting_for(row, row.stage)
        row.deadline_words = deadline_words(row.due_on, today)
    return rows
