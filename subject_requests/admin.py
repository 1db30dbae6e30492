"""Read-only admin listing of requests for system administrators.

It shows numbers, controllers, deadlines and status, never the subject's
details: a Django superuser administers the system but is not the DPO, and
the subject's data is for the DPO's pages only.
"""

from django.contrib import admin

from lib.admin import ReadOnlyAdmin

from .models import ProcessorTask, SubjectRequest


@admin.register(SubjectRequest)
class SubjectRequestAdmin(ReadOnlyAdmin):
    list_display = ("number", "controller", "received_on", "due_on", "status")
    list_filter = ("status", "controller")
    search_fields = ("number",)
    fields = (
        "number",
        "controller",
        "rights",
        "received_on",
        "channel",
        "initial_due_on",
        "due_on",
        "status",
        "verified_at",
        "closed_at",
    )


@admin.register(ProcessorTask)
class ProcessorTaskAdmin(ReadOnlyAdmin):
    list_display = ("request", "processor", "action", "due_on", "status")
    list_filter = ("status",)
    fields = ("request", "processor", "action", "due_on", "status", "completed_at", "completed_by", "note")
