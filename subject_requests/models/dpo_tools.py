"""The DPO's tools: reminders sent, per-controller letter wording, erasure proposals awaiting a second DPO."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Imported by the package after these are defined there.
from . import Language, LetterKind  # noqa: E402


class DeadlineReminder(models.Model):
    """One request named in one DPO's deadline digest on one day.

    The unique row is the claim: a digest run that cannot insert it (another
    run, or an earlier one today, already did) leaves the request out, so a
    DPO hears of a request at most once a day however often the task runs.
    """

    request = models.ForeignKey(
        "subject_requests.SubjectRequest", on_delete=models.CASCADE, related_name="deadline_reminders"
    )
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    due_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "recipient", "sent_on"], name="deadline_reminder_once_a_day_per_dpo"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request.number} {self.sent_on}"


class ApprovalReminder(models.Model):
    """The day a DPO's digest named the proposals waiting for their approval: once a day, like the deadlines."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    waiting = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "sent_on"], name="approval_reminder_once_a_day_per_dpo")
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.sent_on}"


class LetterTemplate(models.Model):
    """A controller's own wording of one kind of letter in one language, replacing the built-in one.

    The text uses named placeholders only (subject_requests.letter_templates),
    never Django template code: a DPO edits it, and the app fills it.
    """

    controller = models.ForeignKey(
        "registers.Controller", on_delete=models.CASCADE, related_name="letter_templates", verbose_name=_("controller")
    )
    kind = models.CharField(_("letter"), max_length=20, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    subject_line = models.CharField(_("subject line"), max_length=300)
    body = models.TextField(_("text"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["controller", "kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["controller", "kind", "language"], name="letter_template_one_per_controller_kind_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.controller_id} {self.kind} {self.language}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting a second approval")
    APPROVED = "approved", _("Approved and carried out")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ErasureProposal(models.Model):
    """An erasure decision one DPO has confirmed, waiting for a second DPO where a register asks for two.

    It holds the first DPO's choices (match ids to erase, reasons to keep);
    the erasure runs with exactly these when another DPO approves. The
    approval is a conditional update from pending, so two approvals at once
    carry it out once.
    """

    request = models.ForeignKey(
        "subject_requests.SubjectRequest", on_delete=models.CASCADE, related_name="erasure_proposals"
    )
    erase = models.JSONField(default=list)
    refusals = models.JSONField(default=dict)
    registers = models.ManyToManyField("registers.Register", related_name="+")
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=Q(status="pending"), name="erasure_proposal_one_pending_per_request"
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("proposed_by")),
                name="erasure_proposal_approver_is_another_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.number} erasure proposal {self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING
