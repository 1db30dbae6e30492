"""A supervisor types the start of a number the Finnish way (0…, +358…, 00358…, spaces, dashes) and finds its calls."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from conftest import browser_login
from recordings.forms import RecordingFilterForm
from recordings.models import Recording
from recordings.selectors import apply_filters
from tests.screens import shoot_both_widths

FINNISH_SPELLINGS = ("044 095", "0440955", "044-0955", "+358 44 095", "+35844095", "00358440955", "440955")


@pytest.mark.browser
def test_the_start_of_a_number_in_any_finnish_spelling_finds_the_call(
    transactional_db, live_server, personas, make_recording, page
):
    wanted = make_recording(personas.register, caller="044 095 5123")
    make_recording(personas.register, caller="050 555 0101")
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/recordings/")
    described_by = page.get_attribute("#id_number", "aria-describedby")
    assert described_by and page.locator(f"#{described_by}").count() == 1
    assert page.locator(f"#{described_by}").inner_text().strip()
    for typed in FINNISH_SPELLINGS:
        page.fill("#id_number", typed)
        page.click("form.filters button[type=submit]")
        rows = page.locator("table.recordings tbody tr[data-recording]")
        assert rows.count() == 1, typed
        assert rows.first.get_attribute("data-recording") == str(wanted.public_id), typed
    shoot_both_widths(page, "number-start-filter")


@pytest.mark.django_db
def test_a_number_prefix_is_an_index_range_scan(personas):
    form = RecordingFilterForm({"number": "+358 44 095"}, register=personas.register)
    assert form.is_valid(), form.errors
    qs = apply_filters(Recording.objects.all(), form.cleaned_data).values("pk")
    with transaction.atomic(), connection.cursor() as cursor:
        # On a few rows the planner rightly prefers reading the table; the question is whether it could use the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = qs.explain()
    assert "Seq Scan" not in plan, plan
    for index in ("recording_caller", "recording_callee", "recording_service_number"):
        assert index in plan, plan
    caller_range = "((caller_number)::text >= '+35844095'::text) AND ((caller_number)::text < '+35844096'::text)"
    assert f"Index Cond: ({caller_range})" in plan, plan
