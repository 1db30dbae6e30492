"""Letters to the data subject, in Finnish or English, rendered from templates.

Each letter kind has one template per language under
`templates/subject_requests/letters/<language>/<kind>.txt`, written as a
lawyer would want to read it rather than assembled from UI strings. The
register facts an access answer must state (art. 15(1)-(2)) come from the
register's own fields via `register_facts()`, so a letter says exactly what
the privacy notice says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from lib.timezones import HELSINKI
from registers.models import Contact, ContactKind, Controller, Register, RetentionTrigger, RetentionUnit

from .models import LetterKind, LetterTemplate, SubjectRequest

# The supervisory authority every refusal and access answer names (art. 12(4), 15(1)(f), 77).
COMPLAINT_AUTHORITY = {
    "fi": "Tietosuojavaltuutetun toimisto, tietosuoja.fi, PL 800, 00531 Helsinki",
    "en": "the Office of the Data Protection Ombudsman (Tietosuojavaltuutetun toimisto), tietosuoja.fi, "
    "PL 800, 00531 Helsinki, Finland",
}

SUBJECT_LINES = {
    LetterKind.ACKNOWLEDGEMENT: {
        "fi": "Tietopyyntösi on vastaanotettu (%s)",
        "en": "We have received your request (%s)",
    },
    LetterKind.EXTENSION: {"fi": "Vastausaikaa pidennetään (%s)", "en": "More time is needed to answer (%s)"},
    LetterKind.ACCESS: {"fi": "Vastaus tarkastuspyyntöösi (%s)", "en": "Answer to your access request (%s)"},
    LetterKind.APPOINTMENT: {
        "fi": "Tallenteiden kuunteleminen: sovittu aika (%s)",
        "en": "Listening to your recordings: your appointment (%s)",
    },
    LetterKind.DELIVERY: {"fi": "Tietojesi latauslinkki (%s)", "en": "Link to download your data (%s)"},
    LetterKind.ERASURE: {"fi": "Päätös poistopyyntöösi (%s)", "en": "Decision on your erasure request (%s)"},
    LetterKind.DECISION: {"fi": "Päätös pyyntöösi (%s)", "en": "Decision on your request (%s)"},
    LetterKind.REFUSAL: {
        "fi": "Päätös pyyntöösi: pyyntöä ei toteuteta (%s)",
        "en": "Decision on your request: refused (%s)",
    },
}

REQUEST_RIGHT_NAMES = {
    "access": {"fi": "pääsy omiin tietoihin (15 artikla)", "en": "access to your data (art. 15)"},
    "rectification": {"fi": "tietojen oikaiseminen (16 artikla)", "en": "rectification (art. 16)"},
    "erasure": {"fi": "tietojen poistaminen (17 artikla)", "en": "erasure (art. 17)"},
    "restriction": {"fi": "käsittelyn rajoittaminen (18 artikla)", "en": "restriction of processing (art. 18)"},
    "portability": {
        "fi": "tietojen siirtäminen järjestelmästä toiseen (20 artikla)",
        "en": "data portability (art. 20)",
    },
    "objection": {"fi": "käsittelyn vastustaminen (21 artikla)", "en": "objection to processing (art. 21)"},
    "withdraw_consent": {
        "fi": "suostumuksen peruuttaminen (7 artiklan 3 kohta)",
        "en": "withdrawal of consent (art. 7(3))",
    },
}

OFFERED_RIGHT_NAMES = {
    **REQUEST_RIGHT_NAMES,
    "direct_marketing": {
        "fi": "oikeus vastustaa suoramarkkinointia ja profilointia (21 artikla)",
        "en": "the right to object to direct marketing and profiling (art. 21)",
    },
    "complaint": {
        "fi": "oikeus tehdä valitus valvontaviranomaiselle (77 artikla)",
        "en": "the right to lodge a complaint with the supervisory authority (art. 77)",
    },
}

LEGAL_BASIS_NAMES = {
    "consent": {
        "fi": "suostumus (tietosuoja-asetuksen 6 artiklan 1 kohdan a alakohta)",
        "en": "consent (GDPR art. 6(1)(a))",
    },
    "contract": {
        "fi": "sopimuksen täytäntöönpano (6 artiklan 1 kohdan b alakohta)",
        "en": "performance of a contract (GDPR art. 6(1)(b))",
    },
    "legal_obligation": {
        "fi": "rekisterinpitäjän lakisääteinen velvoite (6 artiklan 1 kohdan c alakohta)",
        "en": "a legal obligation of the controller (GDPR art. 6(1)(c))",
    },
    "vital_interests": {
        "fi": "elintärkeiden etujen suojaaminen (6 artiklan 1 kohdan d alakohta)",
        "en": "protection of vital interests (GDPR art. 6(1)(d))",
    },
    "public_task": {
        "fi": "yleisen edun mukainen tehtävä tai julkisen vallan käyttö (6 artiklan 1 kohdan e alakohta)",
        "en": "a task in the public interest or official authority (GDPR art. 6(1)(e))",
    },
    "legitimate_interests": {
        "fi": "rekisterinpitäjän oikeutettu etu (6 artiklan 1 kohdan f alakohta)",
        "en": "the controller's legitimate interests (GDPR art. 6(1)(f))",
    },
}

RECORDED_FIELD_NAMES = {
    "start_time": {"fi": "puhelun aloitusaika", "en": "time the call started"},
    "duration": {"fi": "puhelun kesto", "en": "duration of the call"},
    "caller_number": {"fi": "soittajan puhelinnumero", "en": "caller's telephone number"},
    "callee_number": {"fi": "vastaanottajan puhelinnumero", "en": "called party's telephone number"},
    "service_number": {"fi": "palvelunumero, johon soitettiin", "en": "service number called"},
    "agent_name": {"fi": "puheluun vastanneen henkilön nimi", "en": "name of the person who answered"},
    "content": {"fi": "puhelun sisältö (ääni)", "en": "content of the conversation (audio)"},
}

DIRECTION_NAMES = {
    "inbound": {"fi": "saapuva", "en": "inbound"},
    "outbound": {"fi": "lähtevä", "en": "outbound"},
    "internal": {"fi": "sisäinen", "en": "internal"},
}

RECTIFIABLE_FIELD_NAMES = {
    "agent_name": {"fi": "puheluun vastanneen henkilön nimi", "en": "name of the person who answered"},
    "direction": {"fi": "puhelun suunta", "en": "direction of the call"},
    "caller_number": {"fi": "soittajan numero", "en": "caller's number"},
    "callee_number": {"fi": "vastaanottajan numero", "en": "called party's number"},
    "service_number": {"fi": "palvelunumero", "en": "service number"},
}

CHANNEL_NAMES = {
    "email": {"fi": "sähköpostitse", "en": "by email"},
    "letter": {"fi": "kirjeitse", "en": "by letter"},
    "phone": {"fi": "puhelimitse", "en": "by telephone"},
    "in_person": {"fi": "henkilökohtaisesti", "en": "in person"},
}


def _name(table: dict, key: str, language: str) -> str:
    entry = table.get(key)
    return entry[language] if entry else key


def retention_text(register: Register, language: str) -> str:
    """The retention rule in words, e.g. “12 kuukautta puhelun päättymisestä”."""
    with translation.override(language):
        event = register.text("retention_event")
    value = register.retention_value or 0
    if language == "fi":
        unit = "vuorokautta" if register.retention_unit == RetentionUnit.DAYS else "kuukautta"
        if value == 1:
            unit = "vuorokausi" if register.retention_unit == RetentionUnit.DAYS else "kuukausi"
        period = f"{value} {unit}"
        if register.retention_trigger == RetentionTrigger.EVENT:
            return f"{period} sen jälkeen, kun {event}" if value else f"kunnes {event}"
        return f"{period} puhelun päättymisestä"
    unit = "day" if register.retention_unit == RetentionUnit.DAYS else "month"
    period = f"{value} {unit}{'' if value == 1 else 's'}"
    if register.retention_trigger == RetentionTrigger.EVENT:
        return f"{period} after {event}" if value else f"until {event}"
    return f"{period} from the end of the call"


@dataclass
class RegisterFacts:
    """What art. 15(1)-(2) obliges the controller to tell the subject about one register."""

    name: str
    purpose: str
    legal_basis: str
    legal_basis_detail: str
    subject_categories: str
    data_content: str
    recorded_metadata: list[str]
    sources: str
    recipients: str
    discloses_to_authorities: bool
    processors: str
    transfers_outside_eea: bool
    transfers: str
    storage_location: str
    retention_rule: str
    retention_description: str
    rights: list[str]
    rights_description: str
    automated_decision_making: str
    access_method: str = ""
    extra: dict = field(default_factory=dict)


def register_facts(register: Register, language: str) -> RegisterFacts:
    with translation.override(language):
        t = register.text
        return RegisterFacts(
            name=t("name"),
            purpose=t("purpose"),
            legal_basis=_name(LEGAL_BASIS_NAMES, register.legal_basis, language),
            legal_basis_detail=t("legal_basis_detail"),
            subject_categories=t("data_subject_categories"),
            data_content=t("data_content"),
            recorded_metadata=[_name(RECORDED_FIELD_NAMES, f, language) for f in register.recorded_metadata or []],
            sources=t("data_sources"),
            recipients=t("recipients"),
            discloses_to_authorities=register.discloses_to_authorities,
            processors=t("processors_description"),
            transfers_outside_eea=register.transfers_outside_eea,
            transfers=t("transfers_description"),
            storage_location=t("storage_location"),
            retention_rule=retention_text(register, language),
            retention_description=t("retention_description"),
            rights=[_name(OFFERED_RIGHT_NAMES, r, language) for r in register.rights_offered or []],
            rights_description=t("rights_description"),
            automated_decision_making=t("automated_decision_making"),
            access_method=register.access_method,
        )


def dpo_contact(controller: Controller) -> Contact | None:
    """Who signs: the controller's DPO contact, else its request address, else nobody named."""
    contacts = Contact.objects.filter(controller=controller, kind__in=[ContactKind.DPO, ContactKind.REQUESTS])
    return contacts.filter(kind=ContactKind.DPO).first() or contacts.first()


