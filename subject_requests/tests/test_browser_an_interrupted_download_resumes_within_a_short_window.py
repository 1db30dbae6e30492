"""In Chromium: a download cut off half way (a phone losing its signal) resumes with an HTTP Range request within a
short window, the resumed bytes complete the zip, and the audit log still records one release."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from subject_requests import services
from subject_requests.models import ExportPackage
from tests.screens import shoot_both_widths

from .conftest import LINK_BASE

pytestmark = pytest.mark.browser

# The download button's form, posted by the page's own script with a Range header (kept across the 303 redirect),
# then the rest asked for as a download manager resumes: from the first byte it does not have.
FETCH_IN_TWO_PARTS = """async () => {
  const form = document.querySelector('#download').form;
  const first = await fetch(form.action || location.href, {
    method: 'POST', body: new FormData(form), headers: {Range: 'bytes=0-999'}});
  const head = new Uint8Array(await first.arrayBuffer());
  const second = await fetch(first.url, {headers: {Range: `bytes=${head.length}-`}});
  const tail = new Uint8Array(await second.arrayBuffer());
  const again = await fetch(first.url, {headers: {Range: 'bytes=0-9'}});
  return {
    statuses: [first.status, second.status, again.status],
    range: second.headers.get('Content-Range'),
    acceptRanges: first.headers.get('Accept-Ranges'),
    bytes: Array.from(head).concat(Array.from(tail)),
  };
}"""


def test_a_cut_off_download_resumes_and_stays_one_release(
    transactional_db, live_server, personas, searched_request, page
):
    subject_request = searched_request()
    package, token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    page.goto(f"{live_server.url}/exports/{token}/")
    assert shoot_both_widths(page, "download-resume-link-page") == {1366: False, 390: False}
    result = page.evaluate(FETCH_IN_TWO_PARTS)

    assert result["statuses"] == [206, 206, 410]
    assert result["acceptRanges"] == "bytes"
    archive = zipfile.ZipFile(io.BytesIO(bytes(result["bytes"])))
    assert archive.testzip() is None and len(archive.namelist()) > 1
    assert result["range"].startswith("bytes 1000-")
    stages = [
        e.details["stage"]
        for e in AuditEvent.objects.filter(action="export", reason=subject_request.number).order_by("pk")
    ]
    assert stages == ["created", "downloaded", "deleted"]
    package.refresh_from_db()
    assert package.deleted_at and not package.wrapped_key


def test_after_the_window_the_cut_off_download_is_gone(transactional_db, live_server, personas, searched_request, page):
    subject_request = searched_request()
    package, token = services.export_package_create(
        subject_request=subject_request, actor=personas.dpo, link_base=LINK_BASE
    )
    page.goto(f"{live_server.url}/exports/{token}/")
    first_url = page.evaluate(
        """async () => {
          const form = document.querySelector('#download').form;
          const r = await fetch(location.href, {
            method: 'POST', body: new FormData(form), headers: {Range: 'bytes=0-99'}});
          await r.arrayBuffer();
          return r.url;
        }"""
    )
    ExportPackage.objects.filter(pk=package.pk).update(downloaded_at=timezone.now() - timedelta(hours=1))
    status = page.evaluate("async (url) => (await fetch(url, {headers: {Range: 'bytes=100-'}})).status", first_url)
    assert status == 410
    # What the data subject sees on coming back too late: the link has ended, and whom to ask for a new one.
    gone = page.goto(first_url)
    assert gone.status == 410
    assert shoot_both_widths(page, "download-resume-window-passed") == {1366: False, 390: False}
    releases = AuditEvent.objects.filter(action="export", reason=subject_request.number, details__stage="downloaded")
    assert releases.count() == 1
