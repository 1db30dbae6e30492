"""The connectors page belongs to the register's IT admin: configure, see the status and refusals, run now.

Everyone else gets a 404, paths outside CONNECTOR_ROOTS and credential variables not named CONNECTOR_… are form
errors, every change and every "run now" is audited, and the pages play no audio.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from connectors.models import Connector, ConnectorKind, FileState

pytestmark = pytest.mark.django_db


def _form(pbx, **overrides) -> dict:
    data = {
        "name": "Vaihde",
        "kind": ConnectorKind.FREEPBX,
        "enabled": "on",
        "path": str(pbx.monitor),
        "cdr_csv_path": str(pbx.master_csv),
        "cdr_timezone": "Europe/Helsinki",
    }
    data.update(overrides)
    return data


def test_the_it_admin_creates_a_freepbx_connector_and_runs_it(personas, pbx, client, eager_worker):
    pbx.call()
    client.force_login(personas.it_admin)

    response = client.post(reverse("connector_new", args=[personas.register.slug]), _form(pbx))

    connector = Connector.objects.get(register=personas.register)
    assert response.status_code == 302 and response["Location"].endswith(f"/connectors/{connector.pk}/")
    change = AuditEvent.objects.get(action="connector_change")
    assert change.actor_id == personas.it_admin.pk and change.details["created"] is True
    # Where the calls come from is no personal data: the event keeps the values, old → new.
    assert change.details["values"]["path"] == {"old": "", "new": str(pbx.monitor)}

    run = client.post(reverse("connector_run", args=[personas.register.slug, connector.pk]))
    assert run.status_code == 302
    assert AuditEvent.objects.filter(action="connector_run_request", actor_id=personas.it_admin.pk).exists()
    page = client.get(run["Location"]).content.decode()
    connector.refresh_from_db()
    assert connector.calls_taken == 1 and connector.run_requested_at is None
    assert 'id="calls-taken">1<' in page
    assert "<audio" not in page and "/audio/" not in page
    listing = client.get(reverse("connectors", args=[personas.register.slug])).content.decode()
    assert "Vaihde" in listing and "<audio" not in listing


def test_refusals_are_listed_with_their_reason(personas, client, freepbx_connector):
    freepbx_connector.files.create(name="2026/12/01/x.wav", state=FileState.QUARANTINED, reason="audio: not audio")
    client.force_login(personas.it_admin)
    page = client.get(reverse("connector_detail", args=[personas.register.slug, freepbx_connector.pk]))
    assert "ääni: not audio" in page.content.decode()


def test_folders_outside_the_roots_and_foreign_variables_are_form_errors(personas, pbx, client, tmp_path, settings):
    client.force_login(personas.it_admin)
    url = reverse("connector_new", args=[personas.register.slug])
    outside = client.post(url, _form(pbx, path="/etc"))
    assert outside.status_code == 200 and "tuontiyhteyksille avattujen kansioiden" in outside.content.decode()
    s3 = client.post(
        url,
        _form(
            pbx,
            kind=ConnectorKind.S3,
            s3_bucket="calls",
            s3_access_key_env="DATABASE_URL",
            s3_secret_key_env="CONNECTOR_SECRET",
        ),
    )
    assert s3.status_code == 200 and "alkaa CONNECTOR_" in s3.content.decode()
    assert not Connector.objects.exists() and not AuditEvent.objects.filter(action="connector_change").exists()


@pytest.mark.parametrize("role", ["supervisor", "agent", "dpo", "auditor"])
def test_no_one_but_the_it_admin_sees_the_connectors(personas, freepbx_connector, client, role):
    client.force_login(personas.by_role()[role])
    slug = personas.register.slug
    assert client.get(reverse("connectors", args=[slug])).status_code == 404
    assert client.get(reverse("connector_detail", args=[slug, freepbx_connector.pk])).status_code == 404
    assert client.post(reverse("connector_run", args=[slug, freepbx_connector.pk])).status_code == 404


def test_another_registers_it_admin_cannot_reach_the_connector(personas, freepbx_connector, client):
    other = Connector.objects.create(register=personas.other_register, name="B", kind=ConnectorKind.FOLDER)
    client.force_login(personas.it_admin)
    slug = personas.register.slug
    assert client.get(reverse("connector_detail", args=[slug, other.pk])).status_code == 404
    assert client.get(reverse("connector_edit", args=["register-b", other.pk])).status_code == 404


def test_the_audit_log_names_the_connector_and_sums_up_its_runs(personas, pbx, freepbx_connector, client):
    from connectors.services import connector_run

    pbx.call()
    connector_run(freepbx_connector)
    client.force_login(personas.dpo)
    page = client.get("/audit/").content.decode()
    assert f"Rekisterin {personas.register.name} tuontiyhteys FreePBX" in page
    assert "otettu 1, jo tallessa 0, hylätty 0" in page


def test_the_form_names_the_folders_open_to_connectors_before_anything_is_typed(personas, client, settings, tmp_path):
    settings.CONNECTOR_ROOTS = [str(tmp_path / "pbx" / "{register}")]
    client.force_login(personas.it_admin)
    page = client.get(f"/en/registers/{personas.register.slug}/connectors/new/").content.decode()
    assert str((tmp_path / "pbx" / personas.register.slug).resolve()) in page

    settings.CONNECTOR_ROOTS = []
    page = client.get(f"/en/registers/{personas.register.slug}/connectors/new/").content.decode()
    assert "ask the operator to set CONNECTOR_ROOTS" in page
