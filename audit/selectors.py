"""Reads of the audit log scoped to what a user may see, paged by sequence (keyset, never OFFSET)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from . import registry
from .models import AuditEvent

PAGE_SIZE = 50


def events_readable_by(user) -> QuerySet[AuditEvent]:
    scope = registry.readable_filter(user)
    if scope is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(scope)


def can_read_audit_log(user) -> bool:
    return registry.readable_filter(user) is not None


def actors_in(events: QuerySet[AuditEvent]) -> list[tuple[int, str]]:
    rows = events.exclude(actor_id=None).values_list("actor_id", "actor_label").distinct()
    return sorted(set(rows), key=lambda row: row[1].lower())


@dataclass
class Page:
    events: list[AuditEvent]
    newer: int | None  # pass as ?after= to see the newer page
    older: int | None  # pass as ?before= to see the older page


def events_page(events: QuerySet[AuditEvent], *, before: int | None = None, after: int | None = None) -> Page:
    """One page of events, newest first, starting below `before` or just above `after`."""
    if after is not None:
        rows = list(events.filter(sequence__gt=after).order_by("sequence")[: PAGE_SIZE + 1])
        has_more_newer = len(rows) > PAGE_SIZE
        rows = list(reversed(rows[:PAGE_SIZE]))
        older = rows[-1].sequence if rows and events.filter(sequence__lt=rows[-1].sequence).exists() else None
        return Page(rows, rows[0].sequence if rows and has_more_newer else None, older)
    qs = events.order_by("-sequence")
    if before is not None:
        qs = qs.filter(sequence__lt=before)
    rows = list(qs[: PAGE_SIZE + 1])
    has_more_older = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    newer = None
    if rows and before is not None and events.filter(sequence__gt=rows[0].sequence).exists():
        newer = rows[0].sequence
    return Page(rows, newer, rows[-1].sequence if rows and has_more_older else None)


def iter_events(events: QuerySet[AuditEvent], *, batch_size: int = 2000):
    """Every event, newest first, in keyset batches (an export of millions never loads them all)."""
    last = None
    while True:
        qs = events.order_by("-sequence")
        if last is not None:
            qs = qs.filter(sequence__lt=last)
        batch = list(qs[:batch_size])
        if not batch:
            return
        yield batch
        last = batch[-1].sequence
