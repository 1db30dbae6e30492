"""Issued accountability reports: the hash of what each one said, signed and recorded in the audit chain.

The facts of a report are recomputed from the data on demand; storing each
issued report's hash (and an audit event naming it) lets a later
recomputation show when the underlying rows were changed after the fact.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScopeKind(models.TextChoices):
    REGISTER = "register", _("Register")
    CONTROLLER = "controller", _("Controller")


class AccountabilityReport(models.Model):
    scope_kind = models.CharField(max_length=10, choices=ScopeKind.choices)
    # A register's slug or a controller's id: the report outlives renames through `document`.
    scope_key = models.CharField(max_length=80)
    controller = models.ForeignKey("registers.Controller", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text=_("The first day of the calendar month (Helsinki time)."))
    generated_at = models.DateTimeField(default=timezone.now)
    generated_by = models.CharField(max_length=150)
    facts_sha256 = models.CharField(max_length=64, help_text=_("Hash of the month's facts, recomputed by verify."))
    document_sha256 = models.CharField(max_length=64)
    signature = models.CharField(max_length=64)
    document = models.JSONField()
    audit_sequence = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-generated_at", "-pk"]
        indexes = [models.Index(fields=["scope_kind", "scope_key", "month"], name="accountability_scope_month")]
        constraints = [
            models.CheckConstraint(condition=models.Q(month__day=1), name="accountability_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.scope_kind} {self.scope_key} {self.month:%Y-%m}"
