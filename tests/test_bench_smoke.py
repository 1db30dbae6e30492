"""Every benchmark still runs, at a tiny size. No time is asserted here: figures come from `python -m bench`."""

from __future__ import annotations

import pytest

from conftest import require_or_skip


@pytest.mark.s3
@pytest.mark.django_db(transaction=True)
def test_every_benchmark_runs_at_a_tiny_size(settings):
    from tests.seaweedfs import weed_binary

    require_or_skip(weed_binary() is not None, "SeaweedFS (weed)")
    from bench.__main__ import run

    settings.ROOT_URLCONF = "bench.urls"
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    sizes = {
        "purge": 30,
        "browse": 300,
        "playback": 5,
        "ingest": 1,
        "search": 300,
        "s3playback": 5,
        "s3purge": 30,
        "rulechange": 300,
        "browser": 5,
    }
    results = run(sizes)
    names = " ".join(r.name for r in results)
    for part in (
        "purge: time, median of 3",
        "browse",
        "subject search",
        "playback",
        "ingest: one-minute G.711 calls, 1 worker",
        "ingest: one-minute G.711 calls, 4 workers",
        "S3 playback",
        "S3 purge",
        "rule change job",
        "rule change: retention page p95 while the job runs",
        "browser: Listen to first sound",
        "browser: seek to sound",
    ):
        assert part in names
    assert all(r.value is not None and r.value >= 0 for r in results)


@pytest.mark.django_db(transaction=True)
def test_a_second_run_on_kept_data_measures_without_loading_again(settings):
    """`--keep` then `--reuse`: the ten-million table is loaded once and measured as often as needed."""
    from bench.__main__ import run
    from recordings.models import Recording

    settings.ROOT_URLCONF = "bench.urls"
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    run({"browse": 300}, only=["browse"])
    loaded = set(Recording.objects.values_list("pk", flat=True))
    assert len(loaded) == 300

    results = run({"browse": 300}, only=["browse"])

    assert set(Recording.objects.values_list("pk", flat=True)) == loaded
    assert any(r.name.startswith("browse") for r in results)


def test_the_first_run_benchmark_measures_a_new_users_wait(tmp_path, monkeypatch):
    """`python -m bench.first_run` runs scripts/run on a fresh folder and measures until every demo call plays."""
    from bench.first_run import measure

    monkeypatch.setenv("DEMO_CALLS", "1")
    result = measure(tmp_path)

    assert result["calls"] == 5  # one call in each of the five demo registers
    assert 0 < result["first_page_s"] and 0 <= result["every_call_playable_after_first_page_s"]
    assert 0 <= result["playable_at_first_page"] <= 5
