from __future__ import annotations

import pytest
from django.utils import translation

from connectors.models import Connector, ConnectorKind

from .pbx import Pbx


@pytest.fixture(autouse=True)
def default_language(settings):
    """Each test starts on the default language: a page under /en/ leaves English active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def connector_settings(settings, tmp_path):
    settings.CONNECTOR_ROOTS = [str(tmp_path)]
    settings.CONNECTOR_SETTLE_SECONDS = 0.05
    settings.CONNECTOR_METADATA_WAIT_MINUTES = 60
    return settings


@pytest.fixture
def pbx(tmp_path, connector_settings):
    return Pbx(tmp_path / "pbx")


@pytest.fixture
def freepbx_connector(personas, pbx):
    return Connector.objects.create(
        register=personas.register,
        name="FreePBX",
        kind=ConnectorKind.FREEPBX,
        path=str(pbx.monitor),
        cdr_csv_path=str(pbx.master_csv),
    )


@pytest.fixture
def drop_folder(tmp_path, connector_settings):
    folder = tmp_path / "drop"
    folder.mkdir()
    return folder


@pytest.fixture
def folder_connector(personas, drop_folder):
    return Connector.objects.create(
        register=personas.register, name="Pudotuskansio", kind=ConnectorKind.FOLDER, path=str(drop_folder)
    )
