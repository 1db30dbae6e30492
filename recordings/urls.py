from django.urls import path

from . import views

urlpatterns = [
    path("registers/<slug:slug>/recordings/", views.recording_list, name="recording_list"),
]
