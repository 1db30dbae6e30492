"""The subject search's queries, counted: at ten million calls its round trips, not its plan, are the cost.

The search itself is one indexed query; around it the page needs the session,
the user, the user's roles (once), the request, the known finds, the audit
event and the search time. Nothing else may ask the database again.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from testkit import make_stored_recording

from .conftest import OTHER_CALLER, SUBJECT_NUMBER


@pytest.mark.django_db
def test_searching_again_makes_twelve_queries_besides_savepoints(
    client, personas, second_register, new_request, verify, django_assert_max_num_queries
):
    make_stored_recording(personas.register, caller_number=SUBJECT_NUMBER)
    make_stored_recording(second_register, callee_number=SUBJECT_NUMBER, caller_number=OTHER_CALLER)
    make_stored_recording(personas.register, caller_number=OTHER_CALLER)
    subject_request = verify(new_request())
    client.force_login(personas.dpo)
    url = reverse("subject_requests:search", args=[subject_request.number])
    assert client.post(url).status_code == 302
    assert subject_request.matches.count() == 2
    # session, user, roles, request; known finds, the search, the audit event (chain head, insert, head update),
    # the search time, the session save; five savepoints and releases (transactions outside a test).
    with django_assert_max_num_queries(17):
        assert client.post(url).status_code == 302
    assert subject_request.matches.count() == 2


@pytest.mark.django_db
def test_first_search_records_its_finds_without_a_query_each(
    client, personas, new_request, verify, django_assert_max_num_queries
):
    for _ in range(6):
        make_stored_recording(personas.register, caller_number=SUBJECT_NUMBER)
    subject_request = verify(new_request())
    client.force_login(personas.dpo)
    url = reverse("subject_requests:search", args=[subject_request.number])
    # As above, and one insert for every find.
    with django_assert_max_num_queries(18):
        assert client.post(url).status_code == 302
    assert subject_request.matches.count() == 6
    assert {tuple(m.matched_on) for m in subject_request.matches.all()} == {("caller",)}
