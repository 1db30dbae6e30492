"""An ingest token's last use is kept to the minute, not written with every upload.

A recorder uploads many calls a minute with the same token; writing the
token's row with each of them is a commit (a WAL flush) per call and a row
that every worker process updates. The IT administrator's page shows the
time to the minute, so a write a minute is all it needs.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recordings.models import IngestToken

from .conftest import call_data
from .test_ingest_api import upload


def _token_writes(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith("UPDATE") and "recordings_ingesttoken" in q["sql"])


def test_a_second_upload_within_the_minute_does_not_write_the_token(personas, client, ingest_token, audio_file):
    path = audio_file("wav-mulaw", 2.0)
    with CaptureQueriesContext(connection) as first:
        assert upload(client, ingest_token, path, call_data(2.0)).status_code == 201
    assert _token_writes(first.captured_queries) == 1
    token = IngestToken.objects.get(register=personas.register)
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)

    with CaptureQueriesContext(connection) as second:
        assert upload(client, ingest_token, audio_file("wav-mulaw", 2.0), call_data(2.0)).status_code == 201
    assert _token_writes(second.captured_queries) == 0


def test_an_upload_a_minute_after_the_last_use_records_it(personas, client, ingest_token, audio_file):
    IngestToken.objects.filter(register=personas.register).update(last_used_at=timezone.now() - timedelta(minutes=2))
    with CaptureQueriesContext(connection) as queries:
        assert upload(client, ingest_token, audio_file("wav-mulaw", 2.0), call_data(2.0)).status_code == 201
    assert _token_writes(queries.captured_queries) == 1
    token = IngestToken.objects.get(register=personas.register)
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)
