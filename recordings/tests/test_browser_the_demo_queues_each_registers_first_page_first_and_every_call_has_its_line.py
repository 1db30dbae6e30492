"""In Chromium: `load_demo --renditions-later` asks for the renditions in the order the call lists show the calls,
the newest call of every register first, so the top of each first page plays as soon as the worker's first few
renditions are made; every demo call is on one of its register's service lines; and the demo DPO's request list
shows a request at each stage, the second DPO the erasure waiting for their approval."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from recordings import services
from recordings.models import Recording
from recordings.renditions import rendition_make
from registers.demo import DEMO_PREFIXES, FOUR_EYES_REGISTER, demo_password
from registers.models import Register
from subject_requests.models import SubjectRequest
from subject_requests.tests.test_browser_access_request import log_in
from tests.screens import screenshot_widths

pytestmark = pytest.mark.browser


def test_the_newest_call_of_every_register_is_queued_first_and_plays(
    transactional_db, live_server, browser, settings, tmp_path, monkeypatch
):
    settings.DATA_DIR = tmp_path
    queued: list[int] = []
    monkeypatch.setattr(services, "enqueue_rendition", queued.append)
    call_command("load_demo", "--calls", "2", "--renditions-later", verbosity=0)

    registers = list(Register.objects.filter(slug__in=DEMO_PREFIXES))
    first = Recording.objects.filter(pk__in=queued[: len(registers)])
    # One call per register in the first round, and it is that register's newest.
    assert sorted(r.register_id for r in first) == sorted(r.pk for r in registers)
    for recording in first:
        newest = Recording.objects.filter(register=recording.register).order_by("-started_at").first()
        assert recording.pk == newest.pk
    # Every call is on a service line of its register.
    assert not Recording.objects.filter(service_line__isnull=True).exists()
    # The worker's first round: nothing else is made yet.
    for recording in first:
        rendition_make(recording)

    page = browser.new_context(locale="fi-FI", viewport={"width": 1366, "height": 900}).new_page()
    for register in registers:
        log_in(page, live_server, f"{DEMO_PREFIXES[register.slug]}.supervisor", demo_password())
        page.goto(f"{live_server.url}/registers/{register.slug}/recordings/")
        top = page.locator("tr[data-recording]").first
        assert top.locator(".badge.processing").count() == 0, register.slug
        headers = [h.strip() for h in page.locator("table thead th").all_inner_texts()]
        assert top.locator("td").nth(headers.index("Palvelulinja")).inner_text().strip(), register.slug
        screenshot_widths(page, f"demo-first-page-plays-{register.slug}")
        page.context.clear_cookies()

    prefix = DEMO_PREFIXES[FOUR_EYES_REGISTER]
    log_in(page, live_server, f"{prefix}.dpo", demo_password())
    page.goto(f"{live_server.url}/requests/")
    open_numbers = SubjectRequest.objects.exclude(status="completed").values_list("number", flat=True)
    shown = page.locator("table.requests tbody tr[data-request]")
    assert sorted(shown.evaluate_all("(rows) => rows.map((row) => row.dataset.request)")) == sorted(open_numbers)
    assert len(open_numbers) == 2
    closed = SubjectRequest.objects.get(status="completed")
    assert page.locator(f"#closed-results tr[data-request='{closed.number}']").count() == 1
    screenshot_widths(page, "demo-requests-of-the-dpo")
    page.context.clear_cookies()

    log_in(page, live_server, f"{prefix}.dpo2", demo_password())
    page.goto(f"{live_server.url}/requests/")
    assert page.locator("#awaiting-approval li[data-approval]").count() == 1
    screenshot_widths(page, "demo-requests-of-the-second-dpo")
