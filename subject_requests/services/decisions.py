"""The decided rights: rectification, objection and withdrawal of consent are answered by a reasoned decision."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .. import letters
from ..errors import RequestError
from ..models import DecisionOutcome, LetterKind, RequestRight, RightDecision, SubjectRequest
from .common import _decision_record, _require_dpo, _require_right, _require_verified
from .letters import letter_write

# Rights whose answer is a reasoned decision the DPO writes (the others are carried out by services).
DECIDED_RIGHTS = (RequestRight.RECTIFICATION, RequestRight.OBJECTION, RequestRight.WITHDRAW_CONSENT)


def right_decide(
    *, subject_request: SubjectRequest, actor, right: str, outcome: str, reasons: str = "", http_request=None
) -> RightDecision:
    """Record the answer to rectification, objection or withdrawal of consent, and tell the subject."""
    _require_dpo(actor, subject_request.controller)
    _require_verified(subject_request)
    _require_right(subject_request, right)
    if right not in DECIDED_RIGHTS:
        raise RequestError("That right is answered by carrying it out, not by a written decision alone.")
    reasons = (reasons or "").strip()
    if outcome != DecisionOutcome.GRANTED and not reasons:
        raise RequestError("Give the reasons: a refusal must tell the subject why (art. 12(4)).")
    language = subject_request.language
    with transaction.atomic():
        decision = _decision_record(
            subject_request, actor=actor, right=right, outcome=outcome, reasons=reasons, http_request=http_request
        )
    right_name = letters.right_names([right], language)[0]
    if outcome == DecisionOutcome.REFUSED:
        letter_write(
            subject_request=subject_request,
            actor=actor,
            kind=LetterKind.REFUSAL,
            http_request=http_request,
            refused_rights=[{"right": right_name, "recordings": [], "reasons": reasons}],
        )
    else:
        rectified = []
        if right == RequestRight.RECTIFICATION:
            for item in subject_request.rectifications.select_related("match"):
                rectified.append(
                    {
                        "started": _letter_time(item.match.started_at, language),
                        "fields": [letters.field_name(f, language) for f in item.fields],
                    }
                )
        letter_write(
            subject_request=subject_request,
            actor=actor,
            kind=LetterKind.DECISION,
            http_request=http_request,
            right=right_name,
            outcome=outcome,
            reasons=reasons,
            rectified=rectified,
        )
    return decision


def _letter_time(moment, language: str) -> str:
    local = timezone.localtime(moment, letters.HELSINKI)
    return local.strftime("%-d.%-m.%Y %H:%M") if language == "fi" else local.strftime("%Y-%m-%d %H:%M")
