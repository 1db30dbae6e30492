"""How the audit log names connectors and sums up their runs."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from audit.registry import ObjectLabel, add_describer, add_summary
from registers.models import Role
from registers.permissions import has_role

from .models import Connector


@add_describer("connectors.connector")
def describe_connectors(ids, user):
    labels = {}
    for connector in Connector.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).select_related("register"):
        url = ""
        if has_role(user, connector.register, Role.IT_ADMIN):
            url = reverse("connector_detail", args=[connector.register.slug, connector.pk])
        text = _("Connector %(name)s of %(register)s") % {"name": connector.name, "register": connector.register.name}
        labels[str(connector.pk)] = ObjectLabel(text, url)
    return labels


@add_summary
def connector_run(event) -> str:
    if event.action != "connector_run":
        return ""
    d = event.details or {}
    return _("taken %(taken)s, already stored %(already)s, refused %(refused)s") % {
        "taken": d.get("taken", 0),
        "already": d.get("already_stored", 0),
        "refused": d.get("refused", 0),
    }
