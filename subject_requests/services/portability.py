"""Portability (art. 20): a machine-readable package where the legal basis allows it, reasons elsewhere."""

from __future__ import annotations

from django.db import transaction

from registers.models import LegalBasis

from .. import letters, selectors
from ..models import (
    DecisionOutcome,
    ExportPackage,
    LetterKind,
    PackageKind,
    RequestRight,
    RightDecision,
    SubjectRequest,
)
from .common import _audit, _decision_record, _included, _require_dpo, _require_right, _require_verified
from .letters import letter_write
from .packages import _delivery_letter, _package_store

# Art. 20(1)(a): portability applies only to processing based on consent or a contract.
PORTABLE_BASES = (LegalBasis.CONSENT, LegalBasis.CONTRACT)
PORTABILITY_REFUSAL = {
    "fi": "Rekisterin {register} tietojen käsittely perustuu rekisterinpitäjän oikeutettuun etuun tai muuhun "
    "kuin suostumukseen tai sopimukseen. Oikeus siirtää tiedot järjestelmästä toiseen koskee vain suostumukseen "
    "tai sopimukseen perustuvaa käsittelyä (tietosuoja-asetuksen 20 artiklan 1 kohdan a alakohta). Voit "
    "kuitenkin saada tallenteesi oikeutesi nojalla saada pääsy tietoihin (15 artikla).",
    "en": "Processing in the register {register} is based on the controller's legitimate interests or another "
    "basis than consent or a contract. The right to data portability applies only to processing based on consent "
    "or a contract (GDPR art. 20(1)(a)). You may still receive your recordings under your right of access "
    "(art. 15).",
}


def portability_answer(
    *, subject_request: SubjectRequest, actor, link_base: str, http_request=None
) -> tuple[RightDecision, ExportPackage | None, str | None]:
    """Give the data in machine-readable form where the legal basis allows it; refuse with reasons elsewhere."""
    _require_dpo(actor, subject_request.controller)
    _require_verified(subject_request)
    _require_right(subject_request, RequestRight.PORTABILITY)
    language = subject_request.language
    matches = _included(subject_request, actor)
    registers = {m.register for m in matches} or set(selectors.dpo_registers(actor, subject_request.controller))
    portable = {r for r in registers if r.legal_basis in PORTABLE_BASES}
    refused_registers = sorted(registers - portable, key=lambda r: r.name)
    refusal_reasons = [
        PORTABILITY_REFUSAL[language].format(register=letters.register_facts(r, language).name)
        for r in refused_registers
    ]
    portable_matches = [m for m in matches if m.register in portable]
    package = token = None
    if portable_matches:
        _s, cover = letters.render_letter(
            LetterKind.DECISION,
            subject_request,
            right=letters.right_names([RequestRight.PORTABILITY], language)[0],
            outcome=DecisionOutcome.GRANTED,
            reasons="",
            portable=True,
        )
        package, token = _package_store(
            subject_request,
            actor=actor,
            kind=PackageKind.PORTABILITY,
            matches=portable_matches,
            letter_text=cover,
            with_listen_copies=False,
        )
        _audit(
            "export",
            subject_request,
            actor=actor,
            http_request=http_request,
            obj=package,
            details={
                "stage": "created",
                "package": package.pk,
                "kind": PackageKind.PORTABILITY,
                "recordings": package.recordings_count,
            },
        )
    if package and refusal_reasons:
        outcome = DecisionOutcome.PARTIALLY_GRANTED
    elif package:
        outcome = DecisionOutcome.GRANTED
    else:
        outcome = DecisionOutcome.REFUSED
        if not refusal_reasons:
            refusal_reasons = [
                "Tallenteita ei löytynyt rekistereistä, joiden käsittely perustuu suostumukseen tai sopimukseen."
                if language == "fi"
                else "No recordings were found in registers whose processing is based on consent or a contract."
            ]
    reasons = "\n\n".join(refusal_reasons)
    with transaction.atomic():
        decision = _decision_record(
            subject_request,
            actor=actor,
            right=RequestRight.PORTABILITY,
            outcome=outcome,
            reasons=reasons,
            http_request=http_request,
        )
    right_name = letters.right_names([RequestRight.PORTABILITY], language)[0]
    if package is None:
        letter_write(
            subject_request=subject_request,
            actor=actor,
            kind=LetterKind.REFUSAL,
            http_request=http_request,
            refused_rights=[{"right": right_name, "recordings": [], "reasons": reasons}],
        )
    else:
        letter_write(
            subject_request=subject_request,
            actor=actor,
            kind=LetterKind.DECISION,
            http_request=http_request,
            right=right_name,
            outcome=outcome,
            reasons=reasons,
            portable=True,
        )
        _delivery_letter(subject_request, package, token, actor=actor, link_base=link_base, http_request=http_request)
    return decision, package, token
