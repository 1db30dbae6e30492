"""A drop folder: each finished file is taken once and moved to done/, or moved to quarantine/ with a reason file."""

from __future__ import annotations

import json
import os
import time

import pytest

from connectors.models import FileState
from connectors.services import connector_run
from connectors.settle import finished_files
from recordings.models import Recording

from .drops import sidecar, write_call

pytestmark = pytest.mark.django_db


def test_good_calls_go_to_done_and_bad_ones_to_quarantine_with_their_reason(personas, drop_folder, folder_connector):
    good = write_call(drop_folder, "call-1.wav")
    write_call(drop_folder, "call-2.wav", seconds=4)
    whole = (drop_folder / "call-1.wav").read_bytes()
    write_call(drop_folder, "torn.wav", audio=whole[:300])
    write_call(drop_folder, "bad-time.wav", started_at="yesterday")
    (drop_folder / "not-json.wav").write_bytes(whole)
    (drop_folder / "not-json.wav.json").write_text("{broken")

    result = connector_run(folder_connector)

    assert (result.taken, result.refused, result.error) == (2, 3, "")
    assert sorted(p.name for p in (drop_folder / "done").iterdir()) == [
        "call-1.wav",
        "call-1.wav.json",
        "call-2.wav",
        "call-2.wav.json",
    ]
    quarantine = drop_folder / "quarantine"
    assert (quarantine / "torn.wav").exists() and (quarantine / "torn.wav.json").exists()
    assert (quarantine / "torn.wav.reason.txt").read_text().startswith("audio:")
    assert (quarantine / "bad-time.wav.reason.txt").read_text().startswith("started_at:")
    assert "not valid JSON" in (quarantine / "not-json.wav.reason.txt").read_text()
    assert sorted(p.name for p in drop_folder.iterdir()) == [".processing", "done", "quarantine"]
    assert not any((drop_folder / ".processing").iterdir())
    recording = Recording.objects.get(external_id=good["external_id"])
    assert recording.caller_number == "+358401234567"
    refused = folder_connector.files.filter(state=FileState.QUARANTINED).count()
    assert refused == 3

    assert connector_run(folder_connector).taken == 0
    assert Recording.objects.count() == 2


def test_a_manifest_names_the_files_and_their_calls(personas, drop_folder, folder_connector):
    data = write_call(drop_folder, "a.wav")
    (drop_folder / "a.wav.json").unlink()
    rows = ["file," + ",".join(data), "a.wav," + ",".join(data.values())]
    (drop_folder / "manifest.csv").write_text("\n".join(rows) + "\n")

    result = connector_run(folder_connector)

    assert result.taken == 1
    assert Recording.objects.filter(external_id=data["external_id"]).exists()
    assert (drop_folder / "done" / "a.wav").exists()


def test_a_file_held_open_for_writing_is_not_taken(personas, drop_folder, folder_connector):
    write_call(drop_folder, "held.wav")
    with (drop_folder / "held.wav").open("ab"):
        assert connector_run(folder_connector).taken == 0
    assert (drop_folder / "held.wav").exists()

    assert connector_run(folder_connector).taken == 1


def test_a_file_that_grows_between_the_two_looks_is_not_finished(drop_folder):
    steady, growing = drop_folder / "steady.wav", drop_folder / "growing.wav"
    for path in (steady, growing):
        path.write_bytes(b"RIFF" + bytes(100))
    past = time.time() - 60
    for path in (steady, growing):
        os.utime(path, (past, past))

    def writer_appends(seconds):
        assert seconds == 5
        with growing.open("ab") as fh:
            fh.write(bytes(100))
        os.utime(growing, (past, past))  # even a writer that keeps the old time is caught by the size

    assert finished_files([steady, growing], settle_seconds=5, sleep=writer_appends) == [steady]


def test_audio_without_its_sidecar_waits_for_it_a_bounded_time(personas, drop_folder, folder_connector, settings):
    write_call(drop_folder, "late.wav")
    (drop_folder / "late.wav.json").rename(drop_folder.parent / "late.wav.json")

    assert connector_run(folder_connector).waiting == 1
    (drop_folder.parent / "late.wav.json").rename(drop_folder / "late.wav.json")
    assert connector_run(folder_connector).taken == 1

    (drop_folder / "lost.wav").write_bytes((drop_folder / "done" / "late.wav").read_bytes())
    settings.CONNECTOR_METADATA_WAIT_MINUTES = 0
    result = connector_run(folder_connector)
    assert result.refused == 1
    assert "no call metadata" in (drop_folder / "quarantine" / "lost.wav.reason.txt").read_text()


def test_a_folder_outside_the_connector_roots_is_refused(personas, folder_connector, settings, tmp_path):
    settings.CONNECTOR_ROOTS = [str(tmp_path / "elsewhere")]
    result = connector_run(folder_connector)
    assert "outside the folders open to connectors" in result.error
    assert json.dumps(sidecar(1))  # the helper stays importable on its own


def test_a_dot_file_is_a_copy_under_way_and_is_left_alone(personas, drop_folder, folder_connector):
    write_call(drop_folder, ".call.wav.Xa1b2c")
    assert connector_run(folder_connector).waiting == 0
    assert (drop_folder / ".call.wav.Xa1b2c").exists() and not (drop_folder / "quarantine").exists()
