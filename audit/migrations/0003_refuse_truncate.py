"""Refuse TRUNCATE on the audit table.

The row-level trigger of 0002 sees UPDATE and DELETE, but TRUNCATE removes
every row without firing row triggers: a statement-level trigger refuses it.
"""

from django.db import migrations

TRIGGER = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
"""

DROP = "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;"


def install_trigger(apps, schema_editor):
    schema_editor.execute(TRIGGER, params=None)


def remove_trigger(apps, schema_editor):
    schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [migrations.RunPython(install_trigger, remove_trigger)]
