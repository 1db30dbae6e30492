"""What a purge leaves of the calls it deletes: anonymous counts per register, Helsinki day, line and direction.

The purge writes the counts in the statement that deletes the calls; they must
be what a shred of the same calls counts, one at a time (journal.services).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from journal.models import DeletedCallStats
from recordings.services import recording_shred
from registers.models import ServiceLine, ServiceLineKind
from retention.services import purge_expired_recordings
from testkit import make_stored_recording


def _counts() -> dict:
    return {
        (s.register_id, s.day, s.line, s.direction): (s.calls, s.total_seconds) for s in DeletedCallStats.objects.all()
    }


def _line(personas) -> ServiceLine:
    return ServiceLine.objects.create(
        register=personas.register, kind=ServiceLineKind.CUSTOMER_SERVICE, name="Asiakaspalvelu", number="0103808000"
    )


def _calls(personas, line: ServiceLine) -> list:
    past = timezone.now() - timedelta(hours=1)
    # 23:30 UTC on 31 May is 02:30 on 1 June in Helsinki: the call counts on the Helsinki day.
    late = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)
    early = datetime(2026, 5, 31, 12, 0, tzinfo=UTC)
    made = []
    for ended, line_, direction, seconds in [
        (late, line, "inbound", 60.5),
        (late, line, "inbound", 30.0),
        (late, None, "inbound", 12.0),
        (late, line, "outbound", 7.25),
        (early, line, "inbound", 100.0),
    ]:
        made.append(
            make_stored_recording(
                personas.register,
                ended_at=ended,
                started_at=ended - timedelta(seconds=seconds),
                duration_seconds=seconds,
                service_line=line_,
                direction=direction,
                expires_at=past,
            )
        )
    made.append(make_stored_recording(personas.other_register, ended_at=late, duration_seconds=3.0, expires_at=past))
    return made


EXPECTED = {
    ("register", date(2026, 6, 1), "Asiakaspalvelu", "inbound"): (2, 90.5),
    ("register", date(2026, 6, 1), "", "inbound"): (1, 12.0),
    ("register", date(2026, 6, 1), "Asiakaspalvelu", "outbound"): (1, 7.25),
    ("register", date(2026, 5, 31), "Asiakaspalvelu", "inbound"): (1, 100.0),
    ("other_register", date(2026, 6, 1), "", "inbound"): (1, 3.0),
}


def _expected(personas) -> dict:
    return {
        (getattr(personas, which).pk, day, line, direction): value
        for (which, day, line, direction), value in EXPECTED.items()
    }


def test_a_purge_counts_the_calls_it_deletes(personas):
    _calls(personas, _line(personas))
    assert purge_expired_recordings(batch_size=4).deleted == 6
    assert _counts() == _expected(personas)


def test_a_purge_counts_as_a_shred_does_and_adds_to_the_same_days(personas):
    line = _line(personas)
    for call in _calls(personas, line):
        recording_shred(call, reason="erasure", reference="SR-2026-0001")
    assert _counts() == _expected(personas)

    _calls(personas, line)
    assert purge_expired_recordings().deleted == 6
    assert _counts() == {key: (calls * 2, seconds * 2) for key, (calls, seconds) in _expected(personas).items()}
