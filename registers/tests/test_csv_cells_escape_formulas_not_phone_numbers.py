"""CSV cells a spreadsheet would run as formulas are escaped; phone numbers and plain numbers are left as they are.

OWASP's CSV-injection guidance: a cell starting with =, +, -, @, tab or carriage
return may be evaluated. A leading + or - followed only by digits (an E.164
number, a signed amount) is a number to a spreadsheet, not a formula, and a
data subject must get their own number back unchanged.
"""

from __future__ import annotations

import csv
import io

import pytest

from lib.csv_safety import safe_cell
from registers.ropa import write_ropa_csv


@pytest.mark.parametrize(
    "value",
    ["+358401234567", "+358 40 123 4567", "+1-202-555-0143", "-12", "-3.5", "+0", "0401234567", "2026-11-02", ""],
)
def test_phone_numbers_and_plain_numbers_are_left_as_they_are(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil","x")',
        "@SUM(A1:A2)",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "+358401234567+cmd|'/C calc'!A0",
        "-1)*cmd",
        "\t=1+1",
        "\r=1+1",
        "+",
        "-",
        "＝1+1",
    ],
)
def test_formulas_are_prefixed_so_they_stay_text(value):
    assert safe_cell(value) == "'" + value


def test_the_ropa_keeps_text_that_only_looks_like_a_sign(personas):
    personas.register.purpose = "+358 9 123 4567"
    personas.register.national_law = "=cmd|' /C calc'!A0"
    personas.register.save()
    out = io.StringIO()
    write_ropa_csv(out, [personas.register])
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["Purposes of processing"] == "+358 9 123 4567"
    assert row["National law"] == "'=cmd|' /C calc'!A0"
