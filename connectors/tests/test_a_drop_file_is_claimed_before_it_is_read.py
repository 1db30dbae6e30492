"""What a connector reads is one file it holds: a drop-folder file is renamed into `.processing/` before it is read
(a new file dropped under the same name meanwhile is not touched, and is taken by the next run), a FreePBX file is
copied through a descriptor that follows no link; no symbolic link leads a connector out of its folder, and a file
that cannot be read is refused on its own while the others are taken."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from audio.synth import write_sample
from connectors.models import Connector, FileState
from connectors.services import connector_run
from recordings.models import Recording

from .drops import sidecar, write_call

pytestmark = pytest.mark.django_db


def test_a_done_folder_that_is_a_link_moves_nothing(personas, tmp_path, drop_folder, folder_connector):
    b_folder = tmp_path / "drop-b"
    b_folder.mkdir()
    theirs = Connector.objects.create(register=personas.other_register, name="B", kind="folder", path=str(b_folder))
    (drop_folder / "done").symlink_to(b_folder)
    write_call(drop_folder, "injected.wav")

    result = connector_run(folder_connector)

    assert result.taken == 0 and "done/ in the drop folder is a symbolic link" in result.error
    assert (drop_folder / "injected.wav").exists() and list(b_folder.iterdir()) == []
    assert connector_run(theirs).taken == 0 and not Recording.objects.exists()


def test_a_day_folder_that_is_a_link_is_skipped_and_named(personas, pbx, freepbx_connector, tmp_path):
    call = pbx.call()
    day = call.path.parent
    outside = tmp_path.parent / (tmp_path.name + "-outside")
    day.rename(outside)
    day.symlink_to(outside)

    result = connector_run(freepbx_connector)

    relative = day.relative_to(pbx.monitor)
    assert result.taken == 0 and result.error == f"folder: {relative} is a symbolic link; skipped"
    assert not Recording.objects.exists()


def test_a_file_replaced_while_it_is_read_is_stored_as_it_was_claimed(
    personas, drop_folder, folder_connector, monkeypatch
):
    write_call(drop_folder, "c.wav")
    original = (drop_folder / "c.wav").read_bytes()
    import recordings.services as recordings_services

    real_probe = recordings_services.probe
    replaced = []

    def probe(path):
        info = real_probe(path)
        if not replaced:  # the PBX drops a new call under the same name (write, then rename) while this one is read
            write_sample(drop_folder / ".new", "wav-mulaw", 5.0)
            os.replace(drop_folder / ".new", drop_folder / "c.wav")
            (drop_folder / "c.wav.json").write_text(json.dumps(sidecar(5.0)))
            replaced.append(True)
        return info

    monkeypatch.setattr(recordings_services, "probe", probe)
    assert connector_run(folder_connector).taken == 1
    assert Recording.objects.get().sha256 == hashlib.sha256(original).hexdigest()
    assert (drop_folder / "done" / "c.wav").read_bytes() == original
    # The new call is left where it was dropped, and the next run takes it.
    assert (drop_folder / "c.wav").exists()
    assert connector_run(folder_connector).taken == 1 and Recording.objects.count() == 2


def test_a_file_dropped_again_after_its_namesake_was_stored_is_not_lost(
    personas, drop_folder, folder_connector, monkeypatch
):
    write_call(drop_folder, "c.wav")
    from connectors import services

    real_note = services._note

    def note(connector, name, state, *args, **kwargs):
        real_note(connector, name, state, *args, **kwargs)
        if state == FileState.TAKEN and not (drop_folder / "c.wav").exists():
            write_sample(drop_folder / ".new", "wav-mulaw", 5.0)
            os.replace(drop_folder / ".new", drop_folder / "c.wav")
            (drop_folder / "c.wav.json").write_text(json.dumps(sidecar(5.0)))

    monkeypatch.setattr(services, "_note", note)
    assert connector_run(folder_connector).taken == 1
    assert (drop_folder / "c.wav").exists() and (drop_folder / "c.wav.json").exists()
    assert connector_run(folder_connector).taken == 1 and Recording.objects.count() == 2


def test_a_file_claimed_by_a_killed_run_is_finished_by_the_next(personas, drop_folder, folder_connector):
    claimed = drop_folder / ".processing"
    claimed.mkdir()
    data = write_call(claimed, "c.wav")

    result = connector_run(folder_connector)

    assert result.taken == 1 and Recording.objects.filter(external_id=data["external_id"]).exists()
    assert sorted(p.name for p in (drop_folder / "done").iterdir()) == ["c.wav", "c.wav.json"]
    assert list(claimed.iterdir()) == []


def test_a_file_that_cannot_be_read_does_not_stop_the_others(personas, drop_folder, folder_connector, settings):
    write_call(drop_folder, "\u00e4x.wav")
    latin1 = os.path.join(os.fsencode(drop_folder), b"\xe4\xe4nitys.wav")  # not UTF-8: sorts before the good one
    shutil.copy(drop_folder / "\u00e4x.wav", latin1)
    shutil.copy(drop_folder / "\u00e4x.wav.json", latin1 + b".json")

    result = connector_run(folder_connector)

    assert (result.taken, result.error) == (1, "")
    assert Recording.objects.count() == 1
    assert connector_run(folder_connector).error == ""


def test_a_freepbx_file_is_taken_from_a_private_copy(personas, pbx, freepbx_connector, monkeypatch):
    call = pbx.call()
    import recordings.services as recordings_services

    seen = []
    real_probe = recordings_services.probe

    def probe(path):
        seen.append(Path(path))
        return real_probe(path)

    monkeypatch.setattr(recordings_services, "probe", probe)
    assert connector_run(freepbx_connector).taken == 1
    assert seen and all(path != call.path and pbx.monitor not in path.parents for path in seen)


def test_a_freepbx_file_with_a_name_that_is_not_utf8_is_refused_once(personas, pbx, freepbx_connector):
    call = pbx.call()
    shutil.copy(call.path, os.path.join(os.fsencode(call.path.parent), b"\xe4\xe4nitys.wav"))

    result = connector_run(freepbx_connector)

    assert (result.taken, result.refused, result.error) == (1, 1, "")
    assert "\\xe4\\xe4nitys.wav" in freepbx_connector.files.get(state=FileState.QUARANTINED).name
    assert connector_run(freepbx_connector).refused == 0


def test_a_manifest_left_behind_does_not_hold_up_later_sidecar_drops(personas, drop_folder, folder_connector):
    data = write_call(drop_folder, "a.wav")
    (drop_folder / "a.wav.json").unlink()
    (drop_folder / "manifest.csv").write_text("file," + ",".join(data) + "\na.wav," + ",".join(data.values()) + "\n")
    assert connector_run(folder_connector).taken == 1

    later = write_call(drop_folder, "b.wav")  # the usual sidecar drop, the next day: no row in the manifest

    assert connector_run(folder_connector).taken == 1
    assert Recording.objects.filter(external_id=later["external_id"]).exists()
