"""The append-only, hash-chained audit log.

Events keep plain ids and labels rather than foreign keys: the log must
outlive the users, registers and recordings it speaks of, and a cascade or a
SET NULL would be an UPDATE, which the PostgreSQL trigger refuses.
"""

from __future__ import annotations

import hashlib
import json

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    PLAY = "play", _("played a recording")
    DOWNLOAD = "download", _("downloaded a recording")
    INGEST = "ingest", _("stored a recording")
    EXPORT = "export", _("exported data")
    REPORT_VIEW = "report_view", _("viewed a report")
    ROPA_EXPORT = "ropa_export", _("exported the record of processing activities")
    REGISTER_CHANGE = "register_change", _("changed a register")
    RETENTION_RULE_CHANGE = "retention_rule_change", _("changed a retention rule")
    ROLE_CHANGE = "role_change", _("changed a role")
    TOKEN_CREATE = "token_create", _("created an ingest token")
    TOKEN_REVOKE = "token_revoke", _("revoked an ingest token")
    KEY_ROTATION = "key_rotation", _("rotated the key ring")
    HOLD_PLACE = "hold_place", _("placed a legal hold")
    HOLD_RELEASE = "hold_release", _("released a legal hold")
    BULK_HOLD = "bulk_hold", _("placed a legal hold on several calls at once")
    PURGE_BATCH = "purge_batch", _("purged expired recordings")
    RETENTION_EVENT = "retention_event", _("recorded a retention event")
    REQUEST_INTAKE = "request_intake", _("received a data-subject request")
    REQUEST_CHANGE = "request_change", _("changed a data-subject request")
    REQUEST_DECISION = "request_decision", _("decided a data-subject request")
    ERASURE = "erasure", _("erased recordings")
    RESTRICTION = "restriction", _("restricted processing")
    RECTIFICATION = "rectification", _("rectified data")
    BACKUP = "backup", _("made a backup")
    BACKUP_PRUNE = "backup_prune", _("deleted backups past their retention")
    BACKUP_CLEANUP = "backup_cleanup", _("removed what an unfinished backup left")
    RESTORE = "restore", _("restored a backup")
    JOURNAL_REPAIR = "journal_repair", _("repaired the deletion journal")
    LOGIN_2FA = "otp_device", _("changed a two-factor device")
    STORAGE_RECONCILE = "storage_reconcile", _("removed orphan blobs from storage")
    SSO_SIGN_IN = "sso_sign_in", _("signed in through the identity provider")
    SSO_LOGOUT = "sso_logout", _("was signed out by the identity provider")
    SIGN_IN_REFUSED = "sign_in_refused", _("was refused sign-in")
    GROUP_MAPPING_CHANGE = "group_mapping_change", _("changed which group grants a role")
    SIGN_IN_POLICY_CHANGE = "sign_in_policy_change", _("changed how staff sign in")
    CONNECTOR_CHANGE = "connector_change", _("changed a connector")
    CONNECTOR_RUN = "connector_run", _("took calls through a connector")
    CONNECTOR_RUN_REQUEST = "connector_run_request", _("asked a connector to run now")


class AuditEvent(models.Model):
    sequence = models.BigIntegerField(_("sequence"), unique=True, editable=False)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices, db_index=True)
    register_id = models.BigIntegerField(_("register id"), null=True, blank=True, db_index=True)
    register_slug = models.CharField(_("register"), max_length=80, blank=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    reason = models.TextField(_("reason or reference"), blank=True)
    client_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.created_at:%Y-%m-%d %H:%M:%S}"

    def canonical(self) -> bytes:
        """The bytes the hash covers: every field but the hash itself, in a fixed form."""
        payload = {
            "sequence": self.sequence,
            "created_at": self.created_at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "register_id": self.register_id,
            "register_slug": self.register_slug,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "reason": self.reason,
            "client_address": self.client_address,
            "details": self.details,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


class AuditChainHead(models.Model):
    """One row: the last event's sequence number and hash. Appends lock it so two writers never fork the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_singleton")]

    def __str__(self) -> str:
        return f"audit chain head at {self.last_sequence}"
