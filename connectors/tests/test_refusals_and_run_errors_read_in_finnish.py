"""The connector's page words ingest's refusals and the run's errors in Finnish on the Finnish pages, while the
ingest API keeps answering in English; a reason the page has no wording for is shown as it is, never hidden."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from connectors.models import FileState
from connectors.services import connector_run
from recordings.call_ids import DELETED_CALL

from .drops import write_call

pytestmark = pytest.mark.django_db


def _page(client, personas, connector, language: str = "fi") -> str:
    client.force_login(personas.it_admin)
    # The page's language is the address's (/en/…); override leaves the test's own language as it was.
    with translation.override(language):
        return client.get(reverse("connector_detail", args=[personas.register.slug, connector.pk])).content.decode()


def test_ingests_refusals_read_in_finnish(personas, client, drop_folder, folder_connector):
    write_call(drop_folder, "empty.wav", audio=b"")
    write_call(drop_folder, "late.wav", started_at="2026-01-01T10:00:00")
    write_call(drop_folder, "long.wav", seconds=3.0, ended_at="2026-01-01T10:00:00+02:00")

    assert connector_run(folder_connector).refused == 3

    page = _page(client, personas, folder_connector)
    assert "tiedosto on tyhjä" in page
    assert "puuttuu aikavyöhyke" in page and "“2026-01-01T10:00:00”" in page
    assert "ennen alkuaikaa" in page
    for english in ("the file is empty", "has no UTC offset", "before started_at"):
        assert english not in page


def test_an_unknown_reason_is_shown_as_it_is_and_a_deleted_call_in_finnish(personas, client, folder_connector):
    folder_connector.files.create(name="a.wav", state=FileState.QUARANTINED, reason="something new: 42 reasons")
    folder_connector.files.create(
        name="b.wav",
        state=FileState.QUARANTINED,
        reason=DELETED_CALL,  # ingest's own words for a call the register deleted
    )
    folder_connector.files.create(
        name="c.wav", state=FileState.QUARANTINED, reason="caller: a detail no one has worded yet"
    )

    page = _page(client, personas, folder_connector)

    assert "something new: 42 reasons" in page
    assert "puhelu on poistettu rekisteristä, eikä sitä tallenneta uudelleen" in page
    assert "a detail no one has worded yet" in page and "soittaja" in page.lower()


def test_a_run_error_reads_in_finnish_and_in_english_on_the_english_page(personas, client, folder_connector):
    folder_connector.last_run_error = "could not read the source (PermissionError); it is tried again on the next run"
    folder_connector.save()

    assert "lähdettä ei voitu lukea (PermissionError)" in _page(client, personas, folder_connector)
    assert "could not read the source (PermissionError)" in _page(client, personas, folder_connector, "en")
