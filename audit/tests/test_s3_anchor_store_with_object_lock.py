"""In production anchors go to an S3 bucket with Object Lock in compliance mode: nobody can delete them."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

import pytest
from botocore.exceptions import ClientError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from audit.services import audit_anchor_write, audit_chain_verify, audit_record
from tests.seaweedfs import ACCESS_KEY, SECRET_KEY


@pytest.fixture
def s3_anchors(seaweedfs, settings):
    bucket = f"anchors-{secrets.token_hex(4)}"
    settings.AUDIT_ANCHOR_URL = f"s3://{bucket}/tallenteet"
    settings.AUDIT_ANCHOR_S3_ENDPOINT_URL = seaweedfs.endpoint
    settings.AUDIT_ANCHOR_S3_ACCESS_KEY_ID = ACCESS_KEY
    settings.AUDIT_ANCHOR_S3_SECRET_ACCESS_KEY = SECRET_KEY
    settings.AUDIT_ANCHOR_RETENTION_DAYS = 1
    call_command("audit_anchor", "--create-bucket")
    return seaweedfs.client(), bucket


def _write(n: int) -> None:
    for i in range(n):
        audit_record(action="ropa_export", actor_label="test", details={"n": i})


def _versions(client, bucket: str) -> list[dict]:
    return client.list_object_versions(Bucket=bucket, Prefix="tallenteet/").get("Versions", [])


@pytest.mark.django_db
def test_the_bucket_has_object_lock_and_anchors_carry_compliance_retention(s3_anchors):
    client, bucket = s3_anchors
    lock = client.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"]
    assert lock["ObjectLockEnabled"] == "Enabled"
    assert lock["Rule"]["DefaultRetention"] == {"Mode": "COMPLIANCE", "Days": 1}
    _write(3)
    audit_anchor_write()
    keys = [v["Key"] for v in _versions(client, bucket)]
    assert len(keys) == 2  # the one --create-bucket wrote, and this one
    head = client.head_object(Bucket=bucket, Key=keys[-1])
    assert head["ObjectLockMode"] == "COMPLIANCE"
    assert head["ObjectLockRetainUntilDate"] > timezone.now() + timedelta(hours=23)
    anchor = json.loads(client.get_object(Bucket=bucket, Key=keys[-1])["Body"].read())
    assert anchor["audit"]["sequence"] == 3
    report = audit_chain_verify()
    assert report.ok and report.anchors == 2


@pytest.mark.django_db
def test_deleting_a_locked_anchor_version_is_refused(s3_anchors):
    client, bucket = s3_anchors
    _write(1)
    audit_anchor_write()
    version = _versions(client, bucket)[-1]
    with pytest.raises(ClientError, match="AccessDenied"):
        client.delete_object(Bucket=bucket, Key=version["Key"], VersionId=version["VersionId"])
    with pytest.raises(ClientError, match="AccessDenied"):
        client.delete_object(
            Bucket=bucket, Key=version["Key"], VersionId=version["VersionId"], BypassGovernanceRetention=True
        )
    with pytest.raises(ClientError, match="AccessDenied"):
        client.put_object_retention(
            Bucket=bucket,
            Key=version["Key"],
            VersionId=version["VersionId"],
            Retention={"Mode": "GOVERNANCE", "RetainUntilDate": timezone.now() + timedelta(minutes=1)},
        )
    refused = client.delete_objects(
        Bucket=bucket, Delete={"Objects": [{"Key": version["Key"], "VersionId": version["VersionId"]}]}
    )
    assert [e["Code"] for e in refused["Errors"]] == ["AccessDenied"]
    with pytest.raises(ClientError, match="BucketNotEmpty"):
        client.delete_bucket(Bucket=bucket)
    assert version in _versions(client, bucket)


@pytest.mark.django_db
def test_a_delete_marker_does_not_hide_an_anchor_from_verification(s3_anchors):
    client, bucket = s3_anchors
    _write(4)
    audit_anchor_write()
    newest = _versions(client, bucket)[-1]["Key"]
    client.delete_object(Bucket=bucket, Key=newest)  # a plain DELETE: only a delete marker
    assert newest not in [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence > 2")
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
        cursor.execute(
            "UPDATE audit_auditchainhead SET last_sequence = 2,"
            " last_hash = (SELECT hash FROM audit_auditevent WHERE sequence = 2)"
        )
    [problem] = audit_chain_verify().problems
    assert problem.startswith("events 3..4 are missing")
