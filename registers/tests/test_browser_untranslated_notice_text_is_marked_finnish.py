"""The English privacy notice marks the Finnish text it shows for want of an English version with lang="fi", so a
screen reader reads it in Finnish; translated text reads as English."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LANG_OF = "(e) => e.closest('[lang]').getAttribute('lang')"


def test_finnish_text_on_the_english_notice_is_marked_finnish(transactional_db, live_server, personas, page):
    register = personas.register
    page.goto(f"{live_server.url}/en/privacy/{register.slug}/")
    assert page.evaluate("document.documentElement.lang") == "en"
    purpose = page.locator("p", has_text=register.purpose)
    assert purpose.evaluate(LANG_OF) == "fi"
    assert page.locator("p.lede span", has_text=register.name).evaluate(LANG_OF) == "fi"
    assert page.locator("h1").evaluate(LANG_OF) == "en"

    register.purpose_en = "Assuring the quality of customer service."
    register.save()
    page.reload()
    assert page.locator("p", has_text=register.purpose_en).evaluate(LANG_OF) == "en"


def test_the_finnish_notice_marks_nothing_as_another_language(transactional_db, live_server, personas, page):
    page.goto(f"{live_server.url}/privacy/{personas.register.slug}/")
    assert page.locator("main [lang]").count() == 0
