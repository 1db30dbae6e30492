"""The IT administrator's page for a register's ingest tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from registers.models import Role
from registers.permissions import register_for

from .models import IngestToken
from .tokens import ingest_token_create, ingest_token_revoke

SESSION_NEW_TOKEN = "new_ingest_token"


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What is it for"),
        max_length=100,
        help_text=gettext_lazy("E.g. the telephone system's name, so the token can be told apart later."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def ingest_tokens(request, slug: str):
    register = register_for(request.user, slug, Role.IT_ADMIN)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw = ingest_token_create(
            register=register, name=form.cleaned_data["name"], actor=request.user, request=request
        )
        # Shown on the next page only: the session entry is removed as it is read, and only the hash is stored.
        request.session[SESSION_NEW_TOKEN] = {"register": register.slug, "id": token.pk, "raw": raw}
        return redirect("ingest_tokens", slug=register.slug)
    new = request.session.pop(SESSION_NEW_TOKEN, None)
    new_token = new["raw"] if new and new.get("register") == register.slug else None
    tokens = register.ingest_tokens.order_by("revoked_at", "-created_at")
    upload_url = request.build_absolute_uri(reverse("api_recording_upload", args=[register.slug]))
    return render(
        request,
        "recordings/ingest_tokens.html",
        {
            "register": register,
            "form": form,
            "tokens": tokens,
            "new_token": new_token,
            "upload_url": upload_url,
            "upload_example": upload_example(upload_url),
        },
    )


def upload_example(upload_url: str) -> str:
    """A curl upload of one call, with the API's fields; the token is left to an environment variable, never shown."""
    fields = [
        "-F audio=@call.wav",
        "-F external_id=call-0001",
        "-F started_at=2026-11-02T10:00:00+02:00",
        "-F ended_at=2026-11-02T10:03:00+02:00",
        "-F direction=inbound",
        "-F caller=+358401234567",
        "-F callee=+358103808000",
        "-F service_number=+358103808000",
        "-F agent=agent-1",
    ]
    lines = ['curl -H "Authorization: Token $INGEST_TOKEN"', *fields, upload_url]
    return " \\\n  ".join(lines)


@login_required
@require_http_methods(["GET", "POST"])
def ingest_token_revoke_view(request, slug: str, token_id: int):
    """GET asks for confirmation on a page of its own (no script needed); POST revokes."""
    register = register_for(request.user, slug, Role.IT_ADMIN)
    token = get_object_or_404(IngestToken, pk=token_id, register=register)
    if request.method == "GET":
        if token.revoked_at:
            return redirect("ingest_tokens", slug=register.slug)
        return render(request, "recordings/ingest_token_revoke.html", {"register": register, "token": token})
    if ingest_token_revoke(token=token, actor=request.user, request=request):
        messages.success(request, _("The token %(prefix)s… is revoked.") % {"prefix": token.prefix})
    return redirect("ingest_tokens", slug=register.slug)
