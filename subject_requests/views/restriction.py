"""Restriction (art. 18): the included recordings are restricted, and a restriction lifted with a reason."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from .. import services
from ..forms import ReasonForm
from .common import Action, match_of, request_action


@request_action(
    anchor="restriction",
    success=gettext_lazy("The recordings are restricted: only the DPO may play them and the purge keeps them."),
)
def restriction_apply(action: Action):
    return services.restriction_apply(
        subject_request=action.subject_request, actor=action.user, http_request=action.request
    )


@request_action(
    anchor="restriction",
    target=match_of,
    form=ReasonForm,
    success=gettext_lazy("The restriction is lifted and the subject told."),
)
def restriction_lift(action: Action):
    return services.restriction_lift(
        match=action.target, actor=action.user, reason=action.data["reason"], http_request=action.request
    )
