"""How legal holds are named in the audit log."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audit.registry import ObjectLabel, add_describer, add_summary
from registers.models import Role
from registers.permissions import has_role

from .models import Hold


@add_describer("retention.hold")
def describe_holds(ids, user):
    labels = {}
    for hold in Hold.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).select_related("register"):
        text = _("Hold (%(kind)s) in %(register)s") % {"kind": hold.get_kind_display(), "register": hold.register.name}
        if hold.reference:
            text += f" · {hold.reference}"
        url = ""
        if has_role(user, hold.register, Role.DPO, Role.SUPERVISOR):
            url = reverse("hold_detail", args=[hold.pk])
        labels[str(hold.pk)] = ObjectLabel(text, url)
    return labels


@add_summary
def bulk_hold(event) -> str:
    if event.action != "bulk_hold":
        return ""
    n = (event.details or {}).get("count", 0)
    return ngettext("%(n)s call ticked on the call list", "%(n)s calls ticked on the call list", n) % {"n": n}


# What each step of a rule change was: proposed, withdrawn, approved (the rule then changed), recomputed.
RULE_CHANGE_STEPS = {
    "proposed": gettext_lazy("proposed; waits for another data protection officer"),
    "withdrawn": gettext_lazy("proposal withdrawn"),
    "approved": gettext_lazy("approved by another data protection officer"),
    "recomputed": gettext_lazy("expiry dates recomputed"),
}


@add_summary
def retention_rule_change(event) -> str:
    if event.action != "retention_rule_change":
        return ""
    step = (event.details or {}).get("step", "")
    return str(RULE_CHANGE_STEPS.get(step, ""))
