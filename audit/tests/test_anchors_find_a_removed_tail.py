"""Anchors kept outside the database find the newest audit events or journal entries removed, and stale anchors."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.anchors import anchor_store
from audit.services import audit_anchor_write, audit_chain_verify, audit_record
from journal.file import journal_append, journal_path


def _write(n: int) -> None:
    for i in range(n):
        audit_record(action="ropa_export", actor_label="test", details={"n": i})


def _anchor_files(settings) -> list[Path]:
    folder = Path(settings.AUDIT_ANCHOR_URL.removeprefix("file://"))
    return sorted(folder.glob("*.json"))


def _delete_newest_events_as_the_owner(after: int) -> None:
    """What someone with the database owner's rights does: trigger off, tail gone, head pointed back."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence > %s", [after])
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
        cursor.execute(
            "UPDATE audit_auditchainhead SET last_sequence = %s,"
            " last_hash = (SELECT hash FROM audit_auditevent WHERE sequence = %s)",
            [after, after],
        )


@pytest.mark.django_db
def test_an_anchor_is_a_signed_file_in_the_anchor_folder_not_in_media(settings):
    _write(3)
    journal_append([{"recording": "r-1", "register": 1, "reason": "retention"}])
    audit_anchor_write()
    [path] = _anchor_files(settings)
    anchor = json.loads(path.read_text())
    assert anchor["audit"]["sequence"] == 3 and anchor["journal"]["sequence"] == 1
    assert len(anchor["signature"]) == 64
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.json"))
    assert audit_chain_verify().ok


@pytest.mark.django_db
def test_deleting_the_newest_audit_events_is_named_as_a_gap(capsys):
    _write(5)
    audit_anchor_write()
    _delete_newest_events_as_the_owner(after=3)
    problems = audit_chain_verify().problems
    assert len(problems) == 1
    assert "events 4..5 are missing" in problems[0] and "the chain ends at event 3" in problems[0]
    with pytest.raises(CommandError, match="FAILED"):
        call_command("verify_audit_log")
    assert "events 4..5 are missing" in capsys.readouterr().err


@pytest.mark.django_db
def test_newest_journal_entries_removed_after_an_anchor_are_named():
    _write(1)
    journal_append([{"recording": f"r-{i}", "register": 1, "reason": "retention"} for i in range(3)])
    audit_anchor_write()
    lines = journal_path().read_text().splitlines(keepends=True)
    journal_path().write_text(lines[0])
    problems = audit_chain_verify().problems
    assert problems == ["deletion journal: entries 2..3 are missing (the journal ends at entry 1, an anchor names 3)"]


@pytest.mark.django_db
def test_deleting_the_newest_anchor_leaves_a_stale_one_and_verification_fails(settings):
    settings.AUDIT_ANCHOR_INTERVAL_MINUTES = 0.02  # 1.2 s, so "twice the interval" passes within the test
    _write(2)
    audit_anchor_write()
    time.sleep(3)
    _write(2)
    audit_anchor_write()
    assert audit_chain_verify().ok
    newest = _anchor_files(settings)[-1]
    newest.unlink()
    problems = audit_chain_verify().problems
    assert len(problems) == 1
    assert "the newest anchor is stale" in problems[0] and "older than twice the anchor interval" in problems[0]


@pytest.mark.django_db
def test_without_any_anchor_an_old_log_fails(settings):
    settings.AUDIT_ANCHOR_INTERVAL_MINUTES = 0.01
    _write(1)
    time.sleep(1.5)
    [problem] = audit_chain_verify().problems
    assert problem.startswith("no audit anchor found, though events are older than twice the anchor interval")


@pytest.mark.django_db
def test_a_forged_anchor_is_refused(settings):
    _write(2)
    audit_anchor_write()
    [path] = _anchor_files(settings)
    anchor = json.loads(path.read_text())
    anchor["audit"]["sequence"] = 1
    path.write_text(json.dumps(anchor))
    problems = audit_chain_verify().problems
    assert problems == [f"anchor {path.name}: signature is invalid"]


@pytest.mark.django_db
def test_the_anchor_store_is_configured_apart_from_media(settings, tmp_path):
    settings.AUDIT_ANCHOR_URL = f"file://{tmp_path}/elsewhere"
    _write(1)
    audit_anchor_write()
    assert [name for name, _ in anchor_store().anchors()] == [p.name for p in (tmp_path / "elsewhere").glob("*.json")]
