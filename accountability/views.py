"""Accountability pages for the DPO and the auditor; anyone else gets 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from registers.models import Controller

from . import selectors, services
from .errors import AccountabilityError
from .formats import duration_text, report_csv, report_json
from .labels import LANGUAGES, labels
from .models import AccountabilityReport
from .selectors import Month, Scope


def _readable_scope(request, scope: Scope) -> Scope:
    if not selectors.can_read_report(request.user, scope):
        raise Http404
    return scope


def _register_scope(request, slug: str) -> Scope:
    from registers.models import Register

    register = Register.objects.select_related("controller").filter(slug=slug).first()
    if register is None:
        raise Http404
    return _readable_scope(request, selectors.scope_for_register(register))


def _controller_scope(request, pk: int) -> Scope:
    return _readable_scope(request, selectors.scope_for_controller(get_object_or_404(Controller, pk=pk)))


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except AccountabilityError:
        raise Http404 from None


def _language(request) -> str:
    wanted = request.GET.get("lang") or getattr(request, "LANGUAGE_CODE", "fi")
    return wanted if wanted in LANGUAGES else "fi"


@login_required
def accountability_index(request):
    registers = list(selectors.registers_for_reports(request.user))
    if not registers:
        raise Http404
    this_month = Month.containing(timezone.now())
    controllers = {r.controller for r in registers}
    readable = [c for c in controllers if selectors.can_read_report(request.user, selectors.scope_for_controller(c))]
    context = {
        "L": labels(_language(request)),
        "registers": registers,
        "controllers": sorted(readable, key=lambda c: c.name),
        "months": [this_month, this_month.previous(), this_month.previous().previous()],
        "health": selectors.retention_health(registers),
    }
    return render(request, "accountability/index.html", context)


def _render_report(request, scope: Scope, month: str, output: str):
    if output not in ("html", "print", "csv", "json"):
        raise Http404
    parsed = _month(month)
    this_month = Month.containing(timezone.now())
    if parsed > this_month:
        # A month still to come has no facts; issuing a signed report of it would record nothing but a mistake.
        raise Http404
    # Reading the page is a view; the CSV and JSON leave the app, so they are exports.
    viewed = output in ("html", "print")
    report = services.report_issue(scope=scope, month=parsed, actor=request.user, request=request, viewed=viewed)
    filename = f"accountability-{scope.key}-{parsed}"
    if output == "json":
        response = HttpResponse(report_json(report), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    if output == "csv":
        response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    language = _language(request)
    facts = report.document["facts"]
    context = {
        "L": labels(language),
        "language": language,
        "scope": scope,
        "month": parsed,
        "report": report,
        "facts": facts,
        "state": report.document["state"],
        "lateness_max": duration_text(facts["purge"]["lateness_max_seconds"]),
        "lateness_p99": duration_text(facts["purge"]["lateness_p99_seconds"]),
        "printable": output == "print",
        "next_month": parsed.next() if parsed < this_month else None,
        "base_url": request.path.rsplit(f"/{month}/", 1)[0],
    }
    # The report's language, not the session's, names the stored codes (hold kinds, rights, roles).
    with translation.override(language):
        return render(request, "accountability/report.html", context)


@login_required
def register_report(request, slug: str, month: str, output: str = "html"):
    return _render_report(request, _register_scope(request, slug), month, output)


@login_required
def controller_report(request, pk: int, month: str, output: str = "html"):
    return _render_report(request, _controller_scope(request, pk), month, output)


@login_required
def register_report_latest(request, slug: str):
    _register_scope(request, slug)
    return redirect("accountability_register_report", slug=slug, month=str(Month.containing(timezone.now())))


@login_required
@require_POST
def report_verify(request, pk: int):
    report = get_object_or_404(AccountabilityReport, pk=pk)
    try:
        scope = selectors.scope_from_key(report.scope_kind, report.scope_key)
    except Exception:
        raise Http404 from None
    _readable_scope(request, scope)
    context = {"L": labels(_language(request)), "verification": services.report_verify(report), "scope": scope}
    return render(request, "accountability/verify.html", context)
