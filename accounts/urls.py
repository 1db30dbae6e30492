from django.urls import path

from . import views
from .oidc import mapping

urlpatterns = [
    path("account/two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("account/two-factor/recovery-codes/", views.recovery_codes, name="two_factor_recovery_codes"),
    path("account/two-factor/recovery-codes/renew/", views.recovery_codes_renew, name="two_factor_recovery_renew"),
    path("controllers/<int:controller_id>/sign-in/", mapping.sign_in_settings, name="sign_in_settings"),
]
