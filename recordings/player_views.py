"""What the call player asks for besides the audio: the silent stretches it can skip.

Served under the same rule as the audio itself: only inside a listening
session the user opened (and the audit log recorded), never cached.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vault.errors import StorageUnavailable

from . import permissions
from .errors import RecordingError
from .services import rendition_silences


def _no_store(response):
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    return response


@login_required
@require_GET
def recording_silences(request, public_id):
    """The rendition's silent stretches as JSON: {"silences": [[start, end], ...]} in seconds."""
    recording = permissions.recording_for(request.user, public_id)
    if not permissions.can_play(request.user, recording):
        raise Http404
    if permissions.listening_grant_for(request, recording) is None:
        return _no_store(HttpResponse(_("Open a listening session first."), status=403, content_type="text/plain"))
    try:
        spans = rendition_silences(recording)
    except RecordingError as exc:
        return _no_store(HttpResponse(exc.message, status=exc.status, content_type="text/plain"))
    except StorageUnavailable:
        response = HttpResponse(
            _("The audio is unavailable right now: the recording storage does not answer. Try again shortly."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "30"
        return _no_store(response)
    return _no_store(JsonResponse({"silences": spans}))
