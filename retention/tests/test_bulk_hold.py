"""The DPO holds several calls from the call list at once: all of them under one hold, or none, and it is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from retention.models import Hold
from testkit import make_stored_recording

pytestmark = pytest.mark.django_db


def _hold(client, slug: str, recordings, **fields):
    data = {
        "recordings": [str(r.public_id) if hasattr(r, "public_id") else r for r in recordings],
        "bulk-kind": "criminal_investigation",
        "bulk-reason": "Oikeudenkäynti vireillä",
        "bulk-reference": "KO-2026-1",
        "bulk-review_on": (timezone.localdate() + timedelta(days=60)).isoformat(),
    }
    data.update({f"bulk-{k}": v for k, v in fields.items()})
    return client.post(f"/en/registers/{slug}/recordings/hold/", data, follow=True)


def test_the_dpo_holds_ticked_calls_under_one_audited_hold(personas, client):
    calls = [make_stored_recording(personas.register) for _ in range(3)]
    client.force_login(personas.dpo)
    page = _hold(client, personas.register.slug, calls)
    assert "Hold placed on 3 calls" in page.content.decode()
    hold = Hold.objects.get()
    assert (
        set(hold.recordings.all()) == set(calls)
        and hold.kind == "criminal_investigation"
        and hold.placed_by == personas.dpo
    )
    placed = AuditEvent.objects.get(action="hold_place")
    assert sorted(placed.details["recordings"]) == sorted(str(c.public_id) for c in calls)
    bulk = AuditEvent.objects.get(action="bulk_hold")
    assert bulk.object_id == str(hold.pk) and bulk.details == {"kind": "criminal_investigation", "count": 3}
    assert bulk.register_id == personas.register.pk and bulk.reason == "KO-2026-1"


def test_a_call_of_another_register_among_the_ticked_holds_nothing(personas, client):
    ours = make_stored_recording(personas.register)
    theirs = make_stored_recording(personas.sibling_register)
    client.force_login(personas.dpo)
    page = _hold(client, personas.register.slug, [ours, theirs]).content.decode()
    assert "No hold was placed" in page
    assert not Hold.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["hold_place", "bulk_hold"]).exists()


def test_a_deleted_call_among_the_ticked_holds_nothing(personas, client):
    alive = make_stored_recording(personas.register)
    shredded = make_stored_recording(personas.register)
    type(shredded).objects.filter(pk=shredded.pk).update(wrapped_key=None)
    client.force_login(personas.dpo)
    page = _hold(client, personas.register.slug, [alive, shredded]).content.decode()
    assert "No hold was placed" in page
    assert not Hold.objects.exists() and not AuditEvent.objects.filter(action="bulk_hold").exists()


def test_a_hold_without_reason_or_with_a_past_review_date_is_refused(personas, client):
    call = make_stored_recording(personas.register)
    client.force_login(personas.dpo)
    assert "No hold was placed" in _hold(client, personas.register.slug, [call], reason="").content.decode()
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert "No hold was placed" in _hold(client, personas.register.slug, [call], review_on=past).content.decode()
    assert "No hold was placed" in _hold(client, personas.register.slug, []).content.decode()
    assert "No hold was placed" in _hold(client, personas.register.slug, ["not-an-id"]).content.decode()
    assert not Hold.objects.exists()


def test_only_the_registers_dpo_holds_calls_in_bulk(personas, client):
    call = make_stored_recording(personas.register)
    client.force_login(personas.supervisor)
    assert _hold(client, personas.register.slug, [call]).status_code == 403
    for user in (personas.sibling_dpo, personas.outsider):
        client.force_login(user)
        assert _hold(client, personas.register.slug, [call]).status_code == 404
    assert not Hold.objects.exists()


def test_the_list_offers_ticking_calls_to_the_dpo_only(personas, client):
    make_stored_recording(personas.register)
    url = f"/en/registers/{personas.register.slug}/recordings/"
    client.force_login(personas.dpo)
    page = client.get(url).content.decode()
    assert 'id="bulk-hold"' in page and 'name="recordings"' in page and 'id="select-all"' in page
    client.force_login(personas.supervisor)
    page = client.get(url).content.decode()
    assert 'id="bulk-hold"' not in page and 'name="recordings"' not in page
