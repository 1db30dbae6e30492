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
