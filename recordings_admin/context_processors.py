"""Template context every page needs: which of the role-specific pages the header links to."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject


def navigation(request):
    """Links shown only to those who may open them; evaluated only when a template asks."""

    def links():
        from audit.selectors import can_read_audit_log
        from registers.permissions import is_dpo_anywhere, memberships_of

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return {"requests": False, "audit": False}
        # Both answers come from the user's memberships, read once for the request (none if the view read them).
        memberships_of(user)
        return {"requests": is_dpo_anywhere(user), "audit": can_read_audit_log(user)}

    return {"nav_links": SimpleLazyObject(links)}
