"""A register's second-approver rule cannot be switched off in the admin by the DPO it checks; the system
administrator can, and a DPO can switch it on."""

from __future__ import annotations

import re


def _setting_is_editable(client, register) -> bool:
    page = client.get(f"/admin/registers/register/{register.pk}/change/").content.decode()
    return bool(re.search(r'<input[^>]*name="erasure_needs_second_approver"', page))


def test_once_on_the_setting_is_read_only_for_the_dpo(personas, client):
    register = personas.register
    client.force_login(personas.dpo)
    assert _setting_is_editable(client, register)  # off: the DPO may ask for four eyes
    register.erasure_needs_second_approver = True
    register.save()
    assert not _setting_is_editable(client, register)
    client.force_login(personas.superuser)
    assert _setting_is_editable(client, register)
