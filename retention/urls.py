from django.urls import path

from . import views

urlpatterns = [
    path("registers/<slug:slug>/retention/", views.retention_overview, name="retention_overview"),
    path("registers/<slug:slug>/retention/rule/", views.retention_rule_change, name="retention_rule_change"),
    path(
        "registers/<slug:slug>/retention/recompute/",
        views.retention_recompute_progress,
        name="retention_recompute_progress",
    ),
    path("registers/<slug:slug>/retention/events/", views.retention_event_create, name="retention_event_create"),
    path("retention/tasks/<int:pk>/done/", views.retention_task_done, name="retention_task_done"),
    path(
        "retention/rule-proposals/<int:pk>/approve/",
        views.retention_rule_proposal_approve,
        name="retention_rule_proposal_approve",
    ),
    path(
        "retention/rule-proposals/<int:pk>/withdraw/",
        views.retention_rule_proposal_withdraw,
        name="retention_rule_proposal_withdraw",
    ),
    path("recordings/<uuid:public_id>/holds/", views.hold_create, name="hold_create"),
    path("registers/<slug:slug>/recordings/hold/", views.hold_create_bulk, name="hold_create_bulk"),
    path("holds/<int:pk>/", views.hold_detail, name="hold_detail"),
    path("holds/<int:pk>/release/", views.hold_release, name="hold_release"),
]
