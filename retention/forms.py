from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registers.models import RetentionTrigger, RetentionUnit

from .models import SUPERVISOR_HOLD_KINDS, HoldKind


class HoldForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=HoldKind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    reference = forms.CharField(label=_("Reference"), required=False, max_length=100)
    review_on = forms.DateField(label=_("Review date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, dpo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not dpo:
            self.fields["kind"].choices = [(k.value, k.label) for k in SUPERVISOR_HOLD_KINDS]
        self.fields["review_on"].initial = timezone.localdate() + timedelta(days=90)


class ReleaseForm(forms.Form):
    reason = forms.CharField(label=_("Why is the hold released?"), max_length=2000)


class RuleForm(forms.Form):
    value = forms.IntegerField(label=_("Period"), min_value=1, required=False)
    unit = forms.ChoiceField(label=_("Unit"), choices=RetentionUnit.choices)
    trigger = forms.ChoiceField(label=_("Counted from"), choices=RetentionTrigger.choices)
    event = forms.CharField(label=_("Event"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("trigger") == RetentionTrigger.EVENT:
            if not (data.get("event") or "").strip():
                self.add_error("event", _("Name the event that ends the retention."))
        elif not data.get("value"):
            self.add_error("value", _("The retention period must be a positive whole number."))
        return data


class RetentionEventForm(forms.Form):
    event_on = forms.DateField(label=_("Event date"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Reference (e.g. customer account number)"), max_length=100)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_in_days = forms.IntegerField(label=_("Delete within (days)"), min_value=1, max_value=90, initial=30)
    phone_numbers = forms.CharField(
        label=_("The customer's telephone numbers, one per line"),
        help_text=_("Their calls in this register are deleted when the task is marked done. Not stored."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_phone_numbers(self):
        return [line.strip() for line in self.cleaned_data["phone_numbers"].splitlines() if line.strip()]
