"""Deadline reminders for the DPO: the deadlines page and the daily email digest.

Both see a request the way the request pages do (registers.permissions): a
DPO of any register of the request's controller. The digest says nothing
about the data subject: a request number, the registers, the due date and a
link to the request page, which asks for a login. Each (request, DPO) pair is
claimed in `DeadlineReminder` before the email goes out, in the same
transaction, so a digest run twice in a day (or two runs at once) names each
request to each DPO once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registers import permissions
from registers.models import Membership, Register, Role

from . import approvals, selectors
from .models import ApprovalReminder, DeadlineReminder, RecordingMatch, SubjectRequest

logger = logging.getLogger(__name__)


def lead_days() -> int:
    return settings.DEADLINE_REMINDER_DAYS


@dataclass
class DeadlineGroups:
    """Open requests in three groups by due date, each earliest first."""

    lead_days: int
    today: date
    overdue: list[SubjectRequest] = field(default_factory=list)
    due_soon: list[SubjectRequest] = field(default_factory=list)
    later: list[SubjectRequest] = field(default_factory=list)


def _registers_by_request(requests, register_ids: set[int]) -> dict[int, list[str]]:
    """For each request, the names of the registers it concerns that are in `register_ids`.

    The registers its found recordings are in; before a search found any,
    every register of the controller in `register_ids`.
    """
    found: dict[int, set[int]] = {}
    for request_id, register_id in (
        RecordingMatch.objects.filter(request__in=requests).values_list("request_id", "register_id").distinct()
    ):
        found.setdefault(request_id, set()).add(register_id)
    names = dict(Register.objects.filter(pk__in=register_ids).values_list("pk", "name"))
    by_controller: dict[int, list[int]] = {}
    for pk, controller_id in Register.objects.filter(pk__in=register_ids).values_list("pk", "controller_id"):
        by_controller.setdefault(controller_id, []).append(pk)
    result = {}
    for r in requests:
        ids = found.get(r.pk) or set(by_controller.get(r.controller_id, []))
        result[r.pk] = sorted(names[i] for i in ids if i in names)
    return result


def deadline_groups(user, today: date | None = None, days: int | None = None) -> DeadlineGroups:
    """The user's open requests as overdue, due within `days` (the reminder lead) and later."""
    today = today or timezone.localdate()
    days = lead_days() if days is None else days
    groups = DeadlineGroups(lead_days=days, today=today)
    rows = list(selectors.requests_visible_to(user).open().by_due_date())
    registers = _registers_by_request(rows, permissions.dpo_register_ids(user))
    for row in rows:
        row.register_names = registers.get(row.pk, [])
        row.days_to_due = (row.due_on - today).days
        if row.due_on < today:
            groups.overdue.append(row)
        elif row.due_on <= today + timedelta(days=days):
            groups.due_soon.append(row)
        else:
            groups.later.append(row)
    return groups


def _all_dpos() -> dict[int, tuple[object, set[int]]]:
    """Every DPO, who may have proposals waiting for their approval: user id -> (user, their register ids)."""
    recipients: dict[int, tuple[object, set[int]]] = {}
    for membership in Membership.objects.filter(role=Role.DPO).select_related("user"):
        user, register_ids = recipients.setdefault(membership.user_id, (membership.user, set()))
        register_ids.add(membership.register_id)
    return recipients


def deadline_digest_send(*, today: date | None = None, days: int | None = None) -> int:
    """Email every DPO the open requests due within `days` or late, and the proposals waiting for their approval,
    each not yet named to them today; returns emails sent."""
    today = today or timezone.localdate()
    days = lead_days() if days is None else days
    due = list(
        SubjectRequest.objects.open()
        .filter(due_on__lte=today + timedelta(days=days))
        .select_related("controller")
        .by_due_date()
    )
    User = get_user_model()
    sent = 0
    for user_id, (user, register_ids) in sorted(_all_dpos().items()):
        if not user.is_active or not user.email:
            logger.info("deadline digest: DPO user %s has no email address; skipped", user_id)
            continue
        their_controllers = set(Register.objects.filter(pk__in=register_ids).values_list("controller_id", flat=True))
        theirs = [r for r in due if r.controller_id in their_controllers]
        with transaction.atomic():
            # Lock the user's row: two runs at once take turns per DPO, the second finding the claims made.
            User.objects.select_for_update().filter(pk=user_id).first()
            waiting = approvals.awaiting_approval_by(user)
            claimed = []
            for r in theirs:
                _, created = DeadlineReminder.objects.get_or_create(
                    request=r, recipient=user, sent_on=today, defaults={"due_on": r.due_on}
                )
                if created:
                    claimed.append(r)
            if waiting:
                _, created = ApprovalReminder.objects.get_or_create(
                    recipient=user, sent_on=today, defaults={"waiting": len(waiting)}
                )
                if not created:
                    waiting = []
            if not claimed and not waiting:
                continue
            # A failure to send raises and rolls the claims back: the next run tries again.
            _digest_message(user, claimed, register_ids, today, waiting).send()
        sent += 1
        logger.info(
            "deadline digest: %s request(s), %s approval(s) to DPO user %s", len(claimed), len(waiting), user_id
        )
    return sent


def _digest_message(
    user, requests: list[SubjectRequest], register_ids: set[int], today: date, waiting=()
) -> EmailMessage:
    registers = _registers_by_request(requests, register_ids)
    with translation.override(settings.LANGUAGE_CODE):
        late = sum(1 for r in requests if r.due_on < today)
        soon = len(requests) - late
        if requests:
            subject = _("Data-subject request deadlines: %(soon)s due soon, %(late)s overdue") % {
                "soon": soon,
                "late": late,
            }
        else:
            subject = _("Waiting for your approval: %(count)s") % {"count": len(waiting)}
        lines = _approval_lines(waiting)
        if requests:
            lines += [
                ngettext(
                    "This open data-subject request is due within %(days)s days or overdue.",
                    "These open data-subject requests are due within %(days)s days or overdue.",
                    len(requests),
                )
                % {"days": lead_days()},
                "",
            ]
        for r in requests:
            state = _("OVERDUE") if r.due_on < today else _("due")
            lines.append(f"{r.number} · {', '.join(registers.get(r.pk, [])) or r.controller.name}")
            lines.append(f"  {state} {r.due_on.day}.{r.due_on.month}.{r.due_on.year}")
            lines.append(f"  {settings.SITE_URL}{reverse('subject_requests:detail', args=[r.number])}")
        lines += ["", _("All deadlines: %(url)s") % {"url": settings.SITE_URL + reverse("subject_requests:deadlines")}]
    return EmailMessage(
        subject=subject, body="\n".join(lines) + "\n", from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
    )


def _approval_lines(waiting) -> list[str]:
    """The proposals another DPO made that wait for this one: what, where, by whom, and the page to approve on."""
    if not waiting:
        return []
    lines = [_("Waiting for your approval as the second data protection officer:"), ""]
    for item in waiting:
        lines.append(f"{item.what} · {item.registers}")
        lines.append("  " + _("proposed by %(name)s") % {"name": item.proposed_by})
        lines.append(f"  {settings.SITE_URL}{item.path}")
    return lines + [""]
