"""python -m bench [--quick] [--size 10m] [--json FILE] [--only NAME ...] [--keep] [--reuse]"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from urllib.parse import urlparse, urlunparse

SIZES = {
    "full": {
        "purge": 100_000,
        "browse": 1_000_000,
        "playback": 3600,
        "ingest": 150,
        "search": 1_000_000,
        "s3playback": 3600,
        "s3purge": 100_000,
        "rulechange": 2_000_000,
        "browser": 3600,
    },
    "quick": {
        "purge": 3_000,
        "browse": 100_000,
        "playback": 600,
        "ingest": 10,
        "search": 100_000,
        "s3playback": 600,
        "s3purge": 3_000,
        "rulechange": 20_000,
        "browser": 120,
    },
}
ORDER = ["purge", "browse", "search", "playback", "ingest", "s3playback", "s3purge", "rulechange", "browser"]


def parse_count(text: str) -> int:
    """'10m' -> 10,000,000; '500k' -> 500,000; '2000' -> 2,000."""
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    try:
        value = float(text[:-1] if scale > 1 else text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a count: {text!r} (try 10m, 500k or 2000)") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("the count must be positive")
    return int(value * scale)


def _scratch_database(url: str, suffix: str = "bench", *, reuse: bool = False) -> tuple[str, str]:
    """Create <name>_<suffix> next to the configured PostgreSQL database; returns (its URL, admin URL).

    With `reuse`, a database kept by an earlier run (--keep) is used as it is.
    """
    import psycopg

    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("bench: DATABASE_URL must point at PostgreSQL (postgres://user:pass@host:5432/name)")
    name = f"{parsed.path.lstrip('/')}_{suffix}"
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not (reuse and exists):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}")), admin


def _embedded_url() -> str:
    """With DATABASE_URL unset, the embedded server of the checkout's settings (started if it is down, and
    stopped when this run leaves, unless scripts/run keeps it)."""
    from pathlib import Path

    from lib.pgembedded import attach, database_url

    data_dir = Path(os.environ.get("DATA_DIR") or Path(__file__).resolve().parents[1] / "var")
    cluster = attach(os.environ.get("EMBEDDED_POSTGRES_DIR") or data_dir / "postgres")
    return database_url(cluster.database_settings())


def _drop(admin: str, url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: the whole run takes about a minute")
    parser.add_argument(
        "--size",
        type=parse_count,
        metavar="N",
        help="recordings in the table for browse and subject search, e.g. 10m (loaded by COPY, indexes built after)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--only", nargs="*", choices=ORDER, help="run only these")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the scratch database an earlier --keep run left (browse and search skip the load)",
    )
    for key in ORDER:
        parser.add_argument(f"--{key}-size", type=int, help=f"override the {key} size")
    args = parser.parse_args(argv)
    sizes = dict(SIZES["quick" if args.quick else "full"])
    if args.size:
        sizes["browse"] = sizes["search"] = args.size
    for key in ORDER:
        if getattr(args, f"{key}_size"):
            sizes[key] = getattr(args, f"{key}_size")

    url = os.environ.get("DATABASE_URL", "") or _embedded_url()
    # A run at a chosen size gets its own scratch database, so a quick run beside it cannot drop it.
    scratch, admin = _scratch_database(url, f"bench_{args.size}" if args.size else "bench", reuse=args.reuse)
    work = tempfile.mkdtemp(prefix="bench-")
    os.environ.update(
        DATABASE_URL=scratch,
        DATA_DIR=work,
        MEDIA_ROOT=os.path.join(work, "media"),
        RECORDINGS_KEYS="k1:" + base64.b64encode(os.urandom(32)).decode(),
        DEBUG="false",
        TWO_FACTOR_REQUIRED="false",
        LOG_LEVEL="WARNING",
        CELERY_TASK_ALWAYS_EAGER="false",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recordings_admin.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ROOT_URLCONF = "bench.urls"
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    try:
        call_command("migrate", verbosity=0)
        results = run(sizes, only=args.only)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _drop(admin, scratch)
            shutil.rmtree(work, ignore_errors=True)
    print_table(results, sizes)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"machine": machine(), "sizes": sizes, "results": [r.as_dict() for r in results]}, fh, indent=2)
    return 0


def run(sizes: dict, only=None):
    from . import benchmarks, browser, data, object_storage, rule_change

    world_registers, supervisor, dpo = data.make_world()
    world = {"registers": world_registers, "supervisor": supervisor, "dpo": dpo}
    steps = {
        "purge": benchmarks.bench_purge,
        "browse": benchmarks.bench_browse,
        "search": benchmarks.bench_subject_search,
        "playback": benchmarks.bench_playback,
        "ingest": benchmarks.bench_ingest,
        "s3playback": object_storage.bench_s3_playback,
        "s3purge": object_storage.bench_s3_purge,
        "rulechange": rule_change.bench_rule_change,
        "browser": browser.bench_browser,
    }
    results = []
    for key in ORDER:
        if only and key not in only:
            continue
        started = time.perf_counter()
        results.extend(steps[key](world, sizes[key]))
        print(f"  {key}: done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return results


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} CPU, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def print_table(results, sizes) -> None:
    print(f"\nmachine: {machine()}\nsizes: {sizes}\n")
    print(f"{'benchmark':58} {'value':>10} {'unit':12} {'baseline':>10} {'ratio':>7}  goal")
    for r in results:
        met = "" if r.met is None else ("  met" if r.met else "  NOT met")
        baseline = "" if r.baseline is None else r.baseline
        ratio = "" if r.ratio is None else r.ratio
        print(f"{r.name:58} {r.value:>10} {r.unit:12} {baseline!s:>10} {ratio!s:>7}  {r.goal}{met}")


if __name__ == "__main__":
    sys.exit(main())
