"""What the notice editor's form posts, for the tests that drive it without a browser."""

from __future__ import annotations

from registers.forms import NOTICE_FIELDS, NoticeContactForm

CONTACT_FIELDS = NoticeContactForm._meta.fields


def notice_form_data(register, *, new_contacts=(), **changes) -> dict:
    """The editor's fields as the page fills them for `register`, with `changes`; `new_contacts` are dicts."""
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
    existing = list(register.contacts.order_by("order", "id"))
    for i, contact in enumerate(existing):
        data[f"contacts-{i}-id"] = str(contact.pk)
        data[f"contacts-{i}-register"] = str(register.pk)
        data.update({f"contacts-{i}-{name}": getattr(contact, name) for name in CONTACT_FIELDS})
    for i, contact in enumerate(new_contacts, start=len(existing)):
        data.update({f"contacts-{i}-{name}": value for name, value in contact.items()})
    data.update(
        {
            "contacts-TOTAL_FORMS": str(len(existing) + len(new_contacts)),
            "contacts-INITIAL_FORMS": str(len(existing)),
            "contacts-MIN_NUM_FORMS": "0",
            "contacts-MAX_NUM_FORMS": "1000",
        }
    )
    data.update(changes)
    return data
