"""Retention pages: the register's rule and forecast, holds, rule changes, event tasks."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from recordings.listing import list_rows
from recordings.permissions import recording_for, recordings_visible_to
from recordings.search_views import list_url
from registers.models import Role
from registers.permissions import is_dpo, register_for, roles_for

from . import selectors, services
from .errors import RetentionError
from .forms import HoldForm, ReleaseForm, RetentionEventForm, RuleForm
from .four_eyes import needs_second_approver, rule_change_needs_second_approver
from .models import Hold, RetentionTask
from .rule_proposals import (
    pending_rule_proposal,
    rule_proposal_approve,
    rule_proposal_create,
    rule_proposal_for,
    rule_proposal_withdraw,
)
from .rule_recompute import recompute_progress_text, rule_recompute_in_progress

PAGE_ROLES = {Role.DPO, Role.SUPERVISOR}


def _recompute_started_message() -> str:
    return _(
        "Retention rule changed. Its expiry dates are being recomputed in the background; the retention page shows "
        "how far. Until a call's date is recomputed, the purge leaves it alone."
    )


@login_required
def retention_overview(request, slug: str):
    register = register_for(request.user, slug)
    roles = roles_for(request.user, register)
    if not roles & PAGE_ROLES:
        raise Http404
    runs = [(run, run.deleted_in(register)) for run in selectors.last_purge_runs()]
    recompute = rule_recompute_in_progress(register)
    context = {
        "register": register,
        "is_dpo": Role.DPO in roles,
        "runs": runs,
        # Counted to a cap: a backlog of millions (a first run, a shortened rule) costs no more than 10,000.
        "forecast_7": selectors.purge_forecast_capped(register, days=7, cap=settings.RETENTION_PAGE_COUNT_CAP),
        "forecast_30": selectors.purge_forecast_capped(register, days=30, cap=settings.RETENTION_PAGE_COUNT_CAP),
        "due_now": selectors.capped_count(
            selectors.recordings_due(register=register), settings.RETENTION_PAGE_COUNT_CAP
        ),
        "kept": selectors.recordings_kept_past_expiry(register),
        "holds_for_review": selectors.holds_due_for_review([register]),
        "tasks": selectors.open_retention_tasks(register),
        "four_eyes": needs_second_approver(register),
        "rule_proposal": pending_rule_proposal(register) if Role.DPO in roles else None,
        "recompute": recompute,
        "recompute_text": recompute_progress_text(recompute) if recompute else "",
        "event_form": RetentionEventForm() if register.is_event_based else None,
        "deleted_stats": _deleted_stats(register),
    }
    return render(request, "retention/overview.html", context)


def _deleted_stats(register) -> list[dict]:
    """Anonymous counts of deleted calls by month, line and direction: reporting that outlives retention."""
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth

    from journal.models import DeletedCallStats
    from recordings.models import Direction

    rows = list(
        DeletedCallStats.objects.filter(register=register)
        .annotate(month=TruncMonth("day"))
        .values("month", "line", "direction")
        .annotate(calls=Sum("calls"), seconds=Sum("total_seconds"))
        .order_by("-month", "line", "direction")[:36]
    )
    labels = dict(Direction.choices)
    for row in rows:
        row["direction"] = labels.get(row["direction"], row["direction"])
    return rows


@login_required
def retention_rule_change(request, slug: str):
    """Two steps: the DPO sees what the new rule does, then confirms."""
    register = register_for(request.user, slug)
    if not is_dpo(request.user, register):
        raise Http404
    initial = {
        "value": register.retention_value,
        "unit": register.retention_unit,
        "trigger": register.retention_trigger,
        "event": register.retention_event,
    }
    form = RuleForm(request.POST or None, initial=initial)
    preview = None
    preview_needs_approval = False
    if request.method == "POST" and form.is_valid():
        rule = form.cleaned_data
        needs_approval = rule_change_needs_second_approver(
            register, value=rule["value"], unit=rule["unit"], trigger=rule["trigger"]
        )
        if "confirm" in request.POST and needs_approval:
            try:
                rule_proposal_create(
                    actor=request.user,
                    register=register,
                    value=rule["value"],
                    unit=rule["unit"],
                    trigger=rule["trigger"],
                    event=rule["event"],
                    request=request,
                )
            except RetentionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "Rule change proposed. It takes effect when another data protection officer of the register "
                        "approves it."
                    ),
                )
                return redirect("retention_overview", register.slug)
        elif "confirm" in request.POST:
            try:
                services.register_retention_rule_change(
                    actor=request.user,
                    register=register,
                    value=rule["value"],
                    unit=rule["unit"],
                    trigger=rule["trigger"],
                    event=rule["event"],
                    request=request,
                )
            except RetentionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _recompute_started_message())
                return redirect("retention_overview", register.slug)
        else:
            preview = services.retention_rule_preview(
                register, value=rule["value"] or 0, unit=rule["unit"], trigger=rule["trigger"]
            )
            preview_needs_approval = needs_approval
    context = {
        "register": register,
        "form": form,
        "preview": preview,
        "needs_approval": preview is not None and preview_needs_approval,
        "pending": pending_rule_proposal(register),
    }
    return render(request, "retention/rule_change.html", context)


@login_required
@require_POST
def retention_rule_proposal_approve(request, pk: int):
    """A second DPO of the register approves a waiting rule change: the rule changes and expiries are recomputed."""
    return _decide_rule_proposal(request, pk, rule_proposal_approve, _recompute_started_message)


@login_required
def retention_recompute_progress(request, slug: str):
    """How far the register's rule change's recompute is, for the progress bar's script (JSON)."""
    register = register_for(request.user, slug)
    if not roles_for(request.user, register) & PAGE_ROLES:
        raise Http404
    job = rule_recompute_in_progress(register)
    if job is None:
        return JsonResponse({"finished": True})
    return JsonResponse(
        {
            "finished": False,
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "text": recompute_progress_text(job),
        }
    )


