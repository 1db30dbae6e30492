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


@pytest.fixture(autouse=True)
def _seaweedfs_allowed(seaweedfs, settings):
    """The test's SeaweedFS talks plain http on localhost: the operator's allow-list names it."""
    settings.CONNECTOR_S3_ENDPOINTS_ALLOWED = [seaweedfs.endpoint_url]


def test_calls_under_an_s3_prefix_are_taken_once_and_moved(personas, seaweedfs, monkeypatch, tmp_path, settings):
    monkeypatch.setenv("CONNECTOR_REGISTER_A_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("CONNECTOR_REGISTER_A_SECRET_KEY", SECRET_KEY)
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
        s3_access_key_env="CONNECTOR_REGISTER_A_ACCESS_KEY",
        s3_secret_key_env="CONNECTOR_REGISTER_A_SECRET_KEY",
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
    monkeypatch.setenv("CONNECTOR_REGISTER_A_SECRET_KEY", SECRET_KEY)
    connector = Connector.objects.create(
        register=personas.register,
        name="S3",
        kind=ConnectorKind.S3,
        s3_endpoint_url=seaweedfs.endpoint_url,
        s3_bucket="any",
        s3_access_key_env="SECRET_KEY",
        s3_secret_key_env="CONNECTOR_REGISTER_A_SECRET_KEY",
    )
    result = connector_run(connector)
    assert "starting with CONNECTOR_REGISTER_A_" in result.error


def test_another_registers_variables_and_plain_http_endpoints_are_refused(personas, seaweedfs, monkeypatch, settings):
    monkeypatch.setenv("CONNECTOR_REGISTER_B_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("CONNECTOR_REGISTER_B_SECRET_KEY", SECRET_KEY)
    connector = Connector.objects.create(
        register=personas.register,
        name="S3",
        kind=ConnectorKind.S3,
        s3_endpoint_url=seaweedfs.endpoint_url,
        s3_bucket="any",
        s3_access_key_env="CONNECTOR_REGISTER_B_ACCESS_KEY",
        s3_secret_key_env="CONNECTOR_REGISTER_B_SECRET_KEY",
    )
    assert "starting with CONNECTOR_REGISTER_A_" in connector_run(connector).error

    monkeypatch.setenv("CONNECTOR_REGISTER_A_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("CONNECTOR_REGISTER_A_SECRET_KEY", SECRET_KEY)
    connector.s3_access_key_env = "CONNECTOR_REGISTER_A_ACCESS_KEY"
    connector.s3_secret_key_env = "CONNECTOR_REGISTER_A_SECRET_KEY"
    connector.save()
    settings.CONNECTOR_S3_ENDPOINTS_ALLOWED = []
    assert connector_run(connector).error == "S3 endpoint: give an https:// address"


def test_a_replaced_object_is_not_moved_with_the_one_taken(personas, seaweedfs, monkeypatch, tmp_path):
    """The object is moved only while it is still the one downloaded (its ETag); a new upload under the same key
    meanwhile stays for the next run."""
    monkeypatch.setenv("CONNECTOR_REGISTER_A_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("CONNECTOR_REGISTER_A_SECRET_KEY", SECRET_KEY)
    bucket = seaweedfs.create_bucket()
    client = seaweedfs.client()
    audio = tmp_path / "call.wav"
    write_sample(audio, "wav-mulaw", 3.0)
    later = tmp_path / "later.wav"
    write_sample(later, "wav-mulaw", 4.0)
    client.put_object(Bucket=bucket, Key="in/call.wav", Body=audio.read_bytes())
    client.put_object(Bucket=bucket, Key="in/call.wav.json", Body=json.dumps(sidecar(3.0)).encode())
    connector = Connector.objects.create(
        register=personas.register,
        name="S3",
        kind=ConnectorKind.S3,
        s3_endpoint_url=seaweedfs.endpoint_url,
        s3_bucket=bucket,
        s3_prefix="in/",
        s3_access_key_env="CONNECTOR_REGISTER_A_ACCESS_KEY",
        s3_secret_key_env="CONNECTOR_REGISTER_A_SECRET_KEY",
    )
    from connectors import services

    real_note = services._note

    def note(connector, name, state, *args, **kwargs):
        real_note(connector, name, state, *args, **kwargs)
        if name == "call.wav":  # the PBX uploads a new call under the same key after this one was stored
            client.put_object(Bucket=bucket, Key="in/call.wav", Body=later.read_bytes())

    monkeypatch.setattr(services, "_note", note)
    result = connector_run(connector)
    assert (result.taken, result.error) == (1, ""), _keys(client, bucket)
    # The call taken is the one stored; the new upload stays where it is, for the next run.
    assert _keys(client, bucket) == ["in/call.wav", "in/done/call.wav.json"]
    assert client.get_object(Bucket=bucket, Key="in/call.wav")["Body"].read() == later.read_bytes()
