"""Letters to the subject: rendered by subject_requests.letters, kept on the request, emailed where possible."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from .. import letters
from ..errors import RequestError
from ..models import Letter, LetterKind, SubjectRequest
from .common import _audit, _require_dpo

logger = logging.getLogger(__name__)


def _email_letter(letter: Letter, subject_request: SubjectRequest, *, body: str | None = None) -> bool:
    """Email the letter to the subject if they gave an address. A failure leaves it for sending again."""
    if not subject_request.subject_email:
        return False
    contact = letters.dpo_contact(subject_request.controller)
    message = EmailMessage(
        subject=letter.subject_line,
        body=body or letter.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subject_request.subject_email],
        reply_to=[contact.email] if contact and contact.email else None,
    )
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - a mail server failure must not undo the decision
        logger.warning(
            "letter %s of request %s was not emailed: %s", letter.pk, subject_request.number, type(exc).__name__
        )
        return False
    Letter.objects.filter(pk=letter.pk).update(emailed_at=timezone.now())
    letter.emailed_at = timezone.now()
    return True


def letter_write(
    *,
    subject_request: SubjectRequest,
    actor,
    kind: str,
    email: bool = True,
    http_request=None,
    email_context: dict | None = None,
    **context,
) -> Letter:
    """Render, keep and (where the subject gave an email address) send one letter.

    `email_context` overrides context for the emailed copy only: a download
    link goes to the subject but is not kept, since only its hash may be stored.
    """
    subject_line, body = letters.render_letter(kind, subject_request, **context)
    letter = Letter.objects.create(
        request=subject_request,
        kind=kind,
        language=subject_request.language,
        subject_line=subject_line,
        body=body,
        created_by=actor,
    )
    emailed = False
    if email:
        emailed_body = None
        if email_context:
            _, emailed_body = letters.render_letter(kind, subject_request, **{**context, **email_context})
        emailed = _email_letter(letter, subject_request, body=emailed_body)
    _audit(
        "request_change",
        subject_request,
        actor=actor,
        http_request=http_request,
        details={"letter": kind, "letter_id": letter.pk, "emailed": emailed},
    )
    return letter


def letter_resend(*, letter: Letter, actor, http_request=None) -> bool:
    """Email a kept letter again (e.g. after a mail server failure). Download links are never resent."""
    subject_request = letter.request
    _require_dpo(actor, subject_request.controller)
    if letter.kind == LetterKind.DELIVERY:
        raise RequestError("A download link is not kept and cannot be resent; create a new package instead.")
    if not subject_request.subject_email:
        raise RequestError("The request has no email address; send the letter by post.")
    emailed = _email_letter(letter, subject_request)
    _audit(
        "request_change",
        subject_request,
        actor=actor,
        http_request=http_request,
        details={"letter": letter.kind, "letter_id": letter.pk, "emailed": emailed, "resent": True},
    )
    return emailed
