"""The production topology end to end: nginx, two gunicorns, SeaweedFS, Redis, real Celery workers.

scripts/topology starts it all on free ports. A recorder integration uploads calls in
several formats through nginx; the workers make their renditions; a supervisor plays them
with Range requests in Chromium; a backup is taken; the purge deletes the expired calls;
the backup is restored into a new database and a new bucket. Nothing purged comes back,
and every call kept decrypts to the bytes that were uploaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse, urlunparse

import pytest
from django.conf import settings

from conftest import browser_login, require_or_skip

pytestmark = [pytest.mark.s3, pytest.mark.redis, pytest.mark.browser]

ROOT = Path(settings.BASE_DIR)
FORMATS = ["wav-mulaw", "mp3", "opus", "flac", "wav-gsm"]
EXPIRED = {"mp3", "wav-gsm"}  # their retention is made to run out before the purge


def read_env(path: Path) -> dict[str, str]:
    env = {}
    for line in path.read_text().splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        env[key] = value
    env["TWO_FACTOR_REQUIRED"] = "false"
    return env


def manage(env: dict, *args: str, timeout: int = 300) -> str:
    result = subprocess.run(
        ["python", "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def admin_url(database_url: str) -> str:
    return urlunparse(urlparse(database_url)._replace(path="/postgres"))


def drop_database(admin: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def topology(tmp_path):
    from tests.seaweedfs import weed_binary

    url = os.environ.get("DATABASE_URL", "")
    require_or_skip(url.startswith(("postgres://", "postgresql://")), "PostgreSQL")
    require_or_skip(weed_binary() is not None, "SeaweedFS (weed)")
    require_or_skip(os.path.exists("/usr/sbin/nginx"), "nginx")
    admin = admin_url(url)
    suffix = uuid.uuid4().hex[:8]
    database = f"topology_e2e_{suffix}"
    state = tmp_path / "topology"
    env = {**os.environ, "ADMIN_DATABASE_URL": admin, "TOPOLOGY_DATABASE": database}
    started = subprocess.run(
        ["scripts/topology", "start", str(state)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield SimpleNamespace(env=read_env(state / "env"), dir=state, admin=admin, database=database)
    finally:
        stopped = subprocess.run(
            ["scripts/topology", "stop", str(state)], cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        drop_database(admin, database)
        drop_database(admin, f"{database}_restored")
    assert stopped.returncode == 0, stopped.stderr
    for pidfile in (state / "run").glob("*.pid"):
        pytest.fail(f"{pidfile.name} left behind by scripts/topology stop")


SETUP = """
import json
from recordings.models import IngestToken
from testkit import make_personas
personas = make_personas()
_token, raw = IngestToken.issue(personas.register, name="trial PBX")
print(json.dumps({"token": raw}))
"""

KEPT_AUDIO = """
import hashlib, json
from recordings.models import Recording
from recordings.services import open_audio
out = {}
for r in Recording.objects.all():
    reader = open_audio(r, variant="original")
    digest = hashlib.sha256()
    for chunk in reader.read_all():
        digest.update(chunk)
    reader.close()
    out[r.external_id] = digest.hexdigest()
print(json.dumps(out))
"""


def upload_calls(request_context, base_url: str, token: str, tmp_path: Path) -> dict[str, dict]:
    from audio.synth import SUFFIX, write_sample

    calls = {}
    for i, fmt in enumerate(FORMATS):
        path = tmp_path / f"call-{i}{SUFFIX[fmt]}"
        write_sample(path, fmt, 6.0, seed=i)
        # Ingest refuses calls already past retention: every call is recent, and time is
        # moved on for the expired ones below (age_expired_calls).
        ended = datetime.now(UTC) - timedelta(hours=1)
        fields = {
            "external_id": f"trial-{fmt}",
            "started_at": (ended - timedelta(seconds=6)).isoformat(),
            "ended_at": ended.isoformat(),
            "direction": "inbound",
            "caller": "040 123 4567",
            "callee": "010 380 8000",
            "service_number": "010 380 8000",
        }
        response = request_context.post(
            f"{base_url}/api/v1/registers/register-a/recordings/",
            headers={"Authorization": f"Token {token}"},
            multipart={
                **fields,
                "audio": {"name": path.name, "mimeType": "application/octet-stream", "buffer": path.read_bytes()},
            },
        )
        assert response.status == 201, response.text()
        calls[fields["external_id"]] = {
            **response.json(),
            "sha256_uploaded": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
    return calls


AGE_EXPIRED = """
from datetime import timedelta
from django.utils import timezone
from recordings.models import Recording
ids = ["trial-" + fmt for fmt in EXPIRED_FORMATS]
print(Recording.objects.filter(external_id__in=ids).update(expires_at=timezone.now() - timedelta(days=1)))
"""


def age_expired_calls(env) -> None:
    """As if the register's retention had run out for the calls in EXPIRED."""
    script = AGE_EXPIRED.replace("EXPIRED_FORMATS", repr(sorted(EXPIRED)))
    aged = manage(env, "shell", "-c", script).strip().splitlines()[-1]
    assert int(aged) == len(EXPIRED), aged


