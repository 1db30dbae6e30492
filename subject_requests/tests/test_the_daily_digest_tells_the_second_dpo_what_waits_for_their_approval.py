"""The daily digest tells a second DPO, once a day, which four-eyes proposals wait for their approval."""

from __future__ import annotations

from django.core import mail

from registers.models import RetentionTrigger, RetentionUnit, Role
from retention.rule_proposals import rule_proposal_create
from subject_requests import services
from subject_requests.erasure_approval import erasure_propose
from subject_requests.reminders import deadline_digest_send
from testkit import grant, make_user


def test_the_second_dpo_hears_of_erasure_and_rule_proposals_once_a_day(
    personas, new_request, verify, subject_calls, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    personas.register.erasure_needs_second_approver = True
    personas.register.save(update_fields=["erasure_needs_second_approver"])
    second = make_user("dpo-a-second", email="dpo-a-second@example.fi")
    grant(second, personas.register, Role.DPO)
    personas.dpo.email = "dpo-a@example.fi"
    personas.dpo.save(update_fields=["email"])
    # Received today: due in a month, so only the approvals bring the digest.
    subject_request = verify(new_request(rights=["erasure"]))
    services.request_search(subject_request=subject_request, actor=personas.dpo)
    services.matches_include_pending(subject_request=subject_request, actor=personas.dpo)
    erase = list(subject_request.matches.values_list("pk", flat=True))
    erasure_propose(subject_request=subject_request, actor=personas.dpo, erase=erase, refusals={})
    rule_proposal_create(
        actor=personas.dpo,
        register=personas.register,
        value=1,
        unit=RetentionUnit.DAYS,
        trigger=RetentionTrigger.CALL_END,
    )
    mail.outbox.clear()

    assert deadline_digest_send() == 1
    (message,) = mail.outbox
    assert message.to == ["dpo-a-second@example.fi"]
    assert subject_request.number in message.body
    assert f"/requests/{subject_request.number}/" in message.body
    assert f"/registers/{personas.register.slug}/retention/" in message.body
    assert "Maija" not in message.body and "358" not in message.body

    mail.outbox.clear()
    assert deadline_digest_send() == 0
