"""The audit log's filters: who, what, which register, when, and a search in reasons (request numbers)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AuditAction


class AuditFilterForm(forms.Form):
    actor = forms.TypedChoiceField(label=_("User"), required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(label=_("Action"), required=False)
    register = forms.TypedChoiceField(label=_("Register"), required=False, coerce=int, empty_value=None)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(
        label=_("Reason or request number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "SR-2026-0012"}),
    )

    def __init__(self, *args, actors=(), registers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = [("", _("Anyone"))] + [(str(pk), label) for pk, label in actors]
        self.fields["action"].choices = [("", _("Any action"))] + list(AuditAction.choices)
        self.fields["register"].choices = [("", _("Any register"))] + [(str(pk), name) for pk, name in registers]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filter_q(self) -> Q:
        """The filters as a Q; call only after is_valid()."""
        data = self.cleaned_data
        q = Q()
        if data.get("actor") is not None:
            q &= Q(actor_id=data["actor"])
        if data.get("action"):
            q &= Q(action=data["action"])
        if data.get("register") is not None:
            q &= Q(register_id=data["register"])
        zone = timezone.get_current_timezone()
        if data.get("since"):
            q &= Q(created_at__gte=datetime.combine(data["since"], time.min, tzinfo=zone))
        if data.get("until"):
            q &= Q(created_at__lt=datetime.combine(data["until"] + timedelta(days=1), time.min, tzinfo=zone))
        if data.get("q"):
            q &= Q(reason__icontains=data["q"].strip())
        return q

    def active_filters(self) -> dict:
        """The filters in use, for the export's audit event (ids and dates only)."""
        return {k: str(v) for k, v in self.cleaned_data.items() if v not in (None, "")}
