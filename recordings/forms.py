from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from registers.validators import PhoneNumberError, phone_number_prefix

from .models import Direction

SORTS = {
    "-started": _("Newest first"),
    "started": _("Oldest first"),
    "-duration": _("Longest first"),
    "duration": _("Shortest first"),
}


# Fewer digits than this would match most calls of a register.
PARTIAL_NUMBER_DIGITS = 4


class RecordingFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    time_from = forms.TimeField(
        label=_("From time of day"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_to = forms.TimeField(label=_("To time of day"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    number = forms.CharField(
        label=_("Number"),
        required=False,
        max_length=40,
        help_text=_(
            "The beginning of a number as you would dial it (044 095, +358 44 095), or any part of one (digits only)."
        ),
    )
    direction = forms.ChoiceField(label=_("Direction"), required=False, choices=[("", "—"), *Direction.choices])
    agent = forms.CharField(label=_("Agent"), required=False, max_length=150)
    service_line = forms.TypedChoiceField(label=_("Service line"), required=False, coerce=int, empty_value=None)
    min_duration = forms.IntegerField(label=_("Min. duration (s)"), required=False, min_value=0, max_value=86400)
    max_duration = forms.IntegerField(label=_("Max. duration (s)"), required=False, min_value=0, max_value=86400)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", "—"), ("held", _("On hold")), ("not_held", _("Not on hold")), ("restricted", _("Restricted"))],
    )
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=list(SORTS.items()))

    def __init__(self, *args, register=None, **kwargs):
        super().__init__(*args, **kwargs)
        lines = list(register.service_lines.values_list("pk", "name")) if register else []
        self.fields["service_line"].choices = [("", "—"), *lines]

    def clean_number(self) -> str:
        """Either "*" and digits, a part matched anywhere, or the E.164 beginning of the numbers to list."""
        raw = self.cleaned_data.get("number", "").strip()
        if not raw:
            return ""
        digits = "".join(ch for ch in raw if ch.isdigit())
        if not raw.startswith(("+", "0")) and digits and all(ch.isdigit() or ch in " -" for ch in raw):
            # Part of a number ("9225646"): matched anywhere in the stored numbers.
            if len(digits) < PARTIAL_NUMBER_DIGITS:
                raise forms.ValidationError(
                    _("Give at least %(n)s digits of the number.") % {"n": PARTIAL_NUMBER_DIGITS}
                )
            return "*" + digits
        try:
            prefix = phone_number_prefix(raw)
        except PhoneNumberError as exc:
            raise forms.ValidationError(exc.user_message) from None
        # "+358" or "040" alone would list most calls of a register.
        if len(digits) < PARTIAL_NUMBER_DIGITS:
            raise forms.ValidationError(_("Give at least %(n)s digits of the number.") % {"n": PARTIAL_NUMBER_DIGITS})
        return prefix

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        shortest, longest = data.get("min_duration"), data.get("max_duration")
        if shortest is not None and longest is not None and shortest > longest:
            self.add_error(
                "max_duration",
                _("The maximum is below the minimum duration (%(min)s s).") % {"min": shortest},
            )
        return data


class ListenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for listening"), required=False, max_length=300)

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
