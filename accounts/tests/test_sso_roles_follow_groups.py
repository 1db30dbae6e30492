"""Signing in through the provider: the first sign-in makes the user, roles follow the groups at every sign-in."""

from __future__ import annotations

import pytest

from accounts.models import GroupGrant, ProviderIdentity, ProviderSession
from audit.models import AuditEvent
from registers.models import Membership, Role

from .sso import SUPERVISORS, sso, sso_sign_in  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
LIST = "/registers/register-a/recordings/"


def test_first_sign_in_makes_the_user_with_the_mapped_role(client, sso):  # noqa: F811
    sso.add_user("maija", [SUPERVISORS])
    response = sso_sign_in(client, sso, "maija")
    assert response.status_code == 302
    identity = ProviderIdentity.objects.get(issuer=sso.issuer)
    user = identity.user
    assert user.username == "maija"
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.SUPERVISOR and hasattr(membership, "group_grant")
    assert client.get("/registers/register-a/recordings/").status_code == 200
    sign_in = AuditEvent.objects.get(action="sso_sign_in")
    assert sign_in.details["subject"] == identity.subject and sign_in.details["roles_granted"] == 1
    granted = AuditEvent.objects.get(action="role_change", details__granted=Role.SUPERVISOR)
    assert granted.details["group"] == SUPERVISORS and granted.register_slug == "register-a"
    assert "token" not in str(sign_in.details).lower()


def test_taken_out_of_the_group_loses_the_role_at_the_next_sign_in(client, sso, personas):  # noqa: F811
    sso.add_user("matti", [SUPERVISORS])
    sso_sign_in(client, sso, "matti")
    user = ProviderIdentity.objects.get(issuer=sso.issuer).user
    # A hand-granted role (break-glass) is never taken by a sign-in.
    Membership.objects.create(user=user, register=personas.sibling_register, role=Role.AUDITOR)
    client.logout()
    sso.set_groups("matti", [])
    assert sso_sign_in(client, sso, "matti").status_code == 302
    assert list(Membership.objects.filter(user=user).values_list("register__slug", "role")) == [
        ("register-a2", Role.AUDITOR)
    ]
    assert not GroupGrant.objects.exists()
    assert client.get("/registers/register-a/recordings/").status_code == 404
    revoked = AuditEvent.objects.get(action="role_change", details__revoked=Role.SUPERVISOR)
    assert revoked.details["source"] == "groups" and revoked.details["group"] == SUPERVISORS


def test_a_local_user_of_the_same_name_is_never_taken_over(client, sso, personas):  # noqa: F811
    sso.add_user("supervisor-a", [SUPERVISORS])
    sso_sign_in(client, sso, "supervisor-a")
    # supervisor-a is a local user already, but the provider's subject is matched, never the name: a new user.
    user = ProviderIdentity.objects.get(issuer=sso.issuer).user
    assert user != personas.supervisor
    assert user.username.startswith("sso-")


def test_a_user_switched_off_here_loses_the_open_session(client, sso):  # noqa: F811
    sso.add_user("maija", [SUPERVISORS])
    sso_sign_in(client, sso, "maija")
    user = ProviderIdentity.objects.get(issuer=sso.issuer).user
    user.is_active = False
    user.save()
    assert client.get("/registers/register-a/recordings/").status_code == 302
    client.logout()
    assert sso_sign_in(client, sso, "maija").status_code == 403


def test_signing_in_again_while_signed_in_opens_a_fresh_session(client, sso):  # noqa: F811
    sso.add_user("maija", [SUPERVISORS])
    assert sso_sign_in(client, sso, "maija").status_code == 302
    first = client.session.session_key
    client.raise_request_exception = True
    assert sso_sign_in(client, sso, "maija").status_code == 302
    assert client.session.session_key != first
    assert list(ProviderSession.objects.values_list("session_key", flat=True)) == [client.session.session_key]
    assert AuditEvent.objects.filter(action="sso_sign_in").count() == 2
    assert client.get("/registers/register-a/recordings/").status_code == 200


def test_sign_in_events_are_read_by_the_controllers_dpo_and_auditor(client, sso, personas):  # noqa: F811
    from audit.registry import readable_filter

    sso.add_user("maija", [SUPERVISORS])
    sso_sign_in(client, sso, "maija")
    client.logout()
    sso.add_user("ulla", ["cleaning-staff"])
    sso_sign_in(client, sso, "ulla")
    signed_in = AuditEvent.objects.get(action="sso_sign_in")

    def reads(user, event) -> bool:
        scope = readable_filter(user)
        return scope is not None and AuditEvent.objects.filter(scope, pk=event.pk).exists()

    assert reads(personas.dpo, signed_in) and reads(personas.auditor, signed_in)
    assert not reads(personas.outsider, signed_in) and not reads(personas.agent, signed_in)
    # A refusal of someone with no role here names no controller: only the system administrator reads it.
    assert not reads(personas.dpo, AuditEvent.objects.get(action="sign_in_refused"))


def test_a_provider_session_ends_after_its_absolute_lifetime(client, sso, settings):  # noqa: F811
    from datetime import timedelta

    from django.utils import timezone

    settings.OIDC_SESSION_MAX_MINUTES = 60
    sso.add_user("maija", [SUPERVISORS])
    sso_sign_in(client, sso, "maija")
    assert client.get(LIST).status_code == 200
    session = client.session
    session["oidc_signed_in_at"] = (timezone.now() - timedelta(minutes=61)).timestamp()
    session.save()
    assert client.get(LIST).status_code == 302
    assert "_auth_user_id" not in client.session
    # Signing in again reads the groups afresh.
    sso.set_groups("maija", [])
    sso_sign_in(client, sso, "maija")
    assert client.get(LIST).status_code == 404


def test_group_roles_of_users_not_seen_for_long_are_removed(client, sso, personas, settings):  # noqa: F811
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from accounts.tasks import stale_provider_access_remove

    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "accounts.tasks.stale_provider_access_remove" in schedule
    settings.OIDC_STALE_GRANT_DAYS = 30
    sso.add_user("maija", [SUPERVISORS])
    sso_sign_in(client, sso, "maija")
    identity = ProviderIdentity.objects.get()
    hand = Membership.objects.create(user=identity.user, register=personas.sibling_register, role=Role.AUDITOR)
    assert stale_provider_access_remove() == {"memberships_removed": 0, "sessions_pruned": 0}
    Session.objects.all().delete()
    identity.last_sign_in_at = timezone.now() - timedelta(days=31)
    identity.save()
    assert stale_provider_access_remove() == {"memberships_removed": 1, "sessions_pruned": 1}
    assert list(Membership.objects.filter(user=identity.user)) == [hand]
    assert not ProviderSession.objects.exists()
    revoked = AuditEvent.objects.get(action="role_change", details__revoked=Role.SUPERVISOR)
    assert revoked.details["source"] == "stale" and revoked.details["group"] == SUPERVISORS
    assert revoked.register_slug == "register-a"
