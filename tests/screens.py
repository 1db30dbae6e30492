"""Screenshots of a page at a desktop and a phone width, for the browser tests of pages people use."""

from __future__ import annotations

from conftest import screenshot

WIDTHS = (1366, 390)


def overflows_sideways(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth + 1")


def shoot_both_widths(page, name: str) -> dict[int, bool]:
    """Screenshot the page at 1366 px and 390 px wide; returns, per width, whether it scrolls sideways."""
    overflow = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(100)
        screenshot(page, f"{name}-{width}")
        overflow[width] = overflows_sideways(page)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    return overflow
