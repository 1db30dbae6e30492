"""Start-up checks for the audit anchors: a store that can be parsed, and in production a key and a store of their
own (a write-once bucket, not a folder anyone on the machine can empty)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from .anchors import AnchorStoreError, FolderAnchorStore, parse_anchor_url


@checks.register(checks.Tags.security)
def check_anchor_store(app_configs=None, **kwargs):
    try:
        parse_anchor_url(settings.AUDIT_ANCHOR_URL)
    except AnchorStoreError as exc:
        return [checks.Error(str(exc), id="audit.E002")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_anchor_key(app_configs=None, **kwargs):
    if settings.DEBUG or (settings.AUDIT_ANCHOR_KEY and settings.AUDIT_ANCHOR_KEY != settings.SECRET_KEY):
        return []
    return [
        checks.Error(
            "AUDIT_ANCHOR_KEY is not set apart from SECRET_KEY: whoever learns SECRET_KEY could forge audit anchors.",
            hint="Set AUDIT_ANCHOR_KEY to a random value of its own, kept out of the database and its backups.",
            id="audit.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def check_anchor_store_is_write_once(app_configs=None, **kwargs):
    try:
        store = parse_anchor_url(settings.AUDIT_ANCHOR_URL)
    except AnchorStoreError:
        return []  # audit.E002 says so
    if not isinstance(store, FolderAnchorStore):
        return []
    if not settings.DEBUG and not settings.AUDIT_ANCHOR_ALLOW_FOLDER:
        return [
            checks.Error(
                f"Audit anchors go to a folder on this machine ({store.path}): whoever controls it can delete them, "
                "and with them the proof that the newest audit events existed.",
                hint="Use AUDIT_ANCHOR_URL=s3://bucket/prefix, a bucket with Object Lock in compliance mode; "
                "for a trial on one machine, AUDIT_ANCHOR_ALLOW_FOLDER=true admits the folder knowingly.",
                id="audit.E003",
            )
        ]
    return [
        checks.Warning(
            f"Audit anchors go to a folder on this machine ({store.path}): whoever controls it can remove them.",
            hint="In production use AUDIT_ANCHOR_URL=s3://bucket/prefix, a bucket with Object Lock in compliance mode.",
            id="audit.W001",
        )
    ]
