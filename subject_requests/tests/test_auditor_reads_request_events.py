"""The controller's auditor reads every event of its data-subject requests and RoPA exports, without personal data.

The auditor holds no role in a request: their register role at the controller is what entitles them.
"""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from subject_requests import services

from .conftest import LINK_BASE, SUBJECT_EMAIL, SUBJECT_NAME, SUBJECT_NUMBER, SUBJECT_TYPED

PERSONAL = (SUBJECT_NAME, SUBJECT_EMAIL, SUBJECT_NUMBER, SUBJECT_TYPED, "Meikäläinen")


@pytest.fixture
def answered_request(personas, searched_request, client):
    """A request taken from intake to a downloaded package, a withdrawn second link and closing."""
    subject_request = searched_request()
    package, token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    services.export_package_claim(raw_token=token)
    services.request_close(subject_request=subject_request, actor=personas.dpo)
    return subject_request, package


def _audit_page(client, user, **params) -> str:
    client.force_login(user)
    response = client.get("/en/audit/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_auditor_sees_each_step_of_a_request_by_its_number(personas, answered_request, client):
    subject_request, _package = answered_request
    page = _audit_page(client, personas.auditor, q=subject_request.number)

    for step in (
        "received a data-subject request",
        "changed a data-subject request",
        "decided a data-subject request",
        "exported data",
    ):
        assert step in page, step
    for summary in (
        "received",
        "Identity verified",
        "search: 2 found, 2 new",
        "package created, 2 recordings",
        "package downloaded by the subject",
        "closed: answered",
    ):
        assert summary in page, summary
    assert f"Request {subject_request.number}" in page
    assert f"Export package of request {subject_request.number}" in page
    shown = page.count('data-action="')
    assert shown == AuditEvent.objects.filter(reason=subject_request.number).count()


def test_the_auditor_sees_no_personal_data_of_the_subject(personas, answered_request, client):
    page = _audit_page(client, personas.auditor)
    assert not any(p in page for p in PERSONAL)


def test_the_auditor_does_not_get_links_into_the_request_pages(personas, answered_request, client):
    subject_request, _package = answered_request
    page = _audit_page(client, personas.auditor)
    assert f"requests/{subject_request.number}/" not in page
    dpo_page = _audit_page(client, personas.dpo)
    assert f'href="/en/requests/{subject_request.number}/"' in dpo_page


def test_the_auditor_sees_ropa_exports_of_their_controller(personas, client):
    client.force_login(personas.dpo)
    assert client.get("/ropa.csv").status_code == 200
    page = _audit_page(client, personas.auditor, action="ropa_export")
    assert page.count('data-action="ropa_export"') == 1
    assert personas.register.controller.name in page


def test_another_controllers_dpo_sees_nothing_of_these_requests(personas, answered_request, client):
    subject_request, _package = answered_request
    client.force_login(personas.dpo)
    client.get("/ropa.csv")
    page = _audit_page(client, personas.outsider)
    assert subject_request.number not in page
    assert 'data-action="ropa_export"' not in page


@pytest.mark.parametrize("role", ["supervisor", "agent", "it_admin"])
def test_roles_without_audit_rights_get_404(personas, client, role):
    client.force_login(getattr(personas, role))
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/export.csv").status_code == 404


def test_the_auditor_sees_a_withdrawn_link(personas, searched_request, client):
    subject_request = searched_request()
    package, _token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    services.export_package_revoke(package=package, actor=personas.dpo)
    page = _audit_page(client, personas.auditor, q=subject_request.number)
    assert "link withdrawn, package deleted" in page
