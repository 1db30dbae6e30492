"""A backup and a trial restore (the restore drill) are audited, and the month's report counts them."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from accountability.selectors import Month, report_facts, scope_for_register
from testkit import make_stored_recording

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_and_verify_backup_appear_as_a_backup_and_a_restore_drill(personas, tmp_path):
    make_stored_recording(personas.register)
    call_command("backup", str(tmp_path / "backup"))
    call_command("verify_backup", str(tmp_path / "backup"))
    operations = report_facts(scope_for_register(personas.register), Month.containing(timezone.now()))["operations"]
    assert operations == {"key_rotations": 0, "backups": 1, "restores": 0, "restore_drills": 1}
