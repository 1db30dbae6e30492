"""The DPO's letter templates: the controller's own wording of each letter, previewed on a made-up request."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from registers import permissions

from .. import letter_templates
from ..models import Language, LetterKind, LetterTemplate
from .common import dpo_required


class LetterTemplateForm(forms.Form):
    subject_line = forms.CharField(label=gettext_lazy("Subject line"), max_length=300)
    body = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 14}), strip=False)


def _controller(user, controller_id: int):
    """One of the controllers whose requests the user handles as DPO, else 404."""
    controller = permissions.dpo_controllers(user).filter(pk=controller_id).first()
    if controller is None:
        raise Http404
    return controller


@dpo_required
@require_GET
def letter_template_list(request):
    controllers = list(permissions.dpo_controllers(request.user).order_by("name"))
    custom = set(
        LetterTemplate.objects.filter(controller__in=controllers).values_list("controller_id", "kind", "language")
    )
    rows = [
        (
            controller,
            [
                (kind, label, [(lang, (controller.pk, kind, lang) in custom) for lang in letter_templates.LANGUAGES])
                for kind, label in LetterKind.choices
            ],
        )
        for controller in controllers
    ]
    return render(request, "subject_requests/letter_templates.html", {"rows": rows})


@dpo_required
@require_http_methods(["GET", "POST"])
def letter_template_edit(request, controller_id: int, letter_kind: str, letter_language: str):
    controller = _controller(request.user, controller_id)
    if letter_kind not in letter_templates.KINDS or letter_language not in letter_templates.LANGUAGES:
        raise Http404
    kind, language = letter_kind, letter_language
    current = letter_templates.template_for(controller.pk, kind, language)
    initial = {
        "subject_line": current.subject_line if current else letter_templates.default_subject_line(kind, language),
        "body": current.body if current else letter_templates.DEFAULT_BODY,
    }
    form = LetterTemplateForm(request.POST or None, initial=initial)
    preview = error = None
    action = request.POST.get("action", "preview")
    if request.method == "POST" and action == "reset":
        letter_templates.letter_template_reset(
            controller=controller, actor=request.user, kind=kind, language=language, http_request=request
        )
        messages.success(request, _("The built-in letter is used again."))
        return redirect(request.path)
    data = form.cleaned_data if request.method == "POST" and form.is_valid() else initial
    if request.method == "GET" or form.is_valid():
        try:
            if request.method == "POST" and action == "save":
                letter_templates.letter_template_save(
                    controller=controller,
                    actor=request.user,
                    kind=kind,
                    language=language,
                    subject_line=data["subject_line"],
                    body=data["body"],
                    http_request=request,
                )
                messages.success(request, _("The letter template is saved; new letters use it."))
                return redirect(request.path)
            preview = letter_templates.preview(
                controller=controller,
                kind=kind,
                language=language,
                subject_line=data["subject_line"],
                body=data["body"],
            )
        except letter_templates.LetterTemplateError as exc:
            error = exc.message
    return render(
        request,
        "subject_requests/letter_template_form.html",
        {
            "controller": controller,
            "kind_label": LetterKind(kind).label,
            "language_label": Language(language).label,
            "form": form,
            "preview": preview,
            "error": error,
            "customised": current is not None,
            "body_placeholders": letter_templates.BODY_PLACEHOLDERS.items(),
            "subject_placeholders": letter_templates.SUBJECT_PLACEHOLDERS.items(),
        },
    )
