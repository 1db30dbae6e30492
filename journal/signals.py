"""What the journal tells the apps above it (it imports none of them)."""

from django.dispatch import Signal

# Sent after a torn final line (a crash mid-append) was cut off, or the journal was
# found to end before what the database saw shipped, with `path`, `torn` (a
# journal.file.TornLine, or None) and `rebuilt` (how many lost entries were
# appended again from the database). The audit app writes it to the audit log.
journal_repaired = Signal()
