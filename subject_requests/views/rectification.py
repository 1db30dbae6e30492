"""Rectification (art. 16): the form correcting one included recording's metadata."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import selectors, services
from ..forms import RectificationForm
from .common import _back, _run, dpo_required


@dpo_required
@require_http_methods(["GET", "POST"])
def rectification(request, number: str, match_id: int):
    subject_request = selectors.request_for(request.user, number)
    match = selectors.match_for(request.user, subject_request, match_id)
    if match.recording is None:
        raise Http404
    recording = match.recording
    initial = {
        "agent_name": recording.agent_name,
        "direction": recording.direction,
        "caller_number": recording.caller_number,
        "callee_number": recording.callee_number,
        "service_number": recording.service_number,
    }
    form = RectificationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            lambda: services.rectification_apply(
                match=match,
                actor=request.user,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                http_request=request,
            ),
            success=_("The correction is made."),
        )
        if done:
            return _back(subject_request, "rectification")
    return render(request, "subject_requests/rectification.html", {"r": subject_request, "match": match, "form": form})
