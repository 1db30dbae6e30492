"""Every page reflows at 320 CSS px wide and at 200% zoom of a 1280 px window (WCAG 1.4.10 and 1.4.4): nothing
scrolls the page sideways. Wide data tables may scroll inside themselves, which the criterion allows."""

from __future__ import annotations

import pytest

from conftest import screenshot
from tests.every_page import open_as, pages_for, visit
from tests.screens import overflows_sideways

pytestmark = pytest.mark.browser

# 200% zoom of a 1280 px window lays the page out in 640 CSS px, at twice the pixels per CSS px.
LAYOUTS = {"320px": {"width": 320, "height": 640}, "zoom200": {"width": 640, "height": 450}}
SHOWN = {"supervisor/call-player", "dpo/request-detail"}


@pytest.mark.parametrize("role", ["anonymous", "supervisor", "dpo", "it_admin", "auditor"])
def test_no_page_scrolls_sideways_at_320_px_or_200_percent_zoom(transactional_db, live_server, world, browser, role):
    context, page = open_as(browser, live_server, role, "fi", world.personas)
    sideways = []
    for name, path, action in pages_for(role, world):
        visit(page, live_server, "fi", name, path, action)
        for layout, viewport in LAYOUTS.items():
            page.set_viewport_size(viewport)
            page.wait_for_timeout(50)
            if overflows_sideways(page):
                wide = page.evaluate(
                    """() => [...document.querySelectorAll('body *')]
                      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1
                                     && !e.closest('table') && getComputedStyle(e).position !== 'absolute')
                      .slice(0, 3).map((e) => e.outerHTML.slice(0, 120))"""
                )
                sideways.append(f"{role}/{name} at {layout}: {wide}")
            if f"{role}/{name}" in SHOWN:
                screenshot(page, f"reflow-{role}-{name}-{layout}")
        page.set_viewport_size({"width": 1280, "height": 900})
    context.close()
    assert not sideways, "\n" + "\n".join(sideways)
