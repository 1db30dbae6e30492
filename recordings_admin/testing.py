"""Test helpers shared by every app: factories and the named personas.

Personas, in the manner of a story: at Controller A, `supervisor`, `agent`,
`it_admin`, `dpo` and `auditor` each hold one role in register A; `colleague`
is a second agent there. `outsider` is the supervisor and DPO of Controller B's
register, and must never see, hear or learn of anything at Controller A.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from registers.models import Controller, LegalBasis, Membership, Register, Role

_seq = itertools.count(1)



def make_controller(**overrides) -> Controller:
    n = next(_seq)
    from registers.validators import business_id_check_digit

    body = f"{9000000 + n:07d}"
    while business_id_check_digit(body) is None:
        n = next(_seq)
        body = f"{9000000 + n:07d}"
    defaults = dict(
        name=f"Testi Oy {n}",
        business_id=f"{body}-{business_id_check_digit(body)}",
        street_address="Testikatu 1",
        postal_code="00100",
        city="Helsinki",
        email=f"info{n}@example.fi",
    )
    defaults.update(overrides)
    return Controller.objects.create(**defaults)


def make_register(controller: Controller | None = None, **overrides) -> Register:
    n = next(_seq)
    defaults = dict(
        controller=controller or make_controller(),
        slug=f"register-{n}",
        name=f"Puhelutallenteet {n}",
        purpose="Asiakaspalvelun laadun varmistaminen.",
        legal_basis=LegalBasis.LEGITIMATE_INTERESTS,
        data_content="Puhelun sisältö ja aika.",
        data_sources="Soittajat.",
        security_measures="Salattu tallennus.",
        retention_value=12,
        retention_unit="months",
        retention_trigger="call_end",
    )
    defaults.update(overrides)
    return Register.objects.create(**defaults)


def make_user(username: str | None = None, **extra):
    User = get_user_model()
    username = username or f"user{next(_seq)}"
    user = User.objects.create_user(username=username, password="correct horse battery staple", **extra)
    return user


def grant(user, register: Register, role: str, **extra) -> Membership:
    return Membership.objects.create(user=user, register=register, role=role, **extra)


@dataclass
class Personas:
    register: Register
    other_register: Register
    supervisor: object
    agent: object
    colleague: object
    it_admin: object
    dpo: object
    auditor: object
    outsider: object
    superuser: object

    def by_role(self) -> dict[str, object]:
        return {
            Role.SUPERVISOR: self.supervisor,
            Role.AGENT: self.agent,
            Role.IT_ADMIN: self.it_admin,
            Role.DPO: self.dpo,
            Role.AUDITOR: self.auditor,
        }


def make_personas() -> Personas:
    register = make_register(slug="register-a", name="Rekisteri A")
    other = make_register(slug="register-b", name="Rekisteri B")
    people = {}
    for role in Role.values:
        user = make_user(f"{role.replace('_', '')}-a", is_staff=role == Role.DPO)
        grant(user, register, role, agent_identifier=f"{role}-ext" if role == Role.AGENT else "")
        people[role] = user
    colleague = make_user("colleague-a")
    grant(colleague, register, Role.AGENT)
    outsider = make_user("outsider-b", is_staff=True)
    grant(outsider, other, Role.SUPERVISOR)
    grant(outsider, other, Role.DPO)
    superuser = get_user_model().objects.create_superuser("root", "root@example.fi", "correct horse battery staple")
    return Personas(
        register=register,
        other_register=other,
        supervisor=people[Role.SUPERVISOR],
        agent=people[Role.AGENT],
        colleague=colleague,
        it_admin=people[Role.IT_ADMIN],
        dpo=people[Role.DPO],
        auditor=people[Role.AUDITOR],
        outsider=outsider,
        superuser=superuser,
    )
