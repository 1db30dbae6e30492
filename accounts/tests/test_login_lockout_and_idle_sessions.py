"""Repeated wrong passwords lock the login with a clear message; idle sessions end."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone


def _try(client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_for_that_address(personas, client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(4):
        assert _try(client, personas.supervisor.username, "wrong").status_code == 200
    assert _try(client, personas.supervisor.username, "wrong").status_code == 429
    locked = _try(client, personas.supervisor.username, "correct horse battery staple")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert 'class="cooloff"' in page and "15" in page  # says how long the lock lasts
    # The right password does not get in while locked.
    assert "_auth_user_id" not in client.session


def test_another_user_is_not_locked_by_someone_elses_failures(personas, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        _try(client, personas.supervisor.username, "wrong")
    assert _try(client, personas.agent.username, "correct horse battery staple").status_code == 302


def test_an_idle_session_ends_and_asks_for_login_again(personas, client, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    assert _try(client, personas.supervisor.username, "correct horse battery staple").status_code == 302
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
