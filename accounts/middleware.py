from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404

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
