"""The admin site: for staff only, and for anyone else a page that does not exist.

Django's admin answers a signed-in user who is not staff with its own login
page, which tells them there is an admin to get into and invites them to try
other credentials there. Here they get the app's 404, as for any page outside
their roles; a visitor who is not signed in is still sent to log in.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404


class AppAdminSite(admin.AdminSite):
    def _refuse_signed_in_outsiders(self, request) -> None:
        if request.user.is_authenticated and not self.has_permission(request):
            raise Http404

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def staff_only(request, *args, **kwargs):
            self._refuse_signed_in_outsiders(request)
            return inner(request, *args, **kwargs)

        return staff_only

    def login(self, request, extra_context=None):
        self._refuse_signed_in_outsiders(request)
        return super().login(request, extra_context)


class AppAdminConfig(AdminConfig):
    default_site = "recordings_admin.admin_site.AppAdminSite"
