"""Data-subject requests (GDPR art. 12-22) and everything done to answer them.

The subject's personal data (name, email, postal address, numbers, agent
identity) lives in `SubjectRequest` and the records that belong to it, and
nowhere else: URLs carry the request number, audit events carry the number as
their reason and only ids and counts in their details, logs carry ids.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RequestRight(models.TextChoices):
    """The rights a subject may ask for; values match `registers.models.Right`."""

    ACCESS = "access", _("Access (art. 15)")
    RECTIFICATION = "rectification", _("Rectification (art. 16)")
    ERASURE = "erasure", _("Erasure (art. 17)")
    RESTRICTION = "restriction", _("Restriction of processing (art. 18)")
    PORTABILITY = "portability", _("Data portability (art. 20)")
    OBJECTION = "objection", _("Objection (art. 21)")
    WITHDRAW_CONSENT = "withdraw_consent", _("Withdrawal of consent (art. 7(3))")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Telephone")
    IN_PERSON = "in_person", _("In person")


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    ENGLISH = "en", _("English")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Awaiting identity verification")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Answered")
    REFUSED = "refused", _("Refused")


OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)


class SubjectRequestQuerySet(models.QuerySet):
    def open(self) -> SubjectRequestQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def by_due_date(self) -> SubjectRequestQuerySet:
        return self.order_by("due_on", "received_on", "pk")


class SubjectRequest(models.Model):
    """One request by one data subject to one controller, possibly for several rights."""

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    controller = models.ForeignKey(
        "registers.Controller", on_delete=models.PROTECT, related_name="subject_requests", verbose_name=_("controller")
    )
    rights = models.JSONField(_("rights asked for"), default=list)
    received_on = models.DateField(_("received"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    language = models.CharField(_("language of the answer"), max_length=2, choices=Language.choices, default="fi")
    description = models.TextField(_("the request in brief"), blank=True)

    # The subject: personal data lives here and only here.
    subject_name = models.CharField(_("name"), max_length=200, blank=True)
    subject_email = models.EmailField(_("email"), blank=True)
    subject_postal_address = models.TextField(_("postal address"), blank=True)
    subject_phone_numbers = models.JSONField(_("telephone numbers (E.164)"), default=list, blank=True)
    subject_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employee (agent) user"),
    )
    subject_agent_identifier = models.CharField(_("agent identifier"), max_length=150, blank=True)

    # Deadlines (art. 12(3)): one month, extendable by two more.
    initial_due_on = models.DateField(_("due (one month)"))
    due_on = models.DateField(_("due"), db_index=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED)
    verified_at = models.DateTimeField(_("identity verified"), null=True, blank=True)
    searched_at = models.DateTimeField(_("recordings last searched"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closing_note = models.TextField(_("closing note"), blank=True)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = SubjectRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="subject_request_unique_sequence"),
            models.CheckConstraint(
                condition=Q(initial_due_on__gt=models.F("received_on")), name="subject_request_due_after_receipt"
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("initial_due_on")), name="subject_request_due_not_shortened"
            ),
            models.CheckConstraint(
                condition=Q(extended_at__isnull=True) | ~Q(extension_reason=""),
                name="subject_request_extension_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_STATUSES) | Q(closed_at__isnull=False),
                name="subject_request_closed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.IN_PROGRESS) | Q(verified_at__isnull=False),
                name="subject_request_in_progress_is_verified",
            ),
        ]
        indexes = [models.Index(fields=["controller", "status", "due_on"], name="subject_request_open_due")]

    def __str__(self) -> str:
        return self.number

    # Small questions the views and letters ask.

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_extended(self) -> bool:
        return self.extended_at is not None

    def asks_for(self, right: str) -> bool:
        return right in (self.rights or [])

    def rights_labels(self) -> list[str]:
        labels = dict(RequestRight.choices)
        return [str(labels[r]) for r in RequestRight.values if r in (self.rights or [])]

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())

    def days_left(self, today: date | None = None) -> int:
        return (self.due_on - (today or timezone.localdate())).days


class RequestNumberSequence(models.Model):
    """The last request number given out in a year; its row lock makes numbering race-safe."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class VerificationMethod(models.TextChoices):
    STRONG_ELECTRONIC = "strong_electronic", _("Strong electronic identification (bank or mobile ID)")
    ID_DOCUMENT_SEEN = "id_document_seen", _("Identity document shown in person (no copy kept)")
    SIGNED_LETTER = "signed_letter", _("Personally signed letter matching our records")
    CONTACT_ON_RECORD = "contact_on_record", _("Confirmed through contact details already on record")
    CALLBACK = "callback", _("Call back to the number the recordings concern")
    KNOWN_EMPLOYEE = "known_employee", _("Known employee, confirmed by HR or a supervisor")
    OTHER = "other", _("Other (explain in the note)")


