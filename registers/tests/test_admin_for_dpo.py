"""The Django admin as a DPO uses it: own registers only, every fact editable, bad input refused."""

from django.urls import reverse

from audit.models import AuditEvent
from registers.admin import RegisterAdminForm
from registers.models import Controller, Register


def _change_url(obj) -> str:
    return reverse(f"admin:registers_{obj._meta.model_name}_change", args=[obj.pk])


def test_dpo_sees_only_their_registers_in_the_admin(personas, client):
    client.force_login(personas.dpo)
    response = client.get(reverse("admin:registers_register_changelist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rekisteri A" in body and "Rekisteri B" not in body


def test_dpo_opens_own_register_but_not_another_controllers(personas, client):
    client.force_login(personas.dpo)
    assert client.get(_change_url(personas.register)).status_code == 200
    response = client.get(_change_url(personas.other_register))
    # The admin answers an object outside the queryset as if it did not exist.
    assert response.status_code in (302, 404)
    assert "Rekisteri B" not in client.get(reverse("admin:index"), follow=True).content.decode()


def test_supervisor_has_no_admin(personas, client):
    client.force_login(personas.supervisor)
    response = client.get(reverse("admin:registers_register_changelist"))
    assert response.status_code == 404  # the app's 404, not the admin's login page


def _form_data(register: Register, **changes) -> dict:
    from django.forms.models import model_to_dict

    data = {k: v for k, v in model_to_dict(register).items() if v is not None}
    data.update(changes)
    return data


def test_register_form_refuses_zero_or_negative_retention():
    register = Register(retention_trigger="call_end", retention_unit="months")
    for value in (0, -6):
        form = RegisterAdminForm(data={"retention_value": value, "retention_trigger": "call_end"}, instance=register)
        assert not form.is_valid()
        assert "retention_value" in form.errors


def test_register_form_refuses_a_register_without_a_controller(personas):
    form = RegisterAdminForm(data=_form_data(personas.register, controller="", slug="new-one"))
    assert not form.is_valid()
    assert "controller" in form.errors


def test_controller_refuses_an_invalid_business_id(db):
    from django.core.exceptions import ValidationError

    controller = Controller(name="X Oy", business_id="2080120-1", street_address="K 1", postal_code="00100", city="H")
    try:
        controller.full_clean()
    except ValidationError as exc:
        # The pages speak Finnish by default: "the check digit is wrong".
        assert "tarkistusnumero on väärä" in " ".join(exc.message_dict["business_id"])
    else:
        raise AssertionError("an invalid check digit was accepted")


def test_contact_refuses_a_phone_number_that_does_not_parse(personas):
    from django.core.exceptions import ValidationError

    from registers.models import Contact

    contact = Contact(controller=personas.register.controller, kind="dpo", name="Tietosuojavastaava", phone="12")
    try:
        contact.full_clean()
    except ValidationError as exc:
        assert "phone" in exc.message_dict
    else:
        raise AssertionError("an unparseable number was accepted")


def test_dpo_edits_a_fact_in_the_admin_and_the_change_is_audited(personas, client):
    client.force_login(personas.dpo)
    url = _change_url(personas.register)
    page = client.get(url)
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = list(value)
        else:
            data[name] = value
    data["purpose"] = "Asiakastapahtumien varmentaminen."
    for formset in page.context["inline_admin_formsets"]:
        mgmt = formset.formset.management_form
        for key, value in mgmt.initial.items():
            data[f"{formset.formset.prefix}-{key}"] = value
        for i, f in enumerate(formset.formset.forms):
            for name in f.fields:
                value = f.initial.get(name)
                if value is not None:
                    data[f"{formset.formset.prefix}-{i}-{name}"] = getattr(value, "pk", value)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    personas.register.refresh_from_db()
    assert personas.register.purpose == "Asiakastapahtumien varmentaminen."
    event = AuditEvent.objects.filter(action="register_change", register_id=personas.register.pk).last()
    assert event is not None and event.actor_id == personas.dpo.pk
    assert "purpose" in event.details["fields"]
