"""Plaintext written to disk (rendition work, uploads) does not outlive its process; an export writes none.

A process killed with SIGKILL cannot clean up after itself; the next process
to start (web, worker or any management command) removes what it left, and
never what a live process is still using.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

import recordings.tests.conftest as recording_fixtures
from testkit import database_url, make_register, make_stored_recording

audio_file = recording_fixtures.audio_file
ingest_token = recording_fixtures.ingest_token

RENDITION_STALLED_AFTER_TRANSCODE = """
import sys, time, django
django.setup()
import recordings.renditions as services
from recordings.models import Recording

real = services.make_rendition

def transcode_then_stall(src, dst):
    result = real(src, dst)
    print("IN-RENDITION", flush=True)
    time.sleep(600)
    return result

services.make_rendition = transcode_then_stall
services.rendition_make(Recording.objects.get(pk=int(sys.argv[1])))
"""

EXPORT_STALLED_AFTER_THE_ZIP = """
import sys, time, django
django.setup()
from django.contrib.auth import get_user_model
import subject_requests.services.packages as packages
from subject_requests.services import export_package_create
from subject_requests.models import SubjectRequest

real = packages.build_package_zip

def build_then_stall(path, **kwargs):
    count = real(path, **kwargs)
    print("IN-EXPORT", flush=True)
    time.sleep(600)
    return count

packages.build_package_zip = build_then_stall
export_package_create(
    subject_request=SubjectRequest.objects.get(pk=int(sys.argv[1])),
    actor=get_user_model().objects.get(pk=int(sys.argv[2])),
    link_base="http://testserver",
)
"""

HOLDS_A_SCRATCH_FILE = """
import time, django
django.setup()
from vault.scratch import process_scratch_dir
(process_scratch_dir() / "work.wav").write_bytes(b"RIFF plaintext of a live process")
print("HOLDING", flush=True)
time.sleep(600)
"""


def _env(tmp_path: Path) -> dict:
    db = connection.settings_dict
    (tmp_path / "system-tmp").mkdir(exist_ok=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recordings_admin.settings",
        "DATABASE_URL": database_url(db),
        "DATA_DIR": str(tmp_path / "data"),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "RECORDINGS_KEYS": settings.RECORDINGS_KEYS or "",
        "RECORDINGS_KEYS_FILE": str(settings.RECORDINGS_KEYS_FILE),
        # Python's own temporary folder and the app's, both watched by the test.
        "TMPDIR": str(tmp_path / "system-tmp"),
        "TMP_DIR": str(tmp_path / "app-tmp"),
    }


def _start(code: str, *args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for(process: subprocess.Popen, marker: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1)
        if ready:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                break
            seen.append(line)
            if marker in line:
                return
    process.kill()
    pytest.fail(f"the subprocess never reached {marker}: {''.join(seen)[-2000:]}")


def _kill(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    process.stdout.close()


def _start_the_app(env: dict) -> None:
    """What every web, worker and command start does: set up Django (here through `manage.py check`)."""
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _files_under(*folders: Path) -> list[Path]:
    return [Path(d) / f for folder in folders for d, _dirs, files in os.walk(folder) for f in files]


@pytest.mark.django_db(transaction=True)
def test_a_rendition_killed_mid_way_leaves_no_plaintext_once_the_app_starts(tmp_path):
    recording = make_stored_recording(make_register())
    env = _env(tmp_path)
    watched = (tmp_path / "system-tmp", tmp_path / "app-tmp")

    worker = _start(RENDITION_STALLED_AFTER_TRANSCODE, str(recording.pk), env=env)
    _wait_for(worker, "IN-RENDITION")
    plaintext = [p for p in _files_under(*watched) if p.read_bytes()[:4] in (b"RIFF", b"OggS")]
    assert len(plaintext) == 2  # the decrypted original and the rendition, in the clear
    _kill(worker)
    assert all(p.exists() for p in plaintext)  # nobody cleaned up: the process is dead

    _start_the_app(env)

    assert _files_under(*watched) == []


@pytest.mark.django_db(transaction=True)
def test_an_export_killed_mid_way_leaves_no_plaintext_once_the_app_starts(tmp_path):
    from datetime import date

    from subject_requests import services
    from subject_requests.models import VerificationMethod, VerificationOutcome
    from testkit import make_personas

    personas = make_personas()
    make_stored_recording(personas.register, caller_number="+358401234567")
    subject_request = services.request_receive(
        actor=personas.dpo,
        controller=personas.register.controller,
        rights=["access"],
        received_on=date.today(),
        channel="email",
        phone_numbers=["040 123 4567"],
        send_acknowledgement=False,
    )
    services.request_verify_identity(
        subject_request=subject_request,
        actor=personas.dpo,
        method=VerificationMethod.STRONG_ELECTRONIC,
        outcome=VerificationOutcome.VERIFIED,
    )
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    services.matches_include_pending(subject_request=subject_request, actor=personas.dpo)
    env = _env(tmp_path)
    watched = (tmp_path / "system-tmp", tmp_path / "app-tmp")

    exporter = _start(EXPORT_STALLED_AFTER_THE_ZIP, str(subject_request.pk), str(personas.dpo.pk), env=env)
    _wait_for(exporter, "IN-EXPORT")
    # The zip goes straight into its encryption: there is no plaintext of it to leave behind.
    assert [p for p in _files_under(*watched) if p.read_bytes()[:4] == b"PK\x03\x04"] == []
    _kill(exporter)

    _start_the_app(env)

    assert _files_under(*watched) == []


def test_start_up_leaves_a_live_process_files_alone(tmp_path, settings):
    env = _env(tmp_path)
    holder = _start(HOLDS_A_SCRATCH_FILE, env=env)
    try:
        _wait_for(holder, "HOLDING")
        [work] = _files_under(tmp_path / "app-tmp")
        # Only the owner can look in: the app's folder and the process's own.
        assert {(tmp_path / "app-tmp").stat().st_mode & 0o777, work.parent.stat().st_mode & 0o777} == {0o700}

        _start_the_app(env)
        assert work.exists()
    finally:
        _kill(holder)

    _start_the_app(env)
    assert not work.exists()
    assert _files_under(tmp_path / "app-tmp", tmp_path / "system-tmp") == []


def test_an_upload_streams_into_the_process_private_folder(personas, ingest_token, audio_file, client, monkeypatch):
    import recordings.api as api
    from recordings.tests.conftest import call_data
    from vault.scratch import process_scratch_dir

    uploaded_to = []
    real_ingest = api.recording_ingest

    def ingest_noting_where_the_upload_is(*, audio_path, **kwargs):
        uploaded_to.append(Path(audio_path))
        return real_ingest(audio_path=audio_path, **kwargs)

    monkeypatch.setattr(api, "recording_ingest", ingest_noting_where_the_upload_is)
    with open(audio_file("wav-mulaw", 3.0), "rb") as audio:
        response = client.post(
            f"/api/v1/registers/{personas.register.slug}/recordings/",
            {**call_data(3.0), "audio": audio},
            HTTP_AUTHORIZATION=f"Token {ingest_token}",
        )
    assert response.status_code == 201, response.content
    assert uploaded_to[0].parent == process_scratch_dir()
    assert not uploaded_to[0].exists()  # gone once the request ended
