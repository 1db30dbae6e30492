"""A controller's own wording of the letters, with named placeholders only.

A DPO may rewrite a letter's opening and closing in the controller's voice,
but must not run template code: the text is not a Django template. It holds
`{{ name }}` placeholders from a fixed list, filled by plain substitution in
one pass (a value that itself looks like a placeholder stays as it is), and
anything else between braces, or a `{% tag %}`, is refused with an error
naming it. What the law requires a letter to state (the recordings, the
register facts, reasons, the download link, the right to complain) comes
from the built-in letter as the `{{ details }}` placeholder, which every
template must keep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_record
from registers.models import Controller

from . import letters
from .errors import RequestError
from .letters import PLACEHOLDER, fill, render_with_template, template_for  # noqa: F401 - the editor's API
from .models import LetterKind, LetterTemplate, SubjectRequest

TAG = re.compile(r"\{%|%\}|\{#|#\}")

BODY_PLACEHOLDERS = {
    "greeting": gettext_lazy("the salutation, with the subject's name when known"),
    "details": gettext_lazy("the letter's required content: recordings, decisions, reasons, facts, link (required)"),
    "reference": gettext_lazy("the request number"),
    "received_on": gettext_lazy("the date the request was received"),
    "due_on": gettext_lazy("the date the answer is due"),
    "today": gettext_lazy("the date of the letter"),
    "controller": gettext_lazy("the controller's name"),
    "complaint": gettext_lazy("the paragraph on the right to complain to the supervisory authority"),
    "signature": gettext_lazy("the DPO's signature with the controller's contact details"),
}
SUBJECT_PLACEHOLDERS = {
    "reference": BODY_PLACEHOLDERS["reference"],
    "controller": BODY_PLACEHOLDERS["controller"],
}
REQUIRED_IN_BODY = ("details",)
REQUIRED_IN_SUBJECT = ("reference",)
DEFAULT_BODY = "{{ greeting }}\n\n{{ details }}\n\n{{ signature }}\n"
KINDS = tuple(LetterKind.values)
LANGUAGES = ("fi", "en")


class LetterTemplateError(RequestError):
    pass


def _check(text: str, allowed: dict, required: tuple[str, ...], where: str) -> None:
    if TAG.search(text):
        raise LetterTemplateError(
            _("%(where)s: template tags such as {%% … %%} are not allowed; use only the placeholders listed.")
            % {"where": where}
        )
    names = [m.group(1).strip() for m in PLACEHOLDER.finditer(text)]
    for name in names:
        if name not in allowed:
            raise LetterTemplateError(
                _("%(where)s: unknown placeholder {{ %(name)s }}. Allowed: %(allowed)s.")
                % {"where": where, "name": name[:40], "allowed": ", ".join(f"{{{{ {n} }}}}" for n in allowed)}
            )
    leftover = PLACEHOLDER.sub("", text)
    if "{{" in leftover or "}}" in leftover:
        raise LetterTemplateError(
            _("%(where)s: a placeholder is not closed; write it as {{ name }}.") % {"where": where}
        )
    for name in required:
        if name not in names:
            raise LetterTemplateError(_("%(where)s must contain {{ %(name)s }}.") % {"where": where, "name": name})


def validate(subject_line: str, body: str) -> None:
    """Raise LetterTemplateError naming the first problem: a tag, an unknown or unclosed placeholder, a missing one."""
    if not subject_line.strip():
        raise LetterTemplateError(_("Subject line: write one."))
    if "\n" in subject_line:
        raise LetterTemplateError(_("Subject line: one line only."))
    _check(subject_line, SUBJECT_PLACEHOLDERS, REQUIRED_IN_SUBJECT, _("Subject line"))
    _check(body, BODY_PLACEHOLDERS, REQUIRED_IN_BODY, _("Text"))


def default_subject_line(kind: str, language: str) -> str:
    return letters.SUBJECT_LINES[kind][language] % "{{ reference }}"


# ---------------------------------------------------------------------------
# The editor: sample data for the preview, saving and resetting


@dataclass
class Preview:
    subject_line: str
    body: str


def _sample_context(controller: Controller, kind: str, language: str) -> tuple[SubjectRequest, dict]:
    """A made-up request of this controller with everything any letter kind may name; nobody's real data."""
    today = timezone.localdate()
    received = today - timedelta(days=3)
    sample = SubjectRequest(
        number=f"SR-{today.year}-0123",
        controller=controller,
        rights=["access", "erasure"],
        received_on=received,
        initial_due_on=letters_due(received),
        due_on=letters_due(received),
        channel="email",
        language=language,
        subject_name="Matti Meikäläinen" if language == "fi" else "Alex Example",
        verified_at=timezone.now(),
    )
    register = controller.registers.order_by("name").first()
    register_name = register.text("name") if register else controller.name
    started = timezone.localtime(timezone.now() - timedelta(days=10), letters.HELSINKI)
    recording = {
        "started": started.strftime("%-d.%-m.%Y %H:%M" if language == "fi" else "%Y-%m-%d %H:%M"),
        "duration": 184,
        "direction": letters.DIRECTION_NAMES["inbound"][language],
        "register": register_name,
    }
    reason = (
        "Tallenne liittyy vireillä olevaan reklamaatioon."
        if language == "fi"
        else "The recording concerns a pending complaint."
    )
    right = letters.right_names([kind == LetterKind.ERASURE and "erasure" or "access"], language)[0]
    context = {
        "recordings": [recording],
        "facts": [letters.register_facts(register, language)] if register else [],
        "delivery": "package",
        "excluded": [],
        "package": SimpleNamespace(recordings_count=1, expires_at=timezone.now() + timedelta(days=14)),
        "link": "https://example.invalid/exports/…/",
        "appointment": SimpleNamespace(starts_at=timezone.now() + timedelta(days=7), place=controller.postal_address),
        "attendees": [_("Data protection officer")],
        "erased": [recording],
        "refused": [],
        "refused_rights": [{"right": right, "recordings": [recording], "reasons": reason}],
        "general_reason": "",
        "right": right,
        "outcome": "granted",
        "reasons": "",
        "months": 2,
        "reason": reason,
        "targets": [],
    }
    return sample, context


