"""The controller's page mapping provider groups to register roles: DPOs map any role, IT admins only theirs."""

from __future__ import annotations

import pytest

from accounts.models import GroupRoleMapping
from audit.models import AuditEvent
from registers.models import Role

pytestmark = pytest.mark.django_db


def _url(personas) -> str:
    return f"/controllers/{personas.register.controller_id}/sign-in/"


def test_dpo_maps_a_group_to_a_role_and_removes_it_audited(client, personas):
    client.force_login(personas.dpo)
    page = client.get(_url(personas))
    assert page.status_code == 200 and b"add-mapping" in page.content
    data = {"action": "add", "group": " callcentre ", "register": personas.register.pk, "role": Role.SUPERVISOR}
    assert client.post(_url(personas), data).status_code == 302
    mapping = GroupRoleMapping.objects.get()
    assert (mapping.group, mapping.role, mapping.created_by) == ("callcentre", Role.SUPERVISOR, personas.dpo)
    added = AuditEvent.objects.get(action="group_mapping_change")
    assert added.actor_id == personas.dpo.pk and added.register_slug == "register-a"
    assert added.details == {"added": {"group": "callcentre", "role": Role.SUPERVISOR}}

    client.post(_url(personas), {"action": "remove", "mapping": mapping.pk})
    assert not GroupRoleMapping.objects.exists()
    removed = AuditEvent.objects.filter(action="group_mapping_change").latest("id")
    assert removed.details == {"removed": {"group": "callcentre", "role": Role.SUPERVISOR}}


def test_it_admin_maps_only_the_it_admin_role(client, personas):
    client.force_login(personas.it_admin)
    data = {"action": "add", "group": "it", "register": personas.register.pk, "role": Role.SUPERVISOR}
    page = client.post(_url(personas), data)
    assert page.status_code == 200 and b"errorlist" in page.content
    assert not GroupRoleMapping.objects.exists()
    client.post(_url(personas), {**data, "role": Role.IT_ADMIN})
    assert GroupRoleMapping.objects.get().role == Role.IT_ADMIN

    listening = GroupRoleMapping.objects.create(register=personas.register, group="sup", role=Role.SUPERVISOR)
    assert client.post(_url(personas), {"action": "remove", "mapping": listening.pk}).status_code == 404
    assert GroupRoleMapping.objects.filter(pk=listening.pk).exists()
    # Nor may an IT admin switch local passwords off.
    client.post(_url(personas), {"action": "local"})
    assert not AuditEvent.objects.filter(action="sign_in_policy_change").exists()


@pytest.mark.parametrize("who", ["supervisor", "agent", "auditor", "outsider", "superuser"])
def test_others_do_not_see_the_page(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(_url(personas)).status_code == 404


def test_a_dpo_of_another_controller_cannot_map_into_this_one(client, personas):
    client.force_login(personas.outsider)
    data = {"action": "add", "group": "x", "register": personas.register.pk, "role": Role.DPO}
    client.post(f"/controllers/{personas.other_register.controller_id}/sign-in/", data)
    assert not GroupRoleMapping.objects.filter(register=personas.register).exists()


def test_nobody_maps_a_group_to_the_dpo_role_on_the_page(client, personas):
    client.force_login(personas.dpo)
    page = client.get(_url(personas))
    assert f'value="{Role.DPO}"'.encode() not in page.content
    data = {"action": "add", "group": "friends", "register": personas.register.pk, "role": Role.DPO}
    assert client.post(_url(personas), data).status_code == 200
    assert not GroupRoleMapping.objects.exists()


def test_a_dpo_mapping_made_earlier_grants_nothing(client, personas):
    from accounts.oidc.roles import desired_roles

    GroupRoleMapping.objects.create(register=personas.register, group="friends", role=Role.DPO)
    assert desired_roles({"friends"}) == {}
