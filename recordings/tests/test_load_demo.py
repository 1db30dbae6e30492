"""A newcomer's first command loads the seed registers, an account for every role and playable calls."""

from __future__ import annotations

from django.core.management import call_command

from recordings.models import Recording
from registers.models import Membership, Register


def test_load_demo_gives_every_role_and_playable_calls(db, capsys, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("load_demo", "--calls", "1")
    out = capsys.readouterr().out
    assert "password for all: demo-" in out
    assert Register.objects.count() == 5
    assert Membership.objects.values("role").distinct().count() == 5
    # One account per role per register, and a second DPO where four eyes are on.
    assert Membership.objects.count() == 26
    (four_eyes,) = Register.objects.filter(erasure_needs_second_approver=True)
    assert four_eyes.memberships.filter(role="dpo").count() == 2
    recordings = Recording.objects.all()
    assert recordings.count() == 5
    assert all(r.rendition_status == "ready" for r in recordings)
    call_command("load_demo", "--calls", "1")
    assert Recording.objects.count() == 5 and Membership.objects.count() == 26


# The numbers the demo's calls come from: ranges that Finnish operators give to no subscriber.
DEMO_NUMBER = r"^\+358(50555\d{4}|440\d{6})$"


def test_load_demo_gives_the_dpo_requests_at_each_stage_once(db, settings, tmp_path):
    import re

    from subject_requests.models import ErasureProposal, SubjectRequest

    settings.DATA_DIR = tmp_path
    call_command("load_demo", "--calls", "3", verbosity=0)
    (four_eyes,) = Register.objects.filter(erasure_needs_second_approver=True)
    requests = SubjectRequest.objects.filter(controller=four_eyes.controller)
    by_stage = {(tuple(r.rights), r.status): r for r in requests}
    assert set(by_stage) == {
        (("access",), "in_progress"),
        (("erasure",), "in_progress"),
        (("access",), "completed"),
    }
    searched = by_stage[("access",), "in_progress"]
    assert searched.is_verified and searched.matches.exists()
    erasure = by_stage[("erasure",), "in_progress"]
    proposal = ErasureProposal.objects.get(request=erasure)
    assert proposal.approved_at is None and proposal.proposed_by.username == "onnihoiva.dpo"
    closed = by_stage[("access",), "completed"]
    assert closed.closed_at and closed.decisions.filter(right="access").exists()
    assert all(re.match(DEMO_NUMBER, n) for r in requests for n in r.subject_phone_numbers)

    call_command("load_demo", "--calls", "3", verbosity=0)
    assert SubjectRequest.objects.count() == 3 and ErasureProposal.objects.count() == 1


def test_the_demo_starts_again_after_one_of_its_calls_was_deleted(db, settings, tmp_path):
    """The demo's second DPO approves an erasure, and each register's first call expires within days: the next
    `scripts/run` loads the demo again, and a deleted call is one it leaves deleted, not a reason to stop."""
    from recordings.services import recording_shred

    settings.DATA_DIR = tmp_path
    call_command("load_demo", "--calls", "2", verbosity=0)
    erased = Recording.objects.order_by("pk").first()
    assert recording_shred(erased, reason="erasure", reference="SR-demo")

    call_command("load_demo", "--calls", "2", verbosity=0)

    assert Recording.objects.count() == 9
    assert not Recording.objects.filter(register=erased.register, external_id=erased.external_id).exists()
