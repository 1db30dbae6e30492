"""The DPO's dashboard: open requests by deadline with the late ones flagged, and holds due for review."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from retention.models import HoldKind
from retention.services import hold_place


def test_open_requests_are_listed_by_deadline_and_late_ones_flagged(personas, new_request, client):
    today = timezone.localdate()
    late = new_request(received_on=today - timedelta(days=45))
    fresh = new_request(received_on=today)
    soon = new_request(received_on=today - timedelta(days=27))
    client.force_login(personas.dpo)
    response = client.get("/en/requests/")
    rows = response.context["requests"]
    assert [r.number for r in rows] == [late.number, soon.number, fresh.number]
    assert [r.overdue for r in rows] == [True, False, False]
    assert rows[1].due_soon
    page = response.content.decode()
    assert page.index(late.number) < page.index(soon.number) < page.index(fresh.number)
    assert "Overdue" in page


def test_holds_due_for_review_within_a_week_are_listed(personas, subject_calls, client):
    today = timezone.localdate()
    due = hold_place(
        actor=personas.dpo,
        recordings=[subject_calls["as_caller"]],
        kind=HoldKind.COMPLAINT,
        reason="Reklamaatio",
        review_on=today + timedelta(days=5),
        reference="REK-1",
    )
    later = hold_place(
        actor=personas.dpo,
        recordings=[subject_calls["as_callee"]],
        kind=HoldKind.TRAINING,
        reason="Koulutus",
        review_on=today + timedelta(days=30),
        reference="KOUL-1",
    )
    client.force_login(personas.dpo)
    holds = list(client.get("/requests/").context["holds"])
    assert due in holds and later not in holds


def test_another_controllers_requests_are_not_on_the_dashboard(personas, new_request, client):
    new_request(received_on=date(2026, 1, 5))
    client.force_login(personas.outsider)
    assert list(client.get("/requests/").context["requests"]) == []
