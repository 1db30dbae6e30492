"""Every role against every action on a register's calls, and other controllers' calls are 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from registers.models import Role


@pytest.fixture
def calls(personas, make_recording):
    register = personas.register
    own = make_recording(register, agent=personas.agent.username, seconds=2.0)
    colleagues = make_recording(register, agent=personas.colleague.username, seconds=2.0)
    other = make_recording(personas.other_register, seconds=2.0)
    return {"own": own, "colleagues": colleagues, "other": other}


def listen(client, recording, reason="tarkistus"):
    return client.post(reverse("recording_listen", args=[recording.public_id]), {"reason": reason})


def audio(client, recording, **headers):
    return client.get(reverse("recording_audio", args=[recording.public_id]), **headers)


def _listed(client, register) -> set[str]:
    response = client.get(reverse("recording_list", args=[register.slug]))
    if response.status_code != 200:
        return set()
    return {str(r.public_id) for r in response.context["page"].items}


# role -> (lists own, lists colleague's, plays own, plays colleague's)
MATRIX = {
    Role.SUPERVISOR: (True, True, True, True),
    Role.AGENT: (True, False, True, False),
    Role.IT_ADMIN: (True, True, False, False),
    Role.DPO: (True, True, True, True),
    Role.AUDITOR: (False, False, False, False),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_role_matrix(personas, calls, client, role):
    lists_own, lists_colleagues, plays_own, plays_colleagues = MATRIX[role]
    user = personas.by_role()[role]
    client.force_login(user)
    listed = _listed(client, personas.register)
    assert (str(calls["own"].public_id) in listed) is lists_own
    assert (str(calls["colleagues"].public_id) in listed) is lists_colleagues
    for recording, may_play, may_see in [
        (calls["own"], plays_own, lists_own),
        (calls["colleagues"], plays_colleagues, lists_colleagues),
    ]:
        detail = client.get(reverse("recording_detail", args=[recording.public_id]))
        assert detail.status_code == (200 if may_see else 404)
        listen(client, recording)
        response = audio(client, recording)
        assert (response.status_code == 200) is may_play, (role, response.status_code)
        if may_play:
            assert b"".join(response.streaming_content)[:4] == b"OggS"


@pytest.mark.parametrize("role", list(MATRIX))
def test_other_controllers_calls_are_404_for_every_role(personas, calls, client, role):
    client.force_login(personas.by_role()[role])
    other = calls["other"]
    assert client.get(reverse("recording_detail", args=[other.public_id])).status_code == 404
    assert listen(client, other).status_code == 404
    assert audio(client, other).status_code == 404
    assert client.get(reverse("recording_list", args=["register-b"])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(personas, calls, client):
    response = audio(client, calls["own"])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_superuser_without_membership_cannot_list_or_play(personas, calls, client):
    client.force_login(personas.superuser)
    assert client.get(reverse("recording_list", args=["register-a"])).status_code == 404
    assert audio(client, calls["own"]).status_code == 404


def test_outsider_cannot_reach_register_a(personas, calls, client):
    client.force_login(personas.outsider)
    assert client.get(reverse("recording_list", args=["register-a"])).status_code == 404
    assert client.get(reverse("recording_detail", args=[calls["own"].public_id])).status_code == 404


def test_agent_cannot_play_colleagues_calls_even_by_uuid(personas, calls, client):
    client.force_login(personas.agent)
    assert listen(client, calls["colleagues"]).status_code == 404
    assert audio(client, calls["colleagues"]).status_code == 404


def test_agents_may_not_listen_where_the_register_forbids_it(personas, calls, client):
    personas.register.agents_may_listen_own_calls = False
    personas.register.save()
    client.force_login(personas.agent)
    listen(client, calls["own"])
    assert audio(client, calls["own"]).status_code == 404


def test_restricted_recording_plays_for_the_dpo_only(personas, calls, client):
    recording = calls["own"]
    recording.restricted = True
    recording.save()
    for user, plays in [(personas.supervisor, False), (personas.agent, False), (personas.dpo, True)]:
        client.force_login(user)
        listen(client, recording, reason="SR-2026-0001")
        assert (audio(client, recording).status_code == 200) is plays, user.username


def test_dpo_must_name_a_request_or_hold_to_listen(personas, calls, client):
    client.force_login(personas.dpo)
    listen(client, calls["own"], reason="")
    assert audio(client, calls["own"]).status_code == 403
    listen(client, calls["own"], reason="SR-2026-0001")
    assert audio(client, calls["own"]).status_code == 200
    event = AuditEvent.objects.filter(action="play").last()
    assert event.reason == "SR-2026-0001" and event.actor_id == personas.dpo.pk


def test_register_can_require_a_reason_before_listening(personas, calls, client):
    personas.register.listen_reason_required = True
    personas.register.save()
    client.force_login(personas.supervisor)
    listen(client, calls["own"], reason="")
    assert audio(client, calls["own"]).status_code == 403
    listen(client, calls["own"], reason="Reklamaatio 42")
    assert audio(client, calls["own"]).status_code == 200


def test_download_is_off_unless_the_register_allows_it_for_the_role(personas, calls, client):
    client.force_login(personas.supervisor)
    url = reverse("recording_audio", args=[calls["own"].public_id]) + "?download=1"
    assert client.get(url).status_code == 404
    personas.register.download_roles = [Role.SUPERVISOR]
    personas.register.save()
    listen(client, calls["own"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="download", actor_id=personas.supervisor.pk).count() == 1
