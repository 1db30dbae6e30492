"""Who may see and hear which recording: the role matrix, in one place.

| role       | list & metadata        | play                                  | download                 |
|------------|------------------------|---------------------------------------|--------------------------|
| supervisor | all calls of register  | yes, unless restricted                | if register allows role  |
| agent      | own calls only         | own calls, if the register allows it  | if register allows role  |
| it_admin   | all calls (metadata)   | no                                    | no                       |
| dpo        | all calls              | yes, with a request or hold reference | if register allows role  |
| auditor    | no                     | no                                    | no                       |

Every byte of audio, downloads included, is served inside a listening session
(`listening_grant_for`) opened by an audited listen that names its reason
where `listen_reason_required` asks for one.

A restricted recording (GDPR art. 18) plays for the DPO only, always with a reason. Anything outside
the user's registers is a 404; within a register, a call the user may not see
is a 404 too.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from registers.models import Membership, Register, Role
from registers.permissions import roles_for

from .models import ListeningGrant, Recording

LIST_ROLES = (Role.SUPERVISOR, Role.AGENT, Role.IT_ADMIN, Role.DPO)
PLAY_ROLES = (Role.SUPERVISOR, Role.AGENT, Role.DPO)
FULL_VIEW_ROLES = {Role.SUPERVISOR, Role.IT_ADMIN, Role.DPO}


def _agent_identifiers(user, register: Register) -> list[str]:
    """The names the recorder uses for this agent; kept on the user for the request, as roles_for keeps roles."""
    cache = user.__dict__.setdefault("_agent_identifiers_cache", {})
    if register.pk not in cache:
        cache[register.pk] = [
            i
            for i in Membership.objects.filter(user=user, register=register, role=Role.AGENT).values_list(
                "agent_identifier", flat=True
            )
            if i
        ]
    return cache[register.pk]


def _agent_filter(user, register: Register) -> Q:
    condition = Q(agent=user)
    identifiers = _agent_identifiers(user, register)
    if identifiers:
        condition |= Q(agent__isnull=True, agent_name__in=identifiers)
    return condition


def _is_own_call(user, recording: Recording) -> bool:
    """The Python twin of _agent_filter, for a recording already loaded."""
    if recording.agent_id is not None:
        return recording.agent_id == user.pk
    return bool(recording.agent_name) and recording.agent_name in _agent_identifiers(user, recording.register)


def recordings_visible_to(user, register: Register) -> QuerySet[Recording]:
    """The register's recordings this user may list and read the metadata of."""
    roles = roles_for(user, register)
    qs = Recording.objects.filter(register=register)
    if roles & FULL_VIEW_ROLES:
        return qs
    if Role.AGENT in roles:
        return qs.filter(_agent_filter(user, register))
    return qs.none()


def is_visible(user, recording: Recording) -> bool:
    """Whether recordings_visible_to(user, recording.register) holds this recording, without a query for most roles."""
    roles = roles_for(user, recording.register)
    if roles & FULL_VIEW_ROLES:
        return True
    return Role.AGENT in roles and _is_own_call(user, recording)


def can_list(user, register: Register) -> bool:
    return bool(roles_for(user, register) & set(LIST_ROLES))


def recording_for(user, public_id, *, streaming: bool = False) -> Recording:
    """The recording if this user may see it, else 404. `streaming` loads only what the audio view needs."""
    qs = Recording.objects.filter(public_id=public_id)
    if streaming:
        qs = qs.select_related("register").defer("waveform", "silences")
    else:
        qs = qs.select_related("register", "register__controller", "service_line", "agent")
    recording = next(iter(qs[:1]), None)
    if recording is None or not is_visible(user, recording):
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
        return _is_own_call(user, recording)
    return False


def can_download(user, recording: Recording) -> bool:
    allowed = set(recording.register.download_roles or [])
    return can_play(user, recording) and bool(roles_for(user, recording.register) & allowed)


def listen_reason_required(user, recording: Recording) -> bool:
    """The DPO always names a request or hold; others when the register asks for a reason.

    A restricted call (GDPR art. 18) may be processed only for the reasons the
    article lists, so it always needs one, whatever else the listener's roles
    or the register's setting would allow.
    """
    if recording.restricted:
        return True
    roles = roles_for(user, recording.register)
    if Role.DPO in roles and not roles & {Role.SUPERVISOR, Role.AGENT}:
        return True
    return recording.register.listen_reason_required


def listening_grant_for(request, recording: Recording) -> ListeningGrant | None:
    """The open listening session of this user in this browser for the recording: no audio byte is served outside one.

    A session opened in another browser of the same user does not count: that
    browser opens its own, with its own audit event.
    """
    if not request.user.is_authenticated or not request.session.session_key:
        return None
    grants = ListeningGrant.objects.open_for(request.user, recording, session_key=request.session.session_key)
    return grants.order_by("-expires_at").first()


def can_see_audit_trail(user, register: Register) -> bool:
    return bool(roles_for(user, register) & {Role.DPO, Role.AUDITOR})
