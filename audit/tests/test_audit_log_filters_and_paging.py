"""The audit log filters by who, what, register, time and reason, and pages through every event, not just the newest."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from audit.selectors import PAGE_SIZE
from audit.services import audit_record
from testkit import make_register

pytestmark = pytest.mark.django_db


def _sequences(page: str) -> list[int]:
    return [int(s) for s in re.findall(r'data-sequence="(\d+)"', page)]


def _get(client, user, **params) -> str:
    client.force_login(user)
    response = client.get("/en/audit/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_filters_by_user_action_register_and_reason(personas, client):
    other = make_register(personas.register.controller, slug="register-c", name="Rekisteri C")
    from testkit import grant

    grant(personas.auditor, other, "auditor")
    audit_record(action="play", actor=personas.supervisor, register=personas.register, reason="Reklamaatio 77")
    audit_record(action="play", actor=personas.dpo, register=personas.register, reason="SR-2026-0003")
    audit_record(action="hold_place", actor=personas.dpo, register=other, reason="Reklamaatio 78")

    by_actor = _get(client, personas.auditor, actor=personas.supervisor.pk)
    assert by_actor.count('data-action="') == 1 and "Reklamaatio 77" in by_actor
    by_action = _get(client, personas.auditor, action="hold_place")
    assert by_action.count('data-action="') == 1 and "Reklamaatio 78" in by_action
    by_register = _get(client, personas.auditor, register=other.pk)
    assert by_register.count('data-action="') == 1 and "Rekisteri C" in by_register
    by_reason = _get(client, personas.auditor, q="sr-2026-0003")
    assert by_reason.count('data-action="') == 1 and "SR-2026-0003" in by_reason


def test_filters_by_time_range_in_helsinki_days(personas, client, monkeypatch):
    ten_days_ago = timezone.now() - timedelta(days=10)
    with monkeypatch.context() as m:
        m.setattr("audit.services.timezone", SimpleNamespace(now=lambda: ten_days_ago))
        audit_record(action="play", actor=personas.supervisor, register=personas.register, reason="old")
    audit_record(action="play", actor=personas.supervisor, register=personas.register, reason="new")
    today = timezone.localdate()
    recent = _get(client, personas.auditor, since=today.isoformat(), until=today.isoformat())
    assert ">new<" in recent and ">old<" not in recent
    older = _get(client, personas.auditor, until=(today - timedelta(days=5)).isoformat())
    assert ">old<" in older and ">new<" not in older


def test_a_register_the_user_does_not_audit_cannot_be_chosen(personas, client):
    audit_record(action="play", actor=personas.outsider, register=personas.other_register, reason="elsewhere")
    page = _get(client, personas.auditor, register=personas.other_register.pk)
    assert "elsewhere" not in page and "Select a valid choice" in page


def test_paging_reaches_the_oldest_of_many_events(personas, client):
    total = PAGE_SIZE * 2 + 5
    for i in range(total):
        audit_record(action="play", actor=personas.supervisor, register=personas.register, reason=f"n{i}")
    seen: list[int] = []
    page = _get(client, personas.auditor)
    while True:
        seen += _sequences(page)
        older = re.search(r'id="older-page" href="\?([^"]+)"', page)
        if not older:
            break
        before = dict(p.split("=") for p in older.group(1).replace("&amp;", "&").split("&"))["before"]
        page = _get(client, personas.auditor, before=before)
    assert len(seen) == total and seen == sorted(seen, reverse=True)
    newer = re.search(r'id="newer-page" href="\?([^"]+)"', page)
    after = dict(p.split("=") for p in newer.group(1).replace("&amp;", "&").split("&"))["after"]
    back = _sequences(_get(client, personas.auditor, after=after))
    assert back == seen[PAGE_SIZE : PAGE_SIZE * 2]


def test_a_registers_audit_link_opens_the_log_filtered_to_that_register(personas, client):
    client.force_login(personas.auditor)
    response = client.get(f"/en/registers/{personas.register.slug}/audit/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/audit/?register={personas.register.pk}"
    client.force_login(personas.supervisor)
    assert client.get(f"/en/registers/{personas.register.slug}/audit/").status_code == 404
