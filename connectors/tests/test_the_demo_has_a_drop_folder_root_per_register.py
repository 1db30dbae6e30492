"""The demo (scripts/run) opens DATA_DIR/connectors/<register> to connectors and creates each register's folder on
start, so a demo IT admin can set up a drop folder and see it take a call. DATA_DIR/connectors is the one folder in
the app's data set aside for connectors; the rest of DATA_DIR stays the app's own."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from connectors.forms import ConnectorForm
from connectors.guards import check_connector_roots
from connectors.models import Connector
from connectors.services import connector_run

from .drops import write_call

pytestmark = pytest.mark.django_db


def _form(register, path):
    data = {"name": "Pudotus", "kind": "folder", "enabled": "on", "cdr_timezone": "UTC", "path": path}
    return ConnectorForm(data, instance=Connector(register=register), register=register)


@pytest.fixture
def demo_roots(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "var"
    settings.CONNECTOR_ROOTS = [str(settings.DATA_DIR / "connectors" / "{register}")]
    settings.CONNECTOR_SETTLE_SECONDS = 0.05
    return settings.DATA_DIR / "connectors"


def test_each_registers_folder_is_made_and_takes_a_drop_folders_calls(personas, demo_roots, capsys):
    call_command("make_connector_roots")

    folder = demo_roots / personas.register.slug
    assert folder.is_dir() and (demo_roots / personas.other_register.slug).is_dir()
    assert str(folder) in capsys.readouterr().out
    assert check_connector_roots() == []
    form = _form(personas.register, str(folder))
    assert form.is_valid(), form.errors
    connector = form.save()
    write_call(folder, "call.wav")
    assert connector_run(connector).taken == 1

    call_command("make_connector_roots")  # again: nothing changes
    assert folder.is_dir()


def test_the_rest_of_the_data_folder_stays_the_apps_own(personas, demo_roots, settings):
    settings.CONNECTOR_ROOTS = [str(settings.DATA_DIR)]
    assert [error.id for error in check_connector_roots()] == ["connectors.E002"]
    settings.CONNECTOR_ROOTS = [str(demo_roots / "{register}")]
    (settings.DATA_DIR / "keys").mkdir(parents=True)
    assert not _form(personas.register, str(settings.DATA_DIR / "keys")).is_valid()
    settings.MEDIA_ROOT = demo_roots / personas.register.slug / "media"
    settings.MEDIA_ROOT.mkdir(parents=True)
    assert not _form(personas.register, str(demo_roots / personas.register.slug)).is_valid()
