"""The audit log is a hash chain: verification passes on an honest log and names what was changed."""

from __future__ import annotations

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from audit.models import AuditEvent
from audit.services import audit_anchor_write, audit_chain_verify, audit_record


def _write(n: int) -> None:
    for i in range(n):
        audit_record(action="ropa_export", actor_label="test", details={"n": i})


@pytest.mark.django_db
def test_an_honest_log_verifies(capsys):
    _write(5)
    audit_anchor_write()
    call_command("verify_audit_log")
    assert "5 events, 1 anchors match" in capsys.readouterr().out


@pytest.mark.django_db
def test_each_event_links_to_the_one_before():
    _write(3)
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash


def _tamper(sql: str, params: list) -> None:
    """Rewrite the table as an attacker with database access would, around the trigger."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


@pytest.mark.django_db
def test_a_changed_event_fails_verification():
    _write(3)
    _tamper("UPDATE audit_auditevent SET reason = 'nothing to see' WHERE sequence = 2", [])
    report = audit_chain_verify()
    assert "event 2: contents do not match its hash" in report.problems
    with pytest.raises(CommandError, match="FAILED"):
        call_command("verify_audit_log")


@pytest.mark.django_db
def test_a_deleted_event_fails_verification():
    _write(3)
    _tamper("DELETE FROM audit_auditevent WHERE sequence = 2", [])
    problems = audit_chain_verify().problems
    assert any("missing" in p for p in problems)


@pytest.mark.django_db
def test_a_recomputed_chain_is_caught_by_the_anchor():
    _write(3)
    audit_anchor_write()
    # An attacker rewrites event 3 and recomputes its hash and the head.
    event = AuditEvent.objects.get(sequence=3)
    event.reason = "rewritten"
    new_hash = event.compute_hash()
    _tamper("UPDATE audit_auditevent SET reason = %s, hash = %s WHERE sequence = 3", ["rewritten", new_hash])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditchainhead SET last_hash = %s", [new_hash])
    [problem] = audit_chain_verify().problems
    assert problem.startswith("anchor anchor-") and problem.endswith(": event 3 was rewritten since")


@pytest.mark.django_db
def test_postgresql_refuses_update_and_delete_of_events():
    from django.db import DatabaseError, transaction

    _write(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.update(reason="changed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().reason == ""


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    errors: list[BaseException] = []

    def writer():
        try:
            _write(10)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEvent.objects.count() == 40
    assert audit_chain_verify().ok
