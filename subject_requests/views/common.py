"""What every DPO page of a request shares: who may see it, and the shape of a POST on a request.

Every request page is for users who are DPO somewhere and shows only requests
of controllers where they are DPO; anyone else gets 404. URLs carry the
request number, never the subject's data. Every change is a POST that calls
one service and redirects back to the request (`request_action`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from .. import selectors
from ..errors import RequestError
from ..forms import NoteForm
from ..models import SubjectRequest


def dpo_required(view):
    """Logged in and DPO of some register; everyone else learns nothing (404)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not selectors.is_dpo(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _link_base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _back(subject_request, anchor: str = ""):
    response = redirect("subject_requests:detail", number=subject_request.number)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _run(request, action, *, success: str = ""):
    """Call a service; a RequestError becomes a message (or a 404). Returns the result or None."""
    try:
        result = action()
    except RequestError as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, exc.message)
        return None
    if success:
        messages.success(request, success)
    return result if result is not None else True


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def optional_note(request) -> str:
    """The optional note of a POST; one too long to keep is left out rather than stopping the action."""
    form = NoteForm(request.POST)
    form.is_valid()
    return form.cleaned_data.get("note", "")


# ---------------------------------------------------------------------------
# The POST on a request, written once


@dataclass
class Action:
    """What a POST on a request acts on: the request, what the URL names in it, and the valid form."""

    request: HttpRequest
    subject_request: SubjectRequest
    target: Any = None
    form: forms.Form | None = None

    @property
    def user(self):
        return self.request.user

    @property
    def data(self) -> dict:
        return self.form.cleaned_data if self.form is not None else {}


def request_action(
    *,
    anchor: str = "",
    form: Callable[..., forms.Form] | None = None,
    target: Callable[..., Any] | None = None,
    success: str = "",
    then: Callable[[Action, Any], HttpResponse] | None = None,
):
    """Turn a function calling one service into the DPO's POST view on a request.

    The view finds the request (404 unless the user is its DPO) and what the
    URL names in it (`target`, given the user, the request and the URL's ids),
    validates `form` (errors become messages), calls the function with an
    `Action`, shows `success`, and redirects back to the request at `anchor`
    (post/redirect/get: a reload re-sends nothing). A RequestError becomes an
    error message, or a 404 when the service says the thing is not the user's.
    `then` builds the response after a successful call instead of the redirect.
    `form` is a form class, or a callable of (POST data, request) for a form that
    needs the request.
    """

    def decorate(perform: Callable[[Action], Any]):
        @dpo_required
        @require_POST
        @wraps(perform)
        def view(request, number: str, **ids):
            subject_request = selectors.request_for(request.user, number)
            action = Action(request=request, subject_request=subject_request)
            if target is not None:
                action.target = target(request.user, subject_request, **ids)
            if form is not None:
                action.form = _bound_form(form, request.POST, subject_request)
                if not action.form.is_valid():
                    _form_errors(request, action.form)
                    return _back(subject_request, anchor)
            result = _run(request, lambda: perform(action), success=success)
            if result is not None and then is not None:
                return then(action, result)
            return _back(subject_request, anchor)

        return view

    return decorate


def _bound_form(form, data, subject_request: SubjectRequest) -> forms.Form:
    if isinstance(form, type) and issubclass(form, forms.BaseForm):
        return form(data)
    return form(data, subject_request)


# What a request's URL may name, found among what the user may see of it (404 otherwise).


def match_of(user, subject_request, match_id: int):
    return selectors.match_for(user, subject_request, match_id)


def match_with_recording_of(user, subject_request, match_id: int):
    """A match whose recording still exists: one already erased has nothing to act on."""
    match = selectors.match_for(user, subject_request, match_id)
    if match.recording is None:
        raise Http404
    return match


def package_of(user, subject_request, package_id: int):
    return selectors.package_for(user, subject_request, package_id)


def appointment_of(user, subject_request, appointment_id: int):
    return get_object_or_404(subject_request.appointments, pk=appointment_id)


def processor_task_of(user, subject_request, task_id: int):
    return selectors.processor_task_for(user, subject_request, task_id)


def letter_of(user, subject_request, letter_id: int):
    return get_object_or_404(subject_request.letters, pk=letter_id)
