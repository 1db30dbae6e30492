"""Recordings of calls and the tokens recorder integrations upload them with.

Audio never sits in the database or on disk in the clear: `original_blob` and
`rendition_blob` name encrypted blobs in storage, readable only with the data
key wrapped in `wrapped_key` (envelope encryption, see docs/vault-format.md).
Deleting `wrapped_key` is crypto-shredding: every copy of the blobs, backups
included, becomes unreadable.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registers.models import Register


def clock_duration(seconds: float) -> str:
    """A call's length as people read it: 5:00, 0:13, 1:02:05 (rounded to the second)."""
    whole = int(seconds + 0.5)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# probed container -> file name ending of a downloaded original
ORIGINAL_SUFFIXES = {"wav": ".wav", "mp3": ".mp3", "mp4": ".m4a", "flac": ".flac", "amr": ".amr"}


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")
    INTERNAL = "internal", _("Internal")


class RenditionStatus(models.TextChoices):
    PENDING = "pending", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Recording(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Indexed by recording_register_started (and the external id constraint), which lead with it:
    # a separate index would be one more to write at every ingest and shred.
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="recordings", db_index=False)
    external_id = models.CharField(_("call id"), max_length=200)
    # A keyed digest of the register and external_id (recordings.call_ids): the tombstone keeps it, and
    # ingest refuses the id of a deleted call. Empty only on rows stored without ingest (benchmarks' COPY).
    external_id_digest = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)

    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"))
    duration_seconds = models.FloatField(_("duration (s)"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    caller_number = models.CharField(_("caller"), max_length=20, blank=True)
    callee_number = models.CharField(_("callee"), max_length=20, blank=True)
    service_number = models.CharField(_("service number"), max_length=20, blank=True)
    service_line = models.ForeignKey(
        "registers.ServiceLine", on_delete=models.SET_NULL, null=True, blank=True, related_name="recordings"
    )
    agent = models.ForeignKey(  # indexed by recording_agent_started
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_calls",
        db_index=False,
    )
    agent_name = models.CharField(_("agent"), max_length=150, blank=True)

    # The original as received, kept for evidence.
    original_format = models.CharField(_("format"), max_length=60)
    codec = models.CharField(_("codec"), max_length=30)
    container = models.CharField(max_length=30)
    sample_rate = models.PositiveIntegerField(_("sample rate"))
    channels = models.PositiveSmallIntegerField(_("channels"))
    original_size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)  # evidence of the original; nothing looks a call up by it
    original_blob = models.CharField(max_length=200)

    # Envelope encryption: one data key per recording, wrapped by a key ring key.
    key_id = models.CharField(max_length=32)
    wrapped_key = models.BinaryField(null=True)

    # Browser rendition (Ogg Opus) and waveform, made by a Celery task.
    rendition_status = models.CharField(max_length=10, choices=RenditionStatus.choices, default=RenditionStatus.PENDING)
    rendition_error = models.CharField(max_length=300, blank=True)
    rendition_blob = models.CharField(max_length=200, blank=True)
    rendition_mime = models.CharField(max_length=60, blank=True)
    rendition_size = models.BigIntegerField(null=True, blank=True)
    waveform = models.JSONField(default=list, blank=True)
    # Silent stretches of the rendition as [[start, end], ...] seconds, for the player's "skip silence";
    # null for renditions made before they were measured (measured on first request).
    silences = models.JSONField(null=True, blank=True)

    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    # The register's retention_rule_version expires_at was computed under. An insert under an older one is
    # refused by a trigger (recording_expiry_rule_current), so no call slips past a rule change's recompute.
    expiry_rule_version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    restricted = models.BooleanField(_("restricted"), default=False)
    blob_missing_at = models.DateTimeField(
        _("audio found missing"), null=True, blank=True, help_text=_("Set by reconcile_storage when a blob is gone.")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["register", "external_id"], name="recording_external_id_per_register"),
            models.CheckConstraint(
                condition=Q(ended_at__gte=models.F("started_at")), name="recording_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(duration_seconds__gt=0), name="recording_duration_positive"),
        ]
        indexes = [
            # Keyset pagination of a register's list, newest first.
            models.Index(fields=["register", "-started_at", "-id"], name="recording_register_started"),
            models.Index(fields=["caller_number"], name="recording_caller"),
            models.Index(fields=["callee_number"], name="recording_callee"),
            models.Index(fields=["service_number"], name="recording_service_number"),
            models.Index(fields=["agent_name"], name="recording_agent_name"),
            # The purge walks expired rows in (expires_at, id) order.
            models.Index(fields=["expires_at", "id"], name="recording_expires_at"),
            models.Index(fields=["agent", "-started_at"], name="recording_agent_started"),
            # The retention page's "restricted, kept past their date": restricted calls are few, and without
            # this the count read every past call of the register (0.3 s with a million due).
            models.Index(fields=["register", "expires_at"], name="recording_restricted", condition=Q(restricted=True)),
        ]

    def __str__(self) -> str:
        return f"{self.register.slug}/{self.external_id}"

    @property
    def duration_clock(self) -> str:
        return clock_duration(self.duration_seconds)

    @property
    def original_suffix(self) -> str:
        """The file name ending of the original's format, so a downloaded copy opens in a player."""
        if self.container == "ogg":
            return ".opus" if self.codec == "opus" else ".ogg"
        return ORIGINAL_SUFFIXES.get(self.container, ".bin")

    @property
    def agent_display(self) -> str:
        """The agent as the pages name them: a linked user's full name, else the name the recorder sent."""
        if self.agent_id:
            return self.agent.get_full_name() or self.agent.get_username()
        return self.agent_name

    @property
    def is_playable(self) -> bool:
        return self.rendition_status == RenditionStatus.READY and bool(self.wrapped_key)

    @property
    def key_context(self) -> bytes:
        """Associated data binding the wrapped key and the blobs to this recording."""
        return self.public_id.bytes


class IngestTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class IngestToken(models.Model):
    """A recorder integration's credential for one register. Only a hash is stored."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="ingest_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12, help_text=_("The first characters, to tell tokens apart."))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = IngestTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("ingest token")

    def __str__(self) -> str:
        return f"{self.register.slug} {self.prefix}…"

    @staticmethod
    def hash(raw: str) -> str:
        # Tokens are 256-bit random strings, so a plain SHA-256 is enough (no
        # password stretching needed) and keeps each API request cheap.
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, register: Register, *, name: str = "") -> tuple[IngestToken, str]:
        raw = "rat_" + secrets.token_urlsafe(32)
        token = cls.objects.create(register=register, name=name, prefix=raw[:10], token_hash=cls.hash(raw))
        return token, raw


def browser_session_hash(session_key: str | None) -> str:
    """What a listening session keeps of the browser session it belongs to: a hash, never the key itself."""
    return hashlib.sha256(session_key.encode()).hexdigest() if session_key else ""


class ListeningGrantQuerySet(models.QuerySet):
    def open_for(self, user, recording, *, session_key: str | None = None) -> ListeningGrantQuerySet:
        """Open sessions of the user for the recording; with `session_key`, only the one browser session's."""
        grants = self.filter(user=user, recording=recording, expires_at__gt=timezone.now())
        if session_key is not None:
            grants = grants.filter(browser_session=browser_session_hash(session_key) or "-")
        return grants


class ListeningGrant(models.Model):
    """One user's listening session for one recording: opened by an audited listen that names its reason.

    Kept in the database rather than in the session blob: the session is saved
    at the end of every request, so a player's parallel Range requests would
    write back a copy read before the session was opened, and lose it. Every
    byte of audio served, downloads included, is inside one of these.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # SET_NULL lets the purge delete recordings with one UPDATE here, not Django's row-by-row collector;
    # a visible related name: the purge finds this relation through Recording._meta.related_objects.
    recording = models.ForeignKey(Recording, on_delete=models.SET_NULL, null=True, related_name="listening_grants")
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reason = models.TextField(blank=True)
    # The "play" event that opened the session. No database constraint: the
    # audit table stays free of references that would tie its maintenance to ours.
    audit_event = models.ForeignKey(
        "audit.AuditEvent", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    downloaded_at = models.DateTimeField(null=True, blank=True)
    # The browser session (login) that opened it, hashed: the audio plays in that browser only, so a
    # second browser of the same user opens, and the audit log records, a listening session of its own.
    browser_session = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = ListeningGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("listening session")
        indexes = [models.Index(fields=["user", "recording", "expires_at"], name="listening_grant_lookup")]

    def __str__(self) -> str:
        return f"listening {self.pk} until {self.expires_at:%Y-%m-%d %H:%M}"


class BlobsToDelete(models.Model):
    """A deleted recording's blobs, queued in the transaction that deleted its row (and with it its data key).

    From that commit on the audio is unreadable everywhere; the purge deletes
    the blobs after it, then this row. A run that is killed, or a storage
    outage, leaves the row for the next run, so no blob is orphaned. No
    personal data: the recording's public id, its register's id and two
    storage names.
    """

    recording_public_id = models.UUIDField(unique=True)
    register_id = models.BigIntegerField()
    original_blob = models.CharField(max_length=200, blank=True)
    rendition_blob = models.CharField(max_length=200, blank=True)
    queued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("blobs of a deleted recording")
        verbose_name_plural = _("blobs of deleted recordings")

    def __str__(self) -> str:
        return f"blobs of deleted recording {self.recording_public_id}"


class TombstoneReason(models.TextChoices):
    RETENTION = "retention", _("Retention period ended")
    ERASURE = "erasure", _("Erasure request")
    EVENT = "event", _("Retention event")


class Tombstone(models.Model):
    """What remains of a deleted recording: ids and why, no personal data."""

    recording_public_id = models.UUIDField(unique=True)
    register = models.ForeignKey("registers.Register", on_delete=models.PROTECT, related_name="tombstones")
    deleted_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=20, choices=TombstoneReason.choices)
    reference = models.CharField(max_length=100, blank=True, help_text=_("E.g. the request number."))
    # The recording's expiry, kept so lateness of the purge stays provable after the row is gone. It is a
    # date derived from the register's rule, not personal data. A database trigger fills it from the
    # recording on insert, so every path that writes tombstones (purge, erasure, interrupted shreds) does.
    expires_at = models.DateTimeField(null=True, blank=True)
    # The deleted call's external_id_digest (recordings.call_ids), never its id: ingest refuses the id again.
    # Filled from the recording like expires_at.
    external_id_digest = models.CharField(max_length=64, blank=True, default="", db_default="")

    class Meta:
        # Created by the retention app; the table keeps its name.
        db_table = "retention_tombstone"
        ordering = ["-deleted_at"]
        indexes = [
            models.Index(
                fields=["register", "external_id_digest"],
                name="tombstone_deleted_call_id",
                condition=~Q(external_id_digest=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.recording_public_id} ({self.reason})"


class SavedSearch(models.Model):
    """A user's named set of call-list filters in one register.

    Referenced in URLs by `public_id` only: the filters may hold a phone number,
    which must not reach browser history or access logs. Running one applies
    the user's reach at that moment, never the reach they had when saving it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=100)
    filters = models.JSONField(_("filters"), default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "register", "name"], name="saved_search_name_unique_per_user")
        ]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self) -> str:
        return self.name
