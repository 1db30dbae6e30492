"""An upload's queries, counted: at ingest rates every round trip and every column is paid per call.

A new call needs: the token with what the upload reads of its register (its
slug and retention rule, not the sixty notice fields), the look for a deleted
call of the same id (one probe of a partial index on the tombstones, asked
before any audio is stored), the service line its number names, the row (a
taken id is answered by the unique constraint, not asked first), and the
audit event, which locks the chain head and then writes the event and moves
the head in one statement.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditChainHead, AuditEvent
from audit.services import audit_anchor_write, audit_chain_verify, audit_record_many
from recordings.api import authenticate
from recordings.models import IngestToken

from .conftest import call_data
from .test_ingest_api import upload


def _statements(queries) -> list[str]:
    skipped = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT")
    return [q["sql"] for q in queries if not q["sql"].startswith(skipped)]


@pytest.mark.django_db(transaction=True)
def test_a_new_call_is_stored_in_six_statements(personas, client, ingest_token, audio_file):
    assert upload(client, ingest_token, audio_file("wav-mulaw", 2.0), call_data(2.0)).status_code == 201
    with CaptureQueriesContext(connection) as queries:
        assert upload(client, ingest_token, audio_file("wav-mulaw", 2.0), call_data(2.0)).status_code == 201
    statements = _statements(queries.captured_queries)
    # token, the deleted-call look, the service line its number names, the row, the chain head's lock, the event
    # with the head's move (no write of the token: its use is kept to the minute).
    assert len(statements) == 6, "\n".join(statements)
    assert "retention_tombstone" in statements[1] and "external_id_digest" in statements[1]
    token_query = statements[0]
    assert "recordings_ingesttoken" in token_query
    assert '"registers_register"."retention_value"' in token_query
    assert '"registers_register"."purpose"' not in token_query
    assert '"registers_register"."security_measures"' not in token_query
    audit_anchor_write()
    assert audit_chain_verify().ok, audit_chain_verify().problems


def test_the_upload_token_lookup_follows_the_active_token_rule(personas):
    """The upload's hand-written token statement and IngestToken.objects.active() state one rule."""
    kept, kept_raw = IngestToken.issue(personas.register, name="kept")
    revoked, revoked_raw = IngestToken.issue(personas.register, name="revoked")
    revoked.revoked_at = timezone.now()
    revoked.save()
    for raw in (kept_raw, revoked_raw):
        for register in (personas.register, personas.other_register):
            request = RequestFactory().post("/", HTTP_AUTHORIZATION=f"Token {raw}")
            found, token = authenticate(request, register.slug)
            rule = IngestToken.objects.active().filter(token_hash=IngestToken.hash(raw), register=register).first()
            assert (token.pk if token else None) == (rule.pk if rule else None)
            assert (found.pk if found else None) == (rule.register_id if rule else None)
    register, token = authenticate(RequestFactory().post("/", HTTP_AUTHORIZATION=f"Token {kept_raw}"), "register-a")
    assert token.pk == kept.pk and token.prefix == kept.prefix
    assert register.retention_value == personas.register.retention_value and register.controller_id


@pytest.mark.django_db(transaction=True)
def test_events_and_the_head_move_in_one_statement_and_the_chain_holds(personas):
    audit_record_many([{"action": "ingest", "actor_label": "first", "register": personas.register}])
    with CaptureQueriesContext(connection) as queries:
        written = audit_record_many(
            [
                {"action": "purge_batch", "actor_label": "a", "register": personas.register, "details": {"n": 1}},
                {"action": "purge_batch", "actor_label": "b", "register": personas.register, "details": {"n": 2}},
            ]
        )
    writes = [s for s in _statements(queries.captured_queries) if not s.startswith("SELECT")]
    assert len(writes) == 1, writes
    # The events came back with their ids, in order, and the head names the last one.
    stored = list(AuditEvent.objects.filter(pk__in=[e.pk for e in written]).order_by("sequence"))
    assert [e.actor_label for e in stored] == ["a", "b"]
    assert [e.hash for e in stored] == [e.hash for e in written]
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_sequence, head.last_hash) == (stored[-1].sequence, stored[-1].hash)
    assert stored[0].prev_hash == AuditEvent.objects.get(sequence=stored[0].sequence - 1).hash
    audit_anchor_write()
    assert audit_chain_verify().ok, audit_chain_verify().problems
