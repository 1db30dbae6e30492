"""The subject's metadata.csv gives their numbers back as stored (+358…), not as '+358… text."""

from __future__ import annotations

import csv
import io
import zipfile

from subject_requests import services

from .conftest import LINK_BASE, SUBJECT_NUMBER


def test_metadata_csv_holds_e164_numbers_unchanged(personas, searched_request, subject_calls, client):
    subject_request = searched_request()
    _package, token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    response = client.post(f"/exports/{token}/", follow=True)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(csv.DictReader(io.StringIO(archive.read("metadata.csv").decode("utf-8-sig"))))
    assert {row["caller_number"] for row in rows} == {SUBJECT_NUMBER, "+358103808000"}
    assert {row["callee_number"] for row in rows} == {SUBJECT_NUMBER, "+358103808000"}
    assert not any(cell.startswith("'") for row in rows for cell in row.values())
