"""The deletion journal's rows: deletions waiting to be shipped, and anonymous counts of deleted calls.

Both tables were created by the backups app; they keep their names (db_table), so no data moved.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeletedCallStats(models.Model):
    """Calls per day, line and direction, with their total duration, counted as recordings are deleted.

    Reporting (how many calls a line took last year) survives retention
    without keeping anything about any one call or caller.
    """

    register = models.ForeignKey("registers.Register", on_delete=models.CASCADE, related_name="deleted_call_stats")
    day = models.DateField(_("day"))
    line = models.CharField(_("service line"), max_length=200, blank=True)
    direction = models.CharField(_("direction"), max_length=10)
    calls = models.PositiveIntegerField(_("calls"), default=0)
    total_seconds = models.FloatField(_("total duration (s)"), default=0)

    class Meta:
        db_table = "backups_deletedcallstats"
        verbose_name = _("statistics of deleted calls")
        verbose_name_plural = _("statistics of deleted calls")
        constraints = [
            models.UniqueConstraint(fields=["register", "day", "line", "direction"], name="deleted_stats_unique")
        ]
        indexes = [models.Index(fields=["register", "day"])]

    def __str__(self) -> str:
        return f"{self.register_id} {self.day} {self.line} {self.direction}: {self.calls}"


class DeletionKind(models.TextChoices):
    RECORDING = "recording", _("recording")
    PACKAGE = "package", _("export package")


class DeletionOutbox(models.Model):
    """A committed deletion waiting to be shipped to the deletion journal (journal/file.py).

    Why an outbox: the journal lives outside the database, so no write to it
    can share the deleting transaction. Appending before the commit left
    entries for deletions that then rolled back (a kill between the fsync and
    the commit), and a restore replaying them destroyed calls that were never
    deleted, held ones included. Appending after the commit could lose the
    entry to a kill. This row is written by the statement that destroys the
    key, so it exists exactly when the deletion committed; it is copied to the
    journal afterwards and deleted only once the copy is fsynced. Each entry
    carries the row's `token`, so a crash between the append and this row's
    deletion never writes the entry twice. No personal data: ids and why.
    """

    kind = models.CharField(max_length=10, choices=DeletionKind.choices)
    token = models.UUIDField(default=uuid.uuid4, editable=False)
    public_id = models.UUIDField()
    register_id = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=20)
    reference = models.CharField(max_length=100, blank=True)
    # A deleted call's keyed id digest (recordings.call_ids), so a restore can keep refusing the call;
    # empty for other kinds.
    external_id_digest = models.CharField(max_length=64, blank=True, default="", db_default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "backups_deletionoutbox"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id} ({self.reason})"


class JournalShipMark(models.Model):
    """The journal's last entry as the database last saw it shipped: one row, moved with each shipped chunk.

    The database's own witness of how far the journal reached. A journal whose
    last entry is now older (a disk or a copy that lost an acknowledged tail,
    whose outbox rows are gone) is rebuilt from the tombstones (journal.rebuild).
    """

    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"journal shipped to {self.sequence}"
