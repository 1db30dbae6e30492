"""The retention page tells the DPO and supervisors the rule, the forecast, the runs and what is held."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone, translation

from retention.models import HoldKind
from retention.services import hold_place, purge_expired_recordings


def test_page_shows_forecast_runs_and_holds(personas, stored, client):
    now = timezone.now()
    stored(expired=False, expires_at=now + timedelta(days=3))
    stored(expired=False, expires_at=now + timedelta(days=20))
    held = stored()
    hold_place(
        actor=personas.dpo,
        recordings=[held],
        kind=HoldKind.COMPLAINT,
        reason="Reklamaatio",
        review_on=timezone.localdate() + timedelta(days=2),
        reference="REK-5",
    )
    stored()
    purge_expired_recordings()

    client.force_login(personas.supervisor)
    page = client.get(f"/registers/{personas.register.slug}/retention/").content.decode()
    assert 'class="forecast-7">1<' in page
    assert 'class="forecast-30">2<' in page
    assert "1 held, 0 restricted." in page or "1 pidossa" in page
    assert "REK-5" in page  # due for review within a week
    assert 'class="stat-calls">1<' in page  # the purged call is still counted, anonymously


def test_page_is_not_for_agents_or_other_controllers(personas, client):
    url = f"/registers/{personas.register.slug}/retention/"
    for user in (personas.agent, personas.it_admin, personas.outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_event_based_register_records_events_as_tasks(personas, client):
    register = personas.register
    register.retention_trigger, register.retention_value, register.retention_event = "event", None, "Tili poistetaan"
    register.save()
    client.force_login(personas.dpo)
    response = client.post(
        f"/registers/{register.slug}/retention/events/",
        {"event_on": timezone.localdate().isoformat(), "reference": "ASIAKAS-4411", "due_in_days": 14},
    )
    assert response.status_code == 302
    task = register.retention_tasks.get()
    assert task.due_on == timezone.localdate() + timedelta(days=14)
    assert "ASIAKAS-4411" in client.get(f"/registers/{register.slug}/retention/").content.decode()
    client.post(f"/retention/tasks/{task.pk}/done/")
    task.refresh_from_db()
    assert task.status == "done" and "ASIAKAS-4411" not in task.reference


def test_a_backlog_bigger_than_the_count_cap_is_shown_as_more_than_the_cap(personas, stored, client, settings):
    """Counting a million due calls took seconds a load while a rule change's job ran: the page counts to the cap.

    The counts stop at RETENTION_PAGE_COUNT_CAP (10,000): past it the page says "more than", and the
    database reads at most cap + 1 index entries per count instead of the whole backlog.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.RETENTION_PAGE_COUNT_CAP = 3
    for _ in range(5):
        stored()
    stored(expired=False, expires_at=timezone.now() + timedelta(days=3))

    client.force_login(personas.supervisor)
    with CaptureQueriesContext(connection) as queries, translation.override("fi"):
        page = client.get(f"/registers/{personas.register.slug}/retention/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()

    assert 'class="due-now">yli 3<' in page
    assert 'class="forecast-7">yli 3<' in page
    sqls = [q["sql"] for q in queries.captured_queries]
    due_counts = [sql for sql in sqls if "COUNT(" in sql and "expiry_rule_version" in sql]
    assert len(due_counts) == 3 and all("LIMIT 4" in sql for sql in due_counts)


def test_a_backlog_within_the_cap_is_counted_exactly(personas, stored, client, settings):
    settings.RETENTION_PAGE_COUNT_CAP = 3
    for _ in range(3):
        stored()

    client.force_login(personas.supervisor)
    page = client.get(f"/registers/{personas.register.slug}/retention/").content.decode()

    assert 'class="due-now">3<' in page