def wait_for_renditions(request_context, base_url: str, token: str, calls: dict, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    pending = set(calls)
    while pending:
        for external_id in list(pending):
            answer = request_context.get(
                f"{base_url}/api/v1/registers/register-a/recordings/{external_id}/",
                headers={"Authorization": f"Token {token}"},
            ).json()
            if answer["rendition_status"] == "ready":
                pending.discard(external_id)
        assert time.monotonic() < deadline, f"renditions not made by the workers: {sorted(pending)}"
        time.sleep(1)


def play_with_range(page, base_url: str, public_id: str) -> None:
    page.goto(f"{base_url}/recordings/{public_id}/")
    page.click("#listen")
    page.wait_for_selector("audio#player")
    status = page.evaluate(
        """async (url) => {
            const r = await fetch(url, {headers: {Range: "bytes=200-"}});
            const body = await r.arrayBuffer();
            return [r.status, r.headers.get("Content-Range"), body.byteLength, r.headers.get("Cache-Control")];
        }""",
        f"/recordings/{public_id}/audio/",
    )
    assert status[0] == 206 and status[1].startswith("bytes 200-"), status
    assert status[2] == int(status[1].rpartition("/")[2]) - 200
    assert "no-store" in status[3]
    page.evaluate("() => document.getElementById('player').play()")
    page.wait_for_function("() => document.getElementById('player').currentTime > 0.3")


def test_calls_survive_the_full_topology_and_a_restore_into_a_new_database_and_bucket(topology, browser, tmp_path):
    env, base_url = topology.env, topology.env["TOPOLOGY_URL"]
    token = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])["token"]

    context = browser.new_context(locale="fi-FI")
    calls = upload_calls(context.request, base_url, token, tmp_path)
    wait_for_renditions(context.request, base_url, token, calls)

    page = context.new_page()
    page.set_default_timeout(20000)
    browser_login(page, SimpleNamespace(url=base_url), "supervisor-a")
    for call in calls.values():
        play_with_range(page, base_url, call["id"])

    age_expired_calls(env)
    backup = tmp_path / "backup"
    manage(env, "backup", str(backup))
    manage(env, "verify_backup", str(backup))
    out = manage(env, "purge_expired")
    kept = {eid for eid in calls if eid.removeprefix("trial-") not in EXPIRED}
    assert json.loads(manage(env, "shell", "-c", KEPT_AUDIO).strip().splitlines()[-1]).keys() == kept, out

    # The restore drill: a new, empty database and a new, empty bucket, the same keys and journal.
    import boto3
    import psycopg

    restored = {
        **env,
        "DATABASE_URL": urlunparse(urlparse(env["DATABASE_URL"])._replace(path=f"/{topology.database}_restored")),
        "AWS_STORAGE_BUCKET_NAME": "recordings-restored",
    }
    with psycopg.connect(topology.admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{topology.database}_restored"')
    s3 = boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        region_name=env["AWS_S3_REGION_NAME"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )
    s3.create_bucket(Bucket="recordings-restored")
    out = manage(restored, "restore", str(backup))
    assert f"destroyed again {len(EXPIRED)} recording(s)" in out, out

    audio = json.loads(manage(restored, "shell", "-c", KEPT_AUDIO).strip().splitlines()[-1])
    assert audio.keys() == kept
    for external_id in kept:
        assert audio[external_id] == calls[external_id]["sha256_uploaded"]
    in_bucket = {o["Key"] for o in s3.list_objects_v2(Bucket="recordings-restored").get("Contents", [])}
    assert len([k for k in in_bucket if k.startswith("vault/")]) == 2 * len(kept)  # original and rendition
    manage(restored, "verify_audit_log")
    context.close()
