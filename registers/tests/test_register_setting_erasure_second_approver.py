"""The register's “erasure needs a second approver” setting is edited with the register's other settings."""

from __future__ import annotations

from registers.models import Register


def test_the_setting_is_off_by_default_and_on_the_registers_settings_page(personas, client):
    assert Register.objects.get(pk=personas.register.pk).erasure_needs_second_approver is False
    client.force_login(personas.dpo)
    page = client.get(f"/admin/registers/register/{personas.register.pk}/change/")
    assert page.status_code == 200
    assert 'name="erasure_needs_second_approver"' in page.content.decode()
