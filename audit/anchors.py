"""Anchor stores: where the signed audit chain and journal heads are kept, apart from the database and the blobs.

Someone who can rewrite the database can recompute every hash in the audit
chain, and someone who can write the blob storage can remove files there. An
anchor store is a third place: a folder for the demo (on other storage than
the database in any real use), and in production an S3 bucket with Object
Lock in compliance mode, where a written anchor cannot be deleted or
overwritten by anyone, its owner included, until its retention runs out.

`AUDIT_ANCHOR_URL` selects the store: `file:///path` or `s3://bucket/prefix`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone

from lib.files import fsync_folder

SCHEMES = ("file", "s3")


class AnchorStoreError(Exception):
    pass


def anchor_key() -> bytes:
    secret = settings.AUDIT_ANCHOR_KEY or settings.SECRET_KEY
    return hashlib.sha256(b"audit-anchor:" + secret.encode()).digest()


def anchor_signature(body: dict) -> str:
    payload = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(anchor_key(), payload, hashlib.sha256).hexdigest()


class FolderAnchorStore:
    """One JSON file per anchor; never overwritten."""

    def __init__(self, path: Path):
        self.path = path

    def __str__(self) -> str:
        return f"folder {self.path}"

    def put(self, name: str, data: bytes) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        tmp = self.path / f".{name}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # link() refuses an existing name, so an anchor is never replaced.
        os.link(tmp, self.path / name)
        tmp.unlink()
        fsync_folder(self.path)

    def anchors(self) -> Iterator[tuple[str, bytes]]:
        if not self.path.is_dir():
            return
        for path in sorted(self.path.glob("*.json")):
            yield path.name, path.read_bytes()


class S3AnchorStore:
    """Anchors as objects in a bucket with Object Lock; every version counts.

    A plain DELETE in a versioned bucket only adds a delete marker that hides
    the object from listings, so anchors are read from the version list: a
    locked version stays readable, and verification still sees it.
    """

    def __init__(self, bucket: str, prefix: str):
        self.bucket = bucket
        self.prefix = prefix

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=settings.AUDIT_ANCHOR_S3_ENDPOINT_URL,
            region_name=settings.AUDIT_ANCHOR_S3_REGION,
            aws_access_key_id=settings.AUDIT_ANCHOR_S3_ACCESS_KEY_ID,
            aws_secret_access_key=settings.AUDIT_ANCHOR_S3_SECRET_ACCESS_KEY,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
        )

    def create_bucket(self) -> None:
        """Create the bucket with Object Lock on (it can only be switched on at creation)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            client = self.client()
            client.create_bucket(Bucket=self.bucket, ObjectLockEnabledForBucket=True)
            # Each anchor is written with its own retention; the default covers any object written without one.
            client.put_object_lock_configuration(
                Bucket=self.bucket,
                ObjectLockConfiguration={
                    "ObjectLockEnabled": "Enabled",
                    "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": settings.AUDIT_ANCHOR_RETENTION_DAYS}},
                },
            )
        except (BotoCoreError, ClientError) as exc:
            raise AnchorStoreError(f"cannot create bucket {self.bucket}: {exc}") from None

    def put(self, name: str, data: bytes) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        retain_until = timezone.now() + timedelta(days=settings.AUDIT_ANCHOR_RETENTION_DAYS)
        try:
            self.client().put_object(
                Bucket=self.bucket,
                Key=self.prefix + name,
                Body=data,
                ContentType="application/json",
                ObjectLockMode="COMPLIANCE",
                ObjectLockRetainUntilDate=retain_until,
            )
        except (BotoCoreError, ClientError) as exc:
            raise AnchorStoreError(f"cannot write anchor {name} to {self}: {exc}") from None

    def anchors(self) -> Iterator[tuple[str, bytes]]:
        from botocore.exceptions import BotoCoreError, ClientError

        client = self.client()
        try:
            versions = []
            for page in client.get_paginator("list_object_versions").paginate(Bucket=self.bucket, Prefix=self.prefix):
                versions.extend(page.get("Versions", []))
            for version in sorted(versions, key=lambda v: (v["Key"], v["LastModified"])):
                body = client.get_object(Bucket=self.bucket, Key=version["Key"], VersionId=version["VersionId"])
                yield version["Key"].removeprefix(self.prefix), body["Body"].read()
        except (BotoCoreError, ClientError) as exc:
            raise AnchorStoreError(f"cannot read anchors from {self}: {exc}") from None


def parse_anchor_url(url: str) -> FolderAnchorStore | S3AnchorStore:
    parsed = urlparse(url)
    if parsed.scheme == "file":
        if parsed.netloc not in ("", "localhost") or not parsed.path.startswith("/"):
            raise AnchorStoreError(f"AUDIT_ANCHOR_URL {url!r}: a folder must be written file:///absolute/path")
        return FolderAnchorStore(Path(parsed.path))
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise AnchorStoreError(f"AUDIT_ANCHOR_URL {url!r}: name the bucket, s3://bucket/prefix")
        prefix = parsed.path.lstrip("/")
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        return S3AnchorStore(parsed.netloc, prefix)
    raise AnchorStoreError(
        f"AUDIT_ANCHOR_URL {url!r}: unknown scheme {parsed.scheme!r}; use file:///path or s3://bucket/prefix"
    )


def anchor_store() -> FolderAnchorStore | S3AnchorStore:
    return parse_anchor_url(settings.AUDIT_ANCHOR_URL)
