"""A FreePBX recordings folder and its Master.csv, as the PBX writes them, become calls of the register once each.

The folder is only read: the PBX's files stay where they are, and a rerun takes nothing twice.
"""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from connectors.models import FileState
from connectors.services import connector_run
from recordings.models import Recording
from registers.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_inbound_outbound_and_internal_calls_are_taken_with_their_cdr_fields(personas, pbx, freepbx_connector):
    Membership.objects.filter(user=personas.agent, role=Role.AGENT).update(agent_identifier="201")
    inbound = pbx.call(kind="in", src="0401234567", did="0103808000", dst="201", dcontext="ext-did-0001")
    outbound = pbx.call(
        kind="out",
        src="201",
        dst="0501234567",
        dcontext="from-internal",
        channel="PJSIP/201-00000003",
        dstchannel="PJSIP/trunk-00000004",
        clid='"Agentti A" <201>',
        seconds=6,
    )
    internal = pbx.call(
        kind="internal", src="202", dst="201", dcontext="from-internal", channel="PJSIP/202-00000005", seconds=3
    )

    result = connector_run(freepbx_connector)

    assert (result.taken, result.refused, result.error) == (3, 0, "")
    calls = {r.external_id: r for r in Recording.objects.filter(register=personas.register)}
    assert set(calls) == {inbound.uniqueid, outbound.uniqueid, internal.uniqueid}
    call = calls[inbound.uniqueid]
    assert call.direction == "inbound"
    assert (call.caller_number, call.callee_number, call.service_number) == (
        "+358401234567",
        "+358103808000",
        "+358103808000",
    )
    assert call.agent == personas.agent and call.agent_name == "201"
    # The recording runs from the answer to the hang-up; Master.csv's local times are stored in UTC.
    assert call.started_at == inbound.answer.astimezone(UTC) and call.ended_at == inbound.end.astimezone(UTC)
    assert call.expires_at is not None and call.original_format
    assert calls[outbound.uniqueid].direction == "outbound"
    assert calls[outbound.uniqueid].callee_number == "+358501234567"
    assert calls[outbound.uniqueid].agent == personas.agent
    assert calls[internal.uniqueid].direction == "internal"

    ingests = AuditEvent.objects.filter(action="ingest", register_id=personas.register.pk)
    assert {e.actor_label for e in ingests} == {freepbx_connector.actor_label}
    assert freepbx_connector.actor_label.startswith("connector ")
    run = AuditEvent.objects.get(action="connector_run")
    assert run.details["taken"] == 3 and "0401234567" not in str(run.details)
    # Read-only: the PBX's files are where they were.
    assert all(c.path.exists() for c in (inbound, outbound, internal))

    again = connector_run(freepbx_connector)
    assert (again.taken, again.refused, again.already) == (0, 0, 0)
    assert Recording.objects.filter(register=personas.register).count() == 3
    freepbx_connector.refresh_from_db()
    assert freepbx_connector.calls_taken == 3 and freepbx_connector.last_run_finished_at is not None


def test_a_call_already_uploaded_under_the_same_id_is_not_taken_twice(personas, pbx, freepbx_connector):
    call = pbx.call()
    connector_run(freepbx_connector)
    freepbx_connector.files.all().delete()  # as if the connector had forgotten it took the file

    result = connector_run(freepbx_connector)

    assert (result.taken, result.already) == (0, 1)
    assert Recording.objects.filter(external_id=call.uniqueid).count() == 1


def test_a_recording_whose_cdr_row_never_comes_waits_then_is_refused(personas, pbx, freepbx_connector, settings):
    pending = pbx.call(cdr=False)

    first = connector_run(freepbx_connector)
    assert (first.taken, first.refused, first.waiting) == (0, 0, 1)
    row = freepbx_connector.files.get()
    assert row.state == FileState.WAITING

    row.first_seen_at -= timedelta(minutes=settings.CONNECTOR_METADATA_WAIT_MINUTES + 1)
    row.save()
    second = connector_run(freepbx_connector)

    assert (second.taken, second.refused) == (0, 1)
    row.refresh_from_db()
    assert row.state == FileState.QUARANTINED
    assert row.reason == f"no CDR row with uniqueid {pending.uniqueid} after 60 minutes"
    assert not Recording.objects.exists()