def field_name(name: str, language: str) -> str:
    return _name(RECTIFIABLE_FIELD_NAMES, name, language)


def right_names(rights, language: str) -> list[str]:
    return [_name(REQUEST_RIGHT_NAMES, r, language) for r in rights]


def local_date(value) -> date:
    return timezone.localtime(value, HELSINKI).date() if hasattr(value, "tzinfo") else value


def letter_context(subject_request: SubjectRequest, language: str, **context) -> dict:
    """What every letter template is rendered with; call inside translation.override(language)."""
    controller = subject_request.controller
    contact = dpo_contact(controller)
    return {
        "r": subject_request,
        "controller": controller,
        "contact": contact,
        "contact_title": contact.text("title") if contact else "",
        "today": timezone.localdate(),
        "rights": right_names(subject_request.rights, language),
        "channel": _name(CHANNEL_NAMES, subject_request.channel, language),
        "complaint_authority": COMPLAINT_AUTHORITY[language],
        **context,
    }


def render_letter(kind: str, subject_request: SubjectRequest, **context) -> tuple[str, str]:
    """(subject line, plain-text body) of a letter in the request's language, in the controller's wording if set."""
    language = subject_request.language
    with translation.override(language):
        full_context = letter_context(subject_request, language, **context)
        custom = template_for(subject_request.controller_id, kind, language)
        if custom is not None:
            return render_with_template(custom, kind, language, full_context)
        body = render_to_string(f"subject_requests/letters/{language}/{kind}.txt", full_context)
    subject_line = SUBJECT_LINES[kind][language] % subject_request.number
    return subject_line, _tidy(body)


