"""The register's DPO edits its privacy notice on one page: saving is audited, previewing saves nothing."""

from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEvent
from registers.models import Register
from registers.tests.notice_editing import notice_form_data

NEW_PURPOSE = "Puheluita tallennetaan asiakaspalvelun laadun kehittämiseksi ja riitojen selvittämiseksi."


def _edit_url(register) -> str:
    return reverse("notice_edit", args=[register.slug])


def test_the_editor_shows_the_notices_sections_and_its_preview(personas, client):
    client.force_login(personas.dpo)
    body = client.get(_edit_url(personas.register)).content.decode()
    for section in ("edit-register", "edit-controller", "edit-purpose", "edit-data", "edit-recipients"):
        assert f'id="{section}"' in body
    for section in ("edit-retention", "edit-security", "edit-rights", "edit-other"):
        assert f'id="{section}"' in body
    assert 'id="notice-preview"' in body and "Asiakaspalvelun laadun varmistaminen." in body


def test_saving_a_change_stores_it_and_writes_one_audit_event_naming_the_fields(personas, client):
    client.force_login(personas.dpo)
    data = notice_form_data(personas.register, purpose=NEW_PURPOSE, rights_offered=["access", "erasure"])
    response = client.post(_edit_url(personas.register), {**data, "save": "1"})
    assert response.status_code == 302 and response.url == _edit_url(personas.register)
    register = Register.objects.get(pk=personas.register.pk)
    assert register.purpose == NEW_PURPOSE and register.rights_offered == ["access", "erasure"]
    event = AuditEvent.objects.get(action="register_change")
    assert (event.actor_id, event.register_id, event.object_id) == (personas.dpo.pk, register.pk, str(register.pk))
    assert event.details["fields"] == ["purpose", "rights_offered"] and event.details["via"] == "notice_editor"


def test_saving_without_a_change_writes_nothing(personas, client):
    client.force_login(personas.dpo)
    before = Register.objects.get(pk=personas.register.pk).updated_at
    response = client.post(_edit_url(personas.register), {**notice_form_data(personas.register), "save": "1"})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="register_change").exists()
    assert Register.objects.get(pk=personas.register.pk).updated_at == before


def test_a_required_fact_left_empty_is_refused_and_nothing_is_saved(personas, client):
    client.force_login(personas.dpo)
    data = notice_form_data(personas.register, purpose="", data_sources="Uusi lähde.")
    response = client.post(_edit_url(personas.register), {**data, "save": "1"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert Register.objects.get(pk=personas.register.pk).data_sources == "Soittajat."
    assert not AuditEvent.objects.exists()


def test_the_preview_button_shows_the_unsaved_notice_without_saving_it(personas, client):
    client.force_login(personas.dpo)
    data = notice_form_data(personas.register, purpose=NEW_PURPOSE)
    response = client.post(_edit_url(personas.register), {**data, "preview": "1"})
    assert response.status_code == 200 and NEW_PURPOSE in response.content.decode()
    assert Register.objects.get(pk=personas.register.pk).purpose == "Asiakaspalvelun laadun varmistaminen."
    assert not AuditEvent.objects.exists()


def test_the_preview_endpoint_renders_the_notice_from_the_posted_values_only(personas, client):
    client.force_login(personas.dpo)
    url = reverse("notice_preview", args=[personas.register.slug])
    response = client.post(url, notice_form_data(personas.register, purpose=NEW_PURPOSE))
    body = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert NEW_PURPOSE in body and "<html" not in body
    assert Register.objects.get(pk=personas.register.pk).purpose == "Asiakaspalvelun laadun varmistaminen."
    assert client.get(url).status_code == 405


def test_a_contact_added_in_the_editor_is_previewed_then_saved_for_this_register(personas, client):
    from registers.models import Contact

    client.force_login(personas.dpo)
    contact = {"kind": "dpo", "name": "Tietosuojavastaava Testi", "email": "tietosuoja@example.fi"}
    data = notice_form_data(personas.register, new_contacts=[contact])
    preview = client.post(reverse("notice_preview", args=[personas.register.slug]), data).content.decode()
    assert "Tietosuojavastaava Testi" in preview and not Contact.objects.exists()
    assert client.post(_edit_url(personas.register), {**data, "save": "1"}).status_code == 302
    saved = Contact.objects.get()
    assert (saved.register, saved.controller, saved.kind) == (personas.register, personas.register.controller, "dpo")
    assert AuditEvent.objects.get(action="register_change").details["fields"] == ["contacts"]
    data = notice_form_data(personas.register, **{"contacts-0-DELETE": "on"})
    assert client.post(_edit_url(personas.register), {**data, "save": "1"}).status_code == 302
    assert not Contact.objects.exists()
