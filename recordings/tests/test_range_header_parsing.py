"""The Range header (RFC 9110 §14): RFC examples answer as the RFC says, and no header, however long, is a 500."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from recordings.ranges import RangeNotSatisfiable, parse_range

# RFC 9110 §14.1.2, for a representation of 10,000 bytes.
RFC_EXAMPLES = [
    ("bytes=0-499", (0, 499)),
    ("bytes=500-999", (500, 999)),
    ("bytes=-500", (9500, 9999)),
    ("bytes=9500-", (9500, 9999)),
    ("bytes=0-0", (0, 0)),
    ("bytes=-1", (9999, 9999)),
    ("bytes=0-99999", (0, 9999)),  # a last position beyond the end is cut to the end
    ("bytes=-20000", (0, 9999)),  # so is a suffix longer than the body
    ("Bytes=0-9", (0, 9)),  # the range unit is case-insensitive
]


@pytest.mark.parametrize("header, expected", RFC_EXAMPLES)
def test_rfc_examples_select_the_bytes_the_rfc_names(header, expected):
    assert parse_range(header, 10_000) == expected


@pytest.mark.parametrize("header", ["bytes=10000-", "bytes=10000-20000", "bytes=-0"])
def test_a_range_wholly_outside_the_body_is_not_satisfiable(header):
    with pytest.raises(RangeNotSatisfiable):
        parse_range(header, 10_000)


@pytest.mark.parametrize(
    "header",
    ["", "bytes=", "bytes=-", "bytes=5-3", "bytes=0-1,5-9", "items=0-9", "bytes=a-b", "bytes=\u0661-\u0662", "0-9"],
)
def test_malformed_or_multiple_ranges_are_ignored(header):
    assert parse_range(header, 10_000) is None


def test_a_five_thousand_digit_first_position_is_not_satisfiable():
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=" + "9" * 5000 + "-", 10_000)


def test_a_five_thousand_digit_last_position_or_suffix_is_cut_to_the_body():
    assert parse_range("bytes=100-" + "9" * 5000, 10_000) == (100, 9999)
    assert parse_range("bytes=-" + "9" * 5000, 10_000) == (0, 9999)
    assert parse_range("bytes=" + "0" * 5000 + "7-8", 10_000) == (7, 8)


SHORT_DIGITS = st.text("0123456789", max_size=30)
# Thousands of digits, built by repetition: generating them digit by digit would make the test slow.
LONG_DIGITS = st.builds(
    lambda head, digit, count: head + digit * count,
    SHORT_DIGITS,
    st.sampled_from("0123456789"),
    st.integers(4000, 6000),
)
DIGITS = st.one_of(SHORT_DIGITS, LONG_DIGITS)
HEADERS = st.one_of(
    st.builds(lambda a, b: f"bytes={a}-{b}", DIGITS, DIGITS),
    st.builds(lambda a, b, c: f"bytes={a}-{b},{c}-", DIGITS, DIGITS, DIGITS),
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from("bytes=-0123456789, \t"), max_size=80),
)


@hsettings(max_examples=2000, deadline=None)
@given(header=HEADERS, size=st.integers(min_value=1, max_value=10**12))
def test_any_header_gives_a_range_inside_the_body_a_416_or_the_whole_body(header, size):
    try:
        selected = parse_range(header, size)
    except RangeNotSatisfiable:
        return
    if selected is not None:
        first, last = selected
        assert 0 <= first <= last < size