def letters_due(received):
    from registers.expiry import add_months

    return add_months(received, 1)


def preview(*, controller: Controller, kind: str, language: str, subject_line: str, body: str) -> Preview:
    """The letter a made-up request would receive in this wording; a bad template raises LetterTemplateError."""
    validate(subject_line, body)
    sample, extra = _sample_context(controller, kind, language)
    context = letters.letter_context(sample, language, **extra)
    template = LetterTemplate(controller=controller, kind=kind, language=language, subject_line=subject_line, body=body)
    subject, text = render_with_template(template, kind, language, context)
    return Preview(subject, text)


def _audit(controller: Controller, actor, kind: str, language: str, change: str, http_request=None) -> None:
    audit_record(
        action="register_change",
        actor=actor,
        obj=controller,
        request=http_request,
        details={"letter_template": kind, "language": language, "change": change},
    )


@transaction.atomic
def letter_template_save(
    *, controller: Controller, actor, kind: str, language: str, subject_line: str, body: str, http_request=None
) -> LetterTemplate:
    # Browsers send a textarea's lines with CRLF; letters are kept and emailed with LF.
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    validate(subject_line, body)
    template, _created = LetterTemplate.objects.update_or_create(
        controller=controller,
        kind=kind,
        language=language,
        defaults={
            "subject_line": subject_line.strip(),
            "body": body,
            "updated_by": actor,
            "updated_at": timezone.now(),
        },
    )
    _audit(controller, actor, kind, language, "saved", http_request)
    return template


@transaction.atomic
def letter_template_reset(*, controller: Controller, actor, kind: str, language: str, http_request=None) -> bool:
    deleted, _ = LetterTemplate.objects.filter(controller=controller, kind=kind, language=language).delete()
    if deleted:
        _audit(controller, actor, kind, language, "reset", http_request)
    return bool(deleted)
