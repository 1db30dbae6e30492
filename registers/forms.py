"""The privacy-notice editor's form: the register's notice facts, grouped the way the notice reads."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Contact, Controller, RecordedField, Register, Right

# (section id, title, fields). The retention rule itself changes on the retention page, which shows what a new
# rule does to the stored recordings first; the controller and its contacts are shared by the controller's
# registers and are shown here as they stand.
SECTIONS: list[tuple[str, object, tuple[str, ...]]] = [
    (
        "register",
        _("The register and its notice"),
        ("name", "name_en", "slug", "notice_updated_on", "introduction", "introduction_en"),
    ),
    ("controller", _("Controller and contacts"), ()),
    (
        "purpose",
        _("Purposes and legal basis"),
        (
            "purpose",
            "purpose_en",
            "legal_basis",
            "legal_basis_detail",
            "legal_basis_detail_en",
            "national_law",
            "national_law_en",
        ),
    ),
    (
        "data",
        _("Data categories and sources"),
        (
            "data_subject_categories",
            "data_subject_categories_en",
            "data_content",
            "data_content_en",
            "recorded_metadata",
            "data_sources",
            "data_sources_en",
        ),
    ),
    (
        "recipients",
        _("Recipients, processors and transfers"),
        (
            "recipients",
            "recipients_en",
            "discloses_to_authorities",
            "processors_description",
            "processors_description_en",
            "transfers_outside_eea",
            "transfers_description",
            "transfers_description_en",
        ),
    ),
    ("retention", _("Retention"), ("retention_description", "retention_description_en")),
    (
        "security",
        _("Security and access"),
        (
            "security_measures",
            "security_measures_en",
            "storage_location",
            "storage_location_en",
            "access_description",
            "access_description_en",
            "listening_description",
            "listening_description_en",
        ),
    ),
    (
        "rights",
        _("Rights of the data subject"),
        (
            "rights_offered",
            "rights_description",
            "rights_description_en",
            "access_method",
            "request_channel",
            "identity_verified",
            "response_target_days",
        ),
    ),
    (
        "other",
        _("Informing callers and other information"),
        (
            "caller_information",
            "caller_information_en",
            "automated_decision_making",
            "automated_decision_making_en",
            "additional_information",
            "additional_information_en",
        ),
    ),
]

NOTICE_FIELDS = tuple(name for _id, _title, names in SECTIONS for name in names)


class DescribedErrorsMixin:
    """Ties each error message to its field, so a screen reader reads what is wrong with the field it is on."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                auto_id = self[name].auto_id
                ids = [f"{auto_id}_error"] + ([f"{auto_id}_helptext"] if self.fields[name].help_text else [])
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


class NoticeForm(DescribedErrorsMixin, forms.ModelForm):
    recorded_metadata = forms.MultipleChoiceField(
        label=_("call metadata recorded"),
        choices=RecordedField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rights_offered = forms.MultipleChoiceField(
        label=_("rights offered"), choices=Right.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Register
        fields = NOTICE_FIELDS
        widgets = {"notice_updated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.update(rows=4)
        if self.instance.notice_is_published:
            slug = self.fields["slug"]
            slug.widget.attrs["readonly"] = True
            slug.help_text = _("The notice is published at this address, so it cannot change.")

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if self.instance.notice_is_published and slug != self.instance._published_slug:
            raise forms.ValidationError(
                _("The notice is published at /privacy/%(slug)s/, so its address cannot change."),
                code="published_slug",
                params={"slug": self.instance._published_slug},
            )
        return slug

    def sections(self) -> list[dict]:
        """The form's fields in the notice's order: [{"id", "title", "fields": [bound field, ...]}, ...]."""
        return [{"id": key, "title": title, "fields": [self[name] for name in names]} for key, title, names in SECTIONS]


class NoticeContactForm(DescribedErrorsMixin, forms.ModelForm):
    """A contact person or address of this register; those serving all the controller's registers are not here."""

    class Meta:
        model = Contact
        fields = ("kind", "name", "title", "title_en", "organisation", "email", "phone", "address", "note", "note_en")
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in ("address", "note", "note_en")}


ContactFormSet = forms.inlineformset_factory(
    Register, Contact, form=NoticeContactForm, fk_name="register", extra=1, can_delete=True
)


def contacts_formset(register: Register, data=None) -> forms.BaseInlineFormSet:
    queryset = register.contacts.order_by("order", "id")
    return ContactFormSet(data, instance=register, prefix="contacts", queryset=queryset)


def draft_contacts(register: Register, formset) -> list[Contact]:
    """The contacts the notice would name with the formset's values: the controller's own, then the edited ones."""
    shared = list(Contact.objects.filter(controller=register.controller, register__isnull=True))
    edited = []
    next_order = max([c.order for c in [*shared, *register.contacts.all()]], default=0) + 1
    for form in formset.forms:
        if form in formset.deleted_forms or (form.instance.pk is None and not form.has_changed()):
            continue
        contact = form.instance
        if contact.pk is None:
            contact.order, next_order = next_order, next_order + 1
        edited.append(contact)
    return sorted([*shared, *edited], key=lambda c: (c.order, c.pk or 10**12))


# The controller's own facts, shared by its registers and shown in each register's notice.
CONTROLLER_FACTS = (
    "name",
    "trade_names",
    "business_id",
    "group_description",
    "group_description_en",
    "street_address",
    "postal_code",
    "city",
    "email",
    "phone",
    "website",
)


class ControllerFactsForm(forms.ModelForm):
    class Meta:
        model = Controller
        fields = CONTROLLER_FACTS
        widgets = {
            "group_description": forms.Textarea(attrs={"rows": 2}),
            "group_description_en": forms.Textarea(attrs={"rows": 2}),
        }


class SecondApproverForm(forms.Form):
    erasure_needs_second_approver = forms.BooleanField(
        label=_("A second data protection officer approves"),
        required=False,
        help_text=_(
            "Erasures, deletions after a retention event and retention rules that delete calls sooner then wait for "
            "another data protection officer of the register. Switching this off needs another data protection "
            "officer's approval too."
        ),
    )
