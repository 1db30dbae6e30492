"""The audit log page for auditors and DPOs, and its CSV export.

Scope comes from the apps' hooks (audit.registry): events of the registers
where the user is DPO or auditor, and the subject-request and RoPA events of
the controllers where they hold such a role. Outsiders get 404.
"""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lib.csv_safety import safe_row

from . import registry, selectors
from .forms import AuditFilterForm
from .services import audit_record


def _filtered(request):
    events = selectors.events_readable_by(request.user)
    if not selectors.can_read_audit_log(request.user):
        raise Http404
    registers = registry.register_options(request.user)
    form = AuditFilterForm(request.GET or None, actors=selectors.actors_in(events), registers=registers)
    if form.is_bound and form.is_valid():
        events = events.filter(form.filter_q())
    elif form.is_bound:
        events = events.none()
    return form, events, dict(registers)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _register_name(event, register_names: dict[int, str]) -> str:
    return register_names.get(event.register_id) or event.register_slug


@login_required
@require_GET
def audit_log(request):
    form, events, register_names = _filtered(request)
    page = selectors.events_page(events, before=_int(request.GET.get("before")), after=_int(request.GET.get("after")))
    registry.describe(page.events, request.user)
    for event in page.events:
        event.register_name = _register_name(event, register_names)
    query = request.GET.copy()
    for key in ("before", "after"):
        query.pop(key, None)
    return render(
        request,
        "audit/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value):
        return value


@login_required
@require_GET
def audit_log_csv(request):
    """Every filtered event as CSV (cells a spreadsheet will not execute); the export is itself audited."""
    form, events, register_names = _filtered(request)
    count = events.count()
    audit_record(
        action="export",
        actor=request.user,
        request=request,
        details={"audit_log": True, "events": count, "filters": form.active_filters() if form.is_bound else {}},
    )
    writer = csv.writer(_Echo())
    header = ["sequence", "time", "action", "step", "user", "register", "object", "reason", "from"]

    def rows():
        yield writer.writerow(header)
        for batch in selectors.iter_events(events):
            registry.describe(batch, request.user)
            for e in batch:
                yield writer.writerow(
                    safe_row(
                        [
                            e.sequence,
                            timezone.localtime(e.created_at).isoformat(timespec="seconds"),
                            e.get_action_display(),
                            e.summary,
                            e.actor_label,
                            _register_name(e, register_names),
                            e.object_label.text if e.object_label else "",
                            e.reason,
                            e.client_address or "",
                        ]
                    )
                )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
