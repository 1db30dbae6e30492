"""Two-factor enrolment (QR code, then a code to confirm), verification at login, recovery codes."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from audit.services import audit_record

from .forms import TokenForm
from .twofactor import confirmed_totp, match_token, pending_totp, recovery_codes_issue

SESSION_NEW_CODES = "two_factor_new_codes"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


@never_cache
@login_required
def two_factor_verify(request):
    """Ask for the authenticator code (or a recovery code); send users without a device to enrolment."""
    if confirmed_totp(request.user) is None:
        return redirect(f"/account/two-factor/enrol/?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if device.__class__.__name__ == "StaticDevice":
                left = device.token_set.count()
                messages.warning(request, _("You used a recovery code; %(n)s left.") % {"n": left})
            return redirect(_next(request))
        form.add_error("token", _("That code is not valid. Check the time on your phone, or use a recovery code."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


@never_cache
@login_required
def two_factor_enrol(request):
    if confirmed_totp(request.user) is not None and not request.user.is_verified():
        return redirect(f"/account/two-factor/?next={_next(request)}")
    device = pending_totp(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            codes = recovery_codes_issue(request.user)
            audit_record(action="otp_device", actor=request.user, request=request, details={"enrolled": "totp"})
            request.session[SESSION_NEW_CODES] = codes
            return redirect(f"/account/two-factor/recovery-codes/?next={_next(request)}")
        form.add_error("token", _("That code is not valid. Scan the QR code again and enter the code shown now."))
    qr = segno.make(device.config_url, micro=False)
    context = {
        "form": form,
        "qr_svg": qr.svg_inline(scale=4, dark="#1b1b1b"),
        "secret": _base32(device),
        "next": _next(request),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


def _base32(device) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def recovery_codes(request):
    """Shown once, right after they are made."""
    codes = request.session.pop(SESSION_NEW_CODES, None)
    if codes is None:
        return redirect("/")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})


@login_required
@require_POST
def recovery_codes_renew(request):
    if not request.user.is_verified():
        return redirect("/account/two-factor/")
    request.session[SESSION_NEW_CODES] = recovery_codes_issue(request.user)
    audit_record(action="otp_device", actor=request.user, request=request, details={"recovery_codes": "renewed"})
    return redirect("/account/two-factor/recovery-codes/")
