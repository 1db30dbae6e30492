"""Legal holds, purge runs and retention tasks (the tombstone a deletion leaves is in recordings.models)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What is left of a deleted recording is the recordings app's (recordings.Tombstone, table retention_tombstone):
# the shred that writes it lives there. Importable from here as before.
from recordings.models import Tombstone, TombstoneReason  # noqa: F401


class HoldKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint (reklamaatio)")
    TRAINING = "training", _("Training")
    CRIMINAL_INVESTIGATION = "criminal_investigation", _("Criminal investigation")
    SUBJECT_REQUEST = "subject_request", _("Data-subject request")
    OTHER = "other", _("Other")


# Kinds a supervisor may place; the DPO may place any kind.
SUPERVISOR_HOLD_KINDS = (HoldKind.COMPLAINT, HoldKind.TRAINING)


class HoldQuerySet(models.QuerySet):
    def active(self):
        return self.filter(released_at__isnull=True)


class Hold(models.Model):
    """A legal hold: while active, the purge keeps every recording it names."""

    register = models.ForeignKey("registers.Register", on_delete=models.PROTECT, related_name="holds")
    recordings = models.ManyToManyField("recordings.Recording", related_name="holds")
    kind = models.CharField(_("kind"), max_length=30, choices=HoldKind.choices)
    reason = models.TextField(_("reason"))
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("E.g. complaint or case number.")
    )
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="holds_placed")
    placed_at = models.DateTimeField(default=timezone.now)
    review_on = models.DateField(_("review date"))
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="holds_released"
    )
    release_reason = models.TextField(blank=True)

    objects = HoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at"]
        indexes = [models.Index(fields=["released_at", "review_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference or self.pk}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class PurgeRun(models.Model):
    """One run of the purge: when, how many deleted per register, how many blob errors."""

    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    deleted = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    completed_interrupted = models.PositiveIntegerField(
        default=0, help_text=_("Recordings whose key an earlier, interrupted run had already destroyed.")
    )
    per_register = models.JSONField(default=dict, help_text=_("Register id to the number deleted."))
    error_summary = models.TextField(blank=True)
    interrupted = models.BooleanField(
        default=False, help_text=_("Killed before it finished; a later run closed it with the counts it had saved.")
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"purge {self.started_at:%Y-%m-%d %H:%M}: {self.deleted} deleted"

    def deleted_in(self, register) -> int:
        return int(self.per_register.get(str(register.pk), 0))


class RetentionTaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class RetentionTask(models.Model):
    """Event-based retention: the event was recorded, the deletion is tracked until done.

    The reference names the customer account in the controller's own system
    (e.g. its account number); it is needed to find the data and is kept only
    until the task is done.
    """

    register = models.ForeignKey("registers.Register", on_delete=models.PROTECT, related_name="retention_tasks")
    event_on = models.DateField(_("event date"))
    reference = models.CharField(_("reference"), max_length=100, help_text=_("E.g. the customer account number."))
    note = models.TextField(_("note"), blank=True)
    due_on = models.DateField(_("delete by"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=RetentionTaskStatus.choices, default=RetentionTaskStatus.OPEN)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    # The calls the event ends, found by the customer's numbers when the event is recorded; the
    # numbers themselves are not kept. Completing the task destroys these.
    recordings = models.ManyToManyField("recordings.Recording", related_name="retention_tasks", blank=True)
    # In a register that asks for a second approver, the DPO who recorded the event proposes; another
    # DPO of the register approves by completing the task, and only then is anything destroyed.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(completed_at__isnull=False, completed_by__isnull=False),
                name="retention_task_done_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True) | ~models.Q(approved_by=models.F("recorded_by")),
                name="retention_task_approver_is_not_its_recorder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register.slug}: delete by {self.due_on}"

    @property
    def is_late(self) -> bool:
        return self.status == RetentionTaskStatus.OPEN and self.due_on < timezone.localdate()


class RuleProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second DPO")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RetentionRuleProposal(models.Model):
    """A rule change that shortens retention in a register asking for a second approver, until another DPO approves.

    Shorter periods and event-based deletion bring calls' deletion nearer, so
    in such a register one DPO proposes and a second DPO of the register
    approves; the change (and every expiry's recomputation) is made only then.
    """

    register = models.ForeignKey("registers.Register", on_delete=models.PROTECT, related_name="rule_proposals")
    value = models.PositiveIntegerField(null=True, blank=True)
    unit = models.CharField(max_length=10)
    trigger = models.CharField(max_length=10)
    event = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=RuleProposalStatus.choices, default=RuleProposalStatus.PENDING)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("retention rule proposal")
        verbose_name_plural = _("retention rule proposals")
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["register"],
                condition=models.Q(status="pending"),
                name="one_pending_rule_proposal_per_register",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | ~models.Q(decided_by=models.F("proposed_by")),
                name="rule_proposal_approver_is_not_its_proposer",
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | models.Q(decided_by__isnull=False, decided_at__isnull=False),
                name="rule_proposal_decided_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register.slug}: rule proposal {self.pk} ({self.status})"

    @property
    def approved_by(self):
        return self.decided_by if self.status == RuleProposalStatus.APPROVED else None

    def summary(self) -> str:
        """The proposed rule in words, as the register's own rule is shown."""
        from registers.models import Register, retention_rule_text

        probe = Register(
            retention_value=self.value,
            retention_unit=self.unit,
            retention_trigger=self.trigger,
            retention_event=self.event,
        )
        return retention_rule_text(probe)


class RuleRecompute(models.Model):
    """The background job that recomputes a register's expiries after its rule changed (retention.rule_recompute).

    One per rule version. Until it finishes, the register's recordings still
    carrying an older version are left alone by the purge; its counts are the
    progress bar on the retention page.
    """

    register = models.ForeignKey("registers.Register", on_delete=models.PROTECT, related_name="rule_recomputes")
    rule_version = models.PositiveIntegerField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    total = models.PositiveIntegerField(null=True, blank=True, help_text=_("Recordings to recompute, at the start."))
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    superseded = models.BooleanField(default=False, help_text=_("A later rule change took over before it finished."))

    class Meta:
        verbose_name = _("recompute of expiry dates")
        verbose_name_plural = _("recomputes of expiry dates")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["register", "rule_version"], name="one_recompute_per_rule_version"),
        ]

    def __str__(self) -> str:
        return f"{self.register_id}: recompute of rule version {self.rule_version}"

    @property
    def percent(self) -> int:
        if self.finished_at is not None:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)
