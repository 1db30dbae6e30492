"""The Celery application: broker and beat schedule come from Django settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recordings_admin.settings")

app = Celery("recordings_admin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
