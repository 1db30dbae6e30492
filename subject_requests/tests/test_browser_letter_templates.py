"""In Chromium: the DPO rewords the acknowledgement, sees an unknown placeholder named, previews it and saves it."""

from __future__ import annotations

import pytest

from subject_requests.models import LetterTemplate
from tests.screens import screenshot_widths

from .test_browser_access_request import log_in

pytestmark = pytest.mark.browser


def test_the_dpo_edits_a_letter_template_with_a_preview_and_new_letters_use_it(
    transactional_db, live_server, personas, controller, new_request, page
):
    log_in(page, live_server, personas.dpo.username)
    page.goto(f"{live_server.url}/requests/")
    page.click("#letter-templates-link")
    page.wait_for_url("**/requests/letter-templates/")
    page.click(f"#edit-{controller.pk}-acknowledgement-fi")
    page.wait_for_selector("#letter-template-form")
    # The built-in letter, previewed on a made-up request.
    assert "Matti Meikäläinen" in page.locator("#preview-body").inner_text()

    page.fill("#id_body", "{{ greeting }}\n\nKiitos viestistäsi, {{ nimi }}.\n\n{{ details }}\n\n{{ signature }}")
    page.click("#preview-template")
    assert "{{ nimi }}" in page.locator("#template-error").inner_text()
    assert page.locator("#template-preview").count() == 0

    page.fill(
        "#id_body",
        "{{ greeting }}\n\nKiitos viestistäsi. Viitteesi on {{ reference }}.\n\n{{ details }}\n\n{{ signature }}",
    )
    page.click("#preview-template")
    assert "Kiitos viestistäsi. Viitteesi on SR-" in page.locator("#preview-body").inner_text()
    assert not LetterTemplate.objects.exists()
    screenshot_widths(page, "dpo-letter-template")

    page.click("#save-template")
    page.wait_for_selector("#reset-template")
    assert LetterTemplate.objects.get().body.startswith("{{ greeting }}\n\nKiitos viestistäsi.")
    letter = new_request().letters.get(kind="acknowledgement")
    assert "Kiitos viestistäsi. Viitteesi on " + letter.request.number in letter.body


def test_a_dpo_of_another_controller_cannot_open_the_template(
    transactional_db, live_server, personas, controller, page
):
    log_in(page, live_server, personas.outsider.username)
    response = page.goto(f"{live_server.url}/requests/letter-templates/{controller.pk}/acknowledgement/fi/")
    assert response.status == 404
