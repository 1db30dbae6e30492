"""A deleted export package stays deleted after a backup taken before its deletion is restored.

Revoking a link (or its expiry) destroys the package's key and blob and is
journalled like a recording's deletion; the restore replays it, so the
restored package row is deleted again and the revoked link never works.
"""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from django.db import connection

from journal.file import journal_entries
from subject_requests import services
from subject_requests.models import ExportPackage

from .conftest import LINK_BASE

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_link_revoked_after_the_backup_does_not_work_after_a_restore(
    personas, searched_request, client, settings, tmp_path, capsys
):
    subject_request = searched_request()
    package, token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    services.export_package_revoke(package=package, actor=personas.dpo)
    [entry] = [e for e in journal_entries() if e.get("kind") == "package"]
    assert entry["package"] == str(package.public_id) and entry["reason"] == "revoked"
    assert entry["reference"] == subject_request.number

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connection.close()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    call_command("restore", str(backup))
    assert "1 export package(s)" in capsys.readouterr().out

    restored = ExportPackage.objects.get(public_id=package.public_id)
    assert restored.deleted_at is not None and not restored.wrapped_key
    assert not (settings.MEDIA_ROOT / restored.blob).exists()
    assert client.post(f"/exports/{token}/").status_code == 410
