"""A controller's own letter wording: named placeholders only, built-in text by default, audited, its own DPOs only."""

from __future__ import annotations

import pytest
from django.utils import translation

from audit.models import AuditEvent
from subject_requests.letter_templates import LetterTemplateError, letter_template_reset, letter_template_save, preview
from subject_requests.models import LetterTemplate


@pytest.fixture(autouse=True)
def _errors_in_english():
    """The messages are asserted in English; the pages show them in Finnish."""
    with translation.override("en"):
        yield


OWN_WORDING = (
    "{{ greeting }}\n\nKiitos yhteydenotostasi, viite {{ reference }}.\n\n{{ details }}\n\nTerveisin {{ controller }}\n"
)


def _save(personas, controller, **overrides):
    data = dict(
        controller=controller,
        actor=personas.dpo,
        kind="acknowledgement",
        language="fi",
        subject_line="Pyyntö {{ reference }} vastaanotettu",
        body=OWN_WORDING,
    )
    data.update(overrides)
    return letter_template_save(**data)


def test_a_new_letter_uses_the_controllers_own_wording(personas, controller, new_request):
    _save(personas, controller)
    subject_request = new_request()
    letter = subject_request.letters.get(kind="acknowledgement")
    assert letter.subject_line == f"Pyyntö {subject_request.number} vastaanotettu"
    assert letter.body.startswith("Hyvä Maija Meikäläinen,\n\nKiitos yhteydenotostasi, viite " + subject_request.number)
    # The built-in content is still there, once, and the signature is not (the wording left it out).
    assert letter.body.count("Pyyntösi numero on") == 1
    assert "Ystävällisin terveisin" not in letter.body
    assert letter.body.rstrip().endswith(f"Terveisin {controller.name}")


def test_without_a_template_the_built_in_letter_is_used_and_each_language_is_its_own(personas, controller, new_request):
    _save(personas, controller, language="en", subject_line="Got it: {{ reference }}")
    finnish = new_request().letters.get(kind="acknowledgement")
    assert finnish.subject_line.startswith("Tietopyyntösi on vastaanotettu")
    assert finnish.body.startswith("Hyvä Maija Meikäläinen,") and "Ystävällisin terveisin" in finnish.body
    english = new_request(language="en").letters.get(kind="acknowledgement")
    assert english.subject_line.startswith("Got it: SR-")


@pytest.mark.parametrize(
    "body, named",
    [
        ("{{ details }} {{ r.subject_name }}", "{{ r.subject_name }}"),
        ("{{ details }} {{ settings }}", "{{ settings }}"),
        ("{{ details }} {% load static %}", "{%"),
        ("{{ details }} {# comment #}", "{%"),
        ("{{ details }} {{ reference", "not closed"),
        ("Ei sisältöä {{ reference }}", "{{ details }}"),
    ],
)
def test_a_template_with_anything_but_the_listed_placeholders_is_refused_naming_it(personas, controller, body, named):
    with pytest.raises(LetterTemplateError) as error:
        _save(personas, controller, body=body)
    assert named in error.value.message
    assert not LetterTemplate.objects.exists()


def test_a_value_that_looks_like_a_placeholder_is_not_filled_again(personas, controller, new_request):
    _save(personas, controller)
    subject_request = new_request(subject_name="{{ signature }}")
    letter = subject_request.letters.get(kind="acknowledgement")
    assert letter.body.startswith("Hyvä {{ signature }},")


def test_the_preview_fills_a_made_up_request_and_names_no_real_subject(personas, controller, new_request):
    new_request()
    for kind in ("acknowledgement", "extension", "access", "appointment", "delivery", "erasure", "decision", "refusal"):
        result = preview(
            controller=controller, kind=kind, language="fi", subject_line="{{ reference }}", body=OWN_WORDING
        )
        assert result.subject_line.startswith("SR-") and result.subject_line.endswith("-0123")
        assert "Matti Meikäläinen" in result.body and "Maija" not in result.body
        assert "{{" not in result.body and len(result.body) > 150


def test_saving_and_resetting_are_in_the_audit_log(personas, controller):
    _save(personas, controller)
    _save(personas, controller, subject_line="Uusi {{ reference }}")
    assert letter_template_reset(controller=controller, actor=personas.dpo, kind="acknowledgement", language="fi")
    events = AuditEvent.objects.filter(object_type="registers.controller", object_id=str(controller.pk))
    assert [e.details["change"] for e in events.order_by("sequence")] == ["saved", "saved", "reset"]
    assert all(e.actor_id == personas.dpo.pk and e.details["letter_template"] == "acknowledgement" for e in events)
    assert not LetterTemplate.objects.exists()


def test_a_dpo_of_another_controller_gets_404_and_changes_nothing(personas, controller, client):
    _save(personas, controller)
    url = f"/requests/letter-templates/{controller.pk}/acknowledgement/fi/"
    client.force_login(personas.outsider)
    assert client.get(url).status_code == 404
    response = client.post(url, {"action": "save", "subject_line": "X {{ reference }}", "body": "{{ details }}"})
    assert response.status_code == 404
    assert client.post(url, {"action": "reset"}).status_code == 404
    assert LetterTemplate.objects.get().subject_line == "Pyyntö {{ reference }} vastaanotettu"
    assert str(controller.name) not in client.get("/requests/letter-templates/").content.decode()
    client.force_login(personas.dpo)
    assert client.get(url).status_code == 200
