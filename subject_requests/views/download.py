"""The subject's download page: no login, the single-use link is the credential.

Using the link (the POST) is the one release the audit log records; it
redirects to the file's own address, which answers HTTP Range requests for a
short window (services.RESUME_WINDOW), so a download a phone loses half way
resumes instead of dying (each new use of the link within the window is
audited too). The package is deleted once the parts sent cover the whole
file, or by the sweep after the window: a download manager that fetches
parts in parallel, or the tail first, never loses it half way.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from recordings.ranges import RangeNotSatisfiable, parse_range

from .. import services
from ..errors import RequestError


def _gone(request, exc: RequestError):
    if exc.status == 404:
        raise Http404 from None
    response = render(request, "subject_requests/package_gone.html", {"message": exc.message}, status=exc.status)
    response["Cache-Control"] = "no-store"
    return response


def _whole_file_sent(package, start: int, end: int, size: int) -> bool:
    """Note the part just sent; True once the parts sent within the window cover every byte. Kept in the
    cache: where it is not shared between processes, the sweep after the window deletes the package instead."""
    key = f"package-sent:{package.public_id}"
    merged: list[list[int]] = []
    for first, last in sorted([*cache.get(key, []), [start, end]]):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    cache.set(key, merged, int(services.RESUME_WINDOW.total_seconds()))
    return size == 0 or merged == [[0, size - 1]]


@require_http_methods(["GET", "POST"])
def package_download(request, token: str):
    """GET shows a button; only the POST uses up the link, so mail scanners that follow links do not."""
    if request.method == "GET":
        package = services.export_package_peek(token)
        if package is None:
            raise Http404
        response = render(request, "subject_requests/package_download.html", {"package": package})
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex"
        return response
    try:
        package = services.export_package_claim(raw_token=token, http_request=request)
    except RequestError as exc:
        return _gone(request, exc)
    target = reverse("subject_requests:package_file", args=[token])
    response = redirect(f"{target}?{urlencode({'k': services.export_package_resume_key(package)})}")
    response.status_code = 303
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def package_file(request, token: str):
    """The package's bytes, whole or from a Range; the link was used already, so this records no new release."""
    try:
        package = services.export_package_for_resume(raw_token=token, key=request.GET.get("k", ""))
        reader = services.export_package_open(package)
    except RequestError as exc:
        return _gone(request, exc)
    size = reader.plaintext_size
    etag = f'"{package.public_id}"'
    # A resume asks "only if it is still the same file"; any other validator gets the whole file.
    if_range = request.headers.get("If-Range")
    try:
        byte_range = parse_range(request.headers.get("Range"), size) if if_range in (None, etag) else None
    except RangeNotSatisfiable:
        reader.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = byte_range if byte_range else (0, size - 1)
    sent_to_the_end = []

    def chunks():
        yield from (reader.iter_range(start, end) if size else iter([b""]))
        if _whole_file_sent(package, start, end, size):
            sent_to_the_end.append(True)

    def delete_when_complete():
        if sent_to_the_end:
            services.export_package_delete(package, why="downloaded")

    response = StreamingHttpResponse(chunks(), status=206 if byte_range else 200, content_type="application/zip")
    response._resource_closers.append(reader.close)
    response._resource_closers.append(delete_when_complete)
    response["Content-Length"] = str(end - start + 1 if size else 0)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    if byte_range:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Disposition"] = f'attachment; filename="{package.filename}"'
    response["Cache-Control"] = "no-store, private"
    return response
