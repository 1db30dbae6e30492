from celery import shared_task

from .oidc.housekeeping import ended_provider_sessions_prune, stale_group_grants_remove


@shared_task(name="accounts.tasks.stale_provider_access_remove")
def stale_provider_access_remove() -> dict:
    """Daily: group-granted roles of users not signed in through the provider for OIDC_STALE_GRANT_DAYS go, and the
    records of ended provider sessions."""
    return {"memberships_removed": stale_group_grants_remove(), "sessions_pruned": ended_provider_sessions_prune()}
