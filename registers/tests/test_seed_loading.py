"""The five seed notices load with every fact, and loading twice changes nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.core import serializers
from django.core.management import call_command

from registers.models import Contact, Controller, Processor, Register, ServiceLine
from registers.seeding import REGISTERS, seed_registers_load

pytestmark = pytest.mark.django_db

SLUGS = [
    "onni-hoiva-puhelut",
    "pikkujatti-puhelut",
    "2m-it-tuki",
    "phm-asiakaspalvelu",
    "onni-ja-hoiva-asiakkaat",
]
MODELS = (Controller, Register, Contact, ServiceLine, Processor)


def _dump() -> list:
    """Every seeded row's values, without the timestamps."""
    rows = []
    for model in MODELS:
        fields = [f.name for f in model._meta.concrete_fields if f.name not in ("id", "created_at", "updated_at")]
        rows += json.loads(serializers.serialize("json", model.objects.order_by("pk"), fields=fields))
    return rows


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def seeded():
    seed_registers_load()


def _register(slug: str) -> Register:
    return Register.objects.select_related("controller").get(slug=slug)


# ---- loading and idempotence ---------------------------------------------------------------------


def test_the_command_loads_five_controllers_with_the_requested_slugs():
    out = io.StringIO()
    call_command("load_seed_registers", stdout=out)
    assert sorted(Register.objects.values_list("slug", flat=True)) == sorted(SLUGS)
    assert Controller.objects.count() == 5
    assert f"{sum(_counts().values())} created, 0 updated" in out.getvalue()
    assert all(slug in out.getvalue() for slug in SLUGS)


def test_loading_twice_changes_no_count_and_no_value():
    seed_registers_load()
    counts, dump = _counts(), _dump()
    updated_at = dict(Register.objects.values_list("slug", "updated_at"))
    stats = seed_registers_load()
    assert stats.objects_changed == 0
    assert stats.created == 0 and stats.updated == 0
    assert _counts() == counts
    assert _dump() == dump
    assert dict(Register.objects.values_list("slug", "updated_at")) == updated_at


def test_the_command_run_twice_reports_nothing_created_or_updated_the_second_time():
    call_command("load_seed_registers", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_seed_registers", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()


def test_the_first_load_creates_exactly_the_seeded_rows():
    stats = seed_registers_load()
    assert _counts() == {"Controller": 5, "Register": 5, "Contact": 10, "ServiceLine": 8, "Processor": 5}
    assert stats.created == sum(_counts().values())


def test_a_value_edited_by_hand_is_restored_by_reloading_without_duplicating_anything():
    seed_registers_load()
    counts = _counts()
    Register.objects.filter(slug="onni-hoiva-puhelut").update(retention_value=1)
    Contact.objects.filter(name="Malin Koho").update(email="wrong@example.com")
    stats = seed_registers_load()
    assert stats.updated == 2 and stats.created == 0
    assert _register("onni-hoiva-puhelut").retention_value == 36
    assert Contact.objects.get(name="Malin Koho").email == "malin.koho@medgroup.fi"
    assert _counts() == counts


def test_every_seeded_object_passes_full_clean(seeded):
    for model in MODELS:
        for obj in model.objects.all():
            obj.full_clean()


def test_every_finnish_fact_has_an_english_version(seeded):
    for entry in REGISTERS:
        register = _register(entry["register"]["slug"])
        for name, value in entry["register"].items():
            if isinstance(value, str) and value and hasattr(register, f"{name}_en"):
                assert getattr(register, f"{name}_en"), f"{register.slug}.{name} has no English version"
        for contact in entry["contacts"]:
            for name in ("title", "note"):
                if contact.get(name):
                    assert contact.get(f"{name}_en"), f"{register.slug} contact {name} has no English version"


# ---- controllers ---------------------------------------------------------------------------------


def test_business_ids_are_the_ones_each_notice_states_and_2m_it_has_none(seeded):
    ids = dict(Controller.objects.values_list("name", "business_id"))
    assert ids == {
        "Med Group Oy": "2080120-0",
        "Pikkujätti lasten ja nuorten lääkäriasema Oy": "2272762-2",
        "2M-IT Oy": "",
        "PHM Group Services Oy": "3125932-2",
        "Onni & hoiva Oy": "2629593-5",
    }


@pytest.mark.parametrize(
    ("slug", "controller", "street", "postal_code", "city"),
    [
        ("onni-hoiva-puhelut", "Med Group Oy", "Jaakonkatu 3", "01620", "Vantaa"),
        ("pikkujatti-puhelut", "Pikkujätti lasten ja nuorten lääkäriasema Oy", "Annankatu 34 A", "00100", "Helsinki"),
        ("2m-it-tuki", "2M-IT Oy", "Joukahaisenkatu 9, 5-7 kerros", "20520", "Turku"),
        ("phm-asiakaspalvelu", "PHM Group Services Oy", "Takomotie 1-3", "00380", "Helsinki"),
        ("onni-ja-hoiva-asiakkaat", "Onni & hoiva Oy", "Mäkelänkatu 37", "00550", "Helsinki"),
    ],
)
def test_each_register_belongs_to_its_controller_at_the_notices_address(
    seeded, slug, controller, street, postal_code, city
):
    c = _register(slug).controller
    assert (c.name, c.street_address, c.postal_code, c.city) == (controller, street, postal_code, city)


def test_controllers_keep_their_trade_names_group_and_contact_details(seeded):
    med = Controller.objects.get(name="Med Group Oy")
    assert med.trade_name_list == ["ONNI hoiva"]
    assert med.group_description.startswith("Med Group Oy ja sen tytäryhtiöt")
    assert med.email == "asiakaspalvelu@onnihoiva.fi"
    phm = Controller.objects.get(name="PHM Group Services Oy")
    assert "Punavaara Oy" in phm.group_description and "Punavaara Oy" in phm.group_description_en
    assert (phm.email, phm.phone) == ("tietosuoja@phmgroup.com", "010 270 8001")
    assert Controller.objects.get(name="Onni & hoiva Oy").email == "info@onnijahoiva.fi"


# ---- contacts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "name", "email", "phone", "address"),
    [
        ("onni-hoiva-puhelut", "Malin Koho", "malin.koho@medgroup.fi", "", ""),
        ("pikkujatti-puhelut", "Marliina Mäkinen", "tietosuoja@pikkujatti.fi", "010 380 8000", ""),
        ("2m-it-tuki", "Oona Eskola", "servicedesk@2m-it.fi", "", "PL 130, 20521 Turku"),
    ],
)
def test_the_dpo_named_in_the_notice_is_the_registers_dpo_contact(seeded, slug, name, email, phone, address):
    dpo = _register(slug).contacts.get(kind="dpo")
    assert (dpo.name, dpo.email, dpo.phone, dpo.address) == (name, email, phone, address)


