"""The Celery application: broker and beat schedule come from Django settings."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recordings_admin.settings")

app = Celery("recordings_admin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _prepare_filesystem_broker() -> None:
    """kombu's filesystem transport needs its folders; the embedded default makes them on first use."""
    from django.conf import settings

    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)


try:
    _prepare_filesystem_broker()
except Exception:  # noqa: BLE001 - settings not configured yet (e.g. celery --help); the worker retries
    pass
