"""Legal holds and what is left after a recording is deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    reference = models.CharField(_("reference"), max_length=100, blank=True, help_text=_("E.g. complaint or case number."))
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


class TombstoneReason(models.TextChoices):
    RETENTION = "retention", _("Retention period ended")
    ERASURE = "erasure", _("Erasure request")
    EVENT = "event", _("Retention event")


class Tombstone(models.Model):
    """What remains of a deleted recording: ids and why, no personal data."""

    recording_public_id = models.UUIDField(unique=True)
    register = models.ForeignKey("registers.Register", on_delete=models.PROTECT, related_name="tombstones")
    deleted_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=20, choices=TombstoneReason.choices)
    reference = models.CharField(max_length=100, blank=True, help_text=_("E.g. the request number."))

    class Meta:
        ordering = ["-deleted_at"]
