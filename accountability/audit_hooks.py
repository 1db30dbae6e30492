"""How issued accountability reports are named in the audit log, in the language of the page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from audit.registry import ObjectLabel, add_describer

from .models import AccountabilityReport, ScopeKind
from .selectors import REPORT_OBJECT_TYPE


@add_describer(REPORT_OBJECT_TYPE)
def describe_reports(ids, user):
    from registers.models import Register

    reports = list(
        AccountabilityReport.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).select_related("controller")
    )
    slugs = {r.scope_key for r in reports if r.scope_kind == ScopeKind.REGISTER}
    names = dict(Register.objects.filter(slug__in=slugs).values_list("slug", "name"))
    labels = {}
    for report in reports:
        month = f"{report.month:%Y-%m}"
        if report.scope_kind == ScopeKind.REGISTER:
            name = names.get(report.scope_key, report.scope_key)
            url = reverse("accountability_register_report", args=[report.scope_key, month])
        else:
            name = report.controller.name
            url = reverse("accountability_controller_report", args=[report.controller_id, month])
        labels[str(report.pk)] = ObjectLabel(
            _("Accountability report %(month)s: %(name)s") % {"month": month, "name": name}, url
        )
    return labels
