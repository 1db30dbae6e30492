"""The data subject who opens an expired download link reads why, in Finnish, on a page that fits a phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from subject_requests import services
from subject_requests.models import ExportPackage
from tests.screens import shoot_both_widths

from .conftest import LINK_BASE

pytestmark = pytest.mark.browser


def test_an_expired_link_says_so_in_finnish(transactional_db, live_server, personas, searched_request, page):
    package, token = services.export_package_create(
        subject_request=searched_request(), actor=personas.dpo, link_base=LINK_BASE
    )
    ExportPackage.objects.filter(pk=package.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    page.goto(f"{live_server.url}/exports/{token}/")
    body = page.locator("main").inner_text()
    assert "Linkki on vanhentunut tai jo käytetty" in body
    assert "expired" not in body
    overflow = shoot_both_widths(page, "expired-link")
    assert overflow == {1366: False, 390: False}
