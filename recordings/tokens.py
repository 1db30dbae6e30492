"""Ingest tokens: issued and revoked by the register's IT administrator, from the web page or the commands.

Only a token's hash is stored; the token itself is shown once, when it is made.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from registers.models import Register

from .models import IngestToken


@transaction.atomic
def ingest_token_create(*, register: Register, name: str, actor=None, request=None) -> tuple[IngestToken, str]:
    token, raw = IngestToken.issue(register, name=name)
    audit_record(
        action="token_create",
        actor=actor,
        register=register,
        obj=token,
        request=request,
        details={"prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def ingest_token_revoke(*, token: IngestToken, actor=None, request=None) -> bool:
    """Revoke the token; False if it already was."""
    updated = IngestToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if updated:
        audit_record(
            action="token_revoke",
            actor=actor,
            register=token.register,
            obj=token,
            request=request,
            details={"prefix": token.prefix},
        )
    return bool(updated)
