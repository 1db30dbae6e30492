"""Each seed register's privacy notice reads as a real tietosuojaseloste, in Finnish and in English."""

from __future__ import annotations

import re

import pytest

from registers.seed_data import seed_registers_load

pytestmark = pytest.mark.django_db

FACTS = {
    "onni-hoiva-puhelut": [
        "Med Group Oy",
        "ONNI hoiva",
        "2080120-0",
        "Jaakonkatu 3, 01620 Vantaa",
        "Malin Koho",
        "malin.koho@medgroup.fi",
        "Anna Korpivaara",
        "Benemen",
        "tietosuoja@medgroup.fi",
    ],
    "pikkujatti-puhelut": [
        "2272762-2",
        "Annankatu 34 A",
        "Marliina Mäkinen",
        "tietosuoja@pikkujatti.fi",
        "Päivi Honkanen",
        "010 380 8000",
    ],
    "2m-it-tuki": [
        "2M-IT Oy",
        "Joukahaisenkatu 9",
        "Oona Eskola",
        "PL 130, 20521 Turku",
        "servicedesk@2m-it.fi",
        "Elisa",
    ],
    "phm-asiakaspalvelu": [
        "PHM Group Services Oy",
        "3125932-2",
        "Punavaara Oy",
        "Takomotie 1-3",
        "tietosuoja@phmgroup.com",
        "010 270 8001",
    ],
    "onni-ja-hoiva-asiakkaat": [
        "Onni &amp; hoiva Oy",
        "2629593-5",
        "Mäkelänkatu 37",
        "Pengerkatu 11 a 1",
        "Elina Kauppila",
        "Ajas Oy",
    ],
}
FINNISH = {
    "onni-hoiva-puhelut": [
        "36 kalenterikuukautta puhelun päättymisestä",
        "Puhelutallenteita ei lähetetä eikä luovuteta",
        "Asiakaspalvelulinja",
        "Päivystyslinja",
    ],
    "pikkujatti-puhelut": [
        "12 kalenterikuukautta puhelun päättymisestä",
        "noin viikon",
        "poliisi",
        "Tietosuojalaki (1050/2018)",
    ],
    "2m-it-tuki": ["61 päivää puhelun päättymisestä", "Puhelut tallennetaan asiakaspalvelumme laadun kehittämiseksi"],
    "phm-asiakaspalvelu": ["6 kalenterikuukautta puhelun päättymisestä", "12.9.2023"],
    "onni-ja-hoiva-asiakkaat": ["asiakas poistaa käyttäjätilinsä", "allekirjoitetulla kirjeellä"],
}
ENGLISH = {
    "onni-hoiva-puhelut": ["36 calendar months from the end of the call", "neither sent nor disclosed"],
    "pikkujatti-puhelut": [
        "12 calendar months from the end of the call",
        "about a week",
        "Data Protection Act (1050/2018)",
    ],
    "2m-it-tuki": ["61 days from the end of the call", "Calls are recorded to improve the quality"],
    "phm-asiakaspalvelu": ["6 calendar months from the end of the call"],
    "onni-ja-hoiva-asiakkaat": ["until the customer deletes their account", "personally signed letter"],
}


@pytest.fixture(autouse=True)
def seeds():
    seed_registers_load()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.mark.parametrize("slug", list(FACTS))
def test_finnish_notice_has_the_facts_in_numbered_sections(client, slug):
    response = client.get(f"/privacy/{slug}/")
    assert response.status_code == 200
    html = _text(response.content.decode())
    for fact in FACTS[slug] + FINNISH[slug]:
        assert fact in html, fact
    assert "1. Rekisterinpitäjä" in html
    assert "Rekisteröidyn oikeudet" in html
    assert "Tietosuojavaltuutetun toimisto" in html
    numbers = [int(n) for n in re.findall(r"<h2>(\d+)\. ", html)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 10


@pytest.mark.parametrize("slug", list(FACTS))
def test_english_notice_has_the_facts_in_english(client, slug):
    response = client.get(f"/en/privacy/{slug}/")
    assert response.status_code == 200
    html = _text(response.content.decode())
    for fact in FACTS[slug] + ENGLISH[slug]:
        assert fact in html, fact
    assert "1. Controller" in html
    assert "Office of the Data Protection Ombudsman" in html
    assert 'lang="en"' in html


def test_the_notice_is_public_and_an_unknown_register_is_404(client):
    assert client.get("/privacy/onni-hoiva-puhelut/").status_code == 200
    assert client.get("/privacy/no-such-register/").status_code == 404
