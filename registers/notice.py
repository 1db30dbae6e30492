"""Text built from a register's structured fields for its privacy notice."""

from __future__ import annotations

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .models import Register, RetentionTrigger, RetentionUnit


def retention_period_text(value: int, unit: str) -> str:
    if unit == RetentionUnit.DAYS:
        return ngettext("%(n)d day", "%(n)d days", value) % {"n": value}
    return ngettext("%(n)d calendar month", "%(n)d calendar months", value) % {"n": value}


def retention_rule_text(register: Register) -> str:
    if register.retention_trigger == RetentionTrigger.EVENT:
        event = register.text("retention_event")
        if register.retention_value:
            return _("%(period)s after %(event)s") % {
                "period": retention_period_text(register.retention_value, register.retention_unit),
                "event": event,
            }
        return _("until %(event)s") % {"event": event}
    return _("%(period)s from the end of the call") % {
        "period": retention_period_text(register.retention_value or 0, register.retention_unit)
    }


# The supervisory authority every notice must name (GDPR art. 13(2)(d), 77).
OMBUDSMAN = {
    "name_fi": "Tietosuojavaltuutetun toimisto",
    "name_en": "Office of the Data Protection Ombudsman",
    "address": "PL 800, 00531 Helsinki",
    "website": "https://tietosuoja.fi",
}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _contacts(register: Register) -> list:
    from django.db.models import Q

    from .models import Contact

    return list(
        Contact.objects.filter(controller=register.controller)
        .filter(Q(register=register) | Q(register__isnull=True))
        .order_by("order", "id")
    )


def notice_context(register: Register) -> dict:
    """The privacy notice as numbered sections, in the order a tietosuojaseloste usually follows.

    Each section is (title, blocks); a block is (label or "", text, list of
    items). Empty blocks are dropped so nothing reads "None".
    """
    controller = register.controller
    english = (get_language() or "fi").startswith("en")

    def block(label, text="", items=None):
        return (label, text or "", [i for i in (items or []) if i])

    controller_facts = [
        controller.name,
        _("Trade names: %(names)s") % {"names": ", ".join(controller.trade_name_list)}
        if controller.trade_names
        else "",
        controller.text("group_description"),
        _("Business ID: %(id)s") % {"id": controller.business_id} if controller.business_id else "",
        controller.postal_address,
        _("Email: %(email)s") % {"email": controller.email} if controller.email else "",
        _("Telephone: %(phone)s") % {"phone": controller.phone} if controller.phone else "",
        controller.website,
    ]
    contact_blocks = []
    for contact in _contacts(register):
        details = [
            contact.name,
            contact.text("title"),
            contact.organisation,
            contact.address,
            _("Email: %(email)s") % {"email": contact.email} if contact.email else "",
            _("Telephone: %(phone)s") % {"phone": contact.phone} if contact.phone else "",
            contact.text("note"),
        ]
        contact_blocks.append(block(contact.get_kind_display(), "", details))

    lines = [
        f"{line.text('name')}" + (f" ({line.number})" if line.number else "") for line in register.service_lines.all()
    ]
    processors = [p.name + (f": {p.text('service')}" if p.service else "") for p in register.processors.all()]
    ombudsman = OMBUDSMAN["name_en"] if english else OMBUDSMAN["name_fi"]

    sections = [
        (_("Controller"), [block("", "", controller_facts)]),
        (_("Contact persons"), contact_blocks),
        (_("Name of the register"), [block("", register.text("name")), block("", register.text("introduction"))]),
        (
            _("Purpose and legal basis of processing"),
            [
                block(_("Purpose"), register.text("purpose")),
                block(_("Legal basis"), register.get_legal_basis_display()),
                block("", register.text("legal_basis_detail")),
                block(_("National law"), "", _lines(register.text("national_law"))),
            ],
        ),
        (
            _("Data content of the register"),
            [
                block(_("Data subjects"), register.text("data_subject_categories")),
                block("", register.text("data_content")),
                block(_("Call details recorded"), "", register.recorded_metadata_labels()),
            ],
        ),
        (_("Regular sources of data"), [block("", register.text("data_sources"))]),
        (
            _("Recipients and regular disclosures"),
            [
                block("", register.text("recipients")),
                block(
                    "",
                    _(
                        "Recordings may be disclosed to the police or other authorities on request when the law "
                        "requires it, for example to investigate a suspected crime."
                    )
                    if register.discloses_to_authorities
                    else "",
                ),
            ],
        ),
        (
            _("Processors and subcontractors"),
            [block("", register.text("processors_description")), block("", "", processors)],
        ),
        (
            _("Transfers outside the EU/EEA"),
            [
                block(
                    "",
                    register.text("transfers_description")
                    or (
                        _("Data is not transferred outside the EU or the EEA.")
                        if not register.transfers_outside_eea
                        else ""
                    ),
                )
            ],
        ),
        (
            _("Recorded lines and how callers are informed"),
            [
                block(_("Recorded lines"), "", lines),
                block(_("Announcement to callers"), register.text("caller_information")),
            ],
        ),
        (
            _("Who may access the register and listen to recordings"),
            [
                block(_("Access to the register"), register.text("access_description")),
                block(_("Listening to recordings"), register.text("listening_description")),
            ],
        ),
        (
            _("Retention period"),
            [block(_("Rule"), register.retention_summary()), block("", register.text("retention_description"))],
        ),
        (
            _("Protection of the register and storage location"),
            [
                block(_("Security measures"), register.text("security_measures")),
                block(_("Storage location"), register.text("storage_location")),
            ],
        ),
        (
            _("Rights of the data subject and how to use them"),
            [
                block(_("Your rights"), "", register.rights_offered_labels()),
                block(_("How to use them"), register.text("rights_description")),
                block(_("Access is given as"), register.get_access_method_display()),
                block(_("Requests are made"), register.get_request_channel_display()),
                block(
                    "",
                    _("Your identity is verified before a request is acted on.") if register.identity_verified else "",
                ),
                block(
                    _("Answer"),
                    _("We aim to answer within about %(days)s days, and at the latest within one month.")
                    % {"days": register.response_target_days}
                    if register.response_target_days
                    else _("We answer within one month of receiving the request."),
                ),
                block(
                    _("Right to lodge a complaint"),
                    _("You may lodge a complaint with the supervisory authority, %(name)s, %(address)s, %(web)s.")
                    % {"name": ombudsman, "address": OMBUDSMAN["address"], "web": OMBUDSMAN["website"]},
                ),
            ],
        ),
        (_("Automated decision-making and profiling"), [block("", register.text("automated_decision_making"))]),
        (_("Other information"), [block("", register.text("additional_information"))]),
    ]
    numbered = []
    for title, blocks in sections:
        kept = [b for b in blocks if b[1] or b[2]]
        if kept:
            numbered.append({"number": len(numbered) + 1, "title": title, "blocks": kept})
    return {
        "register": register,
        "controller": controller,
        "sections": numbered,
        "title": register.text("name"),
        "ombudsman": ombudsman,
    }
