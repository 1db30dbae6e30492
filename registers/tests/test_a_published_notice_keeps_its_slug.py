"""A notice is public at /privacy/<slug>/ once its register is saved; that address is refused a change everywhere."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from registers.forms import NoticeForm
from registers.models import LegalBasis, Register
from registers.services import register_notice_update
from registers.tests.notice_editing import notice_form_data
from testkit import make_controller


def _stored_slug(register) -> str:
    return Register.objects.get(pk=register.pk).slug


def test_the_editor_form_refuses_a_new_slug_with_a_clear_error(personas):
    register = Register.objects.get(pk=personas.register.pk)
    form = NoticeForm(notice_form_data(register, slug="uusi-osoite"), instance=register)
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["slug"] == ["The notice is published at /privacy/register-a/, so its address cannot change."]


def test_posting_a_new_slug_to_the_editor_changes_nothing(personas, client):
    client.force_login(personas.dpo)
    url = reverse("notice_edit", args=[personas.register.slug])
    data = notice_form_data(personas.register, slug="uusi-osoite", purpose="Uusi tarkoitus.")
    response = client.post(url, {**data, "save": "1"})
    assert response.status_code == 200
    assert "/privacy/register-a/" in response.content.decode()
    assert _stored_slug(personas.register) == "register-a"
    assert Register.objects.get(pk=personas.register.pk).purpose != "Uusi tarkoitus."
    assert not AuditEvent.objects.exists()


def test_the_service_refuses_a_new_slug_and_writes_nothing(personas):
    with pytest.raises(ValidationError) as refused:
        register_notice_update(actor=personas.dpo, register=personas.register, changes={"slug": "uusi-osoite"})
    assert "slug" in refused.value.message_dict
    assert _stored_slug(personas.register) == "register-a"
    assert not AuditEvent.objects.exists()


def test_the_model_refuses_to_save_a_published_register_under_a_new_slug(personas):
    register = Register.objects.get(pk=personas.register.pk)
    register.slug = "uusi-osoite"
    with pytest.raises(ValidationError):
        register.full_clean()
    with pytest.raises(ValidationError):
        register.save()
    assert _stored_slug(register) == "register-a"


def test_a_register_not_yet_saved_chooses_its_slug_freely(db):
    register = Register(
        controller=make_controller(),
        slug="luonnos",
        name="Luonnos",
        purpose="Tarkoitus.",
        legal_basis=LegalBasis.CONTRACT,
        data_content="Sisältö.",
        data_sources="Lähteet.",
        security_measures="Suojaus.",
        retention_value=6,
    )
    register.slug = "valmis"
    register.full_clean()
    register.save()
    assert Register.objects.get(pk=register.pk).slug == "valmis"
    register.name = "Valmis rekisteri"
    register.save()
