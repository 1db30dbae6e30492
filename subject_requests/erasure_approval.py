"""Four eyes on erasure, where a register asks for it (`Register.erasure_needs_second_approver`).

Crypto-shredding cannot be undone. In such a register the DPO's confirmed
erasure decision becomes a proposal; a second person who is also DPO of
every register the decision touches approves it, and only then does
`services.erasure_decide` run, with the proposal's choices and the approver
as the actor. The proposer cannot approve their own proposal (checked here
and by a database constraint), either DPO may withdraw it while it waits,
and every step is in the audit log under the request's number. The approval
is a conditional update from pending: of two approvals at once, one wins and
the erasure runs once.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from registers import permissions

from . import selectors
from .errors import RequestError
from .models import ErasureProposal, ProposalStatus, RecordingMatch, RequestRight, SubjectRequest
from .services.erasure import (  # noqa: F401 - the views ask here
    erasure_decide,
    needs_second_approver,
    registers_needing_second_approver,
)


def _audit(subject_request: SubjectRequest, proposal: ErasureProposal, step: str, *, actor, http_request=None) -> None:
    audit_record(
        action="request_change",
        actor=actor,
        obj=subject_request,
        reason=subject_request.number,
        request=http_request,
        details={
            "request": subject_request.number,
            "erasure_proposal": proposal.pk,
            "step": step,
            "erase": len(proposal.erase),
            "keep": len(proposal.refusals),
        },
    )


def _require_dpo_of_each(actor, registers) -> None:
    for register in registers:
        if not permissions.is_dpo(actor, register):
            raise RequestError(
                _("You are not the data protection officer of the register “%(register)s”.")
                % {"register": register.name},
                status=404,
            )


def pending_proposal(subject_request: SubjectRequest) -> ErasureProposal | None:
    return (
        subject_request.erasure_proposals.filter(status=ProposalStatus.PENDING)
        .select_related("proposed_by")
        .prefetch_related("registers")
        .first()
    )


def pending_proposal_for(user, subject_request: SubjectRequest) -> ErasureProposal | None:
    """The request's waiting proposal if the user may see it: DPO of every register it touches."""
    proposal = pending_proposal(subject_request)
    if proposal is None or not permissions.is_dpo_of_all(user, proposal.registers.all()):
        return None
    proposal.to_erase, proposal.to_keep = proposal_matches(proposal)
    return proposal


def proposal_for(user, subject_request: SubjectRequest, proposal_id: int) -> ErasureProposal:
    """One of the request's proposals if the user is DPO of every register it touches, else 404."""
    proposal = subject_request.erasure_proposals.filter(pk=proposal_id).select_related("proposed_by").first()
    if proposal is None or not permissions.is_dpo_of_all(user, proposal.registers.all()):
        raise RequestError("Not found.", status=404)
    return proposal


def proposal_matches(proposal: ErasureProposal) -> tuple[list[RecordingMatch], list[tuple[RecordingMatch, str]]]:
    """(matches to erase, (match, reason) to keep) as the proposal names them."""
    refusals = {int(k): v for k, v in proposal.refusals.items()}
    ids = {int(i) for i in proposal.erase} | set(refusals)
    matches = {
        m.pk: m
        for m in RecordingMatch.objects.filter(request=proposal.request, pk__in=ids).select_related(
            "register", "recording"
        )
    }
    erase = [matches[int(i)] for i in proposal.erase if int(i) in matches]
    keep = [(matches[i], reason) for i, reason in refusals.items() if i in matches]
    return erase, keep


def erasure_propose(
    *, subject_request: SubjectRequest, actor, erase, refusals: dict[int, str], http_request=None
) -> ErasureProposal:
    """Record the first DPO's confirmed choices; nothing is erased yet."""
    if not permissions.is_dpo_of_controller(actor, subject_request.controller):
        raise RequestError("Not found.", status=404)
    if not (subject_request.is_open and subject_request.is_verified and subject_request.asks_for(RequestRight.ERASURE)):
        raise RequestError(_("Only an open, verified request for erasure can have an erasure proposal."))
    erase = sorted({int(pk) for pk in erase})
    refusals = {str(int(k)): (v or "").strip() for k, v in refusals.items()}
    if any(not reason for reason in refusals.values()):
        raise RequestError(_("Give the reason for refusing to erase each recording you keep."))
    pending = [
        m
        for m in selectors.matches_for_review(subject_request)
        if m.is_included and m.recording is not None and not m.erasure_outcome
    ]
    named = set(erase) | {int(k) for k in refusals}
    if not pending or any(m.pk not in named for m in pending) or not named <= {m.pk for m in pending}:
        raise RequestError(_("Choose whether to erase or keep each recording; nothing was proposed."))
    registers = {m.register for m in pending}
    _require_dpo_of_each(actor, registers)
    try:
        with transaction.atomic():
            proposal = ErasureProposal.objects.create(
                request=subject_request, erase=erase, refusals=refusals, proposed_by=actor
            )
            proposal.registers.set(registers)
            _audit(subject_request, proposal, "proposed", actor=actor, http_request=http_request)
    except IntegrityError:
        raise RequestError(
            _("An erasure proposal for this request is already waiting for approval; withdraw it first.")
        ) from None
    return proposal


def erasure_approve(*, proposal: ErasureProposal, actor, http_request=None):
    """The second DPO's approval: carries out the erasure with the proposal's choices, once."""
    subject_request = proposal.request
    _require_dpo_of_each(actor, proposal.registers.all())
    if proposal.proposed_by_id == actor.pk:
        raise RequestError(_("You proposed this erasure; another data protection officer must approve it."))
    with transaction.atomic():
        won = (
            ErasureProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PENDING)
            .exclude(proposed_by=actor)
            .update(status=ProposalStatus.APPROVED, approved_by=actor, approved_at=timezone.now())
        )
        if not won:
            raise RequestError(_("This erasure proposal has already been approved or withdrawn."))
        proposal.refresh_from_db()
        _audit(subject_request, proposal, "approved", actor=actor, http_request=http_request)
    try:
        return erasure_decide(
            subject_request=subject_request,
            actor=actor,
            refusals={int(k): v for k, v in proposal.refusals.items()},
            erase=proposal.erase,
            approved_proposal=proposal,
            http_request=http_request,
        )
    except RequestError:
        # The checks run before anything is erased: the proposal waits again, and the log says why.
        ErasureProposal.objects.filter(pk=proposal.pk).update(
            status=ProposalStatus.PENDING, approved_by=None, approved_at=None
        )
        _audit(subject_request, proposal, "approval_failed", actor=actor, http_request=http_request)
        raise


def erasure_withdraw(*, proposal: ErasureProposal, actor, http_request=None) -> ErasureProposal:
    _require_dpo_of_each(actor, proposal.registers.all())
    withdrawn = ErasureProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PENDING).update(
        status=ProposalStatus.WITHDRAWN, withdrawn_by=actor, withdrawn_at=timezone.now()
    )
    if not withdrawn:
        raise RequestError(_("This erasure proposal has already been approved or withdrawn."))
    proposal.refresh_from_db()
    _audit(proposal.request, proposal, "withdrawn", actor=actor, http_request=http_request)
    return proposal
