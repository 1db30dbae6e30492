"""Who may see and hear which recording: the role matrix, in one place.

| role       | list & metadata        | play                                  | download                 |
|------------|------------------------|---------------------------------------|--------------------------|
| supervisor | all calls of register  | yes, unless restricted                | if register allows role  |
| agent      | own calls only         | own calls, if the register allows it  | if register allows role  |
| it_admin   | all calls (metadata)   | no                                    | no                       |
| dpo        | all calls              | yes, with a request or hold reference | if register allows role  |
| auditor    | no                     | no                                    | no                       |

A restricted recording (GDPR art. 18) plays for the DPO only. Anything outside
the user's registers is a 404; within a register, a call the user may not see
is a 404 too.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from registers.models import Membership, Register, Role
from registers.permissions import roles_for

from .models import Recording

LIST_ROLES = (Role.SUPERVISOR, Role.AGENT, Role.IT_ADMIN, Role.DPO)
PLAY_ROLES = (Role.SUPERVISOR, Role.AGENT, Role.DPO)


def _agent_filter(user, register: Register) -> Q:
    identifiers = [
        i
        for i in Membership.objects.filter(user=user, register=register, role=Role.AGENT).values_list(
            "agent_identifier", flat=True
        )
        if i
    ]
    condition = Q(agent=user)
    if identifiers:
        condition |= Q(agent__isnull=True, agent_name__in=identifiers)
    return condition


def recordings_visible_to(user, register: Register) -> QuerySet[Recording]:
    """The register's recordings this user may list and read the metadata of."""
    roles = roles_for(user, register)
    qs = Recording.objects.filter(register=register)
    if roles & {Role.SUPERVISOR, Role.IT_ADMIN, Role.DPO}:
        return qs
    if Role.AGENT in roles:
        return qs.filter(_agent_filter(user, register))
    return qs.none()


def can_list(user, register: Register) -> bool:
    return bool(roles_for(user, register) & set(LIST_ROLES))


def recording_for(user, public_id) -> Recording:
    """The recording if this user may see it, else 404."""
    recording = (
        Recording.objects.select_related("register", "register__controller", "service_line", "agent")
        .filter(public_id=public_id)
        .first()
    )
    if recording is None or not recordings_visible_to(user, recording.register).filter(pk=recording.pk).exists():
        raise Http404
    return recording


def can_play(user, recording: Recording) -> bool:
    roles = roles_for(user, recording.register)
    if Role.DPO in roles:
        return True
    if recording.restricted:
        return False
    if Role.SUPERVISOR in roles:
        return True
    if Role.AGENT in roles and recording.register.agents_may_listen_own_calls:
        return recordings_visible_to(user, recording.register).filter(pk=recording.pk).exists()
    return False


def can_download(user, recording: Recording) -> bool:
    allowed = set(recording.register.download_roles or [])
    return can_play(user, recording) and bool(roles_for(user, recording.register) & allowed)


def listen_reason_required(user, recording: Recording) -> bool:
    """The DPO always names a request or hold; others when the register asks for a reason."""
    roles = roles_for(user, recording.register)
    if Role.DPO in roles and not roles & {Role.SUPERVISOR, Role.AGENT}:
        return True
    return recording.register.listen_reason_required


def can_see_audit_trail(user, register: Register) -> bool:
    return bool(roles_for(user, register) & {Role.DPO, Role.AUDITOR})
