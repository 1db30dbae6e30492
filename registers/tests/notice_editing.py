"""What the notice editor's form posts, for the tests that drive it without a browser."""

from __future__ import annotations

from registers.forms import NOTICE_FIELDS


def notice_form_data(register, **changes) -> dict:
    data = {}
    for name in NOTICE_FIELDS:
        value = getattr(register, name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list):
            data[name] = value
        elif value is not None:
            data[name] = str(value)
    data.update(changes)
    return data
