from django.urls import path

from . import api

urlpatterns = [
    path("registers/<slug:slug>/recordings/", api.upload_recording, name="api_recording_upload"),
    path("registers/<slug:slug>/recordings/<path:external_id>/", api.recording_metadata, name="api_recording"),
]
