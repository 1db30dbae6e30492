"""Where a register asks for it, an erasure needs two DPOs: one proposes, another approves, then it runs once."""

from __future__ import annotations

import threading

import pytest
from django.utils import translation

from audit.models import AuditEvent
from recordings.models import Recording
from registers.models import Role
from subject_requests import services
from subject_requests.erasure_approval import erasure_approve, erasure_propose, erasure_withdraw
from subject_requests.errors import RequestError
from subject_requests.models import ErasureProposal, ProposalStatus, RightDecision
from testkit import grant, make_user


@pytest.fixture(autouse=True)
def _errors_in_english():
    """The messages are asserted in English; the pages show them in Finnish."""
    with translation.override("en"):
        yield


@pytest.fixture
def four_eyes(personas):
    personas.register.erasure_needs_second_approver = True
    personas.register.save(update_fields=["erasure_needs_second_approver"])
    second = make_user("dpo-a-second")
    grant(second, personas.register, Role.DPO)
    return second


def _propose(personas, subject_request, actor=None):
    matches = list(subject_request.matches.filter(decision="included"))
    return erasure_propose(
        subject_request=subject_request, actor=actor or personas.dpo, erase=[m.pk for m in matches], refusals={}
    )


def _erasure_steps(subject_request):
    return [
        e.details.get("step") or e.action
        for e in AuditEvent.objects.filter(reason=subject_request.number).order_by("sequence")
        if "erasure_proposal" in e.details or e.action == "erasure"
    ]


def test_the_first_dpos_decision_is_only_a_proposal_and_erases_nothing(personas, four_eyes, searched_request):
    subject_request = searched_request(rights=["erasure"])
    proposal = _propose(personas, subject_request)
    assert proposal.status == ProposalStatus.PENDING and len(proposal.erase) == 2
    assert Recording.objects.filter(wrapped_key__isnull=False).count() == 3
    assert not RightDecision.objects.filter(request=subject_request).exists()
    # Nor can the erasure be carried out past the proposal.
    with pytest.raises(RequestError, match="second data protection officer"):
        services.erasure_decide(subject_request=subject_request, actor=personas.dpo, erase=proposal.erase, refusals={})
    assert Recording.objects.filter(wrapped_key__isnull=False).count() == 3


def test_a_second_dpo_approves_and_only_then_the_recordings_are_erased(
    personas, four_eyes, searched_request, subject_calls
):
    subject_request = searched_request(rights=["erasure"])
    proposal = _propose(personas, subject_request)
    decision = erasure_approve(proposal=proposal, actor=four_eyes)
    assert decision.outcome == "granted" and decision.decided_by == four_eyes
    assert not Recording.objects.filter(pk=subject_calls["as_caller"].pk).exists()
    assert not Recording.objects.filter(pk=subject_calls["as_callee"].pk).exists()
    assert Recording.objects.filter(pk=subject_calls["someone_else"].pk).exists()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.approved_by) == (ProposalStatus.APPROVED, four_eyes)
    assert _erasure_steps(subject_request) == ["proposed", "approved", "erasure", "erasure"]
    assert subject_request.letters.filter(kind="erasure").count() == 1


def test_the_proposer_cannot_approve_their_own_proposal(personas, four_eyes, searched_request):
    subject_request = searched_request(rights=["erasure"])
    proposal = _propose(personas, subject_request)
    with pytest.raises(RequestError, match="another data protection officer"):
        erasure_approve(proposal=proposal, actor=personas.dpo)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert Recording.objects.filter(wrapped_key__isnull=False).count() == 3


def test_a_withdrawn_proposal_cannot_be_approved_and_a_new_one_can_be_made(personas, four_eyes, searched_request):
    subject_request = searched_request(rights=["erasure"])
    proposal = _propose(personas, subject_request)
    with pytest.raises(RequestError, match="already waiting"):
        _propose(personas, subject_request, actor=four_eyes)
    erasure_withdraw(proposal=proposal, actor=personas.dpo)
    with pytest.raises(RequestError, match="already been approved or withdrawn"):
        erasure_approve(proposal=proposal, actor=four_eyes)
    assert Recording.objects.filter(wrapped_key__isnull=False).count() == 3
    again = _propose(personas, subject_request, actor=four_eyes)
    erasure_approve(proposal=again, actor=personas.dpo)
    assert Recording.objects.filter(wrapped_key__isnull=False).count() == 1
    assert _erasure_steps(subject_request) == ["proposed", "withdrawn", "proposed", "approved", "erasure", "erasure"]


def test_a_dpo_of_another_register_can_neither_propose_nor_approve(personas, four_eyes, searched_request):
    subject_request = searched_request(rights=["erasure"])
    with pytest.raises(RequestError):
        _propose(personas, subject_request, actor=personas.sibling_dpo)
    proposal = _propose(personas, subject_request)
    with pytest.raises(RequestError) as error:
        erasure_approve(proposal=proposal, actor=personas.sibling_dpo)
    assert error.value.status == 404
    assert Recording.objects.filter(wrapped_key__isnull=False).count() == 3


def test_a_register_without_the_setting_erases_on_the_first_dpos_decision(personas, searched_request):
    subject_request = searched_request(rights=["erasure"])
    erase = list(subject_request.matches.filter(decision="included").values_list("pk", flat=True))
    services.erasure_decide(subject_request=subject_request, actor=personas.dpo, erase=erase, refusals={})
    assert Recording.objects.filter(wrapped_key__isnull=False).count() == 1
    assert not ErasureProposal.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_carry_out_the_erasure_once(personas, four_eyes, searched_request):
    third = make_user("dpo-a-third")
    grant(third, personas.register, Role.DPO)
    subject_request = searched_request(rights=["erasure"])
    proposal = _propose(personas, subject_request)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user):
        from django.db import connections

        translation.activate("en")
        barrier.wait()
        try:
            erasure_approve(proposal=ErasureProposal.objects.get(pk=proposal.pk), actor=user)
            outcomes.append("erased")
        except RequestError as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (four_eyes, third)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and outcomes.count("erased") == 1
    assert any("already been approved" in o for o in outcomes)
    assert RightDecision.objects.filter(request=subject_request, right="erasure").count() == 1
    assert AuditEvent.objects.filter(reason=subject_request.number, action="erasure").count() == 2
    assert subject_request.letters.filter(kind="erasure").count() == 1


def test_no_proposal_before_the_subjects_identity_is_verified(personas, four_eyes, new_request):
    subject_request = new_request(rights=["erasure"])
    with pytest.raises(RequestError, match="verified request for erasure"):
        erasure_propose(subject_request=subject_request, actor=personas.dpo, erase=[], refusals={})
    assert not ErasureProposal.objects.exists()
