"""A supervisor in the Finnish UI exports the call list as XLSX (typed cells, Finnish headers) or as CSV with a BOM
and semicolons, which Finnish Excel opens in columns with "Mäkinen" intact; both keep formulas inert and are audited."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from audit.models import AuditEvent
from conftest import browser_login
from testkit import make_stored_recording
from tests.screens import shoot_both_widths

pytestmark = pytest.mark.browser


def test_the_list_exports_as_typed_xlsx_and_as_a_finnish_csv(transactional_db, live_server, personas, page):
    make_stored_recording(personas.register, agent_name="Mäkinen", duration_seconds=125.0)
    make_stored_recording(personas.register, agent_name="=HYPERLINK(1)")
    browser_login(page, live_server, personas.supervisor.username)
    page.goto(f"{live_server.url}/registers/{personas.register.slug}/recordings/")
    shoot_both_widths(page, "call-list-export-choices")

    with page.expect_download() as info:
        page.click("#export-xlsx")
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert "Alkoi" in header and "Kesto" in header and "Asiakaspalvelija" in header, header
    by_agent = {row[header.index("Asiakaspalvelija")]: row for row in rows[1:]}
    assert set(by_agent) == {"Mäkinen", "'=HYPERLINK(1)"}
    makinen = by_agent["Mäkinen"]
    assert isinstance(makinen[header.index("Alkoi")], datetime)
    assert makinen[header.index("Kesto")] == timedelta(seconds=125)
    assert makinen[header.index("Soittaja")] == "+358401234567"

    with page.expect_download() as info:
        page.click("#export-csv")
    raw = open(info.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(table[0]) > 10 and table[0][0] == "id"
    agents = {row[table[0].index("agent")] for row in table[1:]}
    assert agents == {"Mäkinen", "'=HYPERLINK(1)"}

    assert AuditEvent.objects.filter(action="export", actor_id=personas.supervisor.pk).count() == 2
