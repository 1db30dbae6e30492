"""The audit log says what each sign-in change was: which group now grants or no longer grants which role, and
whether local passwords went on or off (a removed mapping's row is gone, so the event itself must say it)."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts.models import ProviderIdentity
from audit.models import AuditEvent
from audit.registry import summarise

pytestmark = pytest.mark.django_db
ISSUER = "https://login.example.fi/realms/a"


def test_mapping_and_password_changes_read_as_what_they_did(client, personas, settings):
    settings.OIDC_ISSUER = ISSUER
    ProviderIdentity.objects.create(user=personas.dpo, issuer=ISSUER, subject="dpo-a")
    client.force_login(personas.dpo)
    url = f"/en/controllers/{personas.register.controller_id}/sign-in/"
    client.post(
        url, {"action": "add", "register": personas.register.pk, "group": "call-supervisors", "role": "supervisor"}
    )
    mapping_event = AuditEvent.objects.get(action="group_mapping_change")
    client.post(url, {"action": "remove", "mapping": mapping_event.object_id})
    client.post(url, {"action": "local"})

    events = AuditEvent.objects.filter(action__in=["group_mapping_change", "sign_in_policy_change"]).order_by("pk")
    with translation.override("en"):
        summaries = [summarise(e) for e in events]
    assert summaries == [
        "added: group call-supervisors grants Supervisor",
        "removed: group call-supervisors no longer grants Supervisor",
        "local passwords off",
    ]
    page = client.get("/en/audit/").content.decode()
    assert "no longer grants Supervisor" in page and "local passwords off" in page
