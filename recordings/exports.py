"""The call list as a file: XLSX for people, CSV for tools.

Excel opens a CSV by the list separator of its locale (a semicolon in Finnish,
where the comma is the decimal mark) and reads it as the Windows code page
unless it starts with a UTF-8 byte order mark: without both a Finnish user
sees one column and "MÃ¤kinen". The CSV therefore has a BOM, and semicolons in
the Finnish UI; its header keeps the stable English column names tools read.

The XLSX has typed cells (date-times, durations, dates, booleans) and headers
in the language of the page. It is written by XlsxWriter in constant memory:
rows go to temporary files in this process's scratch folder, so a plaintext
left by a killed process is swept like any other. Every text cell passes the
same formula-injection escaping as the CSV (lib/csv_safety), so a sheet saved
back as CSV stays inert too.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import BinaryIO

import xlsxwriter
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.csv_safety import safe_cell, safe_row
from vault.scratch import scratch_dir

from .models import Direction, Recording, clock_duration

# (CSV name, XLSX header, XLSX column width)
COLUMNS = [
    ("id", gettext_lazy("Call ID"), 38),
    ("started", gettext_lazy("Started"), 19),
    ("ended", gettext_lazy("Ended"), 19),
    ("duration", gettext_lazy("Duration"), 10),
    ("direction", gettext_lazy("Direction"), 12),
    ("caller", gettext_lazy("Caller"), 16),
    ("callee", gettext_lazy("Callee"), 16),
    ("service_number", gettext_lazy("Service number"), 16),
    ("agent", gettext_lazy("Agent"), 22),
    ("service_line", gettext_lazy("Service line"), 20),
    ("expires", gettext_lazy("Expires"), 12),
    ("on_hold", gettext_lazy("On hold"), 10),
    ("restricted", gettext_lazy("Restricted"), 10),
]
CSV_HEADER = [name for name, _label, _width in COLUMNS]
# An Excel sheet holds 1,048,576 rows; one is the header.
XLSX_MAX_ROWS = 1_048_575
BOM = "\ufeff"


def csv_delimiter() -> str:
    """A semicolon where the page is Finnish: the list separator Excel uses in that locale."""
    return ";" if (translation.get_language() or "").startswith("fi") else ","


def _local(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def csv_row(r: Recording) -> list[str]:
    """One CSV row; every cell passes the project's formula-injection escaping."""
    return safe_row(
        [
            r.public_id,
            _local(r.started_at),
            _local(r.ended_at),
            clock_duration(r.duration_seconds),
            r.direction,
            r.caller_number,
            r.callee_number,
            r.service_number,
            r.agent_display,
            r.service_line.name if r.service_line_id else "",
            timezone.localtime(r.expires_at).date().isoformat() if r.expires_at else "",
            "yes" if getattr(r, "on_hold", False) else "no",
            "yes" if r.restricted else "no",
        ]
    )


class _Echo:
    def write(self, value):
        return value


def csv_lines(recordings: Iterable[Recording]) -> Iterator[str]:
    """The CSV, a line at a time for a streaming response: the BOM, the header, then a row per call."""
    writer = csv.writer(_Echo(), delimiter=csv_delimiter())
    yield BOM + writer.writerow(CSV_HEADER)
    for recording in recordings:
        yield writer.writerow(csv_row(recording))


def _naive_local(value):
    # Excel has no time zones: a cell holds the wall-clock time, here Helsinki's (TIME_ZONE).
    return timezone.localtime(value).replace(tzinfo=None)


def xlsx_open(recordings: Iterable[Recording]) -> BinaryIO:
    """The XLSX of `recordings`, as an open file positioned at its start; the file has no name left on disk."""
    with scratch_dir("call-list-") as folder:
        path = folder / "calls.xlsx"
        workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "tmpdir": str(folder)})
        sheet = workbook.add_worksheet(_("Calls")[:31])
        bold = workbook.add_format({"bold": True})
        when = workbook.add_format({"num_format": "d.m.yyyy h:mm:ss"})
        day = workbook.add_format({"num_format": "d.m.yyyy"})
        duration = workbook.add_format({"num_format": "[h]:mm:ss"})
        for col, (_name, label, width) in enumerate(COLUMNS):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, str(label), bold)
        sheet.freeze_panes(1, 0)
        row = 0
        for row, r in enumerate(recordings, start=1):
            sheet.write_string(row, 0, str(r.public_id))
            sheet.write_datetime(row, 1, _naive_local(r.started_at), when)
            sheet.write_datetime(row, 2, _naive_local(r.ended_at), when)
            sheet.write_datetime(row, 3, timedelta(seconds=round(r.duration_seconds)), duration)
            sheet.write_string(row, 4, safe_cell(Direction(r.direction).label if r.direction else ""))
            for col, number in ((5, r.caller_number), (6, r.callee_number), (7, r.service_number)):
                # Text, not a number: "+358…" must keep its plus and every digit.
                sheet.write_string(row, col, safe_cell(number))
            sheet.write_string(row, 8, safe_cell(r.agent_display))
            sheet.write_string(row, 9, safe_cell(r.service_line.name if r.service_line_id else ""))
            if r.expires_at:
                sheet.write_datetime(row, 10, timezone.localtime(r.expires_at).date(), day)
            sheet.write_boolean(row, 11, bool(getattr(r, "on_hold", False)))
            sheet.write_boolean(row, 12, bool(r.restricted))
        sheet.autofilter(0, 0, max(row, 1), len(COLUMNS) - 1)
        workbook.close()
        # Open before the folder goes: the open file outlives its name.
        return open(path, "rb")  # noqa: SIM115 - the response closes it
