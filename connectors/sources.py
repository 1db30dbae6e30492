"""Where a drop connector's files are: a folder on this server, or an S3 prefix.

Both hold audio files with the import command's sidecars or manifest
(recordings.sidecars) at their top level, and two sub-folders the connector
fills: `done/` for what it took and `quarantine/` for what it refused, each
refused file with `<name>.reason.txt` beside it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.conf import settings

from lib.errors import DomainError

from .models import Connector, ConnectorKind
from .settle import finished_files

DONE = "done"
QUARANTINE = "quarantine"
REASON_SUFFIX = ".reason.txt"
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,99}$")


class ConnectorError(DomainError):
    """A connector that cannot run as configured; the message says what to change, `code` which rule it broke
    (the settings form words each code in the page's language)."""

    def __init__(self, message: str, *, code: str = ""):
        super().__init__(message)
        self.code = code


def allowed_folder(value: str) -> Path:
    """The folder, resolved, if it lies inside one of CONNECTOR_ROOTS (an IT admin names folders, the operator
    decides which parts of the server they may be in)."""
    if not value:
        raise ConnectorError("folder: missing", code="missing")
    path = Path(value)
    if not path.is_absolute():
        raise ConnectorError("folder: give an absolute path", code="relative")
    resolved = path.resolve()
    for root in settings.CONNECTOR_ROOTS:
        root_path = Path(root).resolve()
        if resolved == root_path or root_path in resolved.parents:
            return resolved
    if not settings.CONNECTOR_ROOTS:
        raise ConnectorError(
            "folder: no folders are open to connectors on this server (CONNECTOR_ROOTS is empty)", code="no_roots"
        )
    raise ConnectorError("folder: outside the folders open to connectors (CONNECTOR_ROOTS)", code="outside")


def credential_variable(name: str) -> str:
    """An environment variable's name for an S3 credential; only CONNECTOR_-prefixed names, so a connector
    can never send the server's own secrets (the key ring, the database password) to an endpoint it names."""
    prefix = settings.CONNECTOR_ENV_PREFIX
    if not ENV_NAME.match(name or "") or not name.startswith(prefix):
        raise ConnectorError(f"credentials: name an environment variable starting with {prefix}", code="variable")
    return name


class FolderSource:
    def __init__(self, connector: Connector):
        self.root = allowed_folder(connector.path)
        if not self.root.is_dir():
            raise ConnectorError("folder: does not exist or is not a folder")

    def names(self) -> list[str]:
        # A dot-file is a copy under way (rsync, scp and most uploaders write `.name.XXXX`, then rename).
        return sorted(
            entry.name
            for entry in os.scandir(self.root)
            if entry.is_file(follow_symlinks=False) and not entry.name.startswith(".")
        )

    def finished(self, names: list[str]) -> set[str]:
        paths = [self.root / name for name in names]
        done = finished_files(paths, settle_seconds=settings.CONNECTOR_SETTLE_SECONDS)
        return {path.name for path in done}

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()

    def fetch(self, name: str, dest: Path) -> Path:
        """A folder's file is read where it lies (ingest only reads it)."""
        return self.root / name

    def move(self, name: str, folder: str) -> None:
        target = self.root / folder
        target.mkdir(exist_ok=True)
        try:
            os.replace(self.root / name, target / name)
        except FileNotFoundError:
            pass  # moved by a run that was killed before it wrote down that it had

    def write(self, folder: str, name: str, data: bytes) -> None:
        target = self.root / folder
        target.mkdir(exist_ok=True)
        (target / name).write_bytes(data)


class S3Source:
    def __init__(self, connector: Connector):
        import boto3
        from botocore.config import Config

        if not connector.s3_bucket:
            raise ConnectorError("S3 bucket: missing")
        access = os.environ.get(credential_variable(connector.s3_access_key_env))
        secret = os.environ.get(credential_variable(connector.s3_secret_key_env))
        if not access or not secret:
            raise ConnectorError("credentials: the named environment variables are not set on this server")
        self.bucket = connector.s3_bucket
        self.prefix = connector.s3_prefix.strip("/") + "/" if connector.s3_prefix.strip("/") else ""
        self.client = boto3.client(
            "s3",
            endpoint_url=connector.s3_endpoint_url or None,
            aws_access_key_id=access,
            aws_secret_access_key=secret,
            region_name=settings.CONNECTOR_S3_REGION,
            config=Config(connect_timeout=10, read_timeout=60, retries={"max_attempts": 3}),
        )

    def names(self) -> list[str]:
        names = []
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix, Delimiter="/"):
            names.extend(item["Key"][len(self.prefix) :] for item in page.get("Contents", []))
        return sorted(name for name in names if name)

    def finished(self, names: list[str]) -> set[str]:
        # An object is listed only once its upload (single or multipart) has completed.
        return set(names)

    def read(self, name: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=self.prefix + name)["Body"].read()

    def fetch(self, name: str, dest: Path) -> Path:
        path = dest / ("audio" + Path(name).suffix.lower()[:10])  # the key's name never becomes a local path
        self.client.download_file(self.bucket, self.prefix + name, str(path))
        return path

    def move(self, name: str, folder: str) -> None:
        from botocore.exceptions import ClientError

        source = {"Bucket": self.bucket, "Key": self.prefix + name}
        try:
            self.client.copy_object(Bucket=self.bucket, Key=f"{self.prefix}{folder}/{name}", CopySource=source)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return  # moved by a run that was killed before it wrote down that it had
            raise
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + name)

    def write(self, folder: str, name: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=f"{self.prefix}{folder}/{name}", Body=data)


def source_for(connector: Connector) -> FolderSource | S3Source:
    if connector.kind == ConnectorKind.S3:
        return S3Source(connector)
    return FolderSource(connector)
