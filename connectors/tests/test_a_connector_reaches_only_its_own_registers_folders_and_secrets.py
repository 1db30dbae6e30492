"""Connectors share one server: a register's connector never reaches another register's folders or credentials, nor
the app's own folders (blobs, keys, scratch). Each rule is a form error for the IT admin and a run error when a
connector set up some other way breaks it; every change keeps where the calls come from, old → new, in the audit log.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.models import AuditEvent
from connectors.forms import ConnectorForm
from connectors.guards import check_connector_roots
from connectors.models import Connector, ConnectorKind
from connectors.services import connector_run, connector_save
from recordings.models import Recording
from testkit import make_register

from .drops import write_call

pytestmark = pytest.mark.django_db


def _form(register, instance=None, **fields):
    data = {"name": "Vaihde", "kind": "folder", "enabled": "on", "cdr_timezone": "UTC", **fields}
    return ConnectorForm(data, instance=instance or Connector(register=register), register=register)


def test_a_folder_of_another_registers_connector_is_refused(personas, tmp_path, connector_settings):
    b_folder = tmp_path / "outer" / "drop-b"
    (b_folder / "sub").mkdir(parents=True)
    Connector.objects.create(register=personas.other_register, name="B", kind="folder", path=str(b_folder))
    for path in (b_folder, b_folder / "sub", tmp_path / "outer"):  # the same, inside it, around it
        form = _form(personas.register, path=str(path))
        assert not form.is_valid() and "Toisen rekisterin tuontiyhteys" in str(form.errors["path"]), path
    (tmp_path / "pbx-b" / "monitor").mkdir(parents=True)
    Connector.objects.create(
        register=personas.other_register,
        name="B PBX",
        kind="freepbx",
        path=str(tmp_path / "pbx-b" / "monitor"),
        cdr_csv_path=str(tmp_path / "pbx-b" / "Master.csv"),
    )
    (tmp_path / "pbx-a").mkdir()
    form = _form(
        personas.register,
        kind="freepbx",
        path=str(tmp_path / "pbx-a"),
        cdr_csv_path=str(tmp_path / "pbx-b" / "Master.csv"),
    )
    assert not form.is_valid() and list(form.errors) == ["cdr_csv_path"]
    # Register B's own connectors may share its folders.
    assert _form(personas.other_register, name="B2", path=str(b_folder / "sub")).is_valid()


def test_a_connector_set_up_on_another_registers_folder_takes_nothing(personas, tmp_path, connector_settings):
    b_folder = tmp_path / "drop-b"
    b_folder.mkdir()
    theirs = Connector.objects.create(register=personas.other_register, name="B", kind="folder", path=str(b_folder))
    data = write_call(b_folder, "b-call.wav")
    mine = Connector.objects.create(register=personas.register, name="A", kind="folder", path=str(b_folder))

    result = connector_run(mine)

    assert result.taken == 0 and result.error == "folder: another register's connector uses this folder"
    assert not Recording.objects.exists() and (b_folder / "b-call.wav").exists()
    assert connector_run(theirs).taken == 1  # the first one set up keeps working
    assert Recording.objects.get(external_id=data["external_id"]).register == personas.other_register


def test_the_apps_own_folders_are_never_a_connectors(personas, settings, drop_folder, folder_connector):
    write_call(drop_folder, "c.wav")
    assert connector_run(folder_connector).taken == 1
    blob = Path(settings.MEDIA_ROOT) / Recording.objects.get().original_blob
    settings.CONNECTOR_METADATA_WAIT_MINUTES = 0
    vault = Connector.objects.create(register=personas.register, name="vault", kind="folder", path=str(blob.parent))

    result = connector_run(vault)

    assert result.error == "folder: the app's own folders are never a connector's" and blob.exists()
    form = _form(personas.register, path=str(settings.MEDIA_ROOT))
    assert not form.is_valid() and "sovelluksen omista kansioista" in str(form.errors["path"])


def test_a_root_overlapping_the_apps_own_folders_fails_the_system_check(settings, tmp_path):
    settings.CONNECTOR_ROOTS = [str(tmp_path / "pbx"), str(settings.MEDIA_ROOT / "sub"), str(settings.DATA_DIR.parent)]
    errors = check_connector_roots()
    assert [error.id for error in errors] == ["connectors.E002", "connectors.E002"]
    assert str(settings.MEDIA_ROOT / "sub") in errors[0].msg


def test_a_root_per_register(personas, tmp_path, settings):
    settings.CONNECTOR_ROOTS = [str(tmp_path / "{register}")]
    for slug in ("register-a", "register-b"):
        (tmp_path / slug / "drop").mkdir(parents=True)
    assert _form(personas.register, path=str(tmp_path / "register-a" / "drop")).is_valid()
    form = _form(personas.register, path=str(tmp_path / "register-b" / "drop"))
    assert not form.is_valid() and "avattujen kansioiden" in str(form.errors["path"])
    assert check_connector_roots() == []


def test_credentials_are_the_registers_own_variables(personas, connector_settings):
    s3 = {"kind": "s3", "s3_bucket": "calls", "s3_endpoint_url": "https://s3.example.fi"}
    ok = _form(
        personas.register,
        s3_access_key_env="CONNECTOR_REGISTER_A_KEY",
        s3_secret_key_env="CONNECTOR_REGISTER_A_SECRET",
        **s3,
    )
    assert ok.is_valid(), ok.errors
    theirs = _form(
        personas.register,
        s3_access_key_env="CONNECTOR_REGISTER_B_KEY",
        s3_secret_key_env="CONNECTOR_KEY",
        **s3,
    )
    assert not theirs.is_valid()
    assert set(theirs.errors) == {"s3_access_key_env", "s3_secret_key_env"}
    assert "CONNECTOR_REGISTER_A_" in str(theirs.errors["s3_access_key_env"])
    # register-a's prefix begins register-a-2's: a name under the longer prefix is register-a-2's.
    make_register(personas.register.controller, slug="register-a-2", name="Rekisteri A 2")
    longer = _form(
        personas.register,
        s3_access_key_env="CONNECTOR_REGISTER_A_2_KEY",
        s3_secret_key_env="CONNECTOR_REGISTER_A_SECRET",
        **s3,
    )
    assert not longer.is_valid() and list(longer.errors) == ["s3_access_key_env"]
    plain = _form(
        personas.register,
        **{**s3, "s3_endpoint_url": "http://s3.example.fi"},
        s3_access_key_env="CONNECTOR_REGISTER_A_KEY",
        s3_secret_key_env="CONNECTOR_REGISTER_A_SECRET",
    )
    assert not plain.is_valid() and list(plain.errors) == ["s3_endpoint_url"]
    connector_settings.CONNECTOR_S3_ENDPOINTS_ALLOWED = ["http://s3.example.fi"]
    assert _form(
        personas.register,
        **{**s3, "s3_endpoint_url": "http://s3.example.fi"},
        s3_access_key_env="CONNECTOR_REGISTER_A_KEY",
        s3_secret_key_env="CONNECTOR_REGISTER_A_SECRET",
    ).is_valid()


def test_a_change_keeps_where_the_calls_came_from_and_go_from(personas, tmp_path, connector_settings):
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    connector = Connector.objects.create(
        register=personas.register, name="A", kind="folder", path=str(tmp_path / "old")
    )
    form = _form(personas.register, instance=connector, name="A", path=str(tmp_path / "new"))
    assert form.is_valid(), form.errors
    connector_save(connector=form.save(commit=False), changed=form.changed_data, actor=personas.it_admin)
    event = AuditEvent.objects.get(action="connector_change")
    assert event.details["values"] == {"path": {"old": str(tmp_path / "old"), "new": str(tmp_path / "new")}}
    assert ConnectorKind.FOLDER == event.details["kind"]
