"""The Celery application: broker and beat schedule come from Django settings."""

import os

from celery import Celery
from celery.signals import worker_init

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


@worker_init.connect
def _refuse_insecure_secret_key(**kwargs) -> None:
    # Workers sign audit anchors (with SECRET_KEY when no anchor key is set) and run no start-up checks.
    # Celery logs and ignores an Exception from a signal handler; SystemExit stops the worker.
    from django.core.exceptions import ImproperlyConfigured

    from accounts.checks import refuse_insecure_secret_key

    try:
        refuse_insecure_secret_key()
    except ImproperlyConfigured as exc:
        raise SystemExit(f"ImproperlyConfigured: {exc}") from None
