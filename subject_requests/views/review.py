"""Search and review: the subject's recordings are found, each included or excluded, and held until answered."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import selectors, services
from ..forms import ExcludeForm
from .common import Action, match_of, request_action


@request_action(anchor="recordings")
def request_search(action: Action):
    new = services.request_search(
        subject_request=action.subject_request, actor=action.user, http_request=action.request
    )
    messages.success(action.request, _("Search done: %(n)s new recordings to review.") % {"n": new})
    return new


@request_action(anchor="recordings", target=match_of)
def match_include(action: Action):
    return services.match_decide(match=action.target, actor=action.user, include=True, http_request=action.request)


@request_action(anchor="recordings", target=match_of, form=ExcludeForm)
def match_exclude(action: Action):
    return services.match_decide(
        match=action.target, actor=action.user, include=False, reason=action.data["reason"], http_request=action.request
    )


@request_action(anchor="recordings")
def matches_include_all(action: Action):
    return services.matches_include_pending(
        subject_request=action.subject_request, actor=action.user, http_request=action.request
    )


def _matches_to_hold(user, subject_request, match_id: int | None = None):
    """The one match the URL names, or without one every match expiring before the request is due."""
    if match_id is None:
        return [m for m in selectors.matches_for_review(subject_request, user=user) if m.expires_before_due]
    return [selectors.match_for(user, subject_request, match_id)]


@request_action(
    anchor="recordings", target=_matches_to_hold, success=gettext_lazy("Held until the request is answered.")
)
def match_hold(action: Action):
    return services.matches_hold(
        subject_request=action.subject_request, actor=action.user, matches=action.target, http_request=action.request
    )
