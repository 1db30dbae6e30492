"""How subject requests hear of what the lower layers do (they may not import this app).

Connected in SubjectRequestsConfig.ready().
"""

from __future__ import annotations

from django.dispatch import receiver

from recordings.signals import recordings_deleting

from .services import export_package_blobs_delete, export_packages_revoke_holding


@receiver(recordings_deleting)
def revoke_packages_holding_deleted_recordings(sender, public_ids, reason, reference="", **kwargs):
    """A package holding a copy of a deleted call loses its key in the same transaction; its blob goes after."""
    blobs = export_packages_revoke_holding(public_ids, reason=reason, reference=reference)
    return lambda: export_package_blobs_delete(blobs)
