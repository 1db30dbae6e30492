"""In a real Chromium, the DPO records an access request, verifies the subject, searches, reviews and sends an export
that the subject downloads."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.utils import timezone

from conftest import screenshot
from subject_requests.models import SubjectRequest

from .conftest import SUBJECT_EMAIL, SUBJECT_NAME, SUBJECT_TYPED

pytestmark = pytest.mark.browser


def log_in(page, live_server, username: str, password: str = "correct horse battery staple") -> None:
    """Like conftest.browser_login, but clicks the login form's own button: the header's language switch is a
    submit button too, and comes first on the page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, "login failed"


def test_dpo_walks_an_access_request_from_intake_to_a_downloaded_export(
    transactional_db, live_server, personas, make_recording, page
):
    own = make_recording(personas.register, seconds=3.0, caller=SUBJECT_TYPED)
    shared = make_recording(
        personas.register, seconds=2.0, direction="outbound", caller="010 380 8000", callee="+358401234567"
    )
    make_recording(personas.register, seconds=2.0, caller="+358501112222")

    log_in(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/requests/")
    screenshot(page, "subject-request-01-dashboard")
    page.click("#new-request")

    page.check("input[name=rights][value=access]")
    page.fill("#id_received_on", timezone.localdate().isoformat())
    page.select_option("#id_channel", "email")
    page.select_option("#id_language", "fi")
    page.fill("#id_subject_name", SUBJECT_NAME)
    page.fill("#id_subject_email", SUBJECT_EMAIL)
    page.fill("#id_phone_numbers", "040 123 4567")
    screenshot(page, "subject-request-02-intake")
    page.click("#save-request")

    number = page.inner_text("#request-number")
    assert number == SubjectRequest.objects.get().number
    # The address past the host: the live server's port may itself contain "358".
    address = page.url.split("/", 3)[3]
    assert "requests/" + number in address and "358" not in address

    page.select_option("#id_method", "strong_electronic")
    page.check("input[name=outcome][value=verified]")
    page.click("#verify")
    page.wait_for_selector("#identity >> text=/Identity verified|Henkilöllisyys todennettu/")

    page.click("#search")
    page.wait_for_selector("table.matches")
    assert page.locator("table.matches tbody tr").count() == 2
    screenshot(page, "subject-request-03-search")

    page.click(f"tr[data-recording='{own.public_id}'] button.include")
    row = page.locator(f"tr[data-recording='{shared.public_id}']")
    row.locator("input[name=reason]").fill("Puhelussa käsitellään toisen henkilön asioita (15 artiklan 4 kohta).")
    row.locator("button.exclude").click()
    page.wait_for_selector(f"tr[data-recording='{shared.public_id}'] >> text=/Excluded|Rajattu pois/")
    screenshot(page, "subject-request-04-reviewed")

    page.click("#create-package")
    page.click("#confirm-package")
    link = page.inner_text("#download-link").strip()
    assert link.startswith(live_server.url) and "/exports/" in link
    screenshot(page, "subject-request-05-package-created")

    page.goto(link)
    with page.expect_download() as download_info:
        page.click("#download")
    download = download_info.value
    assert download.suggested_filename == f"{number}-access.zip"
    archive = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))
    records = json.loads(archive.read("metadata.json"))["recordings"]
    assert [r["recording_id"] for r in records] == [str(own.public_id)]
    assert archive.read(records[0]["listen_file"])[:4] == b"OggS"
    assert "Tietosuojavaltuutetun toimisto" in archive.read("letter.txt").decode()

    page.goto(link)
    assert "jo käytetty" in page.content()  # "expired or already used", in the subject's language
    page.goto(f"{live_server.url}/requests/{number}/")
    assert "ladattu" in page.inner_text("#access")  # "downloaded"
    screenshot(page, "subject-request-06-answered")
