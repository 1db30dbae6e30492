from django.urls import path

from . import player_views, search_views, token_views, views

urlpatterns = [
    path("registers/<slug:slug>/recordings/", views.recording_list, name="recording_list"),
    path("registers/<slug:slug>/recordings/export/", search_views.recording_list_export, name="recording_list_export"),
    path("registers/<slug:slug>/searches/", search_views.saved_search_create, name="saved_search_create"),
    path("searches/<uuid:search_id>/", search_views.saved_search_run, name="saved_search_run"),
    path("searches/<uuid:search_id>/delete/", search_views.saved_search_delete, name="saved_search_delete"),
    path("recordings/<uuid:public_id>/", views.recording_detail, name="recording_detail"),
    path("recordings/<uuid:public_id>/listen/", views.recording_listen, name="recording_listen"),
    path("recordings/<uuid:public_id>/audio/", views.recording_audio, name="recording_audio"),
    path("recordings/<uuid:public_id>/silences/", player_views.recording_silences, name="recording_silences"),
    path("registers/<slug:slug>/tokens/", token_views.ingest_tokens, name="ingest_tokens"),
    path(
        "registers/<slug:slug>/tokens/<int:token_id>/revoke/",
        token_views.ingest_token_revoke_view,
        name="ingest_token_revoke",
    ),
]
