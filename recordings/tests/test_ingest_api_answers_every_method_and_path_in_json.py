"""Every answer of the ingest API is JSON, whatever method or path a recorder sends: a recorder's integration
reads `{"error": ...}`, and an HTML page (Django's 405 or 404) would leave it guessing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _assert_json_error(response, status: int) -> None:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]


@pytest.mark.parametrize("method", ["put", "patch", "delete", "get"])
def test_a_method_the_upload_endpoint_does_not_take_is_a_json_405(personas, client, ingest_token, method):
    response = getattr(client, method)(
        f"/api/v1/registers/{personas.register.slug}/recordings/", HTTP_AUTHORIZATION=f"Token {ingest_token}"
    )
    _assert_json_error(response, 405)
    assert response["Allow"] == "POST"


@pytest.mark.parametrize("method", ["put", "post", "delete"])
def test_a_method_the_metadata_endpoint_does_not_take_is_a_json_405(personas, client, ingest_token, method):
    response = getattr(client, method)(
        f"/api/v1/registers/{personas.register.slug}/recordings/call-1/", HTTP_AUTHORIZATION=f"Token {ingest_token}"
    )
    _assert_json_error(response, 405)
    assert response["Allow"] == "GET"


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/registers/", "/api/v2/registers/x/recordings/", "/api/"])
def test_a_path_the_api_does_not_have_is_a_json_404(client, path):
    _assert_json_error(client.get(path), 404)
