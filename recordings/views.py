"""Supervisors' pages: the call list, a call's detail page and its audio stream.

Filters are kept in the session under an opaque key, so phone numbers never
appear in URLs, browser history or access logs. Audio, downloads included, is
served only inside a listening session opened by a POST (one audit event per
session, however many Range requests the player makes; a download adds one
more, naming the same reason). Listening sessions live in the database, not in
the session blob, which parallel requests would overwrite.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import events_for_object
from registers.permissions import register_for
from vault.errors import StorageUnavailable

from . import filter_store, permissions, searches, selectors
from .errors import RecordingError
from .forms import ListenForm, RecordingFilterForm
from .listing import list_rows
from .models import RenditionStatus
from .ranges import RangeNotSatisfiable, parse_range
from .services import listening_download_record, listening_open, open_audio

logger = logging.getLogger(__name__)


def _stored_filters(request, register) -> tuple[str | None, dict]:
    key = request.GET.get("f")
    if not filter_store.is_stored(request, register, key):
        return None, {}
    return key, filter_store.stored_filters(request, register, key)


# What the call list reads of its register: the heading, the retention rule, the listening rules, the
# controller's name. The list is the page supervisors open most, and the notice's texts are most of a register.
LIST_REGISTER_FIELDS = (
    "slug",
    "name",
    "controller__name",
    "retention_value",
    "retention_unit",
    "retention_trigger",
    "retention_event",
    "retention_event_en",
    "agents_may_listen_own_calls",
    "listen_reason_required",
    "download_roles",
)


@login_required
@require_http_methods(["GET", "POST"])
def recording_list(request, slug: str):
    register = register_for(request.user, slug, fields=LIST_REGISTER_FIELDS)
    if not permissions.can_list(request.user, register):
        raise Http404
    if request.method == "POST":
        form = RecordingFilterForm(request.POST, register=register)
        if form.is_valid():
            key = filter_store.remember_filters(request, register, request.POST.dict())
            return redirect(f"{reverse('recording_list', args=[slug])}?f={key}")
    else:
        key, data = _stored_filters(request, register)
        form = RecordingFilterForm(data or None, register=register)
        form.filter_key = key
    invalid = form.is_bound and not form.is_valid()
    cleaned = {} if invalid or not form.is_bound else form.cleaned_data
    page = None
    if not invalid:
        # A filter that cannot be applied lists nothing: the whole register under it would look filtered.
        qs = selectors.apply_filters(permissions.recordings_visible_to(request.user, register), cleaned)
        # The list never shows the waveform (600 numbers a row) or the wrapped key.
        qs = qs.defer("waveform", "wrapped_key")
        after = request.GET.get("after")
        page = selectors.paginate(
            qs,
            sort=cleaned.get("sort") or "-started",
            after=after,
            annotate={"on_hold": selectors.active_hold_exists()},
            known_count=filter_store.stored_count(request, getattr(form, "filter_key", None)) if after else None,
        )
        if not after:
            filter_store.store_count(request, getattr(form, "filter_key", None), page.raw_count)
    return render(
        request,
        "recordings/recording_list.html",
        {
            "register": register,
            "form": form,
            "page": page,
            "rows": list_rows(page.items) if page else [],
            "filter_key": request.GET.get("f") if cleaned else None,
            "can_see_retention": _manages_holds(request.user, register),
            **searches.search_tools(request.user, register),
        },
    )


def _manages_holds(user, register) -> bool:
    """Supervisors and the DPO place holds; the form itself is the retention app's (retention_holds tags)."""
    from registers.models import Role
    from registers.permissions import roles_for

    return bool(roles_for(user, register) & {Role.DPO, Role.SUPERVISOR})


