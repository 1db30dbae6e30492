"""Reads for retention: what is due, what is held, what the coming days bring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from recordings.models import Recording
from registers.models import Register

from .models import Hold, PurgeRun, RetentionTask


def active_hold_on_recording():
    return Exists(Hold.objects.active().filter(recordings=OuterRef("pk")))


def recordings_due(*, now: datetime | None = None, register: Register | None = None) -> QuerySet[Recording]:
    """Recordings the purge deletes now: past expiry, keyed, not restricted, not held, and their expiry computed
    under the register's current rule (while a rule change's recompute runs, an older one's is not trusted:
    a longer rule keeps calls its predecessor let go)."""
    now = now or timezone.now()
    qs = Recording.objects.filter(
        expires_at__lte=now,
        restricted=False,
        wrapped_key__isnull=False,
        expiry_rule_version=F("register__retention_rule_version"),
    ).exclude(active_hold_on_recording())
    if register is not None:
        qs = qs.filter(register=register)
    return qs


def recordings_kept_past_expiry(register: Register, *, now: datetime | None = None) -> dict:
    """How many recordings are past their date but kept, and why."""
    now = now or timezone.now()
    past = Recording.objects.filter(register=register, expires_at__lte=now, wrapped_key__isnull=False)
    held = past.filter(active_hold_on_recording())
    by_kind = (
        Hold.objects.active()
        .filter(recordings__in=held)
        .values("kind")
        .annotate(recordings=Count("recordings", distinct=True))
        .order_by("kind")
    )
    return {
        "held": held.count(),
        "restricted": past.filter(restricted=True).exclude(active_hold_on_recording()).count(),
        "by_kind": list(by_kind),
    }


def purge_forecast(register: Register, *, days: int, now: datetime | None = None) -> int:
    """How many recordings the purge would delete within `days`, holds and restrictions as they stand."""
    now = now or timezone.now()
    return recordings_due(now=now + timedelta(days=days), register=register).count()


@dataclass(frozen=True)
class CappedCount:
    """A count that stopped at `cap`: shown as the number, or as "more than cap" when `more` is set."""

    value: int
    more: bool

    def __str__(self) -> str:
        shown = number_format(self.value, force_grouping=True)
        return gettext("more than %(count)s") % {"count": shown} if self.more else shown


def capped_count(qs: QuerySet, cap: int) -> CappedCount:
    """Count at most cap + 1 rows (COUNT over a LIMIT): a page's figure costs the same for any backlog."""
    found = qs[: cap + 1].count()
    return CappedCount(min(found, cap), found > cap)


def purge_forecast_capped(register: Register, *, days: int, cap: int) -> CappedCount:
    return capped_count(recordings_due(now=timezone.now() + timedelta(days=days), register=register), cap)


def holds_due_for_review(registers) -> QuerySet[Hold]:
    return (
        Hold.objects.active()
        .filter(register__in=registers, review_on__lte=timezone.localdate() + timedelta(days=7))
        .select_related("register", "placed_by")
        .annotate(recording_count=Count("recordings"))
        .order_by("review_on")
    )


def last_purge_runs(limit: int = 10) -> list[PurgeRun]:
    return list(PurgeRun.objects.filter(dry_run=False)[:limit])


def open_retention_tasks(register: Register) -> QuerySet[RetentionTask]:
    return register.retention_tasks.filter(status="open").order_by("due_on")
