"""Instead of Master.csv, the CDR can be Asterisk's cdr_pgsql `cdr` table, read through a URL named by an
environment variable: Asterisk's own schema (start, answer, end) and FreePBX's (calldate, recordingfile, did)
alike, in a read-only transaction."""

from __future__ import annotations

import secrets
from datetime import UTC, timedelta

import psycopg
import pytest
from django.db import connection

from connectors.services import connector_run
from recordings.models import Recording
from testkit import database_url

from .pbx import HELSINKI

pytestmark = pytest.mark.django_db(transaction=True)

# asterisk/asterisk contrib/ast-db-manage/cdr/versions/210693f3123d_create_cdr_table.py
ASTERISK_CDR = """CREATE TABLE cdr (accountcode varchar(20), src varchar(80), dst varchar(80), dcontext varchar(80),
 clid varchar(80), channel varchar(80), dstchannel varchar(80), lastapp varchar(80), lastdata varchar(80),
 start timestamp, answer timestamp, "end" timestamp, duration integer, billsec integer, disposition varchar(45),
 amaflags varchar(45), userfield varchar(256), uniqueid varchar(150), linkedid varchar(150),
 peeraccount varchar(20), sequence integer)"""
# FreePBX's cdr: one calldate (cdr_pgsql.c writes the start there), and the recordingfile and did its dialplan sets.
FREEPBX_CDR = """CREATE TABLE cdr (calldate timestamp, clid varchar(80), src varchar(80), dst varchar(80),
 dcontext varchar(80), channel varchar(80), dstchannel varchar(80), lastapp varchar(80), lastdata varchar(80),
 duration integer, billsec integer, disposition varchar(45), amaflags integer, accountcode varchar(20),
 uniqueid varchar(32), userfield varchar(255), did varchar(50), recordingfile varchar(255))"""


@pytest.fixture
def cdr_database():
    name = f"cdr_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    yield database_url({**connection.settings_dict, "NAME": name})
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _local(moment):
    """The PBX's wall clock, as cdr_pgsql writes a timestamp column."""
    return moment.astimezone(HELSINKI).replace(tzinfo=None)


@pytest.mark.parametrize("schema", ["asterisk", "freepbx"])
def test_recordings_are_matched_to_their_rows_in_the_cdr_table(
    personas, pbx, freepbx_connector, cdr_database, monkeypatch, schema
):
    call = pbx.call(kind="in", cdr=False, src="0401234567", did="0103808000", seconds=4)
    start = call.answer - timedelta(seconds=5)
    common = ["0401234567", "201", "ext-did-0001", "PJSIP/trunk-1", "PJSIP/201-2", 9, 4, "ANSWERED", call.uniqueid]
    with psycopg.connect(cdr_database, autocommit=True) as db:
        if schema == "asterisk":
            db.execute(ASTERISK_CDR)
            db.execute(
                "INSERT INTO cdr (src, dst, dcontext, channel, dstchannel, duration, billsec, disposition, uniqueid,"
                ' start, answer, "end") VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)',
                [*common, _local(start), _local(call.answer), _local(call.end)],
            )
        else:
            db.execute(FREEPBX_CDR)
            db.execute(
                "INSERT INTO cdr (src, dst, dcontext, channel, dstchannel, duration, billsec, disposition, uniqueid,"
                " calldate, did, recordingfile) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [*common, _local(start), "0103808000", call.path.name],
            )
    monkeypatch.setenv("CONNECTOR_REGISTER_A_CDR_URL", cdr_database)
    freepbx_connector.cdr_database_env = "CONNECTOR_REGISTER_A_CDR_URL"
    freepbx_connector.cdr_csv_path = ""
    freepbx_connector.save()

    result = connector_run(freepbx_connector)

    assert (result.taken, result.error) == (1, "")
    recording = Recording.objects.get(external_id=call.uniqueid)
    assert recording.started_at == call.answer.astimezone(UTC) and recording.ended_at == call.end.astimezone(UTC)
    assert (recording.caller_number, recording.service_number) == ("+358401234567", "+358103808000")
    assert connector_run(freepbx_connector).taken == 0


def test_a_database_variable_not_named_for_connectors_is_refused(personas, pbx, freepbx_connector):
    pbx.call()
    freepbx_connector.cdr_database_env = "DATABASE_URL"
    freepbx_connector.save()
    result = connector_run(freepbx_connector)
    assert result.taken == 0 and "starting with CONNECTOR_" in result.error
