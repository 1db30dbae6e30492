from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubjectRequestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "subject_requests"
    verbose_name = _("Data-subject requests")

    def ready(self) -> None:
        from backups.restore import journal_replayer
        from journal.rebuild import deletions_known_register
        from registers.home import home_notices_register
        from vault.holders import blobs_in_use_register, key_holder_register

        from . import audit_hooks, receivers  # noqa: F401  (auditors read requests' events; deleted calls revoke packages)
        from .models import ExportPackage
        from .services import export_package_replay_deletion

        # A restore deletes again the export packages the deletion journal names.
        journal_replayer("package", export_package_replay_deletion)
        # Packages keep data keys and blobs of their own: key rotation, the ring check and reconcile see them.
        key_holder_register(ExportPackage, "export packages")
        blobs_in_use_register(_live_package_blobs)
        # A deletion journal that lost its tail is rebuilt from the deleted packages' rows.
        deletions_known_register("package", _deleted_packages)
        # The second DPO's home page says when proposals wait for their approval.
        home_notices_register(_approvals_waiting)


def _approvals_waiting(user):
    from django.urls import reverse
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from registers.home import HomeNotice

    from .approvals import awaiting_approval_by

    waiting = len(awaiting_approval_by(user))
    if not waiting:
        return []
    text = ngettext(
        "%(count)s proposal waits for your approval.", "%(count)s proposals wait for your approval.", waiting
    ) % {"count": waiting}
    url = reverse("subject_requests:dashboard") + "#awaiting-approval"
    return [HomeNotice(key="home-waiting", text=text, link_text=_("Review them"), url=url)]


def _live_package_blobs():
    from .models import ExportPackage

    # A deleted package's blob is an orphan: its key is gone, and a failed deletion left it behind.
    return ExportPackage.objects.filter(deleted_at__isnull=True).values_list("blob", flat=True)


def _deleted_packages():
    from .models import ExportPackage

    rows = ExportPackage.objects.filter(deleted_at__isnull=False).order_by("deleted_at", "pk")
    for public_id, reference in rows.values_list("public_id", "request__number").iterator(chunk_size=5000):
        yield {"object": public_id, "register": None, "reason": "deleted", "reference": reference}
