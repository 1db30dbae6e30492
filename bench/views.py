"""Minimal views the benchmarks compare the project's views against; mounted only in bench.urls.

Each does the same job with the least Django allows: the same middleware and
login, the same query, the same 50 rows, a bare template. What the benchmark
sets in QUERY (the register, the time window, a number) stays out of the URL,
as the project keeps filters out of URLs.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse
from django.template import Context, Engine
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from recordings.models import Recording
from recordings.selectors import PAGE_SIZE, decode_cursor, encode_cursor

QUERY: dict = {"register": None, "start": None, "end": None, "number": None, "registers": []}
UPLOADS: dict = {"dir": ""}

_ROWS = Engine().from_string(
    '<table>{% for r in rows %}<tr data-recording="{{ r.public_id }}"><td>{{ r.started_at }}</td>'
    "<td>{{ r.duration_seconds }}</td><td>{{ r.direction }}</td><td>{{ r.caller_number }}</td>"
    "<td>{{ r.callee_number }}</td><td>{{ r.agent_name }}</td><td>{{ r.expires_at }}</td></tr>{% endfor %}"
    '</table>{% if next %}<a href="?after={{ next }}">next</a>{% endif %}'
)


@login_required
def minimal_list(request):
    """The register's list: the same keyset query as the project's list, rendered bare."""
    qs = Recording.objects.filter(
        register=QUERY["register"], started_at__gte=QUERY["start"], started_at__lt=QUERY["end"]
    )
    if request.GET.get("number"):
        n = QUERY["number"]
        qs = qs.filter(Q(caller_number=n) | Q(callee_number=n) | Q(service_number=n))
    decoded = decode_cursor(request.GET.get("after", ""), "started_at") if request.GET.get("after") else None
    if decoded:
        value, pk = decoded
        qs = qs.filter(Q(started_at__lt=value) | Q(started_at=value, pk__lt=pk))
    rows = list(qs.defer("waveform", "wrapped_key").order_by("-started_at", "-pk")[: PAGE_SIZE + 1])
    following = None
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        following = encode_cursor(rows[-1].started_at, rows[-1].pk)
    return HttpResponse(_ROWS.render(Context({"rows": rows, "next": following})))


@login_required
def minimal_subject_search(request):
    """A subject's recordings in the registers: the same query as the project's search, rendered bare."""
    n = QUERY["number"]
    rows = Recording.objects.filter(register__in=QUERY["registers"]).filter(Q(caller_number=n) | Q(callee_number=n))
    return HttpResponse(_ROWS.render(Context({"rows": rows.select_related("register"), "next": None})))


@csrf_exempt
@require_POST
def store_only(request):
    """What an upload costs when the file is only stored: the same upload handling, no checks, no encryption."""
    audio = request.FILES["audio"]
    target = Path(UPLOADS["dir"]) / f"{request.POST['external_id']}.bin"
    with open(target, "wb") as fh:
        for chunk in audio.chunks():
            fh.write(chunk)
    return HttpResponse(status=201)
