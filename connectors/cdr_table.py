"""The CDR from a database table instead of Master.csv: Asterisk's cdr_pgsql `cdr` table, through a read-only URL.

Asterisk's own schema (asterisk/asterisk contrib/ast-db-manage/cdr/versions/210693f3123d_create_cdr_table.py) has
start, answer and end; FreePBX's has one `calldate` (the start; cdr/cdr_pgsql.c writes `start` into a `calldate`
column) with duration and billsec, plus `recordingfile` (FreePBX/callrecording sets CDR(recordingfile)) and
`did`. Only the columns the table has are read, and the rows come out as Master.csv's do (freepbx.COLUMNS with
times in the CDR's local time), so one mapping serves both. Only PostgreSQL: FreePBX's usual MySQL
`asteriskcdrdb` is not reachable with this stack's driver (use Master.csv there).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from .freepbx import COLUMNS, DATE_FORMAT, CdrError

EXTRA = ["calldate", "recordingfile", "did"]


def _text(value, zone: ZoneInfo) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone)
        return value.strftime(DATE_FORMAT)
    return str(value)


def read_cdr_table(url: str, wanted: set[str], *, zone: ZoneInfo) -> dict[str, list[dict]]:
    """The `cdr` rows of the given uniqueids, by uniqueid, in a read-only transaction."""
    import psycopg
    from psycopg import sql

    if not wanted:
        return {}
    try:
        with psycopg.connect(url, connect_timeout=10) as conn:
            conn.read_only = True
            present = {
                name
                for (name,) in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'cdr' "
                    "AND table_schema = ANY(current_schemas(false))"
                )
            }
            if "uniqueid" not in present:
                raise CdrError("the CDR database has no cdr table with a uniqueid column")
            columns = [c for c in COLUMNS + EXTRA if c in present]
            query = sql.SQL("SELECT {} FROM cdr WHERE uniqueid = ANY(%s)").format(
                sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            fetched = conn.execute(query, [sorted(wanted)]).fetchall()
    except psycopg.Error as exc:
        raise CdrError(f"the CDR database could not be read ({type(exc).__name__})") from None
    rows: dict[str, list[dict]] = {}
    for values in fetched:
        raw = dict(zip(columns, values, strict=True))
        if raw.get("start") is None and raw.get("calldate") is not None:
            start, duration, billsec = raw["calldate"], raw.get("duration") or 0, raw.get("billsec") or 0
            raw["start"], raw["end"] = start, start + timedelta(seconds=duration)
            raw["answer"] = start + timedelta(seconds=duration - billsec) if billsec else None
        row = {name: _text(value, zone) for name, value in raw.items()}
        rows.setdefault(row["uniqueid"], []).append(row)
    return rows
