"""Saved searches and the CSV export of the call list.

Both are tools of the roles that review a whole register (a supervisor, the
DPO). A saved search keeps the filters, not the results: it is applied, when
run, to what the user may see at that moment. An export lists exactly what
the list would show under the same filters, and its audit event names which
filters were used, never their values (a number or an agent's name is
personal data).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from audit.services import audit_record
from registers.models import Register, Role
from registers.permissions import roles_for

from .errors import RecordingError
from .models import Recording, SavedSearch
from .selectors import SORT_FIELDS, active_hold_exists

SEARCH_ROLES = {Role.SUPERVISOR, Role.DPO}
MAX_SAVED_SEARCHES = 50
EXPORT_BATCH = 2000


def can_use_search_tools(user, register: Register) -> bool:
    """Whether the user may save searches and export the list in this register."""
    return bool(roles_for(user, register) & SEARCH_ROLES)


def saved_searches_for(user, register: Register) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user, register=register).order_by("name")


def filters_used(cleaned: dict) -> list[str]:
    """The names of the filters in use (not their values), for the audit log."""
    return sorted(name for name, value in cleaned.items() if value not in (None, "") and name != "sort")


def saved_search_save(*, user, register: Register, name: str, filters: dict) -> SavedSearch:
    """Save filters under a name; a name the user already has in this register is overwritten."""
    name = name.strip()
    if not name:
        raise RecordingError(_("Give the search a name."))
    if not filters:
        raise RecordingError(_("Filter the list first, then save the search."))
    filters = {k: v for k, v in filters.items() if k != "csrfmiddlewaretoken"}
    with transaction.atomic():
        existing = SavedSearch.objects.select_for_update().filter(user=user, register=register, name=name).first()
        if existing is not None:
            existing.filters = filters
            existing.save(update_fields=["filters"])
            return existing
        if saved_searches_for(user, register).count() >= MAX_SAVED_SEARCHES:
            raise RecordingError(_("You have %(n)s saved searches here; delete one first.") % {"n": MAX_SAVED_SEARCHES})
        try:
            with transaction.atomic():
                return SavedSearch.objects.create(user=user, register=register, name=name, filters=filters)
        except IntegrityError:
            raise RecordingError(_("A search with this name was just saved; try again."), status=409) from None


def saved_search_delete(*, user, search: SavedSearch) -> None:
    SavedSearch.objects.filter(pk=search.pk, user=user).delete()


def export_record(*, user, register: Register, count: int, cleaned: dict, request=None) -> None:
    audit_record(
        action="export",
        actor=user,
        register=register,
        request=request,
        details={"call_list": True, "recordings": count, "filters": filters_used(cleaned)},
    )


def iter_recordings(qs: QuerySet[Recording], *, sort: str, batch_size: int = EXPORT_BATCH) -> Iterator[Recording]:
    """Every recording of `qs` in the list's order, by keyset batches: an export of a million rows stays flat."""
    field, descending = SORT_FIELDS.get(sort, SORT_FIELDS["-started"])
    order = [f"-{field}", "-pk"] if descending else [field, "pk"]
    qs = (
        qs.annotate(on_hold=active_hold_exists())
        .defer("waveform", "wrapped_key")
        .select_related("agent", "service_line")
        .order_by(*order)
    )
    last = None
    while True:
        batch_qs = qs
        if last is not None:
            value, pk = last
            op = "lt" if descending else "gt"
            batch_qs = qs.filter(Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"pk__{op}": pk}))
        batch = list(batch_qs[:batch_size])
        if not batch:
            return
        yield from batch
        last = (getattr(batch[-1], field), batch[-1].pk)


def search_tools(user, register) -> dict:
    """What the call list shows of these tools, for the list view's context.

    The bulk hold form itself is the retention app's (its `bulk_hold_form_for` tag).
    """
    from registers.permissions import is_dpo

    may_search = can_use_search_tools(user, register)
    return {
        "can_search": may_search,
        "saved_searches": list(saved_searches_for(user, register)) if may_search else [],
        "can_bulk_hold": is_dpo(user, register),
    }


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def saved_searches_forget_numbers(numbers, *, registers) -> int:
    """Delete the saved searches in `registers` whose number filter names one of `numbers`; returns how many.

    For an erasure: a filter naming the subject's number is a copy of their
    personal data. A saved number is compared as the list would search it:
    whole (normalised), as the beginning of one of `numbers`, or as a part of
    the digits of one.
    """
    from registers.validators import PhoneNumberError, normalise_phone_number, phone_number_prefix

    numbers = {n for n in numbers if n}
    digits = {_digits(n) for n in numbers}
    doomed = []
    for search in SavedSearch.objects.filter(register__in=registers, filters__has_key="number"):
        saved = str(search.filters.get("number") or "").strip()
        if not saved:
            continue
        try:
            if normalise_phone_number(saved) in numbers:
                doomed.append(search.pk)
                continue
        except PhoneNumberError:
            pass
        try:
            prefix = phone_number_prefix(saved)
            if any(n.startswith(prefix) for n in numbers):
                doomed.append(search.pk)
                continue
        except PhoneNumberError:
            pass
        part = _digits(saved)
        if part and any(part in whole for whole in digits):
            doomed.append(search.pk)
    deleted, _by_model = SavedSearch.objects.filter(pk__in=doomed).delete()
    return deleted
