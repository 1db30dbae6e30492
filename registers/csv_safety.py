"""CSV cells that a spreadsheet will not execute.

A cell starting with =, +, -, @, tab or carriage return is read as a formula by
Excel and LibreOffice (CSV injection); prefixing an apostrophe keeps it text.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def safe_row(values) -> list[str]:
    return [safe_cell(v) for v in values]
