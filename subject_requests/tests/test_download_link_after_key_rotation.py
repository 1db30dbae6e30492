"""Rotating the key ring (new key first, rotate_keys, old key dropped) keeps open download links working."""

from __future__ import annotations

import base64
import io
import os
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from subject_requests import services
from subject_requests.models import ExportPackage
from vault.keyring import reset_keyring_cache

from .conftest import LINK_BASE


def _key(kid: str) -> str:
    return f"{kid}:{base64.b64encode(os.urandom(32)).decode()}"


def _use_ring(settings, spec: str) -> None:
    settings.RECORDINGS_KEYS = spec
    reset_keyring_cache()


@pytest.fixture
def old_ring(settings):
    _use_ring(settings, _key("old"))


@pytest.fixture
def k1_ring(settings):
    _use_ring(settings, _key("k1"))


@pytest.fixture
def package_under_old_key(old_ring, personas, searched_request):
    subject_request = searched_request()
    package, token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    assert package.key_id == "old"
    return package, token


def test_rotate_keys_rewraps_the_package_key_and_the_link_works_with_the_new_key_alone(
    package_under_old_key, settings, client
):
    package, token = package_under_old_key
    old = settings.RECORDINGS_KEYS
    _use_ring(settings, _key("new") + "," + old)
    call_command("rotate_keys")
    package.refresh_from_db()
    assert package.key_id == "new"

    _use_ring(settings, settings.RECORDINGS_KEYS.split(",")[0])
    call_command("check", databases=["default"])
    client.raise_request_exception = False
    response = client.post(f"/exports/{token}/", follow=True)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "letter.txt" in archive.namelist()


def test_the_start_up_check_names_a_missing_package_key(k1_ring, personas, searched_request, settings):
    subject_request = searched_request()
    ring_without_k2 = settings.RECORDINGS_KEYS
    _use_ring(settings, _key("k2") + "," + ring_without_k2)
    package, _token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    assert package.key_id == "k2"
    # The recordings are under k1, which stays; only the package needs k2.
    _use_ring(settings, ring_without_k2)
    with pytest.raises(SystemCheckError, match="recordings.E001.*key id 'k2'.*export packages"):
        call_command("check", databases=["default"])


def test_a_deleted_package_needs_no_key(package_under_old_key, settings):
    package, _token = package_under_old_key
    services.export_package_delete(package, why="revoked")
    assert not ExportPackage.objects.get(pk=package.pk).wrapped_key
    _use_ring(settings, _key("new"))
    with pytest.raises(SystemCheckError, match="key id 'old' wrapped stored recordings"):
        call_command("check", databases=["default"])
