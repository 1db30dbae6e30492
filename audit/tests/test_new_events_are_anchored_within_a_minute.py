"""Every audited write is anchored within a minute, so the newest events cannot be deleted unnoticed.

A beat task runs every minute and writes an anchor only when events were
written since the last one: one anchor covers them all, and a quiet minute
costs one read of the chain head.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.services import audit_chain_verify, audit_record
from audit.tasks import anchor_new_audit_events

from .test_anchors_find_a_removed_tail import _delete_newest_events_as_the_owner

pytestmark = pytest.mark.django_db


def _anchors(settings) -> list[Path]:
    return sorted(Path(settings.AUDIT_ANCHOR_URL.removeprefix("file://")).glob("*.json"))


def _write(n: int = 1) -> None:
    for i in range(n):
        audit_record(action="ropa_export", actor_label="test", details={"n": i})


def test_the_beat_looks_for_unanchored_events_every_minute():
    schedule = django_settings.CELERY_BEAT_SCHEDULE.values()
    [entry] = [e for e in schedule if e["task"] == "audit.tasks.anchor_new_audit_events"]
    assert entry["schedule"].total_seconds() <= 60


def test_one_anchor_covers_every_event_since_the_last_and_a_quiet_minute_writes_none(settings):
    _write(3)
    assert anchor_new_audit_events() == 3
    assert len(_anchors(settings)) == 1
    assert anchor_new_audit_events() is None
    assert len(_anchors(settings)) == 1
    _write(2)
    assert anchor_new_audit_events() == 5
    assert len(_anchors(settings)) == 2


def test_events_deleted_a_minute_after_they_were_written_are_named(settings, capsys):
    _write(4)
    anchor_new_audit_events()
    _delete_newest_events_as_the_owner(after=2)
    [problem] = audit_chain_verify().problems
    assert "events 3..4 are missing" in problem
    with pytest.raises(CommandError):
        call_command("verify_audit_log")


def test_verify_says_how_old_the_newest_unanchored_event_is(settings, capsys):
    _write(2)
    anchor_new_audit_events()
    with time_machine.travel(timezone.now() - timedelta(seconds=40), tick=False):
        _write(1)
    _write(1)
    report = audit_chain_verify()
    assert report.ok and report.unanchored_events == 2
    assert 0 <= report.newest_unanchored_age.total_seconds() < 30
    assert 40 <= report.oldest_unanchored_age.total_seconds() < 70
    call_command("verify_audit_log")
    out = capsys.readouterr().out
    assert "2 events written since the newest anchor" in out
    assert re.search(r"the newest \d+ s ago", out) and re.search(r"the oldest \d+ s ago", out)


def test_verify_says_when_every_event_is_anchored(settings, capsys):
    _write(2)
    anchor_new_audit_events()
    report = audit_chain_verify()
    assert report.unanchored_events == 0 and report.newest_unanchored_age is None
    call_command("verify_audit_log")
    assert "every event is anchored" in capsys.readouterr().out
