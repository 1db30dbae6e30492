"""Erasure (art. 17): included recordings are crypto-shredded one at a time, or kept with a reason."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from retention.models import Hold, HoldKind

from .. import letters, selectors
from ..errors import RequestError
from ..models import (
    DecisionOutcome,
    ErasureOutcome,
    ErasureProposal,
    LetterKind,
    ProposalStatus,
    RecordingMatch,
    RequestRight,
    RightDecision,
    SubjectRequest,
)
from .common import _audit, _decision_record, _require_dpo, _require_dpo_of_register, _require_right, _require_verified
from .letters import letter_write

logger = logging.getLogger(__name__)


# A register may ask for a second DPO's approval of an erasure (the workflow is subject_requests.erasure_approval).
def registers_needing_second_approver(matches) -> list:
    return sorted({m.register for m in matches if m.register.erasure_needs_second_approver}, key=lambda r: r.name)


def needs_second_approver(matches) -> bool:
    return bool(registers_needing_second_approver(matches))


def require_approval(pending_matches, approved_proposal: ErasureProposal | None) -> None:
    """Refuse an erasure touching a four-eyes register unless it carries out an approved proposal."""
    if approved_proposal is not None and approved_proposal.status == ProposalStatus.APPROVED:
        return
    registers = registers_needing_second_approver(pending_matches)
    if registers:
        raise RequestError(
            _(
                "The register “%(register)s” needs a second data protection officer to approve an erasure; "
                "nothing was erased."
            )
            % {"register": registers[0].name}
        )


HOLD_REFUSAL_REASONS = {
    HoldKind.COMPLAINT: {
        "fi": "Tallenne on säilytettävä, koska sitä tarvitaan vireillä olevan reklamaation käsittelyssä "
        "(oikeudellisen vaateen laatiminen, esittäminen tai puolustaminen, tietosuoja-asetuksen 17 artiklan "
        "3 kohdan e alakohta).",
        "en": "The recording must be kept because it is needed to handle a pending complaint (establishment, "
        "exercise or defence of legal claims, GDPR art. 17(3)(e)).",
    },
    HoldKind.CRIMINAL_INVESTIGATION: {
        "fi": "Tallenne on säilytettävä, koska se liittyy viranomaisen esitutkintaan (oikeudellisen vaateen "
        "laatiminen, esittäminen tai puolustaminen sekä rekisterinpitäjän lakisääteinen velvoite, 17 artiklan "
        "3 kohdan b ja e alakohta).",
        "en": "The recording must be kept because it concerns a criminal investigation by the authorities "
        "(legal obligation and the establishment, exercise or defence of legal claims, GDPR art. 17(3)(b) and (e)).",
    },
}
DEFAULT_HOLD_REFUSAL = {
    "fi": "Tallenne on säilytettävä, koska sitä tarvitaan oikeudellisen vaateen laatimiseen, esittämiseen tai "
    "puolustamiseen (17 artiklan 3 kohdan e alakohta).",
    "en": "The recording must be kept because it is needed for the establishment, exercise or defence of legal "
    "claims (GDPR art. 17(3)(e)).",
}


def erasure_default_refusal(match: RecordingMatch, language: str) -> str:
    """The reason a held recording is kept, in the letter's language, from the kind of its hold."""
    kinds = [h.kind for h in getattr(match, "other_holds", [])]
    for kind in (HoldKind.CRIMINAL_INVESTIGATION, HoldKind.COMPLAINT):
        if kind in kinds:
            return HOLD_REFUSAL_REASONS[kind][language]
    return DEFAULT_HOLD_REFUSAL[language]


def _erasure_kept_if(subject_request: SubjectRequest):
    """What keeps a recording from this request's erasure, as a condition the key-destroying statement checks.

    An active hold other than this request's own, or a restriction another request placed.
    """
    own_hold = Q(kind=HoldKind.SUBJECT_REQUEST, reference=subject_request.number)
    held = Exists(Hold.objects.active().filter(recordings=OuterRef("pk")).exclude(own_hold))
    restricted = Exists(
        RecordingMatch.objects.filter(
            recording=OuterRef("pk"), restricted_at__isnull=False, restriction_lifted_at__isnull=True
        ).exclude(request=subject_request)
    )
    return held | restricted


