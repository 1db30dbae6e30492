"""Saved searches: kept per user on the server, named in URLs by an opaque id only, never widening anyone's reach."""

from __future__ import annotations

import re

import pytest

from recordings.models import SavedSearch
from registers.models import Membership, Role
from testkit import make_stored_recording

pytestmark = pytest.mark.django_db

NUMBER = "040 922 5646"
DIGITS = "409225646"


def _list(slug: str) -> str:
    return f"/en/registers/{slug}/recordings/"


def _filter(client, slug: str, **data) -> str:
    response = client.post(_list(slug), {"number": "", **data})
    assert response.status_code == 302
    return re.search(r"f=([\w-]+)", response.url).group(1)


def _save(client, slug: str, key: str, name: str):
    return client.post(f"/en/registers/{slug}/searches/", {"f": key, "name": name})


def _listed(client, url: str) -> set[str]:
    page = client.get(url, follow=True)
    assert page.status_code == 200
    return set(re.findall(r'data-recording="([0-9a-f-]+)"', page.content.decode()))


def test_a_supervisor_saves_a_search_and_runs_it_by_an_id_that_names_no_number(personas, client):
    wanted = make_stored_recording(personas.register, caller_number="+358409225646")
    make_stored_recording(personas.register, caller_number="+358505550101")
    client.force_login(personas.supervisor)
    key = _filter(client, personas.register.slug, number=NUMBER)
    saved = _save(client, personas.register.slug, key, "Reklamoija")
    assert saved.status_code == 302 and DIGITS not in saved.url
    search = SavedSearch.objects.get(user=personas.supervisor)
    assert search.name == "Reklamoija" and search.register == personas.register
    page = client.get(_list(personas.register.slug)).content.decode()
    assert f'href="/en/searches/{search.public_id}/"' in page and "Reklamoija" in page
    run = client.get(f"/en/searches/{search.public_id}/")
    assert run.status_code == 302 and DIGITS not in run.url and "f=" in run.url
    assert _listed(client, run.url) == {str(wanted.public_id)}


def test_saved_searches_are_each_users_own(personas, client):
    client.force_login(personas.supervisor)
    key = _filter(client, personas.register.slug, direction="inbound")
    _save(client, personas.register.slug, key, "Saapuvat")
    search = SavedSearch.objects.get()
    client.force_login(personas.dpo)
    assert str(search.public_id) not in client.get(_list(personas.register.slug)).content.decode()
    assert client.get(f"/en/searches/{search.public_id}/").status_code == 404
    assert client.post(f"/en/searches/{search.public_id}/delete/").status_code == 404
    assert SavedSearch.objects.filter(pk=search.pk).exists()


def test_a_saved_search_runs_within_the_users_current_reach(personas, client):
    own = make_stored_recording(personas.register, agent=personas.supervisor)
    make_stored_recording(personas.register)
    client.force_login(personas.supervisor)
    key = _filter(client, personas.register.slug, direction="inbound")
    _save(client, personas.register.slug, key, "Kaikki saapuvat")
    search = SavedSearch.objects.get()
    assert len(_listed(client, f"/en/searches/{search.public_id}/")) == 2
    # Demoted to an agent: the same search lists the user's own calls only.
    Membership.objects.filter(user=personas.supervisor, register=personas.register).update(role=Role.AGENT)
    client.force_login(personas.supervisor)
    assert _listed(client, f"/en/searches/{search.public_id}/") == {str(own.public_id)}
    # Without a role in the register, the search is as if it did not exist.
    Membership.objects.filter(user=personas.supervisor, register=personas.register).delete()
    client.force_login(personas.supervisor)
    assert client.get(f"/en/searches/{search.public_id}/").status_code == 404


def test_saving_under_a_name_in_use_replaces_that_search(personas, client):
    client.force_login(personas.dpo)
    _save(client, personas.register.slug, _filter(client, personas.register.slug, direction="inbound"), "Oma")
    _save(client, personas.register.slug, _filter(client, personas.register.slug, direction="outbound"), "Oma")
    search = SavedSearch.objects.get()
    assert search.filters["direction"] == "outbound"


def test_a_search_without_filters_or_name_is_not_saved(personas, client):
    client.force_login(personas.supervisor)
    page = _save(client, personas.register.slug, "", "Tyhjä")
    assert page.status_code == 302
    key = _filter(client, personas.register.slug, direction="inbound")
    _save(client, personas.register.slug, key, "   ")
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("role", ["agent", "it_admin", "auditor"])
def test_roles_that_do_not_review_the_register_cannot_save_searches(personas, client, role):
    user = getattr(personas, role)
    client.force_login(user)
    assert _save(client, personas.register.slug, "x", "Haku").status_code == 404
    assert not SavedSearch.objects.exists()


def test_a_deleted_search_is_gone(personas, client):
    client.force_login(personas.supervisor)
    _save(client, personas.register.slug, _filter(client, personas.register.slug, direction="inbound"), "Pois")
    search = SavedSearch.objects.get()
    assert client.post(f"/en/searches/{search.public_id}/delete/").status_code == 302
    assert not SavedSearch.objects.exists()
    assert client.get(f"/en/searches/{search.public_id}/").status_code == 404
