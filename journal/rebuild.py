"""Rebuilding what the deletion journal lost from what the database knows.

A torn last line is not always an append that never finished: a disk or a
copy can lose a tail that was acknowledged, whose outbox rows were deleted
after the fsync. Cutting it off and carrying on would drop committed
deletions, and a restore of an older backup would bring those calls back
with their keys. So when the journal was repaired, or ends before the
sequence the database saw shipped (JournalShipMark), every deletion the
database still remembers (the apps above register where: tombstones for
recordings, deleted export packages) that neither the journal nor the outbox
holds is appended again, in the order it happened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.utils import timezone

from .file import Appender, entry_object, journal_entries
from .models import DeletionOutbox, JournalShipMark

logger = logging.getLogger(__name__)

# kind -> a callable giving every committed deletion of that kind the database remembers, oldest first,
# as {"object", "register", "reason", "reference"} and, for a recording, "call" (its id digest, when kept).
DeletionSource = Callable[[], Iterable[dict]]
SOURCES: dict[str, DeletionSource] = {}


def deletions_known_register(kind: str, source: DeletionSource) -> None:
    """Register where the database remembers committed deletions of `kind` (called from an app's ready())."""
    SOURCES[kind] = source


def journal_mark_shipped(journal: Appender) -> None:
    """Note the journal's last entry as shipped (inside the transaction that deletes the shipped outbox rows)."""
    last = journal.tail(1)
    if not last:
        return
    JournalShipMark.objects.update_or_create(
        pk=1, defaults={"sequence": last[-1]["sequence"], "hash": last[-1]["hash"], "updated_at": timezone.now()}
    )


def journal_lost_its_tail(journal: Appender) -> bool:
    """Whether the journal was cut (a torn line) or ends before the last entry the database saw shipped."""
    if journal.repaired is not None:
        return True
    mark = JournalShipMark.objects.filter(pk=1).first()
    if mark is None or mark.sequence == 0:
        return False
    last = journal.tail(1)
    return (last[-1]["sequence"] if last else 0) < mark.sequence


def journal_rebuild_missing(journal: Appender) -> int:
    """Append every remembered deletion that neither the journal nor the outbox holds; return how many.

    Reads the whole journal: done only after a loss, which is rare. The sources
    are read before the outbox, so a deletion committing meanwhile is either in
    neither read or in the outbox (shipped by the caller), never appended twice.
    """
    have = {(entry.get("kind", "recording"), entry_object(entry)) for entry in journal_entries(journal.path)}
    remembered = [(kind, item) for kind, source in SOURCES.items() for item in source()]
    pending = {(kind, str(public_id)) for kind, public_id in DeletionOutbox.objects.values_list("kind", "public_id")}
    missing = []
    for kind, item in remembered:
        key = (kind, str(item["object"]))
        if key in have or key in pending:
            continue
        have.add(key)
        missing.append(
            {
                "kind": kind,
                "object": key[1],
                "register": item.get("register"),
                "reason": item["reason"],
                "reference": item.get("reference", ""),
                "outbox": "",
                "call": item.get("call", ""),
            }
        )
    journal.append(missing)
    if missing:
        logger.warning("deletion journal: rebuilt %s lost entries from the database", len(missing))
        journal_mark_shipped(journal)
    return len(missing)
