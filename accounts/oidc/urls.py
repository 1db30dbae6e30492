"""Outside the language prefixes: the redirect URI registered at the provider must not change with the language."""

from django.urls import path

from . import logout, views

urlpatterns = [
    path("oidc/authenticate/", views.SignInStart.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", views.SignInCallback.as_view(), name="oidc_authentication_callback"),
    path("oidc/backchannel-logout/", logout.backchannel_logout, name="oidc_backchannel_logout"),
]
