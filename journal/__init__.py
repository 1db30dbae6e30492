"""The deletion journal: what every deletion leaves behind, below every app that deletes.

Recordings, retention, subject requests and backups record their deletions
here (journal.services), the journal file lives outside the database
(journal.file), and the outbox rows and anonymous counts are its models. This
app imports no other app of the project; it tells them about a repaired
journal through journal.signals.
"""
