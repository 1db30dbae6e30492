# Built CONCURRENTLY (atomic = False): on a table of millions, a plain CREATE INDEX would stop every write
# (ingest, the purge) while it builds. The tombstones' index serves ingest's look for a deleted call and the
# refusal trigger of 0014; the restricted calls' one the retention page's count of those kept past their date.
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("recordings", "0015_deleted_call_ids_of_stored_calls")]

    operations = [
        AddIndexConcurrently(
            model_name="tombstone",
            index=models.Index(
                condition=~models.Q(external_id_digest=""),
                fields=["register", "external_id_digest"],
                name="tombstone_deleted_call_id",
            ),
        ),
        AddIndexConcurrently(
            model_name="recording",
            index=models.Index(condition=models.Q(restricted=True), fields=["register", "expires_at"], name="recording_restricted"),
        ),
    ]
