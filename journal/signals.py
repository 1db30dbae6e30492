"""What the journal tells the apps above it (it imports none of them)."""

from django.dispatch import Signal

# Sent after a torn final line (a crash mid-append) was cut off, with `path` and
# `torn` (a journal.file.TornLine). The audit app writes it to the audit log.
journal_repaired = Signal()
