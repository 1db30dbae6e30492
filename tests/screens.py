"""Screenshots at the two widths the pages must work at: a laptop (1366 px) and a phone (390 px)."""

from __future__ import annotations

from conftest import screenshot

WIDTHS = (1366, 390)


def screenshot_widths(page, name: str) -> list[str]:
    """Full-page screenshots of the current page at each width, named `<name>-<width>.png`; the viewport is restored."""
    original = page.viewport_size
    paths = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        paths.append(screenshot(page, f"{name}-{width}"))
    if original:
        page.set_viewport_size(original)
    return paths


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
