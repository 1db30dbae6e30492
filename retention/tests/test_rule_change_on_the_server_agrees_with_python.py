"""A rule change's preview and recompute run on the server, and give what expires_at_for gives.

The loop over every recording took about 0.3 ms a call: ten minutes for a
register of two million calls, inside the DPO's request. The server computes
the same Helsinki wall-clock arithmetic; these tests hold it to the Python
definition at every quarter hour around the clock changes (the spring's
skipped hour and the autumn's repeated one, where the expiry lands and where
the call ended), at every month's end and on leap days, for each kind of rule.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.utils import timezone

from recordings.models import Recording
from registers.expiry import HELSINKI, expires_at_for
from registers.models import Register
from retention import rule_changes
from retention.services import register_retention_rule_change
from testkit import at_once, unsaved_recording

RULES = [(1, "months"), (6, "months"), (12, "months"), (36, "months"), (61, "days"), (1, "days")]
CLOCK_CHANGES = [date(2025, 3, 30), date(2025, 10, 26), date(2026, 3, 29), date(2026, 10, 25)]


def _call_ends() -> list[datetime]:
    """Ends whose expiry, under each rule, lands within a day of a clock change; and month ends, leap days."""
    ends = set()
    for value, unit in RULES:
        period = relativedelta(months=value) if unit == "months" else timedelta(days=value)
        for day in CLOCK_CHANGES:
            first = datetime(day.year, day.month, day.day) - period - timedelta(days=1)
            for quarter in range(3 * 24 * 4):
                wall = first + timedelta(minutes=15 * quarter)
                for fold in (0, 1):  # both instants of a repeated hour, where the call ended in one
                    ends.add(wall.replace(tzinfo=HELSINKI, fold=fold).astimezone(UTC))
    for year in (2023, 2024, 2025):
        for month in range(1, 13):
            last = date(year, month, 1) + relativedelta(months=1) - timedelta(days=1)
            for hour in (0, 12, 23):
                ends.add(datetime(last.year, last.month, last.day, hour, 30, tzinfo=HELSINKI).astimezone(UTC))
    ends.add(datetime(2024, 2, 29, 12, tzinfo=HELSINKI).astimezone(UTC))
    return sorted(ends)


@pytest.fixture
def calls(personas):
    ends = _call_ends()
    Recording.objects.bulk_create(
        [unsaved_recording(personas.register, ended_at=end, expires_at=None) for end in ends], batch_size=2000
    )
    return personas.register


def _rule(value: int, unit: str) -> Register:
    return Register(retention_value=value, retention_unit=unit, retention_trigger="call_end")


@pytest.mark.parametrize(("value", "unit"), RULES)
def test_every_expiry_is_the_one_python_computes(calls, value, unit):
    sql, params = rule_changes._expiries_sql(calls, value=value, unit=unit, trigger="call_end", keyed_only=False)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT r.ended_at, x.expires_at FROM ({sql}) x JOIN recordings_recording r USING (id)", params)
        rows = cursor.fetchall()
    assert len(rows) > 6_000
    wrong = [
        (ended.astimezone(HELSINKI).isoformat(), server.isoformat(), python.isoformat())
        for ended, server in rows
        if server != (python := expires_at_for(_rule(value, unit), ended_at=ended))
    ]
    assert not wrong, f"{len(wrong)} differ, e.g. (ended, server, python): {wrong[:5]}"


def test_the_recompute_stores_what_python_computes_and_counts_the_changes(calls):
    calls.retention_value, calls.retention_unit = 6, "months"
    rows = Recording.objects.filter(register=calls)
    expected_changes = sum(1 for r in rows if r.expires_at != expires_at_for(calls, ended_at=r.ended_at))
    assert rule_changes.expires_at_recompute(calls) == expected_changes > 6_000
    assert all(r.expires_at == expires_at_for(calls, ended_at=r.ended_at) for r in rows.all())
    assert rule_changes.expires_at_recompute(calls) == 0


@pytest.mark.parametrize(
    ("value", "unit", "trigger"), [(61, "days", "call_end"), (12, "months", "call_end"), (None, "months", "event")]
)
def test_the_preview_counts_what_the_python_loop_counts(calls, value, unit, trigger):
    # "Now" within the sweep, so every bucket holds calls.
    now = datetime(2025, 10, 20, 12, tzinfo=UTC)
    week, month = now + timedelta(days=7), now + timedelta(days=30)
    Recording.objects.filter(pk__in=Recording.objects.filter(register=calls).values("pk")[:50]).update(wrapped_key=None)
    kwargs = {"value": value, "unit": unit, "trigger": trigger, "now": now, "week": week, "month": month}
    server = rule_changes._counts(calls, **kwargs)
    assert server == _counted_in_python(calls, **kwargs)
    assert sum(server.values()) == Recording.objects.filter(register=calls, wrapped_key__isnull=False).count()
    if trigger == "call_end":
        assert min(server["now"], server["week"], server["month"], server["later"]) > 0


def _counted_in_python(register, *, value, unit, trigger, now, week, month) -> Counter:
    """The definition the server's aggregate is held to: each keyed call's expiry from expires_at_for."""
    rule = Register(retention_value=value, retention_unit=unit, retention_trigger=trigger)
    counts = Counter(dict.fromkeys(("none", "now", "week", "month", "later"), 0))
    for ended_at in Recording.objects.filter(register=register, wrapped_key__isnull=False).values_list(
        "ended_at", flat=True
    ):
        expires = expires_at_for(rule, ended_at=ended_at)
        if expires is None:
            counts["none"] += 1
        elif expires <= now:
            counts["now"] += 1
        elif expires <= week:
            counts["week"] += 1
        elif expires <= month:
            counts["month"] += 1
        else:
            counts["later"] += 1
    return counts


def test_the_public_preview_answers_on_the_server(calls):
    preview = rule_changes.retention_rule_preview(calls, value=61, unit="days", trigger="call_end")
    assert preview.recordings == Recording.objects.filter(register=calls).count()
    assert preview.expire_now > 6_000


@pytest.mark.django_db(transaction=True)
def test_a_call_uploaded_while_the_job_runs_gets_the_new_rule(personas, monkeypatch):
    """Uploaded between the job's batches: read under the committed (new) rule it is right and left alone;
    one that still carries the old rule's expiry is refused by the database, not left behind."""
    from django.db import DatabaseError

    from retention import rule_recompute

    register = personas.register
    end = timezone.now() - timedelta(days=3)
    earlier = [unsaved_recording(register, ended_at=end - timedelta(hours=n), expires_at=None) for n in range(5)]
    Recording.objects.bulk_create(earlier)
    old_rule = _rule(register.retention_value, register.retention_unit)
    stale = Register.objects.get(pk=register.pk)
    real_batch = rule_recompute._recompute_batch
    uploaded = []

    def batch_then_uploads(register_being_changed, **kwargs):
        written = real_batch(register_being_changed, **kwargs)
        if not uploaded:
            # Other processes: one reads the committed rule, one read the register before the change.
            current = Register.objects.get(pk=register.pk)
            call = unsaved_recording(current, ended_at=end)
            late = unsaved_recording(stale, ended_at=end, expires_at=expires_at_for(old_rule, ended_at=end))
            uploaded.extend(at_once(1, lambda _i: Recording.objects.bulk_create([call])[0]))
            uploaded.extend(at_once(1, lambda _i: Recording.objects.bulk_create([late])[0]))
        return written

    monkeypatch.setattr(rule_recompute, "_recompute_batch", batch_then_uploads)
    job = register_retention_rule_change(
        actor=personas.dpo, register=register, value=61, unit="days", trigger="call_end"
    )
    job = rule_recompute.rule_recompute_run(job.pk, batch_size=2)
    assert not isinstance(uploaded[0], Exception), uploaded
    assert isinstance(uploaded[1], DatabaseError) and "retention rule version" in str(uploaded[1])
    assert job.finished_at is not None and job.done == 5
    new_rule = _rule(61, "days")
    assert Recording.objects.filter(register=register).count() == 6
    for recording in Recording.objects.filter(register=register):
        assert recording.expires_at == expires_at_for(new_rule, ended_at=recording.ended_at), recording.external_id
        assert recording.expiry_rule_version == 2
