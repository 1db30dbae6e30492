"""Each seed register's privacy notice reads as a real tietosuojaseloste, in Finnish and in English."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from registers.seeding import seed_registers_load
from testkit import make_register

pytestmark = pytest.mark.django_db

SLUGS = [
    "onni-hoiva-puhelut",
    "pikkujatti-puhelut",
    "2m-it-tuki",
    "phm-asiakaspalvelu",
    "onni-ja-hoiva-asiakkaat",
]

# Facts that read the same in both languages: names, IDs, addresses, e-mails, telephone numbers.
FACTS = {
    "onni-hoiva-puhelut": [
        "Med Group Oy",
        "ONNI hoiva",
        "2080120-0",
        "Jaakonkatu 3",
        "01620 Vantaa",
        "asiakaspalvelu@onnihoiva.fi",
        "Anna Korpivaara",
        "anna.korpivaara@medgroup.fi",
        "Malin Koho",
        "malin.koho@medgroup.fi",
        "tietosuoja@medgroup.fi",
        "Benemen",
    ],
    "pikkujatti-puhelut": [
        "Pikkujätti lasten ja nuorten lääkäriasema Oy",
        "2272762-2",
        "Annankatu 34 A",
        "00100 Helsinki",
        "Päivi Honkanen",
        "paivi.honkanen@pikkujatti.fi",
        "Marliina Mäkinen",
        "tietosuoja@pikkujatti.fi",
        "010 380 8000",
        "+358103808000",
        "https://tietosuoja.fi/",
    ],
    "2m-it-tuki": [
        "2M-IT Oy",
        "Joukahaisenkatu 9, 5-7 kerros",
        "20520 Turku",
        "Oona Eskola",
        "PL 130, 20521 Turku",
        "servicedesk@2m-it.fi",
        "Elisa",
    ],
    "phm-asiakaspalvelu": [
        "PHM Group Services Oy",
        "3125932-2",
        "Punavaara Oy c/o PHM Group Services Oy",
        "Takomotie 1-3",
        "00380 Helsinki",
        "tietosuoja@phmgroup.com",
        "010 270 8001",
        "12.9.2023",
    ],
    "onni-ja-hoiva-asiakkaat": [
        "Onni & hoiva Oy",
        "2629593-5",
        "Mäkelänkatu 37",
        "00550 Helsinki",
        "Pengerkatu 11 a 1, 00530 Helsinki",
        "info@onnijahoiva.fi",
        "Elina Kauppila",
        "Ajas Oy",
        "24.5.2018",
    ],
}
# Language-dependent facts: retention, rights, the DPO's title, the announcement and more.
FINNISH = {
    "onni-hoiva-puhelut": [
        "36 kalenterikuukautta puhelun päättymisestä",
        "Tallenteiden säilytysaika on 36 kk.",
        "Med Group Oy:n tietosuojavastaava",
        "Puhelutallenteita ei lähetetä eikä luovuteta",
        "ONNI hoivan osoittamassa tilassa, erikseen sovittavana ajankohtana",
        "Oikeus saada pääsy tietoihin",
        "Asiakaspalvelulinja",
        "Työntekijälinja",
        "Päivystyslinja",
        "Suomessa sijaitseville palvelinlaitteille",
        "kuuntelu-oikeus",
    ],
    "pikkujatti-puhelut": [
        "12 kalenterikuukautta puhelun päättymisestä",
        "noin viikon kuluessa",
        "noin 7 päivän kuluessa",
        "poliisiviranomaisen haltuun",
        "Tietosuojalaki (1050/2018)",
        "Pikkujätin tietosuojavastaava (sijainen)",
        "automaattisella äänitiedotteella",
        "Oikeus tietojen poistamiseen",
    ],
    "2m-it-tuki": [
        "61 päivää puhelun päättymisestä",
        "Puhelutallenteita säilytetään 61 vrk",
        "Puhelut tallennetaan asiakaspalvelumme laadun kehittämiseksi",
        "Ei liity automaattista päätöksentekoa",
        "Oikeus siirtää tiedot järjestelmästä toiseen",
        "Elisan käytössä olevalla Suomessa sijaitsevalla palvelimella",
    ],
    "phm-asiakaspalvelu": [
        "6 kalenterikuukautta puhelun päättymisestä",
        "6 kuukauden jälkeen",
        "rikosten selvittämiseksi",
        "Vastustamisoikeus ja oikeus käsittelyn rajoittamiseen",
        "Tallentaminen perustuu rekisterinpitäjän oikeutettuun etuun",
    ],
    "onni-ja-hoiva-asiakkaat": [
        "kunnes asiakas poistaa käyttäjätilinsä tai pyytää meitä poistamaan sen",
        "henkilökohtaisesti allekirjoitetulla kirjeellä",
        "Tietojen tarkastaminen on maksutonta",
        "Ajas Oy on näiden tietojen rekisterinpitäjä",
        "Tarkastuspyynnöt",
        "Korjauspyynnöt",
        "rekisteri on sen järjestelmässä",
    ],
}
ENGLISH = {
    "onni-hoiva-puhelut": [
        "36 calendar months from the end of the call",
        "Recordings are kept for 36 months.",
        "Data protection officer of Med Group Oy",
        "neither sent nor disclosed",
        "in premises designated by ONNI hoiva, at a time agreed separately",
        "Right of access",
        "Customer service line",
        "Employee line",
        "On-call line",
        "server hardware located in Finland",
    ],
    "pikkujatti-puhelut": [
        "12 calendar months from the end of the call",
        "within about a week",
        "within about 7 days",
        "handed over to the police",
        "Data Protection Act (1050/2018)",
        "Data protection officer of Pikkujätti (deputy)",
        "automatic voice announcement",
        "Right to erasure",
    ],
    "2m-it-tuki": [
        "61 days from the end of the call",
        "Call recordings are kept for 61 days",
        "Calls are recorded to improve the quality of our customer service",
        "No automated decision-making",
        "Right to data portability",
        "server in Finland used by Elisa",
    ],
    "phm-asiakaspalvelu": [
        "6 calendar months from the end of the call",
        "deleted automatically after 6 months",
        "to investigate crimes",
        "Right to object",
        "based on the controller's legitimate interest",
    ],
    "onni-ja-hoiva-asiakkaat": [
        "until the customer deletes their user account or asks us to delete it",
        "personally signed letter",
        "free of charge",
        "Ajas Oy is the controller of these data",
        "Requests for access",
        "Requests for rectification",
        "the register is kept in its system",
    ],
}
FINNISH_HEADINGS = [
    "Rekisterinpitäjä",
    "Yhteyshenkilö ja tietosuojavastaava",
    "Rekisterin nimi",
    "Henkilötietojen käsittelyn tarkoitus ja oikeusperuste",
    "Rekisterin tietosisältö",
    "Säännönmukaiset tietolähteet",
    "Tietojen säännönmukaiset luovutukset ja vastaanottajat",
    "Henkilötietojen käsittelijät",
    "Tietojen siirto EU:n tai ETA-alueen ulkopuolelle",
    "Henkilötietojen säilytysaika",
    "Rekisterin suojauksen periaatteet ja säilytyspaikka",
    "Rekisteröidyn oikeudet ja niiden käyttäminen",
]
ENGLISH_HEADINGS = [
    "Controller",
    "Contact person and data protection officer",
    "Name of the register",
    "Purpose and legal basis of processing",
    "Data content of the register",
    "Regular sources of data",
    "Regular disclosures and recipients",
    "Processors",
    "Transfers outside the EU or the EEA",
    "Retention period",
    "Security principles and storage location",
    "Rights of the data subject and how to use them",
]


@pytest.fixture(autouse=True)
def seeds():
    seed_registers_load()


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html_lib.unescape(re.sub(r"\s+", " ", response.content.decode()))


def _headings(page: str) -> list[tuple[int, str]]:
    return [
        (int(n), title.strip()) for n, title in re.findall(r"<h2 id=\"section-\d+-title\">(\d+)\. ([^<]+)</h2>", page)
    ]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_finnish_notice_states_every_fact_of_the_seed(client, slug):
    page = _page(client, f"/privacy/{slug}/")
    for fact in FACTS[slug] + FINNISH[slug]:
        assert fact in page, fact


@pytest.mark.parametrize("slug", SLUGS)
def test_the_english_notice_states_every_fact_in_english(client, slug):
    page = _page(client, f"/en/privacy/{slug}/")
    for fact in FACTS[slug] + ENGLISH[slug]:
        assert fact in page, fact
    assert '<html lang="en">' in page


@pytest.mark.parametrize("slug", SLUGS)
def test_the_finnish_notice_has_the_twelve_usual_sections_numbered_in_order(client, slug):
    headings = _headings(_page(client, f"/privacy/{slug}/"))
    assert [n for n, _ in headings] == list(range(1, len(headings) + 1))
    assert [title for _, title in headings[:12]] == FINNISH_HEADINGS
    assert '<html lang="fi">' in _page(client, f"/privacy/{slug}/")


@pytest.mark.parametrize("slug", SLUGS)
def test_the_english_notice_has_english_headings(client, slug):
    page = _page(client, f"/en/privacy/{slug}/")
    assert [title for _, title in _headings(page)[:12]] == ENGLISH_HEADINGS
    assert "<h1" in page and "Privacy notice</h1>" in page
    assert "Rekisterinpitäjä</h2>" not in page


@pytest.mark.parametrize(
    ("slug", "language", "authority"),
    [
        (slug, language, authority)
        for slug in SLUGS
        for language, authority in (
            ("", "Tietosuojavaltuutetun toimisto"),
            ("/en", "Office of the Data Protection Ombudsman"),
        )
    ],
)
def test_every_notice_names_the_complaint_authority_with_its_address(client, slug, language, authority):
    page = _page(client, f"{language}/privacy/{slug}/")
    rights = page[page.index("12. ") :]
    assert authority in rights
    assert "PL 800, 00531 Helsinki" in rights and "https://tietosuoja.fi" in rights


@pytest.mark.parametrize(
    ("slug", "announced"),
    [
        ("onni-hoiva-puhelut", False),
        ("pikkujatti-puhelut", True),
        ("2m-it-tuki", True),
        ("phm-asiakaspalvelu", False),
        ("onni-ja-hoiva-asiakkaat", False),
    ],
)
def test_the_announcement_section_appears_only_where_the_notice_states_one(client, slug, announced):
    headings = dict(_headings(_page(client, f"/privacy/{slug}/")))
    assert (headings.get(13) == "Tallentamisesta tiedottaminen") is announced


def test_the_dpo_contact_is_under_section_two(client):
    page = _page(client, "/privacy/2m-it-tuki/")
    section_two = page[page.index("2. Yhteyshenkilö") : page.index("3. Rekisterin nimi")]
    assert "Tietosuojavastaava" in section_two and "Oona Eskola" in section_two
    assert "PL 130" in section_two and "servicedesk@2m-it.fi" in section_two


def test_e_mail_addresses_are_links(client):
    page = _page(client, "/privacy/onni-hoiva-puhelut/")
    assert '<a href="mailto:malin.koho@medgroup.fi">malin.koho@medgroup.fi</a>' in page


def test_the_notice_is_public_and_has_no_inline_script_or_style(client):
    response = client.get("/privacy/onni-hoiva-puhelut/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script" not in page.split("</main>")[0].split("<main")[1]
    assert "style=" not in page and "<style" not in page


def test_an_unknown_register_is_404_in_both_languages(client):
    assert client.get("/privacy/no-such-register/").status_code == 404
    assert client.get("/en/privacy/no-such-register/").status_code == 404


def test_a_register_with_little_stated_still_shows_all_twelve_sections_and_no_none(client):
    register = make_register(recipients="", transfers_description="", storage_location="")
    page = _page(client, f"/privacy/{register.slug}/")
    assert len(_headings(page)) == 12
    assert "None" not in page
    assert "Ei ilmoitettu tässä selosteessa." in page
    assert "Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle." in page
