"""Portability (art. 20): the package where the legal basis allows it, a reasoned refusal elsewhere."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _

from .. import services
from .access import _package_created_redirect
from .common import Action, _back, _link_base, request_action


def _to_the_link(action: Action, result):
    _decision, package, token = result
    if package is None:
        messages.info(action.request, _("Portability is refused with reasons; the letter is written."))
        return _back(action.subject_request, "portability")
    return _package_created_redirect(action.request, action.subject_request, package, token)


@request_action(anchor="portability", then=_to_the_link)
def portability(action: Action):
    return services.portability_answer(
        subject_request=action.subject_request,
        actor=action.user,
        link_base=_link_base(action.request),
        http_request=action.request,
    )