@login_required
@require_POST
def retention_rule_proposal_withdraw(request, pk: int):
    return _decide_rule_proposal(
        request, pk, rule_proposal_withdraw, lambda: _("The proposed rule change was withdrawn; the rule is unchanged.")
    )


def _decide_rule_proposal(request, pk: int, decide, success_message):
    """Approve or withdraw a rule proposal of the user's register (404 for any other), then back to the overview."""
    try:
        proposal = rule_proposal_for(request.user, pk)
    except RetentionError:
        raise Http404 from None
    try:
        decide(actor=request.user, proposal=proposal, request=request)
    except RetentionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success_message())
    return redirect("retention_overview", proposal.register.slug)


@login_required
@require_POST
def hold_create(request, public_id):
    recording = recording_for(request.user, public_id)
    roles = roles_for(request.user, recording.register)
    if not roles & PAGE_ROLES:
        return HttpResponseForbidden(_("Your role may not place holds."))
    form = HoldForm(request.POST, dpo=Role.DPO in roles)
    if not form.is_valid():
        messages.error(request, _("The hold was not placed: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("recording_detail", recording.public_id)
    try:
        services.hold_place(actor=request.user, recordings=[recording], request=request, **form.cleaned_data)
    except RetentionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Hold placed. The recording is kept until the hold is released."))
    return redirect("recording_detail", recording.public_id)


HOLD_PAGE_CALLS = 200


@login_required
def hold_detail(request, pk: int):
    """One hold as the audit log links to it: what it keeps, why, until when, and who placed or released it."""
    hold = get_object_or_404(Hold.objects.select_related("register", "placed_by", "released_by"), pk=pk)
    roles = roles_for(request.user, hold.register)
    if not roles & PAGE_ROLES:
        raise Http404
    calls = recordings_visible_to(request.user, hold.register).filter(holds=hold)
    context = {
        "hold": hold,
        "register": hold.register,
        "count": calls.count(),
        "rows": list_rows(
            list(calls.defer("waveform", "wrapped_key").select_related("agent", "service_line")[:HOLD_PAGE_CALLS])
        ),
        "may_release": hold.is_active and services.can_place_hold(request.user, hold.register, hold.kind),
    }
    return render(request, "retention/hold_detail.html", context)


@login_required
@require_POST
def hold_create_bulk(request, slug: str):
    """The DPO's hold on the calls ticked on the call list: one hold on all of them, or nothing and a reason."""
    register = register_for(request.user, slug)
    if not is_dpo(request.user, register):
        return HttpResponseForbidden(_("Only the register's DPO may place a hold on several calls at once."))
    back = list_url(register, request.POST.get("f") or None)
    try:
        wanted = {uuid.UUID(v) for v in request.POST.getlist("recordings")}
    except ValueError:
        wanted = None
    if not wanted:
        messages.error(request, _("No hold was placed: tick the calls to hold first."))
        return redirect(back)
    form = HoldForm(request.POST, dpo=True, prefix="bulk")
    if not form.is_valid():
        messages.error(request, _("No hold was placed: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect(back)
    recordings = list(recordings_visible_to(request.user, register).filter(public_id__in=wanted))
    if len(recordings) != len(wanted):
        messages.error(
            request,
            _("No hold was placed: a ticked call is no longer in this register. Reload the list and try again."),
        )
        return redirect(back)
    try:
        services.hold_place_bulk(
            actor=request.user, register=register, recordings=recordings, request=request, **form.cleaned_data
        )
    except RetentionError as exc:
        messages.error(request, _("No hold was placed: %(error)s") % {"error": exc})
    else:
        messages.success(
            request,
            ngettext(
                "Hold placed on %(n)s call. It is kept until the hold is released.",
                "Hold placed on %(n)s calls. They are kept until the hold is released.",
                len(recordings),
            )
            % {"n": len(recordings)},
        )
    return redirect(back)


@login_required
@require_POST
def hold_release(request, pk: int):
    hold = get_object_or_404(Hold.objects.select_related("register"), pk=pk)
    if not roles_for(request.user, hold.register) & PAGE_ROLES:
        raise Http404
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the hold is released."))
    else:
        try:
            services.hold_release(actor=request.user, hold=hold, reason=form.cleaned_data["reason"], request=request)
        except RetentionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Hold released."))
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("retention_overview", hold.register.slug)


@login_required
@require_POST
def retention_event_create(request, slug: str):
    register = register_for(request.user, slug)
    if not is_dpo(request.user, register):
        raise Http404
    form = RetentionEventForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
    else:
        try:
            services.retention_event_record(actor=request.user, register=register, request=request, **form.cleaned_data)
        except RetentionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Event recorded; the deletion is tracked as a task."))
    return redirect("retention_overview", register.slug)


@login_required
@require_POST
def retention_task_done(request, pk: int):
    task = get_object_or_404(RetentionTask.objects.select_related("register"), pk=pk)
    if not is_dpo(request.user, task.register):
        raise Http404
    try:
        outcome = services.retention_task_complete(actor=request.user, task=task, request=request)
    except RetentionError as exc:
        messages.error(request, str(exc))
        return redirect("retention_overview", task.register.slug)
    if outcome.kept:
        kept = "; ".join(f"{k['started_at']} ({k['why']})" for k in outcome.kept)
        messages.warning(
            request,
            _("%(deleted)d call(s) deleted; %(kept)d kept, so the task stays open: %(list)s")
            % {"deleted": outcome.destroyed, "kept": len(outcome.kept), "list": kept},
        )
    else:
        messages.success(request, _("%(deleted)d call(s) deleted; the task is done.") % {"deleted": outcome.destroyed})
    return redirect("retention_overview", task.register.slug)
