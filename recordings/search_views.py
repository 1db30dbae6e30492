"""The call list's tools: saved searches and the export of a result list (XLSX for people, CSV for tools).

Filters travel as the list's opaque session key (`f`) and saved searches by
their random public id, so no phone number or name reaches a URL. Both tools
apply the user's reach at the moment they are used.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseForbidden, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from registers.permissions import register_for

from . import exports, permissions, searches, selectors
from .errors import RecordingError
from .filter_store import remember_filters, stored_filters
from .forms import RecordingFilterForm
from .models import SavedSearch


def list_url(register, key: str | None = None) -> str:
    url = reverse("recording_list", args=[register.slug])
    return f"{url}?f={key}" if key else url


def _tool_register(request, slug: str):
    register = register_for(request.user, slug)
    if not searches.can_use_search_tools(request.user, register):
        raise Http404
    return register


@login_required
@require_POST
def saved_search_create(request, slug: str):
    register = _tool_register(request, slug)
    key = request.POST.get("f")
    filters = stored_filters(request, register, key)
    try:
        search = searches.saved_search_save(
            user=request.user, register=register, name=request.POST.get("name", "")[:100], filters=filters
        )
    except RecordingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Search “%(name)s” saved.") % {"name": search.name})
    return redirect(list_url(register, key if filters else None))


def _own_search(request, search_id) -> SavedSearch:
    search = get_object_or_404(SavedSearch.objects.select_related("register"), public_id=search_id, user=request.user)
    if not permissions.can_list(request.user, search.register):
        raise Http404
    return search


@login_required
@require_GET
def saved_search_run(request, search_id):
    """Open the call list under a saved search's filters, seen through the user's current reach."""
    search = _own_search(request, search_id)
    key = remember_filters(request, search.register, search.filters)
    return redirect(list_url(search.register, key))


@login_required
@require_POST
def saved_search_delete(request, search_id):
    search = _own_search(request, search_id)
    searches.saved_search_delete(user=request.user, search=search)
    messages.success(request, _("Search “%(name)s” deleted.") % {"name": search.name})
    return redirect(list_url(search.register, request.POST.get("f") or None))


@login_required
@require_POST
def recording_list_export(request, slug: str):
    """The list under its current filters as XLSX or CSV (`format`); the export is audited before the first row."""
    register = register_for(request.user, slug)
    if not searches.can_use_search_tools(request.user, register):
        return HttpResponseForbidden(_("Your role may not export the call list."))
    key = request.POST.get("f")
    data = stored_filters(request, register, key)
    form = RecordingFilterForm(data or None, register=register)
    if data and not form.is_valid():
        messages.error(request, _("Correct the filter before exporting."))
        return redirect(list_url(register))
    as_xlsx = request.POST.get("format") == "xlsx"
    cleaned = form.cleaned_data if data else {}
    qs = selectors.apply_filters(permissions.recordings_visible_to(request.user, register), cleaned)
    count = qs.count()
    if as_xlsx and count > exports.XLSX_MAX_ROWS:
        messages.error(
            request,
            _("%(count)s calls do not fit on an Excel sheet; narrow the filters or export them as CSV.")
            % {"count": count},
        )
        return redirect(list_url(register, key if data else None))
    searches.export_record(user=request.user, register=register, count=count, cleaned=cleaned, request=request)
    recordings = searches.iter_recordings(qs, sort=cleaned.get("sort") or "-started")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if as_xlsx:
        response = FileResponse(
            exports.xlsx_open(recordings),
            as_attachment=True,
            filename=f"calls-{register.slug}-{stamp}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = StreamingHttpResponse(exports.csv_lines(recordings), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="calls-{register.slug}-{stamp}.csv"'
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    return response
