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

from audit.registry import ObjectLabel, add_describer, add_scope
from registers.models import Role
from registers.permissions import controllers_with_role

from . import selectors
from .models import ExportPackage, SubjectRequest


@add_scope
def controller_request_events(user) -> Q | None:
    controllers = controllers_with_role(user, Role.DPO, Role.AUDITOR)
    if not controllers.exists():
        return None
    numbers = SubjectRequest.objects.filter(controller__in=controllers).values("number")
    # Every event a request's services write has its number as the reason and in the details.
    return Q(reason__in=numbers, details__has_key="request")


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
