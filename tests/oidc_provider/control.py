"""Changes to the test provider's data, run as `python -m tests.oidc_provider.control <command> <json>`.

Commands: key {"pem"}, client {"client_id", "secret", "redirect_uris"}, user {"username", "password", "groups"},
groups {"username", "groups"}.
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from oidc_provider.models import Client, ResponseType, RSAKey  # noqa: E402


def key(pem):
    RSAKey.objects.all().delete()
    RSAKey.objects.create(key=pem)


def client(client_id, secret, redirect_uris):
    c, _ = Client.objects.update_or_create(
        client_id=client_id,
        defaults={
            "name": "Puhelutallenteet",
            "client_type": "confidential",
            "client_secret": secret,
            "jwt_alg": "RS256",
            "require_consent": False,
            "reuse_consent": True,
        },
    )
    c.redirect_uris = redirect_uris
    c.scope = ["openid", "email", "profile"]
    c.save()
    c.response_types.set([ResponseType.objects.get(value="code")])


def set_groups(username, groups):
    user = User.objects.get(username=username)
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])


def user(username, password, groups):
    u, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.fi"})
    u.set_password(password)
    u.save()
    set_groups(username, groups)


if __name__ == "__main__":
    command, arguments = sys.argv[1], json.loads(sys.argv[2])
    {"key": key, "client": client, "user": user, "groups": set_groups}[command](**arguments)
