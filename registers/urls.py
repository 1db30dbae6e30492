from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/<slug:slug>/", views.privacy_notice, name="privacy_notice"),
    path("ropa.csv", views.ropa_csv, name="ropa_csv"),
    path("registers/<slug:slug>/audit/", views.register_audit_log, name="register_audit_log"),
    path("registers/<slug:slug>/notice/", views.notice_edit, name="notice_edit"),
    path("registers/<slug:slug>/notice/preview/", views.notice_preview, name="notice_preview"),
    path("registers/<slug:slug>/settings/", views.register_settings, name="register_settings"),
    path(
        "registers/<slug:slug>/settings/four-eyes-off/<int:pk>/approve/",
        views.four_eyes_off_approve,
        name="four_eyes_off_approve",
    ),
    path(
        "registers/<slug:slug>/settings/four-eyes-off/<int:pk>/withdraw/",
        views.four_eyes_off_withdraw,
        name="four_eyes_off_withdraw",
    ),
]
