"""The call list's filters, kept in the session under an opaque key.

Filters may hold a phone number, which must not reach URLs (browser history,
access logs): the list, saved searches and the CSV export name a filter set
by its key only. A few of the most recent sets are kept.
"""

from __future__ import annotations

import secrets

SESSION_FILTERS = "recording_filters"
KEPT = 10


def is_stored(request, register, key: str | None) -> bool:
    """Whether `key` names a filter set kept for this register."""
    entry = request.session.get(SESSION_FILTERS, {}).get(key) if key else None
    return bool(entry) and entry.get("register") == register.slug


def stored_filters(request, register, key: str | None) -> dict:
    """The filters kept under `key` for this register, or {}."""
    return request.session[SESSION_FILTERS][key]["data"] if is_stored(request, register, key) else {}


def remember_filters(request, register, data: dict) -> str:
    """Keep filters in the session under a new opaque key; returns the key."""
    key = secrets.token_urlsafe(6)
    stored = request.session.get(SESSION_FILTERS, {})
    stored = dict(list(stored.items())[-(KEPT - 1) :])
    stored[key] = {"register": register.slug, "data": {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"}}
    request.session[SESSION_FILTERS] = stored
    return key


def stored_count(request, key: str | None) -> int | None:
    """The count the first page of these filters found: paging on does not count the same rows again."""
    if not key:
        return None
    return request.session.get(SESSION_FILTERS, {}).get(key, {}).get("count")


def store_count(request, key: str | None, count: int) -> None:
    stored = request.session.get(SESSION_FILTERS, {})
    if key and key in stored and stored[key].get("count") != count:
        stored[key]["count"] = count
        request.session[SESSION_FILTERS] = stored
        request.session.modified = True
