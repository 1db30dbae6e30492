"""The access letter sent with the recordings says so, agrees in number, and keeps one fact to a bullet."""

from __future__ import annotations

import pytest

from conftest import browser_login
from subject_requests import services
from subject_requests.models import LetterKind
from tests.screens import shoot_both_widths

from .conftest import LINK_BASE

pytestmark = pytest.mark.browser


def _answered(personas, searched_request, *, exclude: int = 0):
    register = personas.register
    register.recipients = "Puhelutallenteita ei lähetetä eikä luovuteta."
    register.recorded_metadata = ["start_time", "duration", "caller_number"]
    register.discloses_to_authorities = True
    register.save()
    subject_request = searched_request()
    for match in list(subject_request.matches.order_by("pk"))[:exclude]:
        services.match_decide(match=match, actor=personas.dpo, include=False, reason="Toisen henkilön oikeudet")
    services.export_package_create(subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE)
    return subject_request, subject_request.letters.get(kind=LetterKind.ACCESS)


def test_one_recording_is_one_puhelutallenne(personas, searched_request):
    _request, letter = _answered(personas, searched_request, exclude=1)
    assert "Löysimme 1 puhelutallenteen, jossa olet osapuolena:" in letter.body
    assert "1 puhelutallennetta" not in letter.body


def test_the_letter_sent_with_recordings_does_not_say_none_are_sent(
    transactional_db, live_server, personas, searched_request, page
):
    subject_request, letter = _answered(personas, searched_request)
    body = letter.body
    assert "Löysimme 2 puhelutallennetta, joissa olet osapuolena:" in body
    assert "Tietojen vastaanottajat (muut kuin sinä itse): Puhelutallenteita ei lähetetä" in body
    assert "Tallenteiden antaminen sinulle itsellesi ei ole niiden luovuttamista muille." in body
    # One fact to a bullet: the authorities and the recorded details start bullets of their own.
    lines = body.splitlines()
    assert any(line.startswith("- Luovutukset viranomaisille: ") for line in lines)
    assert any(line.startswith("- Puheluista tallennetaan: ") for line in lines)
    assert all(line.count(": ") <= 2 or not line.startswith("- ") for line in lines)
    browser_login(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/requests/{subject_request.number}/letters/{letter.pk}/")
    assert "Löysimme 2 puhelutallennetta" in page.locator("body").inner_text()
    shoot_both_widths(page, "access-letter")
