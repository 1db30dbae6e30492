"""In a register that asks for a second approver, a rule change that shortens retention, or switches to event-based
deletion, is a proposal: nothing changes until a second DPO of the register approves it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from audit.models import AuditEvent
from recordings.models import Recording
from registers.models import Role
from retention.errors import RetentionError
from retention.rule_proposals import (
    rule_change_needs_second_approver,
    rule_proposal_approve,
    rule_proposal_create,
    rule_proposal_withdraw,
)
from retention.rule_recompute import rule_recompute_run
from retention.services import register_retention_rule_change
from testkit import grant, make_user

SHORTER = dict(value=30, unit="days", trigger="call_end", event="")
EVENT_BASED = dict(value=None, unit="months", trigger="event", event="Asiakastili poistetaan")


@pytest.fixture(autouse=True)
def _errors_in_english():
    """The messages are asserted in English; the pages show them in Finnish."""
    with translation.override("en"):
        yield


@pytest.fixture
def four_eyes_register(personas):
    register = personas.register  # 12 months from the end of the call
    register.erasure_needs_second_approver = True
    register.save()
    return register


@pytest.fixture
def second_dpo(four_eyes_register):
    user = make_user("dpo2-a", is_staff=True)
    grant(user, four_eyes_register, Role.DPO)
    return user


@pytest.fixture
def old_call(four_eyes_register, stored):
    return stored(four_eyes_register, expired=False, ended_at=timezone.now() - timedelta(days=100))


def _rule(register) -> tuple:
    register.refresh_from_db()
    return (register.retention_value, register.retention_unit, register.retention_trigger)


@pytest.mark.parametrize("change", [SHORTER, EVENT_BASED], ids=["shorter", "event-based"])
def test_a_lone_dpo_proposes_nothing_changes_and_a_second_dpo_approves(
    personas, four_eyes_register, second_dpo, old_call, change
):
    before = _rule(four_eyes_register)
    expires_before = old_call.expires_at
    assert rule_change_needs_second_approver(
        four_eyes_register, value=change["value"], unit=change["unit"], trigger=change["trigger"]
    )
    with pytest.raises(RetentionError, match="second data protection officer"):
        register_retention_rule_change(actor=personas.dpo, register=four_eyes_register, **change)
    proposal = rule_proposal_create(actor=personas.dpo, register=four_eyes_register, **change)
    assert _rule(four_eyes_register) == before
    old_call.refresh_from_db()
    assert old_call.expires_at == expires_before

    with pytest.raises(RetentionError, match="another data protection officer"):
        rule_proposal_approve(actor=personas.dpo, proposal=proposal)
    assert _rule(four_eyes_register) == before

    job = rule_proposal_approve(actor=second_dpo, proposal=proposal)
    assert _rule(four_eyes_register) == (change["value"], change["unit"], change["trigger"])
    rule_recompute_run(job.pk)  # what the worker runs after the commit
    old_call.refresh_from_db()
    assert old_call.expires_at != expires_before
    proposal.refresh_from_db()
    assert proposal.approved_by == second_dpo and proposal.status == "approved"
    change_event = AuditEvent.objects.get(action="retention_rule_change", details__step="approved")
    assert change_event.actor_id == second_dpo.pk


def test_a_longer_period_needs_no_second_approver(personas, four_eyes_register, old_call):
    assert not rule_change_needs_second_approver(four_eyes_register, value=13, unit="months", trigger="call_end")
    assert not rule_change_needs_second_approver(four_eyes_register, value=366, unit="days", trigger="call_end")
    register_retention_rule_change(
        actor=personas.dpo, register=four_eyes_register, value=13, unit="months", trigger="call_end"
    )
    assert _rule(four_eyes_register) == (13, "months", "call_end")


def test_days_that_can_fall_short_of_the_months_they_replace_count_as_shorter(four_eyes_register):
    # 12 months is 366 days across a leap day; 365 days is then a day shorter.
    assert rule_change_needs_second_approver(four_eyes_register, value=365, unit="days", trigger="call_end")


def test_leaving_event_based_deletion_for_a_period_needs_a_second_approver(personas, four_eyes_register, second_dpo):
    four_eyes_register.retention_trigger, four_eyes_register.retention_value = "event", None
    four_eyes_register.retention_event = "Asiakastili poistetaan"
    four_eyes_register.save()
    assert rule_change_needs_second_approver(four_eyes_register, value=10, unit="months", trigger="call_end")


def test_the_proposer_or_the_second_dpo_may_withdraw_and_nothing_changes(personas, four_eyes_register, second_dpo):
    before = _rule(four_eyes_register)
    proposal = rule_proposal_create(actor=personas.dpo, register=four_eyes_register, **SHORTER)
    with pytest.raises(RetentionError, match="already waiting"):
        rule_proposal_create(actor=second_dpo, register=four_eyes_register, **EVENT_BASED)
    rule_proposal_withdraw(actor=second_dpo, proposal=proposal)
    with pytest.raises(RetentionError, match="already been approved or withdrawn"):
        rule_proposal_approve(actor=second_dpo, proposal=proposal)
    assert _rule(four_eyes_register) == before


def test_the_rule_page_proposes_for_a_lone_dpo_and_the_overview_lets_a_second_dpo_approve(
    personas, four_eyes_register, second_dpo, old_call, client
):
    client.force_login(personas.dpo)
    url = f"/registers/{four_eyes_register.slug}/retention/rule/"
    client.post(url, {**{k: v for k, v in SHORTER.items() if v is not None}, "confirm": "1"})
    assert _rule(four_eyes_register) == (12, "months", "call_end")
    from retention.models import RetentionRuleProposal

    proposal = RetentionRuleProposal.objects.get()
    overview = f"/registers/{four_eyes_register.slug}/retention/"
    assert f"/retention/rule-proposals/{proposal.pk}/approve/" not in client.get(overview).content.decode()
    client.post(f"/retention/rule-proposals/{proposal.pk}/approve/")
    assert _rule(four_eyes_register) == (12, "months", "call_end")
    client.force_login(second_dpo)
    assert f"/retention/rule-proposals/{proposal.pk}/approve/" in client.get(overview).content.decode()
    client.post(f"/retention/rule-proposals/{proposal.pk}/approve/")
    assert _rule(four_eyes_register) == (30, "days", "call_end")
    assert Recording.objects.filter(pk=old_call.pk).exists()  # nothing is purged by the change itself
