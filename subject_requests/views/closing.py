"""Closing: an answered request is closed, or the whole request refused."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from .. import services
from ..forms import ReasonForm
from .common import Action, optional_note, request_action


@request_action(success=gettext_lazy("The request is closed."))
def request_close(action: Action):
    return services.request_close(
        subject_request=action.subject_request,
        actor=action.user,
        note=optional_note(action.request),
        http_request=action.request,
    )


@request_action(form=ReasonForm, success=gettext_lazy("The request is refused and the letter written."))
def request_refuse(action: Action):
    return services.request_refuse(
        subject_request=action.subject_request,
        actor=action.user,
        reason=action.data["reason"],
        http_request=action.request,
    )
