"""The report's page, print, CSV and JSON are for the register's DPO and auditor; anyone else gets 404."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/registers/register-a/accountability/2026-10/"


@pytest.mark.parametrize("role", ["dpo", "auditor"])
def test_dpo_and_auditor_get_the_report_in_every_format(client, personas, role):
    client.force_login(getattr(personas, role))
    page = client.get(URL + "?lang=en")
    assert page.status_code == 200 and b"Accountability report" in page.content
    assert b"Osoitusvelvollisuusraportti" in client.get(URL + "?lang=fi").content
    assert client.get(URL + "print/").status_code == 200
    assert client.get(URL + "csv/")["Content-Type"].startswith("text/csv")
    assert client.get(URL + "json/").json()["document"]["facts"]["month"] == "2026-10"


@pytest.mark.parametrize("role", ["supervisor", "agent", "it_admin", "outsider", "superuser"])
def test_everyone_else_gets_404(client, personas, role):
    client.force_login(getattr(personas, role))
    for suffix in ("", "print/", "csv/", "json/"):
        assert client.get(URL + suffix).status_code == 404
    index = client.get("/accountability/")
    # The outsider is the DPO of another controller's register: their own index, without register A.
    assert index.status_code == 404 or (role == "outsider" and b"register-a" not in index.content)
    assert client.get(f"/controllers/{personas.register.controller.pk}/accountability/2026-10/").status_code == 404


def test_verify_page_says_the_report_holds(client, personas):
    client.force_login(personas.auditor)
    client.get(URL)
    from accountability.models import AccountabilityReport

    report = AccountabilityReport.objects.get()
    response = client.post(f"/accountability/reports/{report.pk}/verify/?lang=en")
    assert b'data-verification="ok"' in response.content
    client.force_login(personas.supervisor)
    assert client.post(f"/accountability/reports/{report.pk}/verify/").status_code == 404


def test_malformed_month_is_404(client, personas):
    client.force_login(personas.dpo)
    assert client.get("/registers/register-a/accountability/2026-1/").status_code == 404
    assert client.get("/registers/register-a/accountability/2026-10/pdf/").status_code == 404
