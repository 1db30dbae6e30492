import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.services import audit_record

from . import notice, ropa, selectors, services
from .forms import ControllerFactsForm, NoticeForm, SecondApproverForm, contacts_formset, draft_contacts
from .home import home_notices
from .models import FourEyesOffProposal, Role
from .permissions import register_for


@login_required
def home(request):
    registers = list(selectors.registers_visible_to(request.user))
    roles = selectors.register_roles_for(request.user)
    labels = dict(Role.choices)
    for register in registers:
        register.my_roles = [labels[r] for r in roles.get(register.pk, [])]
        register.is_dpo = Role.DPO in roles.get(register.pk, [])
        register.is_it_admin = Role.IT_ADMIN in roles.get(register.pk, [])
        register.can_audit = bool({Role.DPO, Role.AUDITOR} & set(roles.get(register.pk, [])))
        register.can_list = bool(
            {Role.SUPERVISOR, Role.AGENT, Role.IT_ADMIN, Role.DPO} & set(roles.get(register.pk, []))
        )
    can_export_ropa = any(Role.DPO in r or Role.AUDITOR in r for r in roles.values())
    return render(
        request,
        "registers/home.html",
        {
            "registers": registers,
            "can_export_ropa": can_export_ropa,
            "is_dpo": any(Role.DPO in r for r in roles.values()),
            "can_read_audit": can_export_ropa,
            "notices": home_notices(request.user),
        },
    )


@require_GET
def privacy_notice(request, slug: str):
    """The public tietosuojaseloste, rendered from the register's fields."""
    register = selectors.public_register(slug)
    return render(request, "registers/privacy_notice.html", notice.notice_context(register))


@login_required
@require_GET
def ropa_csv(request):
    registers = selectors.registers_for_ropa(request.user)
    if not registers.exists():
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="record-of-processing.csv"'
    response["Cache-Control"] = "no-store"
    # The export speaks the language of the page it was downloaded from.
    ropa.write_ropa_csv(response, registers, language=translation.get_language() or settings.LANGUAGE_CODE)
    # One event per controller, so each controller's auditors and DPOs see the export of its registers.
    per_controller: dict = {}
    for register in registers:
        per_controller.setdefault(register.controller, []).append(register.pk)
    for controller, register_ids in per_controller.items():
        audit_record(
            action="ropa_export",
            actor=request.user,
            request=request,
            obj=controller,
            details={"registers": len(register_ids), "register_ids": register_ids},
        )
    return response


@login_required
@require_GET
def register_audit_log(request, slug: str):
    """The register's audit trail: the audit log page filtered to it (for its DPO and auditor)."""
    from django.urls import reverse

    register = register_for(request.user, slug, Role.DPO, Role.AUDITOR)
    return redirect(f"{reverse('audit_log')}?register={register.pk}")


def _notice_draft(request, register):
    """The editor's forms bound to what was posted, and the register as it would read (not saved)."""
    draft = copy.copy(register)
    form = NoticeForm(request.POST, instance=draft)
    contacts = contacts_formset(draft, request.POST)
    form.is_valid()
    contacts.is_valid()
    return form, contacts, draft


@login_required
def notice_edit(request, slug: str):
    """The register's privacy notice, edited by its DPO section by section next to a preview of the notice."""
    register = register_for(request.user, slug, Role.DPO)
    if request.method == "POST":
        form, contacts, draft = _notice_draft(request, register)
        if "preview" not in request.POST and form.is_valid() and contacts.is_valid():
            try:
                changed = services.register_notice_update(
                    actor=request.user,
                    register=register,
                    changes={name: form.cleaned_data[name] for name in form.fields},
                    contacts=contacts.save(commit=False),
                    deleted_contacts=contacts.deleted_objects,
                    request=request,
                )
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                if changed:
                    messages.success(request, _("The privacy notice was saved."))
                else:
                    messages.info(request, _("Nothing had changed."))
                return redirect("notice_edit", slug=register.slug)
    else:
        form, contacts, draft = NoticeForm(instance=register), contacts_formset(register), register
    return render(
        request,
        "registers/notice_edit.html",
        {
            "register": register,
            "form": form,
            "contact_forms": contacts,
            "sections": form.sections(),
            "shared_contacts": register.controller.contacts.filter(register__isnull=True),
            **_preview_context(draft, form, contacts),
        },
    )


