"""Subject-request events in the audit log: who may read them, and how requests and packages are named.

A release of recordings to a data subject must be visible to the controller's
auditors, who hold no role in the request itself: every auditor or DPO of any
of the controller's registers reads the events of its requests. The events
name the request by its number only, never the subject.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.registry import ObjectLabel, add_describer, add_scope, add_summary
from registers.models import Role
from registers.permissions import controller_ids_with_role

from . import selectors
from .models import (
    DecisionOutcome,
    ExportPackage,
    LetterKind,
    MatchDecision,
    RequestRight,
    RequestStatus,
    SubjectRequest,
    VerificationOutcome,
)


@add_scope
def controller_request_events(user) -> Q | None:
    controllers = controller_ids_with_role(user, Role.DPO, Role.AUDITOR)
    if not controllers:
        return None
    numbers = SubjectRequest.objects.filter(controller_id__in=controllers).values("number")
    # Every event a request's services write has its number as the reason and in the details.
    return Q(reason__in=numbers, details__has_key="request")


@add_scope
def letter_template_events(user) -> Q | None:
    """Changes to a controller's letter templates, for its DPOs and auditors."""
    ids = [str(pk) for pk in controller_ids_with_role(user, Role.DPO, Role.AUDITOR)]
    if not ids:
        return None
    return Q(object_type="registers.controller", object_id__in=ids, details__has_key="letter_template")


@add_describer("subject_requests.subjectrequest")
def describe_requests(ids, user):
    visible = set(selectors.requests_visible_to(user).values_list("pk", flat=True))
    return {
        str(r.pk): ObjectLabel(
            _("Request %(number)s") % {"number": r.number},
            reverse("subject_requests:detail", args=[r.number]) if r.pk in visible else "",
        )
        for r in SubjectRequest.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    }


@add_describer("subject_requests.exportpackage")
def describe_packages(ids, user):
    visible = set(selectors.requests_visible_to(user).values_list("pk", flat=True))
    return {
        str(p.pk): ObjectLabel(
            _("Export package of request %(number)s") % {"number": p.request.number},
            reverse("subject_requests:detail", args=[p.request.number]) + "#access" if p.request_id in visible else "",
        )
        for p in ExportPackage.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).select_related("request")
    }


def _label(choices, value) -> str:
    return str(dict(choices.choices).get(value, value))


@add_summary
def request_step(event) -> str:
    """The step of a request an event records, from its details (ids, counts and codes only)."""
    d = event.details or {}
    if "letter_template" in d:
        return _("letter template %(change)s: %(kind)s (%(language)s)") % {
            "change": _("saved") if d.get("change") == "saved" else _("reset to the built-in text"),
            "kind": _label(LetterKind, d["letter_template"]).lower(),
            "language": d.get("language", ""),
        }
    if "request" not in d:
        return ""
    if "erasure_proposal" in d:
        steps = {
            "proposed": _("erasure proposed for a second approval"),
            "approved": _("erasure approved by a second DPO"),
            "withdrawn": _("erasure proposal withdrawn"),
            "approval_failed": _("erasure approval could not be carried out"),
        }
        return steps.get(d.get("step"), "")
    if event.action == "request_intake":
        return _("received")
    if "verification" in d:
        return _label(VerificationOutcome, d["verification"])
    if d.get("search"):
        return _("search: %(found)s found, %(new)s new") % {"found": d.get("found", 0), "new": d.get("new", 0)}
    if "letter" in d:
        return _("letter written: %(kind)s") % {"kind": _label(LetterKind, d["letter"]).lower()}
    if "stage" in d:
        stages = {
            "created": _("package created, %(n)s recordings") % {"n": d.get("recordings", 0)},
            "downloaded": _("package downloaded by the subject"),
        }
        if d["stage"] == "deleted":
            return {"revoked": _("link withdrawn, package deleted"), "expired": _("package deleted: link expired")}.get(
                d.get("why"), _("package deleted after download")
            )
        return stages.get(d["stage"], "")
    if "right" in d and "outcome" in d:
        return _("decision on %(right)s: %(outcome)s") % {
            "right": _label(RequestRight, d["right"]).lower(),
            "outcome": _label(DecisionOutcome, d["outcome"]).lower(),
        }
    if "decision" in d and "match" in d:
        return _("recording reviewed: %(decision)s") % {"decision": _label(MatchDecision, d["decision"]).lower()}
    if "extended_months" in d:
        return _("deadline extended by %(n)s months") % {"n": d["extended_months"]}
    if "appointment" in d:
        if d.get("scheduled"):
            return _("listening appointment arranged")
        return {"held": _("listening appointment held"), "cancelled": _("listening appointment cancelled")}.get(
            d.get("status"), ""
        )
    if "processor_task" in d:
        return _("processor task cancelled") if d.get("status") == "cancelled" else _("processor task done")
    if "holds" in d:
        return _("recordings placed on hold: %(n)s") % {"n": d.get("recordings", 0)}
    if "saved_searches" in d:
        return _("saved searches naming the subject's numbers deleted: %(n)s") % {"n": d["saved_searches"]}
    if "status" in d and d["status"] in (RequestStatus.COMPLETED, RequestStatus.REFUSED):
        return _("closed: %(status)s") % {"status": _label(RequestStatus, d["status"]).lower()}
    if event.action == "erasure":
        return _("recording erased")
    return ""
