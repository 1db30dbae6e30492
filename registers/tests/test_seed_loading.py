"""The five seed notices load with every fact, and loading twice changes nothing."""

from __future__ import annotations

import pytest
from django.core import serializers
from django.core.management import call_command

from registers.models import Contact, Controller, Processor, Register, ServiceLine
from registers.seed_data import REGISTERS, seed_registers_load

pytestmark = pytest.mark.django_db

SLUGS = [
    "onni-hoiva-puhelut",
    "pikkujatti-puhelut",
    "2m-it-tuki",
    "phm-asiakaspalvelu",
    "onni-ja-hoiva-asiakkaat",
]


def _dump() -> str:
    models = (Controller, Register, Contact, ServiceLine, Processor)
    return "".join(
        serializers.serialize(
            "json",
            m.objects.order_by("pk"),
            fields=[f.name for f in m._meta.fields if f.name not in ("created_at", "updated_at")],
        )
        for m in models
    )


def test_all_five_registers_load_with_the_requested_slugs():
    call_command("load_seed_registers")
    assert sorted(Register.objects.values_list("slug", flat=True)) == sorted(SLUGS)
    assert Controller.objects.count() == 5


def test_loading_twice_changes_nothing():
    seed_registers_load()
    before = _dump()
    stats = seed_registers_load()
    assert stats.objects_changed == 0
    assert _dump() == before


def test_business_ids_are_the_notices_and_valid():
    seed_registers_load()
    ids = dict(Controller.objects.values_list("name", "business_id"))
    assert ids == {
        "Med Group Oy": "2080120-0",
        "Pikkujätti lasten ja nuorten lääkäriasema Oy": "2272762-2",
        "2M-IT Oy": "",
        "PHM Group Services Oy": "3125932-2",
        "Onni & hoiva Oy": "2629593-5",
    }
    for controller in Controller.objects.all():
        controller.full_clean()


@pytest.mark.parametrize(
    ("slug", "value", "unit", "trigger"),
    [
        ("onni-hoiva-puhelut", 36, "months", "call_end"),
        ("pikkujatti-puhelut", 12, "months", "call_end"),
        ("2m-it-tuki", 61, "days", "call_end"),
        ("phm-asiakaspalvelu", 6, "months", "call_end"),
        ("onni-ja-hoiva-asiakkaat", None, "months", "event"),
    ],
)
def test_retention_rules(slug, value, unit, trigger):
    seed_registers_load()
    register = Register.objects.get(slug=slug)
    assert (register.retention_value, register.retention_unit, register.retention_trigger) == (value, unit, trigger)


def test_onni_hoiva_facts():
    seed_registers_load()
    register = Register.objects.get(slug="onni-hoiva-puhelut")
    controller = register.controller
    assert (controller.street_address, controller.postal_code, controller.city) == ("Jaakonkatu 3", "01620", "Vantaa")
    assert controller.trade_name_list == ["ONNI hoiva"]
    dpo = register.contacts.get(kind="dpo")
    assert (dpo.name, dpo.email) == ("Malin Koho", "malin.koho@medgroup.fi")
    assert register.contacts.get(kind="register_contact").name == "Anna Korpivaara"
    assert set(register.service_lines.values_list("kind", flat=True)) == {"customer_service", "employees", "on_call"}
    assert register.access_method == "on_premises"
    assert "Suomessa" in register.storage_location
    assert register.processors.get().name == "Benemen"
    assert "esimiehillä" in register.listening_description


def test_pikkujatti_facts():
    seed_registers_load()
    register = Register.objects.get(slug="pikkujatti-puhelut")
    assert register.response_target_days == 7
    assert register.discloses_to_authorities
    assert "Tietosuojalaki (1050/2018)" in register.national_law
    assert register.contacts.get(kind="dpo").name == "Marliina Mäkinen"
    assert "automaattisella äänitiedotteella" in register.caller_information
    assert set(register.rights_offered) == {"access", "erasure", "complaint"}


def test_2m_it_facts():
    seed_registers_load()
    register = Register.objects.get(slug="2m-it-tuki")
    assert register.caller_information == "Puhelut tallennetaan asiakaspalvelumme laadun kehittämiseksi."
    assert register.contacts.get(kind="dpo").address == "PL 130, 20521 Turku"
    assert register.processors.get().name == "Elisa"
    assert "Ei liity automaattista päätöksentekoa" in register.automated_decision_making
    assert {"direct_marketing", "portability", "withdraw_consent"} <= set(register.rights_offered)


def test_phm_facts():
    seed_registers_load()
    register = Register.objects.get(slug="phm-asiakaspalvelu")
    assert str(register.notice_updated_on) == "2023-09-12"
    assert "Punavaara Oy" in register.controller.trade_names
    requests = register.contacts.get(kind="requests")
    assert requests.email == "tietosuoja@phmgroup.com" and "Takomotie 1-3" in requests.address
    assert "rikosepäilyjen" in register.retention_description


def test_onni_ja_hoiva_keeps_both_request_addresses_and_ajas_holds_the_data():
    seed_registers_load()
    register = Register.objects.get(slug="onni-ja-hoiva-asiakkaat")
    addresses = list(register.contacts.filter(kind="requests").values_list("address", flat=True))
    assert addresses == ["Mäkelänkatu 37, 00550 Helsinki", "Pengerkatu 11 a 1, 00530 Helsinki"]
    ajas = register.processors.get()
    assert ajas.name == "Ajas Oy" and ajas.holds_register_data
    assert register.request_channel == "signed_letter" and register.access_method == "self_service"
    assert register.retention_event.startswith("asiakas poistaa käyttäjätilinsä")


def test_every_seed_fact_has_an_english_version():
    seed_registers_load()
    for entry in REGISTERS:
        register = Register.objects.get(slug=entry["register"]["slug"])
        for field, value in entry["register"].items():
            if isinstance(value, str) and value and hasattr(register, f"{field}_en") and field != "slug":
                assert getattr(register, f"{field}_en"), f"{register.slug}.{field} has no English version"
