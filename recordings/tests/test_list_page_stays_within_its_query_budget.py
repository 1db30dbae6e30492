"""The call list's queries, counted: each round trip costs as much as the rows at ten million calls.

The minimal view in bench/views.py needs four (session, user, rows, session
save). The list adds what it must: the register, the user's roles (one query
for every role the page asks about, the header's links included), the service
lines of the filter form, the user's saved searches (for a supervisor or DPO), and
the count where it is not known already.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recordings.models import Recording
from testkit import make_stored_recording


def _calls(register, count: int) -> None:
    """`count` calls of the register: one stored for real, the rest rows copied from it (the list reads rows only)."""
    first = make_stored_recording(register, caller_number="+358401110000")
    now = timezone.now()
    copies = []
    for i in range(count - 1):
        copy = Recording.objects.get(pk=first.pk)
        copy.pk = None
        copy.public_id = uuid.uuid4()
        copy.external_id = f"copy-{i}"
        copy.sha256 = f"{i + 1:064x}"
        copy.started_at = now - timedelta(hours=i + 2)
        copy.ended_at = copy.started_at + timedelta(seconds=1)
        copies.append(copy)
    Recording.objects.bulk_create(copies)


def _count_text(content: str) -> str:
    return content.split('<p class="count">')[1].split("</p>")[0]


def _filtered(client, register, **filters) -> str:
    response = client.post(reverse("recording_list", args=[register.slug]), filters)
    assert response.status_code == 302
    return response.url


@pytest.mark.django_db
def test_first_page_of_a_busy_register_makes_eight_queries_besides_the_session(
    client, personas, django_assert_max_num_queries
):
    _calls(personas.register, 60)
    client.force_login(personas.dpo)
    url = _filtered(client, personas.register, date_from=(timezone.localdate() - timedelta(days=30)).isoformat())
    client.get(url)
    # session, user, register, roles, service lines, count, rows; savepoint, session save, release.
    with django_assert_max_num_queries(11) as queries:
        response = client.get(url)
    # The register is read without the notice's texts (most of its sixty-odd fields).
    [register_query] = [q["sql"] for q in queries.captured_queries if 'FROM "registers_register"' in q["sql"]]
    assert '"registers_register"."retention_value"' in register_query
    assert '"registers_register"."purpose"' not in register_query
    content = response.content.decode()
    assert content.count("data-recording=") == 50
    # The DPO's header links come from the same roles query as the page's permission checks.
    assert 'id="nav-requests"' in content and 'id="nav-audit"' in content


@pytest.mark.django_db
def test_later_page_reuses_the_count_its_first_page_found(client, personas, django_assert_max_num_queries):
    _calls(personas.register, 60)
    client.force_login(personas.supervisor)
    url = _filtered(client, personas.register, date_from=(timezone.localdate() - timedelta(days=30)).isoformat())
    first = client.get(url).content.decode()
    assert "60" in _count_text(first)
    after = first.split("after=")[1].split('"')[0].replace("&amp;", "&")
    with django_assert_max_num_queries(10):
        response = client.get(f"{url}&after={after}")
    content = response.content.decode()
    assert content.count("data-recording=") == 10
    assert "60" in _count_text(content)


@pytest.mark.django_db
def test_a_number_found_a_few_times_is_counted_from_its_rows(client, personas, django_assert_max_num_queries):
    _calls(personas.register, 3)
    make_stored_recording(personas.register, caller_number="+358402220000")
    client.force_login(personas.supervisor)
    url = _filtered(client, personas.register, number="040 222 0000")
    client.get(url)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    content = response.content.decode()
    assert content.count("data-recording=") == 1
    assert "1" in _count_text(content)
