"""Every view the two-factor middleware lets through before the second factor is a route that exists.

A name that matches no route opens nothing today, but reads as if it did, and
opens whatever view is later given that name without anyone deciding it.
"""

from __future__ import annotations

from django.urls import URLResolver, get_resolver

from accounts.middleware import OPEN_VIEWS


def _route_names(resolver: URLResolver) -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            names |= _route_names(pattern)
        elif pattern.name:
            names.add(pattern.name)
    return names


def test_every_view_open_before_the_second_factor_is_a_route():
    assert OPEN_VIEWS - _route_names(get_resolver()) == set()
