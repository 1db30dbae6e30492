"""Changing a register's rule shows its effect first, then a job recomputes every expiry in batches, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from recordings.models import Recording
from registers.expiry import HELSINKI
from retention.errors import RetentionError
from retention.rule_recompute import rule_recompute_run
from retention.services import expires_at_recompute, register_retention_rule_change, retention_rule_preview


def test_preview_counts_what_would_expire(personas, stored):
    now = timezone.now()
    stored(expired=False, ended_at=now - timedelta(days=100))  # 12 months: later; 61 days: now
    stored(expired=False, ended_at=now - timedelta(days=58))  # 61 days: within a week
    stored(expired=False, ended_at=now - timedelta(days=40))  # 61 days: within a month
    preview = retention_rule_preview(personas.register, value=61, unit="days", trigger="call_end")
    assert (preview.recordings, preview.expire_now, preview.expire_within_week, preview.expire_within_month) == (
        3,
        1,
        1,
        1,
    )
    assert Recording.objects.filter(expires_at__lte=now).count() == 0  # nothing changed yet


def test_the_change_recomputes_in_batches_and_is_audited(personas, stored):
    recordings = [stored(expired=False, ended_at=timezone.now() - timedelta(days=d)) for d in (1, 20, 70)]
    job = register_retention_rule_change(
        actor=personas.dpo, register=personas.register, value=61, unit="days", trigger="call_end"
    )
    job = rule_recompute_run(job.pk)  # what the worker runs after the commit
    assert job.changed == 3
    for recording in recordings:
        recording.refresh_from_db()
        local_end = recording.ended_at.astimezone(HELSINKI)
        assert recording.expires_at.astimezone(HELSINKI).replace(tzinfo=None) == (
            local_end.replace(tzinfo=None) + timedelta(days=61)
        )
    event = AuditEvent.objects.get(action="retention_rule_change", details__step__isnull=True)
    assert event.details["before"]["value"] == 12 and event.details["after"]["value"] == 61
    assert AuditEvent.objects.get(action="retention_rule_change", details__step="recomputed").details["changed"] == 3
    assert expires_at_recompute(personas.register) == 0


def test_an_event_rule_clears_expiry_dates(personas, stored):
    recording = stored(expired=False)
    job = register_retention_rule_change(
        actor=personas.dpo,
        register=personas.register,
        value=None,
        unit="months",
        trigger="event",
        event="Asiakastili poistetaan",
    )
    rule_recompute_run(job.pk)
    recording.refresh_from_db()
    assert recording.expires_at is None


@pytest.mark.parametrize(
    ("value", "trigger", "event", "message"),
    [
        (0, "call_end", "", "positive"),
        (-3, "call_end", "", "positive"),
        (None, "event", "", "Name the event"),
    ],
)
def test_bad_rules_are_refused(personas, value, trigger, event, message):
    with pytest.raises(RetentionError, match=message):
        register_retention_rule_change(
            actor=personas.dpo, register=personas.register, value=value, unit="days", trigger=trigger, event=event
        )


def test_only_the_dpo_changes_the_rule(personas):
    with pytest.raises(RetentionError, match="Only the register's DPO"):
        register_retention_rule_change(
            actor=personas.supervisor, register=personas.register, value=1, unit="days", trigger="call_end"
        )


def test_the_rule_page_previews_then_confirms(personas, stored, client):
    stored(expired=False, ended_at=timezone.now() - timedelta(days=100))
    client.force_login(personas.dpo)
    url = f"/registers/{personas.register.slug}/retention/rule/"
    form = {"value": 61, "unit": "days", "trigger": "call_end", "event": ""}
    preview = client.post(url, {**form, "preview": "1"})
    assert preview.status_code == 200 and b'class="expire-now">1<' in preview.content
    personas.register.refresh_from_db()
    assert personas.register.retention_value == 12
    assert client.post(url, {**form, "confirm": "1"}).status_code == 302
    personas.register.refresh_from_db()
    assert (personas.register.retention_value, personas.register.retention_unit) == (61, "days")
    assert client.get(url.replace("/rule/", "/")).status_code == 200
    client.force_login(personas.supervisor)
    assert client.get(url).status_code == 404
