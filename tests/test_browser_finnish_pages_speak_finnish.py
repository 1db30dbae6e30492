"""Finnish pages speak Finnish throughout, and a missing page is the app's own, never Django's debug list of URLs."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from conftest import browser_login
from tests.screens import shoot_both_widths

pytestmark = pytest.mark.browser


def test_a_missing_page_shows_the_apps_own_404_even_with_debug_on(
    transactional_db, live_server, personas, page, settings
):
    settings.DEBUG = True
    browser_login(page, live_server, personas.supervisor.username)
    response = page.goto(f"{live_server.url}/registers/no-such-register/recordings/")
    assert response.status == 404
    body = page.locator("body").inner_text()
    assert "Sivua ei löydy" in body
    assert "URLconf" not in body and "Using the URLconf" not in page.content()
    assert page.locator("link[rel=icon]").count() == 1
    shoot_both_widths(page, "own-404-with-debug")
    response = page.goto(f"{live_server.url}/no/such/path/at/all/")
    assert response.status == 404 and "urlpatterns" not in page.content() and "Sivua ei löydy" in page.content()


def test_the_ropa_csv_from_the_finnish_page_is_in_finnish(transactional_db, live_server, personas, page):
    browser_login(page, live_server, personas.dpo.username)
    with page.expect_download() as info:
        page.click("text=Lataa seloste käsittelytoimista (CSV)")
    text = open(info.value.path(), encoding="utf-8").read()
    header = next(csv.reader(io.StringIO(text)))
    assert header[:4] == ["Rekisteri", "Rekisterin tunniste", "Rekisterinpitäjä", "Y-tunnus"]
    assert "Register id" not in text


def test_deleted_call_statistics_name_directions_in_finnish(transactional_db, live_server, personas, page):
    from journal.models import DeletedCallStats

    DeletedCallStats.objects.create(
        register=personas.register, day=date(2026, 10, 5), line="Asiakaspalvelu", direction="inbound", calls=3
    )
    browser_login(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/retention/")
    cells = page.locator("td", has_text="Saapuva")
    assert cells.count() >= 1
    assert page.locator("td", has_text="inbound").count() == 0
    shoot_both_widths(page, "retention-statistics")
