"""An erasure also forgets the saved searches that name the subject's number.

A supervisor's saved search keeps its filters, number included, in the
database; once the subject's calls are erased, a filter naming their number
is a copy of their personal data with no purpose left. Saved searches for
other numbers, or without a number, stay.
"""

from __future__ import annotations

from audit.models import AuditEvent
from recordings.models import SavedSearch

from .conftest import OTHER_CALLER, SUBJECT_NUMBER, SUBJECT_TYPED


def _save(personas, name: str, **filters) -> SavedSearch:
    return SavedSearch.objects.create(user=personas.supervisor, register=personas.register, name=name, filters=filters)


def test_erasing_the_subjects_calls_forgets_searches_for_their_number(personas, searched_request, client):
    subject_request = searched_request(rights=["erasure"])
    as_typed = _save(personas, "Maijan puhelut", number=SUBJECT_TYPED)
    normalised = _save(personas, "Maija", number=SUBJECT_NUMBER, direction="inbound")
    partial = _save(personas, "Loppuosa", number="401234567")
    other = _save(personas, "Toinen", number=OTHER_CALLER)
    no_number = _save(personas, "Saapuvat", direction="inbound")

    client.force_login(personas.dpo)
    page = client.get(f"/requests/{subject_request.number}/erasure/")
    form = {key: "erase" for key in page.context["form"].fields if key.startswith("action_")}
    response = client.post(f"/requests/{subject_request.number}/erasure/", {**form, "confirmed": "1"})
    assert response.status_code == 302

    left = set(SavedSearch.objects.values_list("pk", flat=True))
    assert left == {other.pk, no_number.pk}
    assert {as_typed.pk, normalised.pk, partial.pk}.isdisjoint(left)
    event = AuditEvent.objects.get(action="request_change", reason=subject_request.number, details__saved_searches=3)
    assert SUBJECT_NUMBER not in str(event.details) and SUBJECT_TYPED not in str(event.details)


def test_a_refused_erasure_keeps_the_searches(personas, searched_request, client):
    subject_request = searched_request(rights=["erasure"])
    kept = _save(personas, "Maija", number=SUBJECT_NUMBER)

    client.force_login(personas.dpo)
    page = client.get(f"/requests/{subject_request.number}/erasure/")
    actions = [key for key in page.context["form"].fields if key.startswith("action_")]
    form = {key: "refuse" for key in actions}
    form.update({key.replace("action_", "reason_"): "Tarvitaan reklamaation käsittelyyn." for key in actions})
    response = client.post(f"/requests/{subject_request.number}/erasure/", {**form, "confirmed": "1"})
    assert response.status_code == 302

    assert SavedSearch.objects.filter(pk=kept.pk).exists()
