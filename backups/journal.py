"""The deletion journal is its own app now (journal.file); this name is kept for callers not yet moved."""

from journal.file import entry_object

__all__ = ["entry_object"]
