"""How calls are named in the audit log: by time and register, linked where the reader may open the call."""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.registry import ObjectLabel, add_describer, add_summary

from .models import IngestToken, Recording
from .permissions import is_visible


def _call_label(recording: Recording) -> str:
    started = timezone.localtime(recording.started_at)
    return _("Call %(started)s, register %(register)s") % {
        "started": f"{started:%-d.%-m.%Y %H.%M}",
        "register": recording.register.name,
    }


@add_describer("recordings.recording")
def describe_recordings(ids, user):
    pks = [int(i) for i in ids if i.isdigit()]
    public_ids = []
    for i in ids:
        try:
            public_ids.append(uuid.UUID(i))
        except ValueError:
            continue
    found = Recording.objects.filter(Q(pk__in=pks) | Q(public_id__in=public_ids)).select_related("register")
    labels = {}
    for recording in found:
        url = reverse("recording_detail", args=[recording.public_id]) if is_visible(user, recording) else ""
        label = ObjectLabel(_call_label(recording), url)
        labels[str(recording.pk)] = label
        labels[str(recording.public_id)] = label
    for i in ids:
        labels.setdefault(i, ObjectLabel(_("Call (deleted)")))
    return labels


@add_describer("recordings.ingesttoken")
def describe_tokens(ids, user):
    return {
        str(t.pk): ObjectLabel(
            _("Ingest token %(prefix)s… of %(register)s") % {"prefix": t.prefix, "register": t.register.name}
        )
        for t in IngestToken.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).select_related("register")
    }


@add_summary
def call_list_export(event) -> str:
    """An export of the call list: how many calls, and which filters (their labels; the values were never stored)."""
    from .forms import RecordingFilterForm

    d = event.details or {}
    if event.action != "export" or not d.get("call_list"):
        return ""
    n = d.get("recordings", 0)
    text = ngettext("call list: %(n)s call", "call list: %(n)s calls", n) % {"n": n}
    fields = RecordingFilterForm.base_fields
    used = [str(fields[name].label) for name in d.get("filters", []) if name in fields]
    if used:
        text += " · " + _("filtered by %(filters)s") % {"filters": ", ".join(used).lower()}
    return text
