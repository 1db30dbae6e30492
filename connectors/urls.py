from django.urls import path

from . import views

urlpatterns = [
    path("registers/<slug:slug>/connectors/", views.connector_list, name="connectors"),
    path("registers/<slug:slug>/connectors/new/", views.connector_edit, name="connector_new"),
    path("registers/<slug:slug>/connectors/<int:connector_id>/", views.connector_detail, name="connector_detail"),
    path("registers/<slug:slug>/connectors/<int:connector_id>/edit/", views.connector_edit, name="connector_edit"),
    path("registers/<slug:slug>/connectors/<int:connector_id>/run/", views.connector_run_now, name="connector_run"),
]
