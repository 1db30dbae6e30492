"""
ASGI config for recordings_admin project.

It exposes the ASGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/asgi/
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recordings_admin.settings")

application = get_asgi_application()

# Servers run no system checks: refuse the public default SECRET_KEY here too.
from accounts.checks import refuse_insecure_secret_key  # noqa: E402

refuse_insecure_secret_key()
