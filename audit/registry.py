"""Hooks through which the apps above the audit log say what a user may read and how to name its objects.

The audit app is a shared lower layer and never imports the apps whose events
it stores. Each app registers, in its AppConfig.ready():

- a scope: user -> Q of the events that user may read (or None for none);
- register options: user -> [(register id, name)] for the register filter;
- summaries: event -> a short phrase naming the step an event records;
- describers: object type -> (ids, user) -> {id: ObjectLabel}, naming objects
  as a person would ("Call 1.3.2025 10.12, Register A") with a link where the
  user may open the object.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ObjectLabel:
    text: str
    url: str = ""


Scope = Callable[[object], Q | None]
RegisterOptions = Callable[[object], list[tuple[int, str]]]
Describer = Callable[[list[str], object], dict[str, ObjectLabel]]

Summary = Callable[[object], str]

_scopes: list[Scope] = []
_summaries: list[Summary] = []
_register_options: list[RegisterOptions] = []
_describers: dict[str, Describer] = {}


def add_scope(fn: Scope) -> Scope:
    if fn not in _scopes:
        _scopes.append(fn)
    return fn


def add_register_options(fn: RegisterOptions) -> RegisterOptions:
    if fn not in _register_options:
        _register_options.append(fn)
    return fn


def add_describer(object_type: str) -> Callable[[Describer], Describer]:
    def decorator(fn: Describer) -> Describer:
        _describers[object_type] = fn
        return fn

    return decorator


def add_summary(fn: Summary) -> Summary:
    """fn(event) -> a short phrase for what the step was (e.g. "identity check: verified"), or ""."""
    if fn not in _summaries:
        _summaries.append(fn)
    return fn


def summarise(event) -> str:
    for fn in _summaries:
        text = fn(event)
        if text:
            return text
    return ""


def readable_filter(user) -> Q | None:
    """The events this user may read: the union of every app's scope; None when there are none."""
    if not user.is_authenticated:
        return None
    combined = None
    for scope in _scopes:
        q = scope(user)
        if q is not None:
            combined = q if combined is None else combined | q
    if combined is not None:
        # An export of the audit log names no register; its author still sees it in the log.
        combined |= Q(actor_id=user.pk, action="export", details__has_key="audit_log")
    return combined


def register_options(user) -> list[tuple[int, str]]:
    options: dict[int, str] = {}
    for fn in _register_options:
        options.update(fn(user))
    return sorted(options.items(), key=lambda item: item[1].lower())


def _fallback(object_type: str, object_id: str, *, known_type: bool) -> ObjectLabel:
    try:
        name = str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        name = object_type
    if known_type:
        return ObjectLabel(_("%(object)s (no longer exists)") % {"object": name.capitalize()})
    return ObjectLabel(f"{name.capitalize()} {object_id}")


def describe(events: Iterable, user) -> None:
    """Set `object_label` on each event, one query per object type."""
    events = list(events)
    by_type: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.object_type:
            by_type[event.object_type].add(event.object_id)
    labels: dict[tuple[str, str], ObjectLabel] = {}
    for object_type, ids in by_type.items():
        describer = _describers.get(object_type)
        found = describer(sorted(ids), user) if describer else {}
        for object_id in ids:
            labels[(object_type, object_id)] = found.get(object_id) or _fallback(
                object_type, object_id, known_type=describer is not None
            )
    for event in events:
        event.object_label = labels.get((event.object_type, event.object_id)) if event.object_type else None
        event.summary = summarise(event)
