"""Reads behind the accountability report and the retention health view.

Everything here is computed from the rows the other apps keep (tombstones,
purge runs, holds, subject requests, the audit log); nothing is typed in.
The report has two parts: `facts`, what happened in the calendar month,
which is hashed and recomputed by verify, and `state`, what stands at the
moment of generation (recordings kept past expiry, the audit chain's
verification), which is signed with the report but naturally moves on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Aggregate, Count, Exists, F, FloatField, Func, Max, OuterRef, Q, Sum, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from audit.models import AuditEvent
from journal.models import DeletedCallStats
from lib.timezones import HELSINKI
from recordings.models import Recording
from registers.models import Controller, Membership, Register, Role
from retention.models import Hold, PurgeRun, Tombstone, TombstoneReason
from retention.selectors import purge_forecast, recordings_due
from subject_requests.models import (
    DecisionOutcome,
    ExportPackage,
    RecordingMatch,
    RequestStatus,
    RightDecision,
    SubjectRequest,
)

from .errors import AccountabilityError

REPORT_ROLES = (Role.DPO, Role.AUDITOR)
# The report's own issuing is audited as an export of this object type; it is not an export of personal data.
REPORT_OBJECT_TYPE = "accountability.accountabilityreport"


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        try:
            year, month = (int(part) for part in text.split("-"))
            # Up to 9998: a month's period ends where the next one starts, and datetime stops at 9999.
            if len(text) != 7 or not 1 <= month <= 12 or not 2000 <= year <= 9998:
                raise ValueError
        except ValueError:
            raise AccountabilityError(f"{text!r} is not a month in the form YYYY-MM") from None
        return cls(year, month)

    @classmethod
    def containing(cls, moment: datetime) -> Month:
        local = moment.astimezone(HELSINKI)
        return cls(local.year, local.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    @property
    def start(self) -> datetime:
        return datetime(self.year, self.month, 1, tzinfo=HELSINKI)

    @property
    def end(self) -> datetime:
        """The first instant of the next month in Helsinki: the period is [start, end)."""
        return self.next().start

    def next(self) -> Month:
        return Month(self.year + (self.month == 12), self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)


@dataclass(frozen=True)
class Scope:
    kind: str  # "register" or "controller"
    key: str
    controller: Controller
    registers: tuple[Register, ...]

    @property
    def register_ids(self) -> list[int]:
        return [r.pk for r in self.registers]

    @property
    def name(self) -> str:
        return self.registers[0].name if self.kind == "register" else self.controller.name


def scope_for_register(register: Register) -> Scope:
    return Scope("register", register.slug, register.controller, (register,))


def scope_for_controller(controller: Controller) -> Scope:
    registers = tuple(Register.objects.filter(controller=controller).select_related("controller").order_by("slug"))
    return Scope("controller", str(controller.pk), controller, registers)


def scope_named(name: str) -> Scope:
    """A register by slug, or a controller by business ID (Y-tunnus) or as controller-<id>."""
    register = Register.objects.select_related("controller").filter(slug=name).first()
    if register is not None:
        return scope_for_register(register)
    controller = None
    if name.startswith("controller-") and name.removeprefix("controller-").isdigit():
        controller = Controller.objects.filter(pk=int(name.removeprefix("controller-"))).first()
    elif name:
        controller = Controller.objects.filter(business_id=name).first()
    if controller is None:
        raise AccountabilityError(f"no register or controller is named {name!r}")
    return scope_for_controller(controller)


def scope_from_key(kind: str, key: str) -> Scope:
    if kind == "register":
        return scope_for_register(Register.objects.select_related("controller").get(slug=key))
    return scope_for_controller(Controller.objects.get(pk=int(key)))


# -- who may read -------------------------------------------------------------


def can_read_report(user, scope: Scope) -> bool:
    """The DPO or the auditor of every register in the scope; anyone else gets 404."""
    if not user.is_authenticated or not scope.registers:
        return False
    allowed = set(
        Membership.objects.filter(user=user, register__in=scope.register_ids, role__in=REPORT_ROLES).values_list(
            "register_id", flat=True
        )
    )
    return allowed == set(scope.register_ids)


def registers_for_reports(user):
    return Register.objects.with_role(user, *REPORT_ROLES).select_related("controller").order_by("slug")


# -- the month's facts ----------------------------------------------------------


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(HELSINKI).isoformat(timespec="seconds")
    return value.isoformat()


def _calls_recorded(scope: Scope, month: Month) -> int:
    # Calls still stored plus those already deleted, whose anonymous counts outlive them.
    stored = Recording.objects.filter(
        register__in=scope.register_ids, started_at__gte=month.start, started_at__lt=month.end
    ).count()
    deleted = (
        DeletedCallStats.objects.filter(
            register__in=scope.register_ids, day__gte=month.first_day, day__lte=month.last_day
        ).aggregate(n=Sum("calls"))["n"]
        or 0
    )
    return stored + deleted


def _purge(scope: Scope, month: Month) -> dict:
    tombstones = Tombstone.objects.filter(
        register__in=scope.register_ids,
        reason=TombstoneReason.RETENTION,
        deleted_at__gte=month.start,
        deleted_at__lt=month.end,
    )
    known, latest, p99 = _lateness(tombstones.filter(expires_at__isnull=False))
    runs = []
    ids = {str(pk) for pk in scope.register_ids}
    for run in PurgeRun.objects.filter(dry_run=False, started_at__gte=month.start, started_at__lt=month.end).order_by(
        "started_at", "pk"
    ):
        deleted = sum(int(n) for key, n in run.per_register.items() if key in ids)
        if deleted or run.errors:
            runs.append(
                {
                    "id": run.pk,
                    "started_at": _iso(run.started_at),
                    "finished_at": _iso(run.finished_at),
                    "deleted": deleted,
                    "errors": run.errors,
                    "error_summary": run.error_summary,
                }
            )
    return {
        "deleted": tombstones.count(),
        "lateness_known": known,
        "lateness_max_seconds": latest,
        "lateness_p99_seconds": p99,
        "runs": runs,
    }


class _NearestRank99(Aggregate):
    """PostgreSQL's nearest-rank 99th percentile (the smallest value with at least 99 % of the values at or below
    it), computed where the rows are."""

    template = "PERCENTILE_DISC(0.99) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _lateness(tombstones) -> tuple[int, float | None, float | None]:
    """How many deletions had a known expiry, and how late the latest and the 99th percentile came (seconds).

    A busy register's month holds a few hundred thousand tombstones: they are
    counted where they lie, in one aggregate, rather than read into Python on
    every view of the report.
    """
    seconds = Greatest(
        Value(0.0),
        Func(
            F("deleted_at") - F("expires_at"),
            template="EXTRACT(EPOCH FROM %(expressions)s)::float8",
            output_field=FloatField(),
        ),
        output_field=FloatField(),
    )
    figures = tombstones.aggregate(known=Count("pk"), latest=Max(seconds), p99=_NearestRank99(seconds))
    return figures["known"], figures["latest"], figures["p99"]


def _holds(scope: Scope, month: Month) -> list[dict]:
    """Holds in force at some point of the month, each flagged if still active past its review date at month end."""
    holds = (
        Hold.objects.filter(register__in=scope.register_ids, placed_at__lt=month.end)
        .filter(Q(released_at__isnull=True) | Q(released_at__gte=month.start))
        .select_related("register")
        .order_by("placed_at", "pk")
    )
    rows = []
    for hold in holds:
        active_at_end = hold.released_at is None or hold.released_at >= month.end
        rows.append(
            {
                "id": hold.pk,
                "register": hold.register.slug,
                "kind": hold.kind,
                "reason": hold.reason,
                "reference": hold.reference,
                "placed_at": _iso(hold.placed_at),
                "review_on": _iso(hold.review_on),
                "released_at": _iso(hold.released_at),
                "review_overdue": active_at_end and hold.review_on < month.last_day,
            }
        )
    return rows


def _requests_in_scope(scope: Scope):
    qs = SubjectRequest.objects.filter(controller=scope.controller)
    if scope.kind == "register":
        # A request goes to the controller; a register's report names those that reached its recordings.
        qs = qs.filter(Exists(RecordingMatch.objects.filter(request=OuterRef("pk"), register__in=scope.register_ids)))
    return qs


def _requests(scope: Scope, month: Month) -> dict:
    requests = _requests_in_scope(scope)
    received = requests.filter(received_on__gte=month.first_day, received_on__lte=month.last_day)
    answered = requests.filter(
        status__in=(RequestStatus.COMPLETED, RequestStatus.REFUSED), closed_at__gte=month.start, closed_at__lt=month.end
    ).order_by("number")
    on_time, late = [], []
    for request in answered:
        closed_on = request.closed_at.astimezone(HELSINKI).date()
        (on_time if closed_on <= request.due_on else late).append(
            {"number": request.number, "due_on": _iso(request.due_on), "answered_on": _iso(closed_on)}
        )
    extended = [
        {
            "number": r.number,
            "reason": r.extension_reason,
            "initial_due_on": _iso(r.initial_due_on),
            "due_on": _iso(r.due_on),
        }
        for r in requests.filter(extended_at__gte=month.start, extended_at__lt=month.end).order_by("number")
    ]
    refusals = [
        {"number": d.request.number, "right": d.right, "outcome": d.outcome, "reasons": d.reasons}
        for d in RightDecision.objects.filter(
            request__in=requests,
            outcome__in=(DecisionOutcome.REFUSED, DecisionOutcome.PARTIALLY_GRANTED),
            decided_at__gte=month.start,
            decided_at__lt=month.end,
        )
        .select_related("request")
        .order_by("request__number", "right")
    ]
    open_overdue = (
        requests.filter(received_on__lte=month.last_day, due_on__lte=month.last_day)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=month.end))
        .count()
    )
    return {
        "received": received.count(),
        "answered": len(on_time) + len(late),
        "answered_on_time": len(on_time),
        "answered_late": len(late),
        "late": late,
        "extended": extended,
        "refused": answered.filter(status=RequestStatus.REFUSED).count(),
        "refusals": refusals,
        "open_overdue_at_month_end": open_overdue,
    }


def _erasures(scope: Scope, month: Month) -> dict:
    tombstones = Tombstone.objects.filter(
        register__in=scope.register_ids,
        reason=TombstoneReason.ERASURE,
        deleted_at__gte=month.start,
        deleted_at__lt=month.end,
    )
    by_request = Counter(tombstones.values_list("reference", flat=True))
    return {
        "recordings_erased": tombstones.count(),
        "by_request": [{"number": number, "recordings": n} for number, n in sorted(by_request.items())],
    }


def _month_events(scope: Scope | None, month: Month, *actions: str):
    qs = AuditEvent.objects.filter(action__in=actions, created_at__gte=month.start, created_at__lt=month.end)
    if scope is not None:
        qs = qs.filter(register_id__in=scope.register_ids)
    return qs


def _role_label(roles: dict[tuple[int, int], set[str]], actor_id, register_id) -> str:
    held = roles.get((actor_id, register_id), set())
    return "+".join(sorted(held)) if held else "none"


def _access(scope: Scope, month: Month) -> dict:
    events = list(
        _month_events(scope, month, "play", "download").values_list("action", "actor_id", "register_id", "reason")
    )
    roles: dict[tuple[int, int], set[str]] = {}
    actors = {actor for _a, actor, _r, _why in events if actor is not None}
    for user_id, register_id, role in Membership.objects.filter(
        user__in=actors, register__in=scope.register_ids
    ).values_list("user_id", "register_id", "role"):
        roles.setdefault((user_id, register_id), set()).add(role)
    listens: Counter = Counter()
    downloads: Counter = Counter()
    for action, actor, register_id, reason in events:
        role = _role_label(roles, actor, register_id)
        if action == "play":
            listens[(role, reason)] += 1
        else:
            downloads[role] += 1
    requests = _requests_in_scope(scope)
    packages = ExportPackage.objects.filter(request__in=requests)
    return {
        "listens": sum(listens.values()),
        "listens_by_role_and_reason": [
            {"role": role, "reason": reason, "count": n} for (role, reason), n in sorted(listens.items())
        ],
        "downloads": sum(downloads.values()),
        "downloads_by_role": [{"role": role, "count": n} for role, n in sorted(downloads.items())],
        "exports": _month_events(scope, month, "export", "ropa_export").exclude(object_type=REPORT_OBJECT_TYPE).count(),
        "packages_created": packages.filter(created_at__gte=month.start, created_at__lt=month.end).count(),
        "packages_released": packages.filter(downloaded_at__gte=month.start, downloaded_at__lt=month.end).count(),
    }


def _operations(month: Month) -> dict:
    # Key rotations, backups and restores concern the whole installation, not one register.
    restores = _month_events(None, month, "restore")
    drills = restores.filter(details__drill=True).count()
    return {
        "key_rotations": _month_events(None, month, "key_rotation").count(),
        "backups": _month_events(None, month, "backup").count(),
        "restores": restores.count() - drills,
        "restore_drills": drills,
    }


def report_facts(scope: Scope, month: Month) -> dict:
    """What happened in the month: recomputed identically as long as the underlying rows are untouched."""
    return {
        "scope": {
            "kind": scope.kind,
            "key": scope.key,
            "controller": scope.controller.name,
            "business_id": scope.controller.business_id,
            "registers": [r.slug for r in scope.registers],
        },
        "month": str(month),
        "period": {"start": _iso(month.start), "end": _iso(month.end), "time_zone": "Europe/Helsinki"},
        "calls_recorded": _calls_recorded(scope, month),
        "purge": _purge(scope, month),
        "holds": _holds(scope, month),
        "requests": _requests(scope, month),
        "erasures": _erasures(scope, month),
        "access": _access(scope, month),
        "operations": _operations(month),
    }


# -- the state at generation -----------------------------------------------------


def kept_past_expiry(registers, *, now: datetime | None = None) -> list[dict]:
    """Every recording past its expiry that still exists, with what keeps it."""
    now = now or timezone.now()
    recordings = (
        Recording.objects.filter(register__in=registers, expires_at__lte=now)
        .select_related("register")
        .order_by("expires_at", "pk")
    )
    holds: dict[int, list[Hold]] = {}
    for hold in Hold.objects.active().filter(recordings__in=recordings).prefetch_related("recordings").distinct():
        for recording in hold.recordings.all():
            holds.setdefault(recording.pk, []).append(hold)
    today = now.astimezone(HELSINKI).date()
    due = set(recordings_due(now=now).filter(register__in=registers).values_list("pk", flat=True))
    rows = []
    for recording in recordings:
        if recording.wrapped_key is None or recording.blob_missing_at is not None:
            why = "storage_error"
        elif recording.pk in holds:
            why = "held"
        elif recording.restricted:
            why = "restricted"
        elif recording.pk in due:
            why = "purge_not_run"
        else:  # pragma: no cover - every expired row falls in one of the above
            why = "unknown"
        rows.append(
            {
                "recording": str(recording.public_id),
                "register": recording.register.slug,
                "expires_at": _iso(recording.expires_at),
                "why": why,
                "restricted": recording.restricted,
                "holds": [
                    {
                        "id": h.pk,
                        "kind": h.kind,
                        "reason": h.reason,
                        "reference": h.reference,
                        "review_on": _iso(h.review_on),
                        "review_overdue": h.review_on < today,
                    }
                    for h in sorted(holds.get(recording.pk, []), key=lambda h: h.pk)
                ],
            }
        )
    return rows


def audit_status(chain_report, newest_anchor: dict | None) -> dict:
    return {
        "ok": chain_report.ok,
        "events": chain_report.events,
        "anchors": chain_report.anchors,
        "problems": chain_report.problems,
        "verified_at": _iso(chain_report.verified_at),
        "newest_anchor": newest_anchor,
    }


# -- retention health ----------------------------------------------------------------


def retention_health(registers, *, days: int = 7, now: datetime | None = None) -> list[dict]:
    """Per register: what the purge deletes each of the coming days, and what is overdue now and why."""
    now = now or timezone.now()
    last_run = PurgeRun.objects.filter(dry_run=False, finished_at__isnull=False).order_by("-finished_at").first()
    rows = []
    for register in registers:
        cumulative = [purge_forecast(register, days=d, now=now) for d in range(0, days + 1)]
        kept = kept_past_expiry([register], now=now)
        why = Counter(row["why"] for row in kept)
        rows.append(
            {
                "register": register,
                "forecast": [
                    {
                        "day": (now + timedelta(days=d)).astimezone(HELSINKI).date(),
                        "count": cumulative[d] - cumulative[d - 1],
                    }
                    for d in range(1, days + 1)
                ],
                "forecast_total": cumulative[days] - cumulative[0],
                "overdue": len(kept),
                "held": why["held"],
                "restricted": why["restricted"],
                "storage_errors": why["storage_error"],
                "purge_not_run": why["purge_not_run"],
                "kept": kept,
                "last_purge_at": last_run.finished_at if last_run else None,
            }
        )
    return rows
