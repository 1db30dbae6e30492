"""Within the resume window a download link still works, but never unseen, and the package outlives a partial fetch.

A forwarded or intercepted link used again within the window is a second
release: it is audited as one. A download manager that fetches the tail first,
or parts in parallel, does not get the package deleted under it: it is deleted
once the parts sent cover the whole file.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from audit.models import AuditEvent
from subject_requests import services

from .conftest import LINK_BASE


def _use_link(client, token):
    response = client.post(f"/exports/{token}/")
    assert response.status_code == 303
    return urlsplit(response["Location"])


def test_the_link_used_again_within_the_window_is_audited(client, personas, searched_request):
    subject_request = searched_request()
    _package, token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    _use_link(client, token)
    _use_link(client, token)
    stages = [e.details["stage"] for e in AuditEvent.objects.filter(action="export", reason=subject_request.number)]
    assert stages.count("downloaded") == 1 and stages.count("downloaded again") == 1


@pytest.mark.django_db(transaction=True)
def test_the_tail_first_does_not_delete_the_package_until_every_byte_is_sent(client, personas, searched_request):
    subject_request = searched_request()
    package, token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    target = _use_link(client, token)
    file_url = f"{target.path}?{target.query}"
    tail = client.get(file_url, HTTP_RANGE="bytes=500-")
    assert tail.status_code == 206
    size = int(tail["Content-Range"].rsplit("/", 1)[1])
    b"".join(tail.streaming_content)
    tail.close()
    package.refresh_from_db()
    assert package.deleted_at is None, "deleted after the tail alone"
    head = client.get(file_url, HTTP_RANGE="bytes=0-499")
    b"".join(head.streaming_content)
    head.close()
    package.refresh_from_db()
    assert package.deleted_at is not None and not package.wrapped_key and size > 500
