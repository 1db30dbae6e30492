"""Only the register's own DPO opens its notice editor; everyone else is answered as if it did not exist."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from registers.models import Register
from registers.tests.notice_editing import notice_form_data


@pytest.mark.parametrize("who", ["outsider", "sibling_dpo", "supervisor", "agent", "it_admin", "auditor"])
@pytest.mark.parametrize("view", ["notice_edit", "notice_preview"])
def test_anyone_but_the_registers_dpo_gets_404(personas, client, who, view):
    client.force_login(getattr(personas, who))
    url = reverse(view, args=[personas.register.slug])
    data = {**notice_form_data(personas.register, purpose="Muutettu."), "save": "1"}
    assert client.post(url, data).status_code == 404
    if view == "notice_edit":
        assert client.get(url).status_code == 404
    assert Register.objects.get(pk=personas.register.pk).purpose != "Muutettu."
    assert not AuditEvent.objects.exists()


def test_a_dpo_of_another_controller_edits_their_own_register_only(personas, client):
    client.force_login(personas.outsider)
    assert client.get(reverse("notice_edit", args=[personas.other_register.slug])).status_code == 200
    assert client.get(reverse("notice_edit", args=[personas.register.slug])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(personas, client):
    response = client.get(reverse("notice_edit", args=[personas.register.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
