"""A connector's folder must be there when the IT admin saves it: a folder that does not exist (or a file where the
folder should be) is a form error saying so, not a run that fails later; and a folder outside CONNECTOR_ROOTS is
refused as outside whether it exists or not, so the form tells nothing about the rest of the server."""

from __future__ import annotations

import pytest

from connectors.forms import ConnectorForm
from connectors.models import Connector

pytestmark = pytest.mark.django_db


def _form(register, **fields):
    data = {"name": "Pudotus", "kind": "folder", "enabled": "on", "cdr_timezone": "UTC", **fields}
    return ConnectorForm(data, instance=Connector(register=register), register=register)


def test_a_folder_that_does_not_exist_is_refused_in_finnish(personas, tmp_path, connector_settings):
    form = _form(personas.register, path=str(tmp_path / "typo"))
    assert not form.is_valid() and "Kansiota ei ole olemassa" in str(form.errors["path"])

    (tmp_path / "a-file").write_text("")
    form = _form(personas.register, path=str(tmp_path / "a-file"))
    assert not form.is_valid() and "ei ole kansio" in str(form.errors["path"])

    (tmp_path / "drop").mkdir()
    assert _form(personas.register, path=str(tmp_path / "drop")).is_valid()


def test_outside_the_roots_a_folder_is_outside_whether_it_exists_or_not(personas, tmp_path, settings):
    settings.CONNECTOR_ROOTS = [str(tmp_path / "roots")]
    for path in ("/etc", "/no/such/folder"):
        errors = str(_form(personas.register, path=path).errors["path"])
        assert "avattujen kansioiden" in errors and "ei ole olemassa" not in errors, path
