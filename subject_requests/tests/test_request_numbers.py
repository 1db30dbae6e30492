"""Each request gets a readable number, SR-<year>-<sequence>, unique even when two DPOs record at once."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from subject_requests.models import SubjectRequest


def test_numbers_run_in_sequence_within_the_year_of_receipt(new_request):
    first = new_request(received_on=date(2025, 3, 1))
    second = new_request(received_on=date(2025, 12, 31))
    next_year = new_request(received_on=date(2026, 1, 2))
    assert [first.number, second.number, next_year.number] == ["SR-2025-0001", "SR-2025-0002", "SR-2026-0001"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_never_get_the_same_number(personas, controller):
    from subject_requests import services

    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def intake():
        try:
            barrier.wait()
            services.request_receive(
                actor=personas.dpo,
                controller=controller,
                rights=["access"],
                received_on=date(2026, 2, 1),
                channel="letter",
                phone_numbers=["040 123 4567"],
                send_acknowledgement=False,
            )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=intake) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    numbers = sorted(SubjectRequest.objects.values_list("number", flat=True))
    assert numbers == [f"SR-2026-{n:04d}" for n in range(1, 7)]
