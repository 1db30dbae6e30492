"""Forms of the DPO's request pages. They parse input; the rules live in services."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recordings.models import Direction
from registers.validators import PhoneNumberError, normalise_phone_number

from . import selectors
from .models import Channel, DecisionOutcome, Language, RequestRight, VerificationMethod, VerificationOutcome
from .services import DECIDED_RIGHTS


class IntakeForm(forms.Form):
    controller = forms.ModelChoiceField(label=_("Controller"), queryset=None, empty_label=None)
    rights = forms.MultipleChoiceField(
        label=_("Rights asked for"), choices=RequestRight.choices, widget=forms.CheckboxSelectMultiple
    )
    received_on = forms.DateField(label=_("Received"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    language = forms.ChoiceField(label=_("Language of the answer"), choices=Language.choices)
    subject_name = forms.CharField(label=_("Subject's name"), max_length=200, required=False)
    subject_email = forms.EmailField(
        label=_("Subject's email"), required=False, help_text=_("Letters are emailed here when given.")
    )
    subject_postal_address = forms.CharField(
        label=_("Postal address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone_numbers = forms.CharField(
        label=_("Telephone numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, in any format: 040 123 4567, +358 40 123 4567."),
    )
    agent_identifier = forms.CharField(
        label=_("Agent identity (employees)"),
        max_length=150,
        required=False,
        help_text=_("The employee's username or the name the telephony platform uses for them."),
    )
    description = forms.CharField(
        label=_("The request in brief"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        controllers = selectors.dpo_controllers(user).order_by("name")
        self.fields["controller"].queryset = controllers
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())
            if controllers.count() == 1:
                self.initial.setdefault("controller", controllers.first())

    def clean_phone_numbers(self) -> list[str]:
        lines = [p.strip() for p in re.split(r"[\n;,]+", self.cleaned_data.get("phone_numbers", "")) if p.strip()]
        numbers, errors = [], []
        for position, line in enumerate(lines, start=1):
            try:
                numbers.append(normalise_phone_number(line))
            except PhoneNumberError as exc:
                errors.append(_("Number %(n)d: %(reason)s.") % {"n": position, "reason": exc.user_message.rstrip(".")})
        if errors:
            raise forms.ValidationError(errors)
        return list(dict.fromkeys(numbers))

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("The date of receipt cannot be in the future."))
        return received_on

    def clean(self):
        data = super().clean()
        if not data.get("phone_numbers") and not (data.get("agent_identifier") or "").strip():
            if "phone_numbers" not in self.errors:
                raise forms.ValidationError(
                    _(
                        "Give at least one telephone number or the employee's agent identity, "
                        "or no recording can be found."
                    )
                )
        return data


class VerificationForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=VerificationMethod.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=VerificationOutcome.choices,
        widget=forms.RadioSelect,
        initial=VerificationOutcome.VERIFIED,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was checked. Never write down identity document numbers, and keep no copies."),
    )


class ExtensionForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Extend by"), coerce=int, choices=[(1, _("one month")), (2, _("two months"))]
    )
    reason = forms.CharField(
        label=_("Reason (told to the subject)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ExcludeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for excluding (told to the subject)"),
        max_length=1000,
        help_text=_("E.g. the recording reveals other people's data (art. 15(4))."),
    )


class AppointmentForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Time"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=300)
    attendees = forms.CharField(
        label=_("Attendees"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("One per line.")
    )


class AppointmentCloseForm(forms.Form):
    held = forms.TypedChoiceField(
        label=_("Outcome"),
        coerce=lambda v: v == "held",
        choices=[("held", _("Held: the subject listened")), ("cancelled", _("Cancelled"))],
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ErasureForm(forms.Form):
    """One erase-or-refuse choice per included recording; a refusal needs a reason."""

    def __init__(self, *args, matches=(), default_reasons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.matches = list(matches)
        default_reasons = default_reasons or {}
        for match in self.matches:
            held = bool(match.other_holds)
            # Erasure cannot be undone, so it is never preselected; a held call can only be kept.
            self.fields[f"action_{match.pk}"] = forms.ChoiceField(
                label=_("Decision"),
                choices=[("erase", _("Erase")), ("refuse", _("Keep (refuse erasure)"))],
                initial="refuse" if held else None,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose whether to erase or keep this call.")},
            )
            self.fields[f"reason_{match.pk}"] = forms.CharField(
                label=_("Reason for keeping (told to the subject)"),
                required=False,
                initial=default_reasons.get(match.pk, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            match.action_field = self[f"action_{match.pk}"]
            match.reason_field = self[f"reason_{match.pk}"]

    def clean(self):
        data = super().clean()
        for match in self.matches:
            if data.get(f"action_{match.pk}") == "refuse" and not (data.get(f"reason_{match.pk}") or "").strip():
                self.add_error(f"reason_{match.pk}", _("Give the reason for keeping this recording."))
            if match.other_holds and data.get(f"action_{match.pk}") == "erase":
                self.add_error(
                    f"action_{match.pk}",
                    _("This recording is under an active hold and cannot be erased until the hold is released."),
                )
        return data

    def to_erase(self) -> list:
        return [m for m in self.matches if self.cleaned_data.get(f"action_{m.pk}") == "erase"]

    def refusals(self) -> dict[int, str]:
        return {
            m.pk: self.cleaned_data[f"reason_{m.pk}"].strip()
            for m in self.matches
            if self.cleaned_data.get(f"action_{m.pk}") == "refuse"
        }


class RectificationForm(forms.Form):
    agent_name = forms.CharField(label=_("Agent"), max_length=150, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    caller_number = forms.CharField(label=_("Caller"), max_length=40, required=False)
    callee_number = forms.CharField(label=_("Callee"), max_length=40, required=False)
    service_number = forms.CharField(label=_("Service number"), max_length=40, required=False)
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}))

    def changes(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "reason"}


class DecisionForm(forms.Form):
    right = forms.ChoiceField(label=_("Right"))
    outcome = forms.ChoiceField(label=_("Decision"), choices=DecisionOutcome.choices)
    reasons = forms.CharField(
        label=_("Reasons (told to the subject)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, subject_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(RequestRight.choices)
        self.fields["right"].choices = [
            (r, labels[r]) for r in DECIDED_RIGHTS if subject_request and subject_request.asks_for(r)
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class ClosedRequestSearchForm(forms.Form):
    """Finds closed requests by their number (or part of it) and the period they were closed in."""

    number = forms.CharField(label=_("Request number"), max_length=20, required=False)
    start = forms.DateField(label=_("Closed from"), required=False)
    end = forms.DateField(label=_("Closed until"), required=False)
