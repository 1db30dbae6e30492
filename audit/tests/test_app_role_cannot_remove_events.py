"""On PostgreSQL nobody empties the audit table with TRUNCATE, and the app's role cannot remove events at all."""

from __future__ import annotations

import secrets

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent
from audit.services import audit_chain_verify, audit_record


@pytest.mark.django_db
def test_truncate_is_refused_even_for_the_owner():
    audit_record(action="ropa_export", actor_label="test")
    with pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 1


@pytest.fixture
def app_role():
    """A login role for the app, granted exactly what `grant_app_role` grants; dropped afterwards."""
    name = f"app_test_{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(16)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{name}" LOGIN PASSWORD %s', [password])
    try:
        call_command("grant_app_role", name, "--apply")
        db = connection.settings_dict
        with psycopg.connect(
            host=db["HOST"], port=db["PORT"], dbname=db["NAME"], user=name, password=password, autocommit=True
        ) as conn:
            yield conn
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{name}"; DROP ROLE "{name}"')


def _refused(conn, sql: str) -> str:
    with pytest.raises(psycopg.Error) as refused:
        conn.execute(sql)
    return str(refused.value)


@pytest.mark.django_db(transaction=True)
def test_the_app_role_cannot_remove_or_unprotect_audit_events(app_role):
    for i in range(3):
        audit_record(action="ropa_export", actor_label="test", details={"n": i})
    # What the app needs still works: read the log, append, move the head.
    assert app_role.execute("SELECT count(*) FROM audit_auditevent").fetchone() == (3,)
    with app_role.transaction():
        app_role.execute("UPDATE audit_auditchainhead SET last_sequence = last_sequence WHERE id = 1")

    assert "permission denied" in _refused(app_role, "UPDATE audit_auditevent SET reason = 'x' WHERE sequence = 3")
    assert "permission denied" in _refused(app_role, "DELETE FROM audit_auditevent WHERE sequence = 3")
    assert "permission denied" in _refused(app_role, "TRUNCATE audit_auditevent")
    assert "must be owner" in _refused(app_role, "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
    assert "must be owner" in _refused(app_role, "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL")
    assert "must be owner" in _refused(app_role, "DROP TABLE audit_auditevent")
    assert "permission denied" in _refused(app_role, "DELETE FROM audit_auditchainhead")

    assert AuditEvent.objects.count() == 3
    assert audit_chain_verify().ok


@pytest.mark.django_db
def test_grant_app_role_prints_the_grants_for_the_readme(capsys):
    call_command("grant_app_role", "recordings_app")
    sql = capsys.readouterr().out
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "public" TO "recordings_app";' in sql
    assert 'REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_auditevent" FROM "recordings_app";' in sql
