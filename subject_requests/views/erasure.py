"""Erasure (art. 17): the DPO chooses, recording by recording, what is erased and what kept, then confirms."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import erasure_approval, selectors, services
from ..forms import ErasureForm
from .common import _back, _run, dpo_required


@dpo_required
@require_http_methods(["GET", "POST"])
def erasure(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    matches = [
        m
        for m in selectors.matches_for_review(subject_request, user=request.user)
        if m.is_included and m.recording is not None and not m.erasure_outcome
    ]
    defaults = {m.pk: services.erasure_default_refusal(m, subject_request.language) for m in matches if m.other_holds}
    form = ErasureForm(request.POST or None, matches=matches, default_reasons=defaults)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirmed") != "1":
            # Crypto-shredding cannot be undone: show what will be destroyed and ask once more.
            return render(
                request,
                "subject_requests/erasure_confirm.html",
                {
                    "r": subject_request,
                    "form": form,
                    "to_erase": form.to_erase(),
                    "to_keep": [m for m in matches if m.pk in form.refusals()],
                    "refusals": form.refusals(),
                    "needs_second": erasure_approval.needs_second_approver(matches),
                },
            )
        if erasure_approval.needs_second_approver(matches):
            done = _run(
                request,
                lambda: erasure_approval.erasure_propose(
                    subject_request=subject_request,
                    actor=request.user,
                    refusals=form.refusals(),
                    erase=[m.pk for m in form.to_erase()],
                    http_request=request,
                ),
                success=_(
                    "The erasure is proposed; it is carried out when another data protection officer approves it."
                ),
            )
            return _back(subject_request, "erasure") if done else redirect(request.path)
        done = _run(
            request,
            lambda: services.erasure_decide(
                subject_request=subject_request,
                actor=request.user,
                refusals=form.refusals(),
                erase=[m.pk for m in form.to_erase()],
                http_request=request,
            ),
            success=_("The erasure decision is carried out and the letter written."),
        )
        if done:
            return _back(subject_request, "erasure")
    return render(request, "subject_requests/erasure.html", {"r": subject_request, "form": form, "matches": matches})