def test_a_broken_or_half_written_recording_is_refused_with_its_reason(personas, pbx, freepbx_connector, tmp_path):
    whole = pbx.call()
    cut = whole.path.read_bytes()
    half = pbx.call(audio=cut[: len(cut) // 3])
    noise = pbx.call(audio=b"\x89PNG\r\n\x1a\n" + bytes(2000))

    result = connector_run(freepbx_connector)

    assert (result.taken, result.refused) == (1, 2)
    reasons = dict(freepbx_connector.files.filter(state=FileState.QUARANTINED).values_list("name", "reason"))
    rel = lambda call: str(call.path.relative_to(pbx.monitor))  # noqa: E731
    assert reasons[rel(half)].startswith(("duration:", "audio:"))
    assert reasons[rel(noise)].startswith("audio:")
    assert list(Recording.objects.values_list("external_id", flat=True)) == [whole.uniqueid]


def test_a_recording_still_being_written_is_left_for_the_next_run(personas, pbx, freepbx_connector):
    call = pbx.call()
    with call.path.open("ab"):  # MixMonitor holds the file open until hang-up
        busy = connector_run(freepbx_connector)
    assert (busy.taken, busy.waiting) == (0, 1)

    assert connector_run(freepbx_connector).taken == 1


def test_a_name_freepbx_does_not_write_is_refused(personas, pbx, freepbx_connector):
    call = pbx.call()
    odd = call.path.with_name("recording.wav")
    call.path.rename(odd)

    result = connector_run(freepbx_connector)

    assert result.refused == 1
    assert "does not follow FreePBX's" in freepbx_connector.files.get().reason


def test_a_master_csv_without_uniqueids_is_an_error_that_says_what_to_set(personas, pbx, freepbx_connector):
    pbx.call()
    pbx.master_csv.write_text('"","0401234567","201","ext-local","","","","Dial","","2026-12-01 10:00:00",,,5,0\n')

    result = connector_run(freepbx_connector)

    assert result.taken == 0 and "loguniqueid=yes" in result.error
    freepbx_connector.refresh_from_db()
    assert "loguniqueid=yes" in freepbx_connector.last_run_error


def test_a_cdr_record_half_appended_is_left_for_the_next_run(personas, pbx, freepbx_connector):
    done = pbx.call()
    writing = pbx.call()
    whole = pbx.master_csv.read_text()
    pbx.master_csv.write_text(whole[: whole.rindex(writing.uniqueid)])  # cdr_csv's fputs of the last row under way

    first = connector_run(freepbx_connector)
    assert (first.taken, first.waiting, first.error) == (1, 1, "")

    pbx.master_csv.write_text(whole)
    assert connector_run(freepbx_connector).taken == 1
    assert set(Recording.objects.values_list("external_id", flat=True)) == {done.uniqueid, writing.uniqueid}


def test_a_symlink_in_the_recordings_folder_is_not_followed(personas, pbx, freepbx_connector, tmp_path):
    call = pbx.call()
    secret = tmp_path / "elsewhere.wav"
    call.path.rename(secret)
    call.path.symlink_to(secret)

    result = connector_run(freepbx_connector)

    assert (result.taken, result.refused, result.waiting) == (0, 0, 0)
    assert not Recording.objects.exists()


def test_files_handled_before_the_lookback_are_forgotten(personas, pbx, freepbx_connector, settings):
    pbx.call()
    connector_run(freepbx_connector)
    old = timezone.now() - timedelta(days=settings.CONNECTOR_LOOKBACK_DAYS + 3)
    freepbx_connector.files.update(handled_at=old)

    connector_run(freepbx_connector)

    # The file's name, with the caller's number in it, is gone; the call is not taken again.
    assert not freepbx_connector.files.exists()
    assert Recording.objects.count() == 1


def test_a_wav49_recording_is_taken(personas, pbx, freepbx_connector):
    """MIXMON_FORMAT=wav49 is GSM 6.10 in WAV, and FreePBX's MON_FMT names it `.WAV` (callrecording's comment on
    ASTERISK-24798)."""
    call = pbx.call(fmt="wav-gsm", suffix="WAV")
    assert connector_run(freepbx_connector).taken == 1
    assert Recording.objects.get(external_id=call.uniqueid).codec == "gsm_ms"


def test_a_call_erased_from_the_register_is_not_taken_again_from_the_pbx_folder(personas, pbx, freepbx_connector):
    """The PBX keeps its file; a connector that forgot it took the file (or one made anew) must not bring it back."""
    from recordings.services import recording_shred

    call = pbx.call()
    connector_run(freepbx_connector)
    recording_shred(Recording.objects.get(external_id=call.uniqueid), reason="erasure", reference="SR-1")
    freepbx_connector.files.all().delete()

    result = connector_run(freepbx_connector)

    assert (result.taken, result.refused) == (0, 1)
    assert not Recording.objects.filter(external_id=call.uniqueid).exists()
    refused = freepbx_connector.files.get()
    assert refused.state == FileState.QUARANTINED and "deleted" in refused.reason
