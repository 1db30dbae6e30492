"""Business rules for data-subject requests, one module per right or stage of a request.

Every function that changes state writes an audit event whose reason is the
request number and whose details hold ids and counts only, never the
subject's personal data. Nothing about the subject's recordings leaves the
controller before their identity is verified (`common._require_verified`).
Irreversible steps (crypto-shredding) run one recording at a time, each
committed on its own, so an interruption leaves every recording either intact
or unreadable, and the match rows say which.

Callers import from here (`from subject_requests.services import request_receive`);
the modules are: intake, letters, review (search and review), access, packages
(export packages), erasure, restriction, rectification, decisions (the rights
answered by a reasoned decision), portability, processor_tasks and closing,
with the guards they share in common.
"""

from .access import (
    access_answer_without_recordings,
    appointment_close,
    appointment_playback,
    appointment_schedule,
    export_package_create,
)
from .closing import request_close, request_refuse
from .decisions import DECIDED_RIGHTS, right_decide
from .erasure import DEFAULT_HOLD_REFUSAL, HOLD_REFUSAL_REASONS, erasure_decide, erasure_default_refusal
from .intake import (
    MAX_EXTENSION_MONTHS,
    normalise_numbers,
    request_due_on,
    request_extend,
    request_receive,
    request_verify_identity,
    resolve_subject_agent,
)
from .letters import letter_resend, letter_write
from .packages import (
    DOWNLOAD_GRACE,
    LIVE_PACKAGE_MESSAGE,
    PACKAGE_AAD,
    PACKAGE_LINK_DAYS,
    RESUME_WINDOW,
    download_url,
    export_package_blobs_delete,
    export_package_claim,
    export_package_delete,
    export_package_for_resume,
    export_package_open,
    export_package_peek,
    export_package_replay_deletion,
    export_package_resumable,
    export_package_resume_key,
    export_package_revoke,
    export_packages_delete_expired,
    export_packages_revoke_holding,
)
from .portability import PORTABILITY_REFUSAL, PORTABLE_BASES, portability_answer
from .processor_tasks import processor_task_complete
from .rectification import RECTIFIABLE_FIELDS, rectification_apply
from .restriction import restriction_apply, restriction_lift
from .review import match_decide, matches_hold, matches_include_pending, request_search

__all__ = [
    "MAX_EXTENSION_MONTHS",
    "request_due_on",
    "normalise_numbers",
    "resolve_subject_agent",
    "request_receive",
    "request_verify_identity",
    "request_extend",
    "letter_write",
    "letter_resend",
    "request_search",
    "match_decide",
    "matches_include_pending",
    "matches_hold",
    "appointment_schedule",
    "appointment_playback",
    "appointment_close",
    "access_answer_without_recordings",
    "export_package_create",
    "PACKAGE_LINK_DAYS",
    "RESUME_WINDOW",
    "DOWNLOAD_GRACE",
    "PACKAGE_AAD",
    "download_url",
    "LIVE_PACKAGE_MESSAGE",
    "export_package_claim",
    "export_package_for_resume",
    "export_package_resumable",
    "export_package_resume_key",
    "export_package_peek",
    "export_package_open",
    "export_package_delete",
    "export_package_blobs_delete",
    "export_packages_revoke_holding",
    "export_package_replay_deletion",
    "export_package_revoke",
    "export_packages_delete_expired",
    "HOLD_REFUSAL_REASONS",
    "DEFAULT_HOLD_REFUSAL",
    "erasure_default_refusal",
    "erasure_decide",
    "restriction_apply",
    "restriction_lift",
    "RECTIFIABLE_FIELDS",
    "rectification_apply",
    "DECIDED_RIGHTS",
    "right_decide",
    "PORTABLE_BASES",
    "PORTABILITY_REFUSAL",
    "portability_answer",
    "processor_task_complete",
    "request_close",
    "request_refuse",
]