def test_registers_whose_notice_names_no_dpo_have_no_dpo_contact(seeded):
    for slug in ("phm-asiakaspalvelu", "onni-ja-hoiva-asiakkaat"):
        assert not _register(slug).contacts.filter(kind="dpo").exists()


def test_contact_persons_and_separate_addresses_are_kept(seeded):
    onni = _register("onni-hoiva-puhelut")
    anna = onni.contacts.get(kind="register_contact")
    assert (anna.name, anna.email, anna.title) == (
        "Anna Korpivaara",
        "anna.korpivaara@medgroup.fi",
        "Asiakaspalvelukeskuksen esimies",
    )
    assert onni.contacts.get(kind="inquiries").email == "tietosuoja@medgroup.fi"

    paivi = _register("pikkujatti-puhelut").contacts.get(kind="register_contact")
    assert (paivi.name, paivi.organisation, paivi.phone) == (
        "Päivi Honkanen",
        "Pikkujätti puhelinpalvelu",
        "010 380 8000",
    )
    assert paivi.email == "paivi.honkanen@pikkujatti.fi"

    phm = _register("phm-asiakaspalvelu").contacts.get(kind="requests")
    assert phm.organisation == "Punavaara Oy c/o PHM Group Services Oy"
    assert (phm.address, phm.phone, phm.email) == (
        "Takomotie 1-3, 00380 Helsinki",
        "010 270 8001",
        "tietosuoja@phmgroup.com",
    )

    onni_ja_hoiva = _register("onni-ja-hoiva-asiakkaat")
    assert onni_ja_hoiva.contacts.get(kind="register_contact").name == "Elina Kauppila"


def test_onni_ja_hoiva_keeps_both_request_addresses_each_for_its_own_requests(seeded):
    requests = list(_register("onni-ja-hoiva-asiakkaat").contacts.filter(kind="requests").order_by("order"))
    assert [c.address for c in requests] == ["Mäkelänkatu 37, 00550 Helsinki", "Pengerkatu 11 a 1, 00530 Helsinki"]
    assert "Tarkastuspyynnöt" in requests[0].note and "Korjauspyynnöt" in requests[1].note
    assert "access" in requests[0].note_en and "rectification" in requests[1].note_en


