"""Screenshots at the two widths the pages must work at: a laptop (1366 px) and a phone (390 px)."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import screenshot

WIDTHS = (1366, 390)
README_SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


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


# Whether the button is drawn inside the viewport and is what a tap on its middle reaches (not clipped by a scroll box).
IN_VIEW_AND_ON_TOP = """(button) => {
  // Scrolls the page down to the button, but nothing sideways: a phone user does not find a button hidden to the right.
  window.scrollTo(0, button.getBoundingClientRect().top + window.scrollY - 100);
  const box = button.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  return box.left >= 0 && box.right <= window.innerWidth && box.width > 0
    && button.contains(document.elementFromPoint(x, y));
}"""


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


def readme_screenshot(page, name: str) -> Path | None:
    """With README_SCREENSHOTS=1, also write the page at 1366 px as docs/screenshots/<name>.png for the README.

    The README shows what a person sees on opening the page, so the shot is the
    first screenful, not the whole page: a smaller file that still reads well.
    """
    if os.environ.get("README_SCREENSHOTS", "").lower() not in {"1", "true", "yes"}:
        return None
    original = page.viewport_size
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = README_SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    if original:
        page.set_viewport_size(original)
    return path
