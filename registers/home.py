"""What the home page points a user to that the apps above registers know of (a second approval waiting, say).

The registers app may not import those apps (.importlinter): each registers a
function here, in its AppConfig.ready, that gives the notices for a user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeNotice:
    key: str  # the element's id on the page
    text: str
    link_text: str
    url: str


_sources: list[Callable[[object], list[HomeNotice]]] = []


def home_notices_register(source: Callable[[object], list[HomeNotice]]) -> None:
    if source not in _sources:
        _sources.append(source)


def home_notices(user) -> list[HomeNotice]:
    return [notice for source in _sources for notice in source(user)]
