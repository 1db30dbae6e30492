"""At 390 px, no button on a row of a table is hidden to the right in the table's own scroll box.

Data tables may scroll inside themselves on a phone (WCAG 1.4.10 allows it), but
a row's action hidden there is one a phone user does not find: such a table
stacks its rows instead (`table.stacked`).
"""

from __future__ import annotations

import pytest

from tests.every_page import open_as, pages_for, visit
from tests.screens import IN_VIEW_AND_ON_TOP

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", ["supervisor", "dpo", "it_admin"])
def test_every_button_in_a_table_is_in_view_at_390_px(transactional_db, live_server, world, browser, role):
    context, page = open_as(browser, live_server, role, "fi", world.personas, viewport={"width": 390, "height": 900})
    hidden = []
    for name, path, action in pages_for(role, world):
        visit(page, live_server, "fi", name, path, action)
        buttons = page.locator("main table button:visible, main table a.button:visible")
        for index in range(buttons.count()):
            button = buttons.nth(index)
            if not button.evaluate(IN_VIEW_AND_ON_TOP):
                hidden.append(f"{role}/{name}: {button.evaluate('(b) => b.outerHTML.slice(0, 120)')}")
    context.close()
    assert not hidden, "\n" + "\n".join(hidden)
