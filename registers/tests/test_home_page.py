from django.urls import reverse


def _register_slugs(response) -> set[str]:
    return {r.slug for r in response.context["registers"]}


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_each_role_sees_the_register_it_holds_a_role_in(personas, client):
    for user in personas.by_role().values():
        client.force_login(user)
        response = client.get(reverse("home"))
        assert response.status_code == 200
        assert _register_slugs(response) == {"register-a"}, user.username
        assert "Rekisteri A" in response.content.decode()
        assert "Rekisteri B" not in response.content.decode()


def test_outsider_sees_only_their_own_controllers_register(personas, client):
    client.force_login(personas.outsider)
    assert _register_slugs(client.get(reverse("home"))) == {"register-b"}


def test_superuser_without_membership_sees_no_register(personas, client):
    client.force_login(personas.superuser)
    response = client.get(reverse("home"))
    assert _register_slugs(response) == set()


def test_only_dpo_and_auditor_are_offered_the_ropa_download(personas, client):
    for user, offered in [
        (personas.dpo, True),
        (personas.auditor, True),
        (personas.supervisor, False),
        (personas.agent, False),
    ]:
        client.force_login(user)
        assert (reverse("ropa_csv") in client.get(reverse("home")).content.decode()) is offered, user.username
