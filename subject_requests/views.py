"""The DPO's pages for data-subject requests, and the subject's download page.

Every request page is for users who are DPO somewhere and shows only requests
of controllers where they are DPO; anyone else gets 404. URLs carry the
request number, never the subject's data. Every change is a POST that calls
one service and redirects back to the request.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import erasure_approval, selectors, services
from .errors import RequestError
from .forms import (
    AppointmentCloseForm,
    AppointmentForm,
    DecisionForm,
    ErasureForm,
    ExcludeForm,
    ExtensionForm,
    IntakeForm,
    NoteForm,
    ReasonForm,
    RectificationForm,
    VerificationForm,
)
from .models import OPEN_STATUSES, MatchDecision


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


# ---------------------------------------------------------------------------
# Dashboard, intake, the request page


@dpo_required
@require_GET
def dashboard(request):
    return render(
        request,
        "subject_requests/dashboard.html",
        {
            "requests": selectors.open_requests_for_dashboard(request.user),
            "holds": selectors.holds_due_for_review(request.user),
            "recent": selectors.requests_visible_to(request.user)
            .exclude(status__in=OPEN_STATUSES)
            .order_by("-closed_at")[:20],
        },
    )


@dpo_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    form = IntakeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        subject_request = _run(
            request,
            lambda: services.request_receive(
                actor=request.user,
                controller=data["controller"],
                rights=data["rights"],
                received_on=data["received_on"],
                channel=data["channel"],
                language=data["language"],
                subject_name=data["subject_name"],
                subject_email=data["subject_email"],
                subject_postal_address=data["subject_postal_address"],
                phone_numbers=data["phone_numbers"],
                agent_identifier=data["agent_identifier"],
                description=data["description"],
                http_request=request,
            ),
        )
        if subject_request:
            messages.success(
                request,
                _("Request %(number)s recorded; the acknowledgement is written.") % {"number": subject_request.number},
            )
            return _back(subject_request)
    return render(request, "subject_requests/request_form.html", {"form": form})


@dpo_required
@require_GET
def request_detail(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    matches = selectors.matches_for_review(subject_request, user=request.user)
    included = [m for m in matches if m.is_included and m.recording is not None]
    pending_count = sum(1 for m in matches if m.decision == MatchDecision.PENDING)
    return render(
        request,
        "subject_requests/request_detail.html",
        {
            "r": subject_request,
            "matches": matches,
            "included": included,
            "pending_count": pending_count,
            "expiring": [m for m in matches if m.expires_before_due],
            "targets": selectors.response_targets(subject_request),
            "outside_search": selectors.registers_outside_search(request.user, subject_request.controller),
            "verifications": subject_request.verifications.select_related("verified_by"),
            "decisions": subject_request.decisions.select_related("decided_by"),
            "appointments": subject_request.appointments.all(),
            "packages": selectors.packages_visible_to(request.user, subject_request),
            "letters": subject_request.letters.all(),
            "tasks": selectors.processor_tasks_visible_to(request.user, subject_request).select_related(
                "processor", "processor__register", "completed_by"
            ),
            "rectifications": subject_request.rectifications.filter(
                match__in=selectors.matches_visible_to(request.user, subject_request)
            ).select_related("match"),
            "audit_trail": selectors.request_audit_trail(subject_request),
            "erasure_proposal": erasure_approval.pending_proposal_for(request.user, subject_request),
            "verification_form": VerificationForm(),
            "extension_form": ExtensionForm(),
            "exclude_form": ExcludeForm(),
            "appointment_form": AppointmentForm(),
            "appointment_close_form": AppointmentCloseForm(),
            "decision_form": DecisionForm(subject_request=subject_request),
            "reason_form": ReasonForm(),
            "note_form": NoteForm(),
        },
    )


# ---------------------------------------------------------------------------
# Identity, deadline, search and review


@dpo_required
@require_POST
def request_verify(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    form = VerificationForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(subject_request, "identity")
    _run(
        request,
        lambda: services.request_verify_identity(
            subject_request=subject_request, actor=request.user, http_request=request, **form.cleaned_data
        ),
        success=_("The identity check is recorded."),
    )
    return _back(subject_request, "identity")


@dpo_required
@require_POST
def request_extend(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(subject_request, "deadline")
    _run(
        request,
        lambda: services.request_extend(
            subject_request=subject_request, actor=request.user, http_request=request, **form.cleaned_data
        ),
        success=_("The deadline is extended and the subject is told why."),
    )
    return _back(subject_request, "deadline")


@dpo_required
@require_POST
def request_search(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    new = _run(
        request,
        lambda: services.request_search(subject_request=subject_request, actor=request.user, http_request=request),
    )
    if new is not None:
        messages.success(request, _("Search done: %(n)s new recordings to review.") % {"n": 0 if new is True else new})
    return _back(subject_request, "recordings")


@dpo_required
@require_POST
def match_include(request, number: str, match_id: int):
    subject_request = selectors.request_for(request.user, number)
    match = selectors.match_for(request.user, subject_request, match_id)
    _run(request, lambda: services.match_decide(match=match, actor=request.user, include=True, http_request=request))
    return _back(subject_request, "recordings")


@dpo_required
@require_POST
def match_exclude(request, number: str, match_id: int):
    subject_request = selectors.request_for(request.user, number)
    match = selectors.match_for(request.user, subject_request, match_id)
    form = ExcludeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(subject_request, "recordings")
    _run(
        request,
        lambda: services.match_decide(
            match=match, actor=request.user, include=False, reason=form.cleaned_data["reason"], http_request=request
        ),
    )
    return _back(subject_request, "recordings")


@dpo_required
@require_POST
def matches_include_all(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    _run(
        request,
        lambda: services.matches_include_pending(
            subject_request=subject_request, actor=request.user, http_request=request
        ),
    )
    return _back(subject_request, "recordings")


@dpo_required
@require_POST
def match_hold(request, number: str, match_id: int | None = None):
    subject_request = selectors.request_for(request.user, number)
    if match_id is None:
        matches = [m for m in selectors.matches_for_review(subject_request, user=request.user) if m.expires_before_due]
    else:
        matches = [selectors.match_for(request.user, subject_request, match_id)]
    _run(
        request,
        lambda: services.matches_hold(
            subject_request=subject_request, actor=request.user, matches=matches, http_request=request
        ),
        success=_("Held until the request is answered."),
    )
    return _back(subject_request, "recordings")


# ---------------------------------------------------------------------------
# Access


SESSION_PACKAGE_LINKS = "subject_package_links"


@dpo_required
@require_http_methods(["GET", "POST"])
def access_package(request, number: str):
    """GET asks for confirmation; the POST builds the package and redirects (a reload re-sends nothing)."""
    subject_request = selectors.request_for(request.user, number)
    if request.method == "GET":
        return render(
            request,
            "subject_requests/package_confirm.html",
            {
                "r": subject_request,
                "included": list(selectors.included_matches(subject_request)),
                "live": selectors.live_packages(subject_request),
                "link_days": services.PACKAGE_LINK_DAYS,
            },
        )
    result = _run(
        request,
        lambda: services.export_package_create(
            subject_request=subject_request, actor=request.user, link_base=_link_base(request), http_request=request
        ),
    )
    if not result:
        return _back(subject_request, "access")
    package, token = result
    return _package_created_redirect(request, subject_request, package, token)


def _package_created_redirect(request, subject_request, package, token):
    """Keep the link in the DPO's session just until the next page shows it once (only its hash is stored)."""
    links = request.session.get(SESSION_PACKAGE_LINKS, {})
    links[str(package.public_id)] = token
    request.session[SESSION_PACKAGE_LINKS] = links
    return redirect("subject_requests:package_created", number=subject_request.number, package_id=package.pk)


