"""Where a drop connector's files are: a folder on this server, or an S3 prefix.

Both hold audio files with the import command's sidecars or manifest
(recordings.sidecars) at their top level, and two sub-folders the connector
fills: `done/` for what it took and `quarantine/` for what it refused, each
refused file with `<name>.reason.txt` beside it.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from django.conf import settings

from .guards import ConnectorError, allowed_endpoint, check_folders, credential_variable
from .models import Connector, ConnectorKind
from .settle import finished_files

__all__ = ["ConnectorError", "source_for"]

DONE = "done"
QUARANTINE = "quarantine"
PROCESSING = ".processing"
REASON_SUFFIX = ".reason.txt"


def own_subfolder(root: Path, name: str) -> Path:
    """root/name, made if missing, refused when it is a symbolic link or not a folder (a link would send the files
    into another folder, another register's drop folder even)."""
    path = root / name
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise ConnectorError(f"folder: {name}/ in the drop folder is a symbolic link or not a folder; nothing moved")
    return path


def copy_regular_file(path: Path, dest: Path) -> Path:
    """A private copy of a regular file, read through one descriptor that does not follow a link."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ConnectorError(f"{path.name}: not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as src, dest.open("xb") as out:
            shutil.copyfileobj(src, out, 1024 * 1024)
    finally:
        os.close(fd)
    return dest


class FolderSource:
    """A drop folder. A file is claimed before it is read: renamed into `.processing/` (atomic, the same
    filesystem), so what is read, stored and moved is one file, whatever is dropped under its name meanwhile; a run
    killed after the claim finds it there and finishes it."""

    def __init__(self, connector: Connector):
        self.root, _ = check_folders(connector)
        if not self.root.is_dir():
            raise ConnectorError("folder: does not exist or is not a folder")
        for name in (DONE, QUARANTINE):
            if os.path.lexists(self.root / name):
                own_subfolder(self.root, name)
        self.processing = own_subfolder(self.root, PROCESSING)

    @staticmethod
    def _files(folder: Path) -> list[str]:
        # A dot-file is a copy under way (rsync, scp and most uploaders write `.name.XXXX`, then rename).
        return sorted(
            entry.name
            for entry in os.scandir(folder)
            if entry.is_file(follow_symlinks=False) and not entry.name.startswith(".")
        )

    def names(self) -> list[str]:
        return self._files(self.root)

    def claimed_names(self) -> list[str]:
        return self._files(self.processing)

    def finished(self, names: list[str]) -> set[str]:
        paths = [self.root / name for name in names]
        done = finished_files(paths, settle_seconds=settings.CONNECTOR_SETTLE_SECONDS)
        return {path.name for path in done}

    def claim(self, name: str) -> None:
        try:
            os.rename(self.root / name, self.processing / name)
        except FileNotFoundError:
            if not (self.processing / name).exists():
                raise

    def read(self, name: str) -> bytes:
        """A top-level file (the manifest), through a descriptor that does not follow a link."""
        fd = os.open(self.root / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as fh:
            return fh.read()

    def read_claimed(self, name: str) -> bytes:
        fd = os.open(self.processing / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as fh:
            return fh.read()

    def fetch(self, name: str, dest: Path) -> Path:
        """The claimed file, copied into the run's private scratch folder (nothing else can write there)."""
        return copy_regular_file(self.processing / name, dest / ("audio" + Path(name).suffix.lower()[:10]))

    def move(self, name: str, folder: str) -> None:
        try:
            os.replace(self.processing / name, own_subfolder(self.root, folder) / name)
        except FileNotFoundError:
            pass  # moved by a run that was killed before it wrote down that it had

    def write(self, folder: str, name: str, data: bytes) -> None:
        fd = os.open(
            own_subfolder(self.root, folder) / name,
            os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW,
            0o600,
        )
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)


class S3Source:
    """An S3 prefix. What is taken is the object downloaded into the run's scratch folder, and it is moved only
    while it is still that object (CopySourceIfMatch on the ETag downloaded); one replaced meanwhile stays for the
    next run."""

    def __init__(self, connector: Connector):
        import boto3
        from botocore.config import Config

        if not connector.s3_bucket:
            raise ConnectorError("S3 bucket: missing")
        endpoint = allowed_endpoint(connector.s3_endpoint_url)
        access = os.environ.get(credential_variable(connector.s3_access_key_env, connector.register))
        secret = os.environ.get(credential_variable(connector.s3_secret_key_env, connector.register))
        if not access or not secret:
            raise ConnectorError("credentials: the named environment variables are not set on this server")
        self.bucket = connector.s3_bucket
        self.prefix = connector.s3_prefix.strip("/") + "/" if connector.s3_prefix.strip("/") else ""
        self.etags: dict[str, str] = {}
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint or None,
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

    def claimed_names(self) -> list[str]:
        return []

    def finished(self, names: list[str]) -> set[str]:
        # An object is listed only once its upload (single or multipart) has completed.
        return set(names)

    def claim(self, name: str) -> None:
        """Nothing to claim on S3: the ETags downloaded stand for the claim."""

    def read(self, name: str) -> bytes:
        answer = self.client.get_object(Bucket=self.bucket, Key=self.prefix + name)
        self.etags[name] = answer["ETag"]
        return answer["Body"].read()

    read_claimed = read

    def fetch(self, name: str, dest: Path) -> Path:
        path = dest / ("audio" + Path(name).suffix.lower()[:10])  # the key's name never becomes a local path
        answer = self.client.get_object(Bucket=self.bucket, Key=self.prefix + name)
        self.etags[name] = answer["ETag"]
        with path.open("xb") as out:
            for chunk in answer["Body"].iter_chunks(1024 * 1024):
                out.write(chunk)
        return path

    def move(self, name: str, folder: str) -> None:
        from botocore.exceptions import ClientError

        key = self.prefix + name
        etag = self.etags.get(name)
        extra = {"CopySourceIfMatch": etag} if etag else {}
        try:
            if etag and not self._still(key, etag):
                return
            self.client.copy_object(
                Bucket=self.bucket,
                Key=f"{self.prefix}{folder}/{name}",
                CopySource={"Bucket": self.bucket, "Key": key},
                **extra,
            )
            # Stores that ignore CopySourceIfMatch (SeaweedFS): looked at again before the delete.
            if etag and not self._still(key, etag):
                return
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code")
            if code in ("NoSuchKey", "404"):
                return  # moved by a run that was killed before it wrote down that it had
            if code in ("PreconditionFailed", "412"):
                return  # replaced since it was read: the new object is the next run's
            raise
        self.client.delete_object(Bucket=self.bucket, Key=key)

    def _still(self, key: str, etag: str) -> bool:
        """The object under the key is still the one read (a new upload under the same key is the next run's)."""
        return self.client.head_object(Bucket=self.bucket, Key=key)["ETag"] == etag

    def write(self, folder: str, name: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=f"{self.prefix}{folder}/{name}", Body=data)


def source_for(connector: Connector) -> FolderSource | S3Source:
    if connector.kind == ConnectorKind.S3:
        return S3Source(connector)
    return FolderSource(connector)
