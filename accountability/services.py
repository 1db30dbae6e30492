"""Issuing and verifying accountability reports.

An issued report is signed with the anchor key (the one that signs the audit
chain's anchors) and its facts hash goes into the audit chain, which the
anchors pin outside the database. Verify recomputes the facts from today's
rows: a difference means the month's records were changed after the report
was handed out.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from audit.anchors import AnchorStoreError, anchor_signature, anchor_store
from audit.models import AuditAction, AuditEvent
from audit.services import audit_chain_verify, audit_record
from lib.timezones import HELSINKI

from . import selectors
from .models import AccountabilityReport
from .selectors import REPORT_OBJECT_TYPE, Month, Scope


def canonical_sha256(data) -> str:
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()
    ).hexdigest()


def newest_anchor() -> dict | None:
    try:
        stored = list(anchor_store().anchors())
    except AnchorStoreError:
        return None
    if not stored:
        return None
    name, data = max(stored, key=lambda item: item[0])
    try:
        anchor = json.loads(data)
        return {
            "name": name,
            "at": anchor["at"],
            "sequence": anchor["audit"]["sequence"],
            "hash": anchor["audit"]["hash"],
        }
    except (ValueError, KeyError, TypeError):
        return {"name": name, "at": None, "sequence": None, "hash": None}


def report_document(scope: Scope, month: Month, *, actor_label: str) -> dict:
    now = timezone.now()
    facts = selectors.report_facts(scope, month)
    return {
        "facts": facts,
        "facts_sha256": canonical_sha256(facts),
        "state": {
            "as_of": selectors._iso(now),
            "kept_past_expiry": selectors.kept_past_expiry(scope.register_ids, now=now),
            "audit": selectors.audit_status(audit_chain_verify(), newest_anchor()),
        },
        "generated_at": selectors._iso(now),
        "generated_by": actor_label,
    }


def _view_recorded_today(*, actor, reason: str, facts_sha256: str, now) -> AuditEvent | None:
    """This reader's "viewed" event for this report, with the same facts, written today (Helsinki time), if any."""
    midnight = timezone.localtime(now, HELSINKI).replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        AuditEvent.objects.filter(
            action=AuditAction.REPORT_VIEW,
            actor_id=actor.pk,
            reason=reason,
            created_at__gte=midnight,
            details__facts_sha256=facts_sha256,
        )
        .order_by("-sequence")
        .first()
    )


@transaction.atomic
def report_issue(
    *, scope: Scope, month: Month, actor=None, actor_label: str = "", request=None, viewed: bool = False
) -> AccountabilityReport:
    """Compute the report, sign it, store its hashes and record them in the audit chain.

    A report handed out (a download, the command) is an export, audited every
    time. One read on its page (`viewed`) is a view, audited once per reader,
    report and day: the log says who read which report when without an event
    for every reload.
    """
    label = actor.get_username() if actor is not None else actor_label
    document = report_document(scope, month, actor_label=label)
    document_sha256 = canonical_sha256(document)
    report = AccountabilityReport.objects.create(
        scope_kind=scope.kind,
        scope_key=scope.key,
        controller=scope.controller,
        month=month.first_day,
        generated_by=label,
        facts_sha256=document["facts_sha256"],
        document_sha256=document_sha256,
        signature=anchor_signature({"document_sha256": document_sha256, "facts_sha256": document["facts_sha256"]}),
        document=document,
    )
    reason = f"accountability report {scope.kind} {scope.key} {month}"
    event = None
    if viewed and actor is not None:
        event = _view_recorded_today(
            actor=actor, reason=reason, facts_sha256=report.facts_sha256, now=report.generated_at
        )
    if event is None:
        event = audit_record(
            action=AuditAction.REPORT_VIEW if viewed and actor else AuditAction.EXPORT,
            actor=actor,
            actor_label=actor_label,
            register=scope.registers[0] if scope.kind == "register" else None,
            object_type=REPORT_OBJECT_TYPE,
            object_id=str(report.pk),
            reason=reason,
            request=request,
            details={"month": str(month), "facts_sha256": report.facts_sha256, "document_sha256": document_sha256},
        )
    report.audit_sequence = event.sequence
    report.save(update_fields=["audit_sequence"])
    return report


@dataclass
class Verification:
    report: AccountabilityReport
    problems: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    recomputed_sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def _differences(before, after, path: str = "") -> list[str]:
    """Paths of the figures that differ, e.g. `purge.deleted` or `requests.late`."""
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for key in sorted(set(before) | set(after)):
            out += _differences(before.get(key), after.get(key), f"{path}.{key}" if path else key)
        return out
    return [] if before == after else [path]


def report_verify(report: AccountabilityReport) -> Verification:
    """Check the stored report's signature and audit event, then recompute its facts and compare."""
    result = Verification(report)
    document = report.document
    if canonical_sha256(document) != report.document_sha256:
        result.problems.append("the stored report no longer matches its hash")
    expected = anchor_signature({"document_sha256": report.document_sha256, "facts_sha256": report.facts_sha256})
    if not hmac.compare_digest(expected, report.signature):
        result.problems.append("the report's signature is invalid")
    event = AuditEvent.objects.filter(sequence=report.audit_sequence, object_type=REPORT_OBJECT_TYPE).first()
    # A reader's later views of the same facts on the same day share the day's first "viewed" event.
    same_report = event is not None and (event.object_id == str(report.pk) or event.action == AuditAction.REPORT_VIEW)
    if not same_report or event.details.get("facts_sha256") != report.facts_sha256:
        result.problems.append("the audit chain does not record this report's hash")
    scope = selectors.scope_from_key(report.scope_kind, report.scope_key)
    month = Month(report.month.year, report.month.month)
    facts = selectors.report_facts(scope, month)
    result.recomputed_sha256 = canonical_sha256(facts)
    if result.recomputed_sha256 != report.facts_sha256:
        result.changed = _differences(document.get("facts", {}), facts)
        result.problems.append(
            "the month's records have changed since the report was issued: " + ", ".join(result.changed)
        )
    return result
