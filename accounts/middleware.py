import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404

from .oidc.config import SIGNED_IN_AT
from .twofactor import two_factor_required

# Views reachable before the second factor: logging in and out, the
# two-factor pages, public privacy notices, language switching and export
# package downloads (their own single-use link). The machine-to-machine API
# (token-authenticated) is open by its prefix.
OPEN_VIEWS = {
    "login",
    "logout",
    "two_factor_verify",
    "two_factor_enrol",
    "privacy_notice",
    "set_language",
    "package_download",
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "oidc_backchannel_logout",
}
OPEN_PREFIXES = ("/static/", "/api/")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._open(request):
            if two_factor_required(user):
                return redirect(f"{reverse('two_factor_verify')}?next={request.path}")
        return self.get_response(request)

    def _open(self, request) -> bool:
        if request.path.startswith(OPEN_PREFIXES):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True
        return match.url_name in OPEN_VIEWS


class IdleSessionMiddleware:
    """Sessions end after SESSION_COOKIE_AGE without a request: the expiry moves on at most once a minute.

    Saving the session with every request (SESSION_SAVE_EVERY_REQUEST) wrote and
    committed its row for every page, every audio Range request and every
    player poll. Here a request marks the session changed only when its last
    refresh is a minute old or more, so an idle session ends between
    SESSION_COOKIE_AGE minus a minute and SESSION_COOKIE_AGE after the last
    request. Requests without a session (the API, a logged-out visitor) are
    left alone. Place it right after SessionMiddleware.
    """

    KEY = "_refreshed"
    EVERY = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.EVERY:
                session[self.KEY] = now
        return response


class ProviderSessionLifetimeMiddleware:
    """A session opened through the identity provider ends OIDC_SESSION_MAX_MINUTES after that sign-in, busy or not.

    The idle timeout slides with every request, and roles follow the provider's groups only at sign-in: without an
    end, someone taken out of a group would keep its role for as long as they kept the session busy. Past the
    lifetime the user signs in again, which reads their groups afresh. Place it after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in_at = request.session.get(SIGNED_IN_AT)
        if signed_in_at is not None and time.time() - float(signed_in_at) > settings.OIDC_SESSION_MAX_MINUTES * 60:
            logout(request)
        return self.get_response(request)
