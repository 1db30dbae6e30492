"""URLs of data-subject requests. Include inside i18n_patterns: path("", include("subject_requests.urls"))."""

from django.urls import path, register_converter

from . import views
from .views import deadlines as deadline_views
from .views import erasure_approval as erasure_approval_views
from .views import letter_templates as letter_template_views


class RequestNumberConverter:
    """SR-2026-0001: the only thing a request URL says about it."""

    regex = r"SR-\d{4}-\d{4,}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RequestNumberConverter, "request_number")

app_name = "subject_requests"

urlpatterns = [
    path("requests/", views.dashboard, name="dashboard"),
    path("requests/new/", views.request_new, name="new"),
    path("requests/deadlines/", deadline_views.deadlines, name="deadlines"),
    path("requests/letter-templates/", letter_template_views.letter_template_list, name="letter_templates"),
    path(
        "requests/letter-templates/<int:controller_id>/<str:letter_kind>/<str:letter_language>/",
        letter_template_views.letter_template_edit,
        name="letter_template",
    ),
    path("requests/<request_number:number>/", views.request_detail, name="detail"),
    path("requests/<request_number:number>/verify/", views.request_verify, name="verify"),
    path("requests/<request_number:number>/extend/", views.request_extend, name="extend"),
    path("requests/<request_number:number>/search/", views.request_search, name="search"),
    path("requests/<request_number:number>/matches/include-all/", views.matches_include_all, name="include_all"),
    path("requests/<request_number:number>/matches/hold-expiring/", views.match_hold, name="hold_expiring"),
    path("requests/<request_number:number>/matches/<int:match_id>/include/", views.match_include, name="include"),
    path("requests/<request_number:number>/matches/<int:match_id>/exclude/", views.match_exclude, name="exclude"),
    path("requests/<request_number:number>/matches/<int:match_id>/hold/", views.match_hold, name="hold"),
    path("requests/<request_number:number>/matches/<int:match_id>/lift/", views.restriction_lift, name="lift"),
    path("requests/<request_number:number>/matches/<int:match_id>/rectify/", views.rectification, name="rectify"),
    path("requests/<request_number:number>/matches/<int:match_id>/play/", views.appointment_play, name="play"),
    path("requests/<request_number:number>/access/package/", views.access_package, name="package"),
    path("requests/<request_number:number>/access/none-found/", views.access_without_recordings, name="access_none"),
    path("requests/<request_number:number>/access/appointment/", views.appointment_new, name="appointment"),
    path(
        "requests/<request_number:number>/appointments/<int:appointment_id>/close/",
        views.appointment_close,
        name="appointment_close",
    ),
    path("requests/<request_number:number>/packages/<int:package_id>/revoke/", views.package_revoke, name="revoke"),
    path(
        "requests/<request_number:number>/packages/<int:package_id>/created/",
        views.package_created,
        name="package_created",
    ),
    path("requests/<request_number:number>/erasure/", views.erasure, name="erasure"),
    path(
        "requests/<request_number:number>/erasure/proposals/<int:proposal_id>/approve/",
        erasure_approval_views.erasure_proposal_approve,
        name="erasure_approve",
    ),
    path(
        "requests/<request_number:number>/erasure/proposals/<int:proposal_id>/withdraw/",
        erasure_approval_views.erasure_proposal_withdraw,
        name="erasure_withdraw",
    ),
    path("requests/<request_number:number>/restriction/", views.restriction_apply, name="restrict"),
    path("requests/<request_number:number>/decision/", views.right_decide, name="decide"),
    path("requests/<request_number:number>/portability/", views.portability, name="portability"),
    path("requests/<request_number:number>/tasks/<int:task_id>/", views.task_complete, name="task"),
    path("requests/<request_number:number>/close/", views.request_close, name="close"),
    path("requests/<request_number:number>/refuse/", views.request_refuse, name="refuse"),
    path("requests/<request_number:number>/letters/<int:letter_id>/", views.letter_print, name="letter"),
    path("requests/<request_number:number>/letters/<int:letter_id>.txt", views.letter_text, name="letter_text"),
    path("requests/<request_number:number>/letters/<int:letter_id>/resend/", views.letter_resend, name="letter_resend"),
    path("exports/<str:token>/", views.package_download, name="package_download"),
    path("exports/<str:token>/file/", views.package_file, name="package_file"),
]
