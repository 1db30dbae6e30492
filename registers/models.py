"""Controllers, registers, their privacy-notice facts, and who holds which role.

A register holds every fact a Finnish privacy notice (tietosuojaseloste) states,
so its public notice, its record of processing (GDPR art. 30) and its retention
rule all come from one place. Free-text facts come in Finnish with an optional
English version (`<field>_en`); `Register.text()` picks the one for the active
language and falls back to Finnish.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .validators import normalise_business_id, validate_business_id, validate_phone_number


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("Supervisor")
    AGENT = "agent", _("Agent")
    IT_ADMIN = "it_admin", _("IT administrator")
    DPO = "dpo", _("Data protection officer")
    AUDITOR = "auditor", _("Auditor")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent (GDPR art. 6(1)(a))")
    CONTRACT = "contract", _("Contract (GDPR art. 6(1)(b))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (GDPR art. 6(1)(c))")
    VITAL_INTERESTS = "vital_interests", _("Vital interests (GDPR art. 6(1)(d))")
    PUBLIC_TASK = "public_task", _("Public task (GDPR art. 6(1)(e))")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Legitimate interests (GDPR art. 6(1)(f))")


class RetentionUnit(models.TextChoices):
    DAYS = "days", _("days")
    MONTHS = "months", _("calendar months")


class RetentionTrigger(models.TextChoices):
    CALL_END = "call_end", _("from the end of the call")
    EVENT = "event", _("until an event")


class RecordedField(models.TextChoices):
    """Call metadata a register may state it records."""

    START_TIME = "start_time", _("time the call started")
    DURATION = "duration", _("duration of the call")
    CALLER_NUMBER = "caller_number", _("caller's telephone number")
    CALLEE_NUMBER = "callee_number", _("called party's telephone number")
    SERVICE_NUMBER = "service_number", _("service number called")
    AGENT_NAME = "agent_name", _("name of the person who answered")
    CONTENT = "content", _("content of the conversation")


class Right(models.TextChoices):
    """Data-subject rights a register offers (GDPR art. 15-22, 7(3), 77)."""

    ACCESS = "access", _("Right of access (art. 15)")
    RECTIFICATION = "rectification", _("Right to rectification (art. 16)")
    ERASURE = "erasure", _("Right to erasure (art. 17)")
    RESTRICTION = "restriction", _("Right to restriction of processing (art. 18)")
    PORTABILITY = "portability", _("Right to data portability (art. 20)")
    OBJECTION = "objection", _("Right to object (art. 21)")
    DIRECT_MARKETING = "direct_marketing", _("Right to object to direct marketing and profiling (art. 21)")
    WITHDRAW_CONSENT = "withdraw_consent", _("Right to withdraw consent (art. 7(3))")
    COMPLAINT = "complaint", _("Right to lodge a complaint with the supervisory authority (art. 77)")


class AccessMethod(models.TextChoices):
    ON_PREMISES = "on_premises", _("Listening on the controller's premises at an agreed time")
    COPY = "copy", _("A copy of the recordings delivered to the data subject")
    SELF_SERVICE = "self_service", _("Self-service in the controller's system, or a copy on request")


class RequestChannel(models.TextChoices):
    WRITTEN = "written", _("In writing")
    SIGNED_LETTER = "signed_letter", _("A personally signed letter")
    ANY = "any", _("Any channel (email, letter, telephone, in person)")


def retention_period_text(value: int, unit: str) -> str:
    if unit == RetentionUnit.DAYS:
        return ngettext("%(n)d day", "%(n)d days", value) % {"n": value}
    return ngettext("%(n)d calendar month", "%(n)d calendar months", value) % {"n": value}


def retention_rule_text(register: Register) -> str:
    if register.retention_trigger == RetentionTrigger.EVENT:
        event = register.text("retention_event")
        if register.retention_value:
            return gettext("%(period)s after %(event)s") % {
                "period": retention_period_text(register.retention_value, register.retention_unit),
                "event": event,
            }
        return gettext("until %(event)s") % {"event": event}
    return gettext("%(period)s from the end of the call") % {
        "period": retention_period_text(register.retention_value or 0, register.retention_unit)
    }


class BilingualMixin:
    """`obj.text("purpose")` returns the English version in English when there is one."""

    def text(self, field: str) -> str:
        finnish = getattr(self, field) or ""
        if (get_language() or "fi").startswith("en"):
            return getattr(self, f"{field}_en", "") or finnish
        return finnish

    def has_english(self, field: str) -> bool:
        return bool(getattr(self, f"{field}_en", ""))


class Controller(BilingualMixin, models.Model):
    """Rekisterinpitäjä: the organisation that decides why and how calls are recorded."""

    name = models.CharField(_("name"), max_length=200)
    trade_names = models.CharField(
        _("trade names"), max_length=300, blank=True, help_text=_("Separate several with commas.")
    )
    group_description = models.TextField(
        _("group companies covered"), blank=True, help_text=_("E.g. “Med Group Oy and its subsidiaries”.")
    )
    group_description_en = models.TextField(_("group companies covered (English)"), blank=True)
    business_id = models.CharField(
        _("business ID (Y-tunnus)"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("Leave empty only if the notice does not give one."),
    )
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True, validators=[validate_phone_number])
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("controller")
        verbose_name_plural = _("controllers")
        constraints = [
            models.UniqueConstraint(
                fields=["business_id"], condition=~Q(business_id=""), name="controller_business_id_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.business_id:
            self.business_id = normalise_business_id(self.business_id)

    @property
    def postal_address(self) -> str:
        return f"{self.street_address}, {self.postal_code} {self.city}"

    @property
    def trade_name_list(self) -> list[str]:
        return [t.strip() for t in self.trade_names.split(",") if t.strip()]


class RegisterQuerySet(models.QuerySet):
    def visible_to(self, user) -> RegisterQuerySet:
        """Registers the user holds any role in. Superuser status grants nothing here."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()

    def with_role(self, user, *roles: str) -> RegisterQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user, memberships__role__in=roles).distinct()


