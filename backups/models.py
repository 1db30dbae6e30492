"""The backups app keeps no tables of its own: its deletion records moved to the journal app."""

from journal.models import DeletedCallStats, DeletionKind, DeletionOutbox

__all__ = ["DeletedCallStats", "DeletionKind", "DeletionOutbox"]
