"""A rule change that deletes calls sooner, in a register that asks for a second approver: proposed, then approved.

One DPO proposes the new rule (after seeing its preview); nothing changes.
Another DPO of the register approves it, and only then is the rule changed and
every expiry recomputed by a background job (`register_retention_rule_change`,
with the approver as the actor). The proposer cannot approve their own proposal (checked here
and by a database constraint); either DPO may withdraw it while it waits; a
register has at most one waiting proposal; every step is in the audit log.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from registers.models import Register, RetentionTrigger
from registers.permissions import is_dpo

from .errors import RetentionError
from .four_eyes import rule_change_needs_second_approver  # noqa: F401 - the views and tests ask here
from .models import RetentionRuleProposal, RuleProposalStatus, RuleRecompute
from .rule_changes import register_retention_rule_change, validate_rule


def _require_dpo(actor, register: Register) -> None:
    if not is_dpo(actor, register):
        raise RetentionError("Only the register's DPO may change its retention rule.", status=404)


def _audit(proposal: RetentionRuleProposal, step: str, *, actor, request=None) -> None:
    audit_record(
        action="retention_rule_change",
        actor=actor,
        register=proposal.register,
        obj=proposal,
        request=request,
        details={
            "proposal": proposal.pk,
            "step": step,
            "proposed": {"value": proposal.value, "unit": proposal.unit, "trigger": proposal.trigger},
        },
    )


def pending_rule_proposal(register: Register) -> RetentionRuleProposal | None:
    return (
        RetentionRuleProposal.objects.filter(register=register, status=RuleProposalStatus.PENDING)
        .select_related("proposed_by")
        .first()
    )


def rule_proposal_for(user, pk: int) -> RetentionRuleProposal:
    """A rule proposal if the user is DPO of its register, else 404."""
    proposal = RetentionRuleProposal.objects.select_related("register", "proposed_by").filter(pk=pk).first()
    if proposal is None or not is_dpo(user, proposal.register):
        raise RetentionError("Not found.", status=404)
    return proposal


def rule_proposal_create(
    *, actor, register: Register, value: int | None, unit: str, trigger: str, event: str = "", request=None
) -> RetentionRuleProposal:
    """Record the first DPO's rule change; nothing changes until a second DPO approves."""
    _require_dpo(actor, register)
    validate_rule(value=value, unit=unit, trigger=trigger, event=event)
    try:
        with transaction.atomic():
            proposal = RetentionRuleProposal.objects.create(
                register=register,
                value=value if trigger != RetentionTrigger.EVENT else None,
                unit=unit,
                trigger=trigger,
                event=(event or "").strip() if trigger == RetentionTrigger.EVENT else "",
                proposed_by=actor,
            )
            _audit(proposal, "proposed", actor=actor, request=request)
    except IntegrityError:
        raise RetentionError(
            _("A rule change for this register is already waiting for approval; withdraw it first."), status=409
        ) from None
    return proposal


def rule_proposal_approve(*, actor, proposal: RetentionRuleProposal, request=None) -> RuleRecompute:
    """The second DPO's approval: the rule is changed as proposed, once. Returns the job recomputing the
    register's expiries in the background (retention.rule_recompute)."""
    _require_dpo(actor, proposal.register)
    if proposal.proposed_by_id == actor.pk:
        raise RetentionError(
            _("You proposed this rule change; another data protection officer of the register must approve it."),
            status=409,
        )
    with transaction.atomic():
        won = (
            RetentionRuleProposal.objects.filter(pk=proposal.pk, status=RuleProposalStatus.PENDING)
            .exclude(proposed_by=actor)
            .update(status=RuleProposalStatus.APPROVED, decided_by=actor, decided_at=timezone.now())
        )
        if not won:
            raise RetentionError(_("This rule change has already been approved or withdrawn."), status=409)
        proposal.refresh_from_db()
        register = Register.objects.select_for_update().get(pk=proposal.register_id)
        return register_retention_rule_change(
            actor=actor,
            register=register,
            value=proposal.value,
            unit=proposal.unit,
            trigger=proposal.trigger,
            event=proposal.event,
            request=request,
            approved_proposal=proposal,
        )


def rule_proposal_withdraw(*, actor, proposal: RetentionRuleProposal, request=None) -> RetentionRuleProposal:
    _require_dpo(actor, proposal.register)
    withdrawn = RetentionRuleProposal.objects.filter(pk=proposal.pk, status=RuleProposalStatus.PENDING).update(
        status=RuleProposalStatus.WITHDRAWN, decided_by=actor, decided_at=timezone.now()
    )
    if not withdrawn:
        raise RetentionError(_("This rule change has already been approved or withdrawn."), status=409)
    proposal.refresh_from_db()
    _audit(proposal, "withdrawn", actor=actor, request=request)
    return proposal
