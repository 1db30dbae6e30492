from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from accounts.local_sign_in import LoginView

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("recordings.api_urls")),
    path("", include("accounts.oidc.urls")),
]

# Finnish is the default language and has no prefix; English lives under /en/.
urlpatterns += i18n_patterns(
    path("", include("registers.urls")),
    path("", include("recordings.urls")),
    path("", include("retention.urls")),
    path("", include("connectors.urls")),
    path("", include("accounts.urls")),
    path("", include("subject_requests.urls")),
    path("", include("audit.urls")),
    path("", include("accountability.urls")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
