"""HTTP Range (RFC 9110 §14) for a single byte range."""

from __future__ import annotations

import re

# ASCII digits only: `\d` would accept other scripts' digits, which are not HTTP syntax.
RANGE_RE = re.compile(r"^bytes=([0-9]*)-([0-9]*)$", re.IGNORECASE)
# A position with more digits than this lies beyond any file we serve. Python refuses
# to convert strings of more than 4,300 digits, so longer ones are never converted.
MAX_POSITION_DIGITS = 18
BEYOND_ANY_FILE = 10**MAX_POSITION_DIGITS


class RangeNotSatisfiable(Exception):
    pass


def _position(digits: str) -> int:
    significant = digits.lstrip("0")
    if len(significant) > MAX_POSITION_DIGITS:
        return BEYOND_ANY_FILE
    return int(significant or "0")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) inclusive, or None to send the whole body.

    Several ranges or a malformed header are ignored (a 200 with the whole body
    is a valid answer); a syntactically valid range outside the body raises
    RangeNotSatisfiable (416). A last position or suffix longer than the body
    is cut to the body (RFC 9110 §14.1.2), however many digits it has.
    """
    if not header:
        return None
    match = RANGE_RE.match(header.strip())
    if not match:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        suffix = _position(last)
        if suffix == 0:
            raise RangeNotSatisfiable
        return max(0, size - suffix), size - 1
    start = _position(first)
    if start >= size:
        raise RangeNotSatisfiable
    end = _position(last) if last else size - 1
    if end < start:
        return None
    return start, min(end, size - 1)