def erasure_decide(
    *,
    subject_request: SubjectRequest,
    actor,
    refusals: dict[int, str] | None = None,
    erase=None,
    approved_proposal=None,
    http_request=None,
) -> RightDecision:
    """Erase the included recordings (crypto-shred), except those refused with a reason.

    A recording under an active hold other than this request's own cannot be
    erased: it is refused, with the DPO's reason or the hold's standard one.
    With `erase` (match ids), every pending recording must be named in
    `erase` or `refusals`: the DPO's page passes it, so nothing is erased by
    default and a recording included after the confirmation is not erased unseen.
    """
    _require_dpo(actor, subject_request.controller)
    _require_verified(subject_request)
    _require_right(subject_request, RequestRight.ERASURE)
    refusals = {int(k): (v or "").strip() for k, v in (refusals or {}).items()}
    language = subject_request.language
    pending = [
        m
        for m in selectors.matches_for_review(subject_request)
        if m.is_included and m.recording is not None and not m.erasure_outcome
    ]
    if not pending:
        raise RequestError("No included recording is waiting for an erasure decision.")
    if erase is not None:
        chosen = {int(pk) for pk in erase} | set(refusals)
        if any(m.pk not in chosen for m in pending):
            raise RequestError("Choose whether to erase or keep each recording; nothing was erased.")
    # A register may ask for a second DPO's approval (erasure_approval): then only an approved proposal erases.
    require_approval(pending, approved_proposal)
    for match in pending:
        _require_dpo_of_register(actor, match.register)
        if match.pk in refusals and not refusals[match.pk]:
            raise RequestError("Give the reason for refusing to erase each recording you keep.")
        if match.other_holds and match.pk not in refusals:
            refusals[match.pk] = erasure_default_refusal(match, language)

    from recordings.errors import RecordingKept
    from recordings.services import recording_shred

    kept = _erasure_kept_if(subject_request)
    erased, refused = [], []
    for match in pending:
        recording = match.recording
        if match.pk not in refusals:
            line = letters.recording_line(recording, language)
            recording_pk, register = recording.pk, recording.register
            try:
                recording_shred(recording, reason="erasure", reference=subject_request.number, kept_if=kept)
            except RecordingKept:
                # A hold or another request's restriction arrived after the review: it wins.
                refusals[match.pk] = DEFAULT_HOLD_REFUSAL[language]
            except OSError as exc:
                # The data key is destroyed and committed before blobs are deleted, so the
                # audio is unreadable already; the reconcile sweep removes the leftovers.
                logger.warning("recording %s erased but a blob remains: %s", recording_pk, type(exc).__name__)
        if match.pk in refusals:
            RecordingMatch.objects.filter(pk=match.pk).update(
                erasure_outcome=ErasureOutcome.REFUSED, erasure_reason=refusals[match.pk]
            )
            refused.append((match, refusals[match.pk]))
            continue
        RecordingMatch.objects.filter(pk=match.pk).update(erasure_outcome=ErasureOutcome.ERASED, erasure_reason="")
        _audit(
            "erasure",
            subject_request,
            actor=actor,
            http_request=http_request,
            register=register,
            object_type="recordings.recording",
            object_id=str(recording_pk),
            details={"recording": str(match.recording_public_id)},
        )
        erased.append(line)

    if erased and refused:
        outcome = DecisionOutcome.PARTIALLY_GRANTED
    elif erased:
        outcome = DecisionOutcome.GRANTED
    else:
        outcome = DecisionOutcome.REFUSED
    refused_lines = [{**letters.recording_line(m.recording, language), "reason": reason} for m, reason in refused]
    reasons = "\n".join(f"- {r['started']}: {r['reason']}" for r in refused_lines)
    with transaction.atomic():
        decision = _decision_record(
            subject_request,
            actor=actor,
            right=RequestRight.ERASURE,
            outcome=outcome,
            reasons=reasons,
            http_request=http_request,
        )
    if erased:
        _saved_searches_forget(subject_request, actor=actor, http_request=http_request)
        letter_write(
            subject_request=subject_request,
            actor=actor,
            kind=LetterKind.ERASURE,
            http_request=http_request,
            erased=erased,
            refused=refused_lines,
        )
    else:
        letter_write(
            subject_request=subject_request,
            actor=actor,
            kind=LetterKind.REFUSAL,
            http_request=http_request,
            refused_rights=[
                {
                    "right": letters.right_names([RequestRight.ERASURE], language)[0],
                    "recordings": refused_lines,
                    "reasons": "",
                }
            ],
        )
    return decision


def _saved_searches_forget(subject_request: SubjectRequest, *, actor, http_request=None) -> None:
    """Saved searches of the controller's registers that name the subject's number go with their calls."""
    from recordings.searches import saved_searches_forget_numbers

    forgotten = saved_searches_forget_numbers(
        subject_request.subject_phone_numbers or [], registers=subject_request.controller.registers.all()
    )
    if forgotten:
        _audit(
            "request_change",
            subject_request,
            actor=actor,
            http_request=http_request,
            details={"saved_searches": forgotten},
        )
