import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from recordings.models import Recording

from .conftest import call_data


def test_a_folder_with_sidecars_is_imported(personas, audio_file, tmp_path, capsys):
    folder = tmp_path / "import"
    folder.mkdir()
    for i, fmt in enumerate(["wav-mulaw", "mp3", "flac"]):
        src = audio_file(fmt, 3.0)
        target = folder / f"call{i}{src.suffix}"
        target.write_bytes(src.read_bytes())
        (folder / f"{target.name}.json").write_text(json.dumps(call_data(3.0, external_id=f"imp-{i}")))
    call_command("import_recordings", "register-a", str(folder), "--no-progress")
    assert "accepted: 3, already stored: 0, rejected: 0" in capsys.readouterr().out
    assert Recording.objects.filter(external_id__startswith="imp-").count() == 3


def test_a_rerun_answers_stored_calls_without_storing_them_again(personas, audio_file, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "import"
    folder.mkdir()
    for i in range(3):
        target = folder / f"call{i}.wav"
        target.write_bytes(audio_file("wav-mulaw", 3.0, seed=i).read_bytes())
        (folder / f"{target.name}.json").write_text(json.dumps(call_data(3.0, external_id=f"rerun-{i}")))
    call_command("import_recordings", "register-a", str(folder), "--no-progress")
    capsys.readouterr()

    def no_second_copy(*args, **kwargs):
        raise AssertionError("a stored call was encrypted and written again")

    monkeypatch.setattr("recordings.services.store_encrypted", no_second_copy)
    call_command("import_recordings", "register-a", str(folder), "--no-progress")
    assert "accepted: 0, already stored: 3, rejected: 0" in capsys.readouterr().out


def test_rejected_files_are_listed_and_the_command_fails(personas, audio_file, tmp_path, capsys):
    folder = tmp_path / "import"
    folder.mkdir()
    good = audio_file("wav-alaw", 3.0)
    (folder / "good.wav").write_bytes(good.read_bytes())
    (folder / "good.wav.json").write_text(json.dumps(call_data(3.0, external_id="ok-1")))
    (folder / "bad.wav").write_bytes(b"not audio at all" * 10)
    (folder / "bad.wav.json").write_text(json.dumps(call_data(3.0, external_id="bad-1")))
    (folder / "orphan.mp3").write_bytes(b"x")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_recordings", "register-a", str(folder), "--no-progress")
    assert excinfo.value.returncode == 1
    out = capsys.readouterr().out
    assert "accepted: 1" in out and "rejected: 2" in out
    assert "bad.wav" in out and "orphan.mp3: no JSON sidecar" in out
    assert list(Recording.objects.values_list("external_id", flat=True)) == ["ok-1"]


def test_a_manifest_csv_is_imported(personas, audio_file, tmp_path):
    folder = tmp_path / "import"
    folder.mkdir()
    src = audio_file("opus", 3.0)
    (folder / "a.opus").write_bytes(src.read_bytes())
    data = call_data(3.0, external_id="man-1")
    header = ["file", *data]
    (folder / "manifest.csv").write_text(",".join(header) + "\n" + ",".join(["a.opus", *data.values()]) + "\n")
    call_command("import_recordings", "register-a", str(folder), "--no-progress")
    assert Recording.objects.filter(external_id="man-1").exists()
