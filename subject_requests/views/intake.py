"""Intake: a request is recorded, the subject's identity checked, the deadline extended."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import ExtensionForm, IntakeForm, VerificationForm
from .common import Action, _back, _run, dpo_required, request_action


@dpo_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    form = IntakeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        subject_request = _run(
            request,
            lambda: services.request_receive(
                actor=request.user,
                controller=data["controller"],
                rights=data["rights"],
                received_on=data["received_on"],
                channel=data["channel"],
                language=data["language"],
                subject_name=data["subject_name"],
                subject_email=data["subject_email"],
                subject_postal_address=data["subject_postal_address"],
                phone_numbers=data["phone_numbers"],
                agent_identifier=data["agent_identifier"],
                description=data["description"],
                http_request=request,
            ),
        )
        if subject_request:
            messages.success(
                request,
                _("Request %(number)s recorded; the acknowledgement is written.") % {"number": subject_request.number},
            )
            return _back(subject_request)
    return render(request, "subject_requests/request_form.html", {"form": form})


@request_action(anchor="identity", form=VerificationForm, success=gettext_lazy("The identity check is recorded."))
def request_verify(action: Action):
    return services.request_verify_identity(
        subject_request=action.subject_request, actor=action.user, http_request=action.request, **action.data
    )


@request_action(
    anchor="deadline", form=ExtensionForm, success=gettext_lazy("The deadline is extended and the subject is told why.")
)
def request_extend(action: Action):
    return services.request_extend(
        subject_request=action.subject_request, actor=action.user, http_request=action.request, **action.data
    )
