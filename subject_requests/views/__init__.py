"""The DPO's pages for data-subject requests, one module per stage as in services, and the subject's download page.

Every request page is for users who are DPO somewhere and shows only requests
of controllers where they are DPO; anyone else gets 404. URLs carry the
request number, never the subject's data. Every change is a POST that calls
one service and redirects back to the request: `common.request_action` writes
that shape once.
"""

from .access import (
    access_package,
    access_without_recordings,
    appointment_close,
    appointment_new,
    appointment_play,
    package_created,
    package_revoke,
)
from .closing import request_close, request_refuse
from .decisions import right_decide
from .download import package_download, package_file
from .erasure import erasure
from .intake import request_extend, request_new, request_verify
from .letters import letter_print, letter_resend, letter_text
from .overview import dashboard, request_detail
from .portability import portability
from .processor_tasks import task_complete
from .rectification import rectification
from .restriction import restriction_apply, restriction_lift
from .review import match_exclude, match_hold, match_include, matches_include_all, request_search

__all__ = [
    "access_package",
    "access_without_recordings",
    "appointment_close",
    "appointment_new",
    "appointment_play",
    "dashboard",
    "erasure",
    "letter_print",
    "letter_resend",
    "letter_text",
    "match_exclude",
    "match_hold",
    "match_include",
    "matches_include_all",
    "package_created",
    "package_download",
    "package_file",
    "package_revoke",
    "portability",
    "rectification",
    "request_close",
    "request_detail",
    "request_extend",
    "request_new",
    "request_refuse",
    "request_search",
    "request_verify",
    "restriction_apply",
    "restriction_lift",
    "right_decide",
    "task_complete",
]
