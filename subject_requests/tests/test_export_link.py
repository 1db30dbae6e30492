"""The download link works once, expires, is audited, and the package is deleted afterwards."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from subject_requests import services
from subject_requests.models import ExportPackage
from subject_requests.tasks import delete_expired_exports

from .conftest import LINK_BASE


def _create(personas, searched_request):
    subject_request = searched_request()
    return services.export_package_create(subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE)


def test_opening_the_link_does_not_use_it_up(personas, searched_request, client):
    package, token = _create(personas, searched_request)
    for _ in range(2):
        page = client.get(f"/exports/{token}/")
        assert page.status_code == 200 and 'id="download"' in page.content.decode()
    package.refresh_from_db()
    assert package.downloaded_at is None


def test_the_link_works_once(personas, searched_request, client, settings):
    package, token = _create(personas, searched_request)
    first = client.post(f"/exports/{token}/", follow=True)
    assert first.status_code == 200
    b"".join(first.streaming_content)
    second = client.post(f"/exports/{token}/")
    assert second.status_code == 410
    package.refresh_from_db()
    assert package.downloaded_at and package.deleted_at and not package.wrapped_key
    assert not (settings.MEDIA_ROOT / package.blob).exists()
    stages = list(
        AuditEvent.objects.filter(action="export", reason=package.request.number).values_list("details", flat=True)
    )
    assert [d["stage"] for d in stages] == ["created", "downloaded", "deleted"]


def test_an_expired_link_is_gone(personas, searched_request, client):
    package, token = _create(personas, searched_request)
    ExportPackage.objects.filter(pk=package.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(f"/exports/{token}/").status_code == 410
    assert "vanhentunut" in client.get(f"/exports/{token}/").content.decode()


def test_an_unknown_link_is_not_found(db, client):
    assert client.get("/exports/not-a-real-token/").status_code == 404
    assert client.post("/exports/not-a-real-token/").status_code == 404


def test_the_beat_task_deletes_expired_packages(personas, searched_request, settings):
    package, _token = _create(personas, searched_request)
    fresh, _ = _create(personas, searched_request)
    ExportPackage.objects.filter(pk=package.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert delete_expired_exports() == 1
    package.refresh_from_db()
    fresh.refresh_from_db()
    assert package.deleted_at and not (settings.MEDIA_ROOT / package.blob).exists()
    assert fresh.deleted_at is None and (settings.MEDIA_ROOT / fresh.blob).exists()
    assert delete_expired_exports() == 0


def test_the_command_runs_the_same_sweep(personas, searched_request, capsys):
    package, _token = _create(personas, searched_request)
    ExportPackage.objects.filter(pk=package.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("delete_expired_exports")
    assert "1 export package(s) deleted" in capsys.readouterr().out


def test_the_dpo_can_withdraw_a_link(personas, searched_request, client):
    package, token = _create(personas, searched_request)
    client.force_login(personas.dpo)
    client.post(f"/requests/{package.request.number}/packages/{package.pk}/revoke/")
    client.logout()
    assert client.post(f"/exports/{token}/").status_code == 410
