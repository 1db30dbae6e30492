"""The demo's calls look like a real register's: minutes long, office hours, named agents, numbers no one has."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from recordings.demo import demo_call_plans

HELSINKI = ZoneInfo("Europe/Helsinki")
# Ranges no subscriber is given: 050 555 xxxx and 044 0xx xxxx.
UNALLOCATED = re.compile(r"^\+358(50555\d{4}|440\d{6})$")


@pytest.fixture
def plans(db):
    call_command("load_seed_registers", verbosity=0)
    return list(demo_call_plans(per_register=9))


def test_calls_last_from_one_to_eight_minutes_with_short_and_long_ones(plans):
    seconds = [p.seconds for p in plans]
    assert len(plans) == 45
    assert min(seconds) >= 60 and max(seconds) <= 8 * 60
    assert sum(s < 120 for s in seconds) >= 5 and sum(s > 300 for s in seconds) >= 5


def test_calls_are_made_in_office_hours(plans):
    for plan in plans:
        started = datetime.fromisoformat(plan.data["started_at"]).astimezone(HELSINKI)
        assert 8 <= started.hour < 17


def test_agents_have_names_and_numbers_come_from_unallocated_ranges(plans):
    agents = {p.data["agent"] for p in plans}
    assert "Asiakaspalvelija" not in agents
    named = {a for a in agents if " " in a}
    assert len(named) >= 5 and all(re.fullmatch(r"[A-ZÄÖ][a-zäö]+ [A-ZÄÖ][a-zäö]+", a) for a in named)
    for plan in plans:
        outside = plan.data["caller"] if plan.data["direction"] == "inbound" else plan.data["callee"]
        assert UNALLOCATED.match(outside), outside


def test_stereo_and_mono_calls_in_every_format(plans):
    assert {p.channels for p in plans} == {1, 2}
    assert len({p.fmt for p in plans}) == 9
