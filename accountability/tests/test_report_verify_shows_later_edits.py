"""An issued report is signed, its hash is in the audit chain, and verify shows a later edit of the month's rows."""

from __future__ import annotations

import pytest
import time_machine
from django.core.management import call_command

from accountability.models import AccountabilityReport
from accountability.selectors import Month, scope_for_register
from accountability.services import report_issue, report_verify
from audit.models import AuditEvent
from retention.models import Tombstone

from .month import at, build_month, issue_time

pytestmark = pytest.mark.django_db


def test_verify_holds_until_a_tombstone_is_edited_then_names_the_changed_figures(personas):
    build_month(personas)
    with time_machine.travel(issue_time(), tick=False):
        report = report_issue(scope=scope_for_register(personas.register), month=Month(2026, 10), actor=personas.dpo)
    event = AuditEvent.objects.get(sequence=report.audit_sequence)
    assert event.details["facts_sha256"] == report.facts_sha256
    assert report_verify(report).ok

    # Someone backdates the late deletion to hide the outage.
    late = Tombstone.objects.filter(reason="retention").order_by("-deleted_at").first()
    Tombstone.objects.filter(pk=late.pk).update(deleted_at=at(2026, 10, 10, 0, 5))
    result = report_verify(report)
    assert not result.ok
    assert "purge.lateness_max_seconds" in result.changed
    assert "purge.runs" not in result.changed


def test_verify_refuses_a_stored_report_whose_figures_were_rewritten(personas):
    with time_machine.travel(issue_time(), tick=False):
        report = report_issue(scope=scope_for_register(personas.register), month=Month(2026, 10), actor=personas.dpo)
    document = report.document
    document["facts"]["calls_recorded"] = 999
    AccountabilityReport.objects.filter(pk=report.pk).update(document=document)
    report.refresh_from_db()
    problems = report_verify(report).problems
    assert "the stored report no longer matches its hash" in problems


def test_command_writes_the_same_report_as_json_and_csv(personas, tmp_path, capsys):
    with time_machine.travel(issue_time(), tick=False):
        call_command("accountability_report", "register-a", "2026-10", "--output", str(tmp_path / "r.json"))
        call_command("accountability_report", personas.register.controller.business_id, "2026-10", "--format", "csv")
    import json

    body = json.loads((tmp_path / "r.json").read_text())
    assert body["document"]["facts"]["scope"]["registers"] == ["register-a"]
    assert body["document"]["facts"]["month"] == "2026-10"
    csv_text = capsys.readouterr().out
    assert "facts.scope.kind,controller" in csv_text
    assert AccountabilityReport.objects.count() == 2


def test_command_rejects_a_bad_month_and_an_unknown_scope_without_writing(personas):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("accountability_report", "register-a", "2026-13")
    with pytest.raises(CommandError, match="no register or controller"):
        call_command("accountability_report", "no-such", "2026-10")
    assert not AccountabilityReport.objects.exists()
