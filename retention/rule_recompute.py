"""The background job that recomputes a register's expiries after its rule changed.

For a register of millions of calls the recompute takes minutes: too long for
the DPO's request. The change commits the rule with a new version and a job
row (retention.models.RuleRecompute); a Celery task walks the register's
recordings still noting an older version, in id order and batches of
RECOMPUTE_BATCH, each batch one transaction that writes the new expiry and the
new version. The counts after each batch are the retention page's progress bar.

While the job runs the purge acts only on recordings whose version is the
register's (retention.selectors.recordings_due): a stale expiry is never acted
on, whether the new rule is shorter (the call waits for its new expiry to be
written) or longer (the old, shorter expiry is not trusted). A call uploaded
during the job carries the new version or is refused by the database and
computed again (recordings.services), so none is left behind.

Killed, the job is run again from the start by the beat's sweep
(`rule_recomputes_resume`): what it finished is no longer stale and is not
counted twice. A later change of the same register supersedes it. Its end is
audited (`retention_rule_change`, step "recomputed").
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from recordings.models import Recording
from registers.models import Register

from .expiry_sql import _expiries_sql
from .models import RuleRecompute

logger = logging.getLogger(__name__)

RECOMPUTE_BATCH = 5000
# Session-level advisory lock per job, so the task and the beat's sweep never run one job twice at once.
RECOMPUTE_LOCK = 0x52524A  # "RRJ"


def rule_recompute_enqueue(job_id: int) -> None:
    """Ask a worker to run the job; with the broker down, the beat's sweep runs it later."""
    from celery import current_app

    try:
        # By name: the tasks module imports this one.
        current_app.tasks["retention.tasks.rule_recompute"].delay(job_id)
    except Exception as exc:  # noqa: BLE001 - a broker failure must not undo a committed change
        logger.warning("broker unavailable, recompute %s deferred to the sweep: %s", job_id, type(exc).__name__)


@contextmanager
def _job_lock(job_id: int) -> Iterator[bool]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [RECOMPUTE_LOCK, job_id % (1 << 31)])
        taken = bool(cursor.fetchone()[0])
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [RECOMPUTE_LOCK, job_id % (1 << 31)])


def _recompute_batch(register: Register, *, version: int, after: int, limit: int) -> tuple[int | None, int, int]:
    """One batch: (the batch's last id or None when nothing is stale after `after`, rows written, expiries
    that changed)."""
    sql, params = _expiries_sql(
        register,
        value=register.retention_value,
        unit=register.retention_unit,
        trigger=register.retention_trigger,
        keyed_only=False,
        stale_before=version,
        after=after,
        limit=limit,
    )
    table = Recording._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH x AS ({sql}), written AS ("
            f"UPDATE {table} AS r SET expires_at = x.expires_at, expiry_rule_version = %(version)s FROM x "
            "WHERE r.id = x.id AND r.expiry_rule_version < %(version)s "
            "RETURNING x.expires_at IS DISTINCT FROM x.before AS changed) "
            "SELECT (SELECT max(id) FROM x), (SELECT count(*) FROM written), "
            "(SELECT count(*) FROM written WHERE changed)",
            {**params, "version": version},
        )
        last, written, changed = cursor.fetchone()
    return last, written, changed


def _current_version(register_id: int) -> int:
    return Register.objects.filter(pk=register_id).values_list("retention_rule_version", flat=True).get()


def rule_recompute_run(job_id: int, *, batch_size: int = RECOMPUTE_BATCH) -> RuleRecompute:
    """Run (or resume) the job; returns it. A job another process is running is left to it."""
    with _job_lock(job_id) as taken:
        job = RuleRecompute.objects.select_related("register").get(pk=job_id)
        if not taken or job.finished_at is not None:
            return job
        register = job.register
        if register.retention_rule_version != job.rule_version:
            return _finish(job, superseded=True)
        stale = Recording.objects.filter(register=register, expiry_rule_version__lt=job.rule_version)
        if job.total is None:
            job.total = stale.count()
            job.save(update_fields=["total"])
        while True:
            after = 0
            while True:
                with transaction.atomic():
                    if _current_version(register.pk) != job.rule_version:
                        return _finish(job, superseded=True)
                    last, written, changed = _recompute_batch(
                        register, version=job.rule_version, after=after, limit=batch_size
                    )
                    if last is None:
                        break
                    RuleRecompute.objects.filter(pk=job.pk).update(
                        done=F("done") + written, changed=F("changed") + changed
                    )
                after = last
            # Every row committed under an older version was committed before the change (the insert trigger),
            # so the walk found them all; this is the proof, not a second walk.
            if not stale.exists():
                job.refresh_from_db()
                return _finish(job, superseded=False)


def _finish(job: RuleRecompute, *, superseded: bool) -> RuleRecompute:
    with transaction.atomic():
        job.finished_at = timezone.now()
        job.superseded = superseded
        job.save(update_fields=["finished_at", "superseded"])
        audit_record(
            action="retention_rule_change",
            actor_label="retention rule recompute",
            register=job.register,
            obj=job.register,
            details={
                "step": "recomputed",
                "recompute": job.pk,
                "rule_version": job.rule_version,
                "recomputed": job.done,
                "changed": job.changed,
                "superseded": superseded,
            },
        )
    return job


def rule_recomputes_resume() -> int:
    """Run every unfinished job (one whose task was lost with the broker, or whose worker died). Returns how
    many were run to their end here."""
    finished = 0
    for job_id in RuleRecompute.objects.filter(finished_at__isnull=True).order_by("pk").values_list("pk", flat=True):
        if rule_recompute_run(job_id).finished_at is not None:
            finished += 1
    return finished


def rule_recompute_in_progress(register: Register) -> RuleRecompute | None:
    """The register's unfinished job, for the progress bar."""
    return RuleRecompute.objects.filter(register=register, finished_at__isnull=True).order_by("-rule_version").first()


def recompute_progress_text(job: RuleRecompute) -> str:
    """The progress in words, as the page and its script show it."""
    if job.total is None:
        return _("Starting: counting the calls to recompute.")
    return _("%(done)s of %(total)s calls recomputed.") % {"done": job.done, "total": job.total}
