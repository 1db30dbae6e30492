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
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert _try(client, personas.supervisor.username, "correct horse battery staple").status_code == 302
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def _expiry():
    return Session.objects.get().expire_date


def _age_last_refresh(client, seconds: int) -> None:
    """As if the session's expiry last moved `seconds` ago."""
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore(session_key=client.cookies["sessionid"].value)
    store["_refreshed"] -= seconds
    store.set_expiry(None)
    store.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=30 * 60 - seconds))


def test_a_request_moves_an_idle_sessions_end_at_most_once_a_minute(personas, client):
    assert _try(client, personas.supervisor.username, "correct horse battery staple").status_code == 302
    client.get("/")
    first = _expiry()

    # Within the minute: the pages are served without writing the session.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/")
        client.get("/")
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert _expiry() == first

    # A minute on, the next request moves the end: the session lasts 30 minutes from it.
    _age_last_refresh(client, 61)
    before = timezone.now()
    assert client.get("/").status_code == 200
    assert _expiry() >= before + timedelta(minutes=30) - timedelta(seconds=1)


def test_a_session_idle_past_its_age_still_ends(personas, client):
    assert _try(client, personas.supervisor.username, "correct horse battery staple").status_code == 302
    client.get("/")
    _age_last_refresh(client, 30 * 60 + 5)
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response.url
