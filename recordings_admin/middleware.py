"""The application's own error pages, even with DEBUG on."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# The errors of a database that is down, restarting or dropped the connection (not a bad query).
DATABASE_OUTAGE_ERRORS = (OperationalError, InterfaceError)
OUTAGE_RETRY_AFTER_SECONDS = 30
# Headers of an answer that stay when the API turns it into JSON.
API_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Location", "Cache-Control")


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


def is_api_request(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _wants_json(request) -> bool:
    return is_api_request(request) or request.headers.get("Accept") == "application/json"


def database_outage_response(request):
    """503 with Retry-After: JSON for the API and the player's JSON requests, the app's own page elsewhere.

    The page extends nothing and reads no user or session: the database it would need is the one that is down.
    """
    if _wants_json(request):
        response = JsonResponse({"error": "the database is unavailable for a moment; try again shortly"}, status=503)
    else:
        # Without the request, so that no context processor reads the user or the session.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response.app_error_page = True
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _mark_database_outage(sender, request=None, **kwargs):
    """Django turns an error raised in a middleware (a session read, the login check) into a 500 and sends this
    signal while the error is being handled; the mark lets DatabaseOutageMiddleware answer 503 instead."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_OUTAGE_ERRORS):
        request.database_outage = _described(error)


got_request_exception.connect(_mark_database_outage, dispatch_uid="recordings_admin.database_outage")


def _described(error: BaseException) -> str:
    """The error's class and PostgreSQL's SQLSTATE (57P01 a shutdown, 08006 a lost connection, 40P01 a
    deadlock...): enough to tell an outage from a bug, never the message, which may name the server or values."""
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return f"{type(error).__name__} {sqlstate}" if sqlstate else type(error).__name__


class DatabaseOutageMiddleware:
    """A database that is down or restarting answers 503 with Retry-After on every page and API call, never a 500.

    A view's error arrives in process_exception; one raised by a middleware inside this one arrives as a 500
    marked by _mark_database_outage. Place it right after SecurityMiddleware, so that every middleware that
    reads the database runs inside it. Only the error's class is logged: its message may name the server.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "database_outage", None):
            logger.warning("database unavailable (%s): answered 503 to %s", request.database_outage, request.method)
            return database_outage_response(request)
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_OUTAGE_ERRORS):
            return None
        logger.warning("database unavailable (%s): answered 503 to %s", _described(exception), request.method)
        return database_outage_response(request)


class ApiAnswersJsonMiddleware:
    """Every answer under /api/ is JSON, {"error": ...} when it is not a success: a recorder's integration reads
    the error, and Django's own answers (405 for a method a view does not take, 404 for an unknown path, the
    500 page) are HTML. The status and the headers a client acts on (Allow, Retry-After, ...) stay."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not is_api_request(request)
            or response.streaming
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        answer = JsonResponse({"error": _api_error_message(response)}, status=response.status_code)
        for header in API_KEPT_HEADERS:
            if header in response:
                answer[header] = response[header]
        return answer


def _api_error_message(response) -> str:
    if response.status_code == 405:
        return f"method not allowed here; allowed: {response.get('Allow', 'none')}"
    if response.status_code == 404:
        return "no such API endpoint or object"
    if response.status_code >= 500:
        return "internal error; it has been logged, try again shortly"
    return response.reason_phrase.lower()