# ---- retention ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "value", "unit", "trigger", "stated"),
    [
        ("onni-hoiva-puhelut", 36, "months", "call_end", "36 kk"),
        ("pikkujatti-puhelut", 12, "months", "call_end", "12 kuukautta puhelun päättymisestä"),
        ("2m-it-tuki", 61, "days", "call_end", "61 vrk"),
        ("phm-asiakaspalvelu", 6, "months", "call_end", "6 kuukauden jälkeen"),
        ("onni-ja-hoiva-asiakkaat", None, "months", "event", "poistaa käyttäjätilinsä"),
    ],
)
def test_each_register_has_the_retention_rule_its_notice_states(seeded, slug, value, unit, trigger, stated):
    register = _register(slug)
    assert (register.retention_value, register.retention_unit, register.retention_trigger) == (value, unit, trigger)
    assert stated in register.retention_description


def test_the_customer_register_is_kept_until_the_account_is_deleted(seeded):
    register = _register("onni-ja-hoiva-asiakkaat")
    assert register.is_event_based
    assert register.retention_event == "asiakas poistaa käyttäjätilinsä tai pyytää meitä poistamaan sen"
    assert register.retention_event_en == "the customer deletes their user account or asks us to delete it"


def test_2m_it_states_one_period_61_days_not_also_2_months(seeded):
    register = _register("2m-it-tuki")
    assert "2kk" not in register.retention_description + register.storage_location
    assert "Reklamaatio- ja koulutustarkoituksessa" in register.retention_description


# ---- rights -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "rights", "access_method", "channel"),
    [
        ("onni-hoiva-puhelut", {"access", "rectification", "complaint"}, "on_premises", "any"),
        ("pikkujatti-puhelut", {"access", "erasure", "complaint"}, "copy", "written"),
        (
            "2m-it-tuki",
            {
                "access",
                "rectification",
                "erasure",
                "restriction",
                "portability",
                "direct_marketing",
                "withdraw_consent",
                "complaint",
            },
            "copy",
            "written",
        ),
        (
            "phm-asiakaspalvelu",
            {"access", "rectification", "erasure", "objection", "restriction", "complaint"},
            "copy",
            "written",
        ),
        (
            "onni-ja-hoiva-asiakkaat",
            {"access", "rectification", "erasure", "direct_marketing", "complaint"},
            "self_service",
            "signed_letter",
        ),
    ],
)
def test_each_register_offers_the_rights_its_notice_lists_and_says_how(seeded, slug, rights, access_method, channel):
    register = _register(slug)
    assert set(register.rights_offered) == rights
    assert (register.access_method, register.request_channel) == (access_method, channel)
    assert register.identity_verified


def test_pikkujatti_promises_an_answer_within_about_a_week(seeded):
    register = _register("pikkujatti-puhelut")
    assert register.response_target_days == 7
    assert "noin viikon kuluessa" in register.rights_description
    assert "about a week" in register.rights_description_en


def test_onni_hoiva_offers_listening_on_the_premises_and_never_sends_recordings(seeded):
    register = _register("onni-hoiva-puhelut")
    assert "ONNI hoivan osoittamassa tilassa, erikseen sovittavana ajankohtana" in register.rights_description
    assert register.recipients == "Puhelutallenteita ei lähetetä eikä luovuteta."


def test_onni_ja_hoiva_access_by_signed_letter_is_free_of_charge(seeded):
    register = _register("onni-ja-hoiva-asiakkaat")
    assert "henkilökohtaisesti allekirjoitetulla kirjeellä" in register.rights_description
    assert "Tietojen tarkastaminen on maksutonta." in register.rights_description


# ---- lines, processors, announcement and the rest ------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "lines"),
    [
        (
            "onni-hoiva-puhelut",
            {
                ("customer_service", "Asiakaspalvelulinja"),
                ("employees", "Työntekijälinja"),
                ("on_call", "Päivystyslinja"),
            },
        ),
        ("pikkujatti-puhelut", {("customer_service", "Puhelinpalvelu (ajanvaraus ja neuvonta)")}),
        ("2m-it-tuki", {("user_support", "Käyttäjätuki"), ("on_call", "Varallaolo")}),
        ("phm-asiakaspalvelu", {("customer_service", "Asiakaspalvelunumerot")}),
        ("onni-ja-hoiva-asiakkaat", {("customer_service", "Ajanvaraus ja asiakaspalvelu")}),
    ],
)
def test_each_register_records_the_service_lines_its_notice_names(seeded, slug, lines):
    assert set(_register(slug).service_lines.values_list("kind", "name")) == lines


def test_the_pikkujatti_telephone_service_line_has_its_number_in_e164(seeded):
    assert _register("pikkujatti-puhelut").service_lines.get().number == "+358103808000"