@login_required
@require_GET
def recording_detail(request, public_id):
    recording = permissions.recording_for(request.user, public_id)
    register = recording.register
    can_play = permissions.can_play(request.user, recording)
    back_filter, _data = _stored_filters(request, register)
    context = {
        "recording": recording,
        "register": register,
        "back_filter": back_filter,
        "can_play": can_play,
        "can_download": permissions.can_download(request.user, recording),
        "listening": can_play and permissions.listening_grant_for(request, recording) is not None,
        "listen_form": ListenForm(reason_required=permissions.listen_reason_required(request.user, recording)),
        "reason_required": permissions.listen_reason_required(request.user, recording),
        "holds": recording.holds.select_related("placed_by").order_by("-placed_at"),
        "audit_trail": events_for_object("recordings.recording", recording.pk)
        if permissions.can_see_audit_trail(request.user, register)
        else None,
    }
    return render(request, "recordings/recording_detail.html", context)


@login_required
@require_POST
def recording_listen(request, public_id):
    """Open a listening session: checks the right to play, asks for a reason where needed, audits once."""
    recording = permissions.recording_for(request.user, public_id)
    # The player's script asks for JSON so playback starts without a reload; a plain form post is redirected.
    wants_json = request.headers.get("Accept") == "application/json"
    if not permissions.can_play(request.user, recording):
        if wants_json:
            return JsonResponse({"error": _("You may not listen to this call.")}, status=403)
        messages.error(request, _("You may not listen to this call."))
        return redirect("recording_detail", public_id=recording.public_id)
    form = ListenForm(request.POST, reason_required=permissions.listen_reason_required(request.user, recording))
    if not form.is_valid():
        message = _("Give a reason for listening (for the DPO: the request or hold reference).")
        if wants_json:
            return JsonResponse({"error": message}, status=400)
        messages.error(request, message)
        return redirect("recording_detail", public_id=recording.public_id)
    listening_open(user=request.user, recording=recording, reason=form.cleaned_data["reason"], http_request=request)
    if wants_json:
        return JsonResponse(
            {"audio": reverse("recording_audio", args=[recording.public_id]), "peaks": recording.waveform or []}
        )
    return redirect("recording_detail", public_id=recording.public_id)


@login_required
@require_GET
def recording_audio(request, public_id):
    """Decrypt and stream audio with Range support; never cached, never public."""
    recording = permissions.recording_for(request.user, public_id, streaming=True)
    download = request.GET.get("download") == "1"
    if not permissions.can_play(request.user, recording):
        raise Http404
    if download and not permissions.can_download(request.user, recording):
        raise Http404
    grant = permissions.listening_grant_for(request, recording)
    if grant is None:
        return HttpResponse(_("Open a listening session first."), status=403, content_type="text/plain")
    if download:
        variant = "original"
    else:
        if recording.rendition_status != RenditionStatus.READY:
            return HttpResponse(_("The recording is still being processed."), status=409, content_type="text/plain")
        variant = "rendition"
    try:
        reader = open_audio(recording, variant=variant)
    except RecordingError as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain")
    except StorageUnavailable:
        return _storage_unavailable(recording)
    size = reader.plaintext_size
    try:
        byte_range = parse_range(request.headers.get("Range"), size)
    except RangeNotSatisfiable:
        reader.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        _no_store(response)
        return response
    start, end = byte_range if byte_range else (0, size - 1)
    try:
        body = reader.stream_range(start, end) if size else iter([b""])
    except StorageUnavailable:
        reader.close()
        return _storage_unavailable(recording)
    response = StreamingHttpResponse(body, status=206 if byte_range else 200)
    response._resource_closers.append(reader.close)
    response["Content-Length"] = str(end - start + 1 if size else 0)
    response["Accept-Ranges"] = "bytes"
    if byte_range:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    if download:
        response["Content-Type"] = "application/octet-stream"
        filename = f"recording-{recording.public_id}{recording.original_suffix}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        listening_download_record(grant=grant, recording=recording, http_request=request)
    else:
        response["Content-Type"] = recording.rendition_mime or "audio/ogg"
        response["Content-Disposition"] = "inline"
    _no_store(response)
    return response


def _storage_unavailable(recording) -> HttpResponse:
    logger.warning("storage unavailable for playback of recording %s", recording.pk)
    response = HttpResponse(
        _("The audio is unavailable right now: the recording storage does not answer. Try again shortly."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "30"
    _no_store(response)
    return response


def _no_store(response) -> None:
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
