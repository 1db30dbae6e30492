"""Where a request came from: the address the audit log records and the login lockout counts.

Behind the reverse proxy REMOTE_ADDR is the proxy. Each proxy appends the
address it received the request from to X-Forwarded-For, so with N trusted
proxies in front of the app the client is the N-th entry from the right;
anything further left was sent by the client and proves nothing. Too few
entries or a malformed one mean the header cannot be trusted, and the
connection's own address is used.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _address(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request) -> str | None:
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    if not getattr(settings, "BEHIND_PROXY", False):
        return remote
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 1)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if trusted < 1 or len(hops) < trusted:
        return remote
    return _address(hops[-trusted]) or remote
