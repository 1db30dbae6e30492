"""The five benchmarks. Each takes a size and returns Results; the data is made here, in the same run."""

from __future__ import annotations

import os
import re
import resource
import shutil
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from . import data
from .results import Result, alternating, median, percentile

REPEAT = 30


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _clear_recordings() -> None:
    data.clear_recordings()


PURGE_RUNS = 3


def bench_purge(world, size: int) -> list[Result]:
    """Three runs, each timing the purge and the raw baseline on fresh data in turn (the order swaps every run)."""
    registers = world["registers"]
    _clear_recordings()
    ours_s, base_s, ratios, growth = [], [], [], []
    for run in range(PURGE_RUNS):
        pair = [_purge_ours, _purge_raw] if run % 2 == 0 else [_purge_raw, _purge_ours]
        timings = {}
        for step in pair:
            data.copy_recordings(registers, size, expired=True, with_blobs=True, seed=11 + run)
            timings[step] = step(size)
        (ours, rss), base = timings[_purge_ours], timings[_purge_raw]
        ours_s.append(ours)
        base_s.append(base)
        ratios.append(ours / base)
        growth.append(rss)
    ratio = median(ratios)
    ours, base = median(ours_s), median(base_s)
    spread = f"ratios {', '.join(f'{r:.2f}' for r in ratios)}"
    return [
        Result(
            f"purge: time, median of {PURGE_RUNS} ({spread})",
            round(ours, 2),
            "s",
            round(base, 2),
            round(ratio, 2),
            "median ratio <= 2x baseline",
            ratio <= 2,
        ),
        Result("purge: rate", round(size / ours), "recordings/s", round(size / base), None, "", None),
        Result("purge: memory growth, largest run", round(max(growth), 1), "MB", None, None, "flat", None),
    ]


def _purge_ours(size: int) -> tuple[float, float]:
    from retention.services import purge_expired_recordings

    rss_before = _rss_mb()
    start = time.perf_counter()
    result = purge_expired_recordings()  # the batch size the beat's purge uses
    elapsed = time.perf_counter() - start
    assert result.deleted == size, (result.deleted, size)
    return elapsed, _rss_mb() - rss_before


def _purge_raw(size: int) -> float:
    """The least a purge can do: one DELETE … RETURNING and an unlink per blob."""
    media = Path(settings.MEDIA_ROOT)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM recordings_recording WHERE expires_at <= now() RETURNING original_blob, rendition_blob"
        )
        rows = cursor.fetchall()
    for original, rendition in rows:
        for name in (original, rendition):
            if name:
                os.unlink(media / name)
    assert len(rows) == size, (len(rows), size)
    return time.perf_counter() - start


def bench_browse(world, size: int) -> list[Result]:

    registers, supervisor = world["registers"], world["supervisor"]
    if data.recording_count() != size:
        _clear_recordings()
        data.copy_recordings(registers, size, seed=21, skewed=True)
    register = registers[0]
    with connection.cursor() as cursor:
        # A typical caller (seen once or twice), not one of the few busy numbers.
        cursor.execute(
            "SELECT caller_number FROM recordings_recording WHERE register_id = %s AND started_at >= %s "
            "AND caller_number LIKE '+3584%%' LIMIT 1",
            [register.pk, datetime(2024, 7, 1, tzinfo=UTC)],
        )
        number = cursor.fetchone()[0]
    client = Client()
    client.force_login(supervisor)
    url = f"/registers/{register.slug}/recordings/"
    date_from, date_to = date(2024, 1, 1), date(2025, 12, 31)

    def filtered(extra: dict) -> str:
        response = client.post(url, {"date_from": date_from.isoformat(), "date_to": date_to.isoformat(), **extra})
        assert response.status_code == 302, response.status_code
        return response.url

    with_number = filtered({"number": number})
    by_time = filtered({})
    # A deep page: walk the cursor 40 pages in (2,000 rows) once, then time that page.
    deep = by_time
    for _ in range(40):
        found = re.search(r"after=([A-Za-z0-9_-]+)", client.get(deep).content.decode())
        if not found:
            break
        deep = f"{by_time}&after={found.group(1)}"
    from . import views as minimal

    minimal.QUERY.update(
        register=register,
        start=datetime(2024, 1, 1, tzinfo=settings_tz()),
        end=datetime(2026, 1, 1, tzinfo=settings_tz()),
        number=number,
    )
    deep_after = re.search(r"after=([A-Za-z0-9_-]+)", deep)
    minimal_deep = f"/bench/list/?after={deep_after.group(1)}" if deep_after else "/bench/list/"
    # The minimal view must list the same rows, or the comparison is void.
    for ours_url, base_url in ((with_number, "/bench/list/?number=1"), (by_time, "/bench/list/"), (deep, minimal_deep)):
        assert _row_ids(client.get(ours_url)) == _row_ids(client.get(base_url)), ours_url

    results = []
    for label, page_url, base_url in (
        ("register+time+number, first page", with_number, "/bench/list/?number=1"),
        ("register+time, first page", by_time, "/bench/list/"),
        ("register+time, page 40", deep, minimal_deep),
    ):
        ours, base = alternating(lambda u=page_url: client.get(u), lambda u=base_url: client.get(u), REPEAT)
        p95, b95 = percentile(ours, 95), percentile(base, 95)
        ratio = p95 / b95 if b95 else None
        met = p95 < 50 and ratio is not None and ratio <= 1.5
        results.append(
            Result(
                f"browse {label}: p50",
                round(median(ours), 1),
                "ms",
                round(median(base), 1),
                round(median(ours) / median(base), 2) if median(base) else None,
                "",
                None,
            )
        )
        results.append(
            Result(
                f"browse {label}: p95",
                round(p95, 1),
                "ms",
                round(b95, 1),
                round(ratio, 2) if ratio else None,
                "< 50 ms and <= 1.5x minimal view",
                met,
            )
        )
    return results