@pytest.mark.parametrize(
    ("slug", "processor", "holds_data"),
    [
        ("onni-hoiva-puhelut", "Benemen", False),
        ("pikkujatti-puhelut", "Ohjelmien toimittaja", False),
        ("2m-it-tuki", "Elisa", False),
        ("phm-asiakaspalvelu", "Puheluiden tallennuksen palveluntarjoaja", False),
        ("onni-ja-hoiva-asiakkaat", "Ajas Oy", True),
    ],
)
def test_each_register_names_its_processor_and_ajas_holds_the_customer_data(seeded, slug, processor, holds_data):
    only = _register(slug).processors.get()
    assert (only.name, only.holds_register_data) == (processor, holds_data)
    assert only.service and only.service_en


@pytest.mark.parametrize(
    ("slug", "announcement"),
    [
        ("pikkujatti-puhelut", "puhelun alussa automaattisella äänitiedotteella."),
        ("2m-it-tuki", "”Puhelut tallennetaan asiakaspalvelumme laadun kehittämiseksi”"),
    ],
)
def test_callers_are_told_of_recording_as_the_notice_states(seeded, slug, announcement):
    register = _register(slug)
    assert announcement in register.caller_information
    assert register.caller_information_en


def test_registers_whose_notice_states_no_announcement_invent_none(seeded):
    for slug in ("onni-hoiva-puhelut", "phm-asiakaspalvelu", "onni-ja-hoiva-asiakkaat"):
        assert _register(slug).caller_information == ""


def test_only_onni_hoiva_lets_agents_listen_to_their_own_calls(seeded):
    allowed = set(Register.objects.filter(agents_may_listen_own_calls=True).values_list("slug", flat=True))
    assert allowed == {"onni-hoiva-puhelut"}
    register = _register("onni-hoiva-puhelut")
    assert "asiakaspalveluun osallistuvalla työntekijällä" in register.listening_description
    assert "Med Group tietohallinnon henkilöstöllä" in register.access_description


def test_disclosure_to_authorities_is_set_only_where_the_notice_states_it(seeded):
    disclosing = set(Register.objects.filter(discloses_to_authorities=True).values_list("slug", flat=True))
    assert disclosing == {"pikkujatti-puhelut", "phm-asiakaspalvelu", "onni-ja-hoiva-asiakkaat"}
    assert "poliisiviranomaisen haltuun" in _register("pikkujatti-puhelut").recipients
    assert "rikosten selvittämiseksi" in _register("phm-asiakaspalvelu").recipients


def test_no_register_transfers_data_outside_the_eea(seeded):
    assert not Register.objects.filter(transfers_outside_eea=True).exists()
    assert "Seloste ei kerro siirroista" in _register("onni-ja-hoiva-asiakkaat").transfers_description


def test_storage_location_security_and_legal_basis_come_from_the_notices(seeded):
    onni = _register("onni-hoiva-puhelut")
    assert "Suomessa sijaitseville palvelinlaitteille" in onni.storage_location
    assert "elektroninen kulunvalvontajärjestelmä" in onni.security_measures
    assert "Elisan käytössä olevalla Suomessa sijaitsevalla palvelimella" in _register("2m-it-tuki").storage_location
    phm_basis = _register("phm-asiakaspalvelu").legal_basis_detail
    assert phm_basis == "Tallentaminen perustuu rekisterinpitäjän oikeutettuun etuun."
    assert _register("onni-ja-hoiva-asiakkaat").legal_basis == "contract"
    assert "Tietosuojalaki (1050/2018)" in _register("pikkujatti-puhelut").national_law


def test_data_content_and_recorded_metadata_follow_each_notice(seeded):
    assert set(_register("onni-hoiva-puhelut").recorded_metadata) == {
        "start_time",
        "duration",
        "caller_number",
        "callee_number",
        "agent_name",
        "content",
    }
    assert set(_register("pikkujatti-puhelut").recorded_metadata) == {
        "start_time",
        "caller_number",
        "service_number",
        "agent_name",
        "content",
    }
    assert "- potilastietoa, nimi, henkilötunnus" in _register("2m-it-tuki").data_content
    assert _register("onni-ja-hoiva-asiakkaat").recorded_metadata == []
    assert (
        "Kenen ammatinharjoittajan palveluja asiakas on käyttänyt" in _register("onni-ja-hoiva-asiakkaat").data_content
    )


def test_dates_and_other_information_are_kept(seeded):
    assert str(_register("phm-asiakaspalvelu").notice_updated_on) == "2023-09-12"
    assert str(_register("onni-ja-hoiva-asiakkaat").notice_updated_on) == "2018-05-24"
    assert _register("2m-it-tuki").automated_decision_making == "Ei liity automaattista päätöksentekoa."
    assert _register("pikkujatti-puhelut").additional_information.startswith("Rekisterihallinto:")
