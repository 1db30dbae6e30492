"""A hold has a page of its own, which the audit log links to: what it keeps, why, and until when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from retention.services import hold_place, hold_release
from testkit import make_stored_recording

pytestmark = pytest.mark.django_db


@pytest.fixture
def hold(personas):
    calls = [make_stored_recording(personas.register) for _ in range(2)]
    return hold_place(
        actor=personas.dpo,
        recordings=calls,
        kind="criminal_investigation",
        reason="Poliisin pyyntö",
        reference="POL-7",
        review_on=timezone.localdate() + timedelta(days=120),
    )


def test_the_audit_log_links_a_hold_far_from_review_to_its_page(personas, hold, client):
    client.force_login(personas.dpo)
    log = client.get("/en/audit/", {"action": "hold_place"}).content.decode()
    assert f'href="/en/holds/{hold.pk}/"' in log
    page = client.get(f"/en/holds/{hold.pk}/").content.decode()
    assert "POL-7" in page and "Poliisin pyyntö" in page and "2 calls kept by this hold" in page
    for call in hold.recordings.all():
        assert f'data-recording="{call.public_id}"' in page


def test_a_released_hold_still_has_its_page(personas, hold, client):
    hold_release(actor=personas.dpo, hold=hold, reason="Tutkinta päättyi")
    client.force_login(personas.supervisor)
    page = client.get(f"/en/holds/{hold.pk}/").content.decode()
    assert "Released" in page and "Tutkinta päättyi" in page and 'action="/en/holds/' not in page


def test_only_the_registers_dpo_and_supervisors_open_a_hold(personas, hold, client):
    for user in (personas.auditor, personas.agent, personas.sibling_dpo, personas.outsider):
        client.force_login(user)
        assert client.get(f"/en/holds/{hold.pk}/").status_code == 404, user.username
    client.force_login(personas.auditor)
    log = client.get("/en/audit/", {"action": "hold_place"}).content.decode()
    assert "POL-7" in log and f"/holds/{hold.pk}/" not in log
