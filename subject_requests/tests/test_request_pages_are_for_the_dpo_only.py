"""No role but the controller's DPO reaches any request page: everyone else gets 404, learning nothing."""

from __future__ import annotations

import pytest

from registers.models import Role


@pytest.fixture
def request_urls(personas, searched_request):
    subject_request = searched_request(rights=["access", "erasure", "rectification"])
    match = subject_request.matches.first()
    letter = subject_request.letters.first()
    number = subject_request.number
    get = [
        "/requests/",
        "/requests/new/",
        f"/requests/{number}/",
        f"/requests/{number}/erasure/",
        f"/requests/{number}/matches/{match.pk}/rectify/",
        f"/requests/{number}/letters/{letter.pk}/",
        f"/requests/{number}/letters/{letter.pk}.txt",
    ]
    post = [
        f"/requests/{number}/verify/",
        f"/requests/{number}/extend/",
        f"/requests/{number}/search/",
        f"/requests/{number}/matches/{match.pk}/include/",
        f"/requests/{number}/matches/{match.pk}/exclude/",
        f"/requests/{number}/matches/{match.pk}/hold/",
        f"/requests/{number}/matches/{match.pk}/play/",
        f"/requests/{number}/access/package/",
        f"/requests/{number}/restriction/",
        f"/requests/{number}/portability/",
        f"/requests/{number}/close/",
        f"/requests/{number}/refuse/",
    ]
    return get, post


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.AGENT, Role.IT_ADMIN, Role.AUDITOR])
def test_other_roles_of_the_controller_get_404_everywhere(personas, request_urls, client, role):
    client.force_login(personas.by_role()[role])
    get, post = request_urls
    for url in get:
        assert client.get(url).status_code == 404, url
    for url in post:
        assert client.post(url, {"reason": "x", "note": "x"}).status_code == 404, url


def test_the_dpo_of_another_controller_gets_404_for_this_controllers_requests(personas, request_urls, client):
    client.force_login(personas.outsider)
    get, post = request_urls
    assert client.get("/requests/").status_code == 200
    number = get[2].split("/")[2]
    assert number not in client.get("/requests/").content.decode()
    for url in get[2:] + post:
        response = client.get(url) if url in get else client.post(url, {"reason": "x"})
        assert response.status_code == 404, url


def test_a_superuser_without_the_dpo_role_gets_404(personas, request_urls, client):
    client.force_login(personas.superuser)
    for url in request_urls[0]:
        assert client.get(url).status_code == 404, url


def test_the_dpo_reaches_every_page(personas, request_urls, client):
    client.force_login(personas.dpo)
    for url in request_urls[0]:
        assert client.get(url).status_code == 200, url


def test_an_anonymous_visitor_is_sent_to_log_in(db, client):
    response = client.get("/requests/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
