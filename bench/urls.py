"""The project's URLs plus the plain-file baseline the playback benchmark compares against."""

import os

from django.http import FileResponse, HttpResponse
from django.urls import path

from recordings.ranges import RangeNotSatisfiable, parse_range
from recordings_admin.urls import urlpatterns as project_urls

from . import views

PLAIN_FILE = {"path": ""}


class _Limited:
    def __init__(self, fh, remaining: int):
        self.fh, self.remaining = fh, remaining

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        size = self.remaining if size < 0 else min(size, self.remaining)
        data = self.fh.read(size)
        self.remaining -= len(data)
        return data

    def close(self) -> None:
        self.fh.close()


def plain_file(request):
    """What Django can do with an unencrypted file on disk: FileResponse with a seek for Range."""
    path = PLAIN_FILE["path"]
    size = os.path.getsize(path)
    try:
        byte_range = parse_range(request.headers.get("Range"), size)
    except RangeNotSatisfiable:
        return HttpResponse(status=416)
    fh = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    if byte_range is None:
        return FileResponse(fh, content_type="audio/wav")
    start, end = byte_range
    fh.seek(start)
    response = FileResponse(_Limited(fh, end - start + 1), content_type="audio/wav", status=206)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    return response


urlpatterns = [
    path("bench/plain/", plain_file),
    path("bench/list/", views.minimal_list),
    path("bench/subject-search/", views.minimal_subject_search),
    path("bench/store-only/", views.store_only),
    *project_urls,
]
