"""The default a newcomer starts keeps production's promises, through a real server.

No DATABASE_URL: the embedded PostgreSQL, kept as scripts/run keeps it, with
runserver in front. Four recorders share one token for a hundred uploads; a
supervisor's browser opens eighty listening sessions at once and plays each;
the audit table refuses UPDATE, DELETE and TRUNCATE as it does in production.
"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from recordings.tests.test_listening_under_parallel_requests import Browser
from testkit import write_pcm_wav
from tests.embedded import ROOT, embedded_env, manage, pgembedded, shell
from tests.seaweedfs import free_port

UPLOADS, RECORDERS, LISTENS = 100, 4, 80

SETUP = """
from django.conf import settings
from django.test import Client
from recordings.tokens import ingest_token_create
from testkit import make_personas
personas = make_personas()
personas.register.listen_reason_required = False
personas.register.save()
_token, raw = ingest_token_create(register=personas.register, name="recorder")
client = Client()
client.force_login(personas.supervisor)
print(raw, client.cookies[settings.SESSION_COOKIE_NAME].value, personas.register.slug)
"""


def _multipart(fields: dict, audio: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="audio"; filename="call.wav"\r\n'
        "Content-Type: audio/wav\r\n\r\n".encode()
        + audio
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def demo_server(tmp_path):
    data = tmp_path / "var"
    assert pgembedded(data, "start").returncode == 0
    server = None
    try:
        migrated = manage(data, "migrate", "--no-input")
        assert migrated.returncode == 0, migrated.stderr[-3000:]
        raw, session, slug = shell(data, SETUP).split()[-3:]
        port = free_port()
        log = open(tmp_path / "server.log", "wb")  # noqa: SIM115 - closed below
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=embedded_env(data),
            stdout=log,
            stderr=log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield data, port, raw, session, slug
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        assert pgembedded(data, "release").returncode == 0


def test_shared_token_uploads_parallel_listens_and_the_append_only_audit_table(demo_server, tmp_path):
    data, port, raw, session, slug = demo_server
    wav = tmp_path / "call.wav"
    write_pcm_wav(wav, seconds=1.0)
    audio = wav.read_bytes()
    ended = datetime.now(UTC) - timedelta(hours=1)

    def upload(n: int) -> int:
        body, content_type = _multipart(
            {
                "external_id": f"shared-token-{n}",
                "started_at": (ended - timedelta(seconds=1)).isoformat(),
                "ended_at": ended.isoformat(),
                "direction": "inbound",
                "caller": "040 123 4567",
                "callee": "010 380 8000",
                "service_number": "010 380 8000",
            },
            audio,
        )
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(
                "POST",
                f"/api/v1/registers/{slug}/recordings/",
                body=body,
                headers={"Authorization": f"Token {raw}", "Content-Type": content_type},
            )
            response = connection.getresponse()
            payload = response.read()
            return response.status if response.status != 201 else json.loads(payload)["id"]
        finally:
            connection.close()

    with ThreadPoolExecutor(RECORDERS) as recorders:
        answers = list(recorders.map(upload, range(UPLOADS)))
    failed = [a for a in answers if isinstance(a, int)]
    assert failed == [], f"{len(failed)} of {UPLOADS} uploads were not 201: {sorted(set(failed))}"

    # The browser versions, as the demo's worker makes them.
    shell(
        data,
        "from recordings.models import Recording\nfrom recordings.renditions import rendition_make\n"
        "for recording in Recording.objects.all():\n    rendition_make(recording)\n",
    )
    browser = Browser(f"http://127.0.0.1:{port}", session)
    # One page first, as a browser has it: the CSRF cookie its tabs then share.
    assert browser.request("GET", f"/recordings/{answers[0]}/")[0] == 200

    def listen(public_id: str) -> tuple[int, int]:
        opened, _ = browser.post_form(f"/recordings/{public_id}/listen/", f"/recordings/{public_id}/", {})
        played, _ = browser.request("GET", f"/recordings/{public_id}/audio/", headers={"Range": "bytes=0-"})
        return opened, played

    with ThreadPoolExecutor(LISTENS) as tabs:
        statuses = list(tabs.map(listen, answers[:LISTENS]))
    assert [s for s in statuses if s != (302, 206)] == [], statuses
    sessions = shell(
        data,
        "from recordings.models import ListeningGrant; from audit.models import AuditEvent; "
        "print(ListeningGrant.objects.count(), AuditEvent.objects.filter(action='play').count())",
    ).split()
    assert sessions[-2:] == [str(LISTENS), str(LISTENS)], f"listening sessions and play events: {sessions}"

    refused = shell(
        data,
        "from django.db import DatabaseError, connection, transaction\n"
        "for statement in ('UPDATE audit_auditevent SET actor_label = %s', 'DELETE FROM audit_auditevent',"
        " 'TRUNCATE audit_auditevent'):\n"
        "    try:\n"
        "        with transaction.atomic(), connection.cursor() as cursor:\n"
        "            cursor.execute(statement, ['x'] if '%s' in statement else None)\n"
        "        print('allowed:', statement.split()[0])\n"
        "    except DatabaseError as error:\n"
        "        print('refused:', statement.split()[0], 'append-only' in str(error))\n",
    )
    assert refused.split("\n")[-4:-1] == ["refused: UPDATE True", "refused: DELETE True", "refused: TRUNCATE True"], (
        refused
    )
