"""What the recordings app tells the apps above it: apps holding copies of a call hear of its deletion."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.dispatch import Signal

# Sent inside the transaction that destroys recordings' keys (a shred, a purge
# batch, a retention task), with `public_ids`, `reason` and `reference`. An app
# holding copies of the audio (subject_requests' export packages) destroys
# their keys in the same transaction, so a kill in between leaves neither, and
# returns what to do once the transaction is over (delete the copies' blobs), or None.
recordings_deleting = Signal()


def recordings_deleting_send(public_ids: Iterable, *, reason: str, reference: str = "") -> list[Callable[[], None]]:
    """Tell the apps holding copies of these recordings; returns the steps to run after the transaction."""
    ids = list(public_ids)
    if not ids:
        return []
    responses = recordings_deleting.send(sender=None, public_ids=ids, reason=reason, reference=reference)
    return [after for _receiver, after in responses if after is not None]


def after_deletion_run(steps: list[Callable[[], None]]) -> None:
    """Once the deleting transaction is over: what the receivers of recordings_deleting asked for."""
    for step in steps:
        step()
