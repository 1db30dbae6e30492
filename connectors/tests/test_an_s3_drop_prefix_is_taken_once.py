"""An S3 drop prefix on a real SeaweedFS: calls with sidecars are taken once and moved under done/, what cannot be
read under quarantine/ with a reason object; the keys come from environment variables the connector names."""

from __future__ import annotations

import json

import pytest

from audio.synth import write_sample
from connectors.models import Connector, ConnectorKind
from connectors.services import connector_run
from recordings.models import Recording
from tests.seaweedfs import ACCESS_KEY, SECRET_KEY

from .drops import sidecar

pytestmark = [pytest.mark.django_db, pytest.mark.s3]


def _keys(client, bucket):
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def test_calls_under_an_s3_prefix_are_taken_once_and_moved(personas, seaweedfs, monkeypatch, tmp_path, settings):
    monkeypatch.setenv("CONNECTOR_PBX_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("CONNECTOR_PBX_SECRET_KEY", SECRET_KEY)
    bucket = seaweedfs.create_bucket()
    client = seaweedfs.client()
    audio = tmp_path / "call.wav"
    write_sample(audio, "wav-mulaw", 3.0)
    good = sidecar(3.0)
    client.put_object(Bucket=bucket, Key="pbx/in/call.wav", Body=audio.read_bytes())
    client.put_object(Bucket=bucket, Key="pbx/in/call.wav.json", Body=json.dumps(good).encode())
    client.put_object(Bucket=bucket, Key="pbx/in/torn.wav", Body=audio.read_bytes()[:200])
    client.put_object(Bucket=bucket, Key="pbx/in/torn.wav.json", Body=json.dumps(sidecar(3.0)).encode())
    client.put_object(Bucket=bucket, Key="elsewhere/other.wav", Body=audio.read_bytes())
    connector = Connector.objects.create(
        register=personas.register,
        name="S3",
        kind=ConnectorKind.S3,
        s3_endpoint_url=seaweedfs.endpoint_url,
        s3_bucket=bucket,
        s3_prefix="pbx/in/",
        s3_access_key_env="CONNECTOR_PBX_ACCESS_KEY",
        s3_secret_key_env="CONNECTOR_PBX_SECRET_KEY",
    )

    result = connector_run(connector)

    assert (result.taken, result.refused, result.error) == (1, 1, "")
    assert _keys(client, bucket) == [
        "elsewhere/other.wav",
        "pbx/in/done/call.wav",
        "pbx/in/done/call.wav.json",
        "pbx/in/quarantine/torn.wav",
        "pbx/in/quarantine/torn.wav.json",
        "pbx/in/quarantine/torn.wav.reason.txt",
    ]
    reason = client.get_object(Bucket=bucket, Key="pbx/in/quarantine/torn.wav.reason.txt")["Body"].read().decode()
    assert reason.startswith("audio:")
    recording = Recording.objects.get(external_id=good["external_id"])
    assert recording.register == personas.register

    # The same call dropped again (a PBX retrying its upload) is moved to done/ and not stored twice.
    client.put_object(Bucket=bucket, Key="pbx/in/call.wav", Body=audio.read_bytes())
    client.put_object(Bucket=bucket, Key="pbx/in/call.wav.json", Body=json.dumps(good).encode())
    again = connector_run(connector)
    assert (again.taken, again.already) == (0, 1)
    assert Recording.objects.count() == 1


def test_credentials_are_only_read_from_connector_variables(personas, seaweedfs, monkeypatch):
    monkeypatch.setenv("CONNECTOR_PBX_SECRET_KEY", SECRET_KEY)
    connector = Connector.objects.create(
        register=personas.register,
        name="S3",
        kind=ConnectorKind.S3,
        s3_endpoint_url=seaweedfs.endpoint_url,
        s3_bucket="any",
        s3_access_key_env="SECRET_KEY",
        s3_secret_key_env="CONNECTOR_PBX_SECRET_KEY",
    )
    result = connector_run(connector)
    assert "starting with CONNECTOR_" in result.error
