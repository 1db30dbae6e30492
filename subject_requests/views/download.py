"""The subject's download page: no login, the single-use link is the credential."""

from __future__ import annotations

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .. import services
from ..errors import RequestError


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
        reader = services.export_package_open(package)
    except RequestError as exc:
        if exc.status == 404:
            raise Http404 from None
        response = render(request, "subject_requests/package_gone.html", {"message": exc.message}, status=exc.status)
        response["Cache-Control"] = "no-store"
        return response

    def chunks():
        yield from reader.read_all()

    response = StreamingHttpResponse(chunks(), content_type="application/zip")
    response._resource_closers.append(reader.close)
    response._resource_closers.append(lambda: services.export_package_delete(package, why="downloaded"))
    response["Content-Length"] = str(reader.plaintext_size)
    response["Content-Disposition"] = f'attachment; filename="{package.filename}"'
    response["Cache-Control"] = "no-store, private"
    return response