class VerificationOutcome(models.TextChoices):
    VERIFIED = "verified", _("Identity verified")
    FAILED = "failed", _("Identity could not be verified")


class IdentityVerification(models.Model):
    """How the subject's identity was checked. No copy or number of an identity document is kept."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="verifications")
    method = models.CharField(_("method"), max_length=30, choices=VerificationMethod.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=VerificationOutcome.choices)
    note = models.TextField(_("note"), blank=True, help_text=_("What was checked. Do not write down document numbers."))
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["verified_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request.number} {self.get_outcome_display()}"


class MatchDecision(models.TextChoices):
    PENDING = "pending", _("To review")
    INCLUDED = "included", _("Included")
    EXCLUDED = "excluded", _("Excluded")


class ErasureOutcome(models.TextChoices):
    ERASED = "erased", _("Erased")
    REFUSED = "refused", _("Erasure refused")


class RecordingMatch(models.Model):
    """A recording the search found for the request, and what the DPO decided about it.

    The row outlives the recording: after erasure `recording` is null and the
    public id, register and call time remain, like a tombstone.
    """

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="matches")
    recording = models.ForeignKey(
        "recordings.Recording", on_delete=models.SET_NULL, null=True, blank=True, related_name="subject_matches"
    )
    recording_public_id = models.UUIDField()
    register = models.ForeignKey("registers.Register", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    matched_on = models.JSONField(default=list, help_text=_("caller, callee and/or agent"))
    found_at = models.DateTimeField(default=timezone.now)

    decision = models.CharField(max_length=10, choices=MatchDecision.choices, default=MatchDecision.PENDING)
    exclusion_reason = models.TextField(_("reason for excluding"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    erasure_outcome = models.CharField(max_length=10, choices=ErasureOutcome.choices, blank=True)
    erasure_reason = models.TextField(blank=True)
    restricted_at = models.DateTimeField(null=True, blank=True)
    restriction_lifted_at = models.DateTimeField(null=True, blank=True)
    restriction_lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "recording_public_id"], name="subject_match_once_per_request"),
            models.CheckConstraint(
                condition=~Q(decision=MatchDecision.EXCLUDED) | ~Q(exclusion_reason=""),
                name="subject_match_exclusion_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(erasure_outcome=ErasureOutcome.REFUSED) | ~Q(erasure_reason=""),
                name="subject_match_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.number}/{self.recording_public_id}"

    @property
    def is_included(self) -> bool:
        return self.decision == MatchDecision.INCLUDED

    @property
    def is_erased(self) -> bool:
        return self.erasure_outcome == ErasureOutcome.ERASED

    @property
    def is_restricted(self) -> bool:
        return self.restricted_at is not None and self.restriction_lifted_at is None


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    PARTIALLY_GRANTED = "partial", _("Partly granted")
    REFUSED = "refused", _("Refused")


class RightDecision(models.Model):
    """The answer to one right asked for in a request, with its reasons."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="decisions")
    right = models.CharField(max_length=20, choices=RequestRight.choices)
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "right"], name="subject_decision_once_per_right"),
            models.CheckConstraint(
                condition=Q(outcome=DecisionOutcome.GRANTED) | ~Q(reasons=""),
                name="subject_decision_refusal_has_reasons",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.number} {self.get_right_display()}: {self.get_outcome_display()}"


class Rectification(models.Model):
    """A correction of a recording's metadata. Field names only: the values are personal data."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="rectifications")
    match = models.ForeignKey(RecordingMatch, on_delete=models.CASCADE, related_name="rectifications")
    fields = models.JSONField(default=list)
    reason = models.TextField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="subject_rectification_has_reason")]

    def __str__(self) -> str:
        return f"{self.request.number} rectification {self.pk}"


class AppointmentStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class ListeningAppointment(models.Model):
    """Access on the controller's premises: the subject listens to the recordings with the DPO."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=300)
    attendees = models.TextField(_("attendees"), help_text=_("Who will be present, one per line."))
    status = models.CharField(max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.SCHEDULED)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    held_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request.number} appointment {self.starts_at:%Y-%m-%d %H:%M}"