@dpo_required
@require_GET
def package_created(request, number: str, package_id: int):
    subject_request = selectors.request_for(request.user, number)
    package = selectors.package_for(request.user, subject_request, package_id)
    links = request.session.get(SESSION_PACKAGE_LINKS, {})
    token = links.pop(str(package.public_id), None)
    request.session[SESSION_PACKAGE_LINKS] = links
    response = render(
        request,
        "subject_requests/package_created.html",
        {
            "r": subject_request,
            "package": package,
            "link": services.download_url(_link_base(request), token, subject_request.language) if token else "",
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@dpo_required
@require_POST
def access_without_recordings(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    _run(
        request,
        lambda: services.access_answer_without_recordings(
            subject_request=subject_request, actor=request.user, http_request=request
        ),
        success=_("The answer is written: no recordings were found."),
    )
    return _back(subject_request, "access")


@dpo_required
@require_POST
def appointment_new(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    form = AppointmentForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(subject_request, "access")
    _run(
        request,
        lambda: services.appointment_schedule(
            subject_request=subject_request, actor=request.user, http_request=request, **form.cleaned_data
        ),
        success=_("The appointment is arranged and the invitation written."),
    )
    return _back(subject_request, "access")


@dpo_required
@require_POST
def appointment_close(request, number: str, appointment_id: int):
    subject_request = selectors.request_for(request.user, number)
    appointment = get_object_or_404(subject_request.appointments, pk=appointment_id)
    form = AppointmentCloseForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(subject_request, "access")
    _run(
        request,
        lambda: services.appointment_close(
            appointment=appointment, actor=request.user, http_request=request, **form.cleaned_data
        ),
    )
    return _back(subject_request, "access")


@dpo_required
@require_POST
def appointment_play(request, number: str, match_id: int):
    """Open a listening session for the subject's appointment, audited with the request number as reason."""
    subject_request = selectors.request_for(request.user, number)
    match = selectors.match_for(request.user, subject_request, match_id)
    if match.recording is None:
        raise Http404
    ok = _run(
        request,
        lambda: services.appointment_playback(
            subject_request=subject_request, recording=match.recording, actor=request.user, http_request=request
        ),
    )
    if not ok:
        return _back(subject_request, "access")
    return redirect("recording_detail", public_id=match.recording.public_id)


@dpo_required
@require_POST
def package_revoke(request, number: str, package_id: int):
    subject_request = selectors.request_for(request.user, number)
    package = selectors.package_for(request.user, subject_request, package_id)
    _run(
        request,
        lambda: services.export_package_revoke(package=package, actor=request.user, http_request=request),
        success=_("The link is withdrawn and the package deleted."),
    )
    return _back(subject_request, "access")


# ---------------------------------------------------------------------------
# Erasure, restriction, rectification, decisions, portability


@dpo_required
@require_http_methods(["GET", "POST"])
def erasure(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    matches = [
        m
        for m in selectors.matches_for_review(subject_request, user=request.user)
        if m.is_included and m.recording is not None and not m.erasure_outcome
    ]
    defaults = {m.pk: services.erasure_default_refusal(m, subject_request.language) for m in matches if m.other_holds}
    form = ErasureForm(request.POST or None, matches=matches, default_reasons=defaults)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirmed") != "1":
            # Crypto-shredding cannot be undone: show what will be destroyed and ask once more.
            return render(
                request,
                "subject_requests/erasure_confirm.html",
                {
                    "r": subject_request,
                    "form": form,
                    "to_erase": form.to_erase(),
                    "to_keep": [m for m in matches if m.pk in form.refusals()],
                    "refusals": form.refusals(),
                    "needs_second": erasure_approval.needs_second_approver(matches),
                },
            )
        if erasure_approval.needs_second_approver(matches):
            done = _run(
                request,
                lambda: erasure_approval.erasure_propose(
                    subject_request=subject_request,
                    actor=request.user,
                    refusals=form.refusals(),
                    erase=[m.pk for m in form.to_erase()],
                    http_request=request,
                ),
                success=_(
                    "The erasure is proposed; it is carried out when another data protection officer approves it."
                ),
            )
            return _back(subject_request, "erasure") if done else redirect(request.path)
        done = _run(
            request,
            lambda: services.erasure_decide(
                subject_request=subject_request,
                actor=request.user,
                refusals=form.refusals(),
                erase=[m.pk for m in form.to_erase()],
                http_request=request,
            ),
            success=_("The erasure decision is carried out and the letter written."),
        )
        if done:
            return _back(subject_request, "erasure")
    return render(request, "subject_requests/erasure.html", {"r": subject_request, "form": form, "matches": matches})


@dpo_required
@require_POST
def restriction_apply(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    _run(
        request,
        lambda: services.restriction_apply(subject_request=subject_request, actor=request.user, http_request=request),
        success=_("The recordings are restricted: only the DPO may play them and the purge keeps them."),
    )
    return _back(subject_request, "restriction")


@dpo_required
@require_POST
def restriction_lift(request, number: str, match_id: int):
    subject_request = selectors.request_for(request.user, number)
    match = selectors.match_for(request.user, subject_request, match_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(subject_request, "restriction")
    _run(
        request,
        lambda: services.restriction_lift(
            match=match, actor=request.user, reason=form.cleaned_data["reason"], http_request=request
        ),
        success=_("The restriction is lifted and the subject told."),
    )
    return _back(subject_request, "restriction")


@dpo_required
@require_http_methods(["GET", "POST"])
def rectification(request, number: str, match_id: int):
    subject_request = selectors.request_for(request.user, number)
    match = selectors.match_for(request.user, subject_request, match_id)
    if match.recording is None:
        raise Http404
    recording = match.recording
    initial = {
        "agent_name": recording.agent_name,
        "direction": recording.direction,
        "caller_number": recording.caller_number,
        "callee_number": recording.callee_number,
        "service_number": recording.service_number,
    }
    form = RectificationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _run(
            request,
            lambda: services.rectification_apply(
                match=match,
                actor=request.user,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                http_request=request,
            ),
            success=_("The correction is made."),
        )
        if done:
            return _back(subject_request, "rectification")
    return render(request, "subject_requests/rectification.html", {"r": subject_request, "match": match, "form": form})


@dpo_required
@require_POST
def right_decide(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    form = DecisionForm(request.POST, subject_request=subject_request)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(subject_request, "decisions")
    _run(
        request,
        lambda: services.right_decide(
            subject_request=subject_request, actor=request.user, http_request=request, **form.cleaned_data
        ),
        success=_("The decision is recorded and the letter written."),
    )
    return _back(subject_request, "decisions")


@dpo_required
@require_POST
def portability(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    result = _run(
        request,
        lambda: services.portability_answer(
            subject_request=subject_request, actor=request.user, link_base=_link_base(request), http_request=request
        ),
    )
    if not result:
        return _back(subject_request, "portability")
    _decision, package, token = result
    if package is None:
        messages.info(request, _("Portability is refused with reasons; the letter is written."))
        return _back(subject_request, "portability")
    return _package_created_redirect(request, subject_request, package, token)


# ---------------------------------------------------------------------------
# Processor tasks, closing, letters


@dpo_required
@require_POST
def task_complete(request, number: str, task_id: int):
    subject_request = selectors.request_for(request.user, number)
    task = selectors.processor_task_for(request.user, subject_request, task_id)
    form = NoteForm(request.POST)
    form.is_valid()
    _run(
        request,
        lambda: services.processor_task_complete(
            task=task,
            actor=request.user,
            note=form.cleaned_data.get("note", ""),
            cancelled="cancel" in request.POST,
            http_request=request,
        ),
    )
    return _back(subject_request, "processors")


@dpo_required
@require_POST
def request_close(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    form = NoteForm(request.POST)
    form.is_valid()
    _run(
        request,
        lambda: services.request_close(
            subject_request=subject_request,
            actor=request.user,
            note=form.cleaned_data.get("note", ""),
            http_request=request,
        ),
        success=_("The request is closed."),
    )
    return _back(subject_request)


@dpo_required
@require_POST
def request_refuse(request, number: str):
    subject_request = selectors.request_for(request.user, number)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(subject_request)
    _run(
        request,
        lambda: services.request_refuse(
            subject_request=subject_request,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            http_request=request,
        ),
        success=_("The request is refused and the letter written."),
    )
    return _back(subject_request)


@dpo_required
@require_GET
def letter_text(request, number: str, letter_id: int):
    subject_request = selectors.request_for(request.user, number)
    letter = get_object_or_404(subject_request.letters, pk=letter_id)
    response = HttpResponse(letter.body, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{letter.filename_stem}.txt"'
    response["Cache-Control"] = "no-store"
    return response


@dpo_required
@require_GET
def letter_print(request, number: str, letter_id: int):
    """The letter as a page to print and post, with the subject's address."""
    subject_request = selectors.request_for(request.user, number)
    letter = get_object_or_404(subject_request.letters, pk=letter_id)
    response = render(request, "subject_requests/letter_print.html", {"r": subject_request, "letter": letter})
    response["Cache-Control"] = "no-store"
    return response


@dpo_required
@require_POST
def letter_resend(request, number: str, letter_id: int):
    subject_request = selectors.request_for(request.user, number)
    letter = get_object_or_404(subject_request.letters, pk=letter_id)
    sent = _run(request, lambda: services.letter_resend(letter=letter, actor=request.user, http_request=request))
    if sent is True:
        messages.success(request, _("The letter is emailed."))
    elif sent is not None:
        messages.error(request, _("The letter could not be emailed; try again later or send it by post."))
    return _back(subject_request, "letters")


# ---------------------------------------------------------------------------
# The subject's download page (no login: the link is the credential)


@require_http_methods(["GET", "POST"])
def package_download(request, token: str):
    """GET shows a button; only the POST uses up the link, so mail scanners that follow links do not."""
    if request.method == "GET":
        package = services.export_package_peek(token)
        if package is None:
            raise Http404
        response = render(request, "subject_requests/package_download.html", {"package": package})
        response["Cache-Control"] = "no-store"
        response["X-Robots-Tag"] = "noindex"
        return response
    try:
        package = services.export_package_claim(raw_token=token, http_request=request)
        reader = services.export_package_open(package)
    except RequestError as exc:
        if exc.status == 404:
            raise Http404 from None
        response = render(request, "subject_requests/package_gone.html", {"message": exc.message}, status=exc.status)
        response["Cache-Control"] = "no-store"
        return response

    def chunks():
        yield from reader.read_all()

    response = StreamingHttpResponse(chunks(), content_type="application/zip")
    response._resource_closers.append(reader.close)
    response._resource_closers.append(lambda: services.export_package_delete(package, why="downloaded"))
    response["Content-Length"] = str(reader.plaintext_size)
    response["Content-Disposition"] = f'attachment; filename="{package.filename}"'
    response["Cache-Control"] = "no-store, private"
    return response
