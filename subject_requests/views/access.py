"""Access (art. 15): the export package and its link, the answer that nothing was found, listening appointments."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from .. import selectors, services
from ..forms import AppointmentCloseForm, AppointmentForm
from .common import (
    Action,
    _back,
    _link_base,
    _run,
    appointment_of,
    dpo_required,
    match_with_recording_of,
    package_of,
    request_action,
)

SESSION_PACKAGE_LINKS = "subject_package_links"


@dpo_required
@require_http_methods(["GET", "POST"])
def access_package(request, number: str):
    """GET asks for confirmation; the POST builds the package and redirects (a reload re-sends nothing)."""
    subject_request = selectors.request_for(request.user, number)
    if request.method == "GET":
        return render(
            request,
            "subject_requests/package_confirm.html",
            {
                "r": subject_request,
                "included": list(selectors.included_matches(subject_request)),
                "live": selectors.live_packages(subject_request),
                "link_days": services.PACKAGE_LINK_DAYS,
            },
        )
    result = _run(
        request,
        lambda: services.export_package_create(
            subject_request=subject_request, actor=request.user, link_base=_link_base(request), http_request=request
        ),
    )
    if not result:
        return _back(subject_request, "access")
    package, token = result
    return _package_created_redirect(request, subject_request, package, token)


def _package_created_redirect(request, subject_request, package, token):
    """Keep the link in the DPO's session just until the next page shows it once (only its hash is stored)."""
    links = request.session.get(SESSION_PACKAGE_LINKS, {})
    links[str(package.public_id)] = token
    request.session[SESSION_PACKAGE_LINKS] = links
    return redirect("subject_requests:package_created", number=subject_request.number, package_id=package.pk)


@dpo_required
@require_GET
def package_created(request, number: str, package_id: int):
    subject_request = selectors.request_for(request.user, number)
    package = selectors.package_for(request.user, subject_request, package_id)
    links = request.session.get(SESSION_PACKAGE_LINKS, {})
    token = links.pop(str(package.public_id), None)
    request.session[SESSION_PACKAGE_LINKS] = links
    response = render(
        request,
        "subject_requests/package_created.html",
        {
            "r": subject_request,
            "package": package,
            "link": services.download_url(_link_base(request), token, subject_request.language) if token else "",
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@request_action(anchor="access", success=gettext_lazy("The answer is written: no recordings were found."))
def access_without_recordings(action: Action):
    return services.access_answer_without_recordings(
        subject_request=action.subject_request, actor=action.user, http_request=action.request
    )


@request_action(
    anchor="access",
    form=AppointmentForm,
    success=gettext_lazy("The appointment is arranged and the invitation written."),
)
def appointment_new(action: Action):
    return services.appointment_schedule(
        subject_request=action.subject_request, actor=action.user, http_request=action.request, **action.data
    )


@request_action(anchor="access", target=appointment_of, form=AppointmentCloseForm)
def appointment_close(action: Action):
    return services.appointment_close(
        appointment=action.target, actor=action.user, http_request=action.request, **action.data
    )


def _to_the_recording(action: Action, _appointment):
    return redirect("recording_detail", public_id=action.target.recording.public_id)


@request_action(anchor="access", target=match_with_recording_of, then=_to_the_recording)
def appointment_play(action: Action):
    """Open a listening session for the subject's appointment, audited with the request number as reason."""
    return services.appointment_playback(
        subject_request=action.subject_request,
        recording=action.target.recording,
        actor=action.user,
        http_request=action.request,
    )


@request_action(
    anchor="access", target=package_of, success=gettext_lazy("The link is withdrawn and the package deleted.")
)
def package_revoke(action: Action):
    return services.export_package_revoke(package=action.target, actor=action.user, http_request=action.request)
