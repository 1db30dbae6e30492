"""The DPO's dashboard of requests, and the page of one request with every form acting on it."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import approvals, erasure_approval, selectors
from ..forms import (
    AppointmentCloseForm,
    AppointmentForm,
    ClosedRequestSearchForm,
    DecisionForm,
    ExcludeForm,
    ExtensionForm,
    NoteForm,
    ReasonForm,
    VerificationForm,
)
from ..models import MatchDecision
from .common import dpo_required


@dpo_required
@require_GET
def dashboard(request):
    closed_form = ClosedRequestSearchForm(request.GET or None)
    criteria = {}
    if closed_form.is_bound:
        closed_form.is_valid()
        # The fields that parsed; a date that did not is named on the page.
        criteria = closed_form.cleaned_data
    return render(
        request,
        "subject_requests/dashboard.html",
        {
            "requests": selectors.open_requests_for_dashboard(request.user),
            "awaiting_approval": approvals.awaiting_approval_by(request.user),
            "holds": selectors.holds_due_for_review(request.user),
            "closed_form": closed_form,
            "closed_searched": closed_form.is_bound,
            "closed": selectors.closed_requests(
                request.user,
                number=criteria.get("number") or "",
                since=criteria.get("start"),
                until=criteria.get("end"),
                limit=50 if closed_form.is_bound else 20,
            ),
        },
    )


@dpo_required
@require_GET
def request_detail(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    matches = selectors.matches_for_review(subject_request, user=request.user)
    included = [m for m in matches if m.is_included and m.recording is not None]
    pending_count = sum(1 for m in matches if m.decision == MatchDecision.PENDING)
    return render(
        request,
        "subject_requests/request_detail.html",
        {
            "r": subject_request,
            "matches": matches,
            "included": included,
            "pending_count": pending_count,
            "expiring": [m for m in matches if m.expires_before_due],
            "targets": selectors.response_targets(subject_request),
            "outside_search": selectors.registers_outside_search(request.user, subject_request.controller),
            "verifications": subject_request.verifications.select_related("verified_by"),
            "decisions": subject_request.decisions.select_related("decided_by"),
            "appointments": subject_request.appointments.all(),
            "packages": selectors.packages_visible_to(request.user, subject_request),
            "letters": subject_request.letters.all(),
            "tasks": selectors.processor_tasks_visible_to(request.user, subject_request).select_related(
                "processor", "processor__register", "completed_by"
            ),
            "rectifications": subject_request.rectifications.filter(
                match__in=selectors.matches_visible_to(request.user, subject_request)
            ).select_related("match"),
            "audit_trail": selectors.request_audit_trail(subject_request),
            "erasure_proposal": erasure_approval.pending_proposal_for(request.user, subject_request),
            "verification_form": VerificationForm(),
            "extension_form": ExtensionForm(),
            "exclude_form": ExcludeForm(),
            "appointment_form": AppointmentForm(),
            "appointment_close_form": AppointmentCloseForm(),
            "decision_form": DecisionForm(subject_request=subject_request),
            "reason_form": ReasonForm(),
            "note_form": NoteForm(),
        },
    )
