"""The DPO's deadlines page: open requests grouped as overdue, due soon and later."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import reminders
from .common import dpo_required

MAX_LEAD_DAYS = 90


def _days(raw: str | None) -> int:
    """The lead the DPO asked for (?days=), within 0-90; the configured one otherwise."""
    try:
        days = int(raw or "")
    except ValueError:
        return reminders.lead_days()
    return min(max(days, 0), MAX_LEAD_DAYS)


@dpo_required
@require_GET
def deadlines(request):
    groups = reminders.deadline_groups(request.user, days=_days(request.GET.get("days")))
    return render(
        request,
        "subject_requests/deadlines.html",
        {
            "groups": groups,
            "sections": [
                ("overdue", groups.overdue),
                ("due-soon", groups.due_soon),
                ("later", groups.later),
            ],
            "max_days": MAX_LEAD_DAYS,
        },
    )
