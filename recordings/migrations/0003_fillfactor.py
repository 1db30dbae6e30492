"""Leave room on each page so the purge's key destruction is a HOT update.

Destroying a data key rewrites only the unindexed wrapped_key column; with
free space on the page PostgreSQL updates the row in place (heap-only tuple)
instead of touching all of the table's indexes.
"""

from django.db import migrations


def set_fillfactor(apps, schema_editor):
    schema_editor.execute("ALTER TABLE recordings_recording SET (fillfactor = 85)")


def reset_fillfactor(apps, schema_editor):
    schema_editor.execute("ALTER TABLE recordings_recording RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [("recordings", "0002_list_and_search_indexes")]
    operations = [migrations.RunPython(set_fillfactor, reset_fillfactor)]
