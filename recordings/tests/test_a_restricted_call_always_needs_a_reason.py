"""A restricted call (GDPR art. 18) plays only with a reason, whatever other roles its DPO holds."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from recordings.models import ListeningGrant
from registers.models import Role
from testkit import grant, make_stored_recording


@pytest.fixture
def restricted_call(personas):
    register = personas.register
    register.listen_reason_required = False
    register.save()
    return make_stored_recording(register, restricted=True)


@pytest.mark.parametrize("other_roles", [[], [Role.SUPERVISOR], [Role.AGENT], [Role.SUPERVISOR, Role.AGENT]])
def test_a_dpo_with_any_other_role_names_a_reason_to_play_a_restricted_call(
    personas, client, restricted_call, other_roles
):
    for role in other_roles:
        grant(personas.dpo, personas.register, role)
    client.force_login(personas.dpo)
    url = reverse("recording_listen", args=[restricted_call.public_id])
    response = client.post(url, {"reason": "  "}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert not ListeningGrant.objects.filter(recording=restricted_call).exists()
    detail = client.get(reverse("recording_detail", args=[restricted_call.public_id])).content.decode()
    assert re.search(r'name="reason"[^>]*\brequired\b', detail), "the form asks for the reason"
    response = client.post(url, {"reason": "SR-2026-0007"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert ListeningGrant.objects.get(recording=restricted_call).reason == "SR-2026-0007"


def test_an_unrestricted_call_of_the_same_register_plays_without_a_reason_for_a_supervisor(personas, client):
    register = personas.register
    register.listen_reason_required = False
    register.save()
    call = make_stored_recording(register)
    client.force_login(personas.supervisor)
    response = client.post(
        reverse("recording_listen", args=[call.public_id]), {"reason": ""}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
