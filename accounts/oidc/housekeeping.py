"""The daily clean-up of access the provider granted: roles of users the provider has not vouched for in a while,
and the records of provider sessions that have ended.

A group's roles follow the provider only at sign-in. Someone taken out of a group who never signs in again
would keep a group-granted membership for ever; after OIDC_STALE_GRANT_DAYS without a provider sign-in those
memberships go (hand-granted ones stay), each an audited role change of its register.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from audit.services import audit_record

from ..models import GroupGrant, ProviderIdentity, ProviderSession

ACTOR_LABEL = "scheduled sign-in clean-up"


@transaction.atomic
def stale_group_grants_remove(now=None) -> int:
    """Remove the group-granted memberships of users without a provider sign-in for OIDC_STALE_GRANT_DAYS."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.OIDC_STALE_GRANT_DAYS)
    recent = ProviderIdentity.objects.filter(
        Q(last_sign_in_at__gte=cutoff) | Q(last_sign_in_at__isnull=True, created_at__gte=cutoff)
    ).values("user_id")
    stale = ProviderIdentity.objects.exclude(user_id__in=recent)
    identity_of = {i.user_id: i for i in stale}
    grants = (
        GroupGrant.objects.select_for_update(of=("self",))
        .filter(membership__user_id__in=identity_of)
        .select_related("membership__register")
    )
    removed = 0
    for grant in grants:
        membership, identity = grant.membership, identity_of[grant.membership.user_id]
        audit_record(
            action="role_change",
            actor_label=ACTOR_LABEL,
            register=membership.register,
            obj=membership,
            details={
                "issuer": identity.issuer,
                "subject": identity.subject,
                "source": "stale",
                "revoked": membership.role,
                "group": grant.group,
            },
        )
        membership.delete()
        removed += 1
    return removed


def ended_provider_sessions_prune() -> int:
    """Delete the ProviderSession rows whose session has ended (signed out, expired, cleared)."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    ended = [
        row.pk
        for row in ProviderSession.objects.only("pk", "session_key").iterator()
        if not store(session_key=row.session_key).load()
    ]
    ProviderSession.objects.filter(pk__in=ended).delete()
    return len(ended)
