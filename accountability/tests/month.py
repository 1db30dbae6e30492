"""A month of activity (October 2026, Helsinki time) in register A, built through the real services where they exist.

Every figure the report should show is written down in EXPECTED, worked out
by hand from what is built here.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from audit.services import audit_anchor_write, audit_record
from recordings.models import Recording
from recordings.services import recording_shred
from registers.models import Role
from retention.models import Hold, TombstoneReason
from retention.services import purge_expired_recordings
from subject_requests.models import ExportPackage, RecordingMatch, RightDecision, SubjectRequest
from testkit import grant, make_stored_recording

HKI = ZoneInfo("Europe/Helsinki")
FAR = datetime(2030, 1, 1, tzinfo=HKI)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=HKI)


def travel(moment: datetime):
    return time_machine.travel(moment, tick=False)


def _request(controller, actor, n: int, *, received: date, due: date, register, **fields) -> SubjectRequest:
    request = SubjectRequest.objects.create(
        number=f"2026-{n:04d}",
        year=2026,
        sequence=n,
        controller=controller,
        rights=["access"],
        received_on=received,
        channel="email",
        initial_due_on=fields.pop("initial_due_on", due),
        due_on=due,
        created_by=actor,
        **fields,
    )
    if register is not None:
        RecordingMatch.objects.create(
            request=request, recording_public_id=uuid.uuid4(), register=register, started_at=at(2026, 9, 1, 12)
        )
    return request


def build_month(personas) -> dict:
    register, dpo = personas.register, personas.dpo
    # The personas' second register of the same controller (register-a2); the month's DPO and auditor hold it too.
    sibling = personas.sibling_register
    grant(dpo, sibling, Role.DPO)
    grant(personas.auditor, sibling, Role.AUDITOR)

    # Calls: 100 that expire on 5 October, one that expires on 10 October; all ended in October.
    with travel(at(2026, 10, 1, 11)):
        routine = [
            make_stored_recording(register, ended_at=at(2026, 10, 1, 10), expires_at=at(2026, 10, 5))
            for _ in range(100)
        ]
        outage = make_stored_recording(register, ended_at=at(2026, 10, 1, 10), expires_at=at(2026, 10, 10))
        # 23:30 UTC on 30 September is 02:30 on 1 October in Helsinki: an October call.
        early = make_stored_recording(register, ended_at=datetime(2026, 9, 30, 23, 30, 1, tzinfo=ZoneInfo("UTC")))
        early.expires_at = FAR
        early.save(update_fields=["expires_at"])
        held_complaint = make_stored_recording(register, ended_at=at(2026, 9, 2, 10), expires_at=at(2026, 10, 8))
        held_training = make_stored_recording(register, ended_at=at(2026, 9, 2, 10), expires_at=at(2026, 10, 9))
        restricted = make_stored_recording(
            register, ended_at=at(2026, 9, 2, 10), expires_at=at(2026, 10, 7), restricted=True
        )
        complaint = Hold.objects.create(
            register=register,
            kind="complaint",
            reason="Asiakkaan reklamaatio",
            reference="REK-12",
            placed_by=dpo,
            placed_at=at(2026, 10, 1, 12),
            review_on=date(2026, 10, 20),
        )
        complaint.recordings.add(held_complaint)
        training = Hold.objects.create(
            register=register,
            kind="training",
            reason="Perehdytys",
            placed_by=dpo,
            placed_at=at(2026, 10, 2, 9),
            review_on=date(2026, 12, 31),
        )
        training.recordings.add(held_training)
    released_in_month = Hold.objects.create(
        register=register,
        kind="other",
        reason="Selvitys",
        placed_by=dpo,
        placed_at=at(2026, 9, 20),
        review_on=date(2026, 11, 1),
        released_at=at(2026, 10, 15, 9),
        released_by=dpo,
        release_reason="valmis",
    )
    Hold.objects.create(
        register=register,
        kind="other",
        reason="Vanha",
        placed_by=dpo,
        placed_at=at(2026, 8, 1),
        review_on=date(2026, 9, 1),
        released_at=at(2026, 9, 30, 9),
        released_by=dpo,
    )

    # A call ended in the first minutes of November (after the clocks went back): not an October call.
    with travel(at(2026, 11, 1, 0, 40)):
        november = make_stored_recording(register, ended_at=at(2026, 11, 1, 0, 30), expires_at=FAR)

    # The purge: on time on 5 October (10 minutes late), an empty run, then after an outage on 13 October.
    with travel(at(2026, 10, 5, 0, 10)):
        on_time_run = purge_expired_recordings().run
    with travel(at(2026, 10, 8, 0, 10)):
        empty = purge_expired_recordings(register=sibling).run
    with travel(at(2026, 10, 13, 2, 0)):
        late_run = purge_expired_recordings().run

    # Erasure on request 2026-0001, on 9 October.
    with travel(at(2026, 10, 9, 14)):
        erased = make_stored_recording(register, ended_at=at(2026, 10, 2, 10), expires_at=FAR)
        recording_shred(erased, reason=TombstoneReason.ERASURE, reference="2026-0001")

    # Left behind after the last purge: a storage error (key destroyed, blob still there) and one the purge missed.
    with travel(at(2026, 10, 20, 12)):
        broken = make_stored_recording(register, ended_at=at(2026, 9, 3, 10), expires_at=at(2026, 10, 3))
        Recording.objects.filter(pk=broken.pk).update(wrapped_key=None)
        missed = make_stored_recording(register, ended_at=at(2026, 9, 4, 10), expires_at=at(2026, 11, 1, 3))

    controller = register.controller
    on_time = _request(
        controller,
        dpo,
        1,
        received=date(2026, 10, 1),
        due=date(2026, 11, 1),
        register=register,
        status="completed",
        verified_at=at(2026, 10, 1, 12),
        closed_at=at(2026, 10, 10, 12),
    )
    extended = _request(
        controller,
        dpo,
        2,
        received=date(2026, 9, 15),
        initial_due_on=date(2026, 10, 15),
        due=date(2026, 12, 15),
        register=register,
        status="in_progress",
        verified_at=at(2026, 9, 16),
        extended_at=at(2026, 10, 5, 9),
        extended_by=dpo,
        extension_reason="Laaja haku kolmesta rekisteristä",
    )
    late = _request(
        controller,
        dpo,
        3,
        received=date(2026, 9, 1),
        due=date(2026, 10, 1),
        register=register,
        status="completed",
        verified_at=at(2026, 9, 2),
        closed_at=at(2026, 10, 6, 16),
    )
    refused = _request(
        controller,
        dpo,
        4,
        received=date(2026, 10, 3),
        due=date(2026, 11, 3),
        register=register,
        status="refused",
        closed_at=at(2026, 10, 4, 10),
        closing_note="Henkilöllisyys ei varmistunut",
    )
    RightDecision.objects.create(
        request=refused,
        right="access",
        outcome="refused",
        reasons="Henkilöllisyys ei varmistunut",
        decided_by=dpo,
        decided_at=at(2026, 10, 4, 10),
    )
    _request(controller, dpo, 5, received=date(2026, 8, 1), due=date(2026, 9, 1), register=register)
    # A request that reached only the sibling register: in the controller's report, not in register A's.
    _request(controller, dpo, 6, received=date(2026, 10, 2), due=date(2026, 11, 2), register=sibling)
    # Answered on the last evening of October in Helsinki (21:30 UTC): an October answer, a day late.
    _request(
        controller,
        dpo,
        7,
        received=date(2026, 9, 30),
        due=date(2026, 10, 30),
        register=sibling,
        status="completed",
        verified_at=at(2026, 10, 1),
        closed_at=at(2026, 10, 31, 23, 30),
    )

    ExportPackage.objects.create(
        request=on_time,
        token_hash="a" * 64,
        created_by=dpo,
        created_at=at(2026, 10, 8, 9),
        expires_at=at(2026, 10, 15),
        downloaded_at=at(2026, 10, 9, 9),
        recordings_count=1,
    )
    ExportPackage.objects.create(
        request=late, token_hash="b" * 64, created_by=dpo, created_at=at(2026, 10, 6, 9), expires_at=at(2026, 10, 13)
    )

    # Listens, downloads, exports and the installation's operations.
    events = [
        (at(2026, 10, 3, 9), dict(action="play", actor=dpo, register=register, reason="REK-12")),
        (at(2026, 10, 3, 9, 5), dict(action="play", actor=dpo, register=register, reason="REK-12")),
        (at(2026, 10, 4, 9), dict(action="play", actor=personas.supervisor, register=register, reason="valmennus")),
        (at(2026, 10, 4, 9, 1), dict(action="download", actor=personas.supervisor, register=register)),
        (at(2026, 10, 4, 10), dict(action="play", actor=personas.outsider, register=personas.other_register)),
        (at(2026, 11, 1, 0, 5), dict(action="play", actor=dpo, register=register, reason="marraskuu")),
        (at(2026, 10, 11, 9), dict(action="export", actor=dpo, register=register)),
        (at(2026, 10, 12, 3), dict(action="key_rotation", actor_label="rotate_keys")),
        (at(2026, 10, 12, 4), dict(action="backup", actor_label="backup")),
        (at(2026, 10, 19, 4), dict(action="backup", actor_label="backup")),
        (at(2026, 10, 20, 4), dict(action="restore", actor_label="restore", details={"drill": True})),
        (at(2026, 10, 21, 4), dict(action="restore", actor_label="restore")),
        (at(2026, 9, 30, 23), dict(action="key_rotation", actor_label="rotate_keys")),
    ]
    for moment, kwargs in events:
        with travel(moment):
            audit_record(**kwargs)
    return {
        "sibling": sibling,
        "routine": routine,
        "outage": outage,
        "early": early,
        "november": november,
        "held_complaint": held_complaint,
        "held_training": held_training,
        "restricted": restricted,
        "broken": broken,
        "missed": missed,
        "erased": erased,
        "holds": (complaint, training, released_in_month),
        "runs": (on_time_run, empty, late_run),
        "requests": (on_time, extended, late, refused),
    }


def issue_time() -> datetime:
    return at(2026, 11, 2, 12)


def anchor_now() -> None:
    audit_anchor_write()


LATE_SECONDS = float(timedelta(days=3, hours=2).total_seconds())
