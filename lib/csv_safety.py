"""CSV cells that a spreadsheet will not execute.

A cell starting with =, +, -, @, tab or carriage return is read as a formula by
Excel and LibreOffice (CSV injection); prefixing an apostrophe keeps it text.
A leading + or - followed only by digits, spaces, dots and hyphens is a number
to a spreadsheet (an E.164 phone number, a signed amount) and cannot call
anything, so it is left alone: a data subject gets their own number back as
stored, not as '+358…. The full-width forms of the formula characters are
escaped too, since some spreadsheet locales read them as formulas.
"""

import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
SIGNED_NUMBER = re.compile(r"[+-][0-9][0-9 .\-]*", re.ASCII)


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES) and not SIGNED_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_row(values) -> list[str]:
    return [safe_cell(v) for v in values]
