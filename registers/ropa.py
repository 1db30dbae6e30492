"""Record of processing activities (GDPR art. 30(1)) as CSV, one row per register."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lib.csv_safety import safe_row

from .models import ContactKind, Register

COLUMNS = [
    ("register", _("Register")),
    ("slug", _("Register id")),
    ("controller", _("Controller")),
    ("business_id", _("Business ID")),
    ("controller_contact", _("Controller contact details")),
    ("register_contact", _("Contact person")),
    ("dpo", _("Data protection officer")),
    ("purposes", _("Purposes of processing")),
    ("legal_basis", _("Legal basis")),
    ("national_law", _("National law")),
    ("data_subjects", _("Categories of data subjects")),
    ("personal_data", _("Categories of personal data")),
    ("recorded_metadata", _("Call metadata recorded")),
    ("sources", _("Data sources")),
    ("recipients", _("Categories of recipients")),
    ("authorities", _("Disclosure to authorities")),
    ("processors", _("Processors")),
    ("transfers", _("Transfers to third countries")),
    ("retention", _("Time limits for erasure")),
    ("storage_location", _("Storage location")),
    ("security", _("Technical and organisational security measures")),
    ("rights", _("Rights offered")),
]


def _contact_line(contact) -> str:
    parts = [contact.name, contact.text("title"), contact.email, contact.phone, contact.address.replace("\n", ", ")]
    return ", ".join(p for p in parts if p)


def ropa_row(register: Register) -> dict[str, str]:
    controller = register.controller
    contacts = list(register.contacts.all()) + [c for c in controller.contacts.all() if c.register_id is None]
    by_kind: dict[str, list[str]] = {}
    for contact in contacts:
        by_kind.setdefault(contact.kind, []).append(_contact_line(contact))
    processors = [f"{p.name}: {p.text('service')}".rstrip(": ") for p in register.processors.all()] or [
        register.text("processors_description")
    ]
    return {
        "register": register.text("name"),
        "slug": register.slug,
        "controller": controller.name,
        "business_id": controller.business_id,
        "controller_contact": ", ".join(
            p for p in [controller.postal_address, controller.email, controller.phone] if p
        ),
        "register_contact": "; ".join(by_kind.get(ContactKind.REGISTER_CONTACT, [])),
        "dpo": "; ".join(by_kind.get(ContactKind.DPO, [])),
        "purposes": register.text("purpose"),
        "legal_basis": " ".join(
            p for p in [str(register.get_legal_basis_display()), register.text("legal_basis_detail")] if p
        ),
        "national_law": register.text("national_law"),
        "data_subjects": register.text("data_subject_categories"),
        "personal_data": register.text("data_content"),
        "recorded_metadata": "; ".join(register.recorded_metadata_labels()),
        "sources": register.text("data_sources"),
        "recipients": register.text("recipients"),
        "authorities": gettext("yes") if register.discloses_to_authorities else gettext("no"),
        "processors": "; ".join(p for p in processors if p),
        "transfers": register.text("transfers_description")
        or (gettext("yes") if register.transfers_outside_eea else gettext("no")),
        "retention": "; ".join(p for p in [register.retention_summary(), register.text("retention_description")] if p),
        "storage_location": register.text("storage_location"),
        "security": register.text("security_measures"),
        "rights": "; ".join(register.rights_offered_labels()),
    }


def write_ropa_csv(stream: TextIO, registers: Iterable[Register], *, language: str = "en") -> None:
    """Write the RoPA to `stream`. Cells are guarded against formula injection."""
    with translation.override(language):
        writer = csv.writer(stream)
        writer.writerow([str(label) for _key, label in COLUMNS])
        for register in registers:
            row = ropa_row(register)
            writer.writerow(safe_row(row[key] for key, _label in COLUMNS))
