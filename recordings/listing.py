"""The call list's rows, formatted once in Python.

A page holds 50 calls; formatting dates, durations and links through template
filters and `{% url %}` cost more than the query behind the page, so each row
is prepared here and the template only prints strings.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from .models import Recording, clock_duration

_PLACEHOLDER = uuid.UUID(int=0)
NONE_SHOWN = "—"


@dataclass(frozen=True, slots=True)
class ListRow:
    public_id: uuid.UUID
    url: str
    started: str
    duration: str
    direction: str
    caller: str
    callee: str
    agent: str
    service_line: str
    expires: str
    on_hold: bool
    restricted: bool
    rendition_status: str


def _date(value) -> str:
    local = timezone.localtime(value)
    return f"{local.day}.{local.month}.{local.year}"


def _date_time(value) -> str:
    local = timezone.localtime(value)
    return f"{local.day}.{local.month}.{local.year} {local:%H:%M:%S}"


def list_rows(recordings: list[Recording]) -> list[ListRow]:
    """Display rows for a page of recordings loaded with their agent and service line."""
    detail = reverse("recording_detail", args=[_PLACEHOLDER])
    placeholder = str(_PLACEHOLDER)
    return [
        ListRow(
            public_id=r.public_id,
            url=detail.replace(placeholder, str(r.public_id)),
            started=_date_time(r.started_at),
            duration=clock_duration(r.duration_seconds),
            direction=str(r.get_direction_display()),
            caller=r.caller_number or NONE_SHOWN,
            callee=r.callee_number or NONE_SHOWN,
            agent=r.agent_display or NONE_SHOWN,
            service_line=r.service_line.name if r.service_line_id else "",
            expires=_date(r.expires_at) if r.expires_at else NONE_SHOWN,
            on_hold=bool(getattr(r, "on_hold", False)),
            restricted=r.restricted,
            rendition_status=r.rendition_status,
        )
        for r in recordings
    ]
