"""List queries: filters and keyset pagination that stay fast at millions of rows."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet

from lib.timezones import HELSINKI

from .models import Recording

PAGE_SIZE = 50
COUNT_CAP = 10_000

# sort key -> (model field, descending)
SORT_FIELDS = {
    "-started": ("started_at", True),
    "started": ("started_at", False),
    "-duration": ("duration_seconds", True),
    "duration": ("duration_seconds", False),
}


def active_hold_exists():
    # Holds are the retention app's, which stands on this one: reach them through the relation it
    # adds to Recording (related_name "holds") rather than by importing it.
    held = Recording.holds.through
    return Exists(held.objects.filter(recording_id=OuterRef("pk"), hold__released_at__isnull=True))


def apply_filters(qs: QuerySet[Recording], data: dict) -> QuerySet[Recording]:
    if data.get("date_from"):
        qs = qs.filter(started_at__gte=datetime.combine(data["date_from"], time.min, HELSINKI))
    if data.get("date_to"):
        qs = qs.filter(started_at__lt=datetime.combine(data["date_to"] + timedelta(days=1), time.min, HELSINKI))
    if data.get("time_from") or data.get("time_to"):
        qs = qs.filter(_time_of_day(data.get("time_from"), data.get("time_to")))
    if data.get("number", "").startswith("*"):
        part = data["number"][1:]
        qs = qs.filter(
            Q(caller_number__contains=part) | Q(callee_number__contains=part) | Q(service_number__contains=part)
        )
    elif data.get("number"):
        n = data["number"]
        qs = qs.filter(
            _starts_with("caller_number", n) | _starts_with("callee_number", n) | _starts_with("service_number", n)
        )
    if data.get("direction"):
        qs = qs.filter(direction=data["direction"])
    if data.get("agent"):
        a = data["agent"]
        qs = qs.filter(
            Q(agent__username__iexact=a)
            | Q(agent_name__icontains=a)
            | Q(agent__first_name__iexact=a)
            | Q(agent__last_name__iexact=a)
        )
    if data.get("service_line"):
        qs = qs.filter(service_line_id=data["service_line"])
    if data.get("min_duration") is not None:
        qs = qs.filter(duration_seconds__gte=data["min_duration"])
    if data.get("max_duration") is not None:
        qs = qs.filter(duration_seconds__lte=data["max_duration"])
    status = data.get("status")
    if status == "restricted":
        qs = qs.filter(restricted=True)
    elif status in ("held", "not_held"):
        held = active_hold_exists()
        qs = qs.filter(held) if status == "held" else qs.exclude(held)
    return qs


def _starts_with(field: str, prefix: str) -> Q:
    """`field` begins with `prefix` (a + and digits, as numbers are stored), written as a range.

    A range is what the field's plain B-tree index answers under any collation;
    LIKE 'prefix%' would need the C collation or a second, pattern index.
    """
    digits = prefix.lstrip("+")
    since = Q(**{f"{field}__gte": prefix})
    if not digits or set(digits) == {"9"}:
        # Nothing made of a + and digits sorts after "+99…" without beginning with it.
        return since
    following = str(int(digits) + 1).zfill(len(digits))
    return since & Q(**{f"{field}__lt": prefix[: len(prefix) - len(digits)] + following})


def _time_of_day(start: time | None, end: time | None) -> Q:
    """Calls started between two clock times in Helsinki; 22:00–06:00 spans midnight."""
    # __time lookups convert to the current time zone, which is Helsinki (TIME_ZONE).
    after = Q(started_at__time__gte=start) if start else Q()
    before = Q(started_at__time__lte=end) if end else Q()
    if start and end and start > end:
        return after | before
    return after & before


def encode_cursor(value, pk: int) -> str:
    raw = json.dumps([value.isoformat() if isinstance(value, datetime) else value, pk])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, field: str):
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, pk = json.loads(base64.urlsafe_b64decode(padded))
        if field == "started_at":
            value = datetime.fromisoformat(value)
        else:
            value = float(value)
        return value, int(pk)
    except (ValueError, TypeError, json.JSONDecodeError):
        return None


@dataclass
class Page:
    items: list[Recording]
    next_cursor: str | None
    count: int
    count_capped: bool
    # The count as queried (up to COUNT_CAP + 1), for a later page of the same filters to pass back.
    raw_count: int = 0


def paginate(
    qs: QuerySet[Recording],
    *,
    sort: str = "-started",
    after: str | None = None,
    annotate: dict | None = None,
    known_count: int | None = None,
) -> Page:
    """One page by keyset. `annotate` is applied to the page's rows only, never to the capped count.

    The count is the dearest query of a page (up to COUNT_CAP index entries), so
    it is skipped where it is known: a first page shorter than a page is its own
    count, and a later page may pass the count its first page found.
    """
    field, descending = SORT_FIELDS.get(sort, SORT_FIELDS["-started"])
    count_qs = qs
    if after:
        decoded = decode_cursor(after, field)
        if decoded:
            value, pk = decoded
            if descending:
                qs = qs.filter(Q(**{f"{field}__lt": value}) | Q(**{field: value, "pk__lt": pk}))
            else:
                qs = qs.filter(Q(**{f"{field}__gt": value}) | Q(**{field: value, "pk__gt": pk}))
    order = [f"-{field}", "-pk"] if descending else [field, "pk"]
    if annotate:
        qs = qs.annotate(**annotate)
    rows = list(qs.order_by(*order).select_related("agent", "service_line")[: PAGE_SIZE + 1])
    if known_count is not None:
        count = known_count
    elif not after and len(rows) <= PAGE_SIZE:
        count = len(rows)
    else:
        count = count_qs.order_by().values("pk")[: COUNT_CAP + 1].count()
    next_cursor = None
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        last = rows[-1]
        next_cursor = encode_cursor(getattr(last, field), last.pk)
    return Page(rows, next_cursor, min(count, COUNT_CAP), count > COUNT_CAP, count)
