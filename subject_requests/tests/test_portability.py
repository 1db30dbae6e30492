"""Portability: refused with reasons on a legitimate-interest register, a JSON export on a consent register."""

from __future__ import annotations

import io
import json
import zipfile

from registers.models import LegalBasis
from subject_requests import services
from subject_requests.models import DecisionOutcome, LetterKind, PackageKind

from .conftest import LINK_BASE


def test_portability_is_refused_where_the_basis_is_legitimate_interests(personas, searched_request):
    assert personas.register.legal_basis == LegalBasis.LEGITIMATE_INTERESTS
    subject_request = searched_request(rights=["portability"])
    decision, package, token = services.portability_answer(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    assert decision.outcome == DecisionOutcome.REFUSED and package is None and token is None
    assert "20 artiklan 1 kohdan a alakohta" in decision.reasons
    letter = subject_request.letters.get(kind=LetterKind.REFUSAL)
    assert "oikeutettuun etuun" in letter.body and "Tietosuojavaltuutetun toimisto" in letter.body
    assert not subject_request.packages.exists()


def test_portability_on_a_consent_register_gives_machine_readable_data(personas, searched_request, client):
    personas.register.legal_basis = LegalBasis.CONSENT
    personas.register.save()
    subject_request = searched_request(rights=["portability"])
    decision, package, token = services.portability_answer(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    assert decision.outcome == DecisionOutcome.GRANTED and package.kind == PackageKind.PORTABILITY
    response = client.post(f"/exports/{token}/", follow=True)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    records = json.loads(archive.read("metadata.json"))["recordings"]
    assert len(records) == 2 and all(r["original_file"] in archive.namelist() for r in records)
