"""Demo accounts so a newcomer can log in as every role right after `make run`.

The password is random per installation, kept in DATA_DIR/demo-password.txt
(never in the repository) and printed by the demo command.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from lib.files import create_once

from .models import Membership, Register, Role

# register slug -> short account prefix
DEMO_PREFIXES = {
    "onni-hoiva-puhelut": "onnihoiva",
    "pikkujatti-puhelut": "pikkujatti",
    "2m-it-tuki": "2mit",
    "phm-asiakaspalvelu": "phm",
    "onni-ja-hoiva-asiakkaat": "onnijahoiva",
}

# Given and family names for the demo accounts, one per account in register and role order.
DEMO_NAMES = [
    ("Aino", "Virtanen"),
    ("Matti", "Koskinen"),
    ("Riikka", "Salonen"),
    ("Tuomas", "Lindholm"),
    ("Kaisa", "Rantanen"),
    ("Jenni", "Laaksonen"),
    ("Antti", "Heinonen"),
    ("Satu", "Karjalainen"),
    ("Ville", "Turunen"),
    ("Minna", "Lehtinen"),
    ("Eero", "Saarinen"),
    ("Noora", "Peltonen"),
    ("Janne", "Mattila"),
    ("Outi", "Kinnunen"),
    ("Henrik", "Lindqvist"),
    ("Päivi", "Hakala"),
    ("Sami", "Räsänen"),
    ("Tiina", "Aaltonen"),
    ("Olli", "Honkanen"),
    ("Marjut", "Vainio"),
    ("Kalle", "Manninen"),
    ("Emilia", "Seppälä"),
    ("Jussi", "Kettunen"),
    ("Anu", "Hyvönen"),
    ("Lauri", "Leinonen"),
]


# The register whose deletions wait for a second DPO in the demo, and the second DPO's account there.
FOUR_EYES_REGISTER = "onni-hoiva-puhelut"
SECOND_DPO_NAME = ("Helena", "Wikström")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    register_slug: str


def demo_password(path: Path | None = None) -> str:
    path = path or Path(settings.DATA_DIR) / "demo-password.txt"
    if not path.exists():
        # Private from the moment it has its name, and one password however many processes start at once.
        create_once(path, f"demo-{secrets.token_urlsafe(9)}\n".encode())
    return path.read_text().strip()


@transaction.atomic
def demo_users_load(*, password: str) -> list[DemoAccount]:
    """One account per role per seed register, e.g. `pikkujatti.supervisor`. Idempotent."""
    User = get_user_model()
    accounts: list[DemoAccount] = []
    names = iter(DEMO_NAMES * 2)
    for register in Register.objects.filter(slug__in=DEMO_PREFIXES).order_by("pk"):
        prefix = DEMO_PREFIXES[register.slug]
        for role in Role.values:
            username = f"{prefix}.{role.replace('_', '')}"
            first_name, last_name = next(names)
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first_name, "last_name": last_name, "is_staff": role == Role.DPO},
            )
            if created or not user.check_password(password):
                user.set_password(password)
                user.save()
            Membership.objects.get_or_create(
                user=user,
                register=register,
                role=role,
                defaults={"agent_identifier": username if role == Role.AGENT else ""},
            )
            accounts.append(DemoAccount(username, role, register.slug))
        if register.slug == FOUR_EYES_REGISTER:
            accounts.append(_second_dpo(register, prefix, password))
    return accounts


def _second_dpo(register: Register, prefix: str, password: str) -> DemoAccount:
    """A second DPO, and four eyes on: each DPO's erasures and shorter rules wait for the other."""
    User = get_user_model()
    first_name, last_name = SECOND_DPO_NAME
    username = f"{prefix}.dpo2"
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name, "is_staff": True}
    )
    if created or not user.check_password(password):
        user.set_password(password)
        user.save()
    Membership.objects.get_or_create(user=user, register=register, role=Role.DPO)
    if not register.erasure_needs_second_approver:
        register.erasure_needs_second_approver = True
        register.save(update_fields=["erasure_needs_second_approver"])
    return DemoAccount(username, Role.DPO, register.slug)
