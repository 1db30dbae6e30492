"""Signing in through the provider: the first sign-in makes the user, roles follow the groups at every sign-in."""

from __future__ import annotations

import pytest

from accounts.models import GroupGrant, ProviderIdentity
from audit.models import AuditEvent
from registers.models import Membership, Role

from .sso import SUPERVISORS, sso, sso_sign_in  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


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
    assert revoked.details["source"] == "groups"


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
