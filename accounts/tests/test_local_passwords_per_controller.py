"""A controller's DPO switches local passwords off; its staff then sign in through the provider (break-glass aside)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts.models import ProviderIdentity, SignInPolicy
from audit.models import AuditEvent
from audit.registry import readable_filter
from registers.models import Membership, Role
from testkit import make_register

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _password_sign_in(client, user):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})


ISSUER = "https://login.example.fi/realms/a"


@pytest.fixture(autouse=True)
def _provider_configured(settings):
    settings.OIDC_ISSUER = ISSUER


def _switch_off(client, personas):
    # The DPO has signed in through the provider before: switching passwords off does not lock them out.
    ProviderIdentity.objects.get_or_create(user=personas.dpo, issuer=ISSUER, subject="dpo-a")
    client.force_login(personas.dpo)
    client.post(f"/controllers/{personas.register.controller_id}/sign-in/", {"action": "local"})
    client.logout()


def test_switched_off_local_passwords_refuse_the_controllers_staff(client, personas):
    _switch_off(client, personas)
    assert SignInPolicy.objects.get().local_sign_in is False
    event = AuditEvent.objects.get(action="sign_in_policy_change")
    assert event.actor_id == personas.dpo.pk and event.details == {"local_sign_in": False}
    # The controller's auditors read it on the audit page; another controller's DPO does not.
    assert AuditEvent.objects.filter(readable_filter(personas.auditor), pk=event.pk).exists()
    assert not AuditEvent.objects.filter(readable_filter(personas.outsider), pk=event.pk).exists()

    response = _password_sign_in(client, personas.supervisor)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "own sign-in service" in response.content.decode() or "kirjautumispalvelu" in response.content.decode()
    refused = AuditEvent.objects.get(action="sign_in_refused")
    assert refused.details == {"method": "password", "reason": "local_off"}


def test_break_glass_accounts_still_sign_in_with_a_password(client, personas):
    _switch_off(client, personas)
    assert _password_sign_in(client, personas.superuser).status_code == 302
    client.logout()
    Group.objects.get_or_create(name="break-glass")[0].user_set.add(personas.supervisor)
    assert _password_sign_in(client, personas.supervisor).status_code == 302


def test_a_role_in_a_controller_that_still_allows_passwords_does_not_open_the_switched_off_one(client, personas):
    _switch_off(client, personas)
    elsewhere = make_register(slug="register-c", name="Rekisteri C")
    Membership.objects.create(user=personas.supervisor, register=elsewhere, role=Role.SUPERVISOR)
    response = _password_sign_in(client, personas.supervisor)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    # Other controllers' staff are untouched.
    assert _password_sign_in(client, personas.outsider).status_code == 302


def test_the_admin_login_refuses_a_switched_off_password_too(client, personas):
    _switch_off(client, personas)
    personas.supervisor.is_staff = True
    personas.supervisor.save()
    data = {"username": personas.supervisor.username, "password": PASSWORD, "next": "/admin/"}
    response = client.post("/admin/login/", data)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert AuditEvent.objects.get(action="sign_in_refused").details == {"method": "password", "reason": "local_off"}
    assert client.get("/registers/register-a/recordings/").status_code == 302
    # A break-glass account still reaches the admin.
    assert client.post("/admin/login/", {**data, "username": personas.superuser.username}).status_code == 302


def test_a_switched_off_password_still_counts_towards_the_lockout(client, personas, settings):
    from axes.models import AccessAttempt

    _switch_off(client, personas)
    _password_sign_in(client, personas.supervisor)
    assert AccessAttempt.objects.filter(username=personas.supervisor.username).exists()


def test_passwords_stay_on_while_no_identity_provider_is_configured(client, personas, settings):
    """Switching passwords off with no provider set up would leave every member of staff without a way in."""
    settings.OIDC_ISSUER = ""
    client.force_login(personas.dpo)
    response = client.post(f"/controllers/{personas.register.controller_id}/sign-in/", {"action": "local"}, follow=True)
    assert SignInPolicy.objects.filter(local_sign_in=False).count() == 0
    assert not AuditEvent.objects.filter(action="sign_in_policy_change").exists()
    text = response.content.decode()
    assert "not configured" in text or "ei ole otettu käyttöön" in text


def test_a_dpo_who_never_signed_in_through_the_provider_cannot_lock_themselves_out(client, personas):
    client.force_login(personas.dpo)
    response = client.post(f"/controllers/{personas.register.controller_id}/sign-in/", {"action": "local"}, follow=True)
    assert SignInPolicy.objects.filter(local_sign_in=False).count() == 0
    text = response.content.decode()
    assert "sign in through the identity provider once" in text or "kerran tunnistautumispalvelun" in text