def _tidy(text: str) -> str:
    """Collapse the blank lines template tags leave behind; keep paragraphs apart."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if not line and tidy and not tidy[-1]:
            continue
        tidy.append(line)
    return "\n".join(tidy) + "\n"


tidy = _tidy


def recording_line(recording, language: str) -> dict:
    """How one recording is named in a letter: when, how long, which register; no other party's data."""
    started = timezone.localtime(recording.started_at, HELSINKI)
    with translation.override(language):
        register_name = recording.register.text("name")
    return {
        "started": started.strftime("%-d.%-m.%Y %H:%M") if language == "fi" else started.strftime("%Y-%m-%d %H:%M"),
        "duration": round(recording.duration_seconds),
        "direction": _name(DIRECTION_NAMES, recording.direction, language),
        "register": register_name,
    }


def format_date(day: date, language: str) -> str:
    return f"{day.day}.{day.month}.{day.year}" if language == "fi" else day.isoformat()


# -- A controller's own wording (edited in subject_requests.letter_templates) ----------

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each placeholder with its value, in one pass: values are never read as placeholders."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1).strip()], text)


def template_for(controller_id: int, kind: str, language: str) -> LetterTemplate | None:
    return LetterTemplate.objects.filter(controller_id=controller_id, kind=kind, language=language).first()


def render_plain_text(name: str, context: dict) -> str:
    """A letter template rendered as the plain text it is: no HTML escaping, whichever part of a letter it is.

    The whole letters switch escaping off themselves; their parts, filled into a
    controller's own wording one by one, are rendered here so that a name such
    as "Smith & Sons Oy" or "O'Brien" reaches the subject as written.
    """
    template = engines["django"].engine.get_template(name)
    return template.render(Context(context, autoescape=False))


def render_with_template(template: LetterTemplate, kind: str, language: str, context: dict) -> tuple[str, str]:
    """(subject line, body) of a letter in the controller's wording, from the built-in letter's context."""
    r = context["r"]
    base = f"subject_requests/letters/{language}"
    with translation.override(language):
        details = render_plain_text(f"{base}/{kind}.txt", {**context, "bare": True})
        values = {
            "greeting": render_plain_text(f"{base}/_greeting.txt", context).strip(),
            "details": details.strip(),
            "reference": r.number,
            "received_on": format_date(r.received_on, language),
            "due_on": format_date(r.due_on, language),
            "today": format_date(context["today"], language),
            "controller": context["controller"].name,
            "complaint": render_plain_text(f"{base}/_complaint.txt", context).strip(),
            "signature": render_plain_text(f"{base}/_signature.txt", context).strip(),
        }
    subject_line = fill(template.subject_line, {"reference": r.number, "controller": context["controller"].name})
    return subject_line, tidy(fill(template.body, values))
