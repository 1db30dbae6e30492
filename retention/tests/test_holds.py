"""Holds keep recordings past their date; who may place which kind; release lets them go."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from recordings.models import Recording
from retention.errors import RetentionError
from retention.models import HoldKind
from retention.services import hold_place, hold_release, purge_expired_recordings


def _hold(actor, recording, kind=HoldKind.COMPLAINT):
    return hold_place(
        actor=actor,
        recordings=[recording],
        kind=kind,
        reason="Reklamaatio 17/2026",
        review_on=timezone.localdate() + timedelta(days=30),
        reference="REK-17",
    )


def test_a_held_recording_survives_the_purge(personas, stored):
    held, free = stored(), stored()
    _hold(personas.supervisor, held)
    result = purge_expired_recordings()
    assert result.deleted == 1
    assert Recording.objects.filter(pk=held.pk).exists()
    assert not Recording.objects.filter(pk=free.pk).exists()


def test_after_release_an_expired_recording_goes_at_the_next_run(personas, stored):
    recording = stored()
    hold = _hold(personas.dpo, recording, HoldKind.CRIMINAL_INVESTIGATION)
    purge_expired_recordings()
    hold_release(actor=personas.dpo, hold=hold, reason="Esitutkinta päättyi.")
    purge_expired_recordings()
    assert not Recording.objects.filter(pk=recording.pk).exists()


def test_one_of_two_holds_released_still_keeps_it(personas, stored):
    recording = stored()
    first = _hold(personas.supervisor, recording)
    _hold(personas.dpo, recording, HoldKind.TRAINING)
    hold_release(actor=personas.supervisor, hold=first, reason="Käsitelty.")
    purge_expired_recordings()
    assert Recording.objects.filter(pk=recording.pk).exists()


def test_supervisor_places_complaint_and_training_holds_only(personas, stored):
    recording = stored(expired=False)
    _hold(personas.supervisor, recording, HoldKind.TRAINING)
    with pytest.raises(RetentionError, match="may not place"):
        _hold(personas.supervisor, recording, HoldKind.CRIMINAL_INVESTIGATION)
    _hold(personas.dpo, recording, HoldKind.CRIMINAL_INVESTIGATION)


@pytest.mark.parametrize("who", ["agent", "it_admin", "auditor", "outsider"])
def test_other_roles_cannot_place_holds(personas, stored, who):
    with pytest.raises(RetentionError):
        _hold(getattr(personas, who), stored(expired=False))


def test_placing_and_releasing_are_audited(personas, stored):
    hold = _hold(personas.supervisor, stored())
    hold_release(actor=personas.supervisor, hold=hold, reason="Asia ratkaistu.")
    actions = list(AuditEvent.objects.filter(object_type="retention.hold").values_list("action", flat=True))
    assert actions == ["hold_place", "hold_release"]


def test_a_hold_needs_a_reason_and_a_future_review_date(personas, stored):
    recording = stored(expired=False)
    with pytest.raises(RetentionError, match="reason"):
        hold_place(
            actor=personas.dpo, recordings=[recording], kind=HoldKind.OTHER, reason=" ", review_on=timezone.localdate()
        )
    with pytest.raises(RetentionError, match="past"):
        hold_place(
            actor=personas.dpo,
            recordings=[recording],
            kind=HoldKind.OTHER,
            reason="x",
            review_on=timezone.localdate() - timedelta(days=1),
        )


def test_supervisor_places_a_hold_from_the_detail_page(personas, stored, client):
    recording = stored(expired=False)
    client.force_login(personas.supervisor)
    page = client.get(f"/recordings/{recording.public_id}/")
    assert b"place-hold" in page.content
    response = client.post(
        f"/recordings/{recording.public_id}/holds/",
        {
            "kind": "complaint",
            "reason": "Asiakas reklamoi",
            "reference": "REK-9",
            "review_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert recording.holds.get().reference == "REK-9"


def test_agent_sees_no_hold_form(personas, stored, client):
    recording = stored(expired=False, agent=personas.agent)
    client.force_login(personas.agent)
    assert b"place-hold" not in client.get(f"/recordings/{recording.public_id}/").content
    assert client.post(f"/recordings/{recording.public_id}/holds/", {"kind": "complaint"}).status_code == 403
