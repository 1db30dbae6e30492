"""A controller's own wording gives plain-text letters: names keep their ampersands and apostrophes."""

from __future__ import annotations

from subject_requests.letter_templates import letter_template_save

WORDING = "{{ greeting }}\n\n{{ details }}\n\n{{ signature }}\n"


def test_a_custom_letter_signs_and_greets_without_html_entities(personas, controller, new_request):
    controller.name = "Smith & Sons Oy"
    controller.save()
    letter_template_save(
        controller=controller,
        actor=personas.dpo,
        kind="acknowledgement",
        language="en",
        subject_line="Request {{ reference }} from {{ controller }}",
        body=WORDING,
    )
    letter = new_request(language="en", subject_name="Seán O'Brien").letters.get(kind="acknowledgement")
    assert letter.body.startswith("Dear Seán O'Brien,")
    assert "Smith & Sons Oy" in letter.body
    assert letter.subject_line.endswith("from Smith & Sons Oy")
    for entity in ("&amp;", "&#x27;", "&#39;", "&quot;", "&lt;", "&gt;"):
        assert entity not in letter.body, entity
