"""The admin's register form and the notice editor group the notice's fields one way, from one list.

The admin adds only what the editor leaves to it (the controller, the
retention rule, the erasure approver, the playback policy); every field a
register has is on the admin's form exactly once.
"""

from __future__ import annotations

from registers.admin import ADMIN_ONLY_FIELDS, PLAYBACK_POLICY_FIELDS, RegisterAdmin
from registers.forms import NOTICE_FIELDS, SECTIONS
from registers.models import Register


def _admin_fields() -> list[str]:
    return [name for _title, options in RegisterAdmin.fieldsets for name in options["fields"]]


def test_every_register_field_is_on_the_admin_form_once():
    editable = {
        f.name for f in Register._meta.concrete_fields if f.editable and not f.primary_key and not f.auto_created
    }
    fields = _admin_fields()
    assert len(fields) == len(set(fields))
    assert set(fields) == editable


def test_the_admin_follows_the_notice_editors_sections_in_order():
    fields = _admin_fields()
    assert [name for name in fields if name in NOTICE_FIELDS] == list(NOTICE_FIELDS)
    extras = [name for names in ADMIN_ONLY_FIELDS.values() for name in names] + list(PLAYBACK_POLICY_FIELDS)
    assert sorted(name for name in fields if name not in NOTICE_FIELDS) == sorted(extras)
    titles = [str(title) for title, _options in RegisterAdmin.fieldsets]
    assert titles[1:-1] == [str(title) for key, title, names in SECTIONS[1:] if names or key in ADMIN_ONLY_FIELDS]