def _row_ids(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return re.findall(r'data-recording="([0-9a-f-]+)"', response.content.decode())


def settings_tz():
    from lib.timezones import HELSINKI

    return HELSINKI


def bench_playback(world, size_seconds: int) -> list[Result]:
    from bench import urls as bench_urls
    from recordings.models import Recording, RenditionStatus
    from recordings.services import RENDITION
    from testkit import make_stored_recording
    from vault.blobs import store_encrypted
    from vault.keyring import get_keyring

    register, supervisor = world["registers"][0], world["supervisor"]
    work = Path(tempfile.mkdtemp(prefix="bench-play-"))
    plain = work / "hour.wav"
    with open(plain, "wb") as fh:
        for _ in range(size_seconds):
            fh.write(os.urandom(8000))  # one second of G.711 at 8 kHz
    size = plain.stat().st_size
    recording = make_stored_recording(register, expires_at=None)
    data_key = get_keyring().unwrap(recording.key_id, bytes(recording.wrapped_key), context=recording.key_context)
    blob = store_encrypted(plain, data_key=data_key, associated_data=recording.key_context + RENDITION)
    Recording.objects.filter(pk=recording.pk).update(
        rendition_blob=blob, rendition_status=RenditionStatus.READY, rendition_mime="audio/wav", rendition_size=size
    )
    bench_urls.PLAIN_FILE["path"] = str(plain)
    client = Client()
    client.force_login(supervisor)
    client.post(f"/recordings/{recording.public_id}/listen/", {"reason": ""})
    ours_url, base_url = f"/recordings/{recording.public_id}/audio/", "/bench/plain/"

    def full(url: str) -> float:
        start = time.perf_counter()
        response = client.get(url)
        total = sum(len(chunk) for chunk in response.streaming_content)
        assert total == size, (url, total, size)
        return size / (time.perf_counter() - start) / 1e6

    def first_byte(url: str) -> float:
        middle = size // 2
        start = time.perf_counter()
        response = client.get(url, HTTP_RANGE=f"bytes={middle}-")
        assert response.status_code == 206, response.status_code
        next(iter(response.streaming_content))
        elapsed = (time.perf_counter() - start) * 1000
        response.close()
        return elapsed

    full(ours_url), full(base_url)
    ours_mb = median([full(ours_url) for _ in range(3)])
    base_mb = median([full(base_url) for _ in range(3)])
    ttfb = [first_byte(ours_url) for _ in range(REPEAT)]
    base_ttfb = [first_byte(base_url) for _ in range(REPEAT)]
    shutil.rmtree(work, ignore_errors=True)
    share = ours_mb / base_mb
    return [
        Result(
            f"playback: full stream ({size // 1_000_000} MB)",
            round(ours_mb),
            "MB/s",
            round(base_mb),
            round(share, 2),
            ">= 0.5x baseline throughput",
            share >= 0.5,
        ),
        Result(
            "playback: first byte, Range in the middle, p95",
            round(percentile(ttfb, 95), 1),
            "ms",
            round(percentile(base_ttfb, 95), 1),
            None,
            "< 20 ms",
            percentile(ttfb, 95) < 20,
        ),
    ]


INGEST_WORKERS = (1, 4)
INGEST_ROUNDS = 5


def bench_ingest(world, calls: int) -> list[Result]:
    """Calls/s through the ingest API and through a store-only view, with 1 and 4 worker processes.

    Each worker is a forked process serving its own requests (a Django test client,
    its own database connection), as a pre-fork server's workers do; each sends
    `calls` uploads, and the rate is all uploads over the wall-clock time.
    """
    from audio.synth import write_sample
    from recordings.models import IngestToken

    from . import views as minimal

    register = world["registers"][1]
    _token, raw = IngestToken.issue(register, name="bench")
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    sample = work / "call.wav"
    write_sample(sample, "wav-mulaw", 60.0, seed=5)
    minimal.UPLOADS["dir"] = str(work)
    # Recent, so the call is inside the register's retention whenever the bench runs.
    ended = (datetime.now(UTC) - timedelta(days=2)).replace(microsecond=0)
    targets = {
        "ours": (f"/api/v1/registers/{register.slug}/recordings/", 201),
        "store": ("/bench/store-only/", 201),
    }

    def upload(client, target: str, i: int) -> None:
        url, status = targets[target]
        with open(sample, "rb") as fh:
            response = client.post(
                url,
                {
                    "external_id": f"ingest-{i}-{time.time_ns()}",
                    "started_at": (ended - timedelta(seconds=60)).isoformat(),
                    "ended_at": ended.isoformat(),
                    "direction": "inbound",
                    "caller": "040 123 4567",
                    "callee": "010 380 8000",
                    "audio": fh,
                },
                HTTP_AUTHORIZATION=f"Token {raw}",
            )
        assert response.status_code == status, response.status_code

    results = []
    with override_settings(INGEST_RATE_PER_MINUTE=0):
        for target in targets:
            upload(_process_client(), target, -1)
        for workers in INGEST_WORKERS:
            # Rounds alternating which goes first, so a noisy moment hits both; the median round is reported
            # (the store-only view stores a round's uploads in a fraction of a second, where one stall shows).
            rounds = []
            for n in range(INGEST_ROUNDS):
                rates = {}
                for target in ("ours", "store") if n % 2 == 0 else ("store", "ours"):
                    rates[target] = _in_workers(workers, calls, lambda i, t=target: upload(_process_client(), t, i))
                rounds.append((rates["store"] / rates["ours"], rates))
            rounds.sort(key=lambda r: r[0])
            ratio, rates = rounds[len(rounds) // 2]
            results.append(
                Result(
                    f"ingest: one-minute G.711 calls, {workers} worker{'s' if workers > 1 else ''}, median of "
                    f"{INGEST_ROUNDS} (ratios {', '.join(f'{r:.2f}' for r, _ in rounds)})",
                    round(rates["ours"], 1),
                    "calls/s",
                    round(rates["store"], 1),
                    round(ratio, 2),
                    "within 3x of store-only",
                    ratio <= 3,
                )
            )
    shutil.rmtree(work, ignore_errors=True)
    return results


_CLIENTS: dict[int, Client] = {}


def _process_client() -> Client:
    """One client per process, as a server's worker loads its middleware once, not once per request
    (a forked worker finds its parent's entry under another process id and makes its own)."""
    pid = os.getpid()
    if pid not in _CLIENTS:
        _CLIENTS[pid] = Client()
    return _CLIENTS[pid]


def _in_workers(workers: int, calls: int, upload) -> float:
    """Uploads per second over `workers` forked processes doing `calls` uploads each."""
    import multiprocessing

    from django.db import connections

    if workers == 1:
        start = time.perf_counter()
        for i in range(calls):
            upload(i)
        return calls / (time.perf_counter() - start)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    processes = [context.Process(target=_worker, args=(upload, w, calls)) for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - start
    assert all(p.exitcode == 0 for p in processes), [p.exitcode for p in processes]
    return workers * calls / elapsed


def _worker(upload, worker: int, calls: int) -> None:
    from django.db import connections

    try:
        for i in range(calls):
            upload(worker * 1_000_000 + i)
    finally:
        connections.close_all()


def bench_subject_search(world, size: int) -> list[Result]:
    from subject_requests import selectors, services
    from subject_requests.models import VerificationMethod, VerificationOutcome

    registers, dpo = world["registers"], world["dpo"]
    if data.recording_count() < size:
        _clear_recordings()
        data.copy_recordings(registers, size, seed=31, skewed=True)
    with connection.cursor() as cursor:
        # A typical caller (seen once or twice), not one of the few busy numbers.
        cursor.execute("SELECT caller_number FROM recordings_recording WHERE caller_number LIKE '+3584%%' LIMIT 1")
        number = cursor.fetchone()[0]
    request = services.request_receive(
        actor=dpo,
        controller=registers[0].controller,
        rights=["access"],
        received_on=date.today(),
        channel="email",
        language="fi",
        subject_name="Bench Subject",
        subject_email="",
        phone_numbers=[number],
    )
    services.request_verify_identity(
        subject_request=request,
        actor=dpo,
        method=VerificationMethod.STRONG_ELECTRONIC,
        outcome=VerificationOutcome.VERIFIED,
        note="",
    )
    request.refresh_from_db()
    regs = selectors.dpo_registers(dpo, request.controller)
    found = len(list(selectors.subject_recordings(request, regs)))
    from . import views as minimal

    minimal.QUERY.update(number=number, registers=list(regs))
    client = Client()
    client.force_login(dpo)
    search_url = reverse("subject_requests:search", args=[request.number])

    def ours() -> None:
        response = client.post(search_url)
        assert response.status_code == 302, response.status_code

    def base() -> None:
        response = client.get("/bench/subject-search/")
        assert response.status_code == 200, response.status_code

    ours_ms, base_ms = alternating(ours, base, REPEAT)
    # The search recorded its finds for review; later benchmarks clear the recordings they point at.
    request.matches.all().delete()
    p95, b95 = percentile(ours_ms, 95), percentile(base_ms, 95)
    return [
        Result(
            f"subject search ({found} found): p95",
            round(p95, 1),
            "ms",
            round(b95, 1),
            round(p95 / b95, 2) if b95 else None,
            "< 20 ms",
            p95 < 20,
        ),
    ]
