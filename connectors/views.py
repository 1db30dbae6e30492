"""The IT administrator's pages for a register's connectors. Metadata and status only: nothing here plays audio."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from registers.models import Role
from registers.permissions import register_for

from .forms import ConnectorForm
from .models import Connector, FileState
from .services import connector_request_run, connector_save
from .tasks import run_connector_soon

REFUSALS_SHOWN = 50


@login_required
@require_http_methods(["GET"])
def connector_list(request, slug: str):
    register = register_for(request.user, slug, Role.IT_ADMIN)
    connectors = register.connectors.order_by("name")
    return render(request, "connectors/connectors.html", {"register": register, "connectors": connectors})


@login_required
@require_http_methods(["GET", "POST"])
def connector_edit(request, slug: str, connector_id: int | None = None):
    register = register_for(request.user, slug, Role.IT_ADMIN)
    connector = get_object_or_404(Connector, pk=connector_id, register=register) if connector_id else None
    instance = connector or Connector(register=register)
    form = ConnectorForm(request.POST or None, instance=instance, register=register)
    if request.method == "POST" and form.is_valid():
        connector = connector_save(
            connector=form.save(commit=False), changed=form.changed_data, actor=request.user, request=request
        )
        messages.success(request, _("The connector is saved."))
        return redirect("connector_detail", slug=register.slug, connector_id=connector.pk)
    return render(
        request, "connectors/connector_form.html", {"register": register, "form": form, "connector": connector}
    )


@login_required
@require_http_methods(["GET"])
def connector_detail(request, slug: str, connector_id: int):
    register = register_for(request.user, slug, Role.IT_ADMIN)
    connector = get_object_or_404(Connector, pk=connector_id, register=register)
    refusals = connector.files.filter(state=FileState.QUARANTINED).order_by("-handled_at")[:REFUSALS_SHOWN]
    waiting = connector.files.filter(state=FileState.WAITING).count()
    return render(
        request,
        "connectors/connector_detail.html",
        {"register": register, "connector": connector, "refusals": refusals, "waiting": waiting},
    )


@login_required
@require_POST
def connector_run_now(request, slug: str, connector_id: int):
    register = register_for(request.user, slug, Role.IT_ADMIN)
    connector = get_object_or_404(Connector, pk=connector_id, register=register)
    connector_request_run(connector=connector, actor=request.user, request=request)
    run_connector_soon(connector.pk)
    messages.success(request, _("The connector will run in a moment; reload the page to see its status."))
    return redirect("connector_detail", slug=register.slug, connector_id=connector.pk)
