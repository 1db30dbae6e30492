"""The DPO works in the audit log in Chromium: filters by who, what, register and time, pages back through every
event, exports the filtered events as CSV, and follows the links to a call, a request, a hold and a package."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from audit.selectors import PAGE_SIZE, events_readable_by
from audit.services import audit_record
from conftest import browser_login
from recordings.searches import export_record
from retention.services import hold_place
from testkit import grant, make_register, make_stored_recording
from tests.screens import readme_screenshot, screenshot_widths

pytestmark = pytest.mark.browser


@pytest.fixture
def log(personas):
    """A register's working life: many old plays, a data-subject request, a complaint, a hold, a call-list export."""
    from subject_requests import services as sr
    from subject_requests.models import VerificationMethod, VerificationOutcome

    register = personas.register
    call = make_stored_recording(register)
    for i in range(PAGE_SIZE + 5):
        audit_record(action="play", actor=personas.supervisor, register=register, obj=call, reason=f"Laatu {i}")
    request = sr.request_receive(
        actor=personas.dpo,
        controller=register.controller,
        rights=["access"],
        received_on=date.today(),
        channel="email",
        language="fi",
        subject_name="Maija Meikäläinen",
        subject_email="maija@example.fi",
        phone_numbers=["040 123 4567"],
    )
    sr.request_verify_identity(
        subject_request=request,
        actor=personas.dpo,
        method=VerificationMethod.STRONG_ELECTRONIC,
        outcome=VerificationOutcome.VERIFIED,
        note="",
    )
    sr.request_search(subject_request=request, actor=personas.dpo)
    sr.matches_include_pending(subject_request=request, actor=personas.dpo)
    package, _token = sr.export_package_create(subject_request=request, actor=personas.dpo, link_base="http://x")
    second = make_register(register.controller, slug="register-a3", name="Rekisteri A3")
    grant(personas.dpo, second, "dpo")
    audit_record(action="register_change", actor=personas.dpo, register=second, obj=second)
    audit_record(action="play", actor=personas.supervisor, register=register, obj=call, reason="Reklamaatio 77")
    hold = hold_place(
        actor=personas.dpo,
        recordings=[call],
        kind="complaint",
        reason="Reklamaatio vireillä",
        reference="REK-77",
        review_on=timezone.localdate() + timedelta(days=60),
    )
    export_record(user=personas.dpo, register=register, count=12, cleaned={"direction": "inbound", "number": "*1234"})
    return {"call": call, "hold": hold, "request": request, "package": package, "second": second}


def _rows(page):
    return page.locator("table.audit-log tbody tr[data-sequence]")


def _filter(page, **fields) -> None:
    page.click("#audit-filters a[href$='/audit/']")
    for name, value in fields.items():
        if page.locator(f"#id_{name}").evaluate("e => e.tagName") == "SELECT":
            page.select_option(f"#id_{name}", str(value))
        else:
            page.fill(f"#id_{name}", str(value))
    page.click("#apply-filters")
    page.wait_for_load_state()


def test_the_dpo_filters_pages_exports_and_follows_links(transactional_db, live_server, personas, log, page):
    browser_login(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/audit/")
    assert _rows(page).count() == PAGE_SIZE
    readme_screenshot(page, "audit-log")
    screenshot_widths(page, "audit-log")

    # Links to the objects the DPO may open: the call, the request, the hold, the package.
    links = {a.get_attribute("href") for a in page.locator("td.object a").all()}
    wanted = {
        f"/recordings/{log['call'].public_id}/",
        f"/requests/{log['request'].number}/",
        f"/holds/{log['hold'].pk}/",
        f"/requests/{log['request'].number}/#access",
    }
    assert wanted <= links, links
    for href in sorted(wanted):
        assert page.request.get(f"{live_server.url}{href}").status == 200, href
    page.click(f"td.object a[href='/holds/{log['hold'].pk}/']")
    page.wait_for_url(f"**/holds/{log['hold'].pk}/")
    assert "REK-77" in page.inner_text("h1")

    # Who, what, which register, when.
    page.goto(f"{live_server.url}/audit/")
    _filter(page, actor=personas.supervisor.pk)
    assert {r.get_attribute("data-action") for r in _rows(page).all()} == {"play"}
    assert all(personas.supervisor.username in r.inner_text() for r in _rows(page).all())
    _filter(page, action="hold_place")
    assert _rows(page).count() == 1 and "REK-77" in _rows(page).first.inner_text()
    _filter(page, register=log["second"].pk)
    assert _rows(page).count() == 1 and "Rekisteri A3" in _rows(page).first.inner_text()
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    _filter(page, until=yesterday)
    assert _rows(page).count() == 0
    _filter(page, since=timezone.localdate().isoformat(), action="play", q="Reklamaatio")
    assert _rows(page).count() == 1
    screenshot_widths(page, "audit-log-filtered")

    # Paging reaches the oldest event and back.
    page.goto(f"{live_server.url}/audit/")
    seen: list[int] = []
    while True:
        seen += [int(r.get_attribute("data-sequence")) for r in _rows(page).all()]
        older = page.locator("#older-page")
        if older.count() == 0:
            break
        older.click()
        page.wait_for_load_state()
        assert page.locator("#newer-page").count() == 1
    readable = sorted(events_readable_by(personas.dpo).values_list("sequence", flat=True), reverse=True)
    assert seen == readable

    # The export holds every filtered event, beyond one page, and is itself in the log.
    page.goto(f"{live_server.url}/audit/?action=export")
    exports_before = _rows(page).count()
    _filter(page, action="play")
    with page.expect_download() as info:
        page.click("#export-csv")
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert len(rows) == PAGE_SIZE + 6
    page.goto(f"{live_server.url}/audit/?action=export")
    assert _rows(page).count() == exports_before + 1 and personas.dpo.username in _rows(page).first.inner_text()
