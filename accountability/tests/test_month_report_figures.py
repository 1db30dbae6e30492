"""Every figure of October's report, checked against a month of activity built by hand (see month.py)."""

from __future__ import annotations

import pytest
import time_machine

from accountability.selectors import Month, report_facts, scope_for_controller, scope_for_register
from accountability.services import report_issue

from .month import LATE_SECONDS, anchor_now, build_month, issue_time

pytestmark = pytest.mark.django_db
OCTOBER = Month(2026, 10)


@pytest.fixture
def month(personas):
    return build_month(personas)


def test_register_report_counts_calls_recorded_in_helsinki_october(personas, month):
    facts = report_facts(scope_for_register(personas.register), OCTOBER)
    # 100 routine + 1 outage + 1 erased (all deleted since) + the call at 02:30 on 1 October Helsinki time.
    assert facts["calls_recorded"] == 103
    assert facts["month"] == "2026-10"
    assert facts["period"] == {
        "start": "2026-10-01T00:00:00+03:00",
        "end": "2026-11-01T00:00:00+02:00",
        "time_zone": "Europe/Helsinki",
    }


def test_register_report_gives_purge_lateness_and_the_runs_that_did_it(personas, month):
    on_time_run, _empty, late_run = month["runs"]
    purge = report_facts(scope_for_register(personas.register), OCTOBER)["purge"]
    assert purge["deleted"] == 101
    assert purge["lateness_known"] == 101
    assert purge["lateness_max_seconds"] == LATE_SECONDS
    # Nearest rank: the 100th of 101 sorted values is still a 10-minute one.
    assert purge["lateness_p99_seconds"] == 600.0
    assert [(r["id"], r["deleted"], r["errors"]) for r in purge["runs"]] == [
        (on_time_run.pk, 100, 0),
        (late_run.pk, 1, 0),
    ]
    assert purge["runs"][1]["started_at"] == "2026-10-13T02:00:00+03:00"


def test_register_report_lists_holds_in_force_and_flags_one_past_review(personas, month):
    complaint, training, released = month["holds"]
    holds = report_facts(scope_for_register(personas.register), OCTOBER)["holds"]
    assert [(h["id"], h["kind"], h["review_on"], h["review_overdue"], h["released_at"]) for h in holds] == [
        (released.pk, "other", "2026-11-01", False, "2026-10-15T09:00:00+03:00"),
        (complaint.pk, "complaint", "2026-10-20", True, None),
        (training.pk, "training", "2026-12-31", False, None),
    ]
    assert holds[1]["reason"] == "Asiakkaan reklamaatio" and holds[1]["reference"] == "REK-12"


def test_register_report_counts_requests_on_time_extended_late_and_refused(personas, month):
    requests = report_facts(scope_for_register(personas.register), OCTOBER)["requests"]
    assert requests["received"] == 2
    assert requests["answered"] == 3
    assert requests["answered_on_time"] == 2
    assert requests["answered_late"] == 1
    assert requests["late"] == [{"number": "2026-0003", "due_on": "2026-10-01", "answered_on": "2026-10-06"}]
    assert requests["extended"] == [
        {
            "number": "2026-0002",
            "reason": "Laaja haku kolmesta rekisteristä",
            "initial_due_on": "2026-10-15",
            "due_on": "2026-12-15",
        }
    ]
    assert requests["refused"] == 1
    assert requests["refusals"] == [
        {"number": "2026-0004", "right": "access", "outcome": "refused", "reasons": "Henkilöllisyys ei varmistunut"}
    ]
    assert requests["open_overdue_at_month_end"] == 1


def test_register_report_counts_erasures_by_request(personas, month):
    erasures = report_facts(scope_for_register(personas.register), OCTOBER)["erasures"]
    assert erasures == {"recordings_erased": 1, "by_request": [{"number": "2026-0001", "recordings": 1}]}


def test_register_report_counts_listens_by_role_and_reason_downloads_exports_and_packages(personas, month):
    access = report_facts(scope_for_register(personas.register), OCTOBER)["access"]
    assert access == {
        "listens": 3,
        "listens_by_role_and_reason": [
            {"role": "dpo", "reason": "REK-12", "count": 2},
            {"role": "supervisor", "reason": "valmennus", "count": 1},
        ],
        "downloads": 1,
        "downloads_by_role": [{"role": "supervisor", "count": 1}],
        "exports": 1,
        "packages_created": 2,
        "packages_released": 1,
    }


def test_report_counts_key_rotations_backups_restores_and_drills_of_the_month(personas, month):
    operations = report_facts(scope_for_register(personas.register), OCTOBER)["operations"]
    assert operations == {"key_rotations": 1, "backups": 2, "restores": 1, "restore_drills": 1}


def test_controller_report_adds_the_sibling_registers_requests(personas, month):
    facts = report_facts(scope_for_controller(personas.register.controller), OCTOBER)
    assert facts["scope"]["registers"] == ["register-a", "register-a2"]
    assert facts["calls_recorded"] == 103
    assert facts["purge"]["deleted"] == 101
    requests = facts["requests"]
    assert (requests["received"], requests["answered"], requests["answered_on_time"], requests["answered_late"]) == (
        3,
        4,
        2,
        2,
    )
    # Answered at 23:30 on 31 October Helsinki time (21:30 UTC): an October answer, one day late.
    assert requests["late"][1] == {"number": "2026-0007", "due_on": "2026-10-30", "answered_on": "2026-10-31"}
    assert requests["open_overdue_at_month_end"] == 1


def test_issued_report_lists_what_is_kept_past_expiry_and_why(personas, month):
    with time_machine.travel(issue_time(), tick=False):
        anchor_now()
        report = report_issue(scope=scope_for_register(personas.register), month=OCTOBER, actor=personas.dpo)
    state = report.document["state"]
    kept = [(row["recording"], row["why"]) for row in state["kept_past_expiry"]]
    assert kept == [
        (str(month["broken"].public_id), "storage_error"),
        (str(month["restricted"].public_id), "restricted"),
        (str(month["held_complaint"].public_id), "held"),
        (str(month["held_training"].public_id), "held"),
        (str(month["missed"].public_id), "purge_not_run"),
    ]
    complaint_hold = state["kept_past_expiry"][2]["holds"][0]
    assert complaint_hold["reason"] == "Asiakkaan reklamaatio" and complaint_hold["review_overdue"] is True
    assert state["kept_past_expiry"][3]["holds"][0]["review_overdue"] is False
    assert state["audit"]["ok"] is True, state["audit"]["problems"]
    assert state["audit"]["newest_anchor"]["sequence"] > 0