class PackageKind(models.TextChoices):
    ACCESS = "access", _("Copy of the recordings (art. 15)")
    PORTABILITY = "portability", _("Portable data (art. 20)")


class ExportPackage(models.Model):
    """A zip for the subject, encrypted at rest, fetched once through a link that expires.

    Only the SHA-256 of the link's token is kept (the token is 256 random
    bits, so no stretching is needed). The zip's data key is wrapped like a
    recording's: destroying `wrapped_key` makes any lingering copy unreadable.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="packages")
    kind = models.CharField(max_length=20, choices=PackageKind.choices, default=PackageKind.ACCESS)
    blob = models.CharField(max_length=200, blank=True)
    key_id = models.CharField(max_length=32, blank=True)
    wrapped_key = models.BinaryField(null=True)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    recordings_count = models.PositiveIntegerField(default=0)
    # Whose calls are inside: only a DPO of every one of these registers sees or withdraws the package.
    registers = models.ManyToManyField("registers.Register", related_name="+", blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    downloaded_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["deleted_at", "expires_at"], name="export_package_cleanup")]
        constraints = [
            # A reload or a double click must not mail the subject a second live link:
            # one undownloaded, undeleted package per request and kind (expired ones are deleted first).
            models.UniqueConstraint(
                fields=["request", "kind"],
                condition=Q(deleted_at__isnull=True, downloaded_at__isnull=True),
                name="export_package_one_live_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request.number} {self.get_kind_display()}"

    @staticmethod
    def hash_token(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def key_context(self) -> bytes:
        return self.public_id.bytes

    @property
    def filename(self) -> str:
        return f"{self.request.number}-{self.kind}.zip"

    @property
    def state(self) -> str:
        if self.deleted_at:
            return "deleted"
        if self.downloaded_at:
            return "downloaded"
        if self.expires_at <= timezone.now():
            return "expired"
        return "available"

    @property
    def is_available(self) -> bool:
        return self.state == "available"

    @property
    def is_withdrawn(self) -> bool:
        """Deleted before it was downloaded or expired: the DPO revoked it, or a recording in it was deleted."""
        return bool(self.deleted_at and not self.downloaded_at and self.deleted_at < self.expires_at)


class ExportPackageRecording(models.Model):
    """A recording a package holds a copy of, so erasing or purging the recording revokes the package.

    Kept by public id, not as a foreign key: the recording's row is deleted
    while the package (or a restored copy of it) may still exist.
    """

    package = models.ForeignKey(ExportPackage, on_delete=models.CASCADE, related_name="contents")
    recording_public_id = models.UUIDField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["package", "recording_public_id"], name="export_package_recording_once")
        ]

    def __str__(self) -> str:
        return f"{self.package_id}/{self.recording_public_id}"


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    EXTENSION = "extension", _("Extension notice")
    ACCESS = "access", _("Access cover letter")
    APPOINTMENT = "appointment", _("Listening appointment")
    DELIVERY = "delivery", _("Download link")
    ERASURE = "erasure", _("Erasure confirmation")
    DECISION = "decision", _("Decision")
    REFUSAL = "refusal", _("Refusal")


class Letter(models.Model):
    """A letter to the subject as it was sent, kept for the controller's accountability (art. 5(2))."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    language = models.CharField(max_length=2, choices=Language.choices)
    subject_line = models.CharField(max_length=300)
    body = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request.number} {self.get_kind_display()}"

    @property
    def filename_stem(self) -> str:
        return f"{self.request.number}-{self.kind}-{self.pk}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ProcessorTask(models.Model):
    """What a processor holding the register's data must do for a request (art. 28(3)(e))."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="processor_tasks")
    processor = models.ForeignKey("registers.Processor", on_delete=models.PROTECT, related_name="subject_tasks")
    action = models.CharField(max_length=20, choices=RequestRight.choices)
    status = models.CharField(max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    due_on = models.DateField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "processor", "action"], name="processor_task_once"),
            models.CheckConstraint(
                condition=Q(status=TaskStatus.OPEN) | (Q(completed_at__isnull=False) & Q(completed_by__isnull=False)),
                name="processor_task_completed_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.number} {self.processor.name} {self.get_action_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN


# The DPO's tools keep their tables in a module of their own; imported last, they build on the above.
from .dpo_tools import (  # noqa: E402, F401
    ApprovalReminder,
    DeadlineReminder,
    ErasureProposal,
    LetterTemplate,
    ProposalStatus,
)
