"""The application's own error pages, even with DEBUG on."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


class FriendlyErrorPagesMiddleware:
    """With DEBUG on (as in the local demo), replace Django's debug 404 and 500 pages with the app's own.

    The debug pages list every URL pattern, setting and local variable: not for
    a demo others can reach. Without DEBUG, Django renders 404.html and 500.html
    itself; JSON and other non-HTML replies are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code in (404, 500)
            and not getattr(response, "app_error_page", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            template = "404.html" if response.status_code == 404 else "500.html"
            response = render(request, template, status=response.status_code)
            response.app_error_page = True
        return response
