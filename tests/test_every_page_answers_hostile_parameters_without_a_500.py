"""Every page, for every role, answers hostile query strings and form posts with a page or a 4xx, never a 500.

Cursors, filter keys, dates, numbers and ids arrive from browsers, bookmarks
and hand-edited URLs; a value the page cannot use is refused or ignored, and
the server error page (and its alert to the operators) is left for faults.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.every_page import ROLES, pages_for

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = [
    "",
    "x",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "9999-99-99",
    "2024-02-30",
    "0001-01-01",
    "../../etc/passwd",
    "'; DROP TABLE x; --",
    "\x00",
    "%",
    "a" * 5000,
    "Zm9v",  # base64 "foo": a cursor's shape without its content
    "eyJ0IjoiMjAyNC0wMS0wMSJ9",  # base64 JSON without the parts a cursor has
    "00000000-0000-0000-0000-000000000000",
    "+358401234567",
    "ääkkönen",
]
PARAMETERS = [
    "after",
    "before",
    "f",
    "page",
    "sort",
    "q",
    "number",
    "register",
    "action",
    "user",
    "from",
    "to",
    "date_from",
    "date_to",
    "month",
    "year",
    "status",
    "kind",
    "next",
    "language",
]


def _client(role: str, personas) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(getattr(personas, role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_hostile_query_strings_and_posts_never_answer_500(world, role):
    client = _client(role, world.personas)
    failures = []
    for path in sorted({path for _name, path, _action in pages_for(role, world)}):
        for value in HOSTILE_VALUES:
            fields = dict.fromkeys(PARAMETERS, value)
            for method in ("get", "post"):
                response = getattr(client, method)(path, fields)
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {path} with {value[:20]!r}: {response.status_code}")
    assert not failures, "\n".join(failures[:40])
