"""Listening sessions end with the login that opened them."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver


@receiver(user_logged_out)
def close_listening_sessions(sender, request, user, **kwargs) -> None:
    from .services import listening_close_for

    if user is not None:
        listening_close_for(user)