class Register(BilingualMixin, models.Model):
    """Rekisteri: one call-recording register and everything its notice states."""

    controller = models.ForeignKey(
        Controller, on_delete=models.PROTECT, related_name="registers", verbose_name=_("controller")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("register name"), max_length=300)
    name_en = models.CharField(_("register name (English)"), max_length=300, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_en = models.TextField(_("introduction (English)"), blank=True)
    notice_updated_on = models.DateField(_("notice last updated"), null=True, blank=True)

    # Why and on what basis.
    purpose = models.TextField(_("purpose of processing"))
    purpose_en = models.TextField(_("purpose of processing (English)"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis.choices)
    legal_basis_detail = models.TextField(
        _("legal basis explained"), blank=True, help_text=_("E.g. the legitimate interest pursued.")
    )
    legal_basis_detail_en = models.TextField(_("legal basis explained (English)"), blank=True)
    national_law = models.TextField(
        _("national law"), blank=True, help_text=_("E.g. Tietosuojalaki (1050/2018). One per line.")
    )
    national_law_en = models.TextField(_("national law (English)"), blank=True)

    # What and from whom.
    data_subject_categories = models.TextField(_("categories of data subjects"), blank=True)
    data_subject_categories_en = models.TextField(_("categories of data subjects (English)"), blank=True)
    data_content = models.TextField(_("data content"))
    data_content_en = models.TextField(_("data content (English)"), blank=True)
    recorded_metadata = models.JSONField(
        _("call metadata recorded"), default=list, blank=True, help_text=_("Which call metadata is stored.")
    )
    data_sources = models.TextField(_("regular data sources"))
    data_sources_en = models.TextField(_("regular data sources (English)"), blank=True)

    # Who receives it and where it lives.
    recipients = models.TextField(_("recipients and regular disclosures"), blank=True)
    recipients_en = models.TextField(_("recipients and regular disclosures (English)"), blank=True)
    discloses_to_authorities = models.BooleanField(
        _("discloses to authorities on request"),
        default=False,
        help_text=_("E.g. to the police when investigating a suspected crime."),
    )
    processors_description = models.TextField(_("processors and subcontractors"), blank=True)
    processors_description_en = models.TextField(_("processors and subcontractors (English)"), blank=True)
    transfers_outside_eea = models.BooleanField(_("transfers outside the EU/EEA"), default=False)
    transfers_description = models.TextField(_("transfers outside the EU/EEA explained"), blank=True)
    transfers_description_en = models.TextField(_("transfers outside the EU/EEA explained (English)"), blank=True)
    storage_location = models.TextField(_("storage location"), blank=True)
    storage_location_en = models.TextField(_("storage location (English)"), blank=True)
    security_measures = models.TextField(_("security measures"))
    security_measures_en = models.TextField(_("security measures (English)"), blank=True)
    access_description = models.TextField(_("who may access the register"), blank=True)
    access_description_en = models.TextField(_("who may access the register (English)"), blank=True)
    listening_description = models.TextField(_("who may listen to recordings"), blank=True)
    listening_description_en = models.TextField(_("who may listen to recordings (English)"), blank=True)
    caller_information = models.TextField(
        _("how callers are informed"), blank=True, help_text=_("The announcement played at the start of a call.")
    )
    caller_information_en = models.TextField(_("how callers are informed (English)"), blank=True)
    automated_decision_making = models.TextField(_("automated decision-making and profiling"), blank=True)
    automated_decision_making_en = models.TextField(_("automated decision-making and profiling (English)"), blank=True)

    # Retention: value + unit + trigger.
    retention_value = models.PositiveIntegerField(
        _("retention period"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Required when recordings are kept from the end of the call."),
    )
    retention_unit = models.CharField(
        _("retention unit"), max_length=10, choices=RetentionUnit.choices, default=RetentionUnit.MONTHS
    )
    retention_trigger = models.CharField(
        _("retention starts"), max_length=10, choices=RetentionTrigger.choices, default=RetentionTrigger.CALL_END
    )
    retention_event = models.CharField(
        _("retention event"), max_length=300, blank=True, help_text=_("E.g. “the customer account is deleted”.")
    )
    retention_event_en = models.CharField(_("retention event (English)"), max_length=300, blank=True)
    # Counts the rule's changes. A recording notes the version its expiry was computed under; the purge acts
    # only on expiries computed under the current one (retention.rule_recompute brings the others up to date).
    retention_rule_version = models.PositiveIntegerField(default=1, editable=False)
    retention_description = models.TextField(
        _("retention as the notice states it"),
        blank=True,
        help_text=_("Including when single recordings may be kept longer (complaints, training, investigations)."),
    )
    retention_description_en = models.TextField(_("retention as the notice states it (English)"), blank=True)

    # Rights and how to use them.
    rights_offered = models.JSONField(_("rights offered"), default=list, blank=True)
    rights_description = models.TextField(_("how to use the rights"), blank=True)
    rights_description_en = models.TextField(_("how to use the rights (English)"), blank=True)
    access_method = models.CharField(
        _("how access is given"), max_length=20, choices=AccessMethod.choices, default=AccessMethod.COPY
    )
    request_channel = models.CharField(
        _("how requests are made"), max_length=20, choices=RequestChannel.choices, default=RequestChannel.WRITTEN
    )
    identity_verified = models.BooleanField(_("identity verified before any action"), default=True)
    response_target_days = models.PositiveSmallIntegerField(
        _("answer target (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("A promise tighter than the legal one month, e.g. about a week."),
    )
    erasure_needs_second_approver = models.BooleanField(
        _("erasure needs a second approver"),
        default=False,
        help_text=_(
            "A second data protection officer of the register must approve an erasure before it is carried out."
        ),
    )
    additional_information = models.TextField(_("other information"), blank=True)
    additional_information_en = models.TextField(_("other information (English)"), blank=True)

    # Playback policy.
    agents_may_listen_own_calls = models.BooleanField(_("agents may listen to their own calls"), default=True)
    listen_reason_required = models.BooleanField(_("a reason is required before listening"), default=False)
    download_roles = models.JSONField(
        _("roles that may download audio"), default=list, blank=True, help_text=_("Download is off by default.")
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["controller__name", "name"]
        verbose_name = _("register")
        verbose_name_plural = _("registers")
        constraints = [
            models.CheckConstraint(
                condition=Q(retention_value__isnull=True) | Q(retention_value__gt=0),
                name="register_retention_positive",
            ),
            models.CheckConstraint(
                condition=~Q(retention_trigger="call_end") | Q(retention_value__isnull=False),
                name="register_call_end_rule_has_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    # A register's notice is public at /privacy/<slug>/ from the moment the register is saved (the law wants every
    # notice published), and people link to it and print it: its address never changes after that.
    def save(self, *args, **kwargs):
        error = self.published_slug_error()
        if error is not None:
            raise ValidationError({"slug": error})
        super().save(*args, **kwargs)
        self._published_slug = self.slug

    @classmethod
    def from_db(cls, db, field_names, values):
        register = super().from_db(db, field_names, values)
        register._published_slug = register.__dict__.get("slug")
        return register

    @property
    def notice_is_published(self) -> bool:
        return bool(getattr(self, "_published_slug", None))

    def published_slug_error(self) -> ValidationError | None:
        if self.notice_is_published and self.slug != self._published_slug:
            return ValidationError(
                _("The notice is published at /privacy/%(slug)s/, so its address cannot change."),
                code="published_slug",
                params={"slug": self._published_slug},
            )
        return None

    def clean(self) -> None:
        errors: dict[str, list] = {}
        slug_error = self.published_slug_error()
        if slug_error is not None:
            errors["slug"] = [slug_error]
        if self.retention_value is not None and self.retention_value <= 0:
            errors.setdefault("retention_value", []).append(_("The retention period must be at least 1."))
        if self.retention_trigger == RetentionTrigger.CALL_END and not self.retention_value:
            errors.setdefault("retention_value", []).append(
                _("Give the retention period: recordings kept from the end of the call need one.")
            )
        if self.retention_trigger == RetentionTrigger.EVENT and not self.retention_event:
            errors.setdefault("retention_event", []).append(_("Name the event that ends retention."))
        unknown = set(self.rights_offered or []) - set(Right.values)
        if unknown:
            errors.setdefault("rights_offered", []).append(
                _("Unknown rights: %(rights)s.") % {"rights": ", ".join(sorted(unknown))}
            )
        unknown = set(self.recorded_metadata or []) - set(RecordedField.values)
        if unknown:
            errors.setdefault("recorded_metadata", []).append(
                _("Unknown metadata: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
            )
        unknown = set(self.download_roles or []) - set(Role.values)
        if unknown:
            errors.setdefault("download_roles", []).append(
                _("Unknown roles: %(roles)s.") % {"roles": ", ".join(sorted(unknown))}
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_event_based(self) -> bool:
        return self.retention_trigger == RetentionTrigger.EVENT

    def retention_summary(self) -> str:
        """The rule in words for the active language, e.g. “36 calendar months from the end of the call”."""
        return retention_rule_text(self)

    def rights_offered_labels(self) -> list[str]:
        labels = dict(Right.choices)
        return [str(labels[r]) for r in Right.values if r in (self.rights_offered or [])]

    def recorded_metadata_labels(self) -> list[str]:
        labels = dict(RecordedField.choices)
        return [str(labels[f]) for f in RecordedField.values if f in (self.recorded_metadata or [])]


class ContactKind(models.TextChoices):
    REGISTER_CONTACT = "register_contact", _("Contact person for register matters")
    DPO = "dpo", _("Data protection officer")
    REQUESTS = "requests", _("Address for data-subject requests")
    INQUIRIES = "inquiries", _("Questions about this notice")


class Contact(BilingualMixin, models.Model):
    """A person or address named in a notice: contact person, DPO, request address."""

    controller = models.ForeignKey(Controller, on_delete=models.CASCADE, related_name="contacts")
    register = models.ForeignKey(
        Register,
        on_delete=models.CASCADE,
        related_name="contacts",
        null=True,
        blank=True,
        help_text=_("Leave empty when the contact serves every register of the controller."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True, validators=[validate_phone_number])
    address = models.TextField(_("postal address"), blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("E.g. which requests go to this address."))
    note_en = models.TextField(_("note (English)"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name or self.email or self.address}"

    def clean(self) -> None:
        if not (self.name or self.email or self.address or self.phone):
            raise ValidationError(_("A contact needs a name, an email, a telephone number or an address."))
        if self.register_id and self.controller_id and self.register.controller_id != self.controller_id:
            raise ValidationError({"register": _("The register belongs to another controller.")})


class ServiceLineKind(models.TextChoices):
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    EMPLOYEES = "employees", _("Employees")
    ON_CALL = "on_call", _("On call")
    USER_SUPPORT = "user_support", _("User support")
    OTHER = "other", _("Other")


class ServiceLine(BilingualMixin, models.Model):
    """A line whose calls are recorded (asiakaspalvelu-, työntekijä- ja päivystyslinjat)."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="service_lines")
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceLineKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    number = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_("E.164, e.g. +358103808000. Optional.")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("recorded service line")
        verbose_name_plural = _("recorded service lines")
        constraints = [models.UniqueConstraint(fields=["register", "name"], name="service_line_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .validators import PhoneNumberError, normalise_phone_number

        if self.number:
            try:
                self.number = normalise_phone_number(self.number)
            except PhoneNumberError as exc:
                raise ValidationError({"number": exc.user_message}) from None


class Processor(BilingualMixin, models.Model):
    """A processor or subcontractor; where it holds the register, requests become tasks for it."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="processors")
    name = models.CharField(_("name"), max_length=200)
    service = models.TextField(_("service provided"), blank=True)
    service_en = models.TextField(_("service provided (English)"), blank=True)
    holds_register_data = models.BooleanField(
        _("the register is kept in this processor's system"),
        default=False,
        help_text=_("Data-subject requests then become tracked tasks for this processor."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("processor")
        verbose_name_plural = _("processors")
        constraints = [models.UniqueConstraint(fields=["register", "name"], name="processor_unique_name")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one register. All authorisation derives from these rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agent_identifier = models.CharField(
        _("agent identifier"),
        max_length=150,
        blank=True,
        help_text=_("How the telephony platform names this agent, if not by username."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "register", "role"], name="membership_unique_role"),
        ]
        indexes = [models.Index(fields=["register", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.register} · {self.get_role_display()}"


class FourEyesOffQuerySet(models.QuerySet):
    def pending(self) -> FourEyesOffQuerySet:
        return self.filter(status="pending")


class FourEyesOffProposal(models.Model):
    """A DPO's wish to switch a register's second approver off, until another DPO of the register approves it.

    Four eyes are there to check the one DPO; that DPO alone cannot remove them (registers.services).
    """

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="four_eyes_off_proposals")
    status = models.CharField(max_length=10, default="pending")  # pending, approved or withdrawn
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = FourEyesOffQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal to switch the second approver off")
        verbose_name_plural = _("proposals to switch the second approver off")
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["register"], condition=Q(status="pending"), name="four_eyes_off_one_pending_per_register"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | ~Q(decided_by=models.F("proposed_by")),
                name="four_eyes_off_approver_is_not_its_proposer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register.slug}: four eyes off ({self.status})"
