"""A signed-in user who is not staff gets the app's 404 under /admin/, never Django's admin login page."""

from __future__ import annotations

import pytest

ADMIN_PATHS = ["/admin/", "/admin/login/", "/admin/registers/register/", "/en/admin/", "/admin/no/such/page/"]


@pytest.mark.parametrize("role", ["supervisor", "agent", "it_admin", "auditor"])
def test_every_admin_page_is_the_apps_404_for_a_role_without_staff_status(personas, client, role):
    client.force_login(getattr(personas, role))
    for path in ADMIN_PATHS:
        response = client.get(path)
        assert response.status_code == 404, f"{path}: {response.status_code}"
        body = response.content.decode()
        assert "id_username" not in body and "Django" not in body, path
        # The app's own 404 page, with the app's navigation.
        assert "skip" in body.lower(), path


def test_staff_and_visitors_still_reach_the_admin_as_before(personas, client):
    assert client.get("/admin/").status_code == 302  # a visitor is sent to log in
    client.force_login(personas.dpo)  # a DPO is staff and edits their registers there
    assert client.get("/admin/").status_code == 200
    client.force_login(personas.superuser)
    assert client.get("/admin/registers/register/").status_code == 200
