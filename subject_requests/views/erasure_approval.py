"""The second DPO's pages for an erasure proposal: review and approve it, or withdraw it."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import erasure_approval, selectors
from .common import _back, _run, dpo_required


def _proposal(request, number: str, proposal_id: int):
    subject_request = selectors.request_for(request.user, number)
    proposal = _run(request, lambda: erasure_approval.proposal_for(request.user, subject_request, proposal_id))
    return subject_request, proposal


@dpo_required
@require_http_methods(["GET", "POST"])
def erasure_proposal_approve(request, number: str, proposal_id: int):
    subject_request, proposal = _proposal(request, number, proposal_id)
    if not proposal:
        return _back(subject_request, "erasure")
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        _run(
            request,
            lambda: erasure_approval.erasure_approve(proposal=proposal, actor=request.user, http_request=request),
            success=_("Approved: the erasure decision is carried out and the letter written."),
        )
        return _back(subject_request, "erasure")
    to_erase, to_keep = erasure_approval.proposal_matches(proposal)
    return render(
        request,
        "subject_requests/erasure_approve.html",
        {
            "r": subject_request,
            "proposal": proposal,
            "to_erase": to_erase,
            "to_keep": to_keep,
            "own": proposal.proposed_by_id == request.user.pk,
        },
    )


@dpo_required
@require_POST
def erasure_proposal_withdraw(request, number: str, proposal_id: int):
    subject_request, proposal = _proposal(request, number, proposal_id)
    if proposal:
        _run(
            request,
            lambda: erasure_approval.erasure_withdraw(proposal=proposal, actor=request.user, http_request=request),
            success=_("The erasure proposal is withdrawn; nothing was erased."),
        )
    return _back(subject_request, "erasure")
