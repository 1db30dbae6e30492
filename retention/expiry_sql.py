"""The expiries a rule gives a register's recordings, as one SELECT PostgreSQL computes.

Shared by the rule change's preview and recompute (retention.rule_changes) and
the background job (retention.rule_recompute).
"""

from __future__ import annotations

from lib.timezones import HELSINKI
from recordings.models import Recording
from registers.models import Register, RetentionTrigger, RetentionUnit


def _expiries_sql(
    register: Register,
    *,
    value: int | None,
    unit: str,
    trigger: str,
    keyed_only: bool,
    stale_before: int | None = None,
    after: int = 0,
    limit: int | None = None,
):
    """(SQL, params): SELECT id, expires_at, before (the stored expiry) of the register's recordings under this
    rule, computed by PostgreSQL. `stale_before`, `after` and `limit` choose a batch for the recompute job:
    the recordings whose expiry was computed under an older rule version, from id `after` on, in id order.

    The same arithmetic as registers.expiry.expires_at_for: the call's end in
    Helsinki wall-clock time, plus calendar months (PostgreSQL clamps to the
    month's last day, as relativedelta does) or days, back to UTC. A wall-clock
    time the spring change skips is read with the offset before it by both.
    One the autumn change repeats is two instants: expires_at_for takes the
    first (fold=0), PostgreSQL the second, so the CASE takes the first (Helsinki
    moves its clocks by one hour). A test holds the two to every hour around
    the changes and every month's end.
    """
    zone = HELSINKI.key
    table = Recording._meta.db_table
    where = "register_id = %(register)s" + (" AND wrapped_key IS NOT NULL" if keyed_only else "")
    batch = {"register": register.pk}
    if stale_before is not None:
        where += " AND expiry_rule_version < %(stale_before)s AND id > %(after)s ORDER BY id"
        batch.update(stale_before=stale_before, after=after)
    if limit is not None:
        where += " LIMIT %(limit)s"
        batch["limit"] = limit
    if trigger == RetentionTrigger.EVENT or not value:
        return (
            f"SELECT id, NULL::timestamptz AS expires_at, expires_at AS before FROM {table} WHERE {where}",
            batch,
        )
    months, days = (value, 0) if unit == RetentionUnit.MONTHS else (0, value)
    earlier = "(((wall - interval '1 hour') AT TIME ZONE %(zone)s) + interval '1 hour')"
    return (
        f"SELECT id, CASE WHEN {earlier} AT TIME ZONE %(zone)s = wall "
        f"THEN LEAST(wall AT TIME ZONE %(zone)s, {earlier}) ELSE wall AT TIME ZONE %(zone)s END AS expires_at, before "
        f"FROM (SELECT id, (ended_at AT TIME ZONE %(zone)s) + make_interval(months => %(months)s, days => %(days)s) "
        f"AS wall, expires_at AS before FROM {table} WHERE {where}) AS walls",
        {"zone": zone, "months": months, "days": days, **batch},
    )
