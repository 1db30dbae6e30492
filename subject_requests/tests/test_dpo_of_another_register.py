"""A DPO of another register of the same controller handles the request for their register only.

The story: the subject phoned register A (the personas' register) and register
A2, both Controller A's. `dpo` is register A's DPO; `sibling_dpo` is A2's DPO
only. Both see the request, which is the controller's; each sees and acts on
the matches in their own registers, and the other register's calls are
neither listed nor reachable: not their numbers, their agents or their ids.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from subject_requests import services
from subject_requests.errors import RequestError
from subject_requests.models import MatchDecision

from .conftest import LINK_BASE, SUBJECT_TYPED

OTHER_PARTY_DIGITS = "98765432"  # +358 9 876 5432, the other party of the subject's call in register A
AGENT_NAME = "Aino Asiakaspalvelija"


@pytest.fixture
def calls(personas, make_recording):
    return {
        "a": make_recording(
            personas.register, seconds=2.0, caller=SUBJECT_TYPED, callee="09 876 5432", agent=AGENT_NAME
        ),
        "a2": make_recording(personas.sibling_register, seconds=2.0, caller=SUBJECT_TYPED),
    }


@pytest.fixture
def request_in_both(personas, new_request, verify, calls):
    """Each DPO has searched their own register; register A's DPO included their match."""
    subject_request = verify(new_request(rights=["access", "erasure", "rectification"]))
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    services.matches_include_pending(subject_request=subject_request, actor=personas.dpo)
    services.request_search(subject_request=subject_request, actor=personas.sibling_dpo)
    return subject_request


def a_match(subject_request, calls):
    return subject_request.matches.get(recording=calls["a"])


def sibling(client, personas):
    client.force_login(personas.sibling_dpo)
    return client


def leaks(body: bytes, calls) -> list[str]:
    text = body.decode()
    found = []
    if OTHER_PARTY_DIGITS in "".join(ch for ch in text if ch.isdigit()):
        found.append("the other party's number")
    if AGENT_NAME in text:
        found.append("the agent's name")
    if str(calls["a"].public_id) in text:
        found.append("the call's id")
    return found


def test_the_request_page_lists_only_the_matches_in_their_own_register(personas, request_in_both, calls, client):
    response = sibling(client, personas).get(f"/requests/{request_in_both.number}/")
    assert response.status_code == 200
    assert str(calls["a2"].public_id) in response.content.decode()
    assert leaks(response.content, calls) == []


def test_the_rectify_page_of_another_registers_call_is_a_404(personas, request_in_both, calls, client):
    url = f"/requests/{request_in_both.number}/matches/{a_match(request_in_both, calls).pk}/rectify/"
    client = sibling(client, personas)
    assert client.get(url).status_code == 404
    response = client.post(url, {"callee_number": "040 000 0000", "reason": "Korjaus"})
    assert response.status_code == 404
    calls["a"].refresh_from_db()
    assert calls["a"].callee_number == "+35898765432"


@pytest.mark.parametrize("action,data", [("exclude", {"reason": "Muiden oikeudet"}), ("include", {})])
def test_they_cannot_review_another_registers_match(personas, request_in_both, calls, client, action, data):
    match = a_match(request_in_both, calls)
    if action == "include":
        services.match_decide(match=match, actor=personas.dpo, include=False, reason="Kolmannen osapuolen puhe")
    before = match.__class__.objects.get(pk=match.pk).decision
    response = sibling(client, personas).post(f"/requests/{request_in_both.number}/matches/{match.pk}/{action}/", data)
    assert response.status_code == 404
    assert match.__class__.objects.get(pk=match.pk).decision == before
    with pytest.raises(RequestError):
        services.match_decide(match=match, actor=personas.sibling_dpo, include=action == "include", reason="x")


def test_including_every_pending_match_leaves_another_registers_matches_alone(
    personas, new_request, verify, calls, client
):
    subject_request = verify(new_request())
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    services.request_search(subject_request=subject_request, actor=personas.sibling_dpo)
    sibling(client, personas).post(f"/requests/{subject_request.number}/matches/include-all/")
    decisions = dict(subject_request.matches.values_list("register__slug", "decision"))
    assert decisions == {"register-a": MatchDecision.PENDING, "register-a2": MatchDecision.INCLUDED}


def test_they_cannot_withdraw_a_package_of_another_registers_calls(personas, request_in_both, calls, client):
    package, _token = services.export_package_create(
        subject_request=request_in_both, actor=personas.dpo, link_base=LINK_BASE
    )
    response = sibling(client, personas).post(f"/requests/{request_in_both.number}/packages/{package.pk}/revoke/")
    assert response.status_code == 404
    package.refresh_from_db()
    assert package.is_available
    with pytest.raises(RequestError):
        services.export_package_revoke(package=package, actor=personas.sibling_dpo)


def test_they_cannot_erase_another_registers_call(personas, request_in_both, calls, client):
    client = sibling(client, personas)
    page = client.get(f"/requests/{request_in_both.number}/erasure/")
    assert leaks(page.content, calls) == []
    client.post(f"/requests/{request_in_both.number}/erasure/", {})
    calls["a"].refresh_from_db()
    assert calls["a"].wrapped_key is not None


def test_they_cannot_play_another_registers_call_at_the_appointment(personas, request_in_both, calls, client):
    services.appointment_schedule(
        subject_request=request_in_both,
        actor=personas.dpo,
        starts_at=timezone.now() + timedelta(minutes=5),
        place="Toimisto",
        attendees="Tietosuojavastaava",
    )
    match = a_match(request_in_both, calls)
    response = sibling(client, personas).post(f"/requests/{request_in_both.number}/matches/{match.pk}/play/")
    assert response.status_code == 404
    assert client.get(f"/recordings/{calls['a'].public_id}/audio/").status_code == 404


def test_register_as_dpo_still_handles_the_whole_request_for_their_register(personas, request_in_both, calls, client):
    client.force_login(personas.dpo)
    response = client.get(f"/requests/{request_in_both.number}/")
    assert str(calls["a"].public_id) in response.content.decode()
    assert str(calls["a2"].public_id) not in response.content.decode()
