"""A download package is a copy of the recordings in it: when one of them is erased or expires, the link goes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from audit.models import AuditEvent
from recordings.models import Recording
from retention.services import purge_expired_recordings
from subject_requests import services
from subject_requests.models import ExportPackage

from .conftest import LINK_BASE, OTHER_CALLER


def _package(personas, subject_request):
    return services.export_package_create(subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE)


def _assert_revoked(package, token, client, settings):
    package.refresh_from_db()
    assert package.deleted_at and not package.wrapped_key
    assert not (settings.MEDIA_ROOT / package.blob).exists()
    assert client.post(f"/exports/{token}/").status_code == 410
    assert "Tämä linkki on peruttu" in client.get(f"/exports/{token}/").content.decode()


def test_erasing_a_recording_revokes_the_live_package_that_holds_it(
    personas, searched_request, subject_calls, client, settings
):
    access = searched_request()
    package, token = _package(personas, access)
    others_request = searched_request(phone_numbers=[OTHER_CALLER], subject_name="Toinen Soittaja")
    others_package, others_token = _package(personas, others_request)

    erasure = searched_request(rights=["erasure"])
    services.erasure_decide(subject_request=erasure, actor=personas.dpo)

    _assert_revoked(package, token, client, settings)
    deleted = AuditEvent.objects.get(action="export", reason=access.number, details__stage="deleted")
    assert deleted.details["why"] == f"recording deleted (erasure, {erasure.number})"
    # A package of somebody else's call is untouched.
    others_package.refresh_from_db()
    assert others_package.is_available and (settings.MEDIA_ROOT / others_package.blob).exists()
    assert client.get(f"/exports/{others_token}/").status_code == 200


def test_the_purge_revokes_the_live_package_that_holds_an_expired_recording(
    personas, searched_request, subject_calls, client, settings
):
    package, token = _package(personas, searched_request())
    Recording.objects.filter(pk=subject_calls["as_callee"].pk).update(expires_at=timezone.now() - timedelta(hours=1))

    result = purge_expired_recordings()

    assert result.deleted == 1
    _assert_revoked(package, token, client, settings)


def test_the_sweep_revokes_a_package_whose_recording_was_deleted_without_it(
    personas, searched_request, subject_calls, client, settings
):
    """A package restored from an older backup, say: the sweep finds it by the tombstone."""
    package, token = _package(personas, searched_request())
    from retention.models import Tombstone

    Tombstone.objects.create(
        recording_public_id=subject_calls["as_caller"].public_id, register=personas.register, reason="erasure"
    )
    assert services.export_packages_delete_expired() == 1
    _assert_revoked(package, token, client, settings)
    assert ExportPackage.objects.filter(deleted_at__isnull=True).count() == 0
