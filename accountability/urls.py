from django.urls import path

from . import views

MONTH = "<str:month>"

urlpatterns = [
    path("accountability/", views.accountability_index, name="accountability_index"),
    path("accountability/reports/<int:pk>/verify/", views.report_verify, name="accountability_verify"),
    path("registers/<slug:slug>/accountability/", views.register_report_latest, name="accountability_register"),
    path(
        f"registers/<slug:slug>/accountability/{MONTH}/",
        views.register_report,
        name="accountability_register_report",
    ),
    path(
        f"registers/<slug:slug>/accountability/{MONTH}/<str:output>/",
        views.register_report,
        name="accountability_register_report_as",
    ),
    path(
        f"controllers/<int:pk>/accountability/{MONTH}/",
        views.controller_report,
        name="accountability_controller_report",
    ),
    path(
        f"controllers/<int:pk>/accountability/{MONTH}/<str:output>/",
        views.controller_report,
        name="accountability_controller_report_as",
    ),
]
