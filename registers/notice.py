"""A register's privacy notice (tietosuojaseloste), built from its structured fields.

`notice_context()` gives the template numbered sections in the order a Finnish
tietosuojaseloste usually follows. Sections 1-12 are always there, so "section 2"
means the contact persons on every notice (the seed notices refer to it); the
later ones appear only when the register states something for them.

Free text comes from `obj.text(field)`, so it is English under /en/ when an
English version exists. Within a text a newline starts a paragraph and a line
starting with "- " is a list item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Contact, Register

# The supervisory authority every notice must name (GDPR art. 13(2)(d), 77).
OMBUDSMAN = {
    "name_fi": "Tietosuojavaltuutetun toimisto",
    "name_en": "Office of the Data Protection Ombudsman",
    "address": "PL 800, 00531 Helsinki",
    "website": "https://tietosuoja.fi",
}


def ombudsman_name() -> str:
    return OMBUDSMAN["name_en"] if (get_language() or "fi").startswith("en") else OMBUDSMAN["name_fi"]


# ---- building blocks -------------------------------------------------------------------------


@dataclass
class Block:
    """A labelled piece of a section. Parts are ("p", text), ("ul", [items]) or ("lines", [lines])."""

    label: str = ""
    parts: list[tuple[str, object]] = field(default_factory=list)
    # Set when the text is in another language than the page (Finnish kept under /en/ for want of an English
    # version), so a screen reader reads it with the right voice (WCAG 3.1.2).
    lang: str = ""

    def __bool__(self) -> bool:
        return bool(self.parts)


def text_parts(text: str) -> list[tuple[str, object]]:
    """Split free text into paragraphs and bulleted lists."""
    parts: list[tuple[str, object]] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("- ", "• ")):
            item = line[2:].strip()
            if parts and parts[-1][0] == "ul":
                parts[-1][1].append(item)
            else:
                parts.append(("ul", [item]))
        else:
            parts.append(("p", line))
    return parts


def text_block(label: str, text: str) -> Block:
    return Block(label, text_parts(text))


def untranslated_lang(obj, field_name: str) -> str:
    """Returns "fi" where an English page shows Finnish text for want of an English version, else ""."""
    if (get_language() or "fi").startswith("en") and getattr(obj, field_name, "") and not obj.has_english(field_name):
        return "fi"
    return ""


def bilingual_block(label: str, obj, field_name: str) -> Block:
    block = text_block(label, obj.text(field_name))
    block.lang = untranslated_lang(obj, field_name)
    return block


def list_block(label: str, items) -> Block:
    items = [str(i) for i in items if i]
    return Block(label, [("ul", items)] if items else [])


def lines_block(label: str, lines) -> Block:
    lines = [str(i) for i in lines if i]
    return Block(label, [("lines", lines)] if lines else [])


def notice_contacts(register: Register) -> list[Contact]:
    return list(
        Contact.objects.filter(controller=register.controller)
        .filter(Q(register=register) | Q(register__isnull=True))
        .order_by("order", "id")
    )


# ---- the sections ------------------------------------------------------------------------------


def _controller_section(register: Register) -> list[Block]:
    controller = register.controller
    facts = [
        controller.name,
        _("Trade names: %(names)s") % {"names": ", ".join(controller.trade_name_list)}
        if controller.trade_names
        else "",
        _("Business ID: %(id)s") % {"id": controller.business_id} if controller.business_id else "",
        controller.street_address,
        f"{controller.postal_code} {controller.city}".strip(),
        _("Email: %(email)s") % {"email": controller.email} if controller.email else "",
        _("Telephone: %(phone)s") % {"phone": controller.phone} if controller.phone else "",
        controller.website,
    ]
    return [lines_block("", facts), bilingual_block("", controller, "group_description")]


def _contact_section(register: Register, contacts: list[Contact] | None) -> list[Block]:
    blocks = []
    for contact in notice_contacts(register) if contacts is None else contacts:
        details = [
            contact.name,
            contact.text("title"),
            contact.organisation,
            *contact.address.splitlines(),
            _("Email: %(email)s") % {"email": contact.email} if contact.email else "",
            _("Telephone: %(phone)s") % {"phone": contact.phone} if contact.phone else "",
        ]
        block = lines_block(contact.get_kind_display(), details)
        block.parts += text_parts(contact.text("note"))
        blocks.append(block)
    return blocks


def _rights_section(register: Register) -> list[Block]:
    if register.response_target_days:
        answer = _("We aim to answer within about %(days)s days, and at the latest within one month.") % {
            "days": register.response_target_days
        }
    else:
        answer = _("We answer within one month of receiving the request.")
    complaint = _(
        "If you consider that the processing of your personal data infringes data protection law, you have the "
        "right to lodge a complaint with the supervisory authority: %(name)s, %(address)s, %(web)s."
    ) % {"name": ombudsman_name(), "address": OMBUDSMAN["address"], "web": OMBUDSMAN["website"]}
    return [
        list_block(_("Your rights"), register.rights_offered_labels()),
        bilingual_block(_("How to use them"), register, "rights_description"),
        text_block(_("How access is given"), register.get_access_method_display()),
        text_block(_("How requests are made"), register.get_request_channel_display()),
        text_block(
            "", _("Your identity is verified before a request is acted on.") if register.identity_verified else ""
        ),
        text_block(_("Answer"), answer),
        text_block(_("Right to lodge a complaint"), complaint),
    ]


def _sections(register: Register, contacts: list[Contact] | None) -> list[tuple[str, list[Block], bool]]:
    """(title, blocks, always shown)."""
    lines = [line.text("name") + (f" ({line.number})" if line.number else "") for line in register.service_lines.all()]
    processors = []
    for processor in register.processors.all():
        text = processor.name + (f": {processor.text('service')}" if processor.service else "")
        if processor.holds_register_data:
            text += " " + _("(the register is kept in its system)")
        processors.append(text)
    authorities = (
        _(
            "Personal data may be disclosed to the police or other authorities when the law requires it, for example "
            "to investigate a suspected crime."
        )
        if register.discloses_to_authorities
        else ""
    )
    transfers = register.text("transfers_description")
    if not transfers and not register.transfers_outside_eea:
        transfers = _("Data is not transferred outside the EU or the EEA.")
    return [
        (_("Controller"), _controller_section(register), True),
        (_("Contact person and data protection officer"), _contact_section(register, contacts), True),
        (
            _("Name of the register"),
            [bilingual_block("", register, "name"), bilingual_block("", register, "introduction")],
            True,
        ),
        (
            _("Purpose and legal basis of processing"),
            [
                bilingual_block(_("Purpose"), register, "purpose"),
                text_block(_("Legal basis"), register.get_legal_basis_display()),
                bilingual_block("", register, "legal_basis_detail"),
                bilingual_block(_("Legislation"), register, "national_law"),
            ],
            True,
        ),
        (
            _("Data content of the register"),
            [
                bilingual_block(_("Data subjects"), register, "data_subject_categories"),
                bilingual_block(_("Data recorded"), register, "data_content"),
                list_block(_("Call details recorded"), register.recorded_metadata_labels()),
                list_block(_("Recorded lines"), lines),
            ],
            True,
        ),
        (_("Regular sources of data"), [bilingual_block("", register, "data_sources")], True),
        (
            _("Regular disclosures and recipients"),
            [bilingual_block("", register, "recipients"), text_block("", authorities)],
            True,
        ),
        (
            _("Processors"),
            [bilingual_block("", register, "processors_description"), list_block("", processors)],
            True,
        ),
        (_("Transfers outside the EU or the EEA"), [text_block("", transfers)], True),
        (
            _("Retention period"),
            [
                text_block(_("Rule"), register.retention_summary()),
                bilingual_block("", register, "retention_description"),
                text_block(_("Backups"), backups_retention_text()),
            ],
            True,
        ),
        (
            _("Security principles and storage location"),
            [
                bilingual_block(_("Security measures"), register, "security_measures"),
                bilingual_block(_("Storage location"), register, "storage_location"),
                bilingual_block(_("Access to the register"), register, "access_description"),
                bilingual_block(_("Listening to recordings"), register, "listening_description"),
            ],
            True,
        ),
        (_("Rights of the data subject and how to use them"), _rights_section(register), True),
        (
            _("Informing callers about recording"),
            [bilingual_block(_("Announcement to callers"), register, "caller_information")],
            False,
        ),
        (
            _("Automated decision-making and profiling"),
            [bilingual_block("", register, "automated_decision_making")],
            False,
        ),
        (_("Other information"), [bilingual_block("", register, "additional_information")], False),
    ]


def notice_context(register: Register, contacts: list[Contact] | None = None) -> dict:
    """The template context: the register, its controller, and numbered sections.

    `contacts` replaces the stored contacts, for the editor's preview of unsaved ones.

    Each section is {"number", "title", "anchor", "blocks"}; a block has a
    label (maybe empty) and parts. Nothing empty is rendered, so no "None".
    """
    numbered = []
    for title, blocks, always in _sections(register, contacts):
        kept = [b for b in blocks if b]
        if not kept and always:
            kept = [Block("", [("p", _("Not stated in this notice."))])]
        if kept:
            number = len(numbered) + 1
            numbered.append({"number": number, "title": title, "anchor": f"section-{number}", "blocks": kept})
    return {
        "register": register,
        "controller": register.controller,
        "sections": numbered,
        "title": register.text("name"),
        "title_lang": untranslated_lang(register, "name"),
        "ombudsman": ombudsman_name(),
    }


def backups_retention_text() -> str:
    """How long backups keep a recording the register has deleted: the answer a supervisory authority expects."""
    return _(
        "Backups are kept for %(days)s days. A recording deleted from the register stays in them, encrypted and "
        "unused, until the backup is deleted; if a backup is ever restored, every recording deleted after it was "
        "made is deleted again before anything is used."
    ) % {"days": settings.BACKUP_KEEP_DAYS}
