"""The request's letters: as text, as a page to print and post, and emailed again."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import selectors, services
from .common import Action, dpo_required, letter_of, request_action


@dpo_required
@require_GET
def letter_text(request, number: str, letter_id: int):
    subject_request = selectors.request_for(request.user, number)
    letter = get_object_or_404(subject_request.letters, pk=letter_id)
    response = HttpResponse(letter.body, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{letter.filename_stem}.txt"'
    response["Cache-Control"] = "no-store"
    return response


@dpo_required
@require_GET
def letter_print(request, number: str, letter_id: int):
    """The letter as a page to print and post, with the subject's address."""
    subject_request = selectors.request_for(request.user, number)
    letter = get_object_or_404(subject_request.letters, pk=letter_id)
    response = render(request, "subject_requests/letter_print.html", {"r": subject_request, "letter": letter})
    response["Cache-Control"] = "no-store"
    return response


@request_action(anchor="letters", target=letter_of)
def letter_resend(action: Action):
    sent = services.letter_resend(letter=action.target, actor=action.user, http_request=action.request)
    if sent:
        messages.success(action.request, _("The letter is emailed."))
    else:
        messages.error(action.request, _("The letter could not be emailed; try again later or send it by post."))
    return sent
