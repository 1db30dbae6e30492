"""S3 storage is configured from the environment alone, and start-up proves it answers."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.conf import settings

from tests.test_deployment import production_env

pytestmark = [pytest.mark.s3]


def check_with_storage(tmp_path, storage_env: dict) -> subprocess.CompletedProcess:
    env = {**production_env(tmp_path), **storage_env}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--database", "default", "--fail-level", "ERROR"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_check_writes_reads_and_deletes_a_probe_in_the_bucket_named_by_the_environment(tmp_path, seaweedfs):
    bucket = seaweedfs.create_bucket()
    result = check_with_storage(tmp_path, seaweedfs.storage_env(bucket))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "vault.E002" not in result.stdout + result.stderr
    # The probe wrote something and took it away again.
    assert seaweedfs.client().list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0


def test_start_up_check_fails_clearly_when_the_bucket_is_missing(tmp_path, seaweedfs):
    result = check_with_storage(tmp_path, seaweedfs.storage_env("no-such-bucket"))
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "vault.E002" in output and "bucket 'no-such-bucket'" in output
    assert seaweedfs.storage_env("x")["AWS_SECRET_ACCESS_KEY"] not in output


def test_start_up_check_fails_clearly_when_storage_is_unreachable(tmp_path, seaweedfs):
    from tests.seaweedfs import free_port

    env = {**seaweedfs.storage_env("recordings"), "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}"}
    result = check_with_storage(tmp_path, env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "vault.E002" in output and "blob storage does not answer" in output
    assert "Traceback" not in output


def test_blobs_go_to_the_bucket_the_environment_names(tmp_path, seaweedfs):
    bucket = seaweedfs.create_bucket()
    env = {**production_env(tmp_path), **seaweedfs.storage_env(bucket)}
    script = (
        "from django.core.files.base import ContentFile;"
        "from django.core.files.storage import default_storage as s;"
        "print(s.save('vault/ab/settings-probe', ContentFile(b'blob')))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    stored = seaweedfs.client().get_object(Bucket=bucket, Key="vault/ab/settings-probe")["Body"].read()
    assert stored == b"blob"
