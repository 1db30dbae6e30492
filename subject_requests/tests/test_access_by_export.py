"""Access by export: the subject downloads a zip whose audio plays, whose metadata matches, with an art. 15 letter."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.core import mail

from audio.probe import probe
from subject_requests import services
from subject_requests.models import DecisionOutcome, LetterKind

from .conftest import LINK_BASE, SUBJECT_NUMBER


@pytest.fixture
def facts_register(personas):
    """Register A with every art. 15 fact filled in, in Finnish and English."""
    register = personas.register
    register.name_en = "Register A (calls)"
    register.purpose = "Asiakastapahtumien varmentaminen ja palvelun laadun kehittäminen."
    register.purpose_en = "Verifying customer transactions and improving service quality."
    register.data_content = "Puhelun ääni ja puhelun tiedot."
    register.data_content_en = "The audio and details of the call."
    register.recorded_metadata = ["start_time", "duration", "caller_number", "content"]
    register.recipients = "Tietoja ei luovuteta konsernin ulkopuolelle."
    register.recipients_en = "Data is not disclosed outside the group."
    register.data_sources = "Puhelun osapuolet."
    register.data_sources_en = "The parties to the call."
    register.retention_description = "Tallenteet säilytetään 12 kuukautta."
    register.retention_description_en = "Recordings are kept for 12 months."
    register.rights_offered = ["access", "erasure", "complaint"]
    register.discloses_to_authorities = True
    register.save()
    return register


def _download(client, token):
    response = client.post(f"/exports/{token}/", follow=True)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_subject_downloads_a_package_with_playable_audio_metadata_and_the_letter(
    personas, facts_register, searched_request, subject_calls, client, tmp_path
):
    subject_request = searched_request()
    package, token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    assert package.recordings_count == 2
    archive = _download(client, token)
    names = archive.namelist()
    assert {"letter.txt", "metadata.json", "metadata.csv"} <= set(names)

    document = json.loads(archive.read("metadata.json"))
    assert document["request"] == subject_request.number
    records = document["recordings"]
    expected = {str(subject_calls["as_caller"].public_id), str(subject_calls["as_callee"].public_id)}
    assert {r["recording_id"] for r in records} == expected
    assert str(subject_calls["someone_else"].public_id) not in archive.read("metadata.json").decode()

    rows = list(csv.DictReader(io.StringIO(archive.read("metadata.csv").decode("utf-8-sig"))))
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        for key, value in record.items():
            assert row[key] == str(value), key
    assert any(row["caller_number"] == SUBJECT_NUMBER for row in rows)

    for record in records:
        original = tmp_path / record["original_file"].replace("/", "_")
        original.write_bytes(archive.read(record["original_file"]))
        import hashlib

        assert hashlib.sha256(original.read_bytes()).hexdigest() == record["original_sha256"]
        assert probe(original).duration_seconds == pytest.approx(record["duration_seconds"], abs=0.3)
        listen = tmp_path / record["listen_file"].replace("/", "_")
        listen.write_bytes(archive.read(record["listen_file"]))
        assert archive.read(record["listen_file"])[:4] == b"OggS"
        assert probe(listen).duration_seconds == pytest.approx(record["duration_seconds"], abs=0.3)

    letter = archive.read("letter.txt").decode()
    for fact in (
        facts_register.purpose,
        facts_register.data_content,
        facts_register.recipients,
        facts_register.data_sources,
        facts_register.retention_description,
        "12 kuukautta puhelun päättymisestä",
        "Tietosuojavaltuutetun toimisto, tietosuoja.fi, PL 800, 00531 Helsinki",
        "oikeutettu etu",
        "poliisille",
    ):
        assert fact in letter, fact


def test_the_cover_letter_is_in_english_when_the_request_is(personas, facts_register, searched_request, client):
    subject_request = searched_request(language="en")
    _package, token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    letter = _download(client, token).read("letter.txt").decode()
    for fact in (
        facts_register.name_en,
        facts_register.purpose_en,
        facts_register.data_content_en,
        facts_register.recipients_en,
        facts_register.data_sources_en,
        facts_register.retention_description_en,
        "12 months from the end of the call",
        "legitimate interests",
        "Office of the Data Protection Ombudsman (Tietosuojavaltuutetun toimisto)",
        "PL 800, 00531 Helsinki",
    ):
        assert fact in letter, fact
    assert facts_register.purpose not in letter


def test_the_link_is_emailed_but_never_kept(personas, searched_request):
    subject_request = searched_request()
    mail.outbox.clear()
    package, token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    delivery = subject_request.letters.get(kind=LetterKind.DELIVERY)
    assert token not in delivery.body
    assert any(f"{LINK_BASE}/exports/{token}/" in m.body for m in mail.outbox)
    assert package.token_hash != token and len(package.token_hash) == 64
    assert subject_request.decisions.get(right="access").outcome == DecisionOutcome.GRANTED


def test_an_excluded_call_stays_out_and_the_letter_says_why(personas, searched_request, subject_calls, client):
    subject_request = searched_request()
    match = subject_request.matches.get(recording_public_id=subject_calls["as_callee"].public_id)
    services.match_decide(
        match=match, actor=personas.dpo, include=False, reason="Puhelussa käsitellään toisen asiakkaan asioita."
    )
    package, token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    archive = _download(client, token)
    assert str(subject_calls["as_callee"].public_id) not in archive.read("metadata.json").decode()
    letter = archive.read("letter.txt").decode()
    assert "Puhelussa käsitellään toisen asiakkaan asioita." in letter and "15 artiklan 4 kohta" in letter
    assert subject_request.decisions.get(right="access").outcome == DecisionOutcome.PARTIALLY_GRANTED


def test_the_stored_package_is_encrypted(personas, searched_request, settings):
    subject_request = searched_request()
    package, _token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    stored = (settings.MEDIA_ROOT / package.blob).read_bytes()
    assert not stored.startswith(b"PK") and b"metadata.json" not in stored
    assert subject_request.number not in package.blob
