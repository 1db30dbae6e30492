"""A register's connectors: where its PBX already puts the calls, and what each run took or refused."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registers.models import Register


class ConnectorKind(models.TextChoices):
    FREEPBX = "freepbx", _("Asterisk / FreePBX recordings folder with its CDR")
    FOLDER = "folder", _("Drop folder with sidecars or a manifest")
    S3 = "s3", _("S3 prefix with sidecars or a manifest")


class Connector(models.Model):
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="connectors")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ConnectorKind.choices)
    enabled = models.BooleanField(_("runs on schedule"), default=True)
    # A folder on this server (FREEPBX: the monitor folder; FOLDER: the drop folder), inside CONNECTOR_ROOTS.
    path = models.CharField(_("folder"), max_length=500, blank=True)
    cdr_csv_path = models.CharField(_("Master.csv"), max_length=500, blank=True)
    # Or the CDR table of a PostgreSQL database (Asterisk's cdr_pgsql): the name of an environment variable holding
    # a read-only URL, never the URL itself.
    cdr_database_env = models.CharField(_("CDR database variable"), max_length=100, blank=True)
    cdr_timezone = models.CharField(_("CDR time zone"), max_length=60, default="Europe/Helsinki")
    s3_endpoint_url = models.CharField(_("S3 endpoint"), max_length=300, blank=True)
    s3_bucket = models.CharField(_("S3 bucket"), max_length=100, blank=True)
    s3_prefix = models.CharField(_("S3 prefix"), max_length=300, blank=True)
    # Names of environment variables, never the secrets themselves (CONNECTOR_ENV_PREFIX keeps other secrets out).
    s3_access_key_env = models.CharField(_("access key variable"), max_length=100, blank=True)
    s3_secret_key_env = models.CharField(_("secret key variable"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    run_requested_at = models.DateTimeField(null=True, blank=True)
    last_run_started_at = models.DateTimeField(null=True, blank=True)
    last_run_finished_at = models.DateTimeField(null=True, blank=True)
    last_run_taken = models.PositiveIntegerField(default=0)
    last_run_refused = models.PositiveIntegerField(default=0)
    last_run_waiting = models.PositiveIntegerField(default=0)
    last_run_error = models.CharField(max_length=500, blank=True)
    calls_taken = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["register__name", "name"]
        constraints = [models.UniqueConstraint(fields=["register", "name"], name="connector_name_unique_per_register")]
        verbose_name = _("connector")
        verbose_name_plural = _("connectors")

    def __str__(self) -> str:
        return self.name

    @property
    def actor_label(self) -> str:
        """How the audit log names what the connector stores (the upload API says "token <prefix>")."""
        return f"connector {self.pk} {self.name}"[:150]


class FileState(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    TAKEN = "taken", _("Taken")
    QUARANTINED = "quarantined", _("Refused")


class ConnectorFile(models.Model):
    """One file a connector has seen: taken once, refused with its reason, or waiting (for its CDR row)."""

    connector = models.ForeignKey(Connector, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=500)
    state = models.CharField(max_length=20, choices=FileState.choices)
    reason = models.CharField(max_length=500, blank=True)
    first_seen_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    recording_public_id = models.UUIDField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["connector", "name"], name="connector_file_once")]
        indexes = [models.Index(fields=["connector", "state", "-handled_at"], name="connector_file_state_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"
