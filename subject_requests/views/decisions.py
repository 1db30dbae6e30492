"""The decided rights: the DPO's reasoned answer to rectification, objection or withdrawal of consent."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from .. import services
from ..forms import DecisionForm
from .common import Action, request_action


def _decision_form(data, subject_request):
    return DecisionForm(data, subject_request=subject_request)


@request_action(
    anchor="decisions", form=_decision_form, success=gettext_lazy("The decision is recorded and the letter written.")
)
def right_decide(action: Action):
    return services.right_decide(
        subject_request=action.subject_request, actor=action.user, http_request=action.request, **action.data
    )