def _preview_context(draft, form, contacts) -> dict:
    bound = form.is_bound
    context = notice.notice_context(draft, contacts=draft_contacts(draft, contacts) if bound else None)
    return {"preview": context, "preview_has_errors": bound and bool(form.errors or not contacts.is_valid())}


@login_required
@require_POST
def notice_preview(request, slug: str):
    """The notice as the editor's unsaved values would make it: the part of the page the editor's script swaps."""
    register = register_for(request.user, slug, Role.DPO)
    form, contacts, draft = _notice_draft(request, register)
    response = render(request, "registers/_notice_preview.html", _preview_context(draft, form, contacts))
    response["Cache-Control"] = "no-store"
    return response


def _settings_page(request, register, controller_form, four_eyes_form, refused: str = ""):
    pending = FourEyesOffProposal.objects.pending().filter(register=register).select_related("proposed_by").first()
    return render(
        request,
        "registers/settings.html",
        {
            "register": register,
            "controller_form": controller_form,
            "four_eyes_form": four_eyes_form,
            "four_eyes_refused": refused,
            "pending_off": pending,
            "may_approve_off": bool(pending and pending.proposed_by_id != request.user.pk),
            "other_registers": register.controller.registers.exclude(pk=register.pk).order_by("name"),
        },
    )


@login_required
def register_settings(request, slug: str):
    """The register's settings for its DPO: the second approver and the controller's facts (each form saves apart)."""
    register = register_for(request.user, slug, Role.DPO)
    controller_form = ControllerFactsForm(instance=register.controller)
    four_eyes_form = SecondApproverForm(
        initial={"erasure_needs_second_approver": register.erasure_needs_second_approver}
    )
    refused = ""
    if request.method == "POST" and request.POST.get("form") == "four_eyes":
        four_eyes_form = SecondApproverForm(request.POST)
        if four_eyes_form.is_valid():
            try:
                outcome = services.register_second_approver_set(
                    actor=request.user,
                    register=register,
                    required=four_eyes_form.cleaned_data["erasure_needs_second_approver"],
                    request=request,
                )
            except services.SettingRefused as exc:
                refused = str(exc)
                four_eyes_form = SecondApproverForm(initial={"erasure_needs_second_approver": True})
            else:
                messages.success(request, _FOUR_EYES_MESSAGES[outcome]())
                return redirect("register_settings", slug=register.slug)
    elif request.method == "POST" and request.POST.get("form") == "controller":
        controller_form = ControllerFactsForm(request.POST, instance=copy.copy(register.controller))
        if controller_form.is_valid():
            changed = services.controller_facts_update(
                actor=request.user,
                register=register,
                changes={name: controller_form.cleaned_data[name] for name in controller_form.fields},
                request=request,
            )
            messages.success(request, _("The controller's facts were saved.") if changed else _("Nothing had changed."))
            return redirect("register_settings", slug=register.slug)
    elif request.method == "POST":
        return HttpResponse(status=400)
    return _settings_page(request, register, controller_form, four_eyes_form, refused)


_FOUR_EYES_MESSAGES = {
    "on": lambda: _("A second data protection officer now approves every deletion in this register."),
    "off": lambda: _("The second approver is off."),
    "proposed": lambda: _("Switching the second approver off now waits for another data protection officer."),
    "unchanged": lambda: _("Nothing had changed."),
}


def _four_eyes_off_decide(request, slug: str, pk: int, decision: str):
    register = register_for(request.user, slug, Role.DPO)
    proposal = FourEyesOffProposal.objects.filter(pk=pk, register=register).select_related("register").first()
    if proposal is None:
        raise Http404
    try:
        if decision == "approve":
            services.four_eyes_off_approve(actor=request.user, proposal=proposal, request=request)
            messages.success(request, _("The second approver is off."))
        else:
            services.four_eyes_off_withdraw(actor=request.user, proposal=proposal, request=request)
            messages.success(request, _("The proposal was withdrawn; the second approver stays on."))
    except services.SettingRefused as exc:
        messages.error(request, str(exc))
    return redirect("register_settings", slug=register.slug)


@login_required
@require_POST
def four_eyes_off_approve(request, slug: str, pk: int):
    """Another DPO of the register switches the second approver off as proposed."""
    return _four_eyes_off_decide(request, slug, pk, "approve")


@login_required
@require_POST
def four_eyes_off_withdraw(request, slug: str, pk: int):
    """The proposer withdraws, or another DPO rejects; the second approver stays on."""
    return _four_eyes_off_decide(request, slug, pk, "withdraw")
