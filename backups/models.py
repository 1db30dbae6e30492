"""Anonymous call statistics that outlive the recordings they count."""

from django.db import models
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
        verbose_name = _("statistics of deleted calls")
        verbose_name_plural = _("statistics of deleted calls")
        constraints = [
            models.UniqueConstraint(fields=["register", "day", "line", "direction"], name="deleted_stats_unique")
        ]
        indexes = [models.Index(fields=["register", "day"])]

    def __str__(self) -> str:
        return f"{self.register_id} {self.day} {self.line} {self.direction}: {self.calls}"
